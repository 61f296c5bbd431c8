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
                farm_marker_columns: tuple[int, ...] = ()) -> tuple[np.ndarray, str]:
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
    for train_idx, test_idx in splits:
        train_idx, test_idx = np.asarray(train_idx, dtype=int), np.asarray(test_idx, dtype=int)
        if len(test_idx) == 0 or len(set(y[train_idx].tolist())) < 2:
            continue
        classifier = build_classifier(len(train_idx), seed, farm_marker_columns, X.shape[1])
        classifier.fit(X[train_idx], y[train_idx])
        probability[test_idx] = classifier.predict_proba(X[test_idx])[:, 1]
    return probability, how


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
    oof, how = out_of_fold(X, y, kept, seed, features.farm_marker_columns())
    evaluated = ~np.isnan(oof)
    threshold = choose_threshold(y[evaluated], oof[evaluated], target_fpr)
    cv_metrics = metrics_at(y[evaluated], oof[evaluated], threshold)
    cv_metrics["cross_validation"] = how
    cv_metrics["pages_evaluated_out_of_fold"] = int(evaluated.sum())
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
                          f"(never below {MIN_THRESHOLD})",
        "metrics": {"cross_validated": cv_metrics},
        "feature_set_version": feature_set_version(),
    }
    model = FarmModel(features=features, classifier=classifier, threshold=threshold,
                      typical_original=np.median(X[y == 0], axis=0), typical_farm=np.median(X[y == 1], axis=0),
                      card=card)
    return model, cv_metrics
