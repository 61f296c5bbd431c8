"""The content-farm simulator: labelled training pages made from real ones.

There are no real farm pages to learn from, and a simulator that renders
farm pages from its own clean template teaches a model to spot the template.
So both classes are made **by one mechanism** from the real corpus pages::

    corpus page A ──▶ article (ParsedPage: h1/title, paragraphs, byline, dates)
                            │
    corpus page B ──▶ shell (B's header, nav, scripts, ads, footer; its story removed)
    (another site)          │
                            ├──▶ farm style (styles/<name>.py) ──▶ farm copy      label farm
                            └──▶ republication.py               ──▶ republication label original
    corpus page A, untouched ─────────────────────────────────────▶ real original label original

A farm copy and a republication differ only in what the style puts in: farm
signals (breadcrumb "Current:Home > Markets", a much later "Date:" line, vote
counters, unrelated, repeated and truncated headline lists, a farm domain and
brand) against what a licensed outlet keeps (byline, wire credit, consistent
dates, related links, the shell site's own domain).

Modules: ``corpus`` (reading the corpus in place), ``shell`` (finding the
article container and grafting), ``styles/`` (one farm style per module,
discovered in sorted order), ``republication``, ``pools`` (headlines for
lists), ``farmsites`` (invented farm domains and brands), ``kit`` and
``vocab`` (shared HTML blocks and wording), ``build`` (the run and its
manifest), ``splits`` (train/test splits by article and site).

Entry points: :func:`synthesize`, :func:`available_styles`, and in
:mod:`classifier.synth.splits` the group-aware splits.
"""

from __future__ import annotations

from .build import MANIFEST, MANIFEST_COLUMNS, synthesize
from .corpus import Corpus
from .styles import style_names


def available_styles() -> list[str]:
    """Names of the farm styles, in registry (sorted module) order."""
    return style_names()


__all__ = ["synthesize", "available_styles", "Corpus", "MANIFEST", "MANIFEST_COLUMNS"]
