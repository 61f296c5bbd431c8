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


def featurize_frame(frame: pd.DataFrame, features: PageFeatures, progress=None, plain_text: bool = False):
    """Feature matrix for the labelled rows; rows that fail get NaN and an error.

    With ``plain_text``, a third matrix: each page given as plain text
    (:func:`~classifier.render.plain_text_page`), made from the same read and
    parse of the page."""
    from .render import plain_text_page

    rows, text_rows, errors = [], [], []
    width = len(features.feature_names)
    failed = np.full(width, np.nan)
    for page in labelled_pages(frame):
        if progress is not None:
            progress.update(1)
        if not page.ok:
            rows.append(failed)
            text_rows.append(failed)
            errors.append(f"{page.status}: {page.error}")
            continue
        try:
            parsed = ParsedPage(page)
            rows.append(features.extract_row(parsed))
            errors.append("")
        except Exception as exc:
            rows.append(failed)
            text_rows.append(failed)
            errors.append(f"parse_error: {type(exc).__name__}: {exc}")
            continue
        if plain_text:
            try:
                text_rows.append(features.extract_row(ParsedPage(plain_text_page(page, parsed))))
            except Exception:
                text_rows.append(failed)
    X = np.vstack(rows) if rows else np.empty((0, width))
    if not plain_text:
        return X, errors
    return X, errors, (np.vstack(text_rows) if text_rows else np.empty((0, width)))


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
                farm_marker_columns: tuple[int, ...] = (), twins: tuple[np.ndarray, np.ndarray] | None = None,
                train_mask: np.ndarray | None = None) -> tuple[np.ndarray, str, np.ndarray]:
    """Out-of-fold probabilities (rows with NaN features are left out), how
    the folds were made, and the twins' out-of-fold probabilities.

    Rows excluded from training by ``train_mask`` are still scored when they
    fall in a test fold. ``twins`` is ``(twin_X, twin_rows)``: other
    renditions of rows (``twin_rows[j]`` is the row that ``twin_X[j]``
    renders), never trained on, each scored by the fold model that scores its
    row (empty without twins)."""
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
    twin_probability = np.full(0 if twins is None else len(twins[1]), np.nan)
    usable = ~np.isnan(X).any(axis=1)
    for train_idx, test_idx in splits:
        train_idx = np.asarray([i for i in train_idx if usable[i] and (train_mask is None or train_mask[i])], dtype=int)
        test_idx = np.asarray([i for i in test_idx if usable[i]], dtype=int)
        if len(test_idx) == 0 or len(set(y[train_idx].tolist())) < 2:
            continue
        classifier = build_classifier(len(train_idx), seed, farm_marker_columns, X.shape[1])
        classifier.fit(X[train_idx], y[train_idx])
        probability[test_idx] = classifier.predict_proba(X[test_idx])[:, 1]
        if twins is not None:
            twin_X, twin_rows = twins
            tested = np.isin(twin_rows, test_idx) & ~np.isnan(twin_X).any(axis=1)
            if tested.any():
                twin_probability[tested] = classifier.predict_proba(twin_X[tested])[:, 1]
    return probability, how, twin_probability


def frame_checksum(frame: pd.DataFrame) -> str:
    columns = [c for c in ("path", "url", "label", "style") if c in frame.columns]
    text = frame[columns].astype(str).to_csv(index=False)
    return hashlib.sha256(text.encode()).hexdigest()


def train_model(frame: pd.DataFrame, *, seed: int = 0, target_fpr: float = TARGET_FALSE_POSITIVE_RATE,
                progress=None, data_description: str = "") -> tuple[FarmModel, dict]:
    features = PageFeatures.default()
    # Every training page again as plain text (what a user pastes, or the
    # seeds): markup-only evidence is gone, so text pages need a threshold of
    # their own to keep false positives on originals as rare.
    X, errors, text_X = featurize_frame(frame, features, progress, plain_text=True)
    ok = np.array([not e for e in errors])
    if ok.sum() < 4:
        raise ValueError(f"only {int(ok.sum())} of {len(frame)} labelled pages could be read")
    y_all = (frame["label"] == "farm").to_numpy().astype(int)
    X, text_X, y, kept = X[ok], text_X[ok], y_all[ok], frame[ok].reset_index(drop=True)
    if len(set(y.tolist())) < 2:
        raise ValueError("training needs pages of both labels, farm and original")
    oof, how, text_oof = out_of_fold(X, y, kept, seed, features.farm_marker_columns(),
                                     twins=(text_X, np.arange(len(y))))
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
