"""Support of the batch tests: the hostile loopback server, the toy model,
a resolver that answers from a table (so no test ever asks real DNS), and
fetch settings with short timeouts.

Not a conftest.py: conftest modules of sub-folders shadow each other for
``from conftest import ...``. Each test module declares its two-line fixtures
on top of these helpers; the server is one per test session all the same (a
module-level singleton), and so is the loaded model.
"""

from __future__ import annotations

import atexit
import socket

from hostile_server import HostileServer

from classifier.fetch import FetchConfig

#: Timeouts of the hostile tests: long enough for a loaded 2-core machine to
#: answer an ordinary page, short enough that the slow endpoints end quickly.
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 1.5
TOTAL_TIMEOUT = 4.0
#: Page limit of the hostile tests: 1 MB, so the 50 MB page is cut 50x over.
MAX_BYTES = 1024 * 1024


def hostile_config(**overrides) -> FetchConfig:
    settings = dict(connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT, total_timeout=TOTAL_TIMEOUT,
                    retries=1, backoff=0.05, max_bytes=MAX_BYTES, allow_private=True, trust_env=False,
                    concurrency=32, per_host=32)
    settings.update(overrides)
    return FetchConfig(**settings)


class TableResolver:
    """An aiohttp resolver answering from a dict (name -> IPv4 address); other
    names fail like a DNS miss."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.asked: list[str] = []

    async def resolve(self, host, port=0, family=socket.AF_INET):
        self.asked.append(host)
        if host not in self.table:
            raise OSError(socket.EAI_NONAME, f"Name or service not known: {host}")
        return [{"hostname": host, "host": self.table[host], "port": port, "family": socket.AF_INET,
                 "proto": 0, "flags": socket.AI_NUMERICHOST}]

    async def close(self):
        pass


_SERVER: list[HostileServer] = []


def shared_server() -> HostileServer:
    if not _SERVER:
        _SERVER.append(HostileServer().start())
        atexit.register(_SERVER[0].stop)
    return _SERVER[0]


_MODELS: dict = {}


def load_toy_model(model_dir):
    """The toy model (tests/conftest.py trains it), loaded once per session."""
    from classifier.model import load_model

    if model_dir not in _MODELS:
        _MODELS[model_dir] = load_model(model_dir)
    return _MODELS[model_dir]


class ListSink:
    """A row sink that keeps rows in memory, for tests."""

    def __init__(self):
        self.rows: list[dict] = []
        self.writes = 0

    def write_many(self, rows):
        self.rows.extend(rows)
        self.writes += 1
