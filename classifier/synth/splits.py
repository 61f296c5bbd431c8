"""Group-aware splits of a simulator manifest: by article and by site.

A grafted page draws on two real pages: the article (``source_id``, from the
site ``source_domain``) and the shell (``shell_id``, from ``shell_domain``).
An honest split keeps every article text and every site on one side, or a
model can recognise a site's template or a story it has seen instead of the
farm signals.

Sites are hashed into ``SITE_BUCKETS`` buckets (:func:`site_bucket`), and the
simulator takes each article's shells from its own site's bucket. A bucket is
therefore closed: every row's article, sites and shell sit in one bucket
(the manifest's ``site_bucket`` column), and any split that puts whole buckets
on one side shares no article and no site and drops no row. Folds are unions
of buckets: fold ``k`` of ``n`` holds the buckets ``b`` with
``order[b] % n == k`` where ``order`` is a permutation of the buckets drawn
from the split's seed.

The hash is ``sha256("{seed}:{domain}")`` (first four bytes, big-endian) on the
domain as written in the manifest, the same as
:func:`classifier.datasets.site_fold_splits`: with the simulator's seed and a
number of folds that divides ``SITE_BUCKETS`` (2, 3, 4, 6, 12), that function
also keeps every grafted row.
"""

from __future__ import annotations

import hashlib
import random
from typing import Iterator

import numpy as np
import pandas as pd

#: Buckets of sites. 12 divides into 2, 3, 4, 6 and 12 folds evenly, and
#: leaves each bucket ~100 corpus pages to choose shells from (enough for a
#: same-language shell in German and English, the corpus's main languages).
SITE_BUCKETS = 12


def site_bucket(domain: str, seed: int = 0, n_buckets: int = SITE_BUCKETS) -> int:
    digest = hashlib.sha256(f"{seed}:{domain}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % n_buckets


def _column(frame: pd.DataFrame, name: str) -> list[str]:
    return frame[name].astype(str).tolist() if name in frame.columns else [""] * len(frame)


def row_buckets(frame: pd.DataFrame, seed: int = 0) -> np.ndarray:
    """The bucket of each row: the ``site_bucket`` column when present, else
    the bucket of its sites when they agree, else -1 (a row that straddles)."""
    if "site_bucket" in frame.columns:
        values = pd.to_numeric(frame["site_bucket"], errors="coerce").fillna(-1).astype(int).to_numpy()
        return values
    out = np.full(len(frame), -1, dtype=int)
    for i, (source, shell) in enumerate(zip(_column(frame, "source_domain"), _column(frame, "shell_domain"))):
        buckets = {site_bucket(d, seed) for d in (source, shell) if d}
        if len(buckets) == 1:
            out[i] = buckets.pop()
    return out


def bucket_folds(n_folds: int, seed: int = 0) -> dict[int, int]:
    """Bucket -> fold, a seeded permutation so each seed gives other folds."""
    if not 2 <= n_folds <= SITE_BUCKETS:
        raise ValueError(f"n_folds must be between 2 and {SITE_BUCKETS}, got {n_folds}")
    order = list(range(SITE_BUCKETS))
    random.Random(f"folds|{seed}").shuffle(order)
    return {bucket: rank % n_folds for rank, bucket in enumerate(order)}


def row_folds(frame: pd.DataFrame, n_folds: int = 4, seed: int = 0, bucket_seed: int | None = None) -> np.ndarray:
    """Fold of each row (-1 for rows whose sites fall in different buckets).
    ``bucket_seed`` is the seed the manifest was made with (default ``seed``),
    used only when the manifest has no ``site_bucket`` column."""
    buckets = row_buckets(frame, seed if bucket_seed is None else bucket_seed)
    mapping = bucket_folds(n_folds, seed)
    return np.array([mapping.get(int(b), -1) if b >= 0 else -1 for b in buckets], dtype=int)


def kfold_splits(frame: pd.DataFrame, n_folds: int = 4, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) row indices for each fold: test is one fold, train the rest."""
    folds = row_folds(frame, n_folds, seed)
    return [(np.flatnonzero((folds >= 0) & (folds != k)), np.flatnonzero(folds == k)) for k in range(n_folds)]


def train_test_split(frame: pd.DataFrame, test_fold: int = 0, n_folds: int = 4,
                     seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(train, test) frames: test holds one fold of ``n_folds`` (a quarter by default)."""
    train_idx, test_idx = kfold_splits(frame, n_folds, seed)[test_fold]
    return frame.iloc[train_idx].reset_index(drop=True), frame.iloc[test_idx].reset_index(drop=True)


def leave_one_style_out(frame: pd.DataFrame, n_folds: int = 4, seed: int = 0
                        ) -> Iterator[tuple[str, int, np.ndarray, np.ndarray]]:
    """For each farm style and each fold: (style, fold, train, test) where
    train is the other folds without any page of that style, and test is the
    fold's pages of that style plus its originals (real and republished), so
    the style is measured on sites and articles the model never saw, in a
    style it never saw."""
    folds = row_folds(frame, n_folds, seed)
    styles = _column(frame, "style")
    labels = _column(frame, "label")
    farm_styles = sorted({s for s, label in zip(styles, labels) if label == "farm"})
    style_arr = np.array(styles, dtype=object)
    is_original = np.array([label == "original" for label in labels])
    for style in farm_styles:
        of_style = style_arr == style
        for k in range(n_folds):
            train = np.flatnonzero((folds >= 0) & (folds != k) & ~of_style)
            test = np.flatnonzero((folds == k) & (of_style | is_original))
            yield style, k, train, test


def shared_groups(train: pd.DataFrame, test: pd.DataFrame) -> dict[str, set[str]]:
    """Articles and sites found on both sides (all empty for an honest split)."""
    def articles(frame):
        return {v for v in _column(frame, "source_id") + _column(frame, "shell_id") if v}

    def sites(frame):
        return {v for v in _column(frame, "source_domain") + _column(frame, "shell_domain") if v}

    return {"articles": articles(train) & articles(test), "sites": sites(train) & sites(test)}
