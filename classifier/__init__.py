"""contentfarm: tell original news and blog pages from content-farm copies.

The data flow, one stage per module::

    sources ──▶ Page ──▶ ParsedPage ──▶ features ──▶ FarmModel ──▶ Score (+ reasons) ──▶ sinks
    pages.py    (raw)    parse.py       features/    model.py      score.py, reasons.py    outputs.py
    warc.py              one parse,     one module   calibrated                            CSV / JSONL /
                         cached views   per signal   boosting                              Parquet / table

Use cases composed from the stages: ``train.py``, ``evaluate.py``,
``datasets.py`` (labelled data), ``synth/`` (the farm simulator), ``render.py``
(plain text to HTML). ``cli.py`` is the thin command line on top.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
