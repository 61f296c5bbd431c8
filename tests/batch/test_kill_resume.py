"""SIGKILL in the middle of a batch, then --resume: no input lost, none
duplicated. The CLI runs in a subprocess as users run it, with worker
processes, against the loopback server."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from batch_support import shared_server

from classifier.atomic import partial_path

N_URLS = 200
#: Rows that must be written before the kill, so it lands mid-run.
ROWS_BEFORE_KILL = 40
#: Seconds the orphaned workers may take to notice the main process is gone
#: (they look every second; a loaded machine is slow to schedule them).
ORPHAN_GRACE_SECONDS = 20


@pytest.fixture(scope="session")
def server():
    return shared_server()


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONWARNINGS"] = "error::DeprecationWarning:classifier"
    return env


def read_inputs(path, fmt) -> list[str]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonl":
        return [json.loads(line)["input"] for line in text.splitlines() if line.endswith("}")]
    rows = list(csv.DictReader(text.splitlines()))
    return [r["input"] for r in rows]


def process_group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize("fmt,order", [("jsonl", []), ("csv", ["--unordered"])])
def test_sigkill_mid_run_then_resume_scores_every_input_exactly_once(server, toy_model_dir, tmp_path, fmt, order):
    urls = [server.url(f"/page/{2000 + i}?delay=0.05") for i in range(N_URLS)]
    url_file = tmp_path / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    out = tmp_path / f"scores.{fmt}"
    growing = partial_path(out)  # where rows go until the run ends well
    command = [sys.executable, "-m", "classifier", "score", "--urls", str(url_file), "-o", str(out),
               "--model", str(toy_model_dir), "--allow-private", "--workers", "2", "--concurrency", "4",
               "--per-host", "4", "--timeout", "30", *order]
    first = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=clean_env())
    try:
        deadline = time.monotonic() + 240
        while len(read_inputs(growing, fmt)) < ROWS_BEFORE_KILL:
            assert first.poll() is None, f"the run ended before the kill: {first.stderr.read().decode()}"
            assert time.monotonic() < deadline, "no rows were written"
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(30)
        before = read_inputs(growing, fmt)
        assert ROWS_BEFORE_KILL <= len(before) < N_URLS
        assert not out.exists()  # the final name appears only when a run ends well
        # A kill can land in the middle of a row: leave half a row, as it would.
        with open(growing, "a", encoding="utf-8") as stream:
            stream.write('{"input": "' + urls[-1][:25] if fmt == "jsonl" else f'"{urls[-1][:25]}",http')
        deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
        while process_group_alive(first.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not process_group_alive(first.pid), "worker processes outlived the killed batch"
    finally:
        if process_group_alive(first.pid):
            os.killpg(first.pid, signal.SIGKILL)
    second = subprocess.run(command + ["--resume"], capture_output=True, timeout=600, env=clean_env())
    assert second.returncode == 0, second.stderr.decode()
    after = read_inputs(out, fmt)
    assert Counter(after) == Counter(urls)  # every input exactly once
    if not order:
        assert after == urls  # ordered runs stay in input order across the resume
    stderr = second.stderr.decode()
    assert f"{len(before)} already in the output" in stderr and f"scored {N_URLS - len(before)} inputs" in stderr


def parquet_files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_parquet_output_a_killed_fresh_run_leaves_the_old_output_and_a_resume_replaces_it(server, toy_model_dir,
                                                                                          tmp_path):
    """A fresh run writes its parts beside the earlier output and swaps them in
    at the end: SIGKILLed mid-way, the earlier output is still there, byte for
    byte; the resume finishes the new output with every input exactly once and
    none of the old rows; a later fresh run that completes holds only its own."""
    import pandas as pd

    from classifier.batch import BATCH_COLUMNS, ParquetParts, PARQUET_PART_SECONDS

    out = tmp_path / "scores.parquet"
    with ParquetParts(out) as sink:
        sink.write_many([dict.fromkeys(BATCH_COLUMNS, None) | {"input": f"old-{i}", "status": "ok"}
                         for i in range(3)])
    old = parquet_files(out)
    # Slow enough (at most 2 in flight, 0.1 s each) that the first part, closed
    # after PARQUET_PART_SECONDS, comes long before the last URL.
    n_urls = 400
    urls = [server.url(f"/page/{3000 + i}?delay=0.1") for i in range(n_urls)]
    url_file = tmp_path / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    growing = partial_path(out)
    command = [sys.executable, "-m", "classifier", "score", "--urls", str(url_file), "-o", str(out),
               "--model", str(toy_model_dir), "--allow-private", "--workers", "1", "--concurrency", "2",
               "--per-host", "2", "--timeout", "30"]
    first = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=clean_env())
    try:
        deadline = time.monotonic() + 240 + PARQUET_PART_SECONDS
        while not (growing.is_dir() and list(growing.glob("part-*.parquet"))):
            assert first.poll() is None, f"the run ended before the kill: {first.stderr.read().decode()}"
            assert time.monotonic() < deadline, "no part was written"
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(30)
    finally:
        if process_group_alive(first.pid):
            os.killpg(first.pid, signal.SIGKILL)
    assert parquet_files(out) == old, "the earlier output is untouched by the killed run"
    assert list(pd.read_parquet(out)["input"]) == ["old-0", "old-1", "old-2"]
    before = list(pd.read_parquet(growing)["input"])
    assert 0 < len(before) < n_urls and before == urls[:len(before)]

    second = subprocess.run(command + ["--resume"], capture_output=True, timeout=600, env=clean_env())
    assert second.returncode == 0, second.stderr.decode()
    assert f"{len(before)} already in the output" in second.stderr.decode()
    after = list(pd.read_parquet(out)["input"])
    assert after == urls, "every input exactly once, in input order, and no old row"
    assert not growing.exists()

    few = tmp_path / "few.txt"
    few.write_text("\n".join(urls[:5]) + "\n")
    command[command.index(str(url_file))] = str(few)
    third = subprocess.run(command, capture_output=True, timeout=600, env=clean_env())
    assert third.returncode == 0, third.stderr.decode()
    assert list(pd.read_parquet(out)["input"]) == urls[:5], "a completed fresh run holds only its own rows"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["few.txt", "scores.parquet", "urls.txt"]
