"""Metrics of a model on labelled pages, shared by the CLI, the notebooks and the report."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .model import FarmModel
from .score import Score, score_pages


def metrics_at(y_true: Iterable[int], probability: Iterable[float], threshold: float) -> dict:
    """ROC-AUC, PR-AUC, and precision, recall, F1, false-positive rate and the
    confusion matrix at ``threshold`` (farm = positive class)."""
    from sklearn.metrics import average_precision_score, confusion_matrix, roc_auc_score

    y = np.asarray(list(y_true), dtype=int)
    p = np.asarray(list(probability), dtype=float)
    predicted = (p >= threshold).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, predicted, labels=[0, 1]).ravel() if len(y) else (0, 0, 0, 0)
    both = len(set(y.tolist())) == 2
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "n": int(len(y)),
        "n_farm": int(y.sum()),
        "n_original": int(len(y) - y.sum()),
        "threshold": float(threshold),
        "roc_auc": float(roc_auc_score(y, p)) if both else None,
        "pr_auc": float(average_precision_score(y, p)) if both else None,
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(2 * precision * recall / (precision + recall)) if precision + recall else 0.0,
        "false_positive_rate": float(fp / (fp + tn)) if fp + tn else 0.0,
        "confusion_matrix": {"true_original": {"original": int(tn), "farm": int(fp)},
                             "true_farm": {"original": int(fn), "farm": int(tp)}},
    }


def score_labelled(model: FarmModel, frame: pd.DataFrame, pages: Iterable, progress=None) -> pd.DataFrame:
    """Score the labelled pages; returns the labels frame with score columns."""
    scores: list[Score] = []
    for score in score_pages(model, pages):
        scores.append(score)
        if progress is not None:
            progress.update(1)
    scored = frame.copy()
    scored["status"] = [s.status for s in scores]
    scored["error"] = [s.error for s in scores]
    scored["farm_probability"] = [s.farm_probability for s in scores]
    scored["predicted"] = [s.label for s in scores]
    scored["reasons"] = [s.reasons for s in scores]
    return scored


def evaluate_scored(scored: pd.DataFrame, threshold: float) -> dict:
    ok = scored[scored["status"] == "ok"]
    result = metrics_at((ok["label"] == "farm").astype(int), ok["farm_probability"].astype(float), threshold)
    result["n_errors"] = int((scored["status"] != "ok").sum())
    return result
