"""Pathological sizes: each page comes back as a row (scored, or stopped by the
time budget or the memory cap), the page after it is scored, and the worker's
memory stays under the cap.

Measured in one process without a budget (2 shared cores): 100,000 nested
divs take lexbor ~40 s to parse (its tree building is quadratic in depth);
1,000,000 links (53 MB) ~45 s and 2.1 GB; a 50 MB single line ~15 s and
1.9 GB; 100,000 headline lists (21 MB) ~25 s and 0.9 GB. Under the budget each
costs its budget and no more.
"""

from __future__ import annotations

import os
import resource

import pytest
from shared_paths import SAMPLES
from hostile_support import quick_model

from classifier.budget import BudgetScorer
from classifier.pages import MAX_PAGE_BYTES, Page, read_file_page, read_pages

pytestmark = pytest.mark.slow

#: Page budget for these tests (seconds): enough for the normal page after the
#: giant one on a loaded machine.
SECONDS = 3.0
#: Memory cap of the worker (MB): well above its ~250 MB holding the model.
MEMORY_MB = 1536
#: How far past the cap the worker may get between two memory checks (MB).
CHECK_SLACK_MB = 512
ACCEPTED = {"ok", "timeout", "too_large"}


@pytest.fixture(scope="module")
def scorer():
    with BudgetScorer(quick_model(), SECONDS, memory_mb=MEMORY_MB) as budget_scorer:
        yield budget_scorer


def score_giant(scorer, html: str) -> tuple[str, str]:
    normal = next(iter(read_pages([str(SAMPLES / "original_local_news.html")])))
    giant = Page.from_html(html, input="giant.html")
    del html
    rows = scorer.score([giant, normal])
    assert rows[1].status == "ok", rows[1]
    assert rows[0].status in ACCEPTED, rows[0]
    assert scorer.peak_memory_mb < MEMORY_MB + CHECK_SLACK_MB
    return rows[0].status, rows[0].error


def test_nesting_100000_levels_deep_comes_back_as_a_row(scorer):
    depth = 100_000
    status, _ = score_giant(scorer, "<html><body>" + "<div>" * depth + "deep text" + "</div>" * depth + "</body></html>")
    assert status in ACCEPTED


def test_1000000_links_come_back_as_a_row(scorer):
    links = "".join(f"<li><a href='/a{i}'>Story number {i} of the list</a></li>" for i in range(1_000_000))
    status, _ = score_giant(scorer, "<html><body><ul>" + links + "</ul></body></html>")
    assert status in ACCEPTED


def test_a_50_mb_single_line_comes_back_as_a_row(scorer):
    unit = "word and more words on one very long line "
    line = unit * (50 * 2**20 // len(unit))
    assert "\n" not in line and len(line) >= 50 * 2**20 - len(unit)
    status, _ = score_giant(scorer, "<html><body><p>" + line + "</p></body></html>")
    assert status in ACCEPTED


def test_100000_headline_lists_come_back_as_a_row(scorer):
    lists = "".join(f"<div><h3>Related</h3><ul><li><a href='/{i}a'>First headline of list {i}</a></li>"
                    f"<li><a href='/{i}b'>Second headline of list {i}</a></li>"
                    f"<li><a href='/{i}c'>Third headline of list {i}</a></li></ul></div>" for i in range(100_000))
    status, _ = score_giant(scorer, "<html><body>" + lists + "</body></html>")
    assert status in ACCEPTED


def test_a_50_mb_file_is_cut_at_the_read_limit_so_memory_is_bounded_before_parsing(tmp_path):
    path = tmp_path / "huge.html"
    unit = b"word and more words on one very long line "
    with open(path, "wb") as stream:
        stream.write(b"<html><body><p>")
        for _ in range(50 * 2**20 // (len(unit) * 1024)):
            stream.write(unit * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    page = read_file_page(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert page.ok and page.truncated and len(page.body) == MAX_PAGE_BYTES
    assert grown_mb < 4 * MAX_PAGE_BYTES / 2**20, "reading kept only the first MAX_PAGE_BYTES"
    assert os.path.getsize(path) > 45 * 2**20
