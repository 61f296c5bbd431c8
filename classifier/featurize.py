"""Pages to a named feature table: every extractor over one shared parse.

:class:`PageFeatures` is a scikit-learn transformer (a composition like
``FeatureUnion``): it parses each page once and hands the same
:class:`~classifier.parse.ParsedPage` to every registered extractor. Its
extractors are nested parameters, so
``pipe.set_params(features__link_density__min_words=5)`` reaches them.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
from sklearn.base import TransformerMixin
from sklearn.utils.metaestimators import _BaseComposition

from .features import PageFeature, as_parsed, default_extractors
from .parse import ParsedPage


class PageFeatures(TransformerMixin, _BaseComposition):
    """Turn pages (``Page``, ``ParsedPage`` or HTML strings) into feature rows.

    ``extractors`` is a list of ``(name, PageFeature)`` pairs; use
    :meth:`default` for every registered extractor.
    """

    def __init__(self, extractors: list[tuple[str, PageFeature]]):
        self.extractors = extractors

    @classmethod
    def default(cls) -> "PageFeatures":
        return cls([(extractor.name, extractor) for extractor in default_extractors()])

    def get_params(self, deep: bool = True):
        return self._get_params("extractors", deep=deep)

    def set_params(self, **params):
        self._set_params("extractors", **params)
        return self

    def fit(self, X=None, y=None):
        for _, extractor in self.extractors:
            extractor.fit(X, y)
        return self

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.concatenate([extractor.get_feature_names_out() for _, extractor in self.extractors])

    @property
    def feature_names(self) -> list[str]:
        return list(self.get_feature_names_out())

    def farm_marker_columns(self) -> tuple[int, ...]:
        """Indexes of the columns that extractors declare ``farm_markers``."""
        markers = [name in extractor.farm_markers for _, extractor in self.extractors
                   for name in extractor.feature_names]
        return tuple(i for i, is_marker in enumerate(markers) if is_marker)

    def extract_row(self, page: ParsedPage) -> np.ndarray:
        """One page's feature vector (raises if an extractor fails)."""
        values: list[float] = []
        for _, extractor in self.extractors:
            row = extractor.extract_checked(page)
            values.extend(row[name] for name in extractor.feature_names)
        return np.asarray(values, dtype=float)

    def transform(self, X: Iterable) -> np.ndarray:
        rows = [self.extract_row(as_parsed(page)) for page in X]
        width = len(self.get_feature_names_out())
        return np.vstack(rows) if rows else np.empty((0, width))

    def frame(self, pages: Iterable) -> pd.DataFrame:
        """The feature table as a DataFrame with named columns."""
        return pd.DataFrame(self.transform(pages), columns=self.feature_names)

    def extractor_for(self, column: str) -> tuple[PageFeature, str]:
        """The extractor and its own feature name behind a column ``name__feature``."""
        prefix, _, feature = column.partition("__")
        for name, extractor in self.extractors:
            if extractor.name == prefix or name == prefix:
                return extractor, feature
        raise KeyError(column)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.two_d_array = False
        return tags
