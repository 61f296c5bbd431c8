"""The pieces of the Spark job that need no Spark session: rows to pages,
pandas' nulls, the per-process model cache, telling sources apart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install -e '.[spark]'; make test does)")

from classifier import spark as cs  # noqa: E402
from classifier.batch import BATCH_COLUMNS  # noqa: E402

pytest.register_assert_rewrite("spark_support")  # its fixtures assert; rewrite before any import


def test_null_cells_as_pandas_3_hands_them_over_give_an_empty_error_row():
    page = cs.page_from_row({"url": math.nan, "html": math.nan, "body": None, "input": math.nan})
    assert (page.status, page.input, page.url) == ("empty", "<html>", "")


def test_html_string_row_is_utf8_and_labelled_by_its_url():
    page = cs.page_from_row({"url": "https://a.example/x", "html": "<p>caf\u00e9</p>"})
    assert (page.ok, page.input, page.charset, page.kind) == (True, "https://a.example/x", "utf-8", "html")
    assert page.decoded() == "<p>caf\u00e9</p>"


def test_body_row_keeps_its_charset_for_sniffing_and_a_text_kind():
    page = cs.page_from_row({"url": "u", "body": b"Caf\xe9 au lait", "kind": "text", "charset": "latin-1"})
    assert page.decoded() == "Caf\u00e9 au lait" and page.kind == "text"


def test_body_longer_than_the_limit_is_cut_and_flagged_like_a_long_file():
    page = cs.page_from_row({"url": "u", "body": b"<p>" + b"x" * 2000}, max_bytes=1024)
    assert page.ok and page.truncated and len(page.body) == 1024


def test_binary_body_is_not_html():
    assert cs.page_from_row({"url": "u", "body": b"%PDF-1.7 ..."}).status == "not_html"


@pytest.mark.parametrize("value, expected", [(math.nan, None), (pd.NA, None), (None, None), (np.int64(7), 7),
                                             (np.float64(0.5), 0.5), (np.array(["a", "b"]), ["a", "b"]),
                                             ("text", "text"), (b"raw", b"raw")])
def test_kept_values_lose_pandas_types_and_nan_nulls(value, expected):
    assert cs._plain(value) == expected


@pytest.mark.parametrize("location, remote", [("s3a://bucket/model", True), ("hdfs:///models/m", True),
                                              ("dbfs:/models/m", True), ("abfss://c@a.dfs.core.windows.net/m", True),
                                              ("models/default", False), ("/abs/model", False),
                                              ("file:///abs/model", False), ("C:/models/m", False)])
def test_uris_are_read_through_spark_and_local_paths_by_the_driver(location, remote):
    assert cs._is_remote(location) is remote


def test_model_is_loaded_once_per_process_for_the_same_bytes(toy_model_dir, monkeypatch):
    files = cs.read_model_files(toy_model_dir)
    monkeypatch.setattr(cs, "_MODELS", {})
    loads = []
    real = cs.load_model
    monkeypatch.setattr(cs, "load_model", lambda folder: loads.append(folder) or real(folder))
    first = cs.model_from_files(files)
    assert cs.model_from_files(dict(files)) is first
    assert len(loads) == 1


def test_changed_model_bytes_are_checked_again_and_refused(toy_model_dir, monkeypatch):
    files = cs.read_model_files(toy_model_dir)
    monkeypatch.setattr(cs, "_MODELS", {})
    cs.model_from_files(files)
    name = next(n for n in files if n != "model.json")
    with pytest.raises(cs.ModelError, match="sha256"):
        cs.model_from_files({**files, name: files[name] + b"x"})


@pytest.mark.parametrize("columns, source", [(["path", "url"], "path"), (["url", "html"], "pages"),
                                             (["url", "body", "input"], "pages"), (["url"], "urls")])
def test_source_is_told_by_the_columns(columns, source):
    assert cs.detect_source(columns) == source


def test_a_frame_without_known_columns_is_refused_with_the_shapes_it_takes():
    with pytest.raises(ValueError, match="'path' column"):
        cs.detect_source(["html_text"])


def test_rows_frame_keeps_nulls_as_none_not_nan():
    row = {c: None for c in BATCH_COLUMNS} | {"input": "a", "status": "empty", "reasons": [], "truncated": False}
    frame = cs.rows_frame([row], ("segment",), [("s1",)])
    assert list(frame.columns) == [*BATCH_COLUMNS, "segment"]
    assert frame.loc[0, "farm_probability"] is None and frame.loc[0, "http_status"] is None
    assert frame.loc[0, "segment"] == "s1"


def test_counts_split_into_statuses_and_labels():
    from collections import Counter

    counts = Counter({("status", "ok"): 3, ("status", "empty"): 1, ("label", "farm"): 2, ("label", "original"): 1})
    assert cs.split_counts(counts) == ({"empty": 1, "ok": 3}, {"farm": 2, "original": 1})
    param = cs.CountsParam()
    total = param.addInPlace(param.zero(None), Counter({("status", "ok"): 1}))
    assert param.addInPlace(total, counts)[("status", "ok")] == 4


def test_object_store_inputs_are_copied_and_their_rows_name_the_uri(tmp_path):
    fsspec = pytest.importorskip("fsspec", reason="fsspec comes with the spark extra")
    from spark_support import http_response, write_warc

    from classifier.pages import read_pages

    local = tmp_path / "segment.warc.gz"
    write_warc(local, [("response", "https://a.example/1", http_response("200 OK", "text/html", b"<p>one</p>")),
                       ("response", "https://a.example/2", http_response("404 Not Found", "text/html", b""))])
    uri = "memory://crawl/segment.warc.gz"
    with fsspec.open(uri, "wb") as stream:
        stream.write(local.read_bytes())
    try:
        remote = list(cs.source_pages(uri))
        expected = list(read_pages([str(local)]))
        assert [p.input for p in remote] == [p.input.replace(str(local), uri) for p in expected]
        assert [(p.status, p.url, p.body) for p in remote] == [(p.status, p.url, p.body) for p in expected]
        assert remote[0].input.startswith(uri + "#")
    finally:
        fsspec.filesystem("memory").rm("/crawl", recursive=True)


def test_a_missing_object_is_one_read_error_row_naming_it():
    pytest.importorskip("fsspec", reason="fsspec comes with the spark extra")
    [page] = cs.source_pages("memory://nowhere/missing.warc.gz")
    assert (page.input, page.status) == ("memory://nowhere/missing.warc.gz", "read_error")
    assert "memory://nowhere/missing.warc.gz" in page.error
