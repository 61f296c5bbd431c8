"""The feature transformer in a Pipeline, model save/load and the checksum and
feature-set refusals."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from shared_paths import SAMPLES
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from classifier.featurize import PageFeatures
from classifier.model import ModelError, load_model, save_model
from classifier.pages import read_pages
from classifier.parse import ParsedPage
from classifier.score import score_batch
from classifier.train import choose_threshold


def sample_pages():
    return list(read_pages([str(SAMPLES)]))


def test_page_features_work_inside_a_pipeline_with_named_columns():
    pages = sample_pages()
    labels = np.array([1 if p.input.rsplit("/", 1)[-1].startswith("farm") else 0 for p in pages])
    pipe = Pipeline([("features", PageFeatures.default()), ("classifier", LogisticRegression(max_iter=500))])
    pipe.fit(pages, labels)
    names = pipe.named_steps["features"].get_feature_names_out()
    assert len(names) == pipe.named_steps["features"].transform(pages[:1]).shape[1]
    assert all("__" in name for name in names)
    assert pipe.predict_proba(pages).shape == (len(pages), 2)


def test_nested_extractor_params_are_reachable_and_clone_keeps_them():
    features = PageFeatures.default()
    params = features.get_params()
    nested = [key for key in params if key.count("__") == 1 and not key.endswith("__")]
    assert "link_density" in params and "text_statistics" in params
    pipe = Pipeline([("features", features), ("classifier", LogisticRegression())])
    if nested:
        key, value = nested[0], params[nested[0]]
        pipe.set_params(**{f"features__{key}": value})
        assert clone(pipe).get_params()[f"features__{key}"] == value


def test_frame_has_one_named_column_per_feature():
    frame = PageFeatures.default().frame([ParsedPage.from_text("Hello\n\nA page of text with a few words.")])
    assert frame.shape[0] == 1 and list(frame.columns) == PageFeatures.default().feature_names


def test_saved_model_loads_and_scores_the_same(toy_model_dir, tmp_path):
    model = load_model(toy_model_dir)
    pages = sample_pages()
    first = [s.farm_probability for s in score_batch(model, pages)]
    copy = tmp_path / "copy"
    shutil.copytree(toy_model_dir, copy)
    again = [s.farm_probability for s in score_batch(load_model(copy), pages)]
    assert first == again
    card = json.loads((toy_model_dir / "model.json").read_text())
    for key in ("feature_names", "feature_set_version", "library_versions", "training_data", "threshold",
                "metrics", "model_sha256"):
        assert key in card


def test_tampered_model_file_is_refused(toy_model_dir, tmp_path):
    copy = tmp_path / "tampered"
    shutil.copytree(toy_model_dir, copy)
    with open(copy / "model.joblib", "ab") as stream:
        stream.write(b"\x00")
    with pytest.raises(ModelError, match="sha256"):
        load_model(copy)


def test_model_from_another_feature_set_is_refused(toy_model_dir, tmp_path):
    copy = tmp_path / "old"
    shutil.copytree(toy_model_dir, copy)
    card = json.loads((copy / "model.json").read_text())
    card["feature_set_version"] = "0-000000000000"
    (copy / "model.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="feature set"):
        load_model(copy)


def test_missing_model_folder_says_what_it_expected(tmp_path):
    with pytest.raises(ModelError, match="model card"):
        load_model(tmp_path / "nowhere")


def test_save_refuses_to_overwrite_without_force(toy_model_dir, tmp_path):
    model = load_model(toy_model_dir)
    save_model(model, tmp_path / "m")
    with pytest.raises(FileExistsError):
        save_model(model, tmp_path / "m")
    save_model(model, tmp_path / "m", force=True)


def test_scores_carry_plain_word_reasons(toy_model_dir):
    model = load_model(toy_model_dir)
    scores = score_batch(model, sample_pages())
    assert all(s.status == "ok" for s in scores)
    flagged = [s for s in scores if s.label == "farm"]
    assert flagged, "the toy model should flag at least one sample farm page"
    assert all(s.reasons and all(isinstance(r, str) and len(r) > 5 for r in s.reasons) for s in flagged)


def test_threshold_keeps_the_false_positive_rate_within_target():
    rng = np.random.default_rng(0)
    y = np.array([0] * 500 + [1] * 500)
    p = np.concatenate([rng.beta(2, 5, 500), rng.beta(5, 2, 500)])
    threshold = choose_threshold(y, p, target_fpr=0.01)
    assert np.mean(p[y == 0] >= threshold) <= 0.01
    assert threshold >= 0.5


class _FixedProbabilities:
    """A stand-in classifier: the farm probability is the first column."""

    def predict_proba(self, X):
        return np.column_stack([1 - X[:, 0], X[:, 0]])


def _model_with_text_threshold(text_threshold):
    from classifier.model import TEXT_PAGE_COLUMN, TEXT_PAGE_VALUE, FarmModel

    features = PageFeatures.default()
    width = len(features.feature_names)
    model = FarmModel(features=features, classifier=_FixedProbabilities(), threshold=0.5,
                      typical_original=np.zeros(width), typical_farm=np.zeros(width), text_threshold=text_threshold)
    return model, features.feature_names.index(TEXT_PAGE_COLUMN), TEXT_PAGE_VALUE


def test_plain_text_pages_are_held_to_their_own_threshold():
    model, text_column, text_value = _model_with_text_threshold(0.8)
    p = np.array([0.0, 0.4, 0.79, 0.8, 0.9, 1.0])
    X = np.zeros((2 * len(p), len(model.feature_names)))
    X[:, 0] = np.concatenate([p, p])
    X[len(p):, text_column] = text_value
    out = model.predict_proba(X)
    html, text = out[:len(p)], out[len(p):]
    assert np.array_equal(html, p)  # HTML pages are untouched
    # text pages: flagged exactly when they clear the text threshold; order, 0 and 1 kept
    assert list(text >= model.threshold) == list(p >= 0.8)
    assert np.all(np.diff(text) > 0) and text[0] == 0.0 and text[-1] == 1.0


def test_a_model_without_a_text_threshold_scores_text_like_html():
    model, text_column, text_value = _model_with_text_threshold(None)
    X = np.zeros((3, len(model.feature_names)))
    X[:, 0] = [0.2, 0.6, 0.95]
    X[:, text_column] = text_value
    assert np.array_equal(model.predict_proba(X), X[:, 0])


def test_training_measures_a_threshold_for_plain_text_pages(toy_model_dir):
    model = load_model(toy_model_dir)
    assert model.text_threshold is not None and model.text_threshold >= model.threshold
    assert model.card["text_threshold"] == model.text_threshold
    text = model.card["metrics"]["cross_validated"]["as_plain_text"]
    assert text["pages_evaluated_out_of_fold"] > 0 and text["threshold"] == model.text_threshold
