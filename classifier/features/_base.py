"""The feature extractor contract.

A :class:`PageFeature` reads one :class:`~classifier.parse.ParsedPage` and returns
a dict of named, finite floats. It is a scikit-learn transformer, so extractors
compose in a ``Pipeline`` and their knobs are visible to ``get_params`` /
``set_params`` and grid search.

Rules for subclasses (checked by ``tests/test_feature_contract.py``):

* declare ``name`` (the module's signal, snake_case) and ``feature_names``;
* implement ``extract(page) -> dict[str, float]``: pure (no network, files,
  globals or randomness), total (every declared name, always finite, also for an
  empty page), deterministic;
* knobs are keyword-only ``__init__`` parameters stored under the same name,
  with no logic in ``__init__``;
* ``reason_templates`` maps a feature to the plain words used when it drives a
  score; ``describe`` may override them with evidence quoted from the page;
* ``farm_markers`` names the features that are evidence of a farm only: the
  more of it, the more farm-like the page, and its absence says nothing for
  an original (a chatbot phrase, a machine-made notice, a vote counter). The
  model counts those of them that real originals almost never show
  (:mod:`classifier.tally`), so that a new farm style with markers of its
  own still raises a score the model learned to read from the other styles.
"""

from __future__ import annotations

import math
import re
from typing import ClassVar, Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..pages import Page
from ..parse import ParsedPage


def as_parsed(page) -> ParsedPage:
    """Accept a ParsedPage, a Page, or a raw HTML string."""
    if isinstance(page, ParsedPage):
        return page
    if isinstance(page, Page):
        return ParsedPage(page)
    if isinstance(page, str):
        return ParsedPage.from_html(page)
    raise TypeError(f"expected a Page, ParsedPage or HTML string, got {type(page).__name__}")


def finite(value: float, default: float = 0.0) -> float:
    """``value`` as a float, or ``default`` when it is NaN or infinite."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return default
    return value if math.isfinite(value) else default


def ratio(numerator: float, denominator: float, default: float = 0.0) -> float:
    return finite(numerator / denominator, default) if denominator else default


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source that matches any of ``words`` (longest first), written as
    a prefix tree. ``re`` then checks one character class per position instead
    of trying every word in turn: a scan for dozens of words over a page gets
    several times faster than with a plain ``a|b|c`` alternation."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class PageFeature(TransformerMixin, BaseEstimator):
    """Base class of every feature extractor (one subclass per module)."""

    #: The signal's name; prefixes its columns (``name__feature``).
    name: ClassVar[str] = ""
    #: The features this extractor returns, in column order.
    feature_names: ClassVar[tuple[str, ...]] = ()
    #: Plain words for a feature that drives a score up; ``{value}`` and
    #: ``{evidence}`` are filled in.
    reason_templates: ClassVar[dict[str, str]] = {}
    #: Plain words for a feature that drives a score down (towards original).
    counter_reason_templates: ClassVar[dict[str, str]] = {}
    #: Features that are farm evidence only (see the module docstring).
    farm_markers: ClassVar[tuple[str, ...]] = ()

    def extract(self, page: ParsedPage) -> dict[str, float]:  # pragma: no cover - abstract
        raise NotImplementedError

    def evidence(self, page: ParsedPage, feature: str) -> str:
        """A short quote from the page that shows ``feature`` (empty if none)."""
        return ""

    def describe(self, page: ParsedPage, feature: str, value: float, towards_farm: bool = True) -> str:
        """Plain words for why ``feature`` moved the score."""
        templates = self.reason_templates if towards_farm else self.counter_reason_templates
        template = templates.get(feature)
        if template is None:
            direction = "raises" if towards_farm else "lowers"
            return f"{self.name.replace('_', ' ')}: {feature.replace('_', ' ')} = {value:g} {direction} the score"
        evidence = self.evidence(page, feature) if "{evidence}" in template else ""
        if "{evidence}" in template and not evidence:
            # No quote to show: drop its slot rather than print "... ()" or "...: ".
            template = template.replace(" ({evidence})", "").replace(": {evidence}", "").replace("{evidence}", "")
        try:
            return template.format(value=value, evidence=evidence).strip()
        except (KeyError, ValueError, IndexError):
            return template

    def extract_checked(self, page: ParsedPage) -> dict[str, float]:
        """``extract`` with the contract enforced: declared names, finite values."""
        values = self.extract(page)
        return {key: finite(values.get(key, 0.0)) for key in self.feature_names}

    # --- scikit-learn transformer ------------------------------------------

    def fit(self, X=None, y=None):
        return self

    def transform(self, X: Iterable) -> np.ndarray:
        rows = [self.extract_checked(as_parsed(page)) for page in X]
        return np.array([[row[n] for n in self.feature_names] for row in rows], dtype=float).reshape(
            len(rows), len(self.feature_names))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array([f"{self.name}__{n}" for n in self.feature_names], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.two_d_array = False
        return tags
