"""Pages: the unit of input, and the readers that turn sources into pages.

A :class:`Page` is one input as given by the user: a file, a line of stdin, a
fetched URL or a WARC record. It carries the raw bytes (never parsed here), the
metadata needed to decode them, and an error when the input could not be read.
Reading never raises for a bad input: the page comes back with ``status`` set to
an error kind and ``error`` explaining it, so a batch always yields one row per
input, in input order.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

#: Largest raw page we read into memory. Real article pages are well under
#: 2 MB; 5 MB leaves room for inline scripts while bounding memory per page.
MAX_PAGE_BYTES = 5 * 1024 * 1024

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt", ".txt.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES

STATUS_OK = "ok"


@dataclass
class Page:
    """One input page.

    ``kind`` is ``"html"`` or ``"text"`` (plain text as a reader sees it).
    ``status`` is ``"ok"`` or an error kind (``read_error``, ``empty``,
    ``too_large``, ``not_html``, ``http_404`` ...); ``error`` then says why.
    """

    input: str
    url: str = ""
    body: bytes = b""
    kind: str = "html"
    charset: str | None = None
    status: str = STATUS_OK
    error: str = ""
    http_status: int | None = None
    fetched_at: str | None = None
    truncated: bool = False
    meta: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    @classmethod
    def failed(cls, input: str, status: str, error: str, url: str = "") -> "Page":
        return cls(input=input, url=url, status=status, error=error)

    @classmethod
    def from_html(cls, html: str | bytes, url: str = "", input: str | None = None) -> "Page":
        body = html.encode("utf-8") if isinstance(html, str) else html
        return cls(input=input if input is not None else (url or "<html>"), url=url, body=body, kind="html",
                   charset="utf-8" if isinstance(html, str) else None)

    @classmethod
    def from_text(cls, text: str, url: str = "", input: str | None = None) -> "Page":
        return cls(input=input if input is not None else (url or "<text>"), url=url,
                   body=text.encode("utf-8"), kind="text", charset="utf-8")

    def decoded(self) -> str:
        """The body as text; never raises (see :func:`decode_body`)."""
        return decode_body(self.body, self.charset, self.kind)


# --- decoding -------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: The HTML standard says to look for a meta charset in the first 1024 bytes;
#: real pages put long scripts first, so we look a little further.
META_SNIFF_BYTES = 4096


#: Python codecs that are not page charsets (no browser knows them): a page
#: labelled with one is decoded as if unlabelled. The escape codecs warn on
#: every backslash, 'undefined' always raises.
_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "undefined", "idna", "punycode"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    if info.name in _NOT_CHARSETS:
        return None
    # Browsers decode pages labelled latin-1/ascii as windows-1252 (WHATWG Encoding).
    if info.name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return info.name


_SINGLE_BYTE = {"cp1252", "iso8859-15", "cp1250", "iso8859-2", "latin-1"}


def _is_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_body(body: bytes, declared: str | None = None, kind: str = "html") -> str:
    """Decode page bytes: BOM, then the declared charset (HTTP header), then a
    meta charset, then UTF-8, then windows-1252. Undecodable bytes become U+FFFD."""
    if not body:
        return ""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, errors="replace")
    candidates = [_codec(declared)]
    if kind == "html":
        match = _META_CHARSET.search(body[:META_SNIFF_BYTES])
        candidates.append(_codec(match.group(1).decode("ascii", "ignore")) if match else None)
    for name in candidates:
        if name:
            if name in _SINGLE_BYTE and _is_multibyte_utf8(body):
                # Valid UTF-8 with multi-byte sequences is almost never really a
                # single-byte page; mislabelled UTF-8 is common (CMS defaults).
                return body.decode("utf-8")
            try:
                return body.decode(name)
            except (UnicodeError, LookupError):  # some codecs raise a bare UnicodeError
                continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # A page that is mostly UTF-8 with a few broken bytes is more common than
    # a true windows-1252 page with multi-byte sequences; count the damage.
    lenient = body.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") * 100 < max(1, len(lenient)):
        return lenient
    return body.decode("cp1252", errors="replace")


def looks_binary(body: bytes) -> bool:
    """True for bodies that are clearly not text (NUL bytes near the start,
    or a known binary signature)."""
    head = body[:1024]
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return False


# --- reading sources ------------------------------------------------------

def kind_for_name(name: str) -> str:
    lower = name.lower()
    return "text" if lower.endswith(TEXT_SUFFIXES) else "html"


def _read_limited(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    data = stream.read(limit + 1)
    return (data[:limit], True) if len(data) > limit else (data, False)


def read_file_page(path: str | os.PathLike, input: str | None = None,
                   max_bytes: int = MAX_PAGE_BYTES) -> Page:
    """Read one page file (``.html``, ``.htm``, ``.txt``, optionally ``.gz``)."""
    path = Path(path)
    label = input if input is not None else str(path)
    kind = kind_for_name(path.name)
    url = path.resolve().as_uri() if path.is_absolute() else ""
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                body, truncated = _read_limited(stream, max_bytes)
        else:
            with open(path, "rb") as stream:
                body, truncated = _read_limited(stream, max_bytes)
    except FileNotFoundError:
        return Page.failed(label, "read_error", f"no such file: {path}")
    except IsADirectoryError:
        return Page.failed(label, "read_error", f"is a directory: {path}")
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return Page.failed(label, "read_error", f"cannot read {path}: {exc}")
    return finish_page(Page(input=label, url=url, body=body, kind=kind, truncated=truncated))


def finish_page(page: Page) -> Page:
    """Give a read page its status: empty and binary bodies become error rows.
    A body cut at the size limit stays scorable (``truncated`` is set)."""
    if not page.ok:
        return page
    if not page.body.strip():
        page.status, page.error = "empty", "the page is empty"
    elif looks_binary(page.body):
        page.status, page.error = "not_html", "the body is binary, not HTML or text"
    return page


def iter_folder(folder: Path) -> Iterator[Path]:
    """Page files below ``folder``, recursively, in a stable (sorted) order."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(PAGE_SUFFIXES):
                yield Path(root) / name


def read_pages(sources: Iterable[str], stdin: BinaryIO | None = None,
               stdin_kind: str = "html", max_bytes: int = MAX_PAGE_BYTES) -> Iterator[Page]:
    """Turn command-line sources into pages, lazily and in order.

    A source is a page file, a folder (read recursively), a WARC file, or ``-``
    for one page on standard input. Unknown or missing sources give error pages.
    """
    for source in sources:
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            body, truncated = _read_limited(stream, max_bytes)
            yield finish_page(Page(input="-", body=body, kind=stdin_kind, truncated=truncated))
            continue
        path = Path(source)
        if path.is_dir():
            found = False
            for file in iter_folder(path):
                found = True
                yield read_file_page(file, max_bytes=max_bytes)
            if not found:
                yield Page.failed(source, "read_error", f"no page files (.html, .htm, .txt, .gz) in folder {source}")
        elif source.lower().endswith(WARC_SUFFIXES):
            from .warc import read_warc_pages  # fastwarc is only needed for WARC input

            yield from read_warc_pages(path, max_bytes=max_bytes)
        elif re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I) and not source.lower().startswith("file://"):
            yield Page.failed(source, "invalid_input", "URLs are scored with --urls FILE (see contentfarm score --help)", url=source)
        else:
            yield read_file_page(path, input=source, max_bytes=max_bytes)
