"""Batch scoring at crawl scale: sources → pages → worker processes → rows.

The runner behind ``contentfarm score``. It takes any mix of inputs (page
files, folders, WARC archives, ``-``, URLs, a URL list of a million lines)
and writes exactly one row per input, with memory that does not grow with the
input::

    URL list / files / WARC ──▶ fetcher (asyncio, aiohttp) ──▶ chunks of raw pages ──▶ worker processes
         streamed, lazily        global + per-host limits        (≤ CHUNK_PAGES)           parse + score_batch
                                 WARC copy (--save-warc)                                       │
    output file ◀── rows written and flushed (in input order, or --unordered) ◀────────────────┘

Bounded at every stage: at most ``window`` inputs are between reading and
writing, at most ``concurrency`` fetched pages wait to be chunked, at most
``CHUNKS_PER_WORKER`` chunks per worker are being scored. Parsing and scoring
run in worker processes (parsed trees do not pickle, so raw pages travel and
are parsed inside the worker), each loading the model once. Scoring stays the
pure :func:`classifier.score.score_batch` over a list of pages, which a
cluster engine can map the same way.

Rows are written as they are produced, and the output's name only ever holds
a complete output (the earlier one until the new one is done). JSONL and CSV
rows go to ``NAME.partial``, flushed row batch by row batch, and the file is
renamed to ``NAME`` when the run ends well (:mod:`classifier.outputs`).
Parquet is a folder of part files, each renamed into place when complete,
grown in ``NAME.partial/`` and swapped in for ``NAME`` at the end
(:class:`ParquetParts`). A killed run therefore keeps every row it wrote, in
``NAME.partial``; ``resume=True`` reads the inputs already there (or in a
complete ``NAME``, which it then adds to) and skips them, cutting off a row
half-written by the kill, so after a kill and a resume every input appears
exactly once.
"""

from __future__ import annotations

import asyncio
import csv
import gzip
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import re
import shutil
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .atomic import disk_full_error, finish_folder_swap, partial_path, replace_folder
from .fetch import FetchConfig
from .pages import MAX_PAGE_BYTES, Page, read_pages
from .score import SCORE_COLUMNS, add_provenance, error_score, score_batch

#: Columns of a batch row: the score columns, the HTTP status of a fetched page
#: and whether the page was cut at the size limit.
BATCH_COLUMNS = SCORE_COLUMNS + ["http_status", "truncated"]

#: Pages per chunk sent to a worker: big enough that pickling and the model
#: call are amortised (a model call costs a few ms), small enough that a
#: chunk's rows come back within a fraction of a second.
CHUNK_PAGES = 64
#: A chunk is also closed at this many body bytes, so a run of 5 MB pages does
#: not make 320 MB chunks.
CHUNK_BYTES = 16 * 1024 * 1024
#: Seconds a partial chunk waits for more pages before it is scored anyway
#: (a slow fetch must not hold finished pages back).
CHUNK_LINGER = 0.1
#: Inputs between reading and writing. In input order a slow URL holds the
#: rows after it back; 8,192 waiting rows (a few MB) keep the fetcher busy for
#: seconds at full speed before it has to wait. Use unordered output for crawls.
WINDOW = 8192
#: Chunks being scored per worker: one running and one queued keeps a worker
#: busy without piling pages up.
CHUNKS_PER_WORKER = 2
#: Inputs (or body bytes) taken from the sources per read, off the event loop.
SOURCE_TAKE = 256
SOURCE_TAKE_BYTES = 16 * 1024 * 1024
#: A Parquet part is closed (renamed into place) after this many rows or
#: seconds, whichever comes first: what a kill can lose from Parquet output.
PARQUET_PART_ROWS = 5000
PARQUET_PART_SECONDS = 10.0
#: After this many worker-pool crashes the run stops (something other than one
#: hostile page is wrong).
MAX_POOL_RESTARTS = 10
#: Seconds between a worker's checks that the main process is still alive.
WORKER_WATCH_SECONDS = 1.0

URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


class BatchError(Exception):
    """A problem with the batch as a whole (bad URL list, bad output file)."""


@dataclass
class BatchConfig:
    """Knobs of a batch run; ``fetch`` holds the network ones."""

    #: Worker processes; None: all cores; 0: score in this process, unless page_timeout is set
    #: (the budget stops a page by killing its worker, so it then uses one watched worker).
    workers: int | None = None
    ordered: bool = True
    resume: bool = False
    save_warc: str | None = None
    max_bytes: int = MAX_PAGE_BYTES
    with_reasons: bool = True
    chunk_pages: int = CHUNK_PAGES
    chunk_bytes: int = CHUNK_BYTES
    linger: float = CHUNK_LINGER
    window: int = WINDOW
    fetch: FetchConfig = field(default_factory=FetchConfig)
    #: Seconds one page may take (classifier.budget): scoring then runs in
    #: budget worker processes, one per worker, and a page that overruns gets
    #: status timeout. None: no budget.
    page_timeout: float | None = None
    #: A provenance index folder (score --index): rows get the provenance
    #: columns (classifier.provenance) and a copy's reason comes first.
    index: str | None = None

    def worker_count(self) -> int:
        if self.workers is None:
            return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return max(0, self.workers)


@dataclass
class BatchResult:
    statuses: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    skipped: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.statuses.values())

    @property
    def failed(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "ok")


# --- inputs -------------------------------------------------------------------

def is_url(source: str) -> bool:
    return bool(URL_RE.match(source))


def _open_text(path: str, stdin: io.TextIOBase | None):
    if path == "-":
        return stdin if stdin is not None else io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8",
                                                                 errors="replace")
    try:
        if path.lower().endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
        return open(path, encoding="utf-8", errors="replace", newline="")
    except OSError as exc:
        raise BatchError(f"cannot read the URL list {path}: {exc.strerror or exc}") from None


def read_url_list(path: str, stdin: io.TextIOBase | None = None) -> Iterator[str]:
    """URLs from a file, lazily: one URL a line (blank lines and ``#`` comments
    skipped), or a CSV/TSV with a ``url`` column, or JSON lines with a ``url``
    key. The format follows the extension (``.csv``, ``.tsv``, ``.jsonl``,
    ``.ndjson``, optionally ``.gz``) or, for ``-`` and other names, the first
    line (a header with a ``url`` column, or a ``{``)."""
    stream = _open_text(path, stdin)
    try:
        name = path.lower().removesuffix(".gz")
        first = stream.readline()
        head = first.strip().lower()
        if name.endswith((".jsonl", ".ndjson")) or (not name.endswith((".csv", ".tsv")) and head.startswith("{")):
            yield from _jsonl_urls(itertools.chain([first], stream), path)
        elif name.endswith((".csv", ".tsv")) or re.match(r"^\"?url\"?\s*([,\t;]|$)", head):
            yield from _csv_urls(itertools.chain([first], stream), path, "\t" if name.endswith(".tsv") else None)
        else:
            for line in itertools.chain([first], stream):
                line = line.strip()
                if line and not line.startswith("#"):
                    yield line
    finally:
        if stream is not stdin and path != "-":
            stream.close()


def _jsonl_urls(lines: Iterable[str], path: str) -> Iterator[str]:
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            yield line  # not JSON: it becomes an invalid_url row, not a crash
            continue
        if not isinstance(record, dict) or "url" not in record:
            raise BatchError(f"{path}: a JSON line without a 'url' key: {line[:80]}")
        yield str(record["url"] or "").strip()


def _csv_urls(lines: Iterable[str], path: str, delimiter: str | None) -> Iterator[str]:
    lines = iter(lines)
    header_line = next(lines, "")
    if delimiter is None:
        delimiter = "\t" if "\t" in header_line and "," not in header_line else ","
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    lowered = [h.strip().lower() for h in header]
    if "url" not in lowered:
        raise BatchError(f"{path} has no 'url' column (columns: {', '.join(header) or 'none'})")
    column = lowered.index("url")
    for row in csv.reader(lines, delimiter=delimiter):
        if row:
            yield row[column].strip() if column < len(row) else ""


def iter_inputs(sources: Iterable[str], urls: str | None = None, *, stdin_kind: str = "html",
                max_bytes: int = MAX_PAGE_BYTES, stdin=None, url_stdin=None) -> Iterator[str | Page]:
    """The inputs of a batch in order: a URL (``str``) to fetch, or a read
    :class:`Page`. Positional sources that look like URLs are fetched; the rest
    are read by :func:`classifier.pages.read_pages`; then the URL list."""
    for source in sources:
        if is_url(source):
            yield source.strip()
        else:
            yield from read_pages([source], stdin=stdin, stdin_kind=stdin_kind, max_bytes=max_bytes)
    if urls is not None:
        yield from read_url_list(urls, url_stdin)


def count_url_lines(path: str) -> int | None:
    """Rough number of URLs in a list file (for the progress bar's ETA)."""
    if path == "-" or not os.path.isfile(path) or path.lower().endswith(".gz"):
        return None
    with open(path, "rb") as stream:
        count = sum(1 for line in stream if line.strip() and not line.startswith(b"#"))
    name = path.lower()
    return count - 1 if name.endswith((".csv", ".tsv")) and count else count


# --- outputs ------------------------------------------------------------------

def _key(text: str) -> int:
    """Resume keys: 8-byte hashes, so a million done inputs cost ~100 MB at
    most instead of their full text."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def _complete_records(path: Path, csv_quotes: bool) -> Iterator[tuple[int, bytes]]:
    """(end offset, record bytes) of each complete newline-terminated record;
    a CSV record ends at a newline outside quotes."""
    offset = 0
    record = b""
    with open(path, "rb") as stream:
        for line in stream:
            record += line
            if not line.endswith(b"\n") or (csv_quotes and record.count(b'"') % 2):
                continue
            offset += len(record)
            yield offset, record
            record = b""


def _repair_and_read_inputs(path: Path, fmt: str) -> tuple[Counter, list[str] | None]:
    """Inputs already in a JSONL/CSV output, as key counts, and a CSV's header;
    cuts off a last row that a kill left half-written."""
    done: Counter = Counter()
    good = 0
    column = None
    header = None
    for end, record in _complete_records(path, csv_quotes=fmt == "csv"):
        text = record.decode("utf-8", "replace")
        if fmt == "jsonl":
            try:
                row = json.loads(text)
            except json.JSONDecodeError:
                break  # a damaged row: everything from here on is rewritten
            if isinstance(row, dict) and "input" in row:
                done[_key(str(row["input"]))] += 1
        else:
            cells = next(csv.reader([text]), [])
            if column is None:
                if "input" not in cells:
                    raise BatchError(f"cannot resume: {path} has no 'input' column")
                column, header = cells.index("input"), cells
            elif column < len(cells):
                done[_key(cells[column])] += 1
        good = end
    if good < path.stat().st_size:
        with open(path, "r+b") as stream:
            stream.truncate(good)
    return done, header


def _parquet_schema(extra_columns=()):
    import pyarrow as pa

    types = {"farm_probability": pa.float64(), "reasons": pa.list_(pa.string()), "http_status": pa.int64(),
             "truncated": pa.bool_(), "copy_containment": pa.float64(), "published_earlier_elsewhere": pa.bool_()}
    return pa.schema([(name, types.get(name, pa.string())) for name in [*BATCH_COLUMNS, *extra_columns]])


class ParquetParts:
    """Parquet output as a folder of part files (``part-00000.parquet`` ...).

    Rows are buffered and a part is written to a hidden temporary file and
    renamed into place every ``part_rows`` rows or ``part_seconds`` seconds,
    so a killed run leaves only complete parts (readers such as pandas and
    pyarrow skip hidden files). ``pd.read_parquet(NAME)`` reads them all.

    A fresh run writes its parts into the sibling folder ``NAME.partial/``
    and :meth:`close` swaps that folder into place
    (:func:`classifier.atomic.replace_folder`): until then ``NAME`` holds the
    earlier complete output, untouched, and a kill at any moment leaves the
    old output or the new one there. With ``append=True`` (``--resume``) the
    run continues ``NAME.partial/`` when a killed run left one, else it adds
    parts to the complete ``NAME`` itself (each part appears whole).
    """

    PART_RE = re.compile(r"^part-(\d+)\.parquet$")

    def __init__(self, folder: str | os.PathLike, *, append: bool = False, part_rows: int = PARQUET_PART_ROWS,
                 part_seconds: float = PARQUET_PART_SECONDS, extra_columns=()):
        target = Path(folder)
        self.target = Path(os.path.realpath(target)) if target.is_symlink() else target
        self.part_rows, self.part_seconds = part_rows, part_seconds
        self.schema = _parquet_schema(extra_columns)
        self._rows: list[dict] = []
        self._started = time.monotonic()
        self.count = 0
        if self.target.exists() and not (self.target.is_dir() or self.target.is_file()):
            # a device or a pipe: a folder of parts cannot go there, and swapping one in would remove the device
            raise BatchError(f"Parquet output needs a folder or file name, not {self.target}")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        finish_folder_swap(self.target)
        partial = partial_path(self.target)
        if append and partial.is_dir():
            self.folder, self.swap_at_close = partial, True
        elif append and self.target.exists():
            self.folder, self.swap_at_close = self.target, False
            if self.target.is_file():  # a single-file Parquet output from an earlier version: it becomes the first part
                moved = self.target.with_name(f".{self.target.name}.moving")
                os.replace(self.target, moved)
                self.target.mkdir()
                os.replace(moved, self.target / "part-00000.parquet")
        else:
            if partial.exists() or partial.is_symlink():  # a killed fresh run's parts: this run starts over
                if partial.is_dir() and not partial.is_symlink():
                    shutil.rmtree(partial)
                else:
                    partial.unlink()
            self.folder, self.swap_at_close = partial, True
        self.folder.mkdir(exist_ok=True)
        for stale in self.folder.glob(".part-*.tmp"):
            stale.unlink()
        numbers = [int(self.PART_RE.match(p.name).group(1)) for p in self.parts()]
        self._next = max(numbers, default=-1) + 1

    def parts(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if self.PART_RE.match(p.name))

    def done_inputs(self) -> Counter:
        import pyarrow.parquet as pq

        done: Counter = Counter()
        for part in self.parts():
            for value in pq.read_table(part, columns=["input"]).column("input").to_pylist():
                done[_key(str(value))] += 1
        return done

    def write_many(self, rows: list[dict]) -> None:
        self._rows.extend(rows)
        self.count += len(rows)
        if len(self._rows) >= self.part_rows or time.monotonic() - self._started >= self.part_seconds:
            self.flush()

    def flush(self) -> None:
        if self._rows:
            self._write_part(self._rows)
        self._rows = []
        self._started = time.monotonic()

    def _write_part(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([{c: r.get(c) for c in self.schema.names} for r in rows], schema=self.schema)
        name = f"part-{self._next:05d}.parquet"
        tmp = self.folder / f".{name}.tmp"
        try:
            pq.write_table(table, tmp)
            with open(tmp, "rb") as stream:  # on disk before it is renamed: a power cut keeps whole parts
                os.fsync(stream.fileno())
            os.replace(tmp, self.folder / name)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise disk_full_error(exc, self.target) from exc
        self._next += 1

    def close(self) -> None:
        """Write the last rows and, for a fresh or resumed-from-partial run, swap
        the finished folder into place."""
        self.flush()
        if not self.parts():  # no rows at all: one empty part, so readers get the columns, not an error
            self._write_part([])
        if self.swap_at_close:
            self._carry_over_foreign_files()
            try:
                replace_folder(self.folder, self.target)
            except OSError as exc:
                raise disk_full_error(exc, self.target) from exc
            self.folder, self.swap_at_close = self.target, False

    def _carry_over_foreign_files(self) -> None:
        """Files of the user's own in the old output folder (notes, a README)
        are copied into the new one, so replacing the parts keeps them. Copied,
        not moved: a kill before the swap must leave the old folder whole."""
        if not self.target.is_dir():
            return
        for entry in self.target.iterdir():
            if self.PART_RE.match(entry.name) or entry.name.startswith(".") or (self.folder / entry.name).exists():
                continue
            if entry.is_dir():
                shutil.copytree(entry, self.folder / entry.name, symlinks=True)
            else:
                shutil.copy2(entry, self.folder / entry.name, follow_symlinks=False)

    def __enter__(self) -> "ParquetParts":
        return self

    def __exit__(self, exc_type, *exc) -> bool:
        if exc_type is None:
            self.close()
            return False
        try:  # a failed run keeps the rows it made in NAME.partial/ for a resume; NAME stays as it was
            self.flush()
        except OSError:
            pass  # (a full disk, again): the error being raised already says what went wrong
        return False


def open_output(path: str | None, fmt: str, *, resume: bool = False, stream=None, extra_columns=()):
    """A row sink for ``path`` in ``fmt`` and, when resuming, the inputs it
    already holds. Returns (sink, done counts or None). ``extra_columns``
    follow the batch columns (score --index: the provenance columns)."""
    from .outputs import RowWriter, resume_source

    if resume and (not path or path == "-"):
        raise BatchError("--resume needs an output file (-o FILE): it reads the rows already written there")
    if resume and fmt == "table":
        raise BatchError("--resume needs a CSV, JSONL or Parquet output file")
    if fmt == "parquet":
        if not path or path == "-":
            raise BatchError("Parquet needs an output file (-o FILE.parquet)")
        sink = ParquetParts(path, append=resume, extra_columns=extra_columns)
        return sink, (sink.done_inputs() if resume else None)
    done, columns = None, None
    if resume and path and resume_source(path).is_file():  # a killed run's rows are in NAME.partial
        # Appended CSV rows follow the file's own header (an older run may have had other columns).
        done, columns = _repair_and_read_inputs(resume_source(path), fmt)
    return RowWriter(path, fmt, columns or [*BATCH_COLUMNS, *extra_columns], stream=stream, append=resume), done


# --- scoring in workers -----------------------------------------------------------

def batch_row(page: Page, score) -> dict:
    row = score.as_dict()
    row["http_status"] = page.http_status
    row["truncated"] = bool(page.truncated)
    return row


def score_rows(model, pages: list[Page], with_reasons: bool = True) -> list[dict]:
    """Rows for a chunk of pages: :func:`score_batch` plus the page's fetch columns."""
    return [batch_row(page, score) for page, score in zip(pages, score_batch(model, pages, with_reasons=with_reasons))]


def one_thread_per_scorer() -> None:
    """Let the model's native code (OpenMP in scikit-learn's gradient boosting)
    use one thread in the calling thread. A worker is one core; OpenMP threads
    on top fight the other workers and the fetcher: measured here on a busy
    2-core machine, scoring 256 toy pages took 14.4 s with OpenMP's default
    and 1.3 s with one thread."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def _score_rows_here(model, pages: list[Page], with_reasons: bool) -> list[dict]:
    one_thread_per_scorer()
    return score_rows(model, pages, with_reasons)


_WORKER: dict = {}


def _watch_parent(parent_pid: int, parent_of_worker: int) -> None:
    """Exit when the main process is gone: a SIGKILLed batch must not leave
    workers behind (they would wait for chunks forever)."""
    while True:
        time.sleep(WORKER_WATCH_SECONDS)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass
        if os.getppid() != parent_of_worker:
            os._exit(0)


class WorkerStartError(Exception):
    """A worker process could not load the model (raised per chunk, so the
    pool stays usable and the runner can stop with the reason)."""


def _init_worker(model_dir: str, parent_pid: int, with_reasons: bool) -> None:
    from .safe_model import load_any_model as load_model  # a folder, or a .skops file

    one_thread_per_scorer()
    # Raising here would only tell the runner that "a process terminated abruptly": keep the reason.
    try:
        _WORKER["model"] = load_model(model_dir)
    except Exception as exc:
        _WORKER["error"] = f"{type(exc).__name__}: {exc}"
    _WORKER["with_reasons"] = with_reasons
    threading.Thread(target=_watch_parent, args=(parent_pid, os.getppid()), daemon=True,
                     name="watch-parent").start()


def _score_chunk(pages: list[Page]) -> list[dict]:
    if "error" in _WORKER:
        raise WorkerStartError(_WORKER["error"])
    return score_rows(_WORKER["model"], pages, _WORKER["with_reasons"])


def _worker_context():
    """forkserver: workers fork from a clean server process that has imported
    the scoring code once, not from this process and its event-loop threads."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["classifier.batch"])
    return context


# --- the runner -------------------------------------------------------------------

class _Runner:
    def __init__(self, sink, config: BatchConfig, model, model_dir, on_rows, done, fetcher_options):
        self.sink, self.config = sink, config
        self.model, self.model_dir = model, model_dir
        self.on_rows = on_rows
        self.done = done
        self.fetcher_options = fetcher_options
        self.result = BatchResult()
        self.workers = config.worker_count() if model_dir is not None else 0
        self.pool: ProcessPoolExecutor | None = None
        self.pool_generation = 0
        self.pool_restarts = 0
        self.fetcher = None
        self.warc = None
        self.tasks: set[asyncio.Task] = set()
        self.fetch_tasks: set[asyncio.Task] = set()
        self.error: BaseException | None = None
        self.producer_done = False
        self.chunks_submitted = 0
        self.chunk: list[tuple[int, Page]] = []
        self.chunk_bytes = 0
        self.chunk_generation = 0
        self.pending: dict[int, dict] = {}
        self.next_index = 0
        self.reader = ThreadPoolExecutor(1, thread_name_prefix="read-inputs")
        self.local = ThreadPoolExecutor(1, thread_name_prefix="score-local")
        self.warc_thread = ThreadPoolExecutor(1, thread_name_prefix="write-warc")

    # -- task bookkeeping --------------------------------------------------------

    def spawn(self, coro, group: set | None = None) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        for tasks in (self.tasks, group) if group is not None else (self.tasks,):
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        task.add_done_callback(self._check)
        return task

    def _check(self, task: asyncio.Task) -> None:
        if task.cancelled() or task.exception() is None:
            return
        if self.error is None:
            self.error = task.exception()
            self.main.cancel()

    async def _drain(self, tasks: set) -> None:
        while tasks:
            await asyncio.wait(set(tasks))

    # -- the run -------------------------------------------------------------------

    async def run(self, items: Iterable[str | Page]) -> None:
        self.main = asyncio.current_task()
        self.loop = asyncio.get_running_loop()
        self.window = asyncio.Semaphore(self.config.window)
        self.chunk_slots = asyncio.Semaphore(max(1, self.workers) * CHUNKS_PER_WORKER)
        try:
            await self._produce(items)
            await self._drain(self.fetch_tasks)
            await self._submit_chunk()
            await self._drain(self.tasks)
        except asyncio.CancelledError:
            if self.error is not None:
                raise self.error from None
            raise
        finally:
            for task in list(self.tasks):
                task.cancel()
            if self.fetcher is not None:
                await self.fetcher.__aexit__(None, None, None)
        if self.error is not None:
            raise self.error
        if self.pending:
            raise RuntimeError(f"{len(self.pending)} rows were never written (a bug)")

    def _take(self, iterator: Iterator) -> list:
        taken, size = [], 0
        for item in iterator:
            taken.append(item)
            size += len(item.body) if isinstance(item, Page) else 0
            if len(taken) >= SOURCE_TAKE or size >= SOURCE_TAKE_BYTES:
                break
        return taken

    async def _produce(self, items: Iterable[str | Page]) -> None:
        iterator = iter(items)
        index = 0
        while True:
            batch = await self.loop.run_in_executor(self.reader, self._take, iterator)
            if not batch:
                break
            for item in batch:
                key = item if isinstance(item, str) else item.input
                if self.done is not None:
                    hashed = _key(key)
                    if self.done.get(hashed):
                        self.done[hashed] -= 1
                        self.result.skipped += 1
                        continue
                await self.window.acquire()
                if isinstance(item, str):
                    fetcher = self.fetcher or await self._open_fetcher()
                    self.spawn(fetcher.fetch(item, deliver=self._deliver(index)), self.fetch_tasks)
                else:
                    await self._take_page(index, item)
                index += 1
        self.producer_done = True
        self.done = None

    async def _open_fetcher(self):
        from dataclasses import replace

        from .fetch import Fetcher

        config = replace(self.config.fetch, max_bytes=self.config.max_bytes, record=bool(self.config.save_warc))
        self.fetcher = await Fetcher(config, **self.fetcher_options).__aenter__()
        if self.config.save_warc:
            from .warc import WarcWriter

            self.warc = WarcWriter(self.config.save_warc, append=self.config.resume)
        return self.fetcher

    def _deliver(self, index: int):
        async def deliver(page: Page) -> None:
            await self._take_page(index, page)
        return deliver

    async def _take_page(self, index: int, page: Page) -> None:
        if self.warc is not None and page.meta.get("http"):
            await self.loop.run_in_executor(self.warc_thread, self.warc.write_page, page)
        page.meta = {}
        if not page.ok:
            self._emit([(index, batch_row(page, error_score(page)))])
            return
        self.chunk.append((index, page))
        self.chunk_bytes += len(page.body)
        if len(self.chunk) >= self.config.chunk_pages or self.chunk_bytes >= self.config.chunk_bytes:
            await self._submit_chunk()
        elif len(self.chunk) == 1:
            generation = self.chunk_generation
            self.loop.call_later(self.config.linger, self._linger, generation)

    def _linger(self, generation: int) -> None:
        if generation == self.chunk_generation and self.chunk and self.error is None:
            self.spawn(self._submit_chunk())

    async def _submit_chunk(self) -> None:
        chunk, self.chunk = self.chunk, []
        self.chunk_bytes = 0
        self.chunk_generation += 1
        if not chunk:
            return
        await self.chunk_slots.acquire()
        self.chunks_submitted += 1
        self.spawn(self._score(chunk))

    async def _score(self, chunk: list[tuple[int, Page]]) -> None:
        try:
            pages = [page for _, page in chunk]
            if self.config.page_timeout:
                rows = await self.loop.run_in_executor(self._budget_threads(), self._score_with_budget, pages)
            elif self._use_pool():
                rows = await self._score_in_pool(pages)
            else:
                rows = await self.loop.run_in_executor(self.local, _score_rows_here, self._local_model(), pages,
                                                       self.config.with_reasons)
            if self.config.index:  # every scoring path meets here, with its pages
                rows = await self.loop.run_in_executor(self.local, add_provenance, rows, pages, self._provenance())
            self._emit([(index, row) for (index, _), row in zip(chunk, rows)])
        finally:
            self.chunk_slots.release()

    def _budget_threads(self) -> ThreadPoolExecutor:
        """One BudgetScorer (a watched worker process) per worker, each lent to
        one thread at a time; they replace the process pool."""
        if getattr(self, "budget_pool", None) is None:
            import queue

            from .budget import BudgetScorer

            count = max(1, self.workers)
            self.budget_scorers = queue.Queue()
            for _ in range(count):
                self.budget_scorers.put(BudgetScorer(self.model if self.model is not None else self.model_dir,
                                                     self.config.page_timeout, with_reasons=self.config.with_reasons))
            self.budget_pool = ThreadPoolExecutor(count, thread_name_prefix="score-budget")
        return self.budget_pool

    def _score_with_budget(self, pages: list[Page]) -> list[dict]:
        scorer = self.budget_scorers.get()
        try:
            return [batch_row(page, score) for page, score in zip(pages, scorer.score(pages))]
        finally:
            self.budget_scorers.put(scorer)

    def _provenance(self):
        """The provenance index of score --index, opened once (memory-mapped)."""
        if getattr(self, "provenance_index", None) is None:
            from .provenance import ProvenanceIndex

            self.provenance_index = ProvenanceIndex.open(self.config.index)
        return self.provenance_index

    def _use_pool(self) -> bool:
        """Worker processes cost a second or two to start: a batch that fits in
        one chunk is scored here instead."""
        if self.workers == 0:
            return False
        if self.pool is not None:
            return True
        return not (self.producer_done and not self.fetch_tasks and self.chunks_submitted == 1)

    def _local_model(self):
        if self.model is None:
            from .safe_model import load_any_model as load_model  # a folder, or a .skops file

            self.model = load_model(self.model_dir)
        return self.model

    def _get_pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_worker_context(),
                                            initializer=_init_worker,
                                            initargs=(str(self.model_dir), os.getpid(), self.config.with_reasons))
        return self.pool

    async def _score_in_pool(self, pages: list[Page]) -> list[dict]:
        generation = self.pool_generation
        try:
            return await self.loop.run_in_executor(self._get_pool(), _score_chunk, pages)
        except WorkerStartError as exc:
            raise BatchError(f"a worker process could not load the model {self.model_dir}: {exc}") from None
        except BrokenProcessPool:
            self._replace_pool(generation)
        if len(pages) == 1:
            page = pages[0]
            return [batch_row(page, error_score(page, "parse_error",
                                                "the worker process died while scoring this page"))]
        rows = []
        for page in pages:  # find the page that kills workers, one page at a time
            rows.extend(await self._score_in_pool([page]))
        return rows

    def _replace_pool(self, generation: int) -> None:
        if generation != self.pool_generation:
            return  # another chunk already replaced it
        self.pool_restarts += 1
        if self.pool_restarts > MAX_POOL_RESTARTS:
            raise BatchError(f"worker processes died {self.pool_restarts} times; giving up")
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None
        self.pool_generation += 1

    def _emit(self, pairs: list[tuple[int, dict]]) -> None:
        if self.config.ordered:
            for index, row in pairs:
                self.pending[index] = row
            ready = []
            while self.next_index in self.pending:
                ready.append(self.pending.pop(self.next_index))
                self.next_index += 1
        else:
            ready = [row for _, row in pairs]
        if not ready:
            return
        self.sink.write_many(ready)
        for row in ready:
            self.result.statuses[row["status"]] += 1
            if row.get("label"):
                self.result.labels[row["label"]] += 1
            self.window.release()
        if self.on_rows is not None:
            self.on_rows(ready)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        for executor in (self.reader, self.local, self.warc_thread):
            executor.shutdown(wait=True, cancel_futures=True)
        if getattr(self, "budget_pool", None) is not None:
            self.budget_pool.shutdown(wait=True, cancel_futures=True)
            while not self.budget_scorers.empty():
                self.budget_scorers.get().close()
        if self.warc is not None:
            self.warc.close()


def run_batch(items: Iterable[str | Page], sink, config: BatchConfig | None = None, *, model=None,
              model_dir: str | os.PathLike | None = None, on_rows: Callable[[list[dict]], None] | None = None,
              done: Counter | None = None, **fetcher_options) -> BatchResult:
    """Score ``items`` (URLs to fetch, or pages) into ``sink`` (anything with
    ``write_many(rows)``); returns the counts by status and label.

    ``model`` scores in this process; ``model_dir`` lets worker processes load
    the model (each once). ``done`` holds the inputs to skip (from
    :func:`open_output` when resuming). ``fetcher_options`` go to
    :class:`classifier.fetch.Fetcher` (tests pass a resolver).
    """
    config = config or BatchConfig()
    if model is None and model_dir is None:
        raise ValueError("run_batch needs a model or a model folder")
    runner = _Runner(sink, config, model, model_dir, on_rows, done, fetcher_options)
    started = time.perf_counter()
    try:
        asyncio.run(runner.run(items))
    finally:
        runner.close()
    runner.result.seconds = time.perf_counter() - started
    return runner.result
