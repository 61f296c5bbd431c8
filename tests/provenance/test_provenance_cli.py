"""contentfarm index build | add | info | lookup."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from classifier.cli import main
from provenance_articles import BRIDGE, BRIDGE_HEADLINE, ORCHARD, ORCHARD_HEADLINE, page_html

GAZETTE = "https://www.millbrook-gazette.example/news/bridge"
VALLEY = "https://valley-times.example/farming/frost"


@pytest.fixture()
def pages(tmp_path):
    folder = tmp_path / "originals"
    folder.mkdir()
    (folder / "bridge.html").write_text(page_html(BRIDGE, BRIDGE_HEADLINE, GAZETTE), encoding="utf-8")
    (folder / "orchard.html").write_text(page_html(ORCHARD, ORCHARD_HEADLINE, VALLEY, published="2023-05-02"),
                                         encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text("\n".join(["You won't believe this bridge -Daily Trend Hub", "Date:2025-06-20 04:00:14",
                               *BRIDGE[:4], "veryGood! (7359)"]), encoding="utf-8")
    dates = tmp_path / "dates.csv"
    dates.write_text(f"url,date\n{GAZETTE},2024-03-05\n", encoding="utf-8")
    return {"folder": folder, "copy": copy, "dates": dates, "tmp": tmp_path}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_info_and_lookup(pages):
    index = pages["tmp"] / "originals.index"
    built = invoke("index", "build", pages["folder"], "-o", index, "--dates", pages["dates"], "-q")
    assert built.exit_code == 0, built.output
    info = json.loads(invoke("index", "info", index, "--json").stdout)
    assert info["documents"] == 2 and info["sites"] == 2
    # The dates file gave the bridge its date; the orchard page shows its own.
    assert (info["with_publication_date"], info["published_from"], info["published_to"]) == \
        (2, "2023-05-02", "2024-03-05")
    text = invoke("index", "info", index).stdout
    assert "documents: 2 from 2 sites" in text and "size on disk" in text
    looked = invoke("index", "lookup", index, pages["copy"], "--format", "jsonl")
    assert looked.exit_code == 0
    (row,) = [json.loads(line) for line in looked.stdout.splitlines()]
    assert row["copied_from"] == GAZETTE and row["copy_containment"] == 1.0
    assert row["published_earlier_elsewhere"] is True
    assert row["provenance_reason"] == ("100% of the text appears in millbrook-gazette.example/news/bridge "
                                        "published 16 months earlier")


def test_add_appends_and_skips_known_pages(pages):
    index = pages["tmp"] / "originals.index"
    assert invoke("index", "build", pages["folder"] / "bridge.html", "-o", index, "-q").exit_code == 0
    added = invoke("index", "add", index, pages["folder"])
    assert added.exit_code == 0
    assert "added 1 documents (1 already indexed" in added.stderr
    assert json.loads(invoke("index", "info", index, "--json").stdout)["documents"] == 2


def test_build_refuses_to_overwrite_without_force(pages):
    index = pages["tmp"] / "originals.index"
    assert invoke("index", "build", pages["folder"], "-o", index, "-q").exit_code == 0
    again = invoke("index", "build", pages["folder"], "-o", index, "-q")
    assert again.exit_code == 1 and "already holds an index" in again.stderr
    assert invoke("index", "build", pages["folder"] / "bridge.html", "-o", index, "--force", "-q").exit_code == 0
    assert json.loads(invoke("index", "info", index, "--json").stdout)["documents"] == 1


def test_unreadable_inputs_give_exit_code_3_and_the_rest_is_indexed(pages):
    index = pages["tmp"] / "originals.index"
    result = invoke("index", "build", pages["folder"], pages["tmp"] / "missing.html", "-o", index)
    assert result.exit_code == 3
    assert "skipped" in result.stderr and "missing.html" in result.stderr
    assert json.loads(invoke("index", "info", index, "--json").stdout)["documents"] == 2


def test_missing_index_is_a_fatal_error(pages):
    result = invoke("index", "info", pages["tmp"] / "nowhere")
    assert result.exit_code == 1 and "no provenance index" in result.stderr


def test_bad_dates_file_is_a_usage_error(pages):
    bad = pages["tmp"] / "bad.csv"
    bad.write_text("when,what\n2020-01-01,x\n", encoding="utf-8")
    result = invoke("index", "build", pages["folder"], "-o", pages["tmp"] / "idx", "--dates", bad)
    assert result.exit_code == 2 and "date column" in result.stderr


@pytest.mark.parametrize("command", ["build", "add", "info", "lookup"])
def test_every_index_command_has_help_with_an_example(command):
    result = invoke("index", command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout


def test_index_build_and_lookup_run_as_users_run_them(pages):
    index = pages["tmp"] / "idx"
    build = subprocess.run([sys.executable, "-m", "classifier", "index", "build", str(pages["folder"]), "-o",
                            str(index), "--dates", str(pages["dates"])], capture_output=True, timeout=300)
    assert build.returncode == 0 and build.stdout == b""  # stdout carries data only
    lookup = subprocess.run([sys.executable, "-m", "classifier", "index", "lookup", str(index), str(pages["copy"]),
                             "--format", "csv"], capture_output=True, timeout=300)
    assert lookup.returncode == 0
    assert GAZETTE in lookup.stdout.decode()


# --- contentfarm score --index ------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_score_with_index_adds_the_provenance_columns_and_reason(pages, toy_model_dir, suffix):
    import pandas as pd

    index = pages["tmp"] / "originals.index"
    assert invoke("index", "build", pages["folder"], "-o", index, "--dates", pages["dates"], "-q").exit_code == 0
    unrelated = pages["tmp"] / "unrelated.txt"
    unrelated.write_text("A short note about nothing in particular, written for this test only.", encoding="utf-8")
    out = pages["tmp"] / f"scores{suffix}"
    result = invoke("score", pages["copy"], unrelated, pages["tmp"] / "missing.html", "--model", toy_model_dir,
                    "--index", index, "--workers", "0", "--page-timeout", "0", "-o", out, "-q")
    assert result.exit_code == 3, result.output  # the missing file is an error row
    frame = {".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True),
             ".parquet": pd.read_parquet}[suffix](out)
    for column in ("copied_from", "copy_containment", "original_published", "published_earlier_elsewhere",
                   "same_site_match", "provenance_reason"):
        assert column in frame.columns
    copy, other, missing = frame.to_dict("records")
    assert copy["copied_from"] == GAZETTE and float(copy["copy_containment"]) == 1.0
    assert bool(copy["published_earlier_elsewhere"]) is True
    reasons = copy["reasons"]
    first = reasons.split(" | ")[0] if isinstance(reasons, str) else list(reasons)[0]
    assert first == copy["provenance_reason"] and first.endswith("published 16 months earlier")
    assert not isinstance(other["copied_from"], str) or other["copied_from"] == ""
    assert missing["status"] == "read_error"


def test_score_with_a_missing_index_fails_before_scoring(pages, toy_model_dir):
    result = invoke("score", pages["copy"], "--model", toy_model_dir, "--index", pages["tmp"] / "nowhere",
                    "--workers", "0", "--page-timeout", "0", "-q")
    assert result.exit_code == 1 and "no provenance index" in result.stderr
