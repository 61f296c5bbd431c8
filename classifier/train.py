"""Training: labelled pages → feature table → cross-validated, calibrated model.

1. Every labelled page is parsed once and featurised.
2. Out-of-fold probabilities come from folds that keep each site on one side
   (:func:`~classifier.datasets.site_fold_splits`), or stratified folds when the
   labels name no sites. They give the cross-validated metrics and the
   threshold: the lowest probability at which the out-of-fold false-positive
   rate on originals stays within ``target_fpr`` (never below 0.5).
3. The final model is fitted on all pages.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from .datasets import labelled_pages, site_fold_splits
from .evaluate import metrics_at
from .featurize import PageFeatures
from .features import feature_set_version
from .model import FarmModel, build_classifier
from .parse import ParsedPage

#: Flagging a real newsroom is the costly mistake: the threshold keeps the
#: cross-validated false-positive rate on originals at or below 1%.
TARGET_FALSE_POSITIVE_RATE = 0.01
MIN_THRESHOLD = 0.5
CV_FOLDS = 4
#: Bump when :func:`~classifier.render.html_to_text` changes, so that cached
#: features of plain-text renditions are made again.
TEXT_RENDITION_REVISION = 1


def featurize_frame(frame: pd.DataFrame, features: PageFeatures, progress=None) -> tuple[np.ndarray, list[str]]:
    """Feature matrix for the labelled rows; rows that fail get NaN and an error."""
    rows, errors = [], []
    width = len(features.feature_names)
    for page in labelled_pages(frame):
        if progress is not None:
            progress.update(1)
        if not page.ok:
            rows.append(np.full(width, np.nan))
            errors.append(f"{page.status}: {page.error}")
            continue
        try:
            rows.append(features.extract_row(ParsedPage(page)))
            errors.append("")
        except Exception as exc:
            rows.append(np.full(width, np.nan))
            errors.append(f"parse_error: {type(exc).__name__}: {exc}")
    return (np.vstack(rows) if rows else np.empty((0, width))), errors


def choose_threshold(y: np.ndarray, probability: np.ndarray, target_fpr: float = TARGET_FALSE_POSITIVE_RATE) -> float:
    originals = np.sort(probability[y == 0])
    if len(originals) == 0:
        return MIN_THRESHOLD
    allowed = int(np.floor(target_fpr * len(originals)))
    # Scores strictly above the (allowed+1)-th highest original are flagged.
    cutoff = originals[-(allowed + 1)]
    threshold = float(np.nextafter(cutoff, 1.0))
    return float(min(max(threshold, MIN_THRESHOLD), 1.0))


def out_of_fold(X: np.ndarray, y: np.ndarray, frame: pd.DataFrame, seed: int,
                farm_marker_columns: tuple[int, ...] = (), twin_X: np.ndarray | None = None):
    """Out-of-fold probabilities, how the folds were made, and (with
    ``twin_X``, another rendition of every row) the twins' out-of-fold
    probabilities, each scored by the model that scores its row."""
    from sklearn.model_selection import StratifiedKFold

    splits = site_fold_splits(frame, CV_FOLDS, seed)
    how = f"{CV_FOLDS} folds by site (article site and shell site on one side)"
    if splits is None:
        folds = min(CV_FOLDS, int(min(np.bincount(y, minlength=2))))
        if folds < 2:
            raise ValueError("need at least two pages of each label to cross-validate")
        splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y))
        how = f"{folds} stratified folds"
    probability = np.full(len(y), np.nan)
    twin_probability = np.full(len(y), np.nan)
    for train_idx, test_idx in splits:
        train_idx, test_idx = np.asarray(train_idx, dtype=int), np.asarray(test_idx, dtype=int)
        if len(test_idx) == 0 or len(set(y[train_idx].tolist())) < 2:
            continue
        classifier = build_classifier(len(train_idx), seed, farm_marker_columns, X.shape[1])
        classifier.fit(X[train_idx], y[train_idx])
        probability[test_idx] = classifier.predict_proba(X[test_idx])[:, 1]
        if twin_X is not None:
            usable = test_idx[~np.isnan(twin_X[test_idx]).any(axis=1)]
            if len(usable):
                twin_probability[usable] = classifier.predict_proba(twin_X[usable])[:, 1]
    if twin_X is None:
        return probability, how
    return probability, how, twin_probability


def text_rendition_features(frame: pd.DataFrame, rows: np.ndarray, cache: Path | None = None,
                            progress=None) -> np.ndarray:
    """Features of the given manifest rows given as plain text
    (:func:`~classifier.render.html_to_text`), cached like :func:`cached_features`."""
    from .experiments import manifest_checksum
    from .render import plain_text_page

    subset = frame.iloc[rows]
    if cache is not None:
        cache = cache.with_name(f"{cache.stem}.{feature_set_version()}.r{TEXT_RENDITION_REVISION}."
                                f"{manifest_checksum(subset)[:12]}.npy")
        if cache.exists():
            return np.load(cache)
    features = PageFeatures.default()
    out = []
    for page in labelled_pages(subset):
        if progress is not None:
            progress.update(1)
        if not page.ok:
            out.append(np.full(len(features.feature_names), np.nan))
            continue
        try:
            out.append(features.extract_row(ParsedPage(plain_text_page(page))))
        except Exception:
            out.append(np.full(len(features.feature_names), np.nan))
    X = np.vstack(out) if out else np.empty((0, len(features.feature_names)))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, X)
    return X


def frame_checksum(frame: pd.DataFrame) -> str:
    columns = [c for c in ("path", "url", "label", "style") if c in frame.columns]
    text = frame[columns].astype(str).to_csv(index=False)
    return hashlib.sha256(text.encode()).hexdigest()


def train_model(frame: pd.DataFrame, *, seed: int = 0, target_fpr: float = TARGET_FALSE_POSITIVE_RATE,
                progress=None, data_description: str = "") -> tuple[FarmModel, dict]:
    features = PageFeatures.default()
    X, errors = featurize_frame(frame, features, progress)
    ok = np.array([not e for e in errors])
    if ok.sum() < 4:
        raise ValueError(f"only {int(ok.sum())} of {len(frame)} labelled pages could be read")
    y_all = (frame["label"] == "farm").to_numpy().astype(int)
    X, y, kept = X[ok], y_all[ok], frame[ok].reset_index(drop=True)
    if len(set(y.tolist())) < 2:
        raise ValueError("training needs pages of both labels, farm and original")
    # Every training page again as plain text (what a user pastes, or the
    # seeds): markup-only evidence is gone, so text pages need a threshold of
    # their own to keep false positives on originals as rare.
    text_X = text_rendition_features(kept, np.arange(len(kept)))
    oof, how, text_oof = out_of_fold(X, y, kept, seed, features.farm_marker_columns(), twin_X=text_X)
    evaluated = ~np.isnan(oof)
    threshold = choose_threshold(y[evaluated], oof[evaluated], target_fpr)
    cv_metrics = metrics_at(y[evaluated], oof[evaluated], threshold)
    cv_metrics["cross_validation"] = how
    cv_metrics["pages_evaluated_out_of_fold"] = int(evaluated.sum())
    text_evaluated = ~np.isnan(text_oof)
    text_threshold = threshold
    if len(set(y[text_evaluated].tolist())) == 2:
        text_threshold = max(threshold, choose_threshold(y[text_evaluated], text_oof[text_evaluated], target_fpr))
        text_metrics = metrics_at(y[text_evaluated], text_oof[text_evaluated], text_threshold)
        text_metrics["pages_evaluated_out_of_fold"] = int(text_evaluated.sum())
        cv_metrics["as_plain_text"] = text_metrics
    classifier = build_classifier(len(y), seed, features.farm_marker_columns(), X.shape[1])
    classifier.fit(X, y)
    by_label = kept["label"].value_counts().to_dict()
    card = {
        "created_by": "contentfarm train",
        "seed": seed,
        "training_data": {
            "description": data_description,
            "pages": int(len(frame)),
            "pages_used": int(ok.sum()),
            "pages_unreadable": int((~ok).sum()),
            "by_label": {k: int(v) for k, v in by_label.items()},
            "by_style": {k: int(v) for k, v in kept["style"].value_counts().sort_index().items()}
            if "style" in kept.columns else {},
            "labels_checksum": frame_checksum(frame),
        },
        "threshold_rule": f"lowest probability with cross-validated false-positive rate <= {target_fpr:.2%} "
                          f"(never below {MIN_THRESHOLD}); for plain-text pages the same rule on the training "
                          "pages given as plain text, and their probabilities rescaled so that this threshold "
                          "falls on the model's threshold",
        "text_threshold": text_threshold,
        "metrics": {"cross_validated": cv_metrics},
        "feature_set_version": feature_set_version(),
    }
    model = FarmModel(features=features, classifier=classifier, threshold=threshold, text_threshold=text_threshold,
                      typical_original=np.median(X[y == 0], axis=0), typical_farm=np.median(X[y == 1], axis=0),
                      card=card)
    return model, cv_metrics
