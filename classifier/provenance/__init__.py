"""Provenance: find the original that a page copies, and whether it is older.

A farm page is a copy, and the strongest evidence against it is the original.
Given a reference collection of originals (a news archive, a crawl, your own
corpus), an index answers: which original does this page copy, how much of it,
and does that original live on another site and predate the page?

::

    originals ──▶ article text ──▶ shingles ──▶ index on disk (full sets + a sampled inverted index)
    (pages, + dates)   (text.py)      (text.py)      (index.py)
                                                          │
    scored page ──▶ article text ──▶ shingles ──▶ candidates (sampled hits) ──▶ exact containment
                                                          └──▶ attribute(): copied_from, copy_containment,
                                                               original_published, published_earlier_elsewhere,
                                                               same_site_match, reason      (annotate.py)

* :mod:`.text`: the compared text (article paragraphs without headline,
  byline, captions and date lines), normalisation, shingles, sites, dates.
* :mod:`.index`: :class:`ProvenanceIndex`, the folder on disk, and why it is a
  sampled inverted index with exact containment rather than MinHash LSH.
* :mod:`.annotate`: :func:`annotate`, the columns and their meaning, and how
  same-site matches are treated (reported apart, never ``copied_from``).
* :mod:`.simulate`: farm copies with edits, for measurement;
  :mod:`.measure`: ``make eval-provenance``.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Iterable, Iterator

from ..pages import Page
from ..parse import ParsedPage
from .annotate import PROVENANCE_COLUMNS, Provenance, annotate, annotate_one, attribute
from .index import Match, ProvenanceIndex, ProvenanceIndexError
from .text import DocumentText, document_text, parse_date, published_date, registered_domain, shingle_set

__all__ = [
    "PROVENANCE_COLUMNS", "DocumentText", "Match", "Provenance", "ProvenanceIndex", "ProvenanceIndexError",
    "annotate", "annotate_one", "attribute", "build_index", "add_pages", "document_text", "documents_from_pages",
    "open_index", "parse_date", "published_date", "read_dates", "registered_domain", "shingle_set",
]

#: Columns of a dates file that name the page (the first one present is used).
DATE_KEY_COLUMNS = ("url", "input", "path")
#: Columns that hold the date.
DATE_VALUE_COLUMNS = ("date", "published", "published_date")


def read_dates(path: str | os.PathLike) -> dict[str, dt.date]:
    """Publication dates given explicitly: a CSV with a ``url`` (or ``input``
    or ``path``) column and a ``date`` (or ``published``) column. Rows with an
    unreadable date are skipped."""
    with open(path, newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        key = next((f for f in DATE_KEY_COLUMNS if f in fields), None)
        value = next((f for f in DATE_VALUE_COLUMNS if f in fields), None)
        if key is None or value is None:
            raise ProvenanceIndexError(f"{path}: a dates file needs a url (or input, path) column and a date column")
        out = {}
        for row in reader:
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            found = parse_date(row.get(value, ""))
            if row.get(key) and found is not None:
                out[row[key]] = found
    return out


def documents_from_pages(pages: Iterable[Page], *, dates: dict[str, dt.date] | None = None,
                         shingle_words: int | None = None, unspaced_chars: int | None = None,
                         failures: list | None = None) -> Iterator[DocumentText]:
    """The indexable text of each readable page; a date from ``dates`` (keyed
    by URL or input) wins over the one the page shows. Unreadable pages are
    appended to ``failures`` as (input, error)."""
    from .text import SHINGLE_WORDS, UNSPACED_SHINGLE_CHARS

    dates = dates or {}
    for page in pages:
        if not page.ok:
            if failures is not None:
                failures.append((page.input, page.error or page.status))
            continue
        try:
            parsed = ParsedPage(page)
            url = parsed.canonical_url or page.url
            given = dates.get(url) or dates.get(page.input) or (dates.get(page.url) if page.url else None)
            yield document_text(parsed, url=url, published=given,
                                words=shingle_words or SHINGLE_WORDS,
                                unspaced_chars=unspaced_chars or UNSPACED_SHINGLE_CHARS)
        except Exception as exc:  # one hostile page must not stop an index build
            if failures is not None:
                failures.append((page.input, f"{type(exc).__name__}: {exc}"))


def add_pages(index: ProvenanceIndex, pages: Iterable[Page], *, dates: dict[str, dt.date] | None = None,
              failures: list | None = None) -> dict:
    """Add pages to an index (with the index's own shingle parameters)."""
    return index.add(documents_from_pages(pages, dates=dates, shingle_words=index.shingle_words,
                                          unspaced_chars=index.unspaced_chars, failures=failures))


def build_index(path: str | os.PathLike, pages: Iterable[Page], *, dates: dict[str, dt.date] | None = None,
                force: bool = False, failures: list | None = None) -> tuple[ProvenanceIndex, dict]:
    """Create an index at ``path`` from pages; returns it and the add counts."""
    index = ProvenanceIndex.create(Path(path), force=force)
    return index, add_pages(index, pages, dates=dates, failures=failures)


def open_index(path: str | os.PathLike) -> ProvenanceIndex:
    return ProvenanceIndex.open(path)
