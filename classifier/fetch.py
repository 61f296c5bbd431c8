"""Fetching: URLs in, one :class:`~classifier.pages.Page` per URL out. The only
module that touches the network.

The web is hostile at crawl scale: servers that trickle bytes, never finish a
body, send 50 MB, loop redirects, fail then succeed, ask us to come back later,
lie about their charset or content type, reset the connection or send a gzip
bomb. :class:`Fetcher` turns every one of those into a page with a ``status``
and never raises for a bad URL, so a batch always gets one row per URL:

``ok``
    a 2xx HTML or text page (``truncated`` is set when it was cut at
    ``max_bytes``; the cut page is still scored).
``http_4xx`` / ``http_5xx`` (also ``http_3xx`` for a redirect without Location)
    the server answered with an error; the code is in ``http_status``.
``timeout``
    no connection within ``connect_timeout``, no byte for ``read_timeout``,
    or the whole attempt took longer than ``total_timeout``.
``too_large``
    a compressed body that expands more than ``MAX_EXPANSION_RATIO`` times
    (a decompression bomb, not a page).
``not_html``
    a Content-Type other than HTML or text, or a binary body (a PDF served as
    ``text/html``).
``dns_error``, ``connection_error``
    the name does not resolve; the connection was refused, reset or cut.
``redirect_loop``
    a redirect chain that comes back to a URL it visited, or is longer than
    ``max_redirects``.
``invalid_url``
    not a URL we can parse.
``blocked_address``
    a scheme other than http/https, or a host that resolves to a loopback,
    private, link-local, multicast or otherwise non-public address (no
    server-side request forgery) unless ``allow_private`` is set.
``decode_error``
    a Content-Encoding we cannot decode, or a corrupt compressed body.

Timeouts, connection errors, 5xx and 429 are retried with exponential backoff
(or after the server's ``Retry-After``, when it asks for no more than
``max_retry_after`` seconds). Concurrency is bounded globally and per host;
proxies come from the environment (``HTTP_PROXY``, ``HTTPS_PROXY``,
``NO_PROXY``). Responses are decompressed here, counting decompressed bytes, so
no body ever grows past ``max_bytes`` in memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import queue
import socket
import threading
import urllib.request
import zlib
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Awaitable, Callable, Iterable, Iterator
from urllib.parse import urljoin

from . import __version__
from .pages import MAX_PAGE_BYTES, Page, finish_page

USER_AGENT = f"contentfarm/{__version__} (+https://github.com/contentfarm/contentfarm)"

#: Requests in flight at once. aiohttp on loopback peaks near 64 (~2,980 URLs/s
#: measured here); more only adds queueing inside the event loop.
DEFAULT_CONCURRENCY = 64
#: Requests in flight to one host (host:port). Polite crawlers keep a handful;
#: 8 keeps a big site fast without looking like an attack.
DEFAULT_PER_HOST = 8
#: Seconds to open a TCP (and TLS) connection; a healthy server needs well under 1 s.
DEFAULT_CONNECT_TIMEOUT = 10.0
#: Seconds without a single byte before we give up on a response.
DEFAULT_READ_TIMEOUT = 20.0
#: Seconds for one whole attempt (redirects and body included): a 5 MB page at
#: 1 Mbit/s takes 40 s, so 60 s only cuts servers that trickle on purpose.
DEFAULT_TOTAL_TIMEOUT = 60.0
#: Extra attempts after a timeout, connection error, 5xx or 429.
DEFAULT_RETRIES = 2
#: First backoff in seconds; it doubles each attempt up to MAX_BACKOFF.
DEFAULT_BACKOFF = 0.5
MAX_BACKOFF = 8.0
#: Longest Retry-After (seconds) we wait for; a server asking for more gets its
#: error row now instead of stalling the batch.
DEFAULT_MAX_RETRY_AFTER = 30.0
#: Browsers stop at 20 redirects; real article URLs need at most 3-4
#: (http→https, www, trailing slash, tracking hop).
DEFAULT_MAX_REDIRECTS = 10
#: Largest URL we try, in characters (browsers and servers cap near 8 KB).
MAX_URL_CHARS = 8192
#: Bytes of an error response (4xx/5xx) we keep, for the WARC; the page is not scored.
ERROR_BODY_BYTES = 64 * 1024
#: A compressed body expanding more than this many times is a decompression
#: bomb. The most compressible of the 1,443 real pages in ../shared/corpus
#: gzips 26x (median 4.6x), so 100x leaves room for repetitive markup.
MAX_EXPANSION_RATIO = 100
#: Expansion is only judged past this many decompressed bytes (or the page
#: limit, when smaller): a bomb is only a bomb when it is big.
BOMB_MIN_BYTES = 1024 * 1024
#: Bytes per read from the socket.
READ_CHUNK_BYTES = 64 * 1024

HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml+html"}
TEXT_TYPES = {"text/plain"}
#: Content types we read and then sniff: servers often omit or misstate them.
SNIFF_TYPES = {"", "application/octet-stream", "text/xml", "application/xml", "unknown/unknown"}
REDIRECT_CODES = {301, 302, 303, 307, 308}
RETRY_STATUS_CODES = {429}  # plus every 5xx
RETRY_KINDS = {"timeout", "connection_error"}
FETCH_STATUSES = ("ok", "http_3xx", "http_4xx", "http_5xx", "timeout", "too_large", "not_html", "dns_error",
                  "connection_error", "redirect_loop", "invalid_url", "blocked_address", "decode_error", "empty")


@dataclass(frozen=True)
class FetchConfig:
    """Knobs of a fetch run (the CLI options of ``contentfarm score --urls``)."""

    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = DEFAULT_PER_HOST
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    max_bytes: int = MAX_PAGE_BYTES
    allow_private: bool = False
    user_agent: str = USER_AGENT
    trust_env: bool = True
    #: Keep the request and response headers in ``page.meta["http"]`` (for WARC output).
    record: bool = False


class _Failure(Exception):
    """A fetch outcome that is not a page: becomes an error page, never escapes."""

    def __init__(self, status: str, error: str, http_status: int | None = None):
        super().__init__(error)
        self.status, self.error, self.http_status = status, error, http_status


class BlockedAddressError(Exception):
    """Raised by the guarded resolver; deliberately not an OSError, so aiohttp
    does not turn it into a DNS error."""


# --- the SSRF guard ---------------------------------------------------------

def address_kind(ip: str) -> str | None:
    """Why an address must not be fetched by default ("loopback", "private", ...),
    or None for a public unicast address. IPv4 inside IPv6 is judged as IPv4."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0].strip("[]"))
    except ValueError:
        return "unparsable"
    if addr.version == 6:
        embedded = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if embedded is not None:
            return address_kind(str(embedded))
    for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(addr, f"is_{kind}"):
            return kind.replace("_", "-")
    if not addr.is_global:  # shared address space (100.64/10), documentation ranges and the like
        return "non-public"
    return None


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class GuardedResolver:
    """An aiohttp resolver that refuses names resolving to non-public
    addresses. aiohttp connects to exactly the addresses returned here, so a
    name cannot resolve to a public address for the check and a private one for
    the connection (DNS rebinding)."""

    def __init__(self, inner=None, *, guard: bool = True, allowed_hosts: Iterable[str] = (),
                 address_allowed: Callable[[str], bool] | None = None):
        import aiohttp

        self._inner = inner if inner is not None else aiohttp.DefaultResolver()
        self._guard = guard
        self._allowed_hosts = {h.lower() for h in allowed_hosts}
        self._address_allowed = address_allowed

    def blocked_reason(self, host: str, address: str) -> str | None:
        if not self._guard or host.lower() in self._allowed_hosts:
            return None
        if self._address_allowed is not None and self._address_allowed(address):
            return None
        kind = address_kind(address)
        return f"{host} resolves to {address}, a {kind} address" if kind else None

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET):
        results = await self._inner.resolve(host, port, family)
        for result in results:
            reason = self.blocked_reason(host, result["host"])
            if reason:
                raise BlockedAddressError(reason)
        return results

    async def close(self) -> None:
        await self._inner.close()


# --- bodies -------------------------------------------------------------------

class _Decoder:
    """Incremental Content-Encoding decoder with a cap on output."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._obj = None

    def _new(self, first: bytes):
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" should be zlib-wrapped; some servers send raw deflate.
        zlib_header = len(first) >= 2 and first[0] & 0x0F == 8 and ((first[0] << 8) | first[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)

    def decompress(self, data: bytes, room: int) -> tuple[bytes, int]:
        """Decompress up to ``room`` bytes of output; returns (output, input bytes consumed)."""
        out = []
        consumed = 0
        while data and room > 0:
            if self._obj is None:
                self._obj = self._new(data)
            piece = self._obj.decompress(data, room)
            out.append(piece)
            room -= len(piece)
            if self._obj.eof:  # a new gzip member may follow (concatenated members are legal)
                rest = self._obj.unused_data
                consumed += len(data) - len(rest)
                data = rest
                self._obj = None
            else:
                rest = self._obj.unconsumed_tail
                consumed += len(data) - len(rest)
                data = rest
        return b"".join(out), consumed


async def read_body(content, encoding: str, limit: int) -> tuple[bytes, bool, int]:
    """Read a response body into at most ``limit`` (decompressed) bytes.

    Returns (body, truncated, wire bytes read). Raises _Failure for a
    decompression bomb, an unknown encoding or a corrupt stream.
    """
    encoding = encoding.strip().lower()
    decoder = None
    if encoding in ("gzip", "x-gzip", "deflate"):
        decoder = _Decoder(encoding)
    elif encoding not in ("", "identity"):
        raise _Failure("decode_error", f"unsupported Content-Encoding {encoding!r}")
    parts: list[bytes] = []
    size = wire = consumed = 0
    while True:
        data = await content.readany()
        if not data:
            return b"".join(parts), False, wire
        wire += len(data)
        if decoder is not None:
            try:
                data, used = decoder.decompress(data, limit + 1 - size)
            except zlib.error as exc:
                raise _Failure("decode_error", f"corrupt {encoding} body: {exc}") from None
            consumed += used
            expanded = size + len(data)
            if expanded >= min(BOMB_MIN_BYTES, limit) and expanded > MAX_EXPANSION_RATIO * max(consumed, 1):
                raise _Failure("too_large", f"the {encoding} body expands more than {MAX_EXPANSION_RATIO}x "
                                            f"({consumed} bytes to {expanded}+): a decompression bomb")
        parts.append(data)
        size += len(data)
        if size > limit:
            body = b"".join(parts)[:limit]
            return body, True, wire


# --- the fetcher ----------------------------------------------------------------

def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_seconds(config: FetchConfig, url: str, attempt: int) -> float:
    """Exponential backoff with a jitter derived from the URL (deterministic,
    yet spreading retries of many URLs that failed together)."""
    base = min(config.backoff * (2 ** attempt), MAX_BACKOFF)
    jitter = int.from_bytes(hashlib.blake2b(f"{url}#{attempt}".encode(), digest_size=2).digest(), "big") / 65535
    return base * (0.75 + 0.5 * jitter)


class _HostSlots:
    """Per-host semaphores, created on demand and dropped when idle, so memory
    does not grow with the number of hosts seen."""

    def __init__(self, limit: int):
        self.limit = limit
        self._slots: dict[str, list] = {}

    @asynccontextmanager
    async def __call__(self, key: str):
        entry = self._slots.get(key)
        if entry is None:
            entry = self._slots[key] = [asyncio.Semaphore(self.limit), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._slots[key]

    def __len__(self) -> int:
        return len(self._slots)


def parse_content_type(value: str) -> tuple[str, str | None]:
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


class Fetcher:
    """Fetch URLs into pages with aiohttp; use as an async context manager.

    ``resolver`` replaces the DNS resolver (tests use it to map names without
    the network); ``address_allowed`` lets tests allow one exact address.
    """

    def __init__(self, config: FetchConfig | None = None, *, resolver=None,
                 address_allowed: Callable[[str], bool] | None = None):
        self.config = config or FetchConfig()
        self._inner_resolver = resolver
        self._address_allowed = address_allowed
        self._session = None
        self._global: asyncio.Semaphore | None = None
        self._hosts = _HostSlots(self.config.per_host)
        self._proxies: dict[str, str] = {}

    async def __aenter__(self) -> "Fetcher":
        import aiohttp
        from yarl import URL

        config = self.config
        self._proxies = urllib.request.getproxies() if config.trust_env else {}
        proxy_hosts = set()
        for proxy in self._proxies.values():
            try:
                host = URL(proxy).host
            except (ValueError, TypeError):
                host = None
            if host:
                proxy_hosts.add(host)
        self.resolver = GuardedResolver(self._inner_resolver, guard=not config.allow_private,
                                        allowed_hosts=proxy_hosts, address_allowed=self._address_allowed)
        connector = aiohttp.TCPConnector(limit=config.concurrency, limit_per_host=config.per_host,
                                         resolver=self.resolver, ttl_dns_cache=300, enable_cleanup_closed=False)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=config.connect_timeout,
                                        sock_read=config.read_timeout)
        self._session = aiohttp.ClientSession(
            connector=connector, timeout=timeout, auto_decompress=False, trust_env=config.trust_env,
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"},
            read_bufsize=READ_CHUNK_BYTES)
        self._global = asyncio.Semaphore(config.concurrency)
        return self

    async def __aexit__(self, *exc) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    # -- checks --------------------------------------------------------------

    def _parse(self, url: str):
        from yarl import URL

        if not url or len(url) > MAX_URL_CHARS or any(c.isspace() for c in url):
            raise _Failure("invalid_url", "empty URL" if not url else
                           f"URL longer than {MAX_URL_CHARS} characters" if len(url) > MAX_URL_CHARS else
                           "the URL contains whitespace")
        try:
            parsed = URL(url)
            scheme, host, port = parsed.scheme.lower(), parsed.host, parsed.port
        except (ValueError, TypeError, UnicodeError) as exc:
            raise _Failure("invalid_url", f"cannot parse the URL: {exc}") from None
        if not scheme:
            raise _Failure("invalid_url", "the URL has no scheme (write http:// or https://)")
        if scheme not in ("http", "https"):
            raise _Failure("blocked_address", f"scheme {scheme!r} is not fetched; only http and https are")
        if not host:
            raise _Failure("invalid_url", "the URL has no host")
        if port is None:
            raise _Failure("invalid_url", "the URL has no usable port")
        return parsed

    async def _check_target(self, parsed) -> None:
        """Refuse IP literals (aiohttp does not call the resolver for them) and,
        when a proxy resolves names for us, resolve and check the name first."""
        if self.config.allow_private:
            return
        host = parsed.host
        if _is_ip_literal(host):
            reason = self.resolver.blocked_reason(host, host)
            if reason:
                raise _Failure("blocked_address", reason.replace(f"{host} resolves to ", ""))
            return
        if self._proxies and parsed.scheme in self._proxies and not urllib.request.proxy_bypass(host):
            try:
                await self.resolver.resolve(host, parsed.port or 0)
            except BlockedAddressError as exc:
                raise _Failure("blocked_address", str(exc)) from None
            except OSError as exc:
                raise _Failure("dns_error", f"cannot resolve {host}: {exc}") from None

    # -- one URL ---------------------------------------------------------------

    async def fetch(self, url: str, deliver: Callable[[Page], Awaitable[None]] | None = None,
                    input: str | None = None) -> Page:
        """Fetch one URL into a page; never raises for a bad URL or server.

        With ``deliver``, the final page is handed to it while this request
        still holds its concurrency slot, so a slow consumer slows fetching
        down instead of letting fetched pages pile up in memory.
        """
        label = url if input is None else input
        url = url.strip()
        config = self.config
        attempt = 0
        while True:
            page, retry_after = await self._attempt(url, label, deliver, last=attempt >= config.retries)
            if page is not None:
                return page
            delay = retry_after if retry_after is not None else backoff_seconds(config, url, attempt)
            await asyncio.sleep(delay)
            attempt += 1

    async def _attempt(self, url: str, label: str, deliver, last: bool) -> tuple[Page | None, float | None]:
        """One attempt with its redirects. Returns (page, None) when done, or
        (None, delay) when it should be retried after ``delay`` (None: backoff).

        The total timeout starts when the first request gets its slot (time
        spent queueing behind our own limits is not the server's fault) and
        covers the redirects, the body and the name checks, but not ``deliver``.
        """
        config = self.config
        loop = asyncio.get_running_loop()
        deadline = None
        current = url
        seen = {url}
        chain = [url]
        page = None
        for hop in range(config.max_redirects + 1):
            try:
                parsed = self._parse(current)
            except _Failure as failure:
                page = self._failure_page(failure, label, current)
                break
            async with self._hosts(f"{parsed.host}:{parsed.port}"), self._global:
                if deadline is None:
                    deadline = loop.time() + config.total_timeout
                try:
                    async with asyncio.timeout_at(deadline):
                        await self._check_target(parsed)
                        page, location = await self._request(parsed, current, label)
                except Exception as exc:  # every client error ends as a row, never as a crash
                    page, location = self._failure_page(exc, label, current), None
                if location is None:
                    retry = self._retry_delay(page, url, last)
                    if retry is not False:
                        return None, retry
                    if deliver is not None:
                        await deliver(page)
                    return page, None
            target = urljoin(current, location)
            if target in seen:
                page = self._failure_page(_Failure("redirect_loop", "redirect loop: " + " → ".join(chain + [target])),
                                          label, current)
                break
            if hop == config.max_redirects:
                page = self._failure_page(_Failure("redirect_loop", f"more than {config.max_redirects} redirects "
                                                                    f"from {url}"), label, current)
                break
            seen.add(target)
            chain.append(target)
            current = target
        retry = self._retry_delay(page, url, last)
        if retry is not False:
            return None, retry
        if deliver is not None:
            await deliver(page)
        return page, None

    def _failure_page(self, exc: Exception, label: str, url: str) -> Page:
        if isinstance(exc, _Failure):
            fields = {"status": exc.status, "error": exc.error, "http_status": exc.http_status}
        elif isinstance(exc, BlockedAddressError):
            fields = {"status": "blocked_address", "error": str(exc)}
        else:
            fields = self._classify(exc)
            if fields["status"] == "timeout" and isinstance(exc, TimeoutError) and not str(exc):
                fields["error"] = self._timeout_text()
        return Page(input=label, url=url, fetched_at=_now(), **fields)

    def _timeout_text(self) -> str:
        c = self.config
        return (f"no answer within the timeouts (connect {c.connect_timeout:g} s, read {c.read_timeout:g} s, "
                f"total {c.total_timeout:g} s)")

    def _retry_delay(self, page: Page, url: str, last: bool):
        """False when the page is final; else the Retry-After delay or None for backoff."""
        code = page.http_status or 0
        retryable = page.status in RETRY_KINDS or (page.status.startswith("http_")
                                                   and (code >= 500 or code in RETRY_STATUS_CODES))
        retry_after = page.meta.pop("retry_after", None)
        if not retryable or last:
            return False
        if retry_after is not None:
            if retry_after > self.config.max_retry_after:
                page.error += (f" (Retry-After {retry_after:g} s is longer than the "
                               f"{self.config.max_retry_after:g} s we wait)")
                return False
            return retry_after
        return None

    @staticmethod
    def _classify(exc: Exception) -> dict:
        import aiohttp

        text = f"{type(exc).__name__}: {exc}".strip()
        if isinstance(exc, aiohttp.ClientConnectorDNSError) or isinstance(getattr(exc, "os_error", None),
                                                                        socket.gaierror):
            return {"status": "dns_error", "error": text}
        if isinstance(exc, (TimeoutError, aiohttp.ServerTimeoutError, aiohttp.ConnectionTimeoutError)):
            return {"status": "timeout", "error": text}
        if isinstance(exc, (aiohttp.InvalidURL, ValueError, UnicodeError)):
            return {"status": "invalid_url", "error": text}
        if isinstance(exc, (aiohttp.ClientError, OSError, asyncio.IncompleteReadError)):
            return {"status": "connection_error", "error": text}
        return {"status": "connection_error", "error": text}

    async def _request(self, parsed, url: str, label: str) -> tuple[Page, str | None]:
        """One HTTP request; returns (page, None) or (None-ish page, redirect location)."""
        config = self.config
        async with self._session.get(parsed, allow_redirects=False) as resp:
            fetched_at = _now()
            code = resp.status
            http = self._record(resp) if config.record else None
            page = Page(input=label, url=url, http_status=code, fetched_at=fetched_at)
            if http is not None:
                page.meta["http"] = http
            if code in REDIRECT_CODES:
                location = resp.headers.get("Location")
                if location:
                    resp.release()
                    return page, location.strip()
            mime, charset = parse_content_type(resp.headers.get("Content-Type", ""))
            page.charset = charset
            encoding = resp.headers.get("Content-Encoding", "")
            if not 200 <= code < 300:
                page.status = f"http_{code // 100}xx"
                page.error = f"HTTP {code} {resp.reason or ''}".strip()
                if code >= 500 or code in RETRY_STATUS_CODES:
                    page.meta["retry_after"] = retry_after_seconds(resp.headers.get("Retry-After"))
                try:
                    page.body, page.truncated, _ = await read_body(resp.content, encoding, ERROR_BODY_BYTES)
                except _Failure:
                    page.body = b""
                if page.truncated:
                    resp.close()
                return page, None
            if mime not in HTML_TYPES | TEXT_TYPES | SNIFF_TYPES:
                resp.close()  # do not download a video to find out it is not a page
                page.status, page.error = "not_html", f"Content-Type {mime} is not HTML or text"
                return page, None
            page.kind = "text" if mime in TEXT_TYPES else "html"
            try:
                page.body, page.truncated, _ = await read_body(resp.content, encoding, config.max_bytes)
            except _Failure as failure:
                resp.close()
                page.status, page.error = failure.status, failure.error
                return page, None
            if page.truncated:
                resp.close()  # the rest of the body is never read: drop the connection
                page.error = f"cut at {config.max_bytes} bytes"
            return finish_page(page), None

    @staticmethod
    def _record(resp) -> dict:
        info = resp.request_info
        return {
            "method": info.method,
            "request_url": str(info.url),
            "request_headers": [(k, v) for k, v in info.headers.items()],
            "version": f"{resp.version.major}.{resp.version.minor}" if resp.version else "1.1",
            "status": resp.status,
            "reason": resp.reason or "",
            "response_headers": [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.raw_headers],
            "ip": _peer_ip(resp),
        }


def _peer_ip(resp) -> str | None:
    """The server's address, when aiohttp still holds the connection (a small
    body may already have released it) or the URL names an address."""
    try:
        peer = resp.connection.transport.get_extra_info("peername") if resp.connection else None
    except AttributeError:
        peer = None
    if peer:
        return peer[0]
    host = resp.url.host or ""
    return host.strip("[]") if _is_ip_literal(host) else None


#: URLs in flight or fetched but not yet taken by the consumer of
#: :func:`fetch_pages`, per unit of concurrency: enough that a slow URL at the
#: head does not idle the other slots at once, small enough to bound memory.
WINDOW_PER_SLOT = 4


def fetch_pages(urls: Iterable[str], config: FetchConfig | None = None, **fetcher_options) -> Iterator[Page]:
    """Fetch URLs into pages, lazily and in input order, from synchronous code.

    The event loop runs in a background thread; ``urls`` is consumed as the
    window allows (at most ``WINDOW_PER_SLOT * concurrency`` URLs between
    being read and being taken from this generator), so a list of any length
    streams in bounded memory. Closing the generator early stops the fetching.
    (Batches that also score go through :mod:`classifier.batch`.)
    """
    config = config or FetchConfig()
    results: queue.Queue = queue.Queue()
    state: dict = {}
    started = threading.Event()
    done = object()

    async def main() -> None:
        state["loop"] = asyncio.get_running_loop()
        state["task"] = asyncio.current_task()
        window = state["window"] = asyncio.Semaphore(WINDOW_PER_SLOT * config.concurrency)
        started.set()
        ready: dict[int, Page] = {}
        next_out = 0
        tasks: set = set()

        def finish(index: int, page: Page) -> None:
            nonlocal next_out
            ready[index] = page
            while next_out in ready:
                results.put(ready.pop(next_out))
                next_out += 1

        async def one(index: int, url: str) -> None:
            finish(index, await fetcher.fetch(url))

        try:
            async with Fetcher(config, **fetcher_options) as fetcher:
                for index, url in enumerate(urls):
                    await window.acquire()
                    task = asyncio.create_task(one(index, url))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                while tasks:
                    await asyncio.wait(set(tasks))
                for task in tasks:
                    task.result()
        except BaseException as exc:  # hand any failure (or cancellation) to the consumer
            results.put(exc if isinstance(exc, Exception) else done)
            for task in tasks:
                task.cancel()
            return
        results.put(done)

    thread = threading.Thread(target=lambda: asyncio.run(main()), name="fetch-pages", daemon=True)
    thread.start()
    started.wait()
    try:
        while True:
            item = results.get()
            if item is done:
                return
            if isinstance(item, Exception):
                raise item
            try:
                state["loop"].call_soon_threadsafe(state["window"].release)
            except RuntimeError:  # the loop has finished: nothing is waiting for the window
                pass
            yield item
    finally:
        loop = state.get("loop")
        if thread.is_alive() and loop is not None:
            try:
                loop.call_soon_threadsafe(state["task"].cancel)
            except RuntimeError:  # the loop has just closed
                pass
        thread.join()
