"""A model format that is safe to share: skops, loading only an allowlist of types.

A model folder (``model.joblib`` + ``model.json``) is a pickle: loading it runs
whatever code the file names, so it is only for models you trained yourself
(the sha256 in the card catches damage, not a forged pair). A model that
travels between teams goes as one ``.skops`` file instead:

* :func:`export_model` converts a trusted model folder into ``FILE.skops``: the
  model in skops' format (a zip of a JSON schema and numpy arrays, no pickle)
  plus the model card as a ``model.json`` member.
* :func:`load_safe_model` first lists every type the file would build
  (``skops.io.get_untrusted_types``, which reads only the schema) and refuses
  the file, naming them, when one is not on the allowlist: the project's own
  classes (the model, the feature transformer and the registered extractors)
  and the few scikit-learn internals a calibrated gradient-boosting model is
  made of. Types skops trusts by itself (builtins, numpy arrays, scikit-learn
  estimators) need no listing. Only then does skops build the object.
* :func:`inspect_model` shows the card, the features and every type in the file
  without building anything.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

from .atomic import atomic_write_bytes
from .model import CARD_FILE, FarmModel, ModelError, load_model, read_card

SKOPS_SUFFIX = ".skops"
#: The model card's name inside the .skops zip.
CARD_MEMBER = CARD_FILE
SCHEMA_MEMBER = "schema.json"
ROOT_TYPE = "classifier.model.FarmModel"
#: scikit-learn internals of a calibrated HistGradientBoostingClassifier that
#: skops does not trust by itself (found with get_untrusted_types on models
#: made by build_classifier, sigmoid and isotonic calibration alike).
SKLEARN_INTERNALS = frozenset({
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
})
#: Largest total unpacked size of a .skops file we open (bytes). A model is
#: ~10 MB unpacked; this refuses a zip bomb before anything is read.
MAX_UNPACKED_BYTES = 1 << 30
#: Deflate level of exported files: level 6 is zlib's default balance; the
#: arrays shrink about tenfold.
COMPRESSLEVEL = 6


def _type_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def project_types() -> frozenset[str]:
    """The project's own classes a model is made of."""
    from .featurize import PageFeatures
    from .features import registered_extractors
    from .tally import RareEvidenceTally

    return frozenset({_type_name(FarmModel), _type_name(PageFeatures), _type_name(RareEvidenceTally),
                      *(_type_name(cls) for cls in registered_extractors())})


def allowed_types() -> frozenset[str]:
    """Every type a .skops model may hold beyond what skops trusts by default."""
    return project_types() | SKLEARN_INTERNALS


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ModelError(f"no model file at {path}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{path} is not a .skops model file: {exc}") from None
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        archive.close()
        raise ModelError(f"refusing {path}: it unpacks to {unpacked / 2**20:.0f} MB, more than a model needs "
                         f"({MAX_UNPACKED_BYTES / 2**20:.0f} MB at most)")
    return archive


def _read_json_member(archive: zipfile.ZipFile, name: str, path: Path):
    try:
        return json.loads(archive.read(name))
    except KeyError:
        raise ModelError(f"{path} has no {name}: it was not made by 'contentfarm model export'") from None
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{path}: {name} is unreadable: {exc}") from None


def read_safe_card(path: str | os.PathLike) -> dict:
    """The model card stored inside a .skops file (reads JSON only)."""
    path = Path(path)
    with _open_zip(path) as archive:
        card = _read_json_member(archive, CARD_MEMBER, path)
    if not isinstance(card, dict):
        raise ModelError(f"{path}: the model card is not a JSON object")
    return card


def _schema_types(node, found: set[str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("__module__"), str) and isinstance(node.get("__class__"), str):
            found.add(f"{node['__module__']}.{node['__class__']}")
        for value in node.values():
            _schema_types(value, found)
    elif isinstance(node, list):
        for value in node:
            _schema_types(value, found)


def _root_type(schema) -> str:
    if isinstance(schema, dict):
        return f"{schema.get('__module__')}.{schema.get('__class__')}"
    return "?"


def _untrusted(path: Path) -> list[str]:
    import skops.io as sio

    try:
        return sorted(sio.get_untrusted_types(file=path))
    except Exception as exc:  # skops raises several kinds on a malformed schema
        raise ModelError(f"{path} is not a readable .skops model file: {type(exc).__name__}: {exc}") from None


def _check_types(path: Path, untrusted: list[str]) -> None:
    foreign = sorted(set(untrusted) - allowed_types())
    if foreign:
        raise ModelError(
            f"refusing to load {path}: it holds types that are not on contentfarm's allowlist: {', '.join(foreign)}. "
            "A contentfarm model is made only of contentfarm's own classes and scikit-learn/numpy internals; "
            "a file naming other types was not made by 'contentfarm model export' from a model of this version, "
            "and loading it could run code it names")


def _check_feature_set(path: Path, card: dict) -> None:
    from .features import feature_set_version

    expected = feature_set_version()
    if card.get("feature_set_version") != expected:
        raise ModelError(f"model {path} was trained on feature set {card.get('feature_set_version')}, "
                         f"this contentfarm computes {expected}; retrain it with 'contentfarm train' and export it again")


def load_safe_model(path: str | os.PathLike) -> FarmModel:
    """Load a .skops model, refusing any type outside the allowlist (see the
    module docstring) before a single object is built."""
    import skops.io as sio

    path = Path(path)
    with _open_zip(path) as archive:
        card = _read_json_member(archive, CARD_MEMBER, path)
        root = _root_type(_read_json_member(archive, SCHEMA_MEMBER, path))
    if not isinstance(card, dict):
        raise ModelError(f"{path}: the model card is not a JSON object")
    if root != ROOT_TYPE:
        raise ModelError(f"refusing to load {path}: it holds a {root}, not a contentfarm model ({ROOT_TYPE})")
    untrusted = _untrusted(path)
    _check_types(path, untrusted)
    _check_feature_set(path, card)
    try:
        model = sio.load(path, trusted=untrusted)
    except Exception as exc:
        raise ModelError(f"cannot load {path}: {type(exc).__name__}: {exc}") from None
    if not isinstance(model, FarmModel):
        raise ModelError(f"{path} does not hold a contentfarm model")
    if len(model.features.feature_names) != getattr(model.classifier, "n_features_in_", len(model.feature_names)):
        raise ModelError(f"{path}: the classifier expects {model.classifier.n_features_in_} features, "
                         f"the feature transformer makes {len(model.features.feature_names)}")
    model.card = card
    return model


def export_model(model_dir: str | os.PathLike, out_file: str | os.PathLike) -> Path:
    """Convert a trusted model folder (joblib) into one .skops file with its card.

    Refuses a model that :func:`load_safe_model` would refuse (for example one
    with an extractor from outside contentfarm), so an export always loads.
    """
    import skops
    import skops.io as sio

    model_dir, out_file = Path(model_dir), Path(out_file)
    model = load_model(model_dir)
    card = dict(read_card(model_dir))
    card.update({"format": "skops", "skops_version": skops.__version__, "exported_from_sha256": card.get("model_sha256")})
    card.pop("model_file", None)
    card.pop("model_sha256", None)  # the joblib file's checksum says nothing about this file
    data = sio.dumps(model, compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL)
    _check_types(out_file, sorted(sio.get_untrusted_types(data=data)))
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CARD_MEMBER, json.dumps(card, indent=2, sort_keys=True) + "\n")
    atomic_write_bytes(out_file, buffer.getvalue())
    return out_file


def inspect_model(path: str | os.PathLike) -> dict:
    """A model's card, features and types, without building any object from it.

    For a .skops file: every type named in its schema, the ones skops would not
    trust by itself, and which of those are foreign (not on the allowlist). For
    a model folder (a pickle, which cannot be read without running it): the card.
    """
    from .features import feature_set_version

    path = Path(path)
    info: dict = {"path": str(path), "current_feature_set_version": feature_set_version()}
    if path.is_dir():
        card = read_card(path)
        info.update(format="joblib", card=card, types=None, untrusted_types=None, foreign_types=None,
                    note="a joblib model is a pickle: its types cannot be listed without running it; "
                         "export it to .skops to check them")
    else:
        with _open_zip(path) as archive:
            card = _read_json_member(archive, CARD_MEMBER, path)
            schema = _read_json_member(archive, SCHEMA_MEMBER, path)
        found: set[str] = set()
        _schema_types(schema, found)
        untrusted = _untrusted(path)
        info.update(format="skops", card=card, root_type=_root_type(schema), types=sorted(found),
                    untrusted_types=untrusted, foreign_types=sorted(set(untrusted) - allowed_types()))
    card = info["card"] if isinstance(info["card"], dict) else {}
    info["feature_names"] = card.get("feature_names", [])
    info["feature_set_version"] = card.get("feature_set_version")
    info["loadable"] = (not info.get("foreign_types") and info["feature_set_version"] == feature_set_version()
                        and info.get("root_type", ROOT_TYPE) == ROOT_TYPE)
    return info


def _number(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def format_inspection(info: dict) -> str:
    """:func:`inspect_model`'s result as plain text for a terminal."""
    card = info["card"] if isinstance(info["card"], dict) else {}
    training = card.get("training_data") or {}
    lines = [f"model: {info['path']} ({info['format']})"]
    if isinstance(training, dict):
        labels = ", ".join(f"{n} {label}" for label, n in sorted((training.get("by_label") or {}).items()))
        summary = f"{training.get('pages', '?')} pages" + (f" ({labels})" if labels else "")
        if training.get("description"):
            summary += f": {training['description']}"
        lines.append(f"training data: {summary}")
    metrics = card.get("metrics") or {}
    for name, values in sorted(metrics.items()) if isinstance(metrics, dict) else []:
        if isinstance(values, dict) and "roc_auc" in values:
            lines.append(f"{name.replace('_', ' ')}: ROC-AUC {_number(values.get('roc_auc'))}, "
                         f"false-positive rate {_number(values.get('false_positive_rate'))}, n {values.get('n')}")
    for key in ("threshold", "text_threshold", "feature_set_version", "skops_version"):
        if key in card:
            lines.append(f"{key.replace('_', ' ')}: {_number(card[key])}")
    versions = card.get("library_versions")
    if isinstance(versions, dict):
        lines.append("trained with: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    if info["feature_set_version"] != info["current_feature_set_version"]:
        lines.append(f"feature set differs from this contentfarm's ({info['current_feature_set_version']}): "
                     "it would be refused")
    names = info["feature_names"]
    lines.append(f"features ({len(names)}):")
    lines.extend(f"  {name}" for name in names)
    if info["types"] is None:
        lines.append(f"types: not listed ({info['note']})")
    else:
        untrusted = set(info["untrusted_types"])
        foreign = set(info["foreign_types"])
        lines.append(f"types ({len(info['types'])}; * = needs the allowlist, ! = foreign, would be refused):")
        for name in info["types"]:
            mark = "!" if name in foreign else "*" if name in untrusted else " "
            lines.append(f"  {mark} {name}")
        lines.append("loadable: yes" if info["loadable"] else "loadable: NO (see the marks above)")
    return "\n".join(lines)


def load_any_model(path: str | os.PathLike) -> FarmModel:
    """A model folder (joblib, trusted) or a .skops file (allowlist)."""
    path = Path(path)
    if path.is_file() or path.suffix == SKOPS_SUFFIX:
        return load_safe_model(path)
    return load_model(path)
