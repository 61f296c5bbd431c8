"""`contentfarm score --urls ...` end to end, in a subprocess as users run it."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd
import pytest
from batch_support import shared_server


@pytest.fixture(scope="session")
def server():
    return shared_server()


def run(*args, stdin: bytes | None = None):
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run([sys.executable, "-m", "classifier", *map(str, args)], input=stdin, capture_output=True,
                          timeout=600, env=env)


@pytest.mark.parametrize("args,message", [
    ([], "nothing to score"),
    (["--urls", "-", "-"], "not both"),
    (["--urls", "u.txt", "--save-warc", "out.warc"], ".warc.gz"),
])
def test_usage_errors_exit_2_with_a_message(args, message):
    result = run("score", *args)
    assert result.returncode == 2 and message in result.stderr.decode()


def test_resume_without_an_output_file_is_a_usage_error(toy_model_dir, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("http://a.test/\n")
    result = run("score", "--urls", urls, "--resume", "--model", toy_model_dir)
    assert result.returncode == 2 and "--resume needs an output file" in result.stderr.decode()


def test_a_url_list_without_url_column_is_fatal(toy_model_dir, tmp_path):
    urls = tmp_path / "urls.csv"
    urls.write_text("link\nhttp://a.test/\n")
    result = run("score", "--urls", urls, "--model", toy_model_dir, "-o", tmp_path / "out.jsonl")
    assert result.returncode == 1 and "no 'url' column" in result.stderr.decode()


@pytest.fixture(scope="module")
def fetched(server, toy_model_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli_urls")
    urls = folder / "urls.csv"
    listed = [server.url("/page/50"), server.url("/status/404"), server.url("/gzip"), "not a url"]
    urls.write_text("url,note\n" + "".join(f"{u},listed\n" for u in listed))
    out, warc = folder / "scores.parquet", folder / "fetched.warc.gz"
    positional = server.url("/page/51")
    result = run("score", positional, "--urls", urls, "--model", toy_model_dir, "-o", out, "--allow-private",
                 "--save-warc", warc, "--workers", "1", "--retries", "0", "--timeout", "20")
    return {"result": result, "frame": pd.read_parquet(out) if out.exists() else None, "warc": warc,
            "inputs": [positional] + listed, "folder": folder}


def test_url_list_rows_in_order_with_statuses_and_codes(fetched):
    result, frame = fetched["result"], fetched["frame"]
    assert result.returncode == 3, result.stderr.decode()  # some rows are errors
    assert list(frame["input"]) == fetched["inputs"]
    assert list(frame["status"]) == ["ok", "ok", "http_4xx", "ok", "invalid_url"]
    assert frame["http_status"].tolist()[:4] == [200, 200, 404, 200]
    assert frame.loc[frame.status == "ok", "farm_probability"].between(0, 1).all()


def test_summary_by_status_goes_to_stderr_and_no_progress_bar_when_piped(fetched):
    stderr = fetched["result"].stderr.decode()
    assert "scored 5 inputs" in stderr and "3 ok" in stderr and "1 http_4xx" in stderr and "1 invalid_url" in stderr
    assert "\r" not in stderr and "it/s" not in stderr and "page/s" not in stderr
    assert fetched["result"].stdout == b""  # -o given: nothing on stdout


def test_saved_warc_is_scored_again_without_the_network(fetched, toy_model_dir):
    again = fetched["folder"] / "again.jsonl"
    result = run("score", fetched["warc"], "--model", toy_model_dir, "-o", again)
    assert result.returncode == 3, result.stderr.decode()  # the 404 is kept, and reported again
    rows = pd.read_json(again, lines=True)
    assert sorted(rows["status"]) == ["http_4xx", "ok", "ok", "ok"]  # in the order the pages were fetched
    live = fetched["frame"].set_index("url")
    for _, row in rows[rows.status == "ok"].iterrows():
        assert row["farm_probability"] == pytest.approx(live.loc[row["url"], "farm_probability"])


def test_loopback_urls_are_refused_without_allow_private(server, toy_model_dir):
    listed = f"{server.url('/page/52')}\nhttp://[::1]/\n".encode()
    result = run("score", "--urls", "-", "--model", toy_model_dir, "--format", "jsonl", stdin=listed)
    assert result.returncode == 3
    rows = pd.read_json(io.StringIO(result.stdout.decode()), lines=True) if result.stdout else None
    assert rows is not None and list(rows["status"]) == ["blocked_address", "blocked_address"]
    assert "2 blocked_address" in result.stderr.decode()
