"""The CLI end to end, through a subprocess as users run it."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from shared_paths import SAMPLES

COMMANDS = ["score", "train", "evaluate", "features", "render-text"]


def run(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "classifier", *map(str, args)], input=stdin,
                          capture_output=True, timeout=300)


def test_version_and_top_level_help():
    assert run("--version").stdout.decode().startswith("contentfarm, version")
    help_text = run("--help").stdout.decode()
    for command in COMMANDS:
        assert command in help_text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_explanation(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert len(result.stdout.decode().split()) > 25


def test_unknown_option_is_a_usage_error():
    assert run("score", "--no-such-option").returncode == 2


def test_score_writes_one_row_per_input_in_order_with_error_rows(toy_model_dir, tmp_path):
    out = tmp_path / "scores.csv"
    missing = tmp_path / "missing.html"
    result = run("score", SAMPLES / "farm_cms_copy.html", missing, SAMPLES / "original_local_news.html",
                 "--model", toy_model_dir, "-o", out)
    assert result.returncode == 3, result.stderr.decode()
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame["input"]) == [str(SAMPLES / "farm_cms_copy.html"), str(missing),
                                    str(SAMPLES / "original_local_news.html")]
    assert list(frame["status"]) == ["ok", "read_error", "ok"]
    assert frame.loc[1, "error"] and frame.loc[1, "farm_probability"] == ""
    for column in ("input", "url", "status", "error", "farm_probability", "label", "reasons"):
        assert column in frame.columns
    assert "errors: 1 read_error" in result.stderr.decode()


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_score_formats_load_straight_into_pandas(toy_model_dir, tmp_path, suffix):
    out = tmp_path / f"scores.{suffix}"
    result = run("score", SAMPLES, "--model", toy_model_dir, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    frame = pd.read_json(out, lines=True) if suffix == "jsonl" else pd.read_parquet(out)
    assert len(frame) == len(list(SAMPLES.iterdir()))
    assert frame["farm_probability"].between(0, 1).all()
    assert set(frame["label"]) <= {"farm", "original"}
    assert all(len(r) >= 0 for r in frame["reasons"])


def test_score_reads_stdin_and_keeps_stdout_for_data(toy_model_dir):
    html = (SAMPLES / "farm_cms_copy.html").read_bytes()
    result = run("score", "-", "--model", toy_model_dir, "--format", "jsonl", stdin=html)
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["input"] == "-"


def test_score_table_is_readable(toy_model_dir):
    result = run("score", SAMPLES, "--model", toy_model_dir, "--format", "table")
    text = result.stdout.decode()
    assert "farm_probability" in text and "farm_cms_copy.html" in text


def test_unreadable_model_is_fatal_with_a_message(tmp_path):
    result = run("score", SAMPLES, "--model", tmp_path)
    assert result.returncode == 1 and "model card" in result.stderr.decode()


def test_train_then_evaluate(toy_labels, tmp_path):
    model_dir = tmp_path / "model"
    result = run("train", toy_labels, "-o", model_dir, "--seed", "1", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    printed = json.loads(result.stdout)
    assert 0 <= printed["cross_validated"]["roc_auc"] <= 1
    again = run("train", toy_labels, "-o", model_dir)
    assert again.returncode == 1 and "--force" in again.stderr.decode()
    evaluation = run("evaluate", toy_labels, "--model", model_dir, "--json", "--quiet")
    assert evaluation.returncode == 0, evaluation.stderr.decode()
    metrics = json.loads(evaluation.stdout)
    for key in ("roc_auc", "pr_auc", "precision", "recall", "f1", "false_positive_rate", "confusion_matrix"):
        assert key in metrics
    assert metrics["n"] == len(pd.read_csv(toy_labels))
    assert 0 <= printed["text_threshold"] <= 1 and printed["text_threshold"] >= printed["threshold"]
    as_text = run("evaluate", toy_labels, "--model", model_dir, "--json", "--quiet", "--plain-text")
    assert as_text.returncode == 0, as_text.stderr.decode()
    text_metrics = json.loads(as_text.stdout)["as_plain_text"]
    assert text_metrics["n"] == metrics["n"] and text_metrics["n_errors"] == 0
    assert text_metrics["threshold"] == metrics["threshold"]


def test_train_with_the_same_seed_gives_the_same_model(toy_labels, tmp_path):
    for name in ("a", "b"):
        assert run("train", toy_labels, "-o", tmp_path / name, "--seed", "5", "--quiet").returncode == 0
    card_a = json.loads((tmp_path / "a" / "model.json").read_text())
    card_b = json.loads((tmp_path / "b" / "model.json").read_text())
    assert card_a["model_sha256"] == card_b["model_sha256"]


def test_bad_labels_file_is_fatal(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("path,label\na.html,spam\n")
    result = run("train", labels, "-o", tmp_path / "m")
    assert result.returncode == 1 and "farm" in result.stderr.decode()


def test_features_prints_the_table(tmp_path):
    out = tmp_path / "features.csv"
    assert run("features", SAMPLES, "-o", out).returncode == 0
    frame = pd.read_csv(out)
    assert len(frame) == len(list(SAMPLES.iterdir()))
    assert any(c.startswith("engagement_counters__") for c in frame.columns)


def test_render_text_makes_html_with_lists():
    result = run("render-text", SAMPLES / "farm_scraper_blog.txt")
    assert result.returncode == 0
    assert "<ul>" in result.stdout.decode() and "<h1>" in result.stdout.decode()
