"""The numbers of classifier.report on hand-made scores, and the HTML report
built end to end through 'contentfarm evaluate --report'."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from nb_fixtures import grouped_labels  # noqa: F401  (a fixture)

from classifier import report
from classifier.evaluate import evaluate_scored

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Ten scored pages, probabilities clear of the bin edges so the bins are
# obvious: (label, probability, lang, style).
PAGES = [("original", 0.12, "en", "real"), ("original", 0.25, "en", "real"), ("original", 0.75, "en", "real"),
         ("original", 0.33, "en", "real"), ("original", 0.15, "de", "real"), ("original", 0.05, "de", "real"),
         ("farm", 0.92, "en", "cms"), ("farm", 0.85, "en", "cms"), ("farm", 0.45, "de", "cms"),
         ("farm", 0.95, "de", "blog")]
THRESHOLD = 0.5


@pytest.fixture()
def hand_made():
    """An Evaluation of the pages above under a stub model with threshold 0.5."""
    scored = pd.DataFrame([{"path": f"p{i}.html", "url": f"https://site{i % 3}.example/{i}", "label": label,
                            "lang": lang, "style": style, "status": "ok", "error": "", "farm_probability": p,
                            "predicted": "farm" if p >= THRESHOLD else "original", "reasons": [f"reason {i}"]}
                           for i, (label, p, lang, style) in enumerate(PAGES)])
    scored["y"] = (scored["label"] == "farm").astype(int)
    scored["site"] = [report.page_site(row) for row in scored.to_dict("records")]
    features = pd.DataFrame({"a": scored["y"] + 0.1 * np.arange(len(scored)), "b": 0.0, "c": -scored["y"]})
    model = SimpleNamespace(feature_names=["a", "b", "c"], threshold=THRESHOLD, card={},
                            typical_original=np.zeros(3), typical_farm=np.array([1.0, 0.0, -1.0]))
    return report.Evaluation(model=model, scored=scored, features=features,
                             metrics=evaluate_scored(scored, THRESHOLD), name="hand-made")


def test_confusion_table_counts_one_false_positive_and_one_false_negative(hand_made):
    table = report.confusion_table(hand_made)
    assert table.loc["original"].tolist() == [5, 1]
    assert table.loc["farm"].tolist() == [1, 3]


def test_metrics_table_shows_counts_as_integers_and_rates_to_three_places(hand_made):
    table = report.metrics_table(hand_made).set_index("metric")["value"]
    assert table["pages"] == "10" and table["false-positive rate"] == "0.167" and table["recall"] == "0.750"


def test_calibration_table_puts_each_page_in_its_tenth(hand_made):
    table = report.calibration_table(hand_made)
    assert table["pages"].tolist() == [1, 2, 1, 1, 1, 0, 0, 1, 1, 2]
    assert table.loc[1, "mean_probability"] == pytest.approx((0.12 + 0.15) / 2)
    assert table.loc[4, "farm_share"] == 1.0  # the missed farm page at 0.45
    assert table.loc[7, "farm_share"] == 0.0  # the original at 0.75
    assert np.isnan(table.loc[5, "mean_probability"])


def test_false_positive_rate_per_language_counts_originals_only(hand_made):
    table = report.false_positive_rates(hand_made, "language").set_index("language")
    assert table.loc["en", "originals"] == 4 and table.loc["en", "false_positive_rate"] == pytest.approx(0.25)
    assert table.loc["de", "false_positive_rate"] == 0.0
    assert list(table.index) == ["en", "de"]  # worst first


def test_recall_per_style_counts_farm_pages_only_worst_first(hand_made):
    table = report.recall_by(hand_made, "style")
    assert table["style"].tolist() == ["cms", "blog"]
    assert table["recall"].tolist() == pytest.approx([2 / 3, 1.0])
    assert table.loc[0, "min_probability"] == 0.45


def test_a_grouping_the_labels_lack_gives_an_empty_table(hand_made):
    assert report.group_column(hand_made, "source") is None
    assert report.false_positive_rates(hand_made, "source").empty


def test_worst_false_positives_are_the_highest_scoring_originals(hand_made):
    table = report.worst_errors(hand_made, "false_positives", n=2)
    assert table["farm_probability"].tolist() == [0.75, 0.33]
    assert table["error"].tolist() == [True, False]
    assert table.loc[0, "reasons"] == ["reason 2"]
    negatives = report.worst_errors(hand_made, "false_negatives", n=1)
    assert negatives.loc[0, "page"] == "p8.html" and bool(negatives.loc[0, "error"])


def test_roc_curve_reaches_the_corners_and_agrees_with_the_metrics(hand_made):
    roc = report.roc_frame(hand_made)
    assert roc["true_positive_rate"].iloc[-1] == 1.0 and roc["false_positive_rate"].iloc[-1] == 1.0
    # 4 farm x 6 original pairs; the farm page at 0.45 is beaten by 0.75 only: AUC = 23/24.
    assert hand_made.metrics["roc_auc"] == pytest.approx(23 / 24)


def test_feature_summary_ranks_the_separating_feature_first(hand_made):
    summary = report.feature_summary(hand_made)
    assert summary.loc[0, "feature"] in ("a", "c")
    assert summary.set_index("feature").loc["b", "auc alone"] == 0.5
    assert summary.set_index("feature").loc["a", "median farm"] > summary.set_index("feature").loc["a", "median original"]


def test_correlated_pairs_find_the_mirror_features(hand_made):
    pairs = report.correlated_pairs(report.feature_correlations(hand_made), n=1)
    assert {pairs.loc[0, "feature"], pairs.loc[0, "other feature"]} == {"a", "c"}
    assert pairs.loc[0, "correlation"] < -0.8


def test_page_site_prefers_the_url_host_then_the_site_columns():
    assert report.page_site({"url": "https://www.a.example/x", "shell_domain": "b.example"}) == "a.example"
    assert report.page_site({"url": "", "shell_domain": "b.example", "source_domain": "c.example"}) == "b.example"
    assert report.page_site({"url": "", "source_domain": "c.example"}) == "c.example"


# --- with the toy model -------------------------------------------------------

@pytest.fixture(scope="module")
def toy_evaluation(toy_model_dir, grouped_labels):  # noqa: F811
    from classifier.datasets import read_labels
    from classifier.model import load_model

    return report.evaluate_labelled(load_model(toy_model_dir), read_labels(grouped_labels), name="toy")


def test_evaluation_metrics_are_the_ones_evaluate_prints(toy_evaluation):
    assert toy_evaluation.metrics == evaluate_scored(toy_evaluation.scored, toy_evaluation.threshold)
    assert toy_evaluation.features.shape == (24, len(toy_evaluation.model.feature_names))


def test_shuffling_a_constant_feature_costs_nothing(toy_evaluation):
    table = report.permutation_importances(toy_evaluation, n_repeats=2).set_index("feature")
    X = toy_evaluation.X()
    constant = [name for j, name in enumerate(toy_evaluation.model.feature_names) if np.ptp(X[:, j]) == 0]
    assert constant, "the toy pages should leave some feature constant"
    assert (table.loc[constant, "importance"] == 0).all()
    assert table["importance"].max() > 0


def test_partial_dependence_of_a_binary_feature_has_two_points(toy_evaluation):
    X = toy_evaluation.X()
    names = toy_evaluation.model.feature_names
    binary = next(name for j, name in enumerate(names) if set(np.unique(X[:, j])) == {0.0, 1.0})
    table = report.partial_dependence(toy_evaluation, [binary])
    assert table["value"].tolist() == [0.0, 1.0]
    assert table["mean_probability"].between(0, 1).all()


def test_gallery_pages_always_show_feature_values(toy_evaluation):
    tables = report.page_features(toy_evaluation, [0, 1], towards_farm=True, n=4)
    assert [len(t) for t in tables] == [4, 4]
    assert list(tables[0].columns) == ["feature", "value", "typical original", "typical farm", "log-odds"]


def run_cli(*args):
    # One OpenMP thread: see test_notebooks.kernel_manager.
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "classifier", *map(str, args)], env=env, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def built_report(toy_model_dir, grouped_labels, tmp_path_factory):  # noqa: F811
    folder = tmp_path_factory.mktemp("report")
    result = run_cli("evaluate", grouped_labels, "--model", toy_model_dir, "--json", "--report",
                     folder / "report.html", "--figure", folder / "figure.png", "-q")
    assert result.returncode == 0, result.stderr.decode()
    return folder, result


@pytest.mark.slow
def test_report_is_one_self_contained_html_file_with_plots_and_tables(built_report):
    folder, _ = built_report
    document = (folder / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'<img alt="[^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]+)">', document)
    # curves, calibration, confusion, rates per source/language/site, recall per style
    assert len(images) >= 7
    assert all(base64.b64decode(image).startswith(PNG_MAGIC) for image in images)
    assert document.count("<table") >= 10
    for heading in ("ROC and precision-recall curves", "Calibration", "Confusion matrix",
                    "False-positive rate per source", "False-positive rate per language",
                    "False-positive rate per site", "Recall per farm style", "Worst false positives",
                    "Worst false negatives"):
        assert f"<h2>{heading}</h2>" in document, heading
    assert not re.search(r"<script|<link|src=\"https?:", document), "the report must not load anything"
    assert "typical original" in document and "reasons:" in document


@pytest.mark.slow
def test_report_numbers_match_evaluate_json(built_report):
    import json

    folder, result = built_report
    metrics = json.loads(result.stdout)
    document = (folder / "report.html").read_text(encoding="utf-8")
    assert f"<td>{metrics['n']}</td>" in document
    assert f"<td>{metrics['false_positive_rate']:.3f}</td>" in document
    cm = metrics["confusion_matrix"]
    for truth, row in (("original", cm["true_original"]), ("farm", cm["true_farm"])):
        assert re.search(rf"<th>{truth}</th>\s*<td>{row['original']}</td>\s*<td>{row['farm']}</td>", document), truth


@pytest.mark.slow
def test_figure_option_saves_the_curves_as_png(built_report):
    folder, _ = built_report
    assert (folder / "figure.png").read_bytes().startswith(PNG_MAGIC)


def test_the_same_pages_as_plain_text_are_compared_page_for_page(toy_model_dir, grouped_labels):  # noqa: F811
    from classifier import report
    from classifier.datasets import read_labels
    from classifier.model import load_model

    model = load_model(toy_model_dir)
    frame = read_labels(grouped_labels)
    ev = report.evaluate_labelled(model, frame)
    text_scored = report.score_as_plain_text(model, frame)
    assert len(text_scored) == len(frame) and (text_scored["status"] == "ok").all()
    table = report.rendition_table(ev, text_scored)
    originals = table[table["group"] == "originals"].iloc[0]
    assert originals["measure"] == "false-positive rate" and originals["pages"] == int((ev.scored["y"] == 0).sum())
    # the HTML column is the evaluation's own false-positive rate, recomputed page for page
    assert originals["HTML"] == pytest.approx(ev.metrics["false_positive_rate"])
    assert set(table["measure"]) == {"false-positive rate", "recall"}
    assert ((table["HTML"] >= 0) & (table["HTML"] <= 1) & (table["plain text"] >= 0) & (table["plain text"] <= 1)).all()
    html = report.build_report(ev, text_scored=text_scored)
    assert "The same pages as plain text" in html and html.count("<img") >= 8
