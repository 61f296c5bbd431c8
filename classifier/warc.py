"""WARC in and out.

In: :func:`read_warc_pages` reads a crawl's ``.warc`` / ``.warc.gz`` with
fastwarc (~11k gzipped records/s here, against ~4.3k for warcio) and yields
one :class:`~classifier.pages.Page` per response, resource or revisit record:
HTML and text responses are scorable pages (URL, HTTP status and header
charset kept); the rest get a status (``not_html``, ``http_4xx``,
``revisit`` ...). Request, metadata and warcinfo records are not pages and
are skipped. A record's ``input`` is ``FILE#OFFSET``: the byte offset of the
record in the file, which is unique, stable across runs (so ``--resume``
works) and lets a reader seek straight to it.

Out: :class:`WarcWriter` keeps every fetched response as a request record
and a response record (WARC/1.1, one gzip member per record, flushed per
exchange), so a batch can be scored again or used for training without
fetching again. Bodies are stored decoded: ``Content-Encoding`` and
``Transfer-Encoding`` are removed and kept as ``X-Crawler-*`` headers (as
Common Crawl does), ``Content-Length`` is the stored length, and a body cut
at the size limit is marked ``WARC-Truncated: length``.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import uuid
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from . import __version__
from .pages import MAX_PAGE_BYTES, Page, finish_page

#: gzip level per record: 6 is zlib's default; higher levels cost 2-3x the
#: time for ~3% smaller files, and the writer runs beside a busy fetcher.
GZIP_LEVEL = 6
#: Bytes per read when checking the gzip members of an existing WARC.
SCAN_CHUNK_BYTES = 1 << 20
#: HTTP headers that describe the transfer, not the stored payload.
TRANSFER_HEADERS = ("content-encoding", "transfer-encoding", "content-length")


# --- in -----------------------------------------------------------------------

def _header(record, name: str) -> str | None:
    value = record.headers.get(name)
    return value if value else None


def _status_for(code: int | None, mime: str, location: str | None) -> tuple[str, str, str]:
    """(status, error, kind) of a response by HTTP code and Content-Type."""
    from .fetch import HTML_TYPES, SNIFF_TYPES, TEXT_TYPES

    if code is not None and not 200 <= code < 300:
        if 300 <= code < 400 and location:
            return f"http_{code // 100}xx", f"HTTP {code} redirect to {location}", "html"
        return f"http_{code // 100}xx", f"HTTP {code}", "html"
    if mime in TEXT_TYPES:
        return "ok", "", "text"
    if mime in HTML_TYPES or mime in SNIFF_TYPES:
        return "ok", "", "html"
    return "not_html", f"Content-Type {mime} is not HTML or text", "html"


def _record_page(record, label: str, max_bytes: int) -> Page:
    from fastwarc.warc import WarcRecordType

    from .fetch import parse_content_type

    url = _header(record, "WARC-Target-URI") or ""
    date = record.record_date
    fetched_at = date.astimezone(timezone.utc).isoformat().replace("+00:00", "Z") if date else None
    if record.record_type == WarcRecordType.revisit:
        refers = _header(record, "WARC-Refers-To-Target-URI") or _header(record, "WARC-Refers-To") or "an earlier record"
        return Page(input=label, url=url, status="revisit", fetched_at=fetched_at,
                    error=f"revisit record: the payload is stored with {refers}")
    code = None
    charset = None
    location = None
    if record.is_http:
        http = record.http_headers
        code = http.status_code
        mime, charset = parse_content_type(http.get("Content-Type") or "")
        location = http.get("Location")
        charset = record.http_charset or charset
    else:
        mime, charset = parse_content_type(_header(record, "Content-Type") or "")
    status, error, kind = _status_for(code, mime, location)
    page = Page(input=label, url=url, kind=kind, charset=charset, status=status, error=error, http_status=code,
                fetched_at=fetched_at, truncated=bool(_header(record, "WARC-Truncated")))
    if status != "ok":
        return page
    body = record.reader.read(max_bytes + 1)
    if len(body) > max_bytes:
        body, page.truncated = body[:max_bytes], True
    page.body = body
    return finish_page(page)


def read_warc_pages(path: str | os.PathLike, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[Page]:
    """Pages of a WARC file (gzipped or not), in file order; never raises for a
    bad file: a missing or broken archive ends with a ``read_error`` page."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    path = Path(path)
    kinds = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit
    count = 0
    try:
        stream = open(path, "rb")
    except OSError as exc:
        yield Page.failed(str(path), "read_error", f"cannot open WARC {path}: {exc.strerror or exc}")
        return
    with stream:
        try:
            for record in ArchiveIterator(stream, record_types=kinds, parse_http=True, auto_decode="all"):
                label = f"{path}#{record.stream_pos}"
                try:
                    page = _record_page(record, label, max_bytes)
                except Exception as exc:  # one bad record must not end the archive
                    page = Page.failed(label, "read_error", f"bad WARC record: {type(exc).__name__}: {exc}")
                count += 1
                yield page
        except Exception as exc:
            yield Page.failed(f"{path}#end", "read_error",
                              f"WARC {path} is broken after {count} records: {type(exc).__name__}: {exc}")
            return
    if count == 0:
        yield Page.failed(str(path), "read_error", f"no response records in WARC {path}")


# --- out ----------------------------------------------------------------------

def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _warc_date(iso: str | None = None) -> str:
    if iso:
        return iso
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _clean(value: str) -> str:
    return str(value).replace("\r", " ").replace("\n", " ")


def warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    """One WARC/1.1 record (uncompressed) with its Content-Length."""
    lines = ["WARC/1.1"] + [f"{name}: {_clean(value)}" for name, value in headers]
    lines.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def http_request_block(http: dict) -> bytes:
    from yarl import URL

    target = URL(http["request_url"])
    path = target.raw_path_qs or "/"
    lines = [f"{http['method']} {path} HTTP/1.1"]
    names = {name.lower() for name, _ in http["request_headers"]}
    if "host" not in names:
        lines.append(f"Host: {target.raw_authority or target.raw_host}")
    lines += [f"{name}: {_clean(value)}" for name, value in http["request_headers"]]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def http_response_block(http: dict, body: bytes) -> bytes:
    lines = [f"HTTP/{http['version']} {http['status']} {_clean(http['reason'])}".rstrip()]
    for name, value in http["response_headers"]:
        if name.lower() in TRANSFER_HEADERS:
            lines.append(f"X-Crawler-{name}: {_clean(value)}")
        else:
            lines.append(f"{name}: {_clean(value)}")
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + body


def complete_gzip_length(path: str | os.PathLike) -> int:
    """Bytes at the start of ``path`` made of complete gzip members: a run
    killed while writing a record leaves a partial member after them."""
    good = consumed = 0
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    with open(path, "rb") as stream:
        while True:
            data = stream.read(SCAN_CHUNK_BYTES)
            if not data:
                return good
            while data:
                try:
                    decoder.decompress(data, SCAN_CHUNK_BYTES)
                except zlib.error:
                    return good
                if decoder.eof:
                    rest = decoder.unused_data
                    consumed += len(data) - len(rest)
                    good = consumed
                    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:
                    rest = decoder.unconsumed_tail
                    consumed += len(data) - len(rest)
                data = rest


class WarcWriter:
    """Append request/response record pairs to a ``.warc.gz`` file.

    Each record is its own gzip member and every exchange is flushed, so a
    killed run leaves at most one partial member at the end; ``append=True``
    (for ``--resume``) cuts such a tail off before writing.
    """

    def __init__(self, path: str | os.PathLike, *, append: bool = False):
        self.path = Path(path)
        if not self.path.name.lower().endswith(".warc.gz"):
            raise ValueError(f"--save-warc needs a .warc.gz file name, not {self.path.name}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existing = append and self.path.exists() and self.path.stat().st_size > 0
        if existing:
            good = complete_gzip_length(self.path)
            with open(self.path, "r+b") as stream:
                stream.truncate(good)
        self._file = open(self.path, "ab" if existing else "wb")
        self.records = 0
        if not existing:
            self._write_warcinfo()

    def _member(self, record: bytes) -> bytes:
        return gzip.compress(record, compresslevel=GZIP_LEVEL, mtime=0)

    def _write_warcinfo(self) -> None:
        fields = (f"software: contentfarm/{__version__} (+https://github.com/contentfarm/contentfarm)\r\n"
                  "format: WARC File Format 1.1\r\n"
                  "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
                  ).encode("utf-8")
        record = warc_record([("WARC-Type", "warcinfo"), ("WARC-Record-ID", _record_id()),
                              ("WARC-Date", _warc_date()), ("WARC-Filename", self.path.name),
                              ("Content-Type", "application/warc-fields")], fields)
        self._file.write(self._member(record))
        self._file.flush()

    def write_page(self, page: Page) -> bool:
        """Write the exchange behind a fetched page; False when the page has no
        HTTP response to keep (a timeout, a refused address ...)."""
        http = page.meta.get("http") if page.meta else None
        if not http:
            return False
        url = page.url
        date = _warc_date(page.fetched_at)
        response_id, request_id = _record_id(), _record_id()
        body = page.body or b""
        request_block = http_request_block(http)
        response_block = http_response_block(http, body)
        response_headers = [("WARC-Type", "response"), ("WARC-Record-ID", response_id), ("WARC-Date", date),
                            ("WARC-Target-URI", url), ("Content-Type", "application/http;msgtype=response"),
                            ("WARC-Block-Digest", _digest(response_block)), ("WARC-Payload-Digest", _digest(body))]
        if http.get("ip"):
            response_headers.append(("WARC-IP-Address", http["ip"]))
        if page.truncated or (page.status == "not_html" and not body):
            response_headers.append(("WARC-Truncated", "length"))
        request_headers = [("WARC-Type", "request"), ("WARC-Record-ID", request_id), ("WARC-Date", date),
                           ("WARC-Target-URI", url), ("WARC-Concurrent-To", response_id),
                           ("Content-Type", "application/http;msgtype=request"),
                           ("WARC-Block-Digest", _digest(request_block))]
        self._file.write(self._member(warc_record(request_headers, request_block))
                         + self._member(warc_record(response_headers, response_block)))
        self._file.flush()
        self.records += 2
        return True

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> "WarcWriter":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False
