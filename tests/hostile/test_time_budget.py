"""The per-page time budget: a stuck page gets ``timeout``, the batch goes on.

The worker is a real process; pages are stuck in C code (a regular expression
that backtracks for ever), crash the worker, or blow its memory, and every
other page must still come back scored, in order.
"""

from __future__ import annotations

import json
import os
import signal
import time

import pytest
from click.testing import CliRunner
from shared_paths import SAMPLES
from hostile_support import BLOAT_BYTES, MarkerTask, marker_pages, quick_model

from classifier.budget import BudgetRunner, BudgetScorer, score_with_budget
from classifier.cli import main
from classifier.model import save_model
from classifier.pages import Page, read_pages
from classifier.score import score_batch

#: A budget far above a normal page's time (5-60 ms) even on a loaded machine,
#: far below the stuck pages' (forever).
TEST_SECONDS = 3.0


def sample_pages() -> list[Page]:
    return list(read_pages([str(SAMPLES)]))


def stuck_page() -> Page:
    return Page.from_html("<html><head><title>HANG here</title></head><body><p>stuck</p></body></html>",
                          input="stuck.html")


def test_a_page_over_the_budget_gets_timeout_and_the_next_page_is_scored():
    model = quick_model(hanging=True)
    samples = sample_pages()
    pages = samples[:2] + [stuck_page()] + samples[2:]
    started = time.monotonic()
    rows = score_with_budget(model, pages, seconds=TEST_SECONDS)
    elapsed = time.monotonic() - started
    assert [row.input for row in rows] == [page.input for page in pages]
    assert rows[2].status == "timeout" and "budget" in rows[2].error and rows[2].farm_probability is None
    expected = score_batch(model, samples)
    assert [(r.status, r.farm_probability, r.reasons) for r in rows[:2] + rows[3:]] == \
        [(r.status, r.farm_probability, r.reasons) for r in expected]
    assert elapsed < 60, "the stuck page was given up on after its budget, not waited for"


def test_the_worker_is_reused_between_chunks_until_a_page_overruns():
    model = quick_model(hanging=True)
    with BudgetScorer(model, TEST_SECONDS) as scorer:
        first = scorer.score(sample_pages())
        second = scorer.score(sample_pages())
        assert scorer.workers_started == 1
        assert [r.farm_probability for r in first] == [r.farm_probability for r in second]
        assert scorer.score([stuck_page()])[0].status == "timeout"
        assert all(r.status == "ok" for r in scorer.score(sample_pages()[:1]))
        assert scorer.workers_started == 2


def test_error_pages_keep_their_own_status_and_do_not_count_against_the_budget():
    model = quick_model(hanging=True)
    pages = [Page.failed("missing.html", "read_error", "no such file"), stuck_page(), sample_pages()[0]]
    rows = score_with_budget(model, pages, seconds=TEST_SECONDS)
    assert [r.status for r in rows] == ["read_error", "timeout", "ok"]


def test_a_stuck_model_step_is_split_so_only_the_stuck_page_times_out():
    # every page featurises quickly; the chunk then hangs after its last page
    pages = marker_pages("a", "slow-end", "b", "c")
    with BudgetRunner(MarkerTask(), seconds=0.5) as runner:
        rows = runner.run(pages)
    assert rows == [("0:a", "ok"), ("1:slow-end", "timeout"), ("2:b", "ok"), ("3:c", "ok")]


def test_a_page_that_crashes_the_worker_gets_an_error_row_and_the_rest_are_scored():
    pages = marker_pages("a", "crash", "b", "sleep", "c")
    with BudgetRunner(MarkerTask(), seconds=0.5) as runner:
        rows = runner.run(pages)
        assert runner.workers_started == 3  # first, after the crash, after the timeout
    assert rows == [("0:a", "ok"), ("1:crash", "parse_error"), ("2:b", "ok"), ("3:sleep", "timeout"), ("4:c", "ok")]


def test_a_page_that_exceeds_the_memory_cap_gets_too_large():
    pages = marker_pages("a", "bloat", "b")
    cap_mb = BLOAT_BYTES / 2**20 / 2  # the worker itself needs far less than half of what the page takes
    with BudgetRunner(MarkerTask(), seconds=30, memory_mb=cap_mb) as runner:
        started = time.monotonic()
        rows = runner.run(pages)
        elapsed = time.monotonic() - started
    assert rows == [("0:a", "ok"), ("1:bloat", "too_large"), ("2:b", "ok")]
    assert elapsed < 25, "stopped for its memory, not its time"


def test_an_empty_list_needs_no_worker():
    with BudgetRunner(MarkerTask(), seconds=1) as runner:
        assert runner.run([]) == []
        assert runner.workers_started == 0


@pytest.mark.parametrize("seconds", [0, -1, None])
def test_a_budget_must_be_positive(seconds):
    with pytest.raises(ValueError, match="positive"):
        BudgetRunner(MarkerTask(), seconds=seconds)


def test_a_worker_killed_from_outside_between_chunks_is_replaced():
    with BudgetRunner(MarkerTask(), seconds=5) as runner:
        assert runner.run(marker_pages("a")) == [("0:a", "ok")]
        os.kill(runner._worker.process.pid, signal.SIGKILL)
        runner._worker.process.join(5)
        assert runner.run(marker_pages("b", "c")) == [("0:b", "ok"), ("1:c", "ok")]
        assert runner.workers_started == 2


def test_score_command_page_timeout_gives_the_stuck_page_a_timeout_row_and_exit_code_3(tmp_path):
    save_model(quick_model(hanging=True), tmp_path / "model")
    stuck = tmp_path / "stuck.html"
    stuck.write_bytes(stuck_page().body)
    normal = SAMPLES / "original_local_news.html"
    result = CliRunner().invoke(main, ["score", str(stuck), str(normal), "--model", str(tmp_path / "model"),
                                       "--page-timeout", str(TEST_SECONDS), "--format", "jsonl", "--quiet"])
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [(row["input"], row["status"]) for row in rows] == [(str(stuck), "timeout"), (str(normal), "ok")]
    assert result.exit_code == 3


def test_workers_0_scores_in_this_process_with_no_worker_process_at_all(tmp_path, monkeypatch):
    import classifier.batch as batch
    import classifier.budget as budget

    def no_process(*args, **kwargs):
        raise AssertionError("--workers 0 started a worker process")

    monkeypatch.setattr(budget, "BudgetScorer", no_process)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", no_process)
    save_model(quick_model(), tmp_path / "model")
    result = CliRunner().invoke(main, ["score", str(SAMPLES), "--model", str(tmp_path / "model"), "--workers", "0",
                                       "--format", "jsonl", "--quiet"])
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert result.exit_code == 0, result.output
    assert len(rows) == len(sample_pages()) and {row["status"] for row in rows} == {"ok"}


def test_workers_0_with_an_explicit_page_timeout_is_refused_in_plain_words(tmp_path):
    save_model(quick_model(), tmp_path / "model")
    result = CliRunner().invoke(main, ["score", str(SAMPLES), "--model", str(tmp_path / "model"), "--workers", "0",
                                       "--page-timeout", "5", "--quiet"])
    assert result.exit_code == 2
    assert "--workers 0 scores in this process, where nothing can stop a page that overruns --page-timeout" \
        in result.output
