"""A hostile web server on 127.0.0.1 for the fetch tests (and the fetch benchmark).

Runs an aiohttp app on a free loopback port in a background thread. Every
endpoint imitates one way real servers misbehave; ``hits`` counts requests per
path and ``sent`` counts body bytes written per endpoint, so tests can check
that the client stopped reading early.
"""

from __future__ import annotations

import asyncio
import gzip
import random
import socket
import struct
import threading
import zlib
from collections import Counter

from aiohttp import web

#: Size of the "huge page" endpoint: 10x the default page limit.
BIG_BYTES = 50 * 1024 * 1024
#: The gzip bomb expands this much: 1000x, as in the issue.
BOMB_RATIO = 1000
BOMB_EXPANDED_BYTES = 50 * 1024 * 1024
STREAM_CHUNK = 64 * 1024


def toy_html(n: int) -> str:
    """A deterministic small page: originals for even n, farm copies for odd n."""
    from toy_pages import farm_page, original_page

    rng = random.Random(n)
    html, _ = (original_page if n % 2 == 0 else farm_page)(rng)
    return html


def make_bomb() -> bytes:
    """gzip of BOMB_EXPANDED_BYTES of markup-like filler (one member)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"<p>" + b" " * (STREAM_CHUNK - 7) + b"</p>\n"
    parts = [compressor.compress(b"<html><body>")]
    for _ in range(BOMB_EXPANDED_BYTES // len(block)):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


class HostileServer:
    def __init__(self):
        self.hits: Counter = Counter()
        self.sent: Counter = Counter()
        self.user_agents: set[str] = set()
        self._once: set[str] = set()
        self._bomb = make_bomb()
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self.active = 0
        self.max_active = 0

    # -- lifecycle -------------------------------------------------------------

    def start(self) -> "HostileServer":
        self._thread = threading.Thread(target=self._serve, name="hostile-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(20):
            raise RuntimeError("the test server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(20)

    def reset_concurrency(self) -> None:
        self.active = self.max_active = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._main())
        self._loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self.dispatch)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()

    # -- endpoints ---------------------------------------------------------------

    def first_time(self, key: str) -> bool:
        if key in self._once:
            return False
        self._once.add(key)
        return True

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] += 1
        self.user_agents.add(request.headers.get("User-Agent", ""))
        parts = [p for p in path.split("/") if p]
        head = parts[0] if parts else ""
        handler = getattr(self, f"ep_{head.replace('-', '_')}", None)
        if handler is None:
            return web.Response(status=404, text="no such endpoint")
        return await handler(request, parts[1:])

    async def ep_page(self, request, args):
        n = int(args[0]) if args else 0
        delay = float(request.query.get("delay", "0"))
        if delay:
            await asyncio.sleep(delay)
        return web.Response(text=toy_html(n), content_type="text/html", charset="utf-8")

    async def ep_concurrent(self, request, args):
        """Holds each request 0.2 s and records how many were in flight at once."""
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            await asyncio.sleep(0.2)
        finally:
            self.active -= 1
        return web.Response(text=toy_html(1), content_type="text/html")

    async def ep_plain(self, request, args):
        text = "Harbor council budget moves ahead\n\nThe council met on Tuesday to agree the harbor budget.\n"
        return web.Response(text=text, content_type="text/plain")

    async def ep_empty(self, request, args):
        return web.Response(body=b"", content_type="text/html")

    async def ep_slow(self, request, args):
        """One byte every 50 ms: never trips the read timeout, only the total one."""
        body = toy_html(2).encode()
        response = web.StreamResponse(headers={"Content-Type": "text/html", "Content-Length": str(len(body))})
        await response.prepare(request)
        try:
            for i in range(len(body)):
                await response.write(body[i:i + 1])
                self.sent["slow"] += 1
                await asyncio.sleep(0.05)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    async def ep_hang(self, request, args):
        """Headers and the start of a body, then silence."""
        response = web.StreamResponse(headers={"Content-Type": "text/html", "Content-Length": "100000"})
        await response.prepare(request)
        await response.write(b"<html><head><title>never finished</title></head><body><p>")
        try:
            while request.transport is not None and not request.transport.is_closing():
                await asyncio.sleep(0.1)
        except asyncio.CancelledError:
            pass
        return response

    async def ep_big(self, request, args):
        """BIG_BYTES of HTML as fast as the client takes it."""
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8",
                                               "Content-Length": str(BIG_BYTES)})
        await response.prepare(request)
        block = (b"<p>" + b"word " * ((STREAM_CHUNK - 8) // 5)).ljust(STREAM_CHUNK - 5) + b"</p>\n"
        sent = 0
        try:
            while sent < BIG_BYTES:
                await response.write(block)
                sent += len(block)
                self.sent["big"] += len(block)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    async def ep_loop(self, request, args):
        target = "/loop/b" if args and args[0] == "a" else "/loop/a"
        raise web.HTTPFound(target)

    async def ep_chain(self, request, args):
        n = int(args[0]) if args else 0
        raise web.HTTPFound(f"/chain/{n + 1}")

    async def ep_redirect(self, request, args):
        raise web.HTTPFound(request.query["to"])

    async def ep_flaky(self, request, args):
        """500 the first time (per key), then the page."""
        if self.first_time(request.path):
            return web.Response(status=500, text="internal error")
        return await self.ep_page(request, ["4"])

    async def ep_retry_after(self, request, args):
        """503 with Retry-After: N the first time (per key), then the page."""
        seconds = args[1] if len(args) > 1 else "1"
        if self.first_time(request.path):
            return web.Response(status=503, text="busy", headers={"Retry-After": seconds})
        return await self.ep_page(request, ["6"])

    async def ep_always_503(self, request, args):
        return web.Response(status=503, text="busy", headers={"Retry-After": "3600"})

    async def ep_charset(self, request, args):
        text = ("<html><head><title>Zürich café reopens — a story</title></head><body><h1>Zürich café reopens</h1>"
                "<p>The café in Zürich reopened on Tuesday after a long closure, its owner said.</p></body></html>")
        if args and args[0] == "utf8-labelled-latin1":
            return web.Response(body=text.encode("utf-8"), headers={"Content-Type": "text/html; charset=iso-8859-1"})
        # latin-1 bytes labelled UTF-8 (the other common lie)
        return web.Response(body=text.replace("—", "-").encode("latin-1"),
                            headers={"Content-Type": "text/html; charset=utf-8"})

    async def ep_pdf_as_html(self, request, args):
        body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 40
        return web.Response(body=body, headers={"Content-Type": "text/html"})

    async def ep_pdf(self, request, args):
        response = web.StreamResponse(headers={"Content-Type": "application/pdf", "Content-Length": str(BIG_BYTES)})
        await response.prepare(request)
        try:
            for _ in range(BIG_BYTES // STREAM_CHUNK):
                await response.write(b"%" * STREAM_CHUNK)
                self.sent["pdf"] += STREAM_CHUNK
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    async def ep_reset(self, request, args):
        """Close the socket with RST (SO_LINGER 0) before answering."""
        sock = request.transport.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        request.transport.abort()
        await asyncio.sleep(0.05)
        return web.Response(text="")

    async def ep_bomb(self, request, args):
        self.sent["bomb"] += len(self._bomb)
        return web.Response(body=self._bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})

    async def ep_gzip(self, request, args):
        """An ordinary gzipped page (expands ~3x), which must be decoded and scored."""
        return web.Response(body=gzip.compress(toy_html(8).encode()),
                            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})

    async def ep_status(self, request, args):
        code = int(args[0]) if args else 404
        return web.Response(status=code, text=f"status {code}")

    async def ep_image(self, request, args):
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 1000, headers={"Content-Type": "image/png"})


def main() -> None:  # pragma: no cover - a manual helper
    import time

    server = HostileServer().start()
    print(server.url("/"), flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        server.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
