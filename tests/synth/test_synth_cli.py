"""`contentfarm synth`: help, a small run, and refusals."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from classifier.cli import main
from classifier.synth import available_styles

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("CONTENTFARM_SHARED", REPO / ".." / "shared")) / "corpus"
needs_corpus = pytest.mark.skipif(not (CORPUS / "index.csv").exists(),
                                  reason=f"the corpus ({CORPUS}) is absent: real pages are not part of the repository")


def test_synth_help_is_its_docstring():
    result = CliRunner().invoke(main, ["synth", "--help"])
    assert result.exit_code == 0
    assert "Make labelled training pages from the corpus" in result.output and "--styles" in result.output


def test_list_styles_prints_every_style():
    result = CliRunner().invoke(main, ["synth", "--corpus", str(REPO), "-o", "unused", "--list-styles"])
    assert result.exit_code == 0 and result.output.split() == available_styles()


def test_an_unknown_style_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["synth", "--corpus", str(tmp_path), "-o", str(tmp_path / "out"),
                                       "--styles", "site_cluster,no_such_style"])
    assert result.exit_code == 2 and "no_such_style" in result.stderr


def test_a_folder_without_index_is_a_fatal_error(tmp_path):
    result = CliRunner().invoke(main, ["synth", "--corpus", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "index.csv" in result.stderr


@needs_corpus
@pytest.mark.corpus
def test_synth_writes_pages_and_manifest_with_data_on_stdout_and_summary_on_stderr(tmp_path):
    out = tmp_path / "synth"
    result = CliRunner().invoke(main, ["synth", "--corpus", str(CORPUS), "-o", str(out), "--seed", "1",
                                       "--styles", "site_cluster,aggregator", "--limit", "6", "--plain"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    manifest = pd.read_csv(out / "manifest.csv", dtype=str, keep_default_na=False)
    assert record["pages"] == len(manifest) and record["counts"]["real_original/real"] == 6
    assert set(manifest.loc[manifest["kind"] == "farm_copy", "style"]) <= {"site_cluster", "aggregator"}
    assert all(p.endswith(".html") for p in manifest.loc[manifest["kind"] != "real_original", "path"])
    assert "real_original/real" in result.stderr and "pages in" in result.stderr
