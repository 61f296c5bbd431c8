"""The batch runner: one row per input, in input order (or arrival order),
bounded in-flight work, worker processes, resumable outputs, URL lists."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from batch_support import hostile_config, ListSink, load_toy_model, shared_server
from toy_pages import write_toy_dataset

from classifier.batch import (BATCH_COLUMNS, BatchConfig, BatchError, ParquetParts, _key, iter_inputs,
                              open_output, read_url_list, run_batch)
from classifier.pages import Page


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="session")
def server():
    return shared_server()


@pytest.fixture(scope="session")
def toy_model(toy_model_dir):
    return load_toy_model(toy_model_dir)


def keys(*inputs) -> Counter:
    return Counter(_key(i) for i in inputs)


# --- order and completeness -------------------------------------------------------

def test_mixed_inputs_give_one_row_each_in_order(server, toy_model, tmp_path):
    missing = tmp_path / "missing.html"
    inputs = [str(SAMPLES / "farm_cms_copy.html"), server.url("/page/30"), str(missing),
              server.url("/status/410"), str(SAMPLES / "original_science_blog.txt")]
    sink = ListSink()
    result = run_batch(iter_inputs(inputs), sink, BatchConfig(workers=0, fetch=hostile_config()), model=toy_model)
    assert [r["input"] for r in sink.rows] == inputs
    assert [r["status"] for r in sink.rows] == ["ok", "ok", "read_error", "http_4xx", "ok"]
    assert list(sink.rows[0]) == BATCH_COLUMNS
    assert result.statuses == Counter({"ok": 3, "read_error": 1, "http_4xx": 1}) and result.failed == 2


def test_a_slow_first_url_keeps_its_place_in_ordered_output(server, toy_model):
    urls = [server.url("/page/31?delay=0.8")] + [server.url(f"/page/{40 + i}") for i in range(10)]
    sink = ListSink()
    run_batch(urls, sink, BatchConfig(workers=0, linger=0.01, chunk_pages=2, fetch=hostile_config()), model=toy_model)
    assert [r["input"] for r in sink.rows] == urls


def test_unordered_output_writes_fast_pages_before_a_slow_one(server, toy_model):
    urls = [server.url("/page/32?delay=0.8")] + [server.url(f"/page/{60 + i}") for i in range(10)]
    sink = ListSink()
    run_batch(urls, sink, BatchConfig(workers=0, ordered=False, linger=0.01, chunk_pages=2, fetch=hostile_config()),
              model=toy_model)
    assert sorted(r["input"] for r in sink.rows) == sorted(urls)
    assert sink.rows[-1]["input"] == urls[0]  # the slow page arrives last and is written last


def test_inputs_are_read_only_as_far_as_the_window_allows(toy_model, monkeypatch):
    """Memory does not grow with the input: at every write, inputs read minus
    rows written stays within the window plus one read-ahead batch."""
    import classifier.batch as batch

    monkeypatch.setattr(batch, "SOURCE_TAKE", 8)
    taken = 0

    def pages():
        nonlocal taken
        for i in range(240):
            taken += 1
            yield Page.from_html(f"<html><title>Page {i}</title><body><p>Story number {i} about the harbor budget."
                                 f"</p></body></html>", url=f"http://x.test/{i}")

    gaps = []

    class Sink(ListSink):
        def write_many(self, rows):
            super().write_many(rows)
            gaps.append(taken - len(self.rows))

    window = 16
    sink = Sink()
    run_batch(pages(), sink, BatchConfig(workers=0, window=window, chunk_pages=8, with_reasons=False), model=toy_model)
    assert len(sink.rows) == 240 and max(gaps) <= window + 8


@pytest.mark.slow
def test_worker_processes_give_the_same_rows_as_scoring_in_process(toy_model, toy_model_dir, tmp_path):
    frame = write_toy_dataset(tmp_path / "pages", n_per_label=60, seed=21)
    inputs = list(frame["path"])
    here, there = ListSink(), ListSink()
    run_batch(iter_inputs(inputs), here, BatchConfig(workers=0), model=toy_model)
    run_batch(iter_inputs(inputs), there, BatchConfig(workers=2, chunk_pages=16), model_dir=toy_model_dir)
    assert [r["input"] for r in there.rows] == inputs
    assert here.rows == there.rows


@pytest.mark.slow
def test_workers_that_cannot_load_the_model_stop_the_batch_with_the_reason(toy_model, tmp_path):
    pages = [Page.from_html(f"<title>t{i}</title><p>story {i}</p>", input=str(i)) for i in range(40)]
    with pytest.raises(BatchError, match="could not load the model"):
        run_batch(pages, ListSink(), BatchConfig(workers=1, chunk_pages=4), model=toy_model,
                  model_dir=tmp_path / "no-model-here")


def test_a_one_chunk_batch_does_not_start_worker_processes(toy_model, toy_model_dir, monkeypatch):
    import classifier.batch as batch

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for a single chunk")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", no_pool)
    sink = ListSink()
    run_batch(iter_inputs([str(SAMPLES)]), sink, BatchConfig(workers=2), model=toy_model, model_dir=toy_model_dir)
    assert len(sink.rows) == len(list(SAMPLES.iterdir()))


def test_a_failing_sink_stops_the_batch_with_its_error(server, toy_model):
    class Full:
        def write_many(self, rows):
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        run_batch([server.url("/page/33"), server.url("/page/34")], Full(), BatchConfig(workers=0,
                  fetch=hostile_config()), model=toy_model)


# --- resume --------------------------------------------------------------------------

def test_resume_skips_inputs_already_written_counting_duplicates(toy_model):
    pages = [Page.from_html(f"<title>t{i}</title><p>story {i}</p>", input=name) for i, name in
             enumerate(["a", "b", "a", "c", "a"])]
    sink = ListSink()
    result = run_batch(pages, sink, BatchConfig(workers=0), model=toy_model, done=keys("a", "b"))
    # one "a" and the "b" were done: the second and third "a" and "c" remain
    assert [r["input"] for r in sink.rows] == ["a", "c", "a"] and result.skipped == 2


def test_jsonl_resume_cuts_a_half_written_last_row(tmp_path):
    path = tmp_path / "scores.jsonl"
    rows = [json.dumps({"input": name, "status": "ok"}) for name in ("a", "b", "b")]
    path.write_text("\n".join(rows) + '\n{"input": "c", "sta')
    sink, done = open_output(str(path), "jsonl", resume=True)
    assert done == keys("a", "b", "b")
    assert path.read_text().endswith('"ok"}\n')
    with sink:
        sink.write_many([{"input": "c", "status": "ok"}])
    assert [json.loads(line)["input"] for line in path.read_text().splitlines()] == ["a", "b", "b", "c"]


def test_csv_resume_reads_quoted_multiline_cells_and_cuts_a_partial_row(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text('input,status,error\na,ok,\n"b, with comma",read_error,"line one\nline two"\n"c",o')
    sink, done = open_output(str(path), "csv", resume=True)
    assert done == keys("a", "b, with comma")
    with sink:
        sink.write_many([dict.fromkeys(BATCH_COLUMNS, "") | {"input": "c", "status": "ok"}])
    frame = pd.read_csv(path, keep_default_na=False)
    assert list(frame["input"]) == ["a", "b, with comma", "c"] and list(frame.columns[:3]) == ["input", "status", "error"]


def test_resume_needs_an_output_file():
    with pytest.raises(BatchError):
        open_output(None, "jsonl", resume=True)
    with pytest.raises(BatchError):
        open_output(None, "table", resume=True)


def row(name, probability=None, status="ok"):
    return {"input": name, "url": "", "domain": "", "status": status, "error": "", "farm_probability": probability,
            "label": "", "reasons": [], "http_status": None, "truncated": False}


def test_parquet_parts_are_complete_files_with_one_schema(tmp_path):
    folder = tmp_path / "scores.parquet"
    with ParquetParts(folder, part_rows=2) as sink:
        sink.write_many([row("a", 0.5), row("b", 0.25)])
        sink.write_many([row("c", status="timeout")])  # a part of error rows only: no probabilities at all
        assert [p.name for p in sink.parts()] == ["part-00000.parquet"]  # "c" is still buffered
    assert [p.name for p in ParquetParts(folder, append=True).parts()] == ["part-00000.parquet", "part-00001.parquet"]
    frame = pd.read_parquet(folder)
    assert list(frame["input"]) == ["a", "b", "c"] and frame["farm_probability"].isna().tolist() == [False, False, True]


def test_parquet_resume_ignores_unfinished_parts_and_continues_numbering(tmp_path):
    folder = tmp_path / "scores.parquet"
    with ParquetParts(folder, part_rows=1) as sink:
        sink.write_many([row("a")])
        sink.write_many([row("b")])
    (folder / ".part-00002.parquet.tmp").write_bytes(b"PAR1 half written")  # a kill during a part
    sink, done = open_output(str(folder), "parquet", resume=True)
    assert done == keys("a", "b") and not list(folder.glob(".part-*"))
    with sink:
        sink.write_many([row("c")])
    assert sorted(p.name for p in folder.iterdir()) == ["part-00000.parquet", "part-00001.parquet",
                                                        "part-00002.parquet"]
    assert list(pd.read_parquet(folder)["input"]) == ["a", "b", "c"]


def test_parquet_without_resume_replaces_old_parts_only(tmp_path):
    folder = tmp_path / "scores.parquet"
    with ParquetParts(folder, part_rows=1) as sink:
        sink.write_many([row("old")])
    (folder / "notes.txt").write_text("mine")
    with ParquetParts(folder) as sink:
        sink.write_many([row("new")])
    assert [list(pd.read_parquet(part)["input"]) for part in sink.parts()] == [["new"]]
    assert (folder / "notes.txt").read_text() == "mine"


def parquet_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_fresh_parquet_run_grows_beside_the_old_output_and_replaces_it_at_the_end(tmp_path):
    target = tmp_path / "scores.parquet"
    with ParquetParts(target, part_rows=1) as sink:
        sink.write_many([row("old-a"), row("old-b")])
    old = parquet_files(target)
    with ParquetParts(target, part_rows=1) as sink:
        for name in ("new-a", "new-b", "new-c"):
            sink.write_many([row(name)])
        assert parquet_files(target) == old, "until the run ends, NAME is the earlier output, untouched"
        assert len(list((tmp_path / "scores.parquet.partial").glob("part-*.parquet"))) == 3
    assert list(pd.read_parquet(target)["input"]) == ["new-a", "new-b", "new-c"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.parquet"], "no partial folder or old copy left"


def test_a_failed_parquet_run_keeps_the_old_output_and_its_rows_for_a_resume(tmp_path):
    target = tmp_path / "scores.parquet"
    with ParquetParts(target) as sink:
        sink.write_many([row("old")])
    old = parquet_files(target)
    with pytest.raises(RuntimeError):
        with ParquetParts(target) as sink:
            sink.write_many([row("new-a"), row("new-b")])
            raise RuntimeError("the run dies")
    assert parquet_files(target) == old
    sink, done = open_output(str(target), "parquet", resume=True)
    assert done == keys("new-a", "new-b"), "a resume continues the partial folder, not the old output"
    with sink:
        sink.write_many([row("new-c")])
    assert list(pd.read_parquet(target)["input"]) == ["new-a", "new-b", "new-c"]


def test_a_fresh_parquet_run_discards_a_killed_run_s_partial_folder(tmp_path):
    target = tmp_path / "scores.parquet"
    with pytest.raises(RuntimeError):
        with ParquetParts(target) as sink:
            sink.write_many([row("abandoned")])
            raise RuntimeError
    with ParquetParts(target) as sink:
        sink.write_many([row("fresh")])
    assert list(pd.read_parquet(target)["input"]) == ["fresh"]


def test_a_parquet_run_without_rows_leaves_a_readable_empty_output(tmp_path):
    target = tmp_path / "scores.parquet"
    with ParquetParts(target):
        pass
    frame = pd.read_parquet(target)
    assert len(frame) == 0 and list(frame.columns) == BATCH_COLUMNS


def test_a_fresh_parquet_run_replaces_a_single_file_output(tmp_path):
    target = tmp_path / "scores.parquet"
    pd.DataFrame({"input": ["from an older version"]}).to_parquet(target)
    with ParquetParts(target) as sink:
        sink.write_many([row("new")])
    assert target.is_dir() and list(pd.read_parquet(target)["input"]) == ["new"]


# --- URL lists -----------------------------------------------------------------------

def test_url_list_skips_blank_lines_and_comments(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# crawl of May\nhttp://a.test/1\n\n  http://b.test/2  \n#http://skipped.test/\n")
    assert list(read_url_list(str(path))) == ["http://a.test/1", "http://b.test/2"]


def test_url_list_csv_uses_its_url_column(tmp_path):
    path = tmp_path / "urls.csv"
    path.write_text('id,URL,note\n1,http://a.test/1,"x, y"\n2,http://b.test/2,\n')
    assert list(read_url_list(str(path))) == ["http://a.test/1", "http://b.test/2"]


def test_url_list_jsonl_and_gzip(tmp_path):
    path = tmp_path / "urls.jsonl.gz"
    with gzip.open(path, "wt") as stream:
        stream.write('{"url": "http://a.test/1", "label": "farm"}\n\n{"url": "http://b.test/2"}\n')
    assert list(read_url_list(str(path))) == ["http://a.test/1", "http://b.test/2"]


def test_url_list_on_stdin_is_sniffed(tmp_path):
    assert list(read_url_list("-", io.StringIO("url,site\nhttp://a.test/1,a\n"))) == ["http://a.test/1"]
    assert list(read_url_list("-", io.StringIO('{"url": "http://a.test/1"}\n'))) == ["http://a.test/1"]
    assert list(read_url_list("-", io.StringIO("http://a.test/1\n"))) == ["http://a.test/1"]


def test_url_list_csv_without_url_column_is_an_error(tmp_path):
    path = tmp_path / "urls.csv"
    path.write_text("link\nhttp://a.test/1\n")
    with pytest.raises(BatchError, match="no 'url' column"):
        list(read_url_list(str(path)))


def test_url_list_is_read_lazily(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("".join(f"http://a.test/{i}\n" for i in range(100_000)))
    stream = read_url_list(str(path))
    assert next(stream) == "http://a.test/0"  # no need to read 100,000 lines first
    stream.close()


def test_a_missing_url_list_is_an_error():
    with pytest.raises(BatchError, match="cannot read the URL list"):
        list(read_url_list("/nonexistent/urls.txt"))


def test_parquet_output_onto_a_device_is_refused_and_the_device_stays(tmp_path):
    with pytest.raises(BatchError, match="Parquet output needs a folder or file name"):
        open_output("/dev/null", "parquet")
    assert Path("/dev/null").is_char_device() and not Path("/dev/null.partial").exists()
