"""No server-side request forgery by default, concurrency limits, retries,
proxies from the environment. Names are resolved by a table, never by DNS."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest
from batch_support import hostile_config, shared_server, TableResolver

from classifier.fetch import (DEFAULT_CONCURRENCY, DEFAULT_PER_HOST, DEFAULT_RETRIES, DEFAULT_TOTAL_TIMEOUT,
                              FetchConfig, Fetcher, address_kind, backoff_seconds, fetch_pages,
                              retry_after_seconds)
from classifier.pages import MAX_PAGE_BYTES

#: An address outside every reserved range (TEST-NET ranges are reserved, so
#: they would be refused); nothing ever connects to it in these tests.
PUBLIC_IP = "93.184.215.14"


@pytest.fixture(scope="session")
def server():
    return shared_server()


@pytest.mark.parametrize("ip,kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.9", "private"), ("192.168.1.1", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "non-public"),  # carrier-grade NAT: not private in the RFC 1918 sense, not public either
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6 is judged as the IPv4 inside
    ("::ffff:10.0.0.1", "private"),
    (PUBLIC_IP, None), ("2606:4700::1111", None),
])
def test_address_kinds_refused_by_default(ip, kind):
    assert address_kind(ip) == kind


def guarded(urls, table=None, **config):
    """Fetch with the guard on (allow_private False), names from ``table``."""
    resolver = TableResolver(table or {})
    return list(fetch_pages(urls, hostile_config(allow_private=False, **config), resolver=resolver)), resolver


def test_loopback_literal_is_refused_without_a_request(server):
    before = server.hits["/page/11"]
    [page], _ = guarded([server.url("/page/11")])
    assert page.status == "blocked_address" and "loopback" in page.error
    assert server.hits["/page/11"] == before


def test_ipv6_loopback_and_mapped_literals_are_refused():
    pages, _ = guarded(["http://[::1]:8080/", "http://[::ffff:127.0.0.1]/x", "http://169.254.169.254/latest/meta-data/"])
    assert [p.status for p in pages] == ["blocked_address"] * 3
    assert "link-local" in pages[2].error


def test_names_resolving_to_private_addresses_are_refused_after_resolution():
    pages, resolver = guarded(["http://intranet.test/admin", "http://localhost:9/"],
                              {"intranet.test": "10.0.0.7", "localhost": "127.0.0.1"})
    assert [p.status for p in pages] == ["blocked_address", "blocked_address"]
    assert "10.0.0.7" in pages[0].error and "private" in pages[0].error
    assert set(resolver.asked) == {"intranet.test", "localhost"}


def test_schemes_other_than_http_are_refused():
    pages, _ = guarded(["file:///etc/passwd", "gopher://x.test/", "javascript:alert(1)"])
    assert [p.status for p in pages[:2]] == ["blocked_address", "blocked_address"]
    assert pages[2].status in ("blocked_address", "invalid_url")


def test_allow_private_lets_the_local_server_through(server):
    [page] = list(fetch_pages([server.url("/page/12")], hostile_config(allow_private=True)))
    assert page.ok


def test_a_redirect_to_a_private_address_is_refused(server):
    """A public-looking host (resolved to the test server, which the test allows
    by exact address) redirects to cloud metadata and to an intranet name."""
    table = {"public.test": "127.0.0.1", "intranet.test": "10.0.0.7"}
    resolver = TableResolver(table)
    config = hostile_config(allow_private=False)
    urls = [f"http://public.test:{server.port}/redirect?to=http://169.254.169.254/latest/meta-data/",
            f"http://public.test:{server.port}/redirect?to=http://intranet.test/admin",
            f"http://public.test:{server.port}/page/13"]
    pages = list(fetch_pages(urls, config, resolver=resolver, address_allowed=lambda ip: ip == "127.0.0.1"))
    assert [p.status for p in pages] == ["blocked_address", "blocked_address", "ok"]
    assert pages[0].url.startswith("http://169.254.169.254")


def test_dns_failure_is_a_dns_error():
    pages, _ = guarded(["http://no-such-host.test/"], {})
    assert pages[0].status == "dns_error"


def test_proxy_from_the_environment_is_used(server, monkeypatch):
    """HTTP_PROXY points at the loopback server, which answers as a proxy would;
    the target name is checked (resolved to a public address) but never
    connected to directly."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "NO_PROXY", "ALL_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.port}")
    before = server.hits["/page/14"]
    resolver = TableResolver({"news.example.test": PUBLIC_IP, "intranet.test": "10.0.0.7"})
    config = hostile_config(allow_private=False, trust_env=True, retries=0)
    pages = list(fetch_pages(["http://news.example.test/page/14", "http://intranet.test/page/14"], config,
                             resolver=resolver))
    assert pages[0].ok, pages[0].error
    assert pages[1].status == "blocked_address"  # the guard holds through a proxy too
    assert server.hits["/page/14"] == before + 1


def test_per_host_limit_bounds_requests_in_flight(server):
    server.reset_concurrency()
    urls = [server.url(f"/concurrent/{i}") for i in range(12)]
    started = time.monotonic()
    pages = list(fetch_pages(urls, hostile_config(per_host=3, concurrency=32)))
    assert all(p.ok for p in pages)
    assert server.max_active == 3  # never more than 3, and 3 at once at some point
    assert time.monotonic() - started >= 12 / 3 * 0.2 * 0.9


def test_global_limit_bounds_requests_in_flight(server):
    server.reset_concurrency()
    urls = [server.url(f"/concurrent/g{i}") for i in range(8)]
    pages = list(fetch_pages(urls, hostile_config(per_host=8, concurrency=2)))
    assert all(p.ok for p in pages) and server.max_active == 2


def test_fetch_pages_streams_in_input_order_with_a_bounded_window(server):
    """A slow first URL does not stop the others from being fetched, and the
    input is read only as far as the window allows."""
    taken = []

    def urls():
        for i in range(200):
            taken.append(i)
            yield server.url("/page/15?delay=0.5") if i == 0 else server.url(f"/page/{100 + i}")

    config = hostile_config(concurrency=4, per_host=4)
    stream = fetch_pages(urls(), config)
    first = next(stream)
    assert first.input.endswith("delay=0.5")
    assert len(taken) <= 4 * config.concurrency + 1  # WINDOW_PER_SLOT * concurrency, plus the one being read
    rest = list(stream)
    assert [p.input for p in rest] == [server.url(f"/page/{100 + i}") for i in range(1, 200)]


def test_closing_fetch_pages_early_stops_fetching(server):
    stream = fetch_pages((server.url(f"/page/{300 + i}") for i in range(10_000)), hostile_config(concurrency=4))
    assert next(stream).ok
    stream.close()  # must return promptly, not fetch ten thousand pages


def test_retry_after_parses_seconds_and_dates():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    later = (now + timedelta(seconds=90)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(later, now=now) == pytest.approx(90)
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 0.0  # in the past: at once
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_backoff_doubles_is_capped_and_is_the_same_for_the_same_url():
    config = FetchConfig(backoff=0.5)
    delays = [backoff_seconds(config, "http://a.test/", attempt) for attempt in range(8)]
    assert delays == [backoff_seconds(config, "http://a.test/", attempt) for attempt in range(8)]
    assert 0.375 <= delays[0] <= 0.625 and 0.75 <= delays[1] <= 1.25  # base * 2**attempt, ±25% jitter
    assert max(delays) <= 8.0 * 1.25


def test_defaults_are_the_documented_ones():
    config = FetchConfig()
    assert (config.concurrency, config.per_host, config.retries, config.total_timeout, config.max_bytes) == \
        (DEFAULT_CONCURRENCY, DEFAULT_PER_HOST, DEFAULT_RETRIES, DEFAULT_TOTAL_TIMEOUT, MAX_PAGE_BYTES)
    assert config.max_bytes == 5 * 1024 * 1024 and not config.allow_private and config.trust_env


def test_cli_option_defaults_match_the_fetcher_defaults():
    from classifier.cli import score

    defaults = {param.name: param.default for param in score.params}
    assert defaults["concurrency"] == DEFAULT_CONCURRENCY and defaults["per_host"] == DEFAULT_PER_HOST
    assert defaults["retries"] == DEFAULT_RETRIES and defaults["timeout"] == DEFAULT_TOTAL_TIMEOUT
    assert defaults["max_bytes"] == MAX_PAGE_BYTES


def test_fetcher_can_be_used_directly_with_a_deliver_hook(server):
    delivered = []

    async def main():
        async def deliver(page):
            delivered.append(page.input)

        async with Fetcher(hostile_config()) as fetcher:
            page = await fetcher.fetch(server.url("/page/16"), deliver=deliver)
        return page

    page = asyncio.run(main())
    assert page.ok and delivered == [server.url("/page/16")]
