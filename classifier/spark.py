"""Score pages on a Spark cluster with the same scoring core as the CLI.

When one machine is not enough (a Common Crawl segment, hundreds of millions
of URLs), the job runs on Spark: every partition of a DataFrame goes through
:func:`classifier.score.score_batch`, the pure function ``contentfarm score``
maps over its inputs (through :func:`classifier.batch.score_rows`, which adds
the page's ``http_status`` and ``truncated``), so a page gets the same row on a
laptop and on a cluster::

    DataFrame of sources ──mapInPandas──▶ per partition: Pages ──score_batch──▶ rows ──▶ Parquet
    path | url+html/body | url            read_pages / Fetcher   (model loaded  ROW_SCHEMA  partitioned by
                                                                 once a worker)             a column you pick

A source DataFrame has one of three shapes, told apart by its columns (or
named with ``source=``):

``path``
    one source per row, exactly as ``contentfarm score`` takes them: a page
    file (``.html``, ``.txt``, optionally ``.gz``), a folder, or a WARC file.
    Executors read them with :func:`classifier.pages.read_pages`, so the paths
    must be readable where the executors run (a shared or mounted file
    system). A WARC file is one task's work: give many WARC files, not one big one.
``pages``
    ``url`` plus ``html`` (string) or ``body`` (binary), optionally ``input``
    (the row's label; default the URL), ``kind`` (``html`` or ``text``) and
    ``charset``. Rows already in a table (a crawl database, a Parquet dump).
``urls``
    ``url`` only: the pages are fetched inside the executors with the same
    fetcher as ``contentfarm score --urls`` (:mod:`classifier.fetch`), one
    client session per partition.

The model is read once on the driver (``model.json`` and ``model.joblib`` of
a folder, or one ``.skops`` file, from a local path or an object store),
checked by loading it, and shipped to executors once as a broadcast of those
bytes. Each Python worker process loads it on first use and keeps it for every
later task (Spark reuses Python workers), so the model, its feature extractors
and their compiled patterns are built once per process, never per record; a
page is parsed once, as in the CLI. Rows whose input cannot be read, fetched
or parsed become error rows, as in the CLI; they never fail the job.

Counts by status and label are gathered in a Spark accumulator
(:func:`new_counter`): they are exact when the scored DataFrame is computed
once (one write); Spark may count a retried task twice.

Needs the ``spark`` extra (``pip install contentfarm[spark]``) and Java 17+.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import math
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter, deque
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd
from pyspark.accumulators import AccumulatorParam

from .batch import BATCH_COLUMNS, batch_row, one_thread_per_scorer, score_rows
from .budget import DEFAULT_PAGE_SECONDS
from .model import CARD_FILE, MODEL_FILE, FarmModel, ModelError, load_model, read_card
from .pages import MAX_PAGE_BYTES, Page, finish_page, iter_folder, read_pages
from .safe_model import SKOPS_SUFFIX, load_safe_model
from .score import BATCH_SIZE, chunked

#: The Spark schema of a row: the columns of ``contentfarm score``, in its order.
ROW_SCHEMA = ("input string, url string, domain string, status string, error string, "
              "farm_probability double, label string, reasons array<string>, http_status int, truncated boolean")
#: Columns whose values can name output folders (``--partition-by``).
PARTITION_COLUMNS = ("label", "status", "domain", "http_status", "truncated")
SOURCES = ("path", "pages", "urls")

#: Rows per Arrow batch handed to a Python worker, in sessions this module
#: starts: Spark's default of 10,000 rows is ~1 GB of HTML for a ``pages``
#: table at ~100 KB a page; 512 rows is ~50 MB, and a batch still holds two
#: scoring chunks (BATCH_SIZE), so Arrow's per-batch cost stays negligible.
ARROW_BATCH_ROWS = 512

#: Models loaded in this Python process, by the sha256 of their files: Spark
#: reuses Python workers across tasks, so a worker loads a model once.
_MODELS: dict[str, FarmModel] = {}
#: Page-budget scorers (each a watched worker process holding the model) of
#: this Python process, by model, seconds and reasons: started once, kept for
#: later tasks like the model.
_SCORERS: dict[tuple, object] = {}


@contextlib.contextmanager
def _pandas3_checked():
    """Silence pyspark's warning that it does not fully support pandas 3.

    The one pandas path used here (Arrow batches in and out of mapInPandas)
    is checked under pandas 3 by tests/spark, which compare every row with the
    CLI's; the one difference found (nulls in string columns arrive as NaN) is
    handled in :func:`_text`.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        yield


# --- shipping the model --------------------------------------------------

def _is_remote(location: str) -> bool:
    """A URI for Spark's file systems (``s3a://``, ``hdfs://``, ``dbfs:/`` ...);
    a one-letter scheme is a Windows drive, ``file:`` a driver-local path."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:/", location)) and not location.lower().startswith("file:")


#: The name a shipped ``.skops`` file's bytes go by (see :func:`read_model_files`).
SKOPS_NAME = "model" + SKOPS_SUFFIX


def is_uri(location: str) -> bool:
    """Whether ``location`` is read through Spark or fsspec (a URI) rather than opened as a local path."""
    return _is_remote(location)


def read_model_files(model_dir: str | os.PathLike, spark=None) -> dict[str, bytes]:
    """The bytes of a model: a folder's card and model file, or one ``.skops`` file.

    ``model_dir`` is a folder or ``.skops`` file the driver can read, or any
    URI Spark can read (``s3a://``, ``hdfs://``, ``abfss://``, ``dbfs:/`` ...),
    read through Spark. A ``.skops`` file comes back as ``{SKOPS_NAME: bytes}``.
    """
    location = str(model_dir)
    if location.lower().endswith(SKOPS_SUFFIX) or (not _is_remote(location) and _local_path(location).is_file()):
        return {SKOPS_NAME: _read_one_file(location, spark)}
    if _is_remote(location):
        if spark is None:
            raise ModelError(f"reading the model from {location} needs a Spark session")
        rows = (spark.read.format("binaryFile").load(location.rstrip("/") + "/*")
                .select("path", "content").collect())
        found = {row.path.rstrip("/").rsplit("/", 1)[-1]: bytes(row.content) for row in rows}
        if CARD_FILE not in found:
            raise ModelError(f"no model card {CARD_FILE} in {location}: is it a model folder?")
        card = read_card_bytes(found[CARD_FILE], location)
        name = card.get("model_file", MODEL_FILE)
        if name not in found:
            raise ModelError(f"model file {name} is missing from {location}")
        return {CARD_FILE: found[CARD_FILE], name: found[name]}
    folder = _local_path(location)
    card = read_card(folder)
    name = card.get("model_file", MODEL_FILE)
    try:
        return {CARD_FILE: (folder / CARD_FILE).read_bytes(), name: (folder / name).read_bytes()}
    except OSError as exc:
        raise ModelError(f"cannot read model file {folder / name}: {exc}") from None


def _local_path(location: str) -> Path:
    return Path(location.removeprefix("file://"))


def _read_one_file(location: str, spark) -> bytes:
    if not _is_remote(location):
        try:
            return _local_path(location).read_bytes()
        except OSError as exc:
            raise ModelError(f"cannot read model file {location}: {exc}") from None
    if spark is None:
        raise ModelError(f"reading the model from {location} needs a Spark session")
    rows = spark.read.format("binaryFile").load(location).select("content").collect()
    if len(rows) != 1:
        raise ModelError(f"{location} is not one model file ({len(rows)} files found)")
    return bytes(rows[0].content)


def read_card_bytes(data: bytes, where: str) -> dict:
    import json

    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"model card in {where} is not valid JSON: {exc}") from None


def model_from_files(files: dict[str, bytes], where: str | None = None) -> FarmModel:
    """Load a model from its files' bytes, once per process.

    The bytes go to a private temporary folder for the CLI's loaders, which
    check them as for ``contentfarm score``: :func:`load_model` the sha256 and
    the feature-set version of a folder, :func:`load_safe_model` the types a
    ``.skops`` file may build. ``where`` names the model in their errors
    instead of the temporary folder.
    """
    key = model_key(files)
    model = _MODELS.get(key)
    if model is None:
        folder = tempfile.mkdtemp(prefix="contentfarm-model-")
        try:
            for name, data in files.items():
                Path(folder, name).write_bytes(data)
            if SKOPS_NAME in files:
                model = load_safe_model(Path(folder, SKOPS_NAME))
            else:
                model = load_model(folder)
        except ModelError as exc:
            if where is None:
                raise
            shown = str(exc).replace(str(Path(folder, SKOPS_NAME)), where).replace(folder, where)
            raise ModelError(shown) from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        _MODELS[key] = model
    return model


def model_key(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):  # every byte, so a changed model file is checked again, not served from cache
        digest.update(name.encode() + b"\0" + files[name])
    return digest.hexdigest()


def _budget_scorer(files: dict[str, bytes], seconds: float, with_reasons: bool):
    key = (model_key(files), seconds, with_reasons)
    scorer = _SCORERS.get(key)
    if scorer is None:
        from .budget import BudgetScorer

        scorer = _SCORERS[key] = BudgetScorer(model_from_files(files), seconds, with_reasons=with_reasons)
    return scorer


def _shipped_files(shipped) -> dict[str, bytes]:
    # A Broadcast on a classic cluster; the plain dict under Spark Connect,
    # which has no broadcast variables (the bytes then travel with each task).
    return shipped.value if hasattr(shipped, "value") else shipped


def check_model(model_dir=None) -> None:
    """Load a model the driver can read (default: the shipped one) as a job
    would, so a bad one fails before Spark starts; it stays cached for the job."""
    location = model_dir if model_dir is not None else _default_model()
    model_from_files(read_model_files(location), where=str(location))


def ship_model(spark, model_dir) -> object:
    """Read and check the model on the driver; broadcast its bytes."""
    files = read_model_files(model_dir, spark)
    model_from_files(files, where=str(model_dir))  # fail on the driver, with the CLI's message, not in a task
    context = _spark_context(spark)
    return context.broadcast(files) if context is not None else files


def _spark_context(spark):
    try:
        return spark.sparkContext
    except Exception:  # Spark Connect sessions have no SparkContext
        return None


# --- counting ------------------------------------------------------------

class CountsParam(AccumulatorParam):
    """Accumulate :class:`collections.Counter` values (keys: ``("status", s)``, ``("label", l)``)."""

    def zero(self, value):
        return Counter()

    def addInPlace(self, value1, value2):
        value1.update(value2)
        return value1


def new_counter(spark):
    """A Spark accumulator of counts by status and label, or None under Spark Connect."""
    context = _spark_context(spark)
    return context.accumulator(Counter(), CountsParam()) if context is not None else None


def split_counts(counts: Counter) -> tuple[dict[str, int], dict[str, int]]:
    """(counts by status, counts by label) from a counter's value."""
    statuses = {key[1]: n for key, n in sorted(counts.items()) if key[0] == "status"}
    labels = {key[1]: n for key, n in sorted(counts.items()) if key[0] == "label"}
    return statuses, labels


# --- rows to pages -------------------------------------------------------

def _text(value) -> str | None:
    # pandas 3 hands string columns over with NaN, not None, for nulls.
    return value if isinstance(value, str) else None


def _plain(value):
    """A kept column's value as Spark takes it back: pandas hands nulls over as
    NaN (strings under pandas 3, integers, doubles) or NA, numbers as numpy
    scalars and arrays as numpy arrays. A NaN double comes back null, the
    price of telling nulls apart."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.generic, np.ndarray)):
        value = value.tolist()  # a scalar's tolist() is the plain Python value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _bytes(value) -> bytes | None:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return None


def page_from_row(row: dict, max_bytes: int = MAX_PAGE_BYTES) -> Page:
    """A Page from a ``pages`` row: url, html or body, and optional input, kind, charset.

    A null or empty body gives the CLI's ``empty`` error row; a body longer
    than ``max_bytes`` is cut and marked truncated, as when reading a file.
    """
    url = _text(row.get("url")) or ""
    html = _text(row.get("html"))
    body = _bytes(row.get("body"))
    kind = _text(row.get("kind")) or "html"
    charset = _text(row.get("charset"))
    if body is None:
        body = html.encode("utf-8") if html is not None else b""
        charset = charset or ("utf-8" if html is not None else None)
    label = _text(row.get("input")) or url or ("<text>" if kind == "text" else "<html>")
    truncated = len(body) > max_bytes
    return finish_page(Page(input=label, url=url, body=body[:max_bytes], kind=kind,
                            charset=charset, truncated=truncated))


def _rows(batches: Iterable[pd.DataFrame]) -> Iterator[dict]:
    for frame in batches:
        yield from frame.to_dict("records")


def _pages_with_extras(rows: Iterator[dict], source: str, keep: tuple[str, ...], max_bytes: int,
                       fetch_options: dict) -> Iterator[tuple[Page, tuple]]:
    """(page, kept column values) for every page the rows hold, in row order."""
    if source == "path":
        for row in rows:
            extras = tuple(_plain(row.get(c)) for c in keep)
            path = _text(row.get("path"))
            if path is None:
                yield Page.failed("", "read_error", "the row has no path"), extras
                continue
            for page in source_pages(path, max_bytes):
                yield page, extras
    elif source == "pages":
        for row in rows:
            yield page_from_row(row, max_bytes), tuple(_plain(row.get(c)) for c in keep)
    else:
        yield from _fetched_pages(rows, keep, fetch_options)


def source_pages(path: str, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[Page]:
    """The pages of one ``path`` row: :func:`read_pages` for a path the
    executor can open; a URI of an object store (``s3://``, ``gs://``,
    ``abfs://``, ``hdfs://`` ...) is first copied to a local temporary file
    with fsspec (and the store's package: s3fs, gcsfs, adlfs ...), and its
    rows then name the URI, not the copy."""
    if not _is_remote(path):
        yield from read_pages([path], max_bytes=max_bytes)
        return
    try:
        import fsspec
    except ImportError:
        yield Page.failed(path, "read_error", f"reading {path.split(':', 1)[0]}: paths needs fsspec "
                                              "(pip install 'contentfarm[spark]') and the store's package")
        return
    with tempfile.TemporaryDirectory(prefix="contentfarm-input-") as folder:
        local = str(Path(folder) / (path.rstrip("/").rsplit("/", 1)[-1] or "input"))
        try:
            with fsspec.open(path, "rb") as remote, open(local, "wb") as copy:
                shutil.copyfileobj(remote, copy, COPY_CHUNK_BYTES)
        except Exception as exc:  # a missing object, no credentials, no such file system ...
            yield Page.failed(path, "read_error", f"cannot read {path}: {type(exc).__name__}: {exc}")
            return
        local_uri = Path(local).resolve().as_uri()
        for page in read_pages([local], max_bytes=max_bytes):
            page.input = path + page.input[len(local):] if page.input.startswith(local) else page.input
            page.url = path if page.url == local_uri else page.url
            page.error = page.error.replace(local, path)
            yield page


#: Bytes per read when copying an input from an object store.
COPY_CHUNK_BYTES = 8 * 1024 * 1024


def _fetched_pages(rows: Iterator[dict], keep: tuple[str, ...], fetch_options: dict) -> Iterator[tuple[Page, tuple]]:
    pending: deque = deque()

    def urls() -> Iterator[str]:
        for row in rows:
            pending.append(tuple(_plain(row.get(c)) for c in keep))
            yield _text(row.get("url")) or ""

    # Pages come back in URL order, so the kept values line up with a queue.
    for page in fetch_in_order(urls(), **fetch_options):
        yield page, pending.popleft()


#: URLs a task keeps in flight, as a multiple of the fetcher's concurrency: a
#: second window's worth queued means a slow URL at the head of the order does
#: not leave the fetcher's slots idle while it is awaited.
FETCH_WINDOW_FACTOR = 2


def fetch_in_order(urls: Iterable[str], config=None, **fetcher_options) -> Iterator[Page]:
    """Pages for ``urls`` in order, fetched by one :class:`classifier.fetch.Fetcher`
    (one client session, its limits, timeouts and retries) with at most
    ``FETCH_WINDOW_FACTOR`` x concurrency URLs in flight: a plain generator, as
    a Spark task needs, driving its own event loop."""
    import asyncio

    from .fetch import Fetcher, FetchConfig

    config = config or FetchConfig()
    window = max(1, config.concurrency * FETCH_WINDOW_FACTOR)
    loop = asyncio.new_event_loop()
    fetcher = Fetcher(config, **fetcher_options)
    pending: deque = deque()
    source = iter(urls)
    finished = object()
    try:
        loop.run_until_complete(fetcher.__aenter__())
        while True:
            while len(pending) < window:
                url = next(source, finished)
                if url is finished:
                    break
                pending.append(loop.create_task(fetcher.fetch(url)))
            if not pending:
                return
            page = loop.run_until_complete(pending.popleft())
            page.meta = {}
            yield page
    finally:
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(fetcher.__aexit__(None, None, None))
        loop.close()


# --- the partition function ----------------------------------------------

def score_partition(batches: Iterator[pd.DataFrame], *, shipped, source: str, keep: tuple[str, ...] = (),
                    with_reasons: bool = True, batch_size: int = BATCH_SIZE, max_bytes: int = MAX_PAGE_BYTES,
                    page_timeout: float | None = DEFAULT_PAGE_SECONDS, fetch_options: dict | None = None,
                    counter=None) -> Iterator[pd.DataFrame]:
    """The ``mapInPandas`` function: Arrow batches of sources in, rows out.

    Pages are scored ``batch_size`` at a time, as the CLI scores them: with
    ``page_timeout`` through a :class:`classifier.budget.BudgetScorer` (a
    watched worker process, so a page that hangs the parser gets a
    ``timeout`` row instead of hanging the task), else with :func:`score_rows`
    in this process. Memory stays flat however many pages a WARC file holds.
    """
    files = _shipped_files(shipped)
    model = model_from_files(files)
    scorer = _budget_scorer(files, page_timeout, with_reasons) if page_timeout else None
    if scorer is None:
        one_thread_per_scorer()
    counts: Counter = Counter()
    items = _pages_with_extras(_rows(batches), source, keep, max_bytes, fetch_options or {})
    for chunk in chunked(items, batch_size):
        pages = [page for page, _ in chunk]
        if scorer is not None:
            rows = [batch_row(page, score) for page, score in zip(pages, scorer.score(pages))]
        else:
            rows = score_rows(model, pages, with_reasons=with_reasons)
        for row in rows:
            counts["status", row["status"]] += 1
            if row["label"]:
                counts["label", row["label"]] += 1
        yield rows_frame(rows, keep, [extras for _, extras in chunk])
    if counter is not None and counts:
        counter.add(counts)


def rows_frame(rows: list[dict], keep: tuple[str, ...] = (), extras: list[tuple] | None = None) -> pd.DataFrame:
    """Rows as a pandas frame Arrow converts to :data:`ROW_SCHEMA`.

    Every column is ``object``: a missing probability or HTTP status stays
    None (null in Spark) instead of NaN, and pandas 3 does not turn the
    strings into its own string type.
    """
    data = {column: pd.Series([row[column] for row in rows], dtype=object) for column in BATCH_COLUMNS}
    for index, column in enumerate(keep):
        data[column] = pd.Series([values[index] for values in extras or []], dtype=object)
    return pd.DataFrame(data, columns=[*BATCH_COLUMNS, *keep])


# --- the DataFrame API ---------------------------------------------------

def detect_source(columns: Iterable[str]) -> str:
    names = set(columns)
    if "path" in names:
        return "path"
    if "html" in names or "body" in names:
        return "pages"
    if "url" in names:
        return "urls"
    raise ValueError("cannot tell what the DataFrame holds: give a 'path' column (page files, folders or "
                     "WARC files), 'url' plus 'html' or 'body' (pages), or 'url' alone (URLs to fetch)")


def score_dataframe(df, model_dir=None, *, model=None, source: str | None = None, keep: Iterable[str] = (),
                    with_reasons: bool = True, batch_size: int = BATCH_SIZE, max_bytes: int = MAX_PAGE_BYTES,
                    page_timeout: float | None = DEFAULT_PAGE_SECONDS, fetch_options: dict | None = None,
                    counter=None):
    """Score a DataFrame of sources; returns a DataFrame of score rows.

    ``df`` holds a ``path`` column, ``url`` plus ``html``/``body``, or ``url``
    alone (see the module docstring; ``source`` overrides the guess). The
    result has the columns of ``contentfarm score`` (:data:`ROW_SCHEMA`)
    followed by the ``keep`` columns copied from each page's source row, in
    the order of the input rows within each partition (one source row can
    give many rows: a folder, a WARC file). ``model_dir`` is a model folder or
    URI (default: the shipped model); ``model`` takes what :func:`ship_model`
    returned instead, to ship one model to several jobs. ``counter`` (from
    :func:`new_counter`) gathers counts by status and label. ``page_timeout``
    is the CLI's per-page time budget in seconds (None: no budget, pages are
    scored in the Spark worker itself).

    Example::

        from classifier.spark import score_dataframe
        paths = spark.createDataFrame([("crawl/a.warc.gz",), ("crawl/b.warc.gz",)], "path string")
        scores = score_dataframe(paths.repartition(2), "models/default")
        scores.write.partitionBy("label").parquet("scores/")
    """
    source = source or detect_source(df.columns)
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}: use one of {', '.join(SOURCES)}")
    needed = {"path": ["path"], "pages": ["url"], "urls": ["url"]}[source]
    keep = tuple(keep)
    missing = [c for c in [*needed, *keep] if c not in df.columns]
    if missing:
        raise ValueError(f"the DataFrame has no column {', '.join(missing)}")
    clashes = [c for c in keep if c in BATCH_COLUMNS]
    if clashes:
        raise ValueError(f"cannot keep {', '.join(clashes)}: the score rows already have that column")
    if model is None:
        model = ship_model(df.sparkSession, model_dir if model_dir is not None else _default_model())
    # Keep columns in the order asked for, whatever the input's order.
    order = {name: i for i, name in enumerate(keep)}
    kept_fields = sorted((f for f in df.schema.fields if f.name in keep), key=lambda f: order[f.name])
    kept_types = "".join(f", `{f.name}` {f.dataType.simpleString()}" for f in kept_fields)
    function = functools.partial(score_partition, shipped=model, source=source, keep=keep,
                                 with_reasons=with_reasons, batch_size=batch_size, max_bytes=max_bytes,
                                 page_timeout=page_timeout, fetch_options=fetch_options, counter=counter)
    with _pandas3_checked():
        return df.mapInPandas(function, ROW_SCHEMA + kept_types)


# --- the job behind `contentfarm spark-score` -----------------------------

def session_running() -> bool:
    """Whether this process already runs Spark (a notebook, Databricks, a test):
    the caller's session, to use and never to stop."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession() is not None or SparkContext._active_spark_context is not None


def spark_session(master: str | None = None, conf: dict[str, str] | None = None, app_name: str = "contentfarm"):
    """The active Spark session, or a new one.

    Under ``spark-submit`` (or in a notebook with a session) the master and
    settings come from there; ``master`` and ``conf`` override them. Started
    from a plain Python, the session is local (``local[*]`` unless ``master``
    says otherwise) and its Python workers run this interpreter, so they see
    the same installed packages as the driver.
    """
    from pyspark.sql import SparkSession

    # spark-submit and pyspark shells set the gateway port; a notebook (Databricks,
    # Jupyter with a session) has a running session whose master must stay.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ or session_running()
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    elif not submitted:
        builder = builder.master("local[*]")
    if not submitted and (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    with _pandas3_checked():
        return builder.getOrCreate()


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Folders the driver can see become their page files (sorted, as the CLI
    reads them), so the files spread over tasks; anything else stays as given."""
    out: list[str] = []
    for path in paths:
        folder = Path(path)
        if not _is_remote(path) and folder.is_dir():
            files = [str(f) for f in iter_folder(folder)]
            out.extend(files or [path])  # an empty folder keeps the CLI's error row
        else:
            out.append(path)
    return out


def read_path_list(location: str, spark=None) -> list[str]:
    """The input paths a list holds (``spark-score --paths-from``): one a line,
    blank lines and ``#`` comments skipped, gzipped when the name ends in
    ``.gz``; a local file, or any URI Spark reads (an object store, HDFS), so
    a job on a cluster needs no local copy of its list."""
    if _is_remote(location):
        if spark is None:
            raise ValueError(f"reading the list {location} needs a Spark session")
        lines = [row.value for row in spark.read.text(location).collect()]  # one file: its lines in order
    else:
        opener = gzip.open if location.lower().endswith(".gz") else open
        with opener(_local_path(location), "rt", encoding="utf-8") as stream:
            lines = stream.read().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def paths_frame(spark, paths: list[str], partitions: int | None = None):
    """One row per source path, spread over ``partitions`` tasks in input order
    (default: one task per path, up to the cluster's parallelism times four)."""
    context = _spark_context(spark)
    parallelism = context.defaultParallelism if context is not None else 8
    slices = max(1, min(len(paths), partitions or 4 * parallelism))
    if context is not None:
        return spark.createDataFrame(context.parallelize([(p,) for p in paths], slices), "path string")
    return spark.createDataFrame([(p,) for p in paths], "path string").repartition(slices)


def url_list_frame(spark, location: str, partitions: int | None = None, by_host: bool = False):
    """URLs from a list, read by Spark so it may live on HDFS or S3, in the
    formats of ``contentfarm score --urls``: one URL a line (blank lines and
    ``#`` comments skipped), or ``.csv`` / ``.tsv`` with a ``url`` column, or
    ``.jsonl`` / ``.ndjson`` with a ``url`` key (optionally ``.gz``).

    The URLs are spread over ``partitions`` tasks (default: four per core),
    in contiguous runs that keep the list's order; ``by_host`` instead puts all
    URLs of a host in one task (in list order), so the fetcher's per-host
    limit holds across the whole cluster, at the cost of uneven tasks.
    """
    from pyspark.sql import functions as F

    context = _spark_context(spark)
    parallelism = context.defaultParallelism if context is not None else 8
    name = location.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        urls = spark.read.json(location).select(F.col("url").cast("string").alias("url"))
    elif name.endswith((".csv", ".tsv")):
        table = spark.read.option("header", True).option("sep", "\t" if name.endswith(".tsv") else ",")
        urls = table.csv(location).select(F.col("url").alias("url"))
    else:
        urls = spark.read.text(location).select(F.col("value").alias("url"))
        urls = urls.filter(~F.trim("url").startswith("#"))
    urls = urls.select(F.trim(F.coalesce(F.col("url"), F.lit(""))).alias("url"))
    if not name.endswith((".jsonl", ".ndjson", ".csv", ".tsv")):
        urls = urls.filter(F.col("url") != "")
    ordered = urls.withColumn("_order", F.monotonically_increasing_id())
    count = partitions or 4 * parallelism
    if by_host:
        spread = ordered.repartition(count, F.expr("try_parse_url(url, 'HOST')"))
    else:
        spread = ordered.repartitionByRange(count, "_order")
    return spread.sortWithinPartitions("_order").drop("_order")


def run_job(spark, *, output: str, model_dir=None, paths: Iterable[str] = (), urls_file: str | None = None,
            table: str | None = None, partition_by: str | None = None, partitions: int | None = None,
            overwrite: bool = False, fetch_options: dict | None = None, by_host: bool = False,
            max_bytes: int = MAX_PAGE_BYTES, page_timeout: float | None = DEFAULT_PAGE_SECONDS,
            with_reasons: bool = True) -> dict:
    """Score sources and write Parquet; returns a summary with counts from the accumulator.

    Exactly one of ``paths`` (page files, folders, WARC files), ``urls_file``
    (a URL list, see :func:`url_list_frame`) and ``table`` (a Parquet table with
    ``url`` and ``html`` or ``body``) is given. ``partition_by`` names an output
    column (``label``, ``status``, ``domain`` ...) whose values become folders;
    Spark writes an empty value (the label of an error row, the domain of a
    page without URL) as ``__HIVE_DEFAULT_PARTITION__`` and reads it back as null.
    """
    paths = list(paths)
    if sum(bool(x) for x in (paths, urls_file, table)) != 1:
        raise ValueError("give exactly one of: paths, a URL list, a Parquet table")
    if partition_by and partition_by not in PARTITION_COLUMNS:
        raise ValueError(f"cannot partition by {partition_by!r}: use one of {', '.join(PARTITION_COLUMNS)}")
    started = time.perf_counter()
    shipped = ship_model(spark, model_dir if model_dir is not None else _default_model())
    if paths:
        frame, source = paths_frame(spark, expand_paths(paths), partitions), "path"
    elif urls_file:
        frame, source = url_list_frame(spark, urls_file, partitions, by_host), "urls"
    else:
        frame = spark.read.parquet(table)
        source = "pages"
        if partitions:
            frame = frame.repartition(partitions)
    counter = new_counter(spark)
    scores = score_dataframe(frame, model=shipped, source=source, fetch_options=fetch_options,
                             counter=counter, max_bytes=max_bytes, page_timeout=page_timeout,
                             with_reasons=with_reasons)
    writer = scores.write.mode("overwrite" if overwrite else "errorifexists")
    if partition_by:
        writer = writer.partitionBy(partition_by)
    writer.parquet(output)
    if counter is not None:
        statuses, labels = split_counts(counter.value)
    else:  # Spark Connect: no accumulators; count what was written
        written = spark.read.parquet(output)
        statuses = {r["status"]: r["count"] for r in written.groupBy("status").count().collect()}
        labels = {r["label"]: r["count"] for r in written.filter("label != ''").groupBy("label").count().collect()}
    return {"output": output, "rows": sum(statuses.values()), "statuses": dict(sorted(statuses.items())),
            "labels": dict(sorted(labels.items())), "seconds": round(time.perf_counter() - started, 3)}


def _default_model():
    from .model import default_model_dir

    return default_model_dir()
