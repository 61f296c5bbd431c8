"""Fixtures for the notebook and report tests (imported by them; not a conftest,
so the top-level conftest stays the only module of that name): the toy labels with the
group columns a simulator manifest has (kind, lang, style), so every section
of the report has something to show."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def grouped_labels(toy_labels, tmp_path_factory):
    """The toy labels plus kind, lang and style columns, alternating over the
    rows of each label (invented groups: the toy pages are all English)."""
    frame = pd.read_csv(toy_labels, dtype=str, keep_default_na=False)
    is_farm = frame["label"] == "farm"
    rank = frame.groupby("label").cumcount()
    frame["kind"] = ["farm_copy" if farm else ("republication" if r % 3 == 0 else "real_original")
                     for farm, r in zip(is_farm, rank)]
    frame["lang"] = ["de" if r % 2 else "en" for r in rank]
    frame["style"] = [("scraper_blog" if r % 2 else "site_cluster_cms") if farm else
                      ("republication" if kind == "republication" else "real")
                      for farm, r, kind in zip(is_farm, rank, frame["kind"])]
    path = tmp_path_factory.mktemp("grouped") / "labels.csv"
    # Paths in the toy labels are absolute, so the copy may live elsewhere.
    frame.to_csv(path, index=False)
    return path
