"""The model: feature table → calibrated farm probability, saved with a model card.

A :class:`FarmModel` holds the feature transformer (:class:`PageFeatures`), a
calibrated gradient-boosting classifier, the decision threshold and, for the
reasons, what a typical original and a typical farm page look like (per-feature
medians of the training data).

On disk a model is a folder::

    model.joblib   the FarmModel (joblib; only load models you trust)
    model.json     the model card: features and feature-set version, library
                   versions, training data summary and checksum, threshold,
                   metrics, and the sha256 of model.joblib

:func:`load_model` checks the sha256 and the feature-set version and refuses a
mismatch with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .atomic import atomic_write_bytes
from .featurize import PageFeatures
from .features import feature_set_version
from .features.text_statistics import NOT_HTML

MODEL_FILE = "model.joblib"
CARD_FILE = "model.json"
#: Suffix of the model file while a save is under way (see :func:`save_model`).
NEXT_SUFFIX = ".next"

#: Boosting settings. Depth and learning rate are scikit-learn's defaults; the
#: iteration cap with early stopping keeps training under a minute on the corpus.
BOOSTING_MAX_ITER = 300
BOOSTING_L2 = 1.0
#: Isotonic calibration needs about a thousand pages to beat a sigmoid; below
#: that we fall back to sigmoid.
ISOTONIC_MIN_SAMPLES = 1000
CALIBRATION_FOLDS = 5
#: The column that tells a plain-text page (``NOT_HTML``) from an HTML page.
TEXT_PAGE_COLUMN = "text_statistics__visible_share"
TEXT_PAGE_VALUE = NOT_HTML


class ModelError(Exception):
    """A model that cannot be used (missing, tampered, or from another feature set)."""


def build_classifier(n_samples: int, seed: int = 0, farm_marker_columns: tuple[int, ...] = (),
                     n_features: int | None = None):
    """The calibrated booster; with ``farm_marker_columns`` (from
    :meth:`PageFeatures.farm_marker_columns`) it reads the rare-evidence tally
    (:mod:`classifier.tally`) as one more column.

    Given ``n_features`` too, the farm probability may only rise with a farm
    marker and with the tally (monotonic constraints): a marker is farm
    evidence only, by its extractor's declaration. Unconstrained, a marker
    that the training farms never show but a few originals do (a post "by
    admin" when the one style that signs so is left out) would be learnt as a
    sign of an original, and a new farm style showing it would score lower
    for it."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.pipeline import Pipeline

    from .tally import RareEvidenceTally

    monotonic = None
    if farm_marker_columns and n_features:
        markers = set(farm_marker_columns)
        monotonic = [1 if i in markers else 0 for i in range(n_features)] + [1]
    booster = HistGradientBoostingClassifier(max_iter=BOOSTING_MAX_ITER, l2_regularization=BOOSTING_L2,
                                             early_stopping=False, random_state=seed, monotonic_cst=monotonic)
    if farm_marker_columns:
        booster = Pipeline([("tally", RareEvidenceTally(tuple(farm_marker_columns))), ("boosting", booster)])
    method = "isotonic" if n_samples >= ISOTONIC_MIN_SAMPLES else "sigmoid"
    return CalibratedClassifierCV(booster, method=method, cv=CALIBRATION_FOLDS)


@dataclass
class FarmModel:
    features: PageFeatures
    classifier: object
    threshold: float
    typical_original: np.ndarray
    typical_farm: np.ndarray
    card: dict = field(default_factory=dict)
    #: The threshold plain-text pages need for the same false-positive rate
    #: (None: the same as HTML pages; models from before it was measured).
    text_threshold: float | None = None

    @property
    def feature_names(self) -> list[str]:
        return self.features.feature_names

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability that each row is a farm copy.

        A plain-text page lacks the markup evidence an HTML page gives, so the
        same score is weaker evidence there: its probability is rescaled
        (monotonically, 0 and 1 kept) so that ``text_threshold`` lands on
        ``threshold``, and every consumer of ``threshold`` keeps the text
        false-positive rate the training measured."""
        if len(X) == 0:
            return np.empty(0)
        probability = self.classifier.predict_proba(X)[:, 1]
        text_threshold = self.text_threshold  # the class default for models pickled before it existed
        if text_threshold is None or text_threshold <= self.threshold or text_threshold >= 1.0:
            return probability
        is_text = X[:, self.feature_names.index(TEXT_PAGE_COLUMN)] == TEXT_PAGE_VALUE
        if is_text.any():
            p, t, u = probability[is_text], self.threshold, text_threshold
            probability = probability.copy()
            probability[is_text] = np.where(p < u, p * t / u, t + (p - u) * (1 - t) / (1 - u))
        return probability

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        """Uncalibrated farm log-odds, averaged over the calibration folds'
        boosters: smooth where isotonic calibration is flat, so it shows how much
        each feature moves the score."""
        if len(X) == 0:
            return np.empty(0)
        members = getattr(self.classifier, "calibrated_classifiers_", None)
        if not members:
            return self.classifier.decision_function(X)
        return np.mean([member.estimator.decision_function(X) for member in members], axis=0)


def sha256_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    import joblib
    import pandas
    import selectolax
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "pandas": pandas.__version__, "joblib": joblib.__version__, "selectolax": selectolax.__version__}


def save_model(model: FarmModel, directory: str | os.PathLike, *, force: bool = False) -> Path:
    """Save ``model`` into ``directory`` (model.joblib + model.json).

    The two files cannot be replaced together, so the card is the commit point:
    the new model file is first written beside the old one as
    ``model.joblib.next``, then the card (naming the new sha256) replaces the
    old card, then ``model.joblib.next`` is renamed to ``model.joblib``. A crash
    before the card leaves the old pair; after it, :func:`load_model` finds the
    file whose sha256 the card names, in either place.
    """
    import io

    import joblib

    directory = Path(directory)
    target = directory / MODEL_FILE
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; pass --force to overwrite it")
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    data = buffer.getvalue()
    card = dict(model.card)
    card.update({
        "model_file": MODEL_FILE,
        "model_sha256": hashlib.sha256(data).hexdigest(),
        "feature_set_version": feature_set_version(),
        "feature_names": model.feature_names,
        "threshold": model.threshold,
        "library_versions": library_versions(),
    })
    model.card = card
    pending = target.with_name(target.name + NEXT_SUFFIX)
    atomic_write_bytes(pending, data)
    atomic_write_bytes(directory / CARD_FILE, (json.dumps(card, indent=2, sort_keys=True) + "\n").encode())
    os.replace(pending, target)
    return directory


def read_card(directory: str | os.PathLike) -> dict:
    path = Path(directory) / CARD_FILE
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise ModelError(f"no model card at {path}: is {directory} a model folder (made by 'contentfarm train')?") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"model card {path} is not valid JSON: {exc}") from None


def load_model(directory: str | os.PathLike) -> FarmModel:
    """Load a model folder, refusing a tampered file or another feature set."""
    import joblib

    directory = Path(directory)
    card = read_card(directory)
    target = directory / card.get("model_file", MODEL_FILE)
    pending = target.with_name(target.name + NEXT_SUFFIX)
    if pending.exists() and (not target.exists() or sha256_file(target) != card.get("model_sha256")):
        # A save stopped between writing the card and renaming the new file
        # into place (see save_model); the sha256 check below still applies.
        if sha256_file(pending) == card.get("model_sha256"):
            target = pending
    if not target.exists():
        raise ModelError(f"model file {target} is missing")
    actual = sha256_file(target)
    if actual != card.get("model_sha256"):
        raise ModelError(f"refusing to load {target}: its sha256 {actual[:12]}… does not match the model card "
                         f"({str(card.get('model_sha256'))[:12]}…); the file was changed or damaged")
    expected_version = feature_set_version()
    if card.get("feature_set_version") != expected_version:
        raise ModelError(f"model {directory} was trained on feature set {card.get('feature_set_version')}, "
                         f"this contentfarm computes {expected_version}; retrain it with 'contentfarm train' "
                         "(or 'make model' for the default model)")
    try:
        model = joblib.load(target)
    except Exception as exc:
        raise ModelError(f"cannot load {target}: {exc}") from None
    if not isinstance(model, FarmModel):
        raise ModelError(f"{target} does not hold a contentfarm model")
    model.card = card
    return model


def default_model_dir() -> Path:
    """The shipped model: ``models/default`` in a checkout, or ``$CONTENTFARM_MODEL``."""
    env = os.environ.get("CONTENTFARM_MODEL")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "models" / "default"
