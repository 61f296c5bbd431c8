"""Reading inputs: encodings, compression, folders, stdin and bad inputs."""

from __future__ import annotations

import gzip
import io

from classifier.pages import Page, decode_body, read_file_page, read_pages


def test_utf8_bom_wins_over_a_wrong_meta_charset():
    body = b"\xef\xbb\xbf<meta charset='iso-8859-1'><p>caf\xc3\xa9</p>"
    assert "café" in decode_body(body)


def test_meta_charset_decodes_latin1_pages_as_windows_1252():
    body = "<meta charset='iso-8859-1'><p>caf\xe9 \x93quoted\x94</p>".encode("latin-1")
    text = decode_body(body)
    assert "café" in text and "“quoted”" in text


def test_http_header_charset_is_used_before_the_meta_tag():
    body = "<meta charset='utf-8'><p>Gr\xfc\xdfe</p>".encode("cp1252")
    assert "Grüße" in decode_body(body, declared="windows-1252")


def test_undecodable_bytes_never_raise_and_become_replacement_characters():
    body = b"<p>ok \xff\xfe\xfa broken \xc3 bytes</p>" * 3
    text = decode_body(body, declared="utf-8")
    assert "ok" in text and "broken" in text


def test_unknown_declared_charset_falls_back_to_utf8():
    assert decode_body("é".encode(), declared="x-no-such-charset") == "é"


def test_gzipped_html_file_is_read(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>zipped page</p></body></html>"))
    page = read_file_page(path)
    assert page.ok and b"zipped page" in page.body and page.kind == "html"


def test_text_files_are_text_pages(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("A title\n\nA paragraph.\n")
    assert read_file_page(path).kind == "text"


def test_empty_and_binary_files_get_error_rows(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert read_file_page(tmp_path / "empty.html").status == "empty"
    assert read_file_page(tmp_path / "image.html").status == "not_html"


def test_corrupt_gzip_is_a_read_error_not_a_crash(tmp_path):
    path = tmp_path / "bad.html.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    page = read_file_page(path)
    assert page.status == "read_error" and "bad.html.gz" in page.error


def test_huge_pages_are_cut_at_the_limit_and_flagged(tmp_path):
    path = tmp_path / "huge.html"
    path.write_bytes(b"<p>" + b"word " * 10_000 + b"</p>")
    page = read_file_page(path, max_bytes=1000)
    assert page.ok and page.truncated and len(page.body) == 1000


def test_folders_are_read_recursively_in_sorted_order_and_missing_inputs_keep_their_row(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.html").write_text("<p>two</p>")
    (tmp_path / "a.html").write_text("<p>one</p>")
    (tmp_path / "notes.md").write_text("not a page")
    pages = list(read_pages([str(tmp_path), str(tmp_path / "missing.html")]))
    assert [p.input.rsplit("/", 1)[-1] for p in pages] == ["a.html", "2.html", "missing.html"]
    assert pages[-1].status == "read_error"


def test_stdin_is_one_page():
    pages = list(read_pages(["-"], stdin=io.BytesIO(b"Title\n\nBody text here."), stdin_kind="text"))
    assert len(pages) == 1 and pages[0].input == "-" and pages[0].kind == "text"


def test_page_helpers_build_html_and_text_pages():
    assert Page.from_html("<p>x</p>").kind == "html"
    assert Page.from_text("x").decoded() == "x"


def test_utf8_bytes_mislabelled_as_latin1_are_read_as_utf8():
    body = "<meta charset='iso-8859-1'><p>«Tatort» Grüße</p>".encode("utf-8")
    assert "«Tatort» Grüße" in decode_body(body)
