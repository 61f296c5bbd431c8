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
