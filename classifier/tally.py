"""The rare-evidence tally: how many one-way farm signals a page shows beyond
what real originals show.

A model learns which signals mark a farm from the farm styles it is trained
on. A new farm style brings markers of its own (a new widget, a new
boiler-plate line) that the trees never split on, so on their own they add
nothing to its score. What every farm style shares is that it shows *several*
things that original pages almost never show. So the model gets one more
column, computed from the features it already has: of the features that the
extractors declare farm evidence only (their ``farm_markers``, gathered by
:meth:`~classifier.featurize.PageFeatures.farm_marker_columns`), those that
at least ``quantile`` of the training originals never show (value 0: a
chatbot phrase, a machine-made notice, a stock ticker in a copied story, a
"Current location:" breadcrumb), the column counts how many the page shows.
A style the model never saw still raises the count with its own markers, and
the trees learned from the other styles what a count of one or two means.

Features that originals do show now and then (ad slots, view counters,
"Source:" lines, which licensed republications carry too) are left out: each
would fire on real newsrooms and turn the count into noise (measured: with
every one-way feature above its 99.5% limit, one original in five counts one).

Which features count is fitted on the training originals only (inside each
cross-validation fold, so no evaluation page decides it). Reasons stay about
the page's own features: taking a marker away lowers the count, so its share
of the score is found by the usual ablation.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

#: Share of training originals that must never show a feature for it to
#: count: at 0.99, a counted marker is seen on at most one original in 100.
DEFAULT_QUANTILE = 0.99


class RareEvidenceTally(TransformerMixin, BaseEstimator):
    """Appends how many rare one-way farm markers a page shows.

    ``columns``: indexes of the farm-marker feature columns; ``counted_``
    (after ``fit``): those of them that at least ``quantile`` of the training
    originals never show.
    """

    def __init__(self, columns: tuple[int, ...] = (), quantile: float = DEFAULT_QUANTILE):
        self.columns = columns
        self.quantile = quantile

    def fit(self, X, y=None):
        X = np.asarray(X, dtype=float)
        self.n_features_in_ = X.shape[1]
        originals = X if y is None else X[np.asarray(y) == 0]
        counted = []
        if len(originals):
            for column in self.columns:
                values = originals[:, column]
                values = values[~np.isnan(values)]
                if len(values) and np.mean(values > 0) <= 1.0 - self.quantile:
                    counted.append(int(column))
        self.counted_ = np.asarray(counted, dtype=int)
        return self

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        if len(self.counted_) == 0:
            return np.column_stack([X, np.zeros(len(X))])
        with np.errstate(invalid="ignore"):
            shown = X[:, self.counted_] > 0
        return np.column_stack([X, shown.sum(axis=1).astype(float)])

    def get_feature_names_out(self, input_features=None):
        names = list(input_features) if input_features is not None else [f"x{i}" for i in range(self.n_features_in_)]
        return np.asarray(names + ["rare_evidence_tally"], dtype=object)
