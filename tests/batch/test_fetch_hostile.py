"""The hostile-network suite: every misbehaving endpoint of a loopback server
gives its row and status, in one batch, without hanging it, within the
configured timeouts."""

from __future__ import annotations

import time

import pytest
from batch_support import (MAX_BYTES, READ_TIMEOUT, TOTAL_TIMEOUT, ListSink, TableResolver, hostile_config,
                           load_toy_model, shared_server)
from hostile_server import BIG_BYTES

from classifier.batch import BatchConfig, run_batch
from classifier.fetch import fetch_pages

#: path -> expected status (and HTTP code where one is expected).
HOSTILE = {
    "/page/2": ("ok", 200),
    "/plain": ("ok", 200),
    "/gzip": ("ok", 200),
    "/empty": ("empty", 200),
    "/slow": ("timeout", None),
    "/hang": ("timeout", None),
    "/big": ("ok", 200),
    "/loop/a": ("redirect_loop", None),
    "/chain/0": ("redirect_loop", None),
    "/flaky/batch": ("ok", 200),
    "/retry-after/batch/1": ("ok", 200),
    "/always-503": ("http_5xx", 503),
    "/charset/utf8-labelled-latin1": ("ok", 200),
    "/charset/latin1-labelled-utf8": ("ok", 200),
    "/pdf-as-html": ("not_html", 200),
    "/pdf": ("not_html", 200),
    "/image": ("not_html", 200),
    "/reset": ("connection_error", None),
    "/bomb": ("too_large", 200),
    "/status/404": ("http_4xx", 404),
    "/status/410": ("http_4xx", 410),
    "/status/451": ("http_4xx", 451),
}
#: Not servers at all: (input, expected status).
BROKEN_INPUTS = [
    ("not a url", "invalid_url"),
    ("http://", "invalid_url"),
    ("ftp://files.example/story.html", "blocked_address"),
    ("http://no-such-host.test/story", "dns_error"),
]
#: The slowest endpoint costs (retries + 1) total timeouts plus backoff; the
#: batch must end well within twice that however many endpoints misbehave.
BATCH_BUDGET_SECONDS = 2 * 2 * TOTAL_TIMEOUT + 10


@pytest.fixture(scope="session")
def server():
    return shared_server()


@pytest.fixture(scope="session")
def toy_model(toy_model_dir):
    return load_toy_model(toy_model_dir)


@pytest.fixture(scope="module")
def hostile_batch(server, toy_model):
    urls = [server.url(path) for path in HOSTILE]
    port = server.port
    urls += [f"http://known.test:{port}/page/3"] + [raw for raw, _ in BROKEN_INPUTS]
    resolver = TableResolver({"known.test": "127.0.0.1"})
    sink = ListSink()
    hits_before = dict(server.hits)
    started = time.monotonic()
    result = run_batch(urls, sink, BatchConfig(workers=0, max_bytes=MAX_BYTES, fetch=hostile_config()),
                       model=toy_model, resolver=resolver)
    elapsed = time.monotonic() - started
    hits = {path: server.hits[path] - hits_before.get(path, 0) for path in HOSTILE}
    return {"urls": urls, "rows": sink.rows, "result": result, "elapsed": elapsed, "hits": hits}


@pytest.mark.slow
def test_every_input_gets_exactly_one_row_in_input_order(hostile_batch):
    assert [row["input"] for row in hostile_batch["rows"]] == hostile_batch["urls"]


@pytest.mark.slow
@pytest.mark.parametrize("path", list(HOSTILE))
def test_hostile_endpoint_gets_its_status_and_code(hostile_batch, server, path):
    row = next(r for r in hostile_batch["rows"] if r["input"] == server.url(path))
    status, code = HOSTILE[path]
    assert row["status"] == status, row
    if code is not None:
        assert row["http_status"] == code
    if status == "ok":
        assert 0.0 <= row["farm_probability"] <= 1.0 and row["label"] in ("farm", "original")
    else:
        assert row["error"] and row["farm_probability"] is None


@pytest.mark.slow
@pytest.mark.parametrize("raw,status", BROKEN_INPUTS)
def test_inputs_that_are_not_reachable_urls_get_their_status(hostile_batch, raw, status):
    row = next(r for r in hostile_batch["rows"] if r["input"] == raw)
    assert row["status"] == status and row["error"]


@pytest.mark.slow
def test_a_name_from_the_resolver_is_fetched_and_scored(hostile_batch):
    row = next(r for r in hostile_batch["rows"] if r["input"].startswith("http://known.test"))
    assert row["status"] == "ok" and row["label"]


@pytest.mark.slow
def test_the_batch_ends_within_the_timeouts_and_counts_statuses(hostile_batch):
    assert hostile_batch["elapsed"] < BATCH_BUDGET_SECONDS
    statuses = hostile_batch["result"].statuses
    assert sum(statuses.values()) == len(hostile_batch["urls"])
    assert statuses["timeout"] == 2 and statuses["http_4xx"] == 3


@pytest.mark.slow
def test_huge_page_is_cut_at_the_limit_flagged_and_still_scored(hostile_batch, server):
    row = next(r for r in hostile_batch["rows"] if r["input"] == server.url("/big"))
    assert row["truncated"] is True and row["status"] == "ok"
    small = next(r for r in hostile_batch["rows"] if r["input"] == server.url("/page/2"))
    assert small["truncated"] is False


@pytest.mark.slow
def test_500_then_200_is_retried_once_and_scored(hostile_batch):
    assert hostile_batch["hits"]["/flaky/batch"] == 2


@pytest.mark.slow
def test_retry_after_longer_than_we_wait_gives_up_at_once(hostile_batch):
    assert hostile_batch["hits"]["/always-503"] == 1
    row = next(r for r in hostile_batch["rows"] if r["input"].endswith("/always-503"))
    assert "Retry-After 3600" in row["error"]


@pytest.mark.slow
def test_a_timeout_is_retried_and_redirect_loops_are_not(hostile_batch):
    assert hostile_batch["hits"]["/hang"] == 2  # retries=1: two attempts
    assert hostile_batch["hits"]["/loop/a"] == 1  # a loop is final: asking again loops again


# --- single endpoints, looked at more closely ------------------------------------

def fetch_one(url, **config):
    return list(fetch_pages([url], hostile_config(**config)))[0]


def test_huge_body_is_read_only_up_to_the_limit(server):
    sent_before = server.sent["big"]
    page = fetch_one(server.url("/big"), max_bytes=256 * 1024)
    assert page.ok and page.truncated and len(page.body) == 256 * 1024
    time.sleep(0.2)
    # The client hangs up after the limit; socket buffers take a few MB more at most.
    assert server.sent["big"] - sent_before < BIG_BYTES / 4


def test_gzip_bomb_is_stopped_after_a_bounded_amount_of_output(server):
    page = fetch_one(server.url("/bomb"))
    assert page.status == "too_large" and "bomb" in page.error and page.body == b""


def test_ordinary_gzip_page_is_decoded(server):
    page = fetch_one(server.url("/gzip"))
    assert page.ok and page.body.startswith(b"<html>")


def test_pdf_declared_as_pdf_is_not_downloaded(server):
    sent_before = server.sent["pdf"]
    page = fetch_one(server.url("/pdf"))
    time.sleep(0.2)
    assert page.status == "not_html" and "application/pdf" in page.error
    assert server.sent["pdf"] - sent_before < BIG_BYTES / 4


def test_utf8_labelled_latin1_decodes_as_utf8(server):
    page = fetch_one(server.url("/charset/utf8-labelled-latin1"))
    assert page.charset == "iso-8859-1"  # the header is kept as declared ...
    assert "Zürich café reopens" in page.decoded()  # ... but the UTF-8 bytes win


def test_latin1_labelled_utf8_decodes_without_mojibake(server):
    page = fetch_one(server.url("/charset/latin1-labelled-utf8"))
    assert page.charset == "utf-8"
    assert "Zürich café reopens" in page.decoded()


def test_retry_after_is_honoured_before_the_second_attempt(server):
    started = time.monotonic()
    page = fetch_one(server.url("/retry-after/single/1"), backoff=0.01)
    assert page.ok and time.monotonic() - started >= 1.0
    assert server.hits["/retry-after/single/1"] == 2


def test_without_retries_a_500_is_final(server):
    page = fetch_one(server.url("/flaky/no-retries"), retries=0)
    assert page.status == "http_5xx" and page.http_status == 500 and "500" in page.error


def test_read_timeout_ends_a_silent_body(server):
    started = time.monotonic()
    page = fetch_one(server.url("/hang"), retries=0, total_timeout=30)
    assert page.status == "timeout"
    assert time.monotonic() - started < READ_TIMEOUT + 5


def test_redirect_chain_reports_its_loop(server):
    page = fetch_one(server.url("/loop/a"))
    assert page.status == "redirect_loop" and "/loop/b" in page.error and page.error.count("→") == 2


def test_redirect_limit_is_configurable(server):
    page = fetch_one(server.url("/chain/100"), max_redirects=3)
    assert page.status == "redirect_loop" and "more than 3 redirects" in page.error
    assert page.url.endswith("/chain/103")


def test_a_redirect_is_followed_to_the_page(server):
    page = fetch_one(server.url("/redirect?to=/page/5"))
    assert page.ok and page.url.endswith("/page/5") and page.input.endswith("/redirect?to=/page/5")


def test_the_project_user_agent_is_sent(server):
    fetch_one(server.url("/page/7"))
    assert "contentfarm/0.1.0 (+https://github.com/contentfarm/contentfarm)" in server.user_agents
