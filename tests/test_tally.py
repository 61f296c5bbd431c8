"""The rare-evidence tally: which markers it counts, and what it buys a new farm style."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline

from classifier.featurize import PageFeatures
from classifier.model import build_classifier
from classifier.tally import RareEvidenceTally


def test_counts_only_markers_that_originals_almost_never_show():
    rng = np.random.default_rng(0)
    originals = np.zeros((1000, 3))
    originals[:50, 1] = 1.0  # 5% of originals show marker 1: too common to count
    originals[:5, 2] = 1.0  # 0.5% show marker 2: rare enough
    farms = np.ones((100, 3))
    X = np.vstack([originals, farms])
    y = np.r_[np.zeros(1000), np.ones(100)]
    tally = RareEvidenceTally(columns=(0, 1, 2), quantile=0.99).fit(X[rng.permutation(len(X))], None)
    # without labels every row is an "original": farms make all three common
    assert list(tally.counted_) == []
    tally.fit(X, y)
    assert list(tally.counted_) == [0, 2]
    out = tally.transform(np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 0.0], [np.nan, 0.0, 3.0]]))
    assert out.shape == (3, 4)
    assert list(out[:, -1]) == [2.0, 0.0, 1.0]


def test_columns_outside_the_declared_markers_never_count():
    X = np.array([[0.0, 5.0], [0.0, 0.0], [1.0, 0.0]])
    tally = RareEvidenceTally(columns=(0,), quantile=0.5).fit(X[:2], np.zeros(2))
    assert list(tally.transform(X)[:, -1]) == [0.0, 0.0, 1.0]


def test_a_marker_never_seen_on_a_training_farm_still_raises_the_score():
    # Farms in training show markers 0 or 1; a new farm style shows only
    # marker 2, which no training page of either label shows. The booster
    # alone cannot use column 2; with the tally it reads "one rare marker".
    rng = np.random.default_rng(1)
    n = 600
    noise = rng.normal(size=(2 * n, 3))
    markers = np.zeros((2 * n, 3))
    markers[n:, 0] = rng.random(n) < 0.5
    markers[n:, 1] = ~markers[n:, 0].astype(bool)
    X = np.hstack([markers, noise])
    y = np.r_[np.zeros(n), np.ones(n)]
    new_style = np.hstack([np.array([[0.0, 0.0, 1.0]] * 50), rng.normal(size=(50, 3))])

    plain = HistGradientBoostingClassifier(random_state=0).fit(X, y)
    tallied = make_pipeline(RareEvidenceTally(columns=(0, 1, 2)), HistGradientBoostingClassifier(random_state=0))
    tallied.fit(X, y)
    assert plain.predict_proba(new_style)[:, 1].mean() < 0.5
    assert tallied.predict_proba(new_style)[:, 1].mean() > 0.9


def test_the_shipped_classifier_reads_the_declared_markers():
    features = PageFeatures.default()
    columns = features.farm_marker_columns()
    names = features.feature_names
    assert "network_templates__generated_notice" in {names[i] for i in columns}
    assert "text_statistics__main_words" not in {names[i] for i in columns}
    classifier = build_classifier(2000, seed=0, farm_marker_columns=columns)
    assert classifier.estimator.named_steps["tally"].columns == columns


def test_a_marker_that_only_training_originals_show_cannot_lower_a_farm_score():
    # Column 2 is a declared marker that, in training, a few originals show and
    # no farm does (the one style that shows it is left out). Unconstrained,
    # the booster learns "marker 2 means original"; with the monotonic
    # constraint of the shipped classifier a page can only gain by showing it.
    rng = np.random.default_rng(2)
    n = 800
    X = np.hstack([np.zeros((2 * n, 3)), rng.normal(size=(2 * n, 2))])
    X[n:, 0] = rng.random(n) < 0.7  # the training farms' marker
    X[n:, 3] += 1.0                  # and a weak furniture signal
    X[:40, 2] = 1                    # 40 of 800 originals show marker 2 ...
    X[:40, 3] += 1.0                 # ... on farm-like furniture
    y = np.r_[np.zeros(n), np.ones(n)]
    new_style = X[n:n + 200].copy()
    new_style[:, 0] = 0
    with_marker = new_style.copy()
    with_marker[:, 2] = 1

    def gain(classifier) -> float:
        classifier.fit(X, y)
        return float(np.mean(classifier.predict_proba(with_marker)[:, 1] - classifier.predict_proba(new_style)[:, 1]))

    assert gain(build_classifier(len(y), seed=0, farm_marker_columns=(0, 1, 2))) < 0
    assert gain(build_classifier(len(y), seed=0, farm_marker_columns=(0, 1, 2), n_features=X.shape[1])) >= 0
    constrained = build_classifier(len(y), seed=0, farm_marker_columns=(0, 1, 2), n_features=5)
    assert list(constrained.estimator.named_steps["boosting"].monotonic_cst) == [1, 1, 1, 0, 0, 1]
