"""Spark in local[2] gives the rows `contentfarm score` gives, row for row,
error rows included: the same scoring core, whatever the engine. Files,
folders and WARC files; pages in a table; URL lists fetched inside the
executors from a server the tests start on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import random
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install -e '.[spark]'; make test does)")

pytest.register_assert_rewrite("spark_support")  # before its import: its fixtures assert

from spark_support import cli_score  # noqa: E402

# The session, the inputs and the CLI's rows, made once for the test run.
pytest_plugins = ["spark_support"]

from classifier import spark as cs  # noqa: E402
from classifier.batch import BATCH_COLUMNS  # noqa: E402
from classifier.fetch import FetchConfig  # noqa: E402

pytestmark = pytest.mark.slow


def as_rows(frame) -> list[dict]:
    return [row.asDict(recursive=True) for row in frame.collect()]


def test_path_rows_equal_cli_rows_in_order_for_files_folders_and_warcs(spark, spark_inputs, cli_rows, toy_model_dir):
    frame = cs.paths_frame(spark, cs.expand_paths(spark_inputs))
    assert frame.rdd.getNumPartitions() > 1  # the rows really are spread over tasks
    rows = as_rows(cs.score_dataframe(frame, toy_model_dir))
    assert [list(row) for row in rows[:1]] == [BATCH_COLUMNS]
    assert rows == cli_rows
    statuses = Counter(row["status"] for row in rows)
    # Every kind of error row is in the comparison, and real pages of both labels.
    assert {"read_error", "empty", "not_html", "http_4xx", "revisit"} <= set(statuses)
    assert {row["label"] for row in rows if row["status"] == "ok"} == {"farm", "original"}
    assert all(row["farm_probability"] is None and row["reasons"] == [] for row in rows if row["status"] != "ok")


def test_a_folder_left_whole_in_one_row_gives_the_cli_rows_too(spark, spark_inputs, cli_rows, toy_model_dir):
    folder = spark_inputs[0]
    frame = spark.createDataFrame([(folder,)], "path string")
    rows = as_rows(cs.score_dataframe(frame, toy_model_dir))
    assert rows == [row for row in cli_rows if row["input"].startswith(folder + "/")]
    assert len(rows) == 3


def _page_rows(spark_inputs):
    """The readable page files as `pages` rows: .html files as decoded html
    strings (the way a crawl table holds them), the others as raw bytes."""
    rows = []
    for name in spark_inputs:
        path = Path(name)
        if not path.is_file() or name.endswith(".warc.gz"):
            continue
        data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
        kind = "text" if ".txt" in path.name else "html"
        as_html = name.endswith(".html") and not data.startswith(b"\x89PNG")
        rows.append((name, path.resolve().as_uri(), data.decode("utf-8") if as_html else None,
                     None if as_html else data, kind))
    return rows


def test_pages_rows_with_html_or_body_equal_cli_rows_for_the_same_files(spark, spark_inputs, cli_rows, toy_model_dir):
    page_rows = _page_rows(spark_inputs)
    assert {kind for *_, kind in page_rows} == {"html", "text"}
    assert any(html is not None for _, _, html, _, _ in page_rows) and any(b is not None for *_, b, _ in page_rows)
    frame = spark.createDataFrame(page_rows, "input string, url string, html string, body binary, kind string")
    rows = as_rows(cs.score_dataframe(frame.repartition(2), toy_model_dir))
    expected = {row["input"]: row for row in cli_rows}
    assert len(rows) == len(page_rows)
    for row in rows:
        assert row == expected[row["input"]]
    assert {"empty", "not_html"} <= {row["status"] for row in rows}


def test_spark_score_table_input_gives_the_cli_rows_of_the_same_pages(spark, spark_inputs, cli_rows, toy_model_dir,
                                                                      tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from classifier.cli import main

    columns = ["input", "url", "html", "body", "kind"]
    table = pa.Table.from_pylist([dict(zip(columns, row)) for row in _page_rows(spark_inputs)])
    pq.write_table(table, tmp_path / "pages.parquet")
    output = tmp_path / "scores"
    result = CliRunner().invoke(main, ["spark-score", "--table", str(tmp_path / "pages.parquet"), "--model",
                                       str(toy_model_dir), "-o", str(output), "-q"])
    assert result.exit_code == 3, result.output  # the empty and the binary page
    expected = {row["input"]: row for row in cli_rows}
    written = pq.read_table(output).to_pylist()
    assert len(written) == table.num_rows
    assert all(row == expected[row["input"]] for row in written)


def test_a_page_over_the_time_budget_gets_the_cli_timeout_row(spark, toy_model_dir, tmp_path):
    from toy_pages import farm_page

    # ~300 KB of real markup takes far more than a millisecond to parse, so a
    # 1 ms budget always runs out: both engines must give the same timeout row.
    rng = random.Random(1)
    big = tmp_path / "big.html"
    big.write_text("".join(farm_page(rng)[0] for _ in range(60)), encoding="utf-8")
    code, expected = cli_score([str(big)], toy_model_dir, tmp_path / "cli.jsonl", "--page-timeout", "0.001")
    frame = spark.createDataFrame([(str(big),)], "path string")
    rows = [r.asDict(recursive=True) for r in cs.score_dataframe(frame, toy_model_dir, page_timeout=0.001).collect()]
    assert code == 3 and expected[0]["status"] == "timeout"
    assert rows == expected


def test_kept_columns_follow_every_page_of_their_source_row_nulls_included(spark, spark_inputs, toy_model_dir):
    warcs = [p for p in spark_inputs if p.endswith(".warc.gz")]
    # The first WARC's row has null kept values: pandas hands them over as NaN.
    frame = spark.createDataFrame([(p, f"segment-{i}" if i else None, i if i else None) for i, p in enumerate(warcs)],
                                  "path string, segment string, number int")
    rows = as_rows(cs.score_dataframe(frame, toy_model_dir, keep=["number", "segment"]))
    assert list(rows[0]) == [*BATCH_COLUMNS, "number", "segment"]
    for row in rows:
        i = warcs.index(row["input"].split("#")[0])
        assert row["segment"] == (f"segment-{i}" if i else None) and row["number"] == (i if i else None)
    assert len(rows) == 6 + 2 + 1  # records of the two WARCs and the broken one's error row


def test_accumulator_counts_statuses_and_labels_of_one_computation(spark, spark_inputs, cli_rows, toy_model_dir):
    counter = cs.new_counter(spark)
    frame = cs.paths_frame(spark, cs.expand_paths(spark_inputs))
    cs.score_dataframe(frame, toy_model_dir, counter=counter).write.format("noop").mode("overwrite").save()
    statuses, labels = cs.split_counts(counter.value)
    assert statuses == dict(Counter(row["status"] for row in cli_rows))
    assert labels == dict(Counter(row["label"] for row in cli_rows if row["label"]))


def test_spark_score_command_writes_partitioned_parquet_and_reports_counts(spark, spark_inputs, cli_rows,
                                                                           toy_model_dir, tmp_path):
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from classifier.cli import main

    output = tmp_path / "scores"
    # In process, so the command reuses the test session instead of starting a second JVM.
    result = CliRunner().invoke(main, ["spark-score", *spark_inputs, "--model", str(toy_model_dir),
                                       "-o", str(output), "--partition-by", "status", "-q"])
    assert result.exit_code == 3, result.output
    summary = json.loads(result.stdout)
    assert summary["statuses"] == dict(sorted(Counter(row["status"] for row in cli_rows).items()))
    assert summary["rows"] == len(cli_rows)
    assert {p.name for p in output.iterdir() if p.is_dir()} == {f"status={s}" for s in summary["statuses"]}
    written = pq.read_table(output).to_pylist()
    got = sorted(json.dumps({c: row[c] for c in BATCH_COLUMNS}, sort_keys=True) for row in written)
    assert got == sorted(json.dumps(row, sort_keys=True) for row in cli_rows)
    assert spark.sparkContext._jsc is not None  # the command left the caller's session running

    again = CliRunner().invoke(main, ["spark-score", *spark_inputs, "--model", str(toy_model_dir), "-o", str(output)])
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.mark.parametrize("list_on_cluster", [False, True])
def test_paths_from_a_gzipped_list_local_or_read_through_spark_gives_the_cli_rows(
        spark, spark_inputs, cli_rows, toy_model_dir, tmp_path, monkeypatch, list_on_cluster):
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from classifier.cli import main

    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(("# inputs\n\n" + "\n".join(spark_inputs) + "\n").encode()))
    location = str(listing)
    if list_on_cluster:  # the s3a:// / hdfs:// path, taken with a file:// URI
        location = listing.resolve().as_uri()
        monkeypatch.setattr(cs, "_is_remote", lambda where: where.startswith("file:"))
    output = tmp_path / "scores"
    result = CliRunner().invoke(main, ["spark-score", "--paths-from", location, "--model", str(toy_model_dir),
                                       "-o", str(output), "-q"])
    assert result.exit_code == 3, result.output
    assert json.loads(result.stdout)["rows"] == len(cli_rows)
    written = pq.read_table(output).to_pylist()
    assert sorted(json.dumps(r, sort_keys=True) for r in written) == sorted(json.dumps(r, sort_keys=True)
                                                                          for r in cli_rows)


def test_a_missing_or_empty_paths_list_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from classifier.cli import main

    missing = CliRunner().invoke(main, ["spark-score", "--paths-from", str(tmp_path / "nope.paths"),
                                        "-o", str(tmp_path / "out")])
    assert missing.exit_code == 2 and "cannot read --paths-from" in missing.output
    (tmp_path / "empty.paths").write_text("# nothing yet\n\n")
    empty = CliRunner().invoke(main, ["spark-score", "--paths-from", str(tmp_path / "empty.paths"),
                                      "-o", str(tmp_path / "out")])
    assert empty.exit_code == 2 and "no paths in --paths-from" in empty.output
    assert not (tmp_path / "out").exists()


def test_spark_score_refuses_two_kinds_of_input_as_a_usage_error(toy_model_dir, tmp_path):
    from click.testing import CliRunner

    from classifier.cli import main

    result = CliRunner().invoke(main, ["spark-score", "a.warc.gz", "--urls", "urls.txt", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "exactly one kind of input" in result.output


def test_a_tampered_model_is_refused_on_the_driver_before_any_task(spark, toy_model_dir, tmp_path):
    import shutil

    bad = tmp_path / "model"
    shutil.copytree(toy_model_dir, bad)
    with open(bad / "model.joblib", "ab") as stream:
        stream.write(b"x")
    frame = spark.createDataFrame([("a.html",)], "path string")
    with pytest.raises(cs.ModelError, match="sha256"):
        cs.score_dataframe(frame, bad)


def test_model_read_through_spark_from_a_uri_scores_like_a_local_folder(spark, spark_inputs, toy_model_dir,
                                                                         monkeypatch):
    local = cs.read_model_files(toy_model_dir)
    monkeypatch.setattr(cs, "_is_remote", lambda location: True)  # take the s3a:// / hdfs:// path with file://
    assert cs.read_model_files(Path(toy_model_dir).resolve().as_uri(), spark) == local


def test_a_skops_model_file_scores_like_its_folder(spark, spark_inputs, cli_rows, toy_model_dir, tmp_path,
                                                  monkeypatch):
    from classifier.safe_model import export_model

    skops_file = export_model(toy_model_dir, tmp_path / "farm-model.skops")
    frame = spark.createDataFrame([(p,) for p in spark_inputs if p.endswith(".warc.gz")], "path string")
    rows = as_rows(cs.score_dataframe(frame, str(skops_file)))
    assert rows == [row for row in cli_rows if row["input"].split("#")[0].endswith(".warc.gz")]
    shipped = cs.read_model_files(skops_file)
    assert list(shipped) == [cs.SKOPS_NAME]
    monkeypatch.setattr(cs, "_is_remote", lambda location: True)  # the object-store path, with file://
    assert cs.read_model_files(skops_file.resolve().as_uri(), spark) == shipped


def test_a_bad_model_is_refused_under_the_name_the_user_gave(spark, toy_model_dir, tmp_path):
    import json as json_module
    import shutil

    stale = tmp_path / "stale-model"
    shutil.copytree(toy_model_dir, stale)
    card = json_module.loads((stale / "model.json").read_text())
    card["feature_set_version"] = "an-old-feature-set"
    (stale / "model.json").write_text(json_module.dumps(card))
    frame = spark.createDataFrame([("a.html",)], "path string")
    with pytest.raises(cs.ModelError, match="feature set an-old-feature-set") as caught:
        cs.score_dataframe(frame, str(stale))
    assert str(stale) in str(caught.value) and "contentfarm-model-" not in str(caught.value)


# --- URL lists, fetched inside the executors -----------------------------

@pytest.fixture(scope="module")
def site():
    from toy_pages import farm_page, original_page

    rng = random.Random(5)
    html = "text/html; charset=utf-8"
    routes = {
        "/original": (200, html, original_page(rng)[0].encode()),
        "/farm": (200, html, farm_page(rng)[0].encode()),
        "/notes": (200, "text/plain; charset=utf-8", b"Ferry plan moves ahead\n\nBy Eli Novak\n\nThe ferry runs.\n"),
        "/gone": (404, html, b"<p>gone</p>"),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        "/blank": (200, html, b""),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/moved":
                self.send_response(301)
                self.send_header("Location", "/farm")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            code, content_type, body = routes.get(self.path, (404, "text/plain", b"no such page"))
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    """A URL on a loopback port nothing listens on: the fetch fails (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/refused"


@pytest.fixture(scope="module")
def url_list(site, tmp_path_factory):
    paths = ["/original", "/farm", "/notes", "/gone", "/logo.png", "/blank", "/moved", "/original"]
    lines = ["# a comment line, skipped", *[site + p for p in paths], "", "not a url", "ftp://127.0.0.1/file",
             closed_port_url()]
    path = tmp_path_factory.mktemp("urls") / "urls.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


FETCH = ("--allow-private", "--retries", "0", "--timeout", "10")


@pytest.fixture(scope="module")
def cli_url_rows(url_list, toy_model_dir, tmp_path_factory):
    code, rows = cli_score(["--urls", str(url_list)], toy_model_dir, tmp_path_factory.mktemp("cli") / "u.jsonl", *FETCH)
    assert code == 3
    return rows


def test_fetched_rows_equal_cli_rows_in_order_with_fetch_errors(spark, url_list, cli_url_rows, toy_model_dir):
    frame = cs.url_list_frame(spark, str(url_list), partitions=3)
    config = FetchConfig(allow_private=True, retries=0, total_timeout=10, connect_timeout=10, read_timeout=10)
    rows = [r.asDict(recursive=True) for r in cs.score_dataframe(frame, toy_model_dir,
                                                                 fetch_options={"config": config}).collect()]
    assert rows == cli_url_rows
    assert len(rows) == 11  # eight URLs, the bad one, the ftp one, the refused one; comment and blank line skipped
    assert {"http_4xx", "not_html", "empty", "invalid_url", "blocked_address",
            "connection_error"} <= {r["status"] for r in rows}
    assert [r["label"] for r in rows[:3]] == ["original", "farm", "original"]
    assert rows[6]["url"].endswith("/farm") and rows[6]["http_status"] == 200  # the redirect was followed


def test_spark_score_urls_command_writes_the_cli_rows(spark, url_list, cli_url_rows, toy_model_dir, tmp_path):
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from classifier.cli import main

    output = tmp_path / "scores"
    result = CliRunner().invoke(main, ["spark-score", "--urls", str(url_list), "--by-host", "--model",
                                       str(toy_model_dir), "-o", str(output), *FETCH, "-q"])
    assert result.exit_code == 3, result.output
    assert json.loads(result.stdout)["rows"] == len(cli_url_rows)
    written = pq.read_table(output).to_pylist()
    assert sorted(json.dumps(r, sort_keys=True) for r in written) == \
        sorted(json.dumps(r, sort_keys=True) for r in cli_url_rows)


def test_private_addresses_stay_refused_inside_executors_without_the_flag(spark, url_list, toy_model_dir):
    rows = cs.score_dataframe(cs.url_list_frame(spark, str(url_list), partitions=1), toy_model_dir).collect()
    local = [r for r in rows if r.input.startswith("http://127.0.0.1")]
    assert local and {r.status for r in local} == {"blocked_address"}
