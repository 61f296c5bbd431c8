"""The scoring core: pages in, one :class:`Score` per page out, in order.

:func:`score_batch` is a pure function over a list of pages (no I/O, no
globals): the CLI, worker processes and the Spark job all map it over chunks.
A page that cannot be read, parsed or featurised gets an error row; it never
stops the batch.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

import numpy as np
from threadpoolctl import threadpool_limits

from .model import FarmModel
from .pages import Page
from .parse import ParsedPage
from .reasons import MAX_REASONS, contributions, rare_evidence_columns, reasons_for

#: Pages scored per model call: large enough to amortise scikit-learn's
#: per-call overhead, small enough to keep memory flat.
BATCH_SIZE = 256

SCORE_COLUMNS = ["input", "url", "domain", "status", "error", "farm_probability", "label", "reasons"]


@dataclass
class Score:
    input: str
    url: str = ""
    domain: str = ""
    status: str = "ok"
    error: str = ""
    farm_probability: float | None = None
    label: str = ""
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def error_score(page: Page, status: str | None = None, error: str | None = None) -> Score:
    return Score(input=page.input, url=page.url, status=status or page.status, error=error or page.error)


def featurize_batch(model: FarmModel, pages: list[Page], on_page=None):
    """Parse and featurise the pages that can be; returns (parsed, matrix, failures)
    where ``failures`` maps page index to an error score. ``on_page(i)`` is called
    as page ``i`` starts and ``on_page(len(pages))`` when all are done (a time
    budget uses it to tell which page is being worked on)."""
    parsed: list[tuple[int, ParsedPage]] = []
    rows: list[np.ndarray] = []
    failures: dict[int, Score] = {}
    for index, page in enumerate(pages):
        if on_page is not None:
            on_page(index)
        if not page.ok:
            failures[index] = error_score(page)
            continue
        try:
            view = ParsedPage(page)
            row = model.features.extract_row(view)
            view.drop_tree()  # the reasons read views only; a batch of trees is hundreds of MB
        except Exception as exc:  # one hostile page must not sink the batch
            failures[index] = error_score(page, "parse_error", f"{type(exc).__name__}: {exc}")
            continue
        parsed.append((index, view))
        rows.append(row)
    if on_page is not None:
        on_page(len(pages))
    width = len(model.feature_names)
    matrix = np.vstack(rows) if rows else np.empty((0, width))
    return parsed, matrix, failures


def score_batch(model: FarmModel, pages: list[Page], *, with_reasons: bool = True,
                max_reasons: int = MAX_REASONS, on_page=None) -> list[Score]:
    """Score a list of pages; returns one Score per page, in the same order."""
    parsed, X, failures = featurize_batch(model, pages, on_page)
    results: list[Score | None] = [None] * len(pages)
    for index, failure in failures.items():
        results[index] = failure
    if parsed:
        # One OpenMP thread: batches are small, and parallelism comes from
        # worker processes; threads fighting over busy cores ran 10-30x slower.
        with threadpool_limits(limits=1, user_api="openmp"):
            probabilities = model.predict_proba(X)
            is_farm = probabilities >= model.threshold
            contribution = contributions(model, X, is_farm) if with_reasons else None
            rare = rare_evidence_columns(model) if with_reasons else set()
        for row, (index, view) in enumerate(parsed):
            page = pages[index]
            reasons = (reasons_for(model, view, contribution[row], X[row], bool(is_farm[row]), max_reasons, rare)
                       if with_reasons else [])
            results[index] = Score(input=page.input, url=page.url or view.canonical_url, domain=view.domain,
                                   status="ok", error="", farm_probability=round(float(probabilities[row]), 6),
                                   label="farm" if is_farm[row] else "original", reasons=reasons)
    return results  # type: ignore[return-value]


def chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def score_pages(model: FarmModel, pages: Iterable[Page], *, batch_size: int = BATCH_SIZE,
                with_reasons: bool = True) -> Iterator[Score]:
    """Score pages lazily, batch by batch, in input order."""
    for chunk in chunked(pages, batch_size):
        yield from score_batch(model, chunk, with_reasons=with_reasons)


def features_batch(model_features, pages: list[Page]) -> list[dict]:
    """Feature rows (with input/url/status/error) for ``contentfarm features``."""
    names = list(model_features.get_feature_names_out())
    out = []
    for page in pages:
        row = {"input": page.input, "url": page.url, "status": page.status, "error": page.error}
        if page.ok:
            started = time.perf_counter()
            try:
                values = model_features.extract_row(ParsedPage(page))
                row.update(zip(names, (float(v) for v in values)))
            except Exception as exc:
                row.update(status="parse_error", error=f"{type(exc).__name__}: {exc}")
            row["seconds"] = round(time.perf_counter() - started, 6)
        out.append(row)
    return out


def add_provenance(rows: list[dict], pages: list[Page], index) -> list[dict]:
    """Post-processing for ``score --index``: the provenance columns
    (:data:`classifier.provenance.PROVENANCE_COLUMNS`) on each scored row,
    and, for a page that copies an original on another site, the provenance
    reason ("92% of the text appears in apnews.com/… published 15 months
    earlier") first among its reasons. ``index`` is an opened
    :class:`classifier.provenance.ProvenanceIndex`; rows and pages are in the
    same order. Error rows get empty columns; so does a page whose lookup
    fails (provenance is extra evidence and never turns a scored row into an
    error)."""
    from .provenance import Provenance, annotate_one

    for row, page in zip(rows, pages):
        found = Provenance()
        if row.get("status") == "ok" and page.ok:
            try:
                found = annotate_one(index, page)
            except Exception:  # one hostile page must not sink the batch
                found = Provenance()
        row.update(found.as_dict())
        if found.copied_from and found.provenance_reason:
            row["reasons"] = [found.provenance_reason, *(row.get("reasons") or [])]
    return rows
