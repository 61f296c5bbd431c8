"""`contentfarm spark-score` without a Spark session: its help teaches, and a
missing pyspark is a one-line message naming the extra, not a traceback.
These need no pyspark, so they run wherever the CLI is installed."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from classifier.cli import main

# Runs the CLI with every pyspark import failing, as on an install without the extra.
WITHOUT_PYSPARK = """
import sys
for name in ("pyspark", "pyspark.sql", "pyspark.accumulators"):
    sys.modules[name] = None  # import of a None entry raises ImportError
from classifier.cli import main
main(sys.argv[1:], prog_name="contentfarm")
"""


def run_without_pyspark(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT_PYSPARK, *args], capture_output=True, text=True, timeout=120)


def test_a_missing_pyspark_names_the_extra_to_install(tmp_path):
    result = run_without_pyspark("spark-score", str(tmp_path / "crawl.warc.gz"), "-o", str(tmp_path / "scores"))
    assert result.returncode == 1
    assert "pip install 'contentfarm[spark]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "scores").exists()


def test_help_needs_no_pyspark_and_lists_the_options():
    result = run_without_pyspark("spark-score", "--help")
    assert result.returncode == 0, result.stderr
    for option in ("--paths-from", "--urls", "--table", "--model", "--output", "--partition-by", "--partitions",
                   "--by-host", "--master", "--conf", "--page-timeout", "--force"):
        assert option in result.stdout


def test_every_option_says_what_it_does():
    command = main.commands["spark-score"]
    undocumented = [param.name for param in command.params
                    if getattr(param, "param_type_name", "") == "option" and not (param.help or "").strip()]
    assert undocumented == []


def test_help_shows_a_local_run_and_a_spark_submit_run_with_options_the_command_takes():
    help_text = CliRunner().invoke(main, ["spark-score", "--help"]).output
    assert "contentfarm spark-score crawl/*.warc.gz -o scores/ --partition-by label" in help_text
    assert "spark-submit --master yarn" in help_text and "classifier/spark_job.py" in help_text
    # Every option an example uses is one the command has.
    known = {opt for param in main.commands["spark-score"].params for opt in getattr(param, "opts", [])}
    example_lines = [line for line in help_text.splitlines() if line.startswith("    ") and " --" in line]
    used = {word for line in example_lines for word in line.split() if word.startswith("--")}
    spark_submit_flags = {"--master", "--deploy-mode", "--archives", "--files", "--py-files", "--conf"}
    assert used - spark_submit_flags <= known


def test_a_bad_local_model_fails_before_spark_starts(tmp_path):
    import os

    # JAVA_HOME points nowhere: reaching Spark would fail with the Java message instead.
    result = subprocess.run([sys.executable, "-m", "classifier", "spark-score", str(tmp_path / "a.warc.gz"),
                             "--model", str(tmp_path / "no-model"), "-o", str(tmp_path / "scores")],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "JAVA_HOME": str(tmp_path / "no-java")})
    assert result.returncode == 1
    assert "no model card" in result.stderr and "Java" not in result.stderr


def test_without_java_spark_score_says_what_to_install(tmp_path, toy_model_dir):
    import os

    import pytest

    pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install -e '.[spark]')")
    result = subprocess.run([sys.executable, "-m", "classifier", "spark-score", str(tmp_path / "a.warc.gz"),
                             "--model", str(toy_model_dir), "-o", str(tmp_path / "scores")],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "JAVA_HOME": str(tmp_path / "no-java")})
    assert result.returncode == 1
    assert "cannot start Spark" in result.stderr and "Java 17" in result.stderr
    assert "Traceback" not in result.stderr
