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


def rare_evidence_columns(model: FarmModel) -> set[int]:
    """The farm-marker columns the model's rare-evidence tally counts (in most
    of its calibration members): markers that at least 99% of the training
    originals never show. Empty for a model without a tally."""
    members = getattr(model.classifier, "calibrated_classifiers_", None) or []
    votes: dict[int, int] = {}
    for member in members:
        tally = getattr(member.estimator, "named_steps", {}).get("tally")
        for column in getattr(tally, "counted_", ()):
            votes[int(column)] = votes.get(int(column), 0) + 1
    return {column for column, n in votes.items() if 2 * n > len(members)}


def reasons_for(model: FarmModel, parsed: ParsedPage, contribution_row: np.ndarray, values: np.ndarray,
                towards_farm: bool, max_reasons: int = MAX_REASONS, rare_columns: set[int] | None = None) -> list[str]:
    """The plain-word reasons for one page, strongest first.

    For a page called farm, the rare farm markers it shows come first (a vote
    widget, an "admin" byline, a chatbot leftover): each is evidence that
    originals almost never show, and on a page with many farm signals the
    model's score is saturated, so taking one of them away barely moves it
    and the ablation alone would rank it below generic signals."""
    sign = 1.0 if towards_farm else -1.0
    order = np.argsort(-sign * contribution_row, kind="stable")
    if towards_farm:
        rare = rare_evidence_columns(model) if rare_columns is None else rare_columns
        first = [i for i in order if i in rare and values[i] > 0 and contribution_row[i] >= 0]
        shown = set(first)
        order = np.asarray(first + [i for i in order if i not in shown], dtype=int)
    else:
        shown = set()
    names = model.feature_names
    reasons: list[str] = []
    per_extractor: dict[str, int] = {}
    for index in order:
        if len(reasons) >= max_reasons:
            break
        if index not in shown and sign * contribution_row[index] < MIN_CONTRIBUTION:
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
