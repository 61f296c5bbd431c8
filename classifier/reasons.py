"""Plain-word reasons: which features moved a page's score, quoted from the page.

How much a feature moves a score is measured by ablation: the feature is set to
its value on a typical page of the other class (the training median of
originals, for a page called farm; of farms, for a page called original) and
the drop in the model's farm log-odds is the feature's contribution. Only
features whose value differs from that typical value are tried, and all pages
of a batch go through the model in one call.

The words come from the extractor that owns the feature
(:meth:`PageFeature.describe`), which quotes its evidence from the page:
"engagement counter 'veryGood! (7359)'".
"""

from __future__ import annotations

import numpy as np

from .model import FarmModel
from .parse import ParsedPage

#: Reasons shown per page; more are rarely read.
MAX_REASONS = 4
#: Reasons taken from one extractor at most, so one signal cannot fill the list.
MAX_REASONS_PER_EXTRACTOR = 2
#: Contributions smaller than this (in log-odds) are noise, not reasons.
MIN_CONTRIBUTION = 0.05


def contributions(model: FarmModel, X: np.ndarray, towards_farm: np.ndarray) -> np.ndarray:
    """Per page and feature, how much the feature raises (``towards_farm``) or
    lowers the farm log-odds, relative to a typical page of the other class."""
    n_pages, n_features = X.shape
    result = np.zeros((n_pages, n_features))
    if n_pages == 0:
        return result
    reference = np.where(towards_farm[:, None], model.typical_original[None, :], model.typical_farm[None, :])
    differs = ~np.isclose(X, reference)
    pages, features = np.nonzero(differs)
    if len(pages) == 0:
        return result
    base = model.log_odds(X)
    ablated = X[pages].copy()
    ablated[np.arange(len(pages)), features] = reference[pages, features]
    delta = base[pages] - model.log_odds(ablated)
    result[pages, features] = delta
    return result


def reasons_for(model: FarmModel, parsed: ParsedPage, contribution_row: np.ndarray, values: np.ndarray,
                towards_farm: bool, max_reasons: int = MAX_REASONS) -> list[str]:
    """The plain-word reasons for one page, strongest first."""
    sign = 1.0 if towards_farm else -1.0
    order = np.argsort(-sign * contribution_row, kind="stable")
    names = model.feature_names
    reasons: list[str] = []
    per_extractor: dict[str, int] = {}
    for index in order:
        if sign * contribution_row[index] < MIN_CONTRIBUTION or len(reasons) >= max_reasons:
            break
        extractor, feature = model.features.extractor_for(names[index])
        if per_extractor.get(extractor.name, 0) >= MAX_REASONS_PER_EXTRACTOR:
            continue
        try:
            text = extractor.describe(parsed, feature, float(values[index]), towards_farm=towards_farm)
        except Exception:  # a reason must never cost a page its score
            text = f"{extractor.name} {feature} = {values[index]:g}"
        if text and text not in reasons:
            reasons.append(text)
            per_extractor[extractor.name] = per_extractor.get(extractor.name, 0) + 1
    return reasons
