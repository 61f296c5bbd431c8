"""Labelled data sets: a CSV or JSONL file of pages and their labels.

A labels file has a ``label`` column (``farm`` or ``original``) and a ``path``
(relative to the labels file, or absolute) or a ``url`` column. Other columns
(``style``, ``source_id``, ``shell_domain``, ``domain``, ``group`` ...) are
kept: they drive group-aware splits and per-group reports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pandas as pd

from .pages import Page, read_file_page

LABELS = ("farm", "original")


class DatasetError(Exception):
    """A labels file that cannot be used."""


def read_labels(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"labels file {path} does not exist")
    try:
        if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            frame = pd.read_json(path, lines=path.suffix.lower() != ".json", dtype=False)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, json.JSONDecodeError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read labels file {path}: {exc}") from None
    if "label" not in frame.columns:
        raise DatasetError(f"labels file {path} has no 'label' column (columns: {', '.join(map(str, frame.columns))})")
    if "path" not in frame.columns and "url" not in frame.columns:
        raise DatasetError(f"labels file {path} needs a 'path' or a 'url' column")
    frame = frame.fillna("")
    frame["label"] = frame["label"].astype(str).str.strip().str.lower()
    bad = sorted(set(frame["label"]) - set(LABELS))
    if bad:
        raise DatasetError(f"labels file {path}: labels must be 'farm' or 'original', found {bad[:5]}")
    if frame.empty:
        raise DatasetError(f"labels file {path} has no rows")
    base = path.resolve().parent
    if "path" in frame.columns:
        frame["resolved_path"] = [str(p if Path(p).is_absolute() else (base / p)) if p else ""
                                  for p in frame["path"].astype(str)]
    return frame.reset_index(drop=True)


def labelled_pages(frame: pd.DataFrame) -> Iterator[Page]:
    """The page of each row, in row order (error pages for unreadable rows)."""
    has_path = "resolved_path" in frame.columns
    for row in frame.itertuples(index=False):
        url = str(getattr(row, "url", "") or "")
        if has_path and row.resolved_path:
            page = read_file_page(row.resolved_path, input=str(row.path))
            if url.startswith(("http://", "https://")):
                page.url = url
        else:
            page = Page.failed(url, "invalid_input", "rows without a path need fetching: score them with --urls first "
                               "and label the saved WARC", url=url)
        yield page


def row_sites(frame: pd.DataFrame) -> list[set[str]]:
    """The sites each row draws on: its article's site and, for grafted pages,
    the site whose page shell it wears. Read from ``source_domain``,
    ``shell_domain``, ``domain`` or the host of ``url``."""
    from .parse import domain_of

    columns = [c for c in ("source_domain", "shell_domain", "domain", "group") if c in frame.columns]
    sites: list[set[str]] = []
    urls = frame["url"].astype(str).tolist() if "url" in frame.columns else [""] * len(frame)
    for i in range(len(frame)):
        found = {str(frame[c].iat[i]) for c in columns if str(frame[c].iat[i])}
        if not found and urls[i]:
            host = domain_of(urls[i])
            if host:
                found.add(host)
        sites.append(found)
    return sites


def site_fold_splits(frame: pd.DataFrame, n_folds: int = 4, seed: int = 0) -> list[tuple[list[int], list[int]]] | None:
    """Cross-validation splits that keep every site on one side.

    Each site is put in one of ``n_folds`` folds (by a seeded hash). For fold k,
    the test rows are those whose sites are all in fold k, and the training rows
    those with no site in fold k; a grafted page whose article and shell sit in
    different folds is left out of that split rather than leaking a site.
    Returns None when the frame names no sites (use stratified folds then).
    """
    import hashlib

    sites = row_sites(frame)
    if not any(sites):
        return None

    def fold_of(site: str) -> int:
        digest = hashlib.sha256(f"{seed}:{site}".encode()).digest()
        return int.from_bytes(digest[:4], "big") % n_folds

    row_folds = [{fold_of(site) for site in row} for row in sites]
    splits = []
    for k in range(n_folds):
        test = [i for i, folds in enumerate(row_folds) if folds == {k}]
        train = [i for i, folds in enumerate(row_folds) if k not in folds]
        splits.append((train, test))
    return splits
