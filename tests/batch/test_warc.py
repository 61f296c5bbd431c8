"""WARC in (fastwarc) and out (--save-warc): records become pages with their
URL, HTTP status and header charset; fetched responses are kept so a batch can
be scored again without the network."""

from __future__ import annotations

import gzip

import pytest
from batch_support import MAX_BYTES, hostile_config, ListSink, load_toy_model, shared_server
from fastwarc.warc import ArchiveIterator, WarcRecordType

from classifier.batch import BatchConfig, run_batch
from classifier.pages import read_pages
from classifier.warc import WarcWriter, complete_gzip_length, read_warc_pages, warc_record

HTML = "<html><head><title>Harbor budget</title></head><body><p>The council agreed the harbor budget.</p></body></html>"


@pytest.fixture(scope="session")
def server():
    return shared_server()


@pytest.fixture(scope="session")
def toy_model(toy_model_dir):
    return load_toy_model(toy_model_dir)


def http_response(code: int, reason: str, headers: dict, body: bytes) -> bytes:
    head = f"HTTP/1.1 {code} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


def response_record(url: str, block: bytes, record_type: str = "response", extra=()) -> bytes:
    content_type = "application/http;msgtype=response" if record_type in ("response", "revisit") else "text/html"
    headers = [("WARC-Type", record_type), ("WARC-Record-ID", f"<urn:uuid:{abs(hash((url, record_type))):032x}>"),
               ("WARC-Date", "2025-05-01T10:00:00Z"), ("WARC-Target-URI", url), ("Content-Type", content_type),
               *extra]
    return warc_record(headers, block)


@pytest.fixture
def crawl(tmp_path):
    """A hand-made gzipped WARC with one record of each kind a crawl holds."""
    cyrillic = "<html><head><title>Новости</title></head><body><p>Совет утвердил бюджет гавани.</p></body></html>"
    records = [
        warc_record([("WARC-Type", "warcinfo"), ("WARC-Record-ID", "<urn:uuid:0>"),
                     ("WARC-Date", "2025-05-01T10:00:00Z"), ("Content-Type", "application/warc-fields")],
                    b"software: test\r\n"),
        response_record("http://a.test/story", http_response(200, "OK", {"Content-Type": "text/html; charset=utf-8"},
                                                             HTML.encode())),
        warc_record([("WARC-Type", "request"), ("WARC-Record-ID", "<urn:uuid:1>"), ("WARC-Date", "2025-05-01T10:00:00Z"),
                     ("WARC-Target-URI", "http://a.test/story"), ("Content-Type", "application/http;msgtype=request")],
                    b"GET /story HTTP/1.1\r\nHost: a.test\r\n\r\n"),
        response_record("http://b.test/paper.pdf", http_response(200, "OK", {"Content-Type": "application/pdf"},
                                                                 b"%PDF-1.4 binary")),
        response_record("http://c.test/gone", http_response(404, "Not Found", {"Content-Type": "text/html"}, b"nope")),
        response_record("http://d.test/moved", http_response(301, "Moved", {"Location": "http://d.test/new"}, b"")),
        response_record("http://e.test/news", http_response(200, "OK", {"Content-Type": "text/html; charset=windows-1251"},
                                                            cyrillic.encode("cp1251"))),
        response_record("http://a.test/story", b"HTTP/1.1 200 OK\r\n\r\n", "revisit",
                        [("WARC-Refers-To-Target-URI", "http://a.test/story")]),
        response_record("http://f.test/page.html", HTML.encode(), "resource"),
    ]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in records))
    return path


def test_response_records_become_pages_and_other_records_are_skipped(crawl):
    pages = list(read_warc_pages(crawl))
    assert [p.url for p in pages] == ["http://a.test/story", "http://b.test/paper.pdf", "http://c.test/gone",
                                      "http://d.test/moved", "http://e.test/news", "http://a.test/story",
                                      "http://f.test/page.html"]
    assert [p.status for p in pages] == ["ok", "not_html", "http_4xx", "http_3xx", "ok", "revisit", "ok"]
    assert [p.http_status for p in pages] == [200, 200, 404, 301, 200, None, None]


def test_record_inputs_are_file_and_offset_and_unique(crawl):
    pages = list(read_warc_pages(crawl))
    assert len({p.input for p in pages}) == len(pages)
    assert all(p.input.startswith(f"{crawl}#") for p in pages)
    offset = int(pages[0].input.rsplit("#", 1)[1])
    with open(crawl, "rb") as stream:  # the offset is where the record's gzip member starts
        stream.seek(offset)
        assert gzip.GzipFile(fileobj=stream).read(8) == b"WARC/1.1"


def test_http_header_charset_decodes_the_page(crawl):
    page = list(read_warc_pages(crawl))[4]
    assert page.charset in ("cp1251", "windows-1251")
    assert "Совет утвердил бюджет" in page.decoded()


def test_redirect_and_error_records_say_what_they_were(crawl):
    pages = list(read_warc_pages(crawl))
    assert "http://d.test/new" in pages[3].error and "404" in pages[2].error
    assert "earlier" in pages[5].error or "a.test/story" in pages[5].error


def test_record_bodies_are_cut_at_max_bytes(crawl):
    page = list(read_warc_pages(crawl, max_bytes=40))[0]
    assert page.ok and page.truncated and len(page.body) == 40


def test_read_pages_dispatches_warc_files(crawl):
    assert len(list(read_pages([str(crawl)]))) == 7


def test_missing_and_broken_archives_give_read_error_rows(tmp_path, crawl):
    assert [p.status for p in read_warc_pages(tmp_path / "none.warc.gz")] == ["read_error"]
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"this is not a WARC file at all\r\n" * 10)
    statuses = [p.status for p in read_warc_pages(garbage)]
    assert statuses and statuses[-1] == "read_error" and set(statuses) == {"read_error"}
    cut = tmp_path / "cut.warc.gz"
    data = crawl.read_bytes()
    cut.write_bytes(data[: len(data) - 40])  # a crawl cut off in its last record
    pages = list(read_warc_pages(cut))
    assert [p.status for p in pages[:4]] == ["ok", "not_html", "http_4xx", "http_3xx"]
    assert pages[-1].status == "read_error" or len(pages) == 7


@pytest.fixture(scope="module")
def saved(server, toy_model, tmp_path_factory):
    """A live batch with --save-warc, then the same WARC scored again offline."""
    warc = tmp_path_factory.mktemp("warc") / "fetched.warc.gz"
    urls = [server.url(p) for p in ("/page/20", "/page/21", "/gzip", "/status/404", "/big", "/pdf",
                                    "/redirect?to=/page/22", "/hang")]
    live = ListSink()
    run_batch(urls, live, BatchConfig(workers=0, max_bytes=MAX_BYTES, save_warc=str(warc),
                                      fetch=hostile_config(retries=0)), model=toy_model)
    again = ListSink()
    run_batch(read_warc_pages(warc, max_bytes=MAX_BYTES), again, BatchConfig(workers=0), model=toy_model)
    return {"warc": warc, "urls": urls, "live": live.rows, "again": again.rows}


def test_saved_warc_has_a_request_and_a_response_per_fetched_page_with_valid_digests(saved):
    records = list(ArchiveIterator(open(saved["warc"], "rb"), parse_http=False, verify_digests=True,
                                   record_types=WarcRecordType.request | WarcRecordType.response))
    # 8 URLs, one timed out with no response: 7 exchanges.
    assert [str(r.record_type).split(".")[-1] for r in records] == ["request", "response"] * 7
    for request, response in zip(records[::2], records[1::2]):
        assert request.headers["WARC-Concurrent-To"] == response.headers["WARC-Record-ID"]
        assert request.headers["WARC-Target-URI"] == response.headers["WARC-Target-URI"]


def test_rescoring_the_saved_warc_gives_the_live_scores(saved):
    live = {r["url"]: r for r in saved["live"]}
    again = {r["url"]: r for r in saved["again"]}
    for url, row in again.items():
        assert live[url]["status"] == row["status"]
        assert live[url]["farm_probability"] == row["farm_probability"]
        if row["status"] == "ok":
            assert live[url]["truncated"] == row["truncated"]
    assert {r["status"] for r in saved["again"]} == {"ok", "http_4xx", "not_html"}


def test_saved_bodies_are_decoded_and_truncation_is_marked(saved, server):
    records = {}
    for record in ArchiveIterator(open(saved["warc"], "rb"), record_types=WarcRecordType.response, parse_http=True):
        records[record.headers["WARC-Target-URI"]] = (dict(record.headers), dict(record.http_headers),
                                                      record.reader.read())
    _, gz_http, gz_body = records[server.url("/gzip")]
    assert "Content-Encoding" not in gz_http and gz_http.get("X-Crawler-Content-Encoding") == "gzip"
    assert gz_body.startswith(b"<html>")
    big_warc, big_http, big_body = records[server.url("/big")]
    assert big_warc.get("WARC-Truncated") == "length"
    assert int(big_http["Content-Length"]) == len(big_body) == MAX_BYTES
    assert server.url("/page/22") in records  # the page a redirect led to, under its own URL


def test_a_partial_gzip_member_at_the_end_is_cut_off_before_appending(tmp_path, crawl):
    path = tmp_path / "resumed.warc.gz"
    good = crawl.read_bytes()
    path.write_bytes(good + gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 5000)[:60])
    assert complete_gzip_length(path) == len(good)
    writer = WarcWriter(path, append=True)
    writer.close()
    assert path.read_bytes() == good
    assert len(list(read_warc_pages(path))) == 7


def test_warc_writer_wants_a_gzipped_warc_name(tmp_path):
    with pytest.raises(ValueError):
        WarcWriter(tmp_path / "out.warc")
