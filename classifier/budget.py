"""A per-page time budget: no page may hang a batch or exhaust its memory.

A thread cannot stop code running inside a C extension (lexbor parsing a
pathological tree, a regular expression backtracking), so the work happens in
a **worker process** that the caller's process watches:

1. The worker loads the model once, then scores chunks of pages it is sent
   with the ordinary pure core (:func:`classifier.score.score_batch`), telling
   the watcher as each page starts (the ``on_page`` hook) and when the model
   step of the chunk starts.
2. The watcher gives each page ``seconds`` from the moment it starts. A page
   that overruns gets a ``timeout`` row; the worker is killed and a fresh one
   scores the rest of the chunk (the pages done before the stuck one are
   scored again: a kill loses the worker's unfinished chunk, and timeouts are
   rare enough that redoing a chunk costs less than reporting every page).
3. The model step (prediction and reasons for the whole chunk) gets the page
   budget plus a tenth of it per page; if it overruns, the pages of the chunk
   are scored one by one, so only the page that really hangs gets ``timeout``.
4. The watcher reads the worker's resident memory (Linux ``/proc``) while it
   waits; a page that pushes it over ``memory_mb`` gets ``too_large``, and a
   worker that dies (a crash in C code) gives its page a ``parse_error``.

Every page gets exactly one row, in input order, whatever happens. The worker
is started by a fork server (a clean process that has imported contentfarm
once): forking it is fast, and no thread or OpenMP state of the caller leaks
into the worker, which plain ``fork`` would risk.

For a batch runner: make one :class:`BudgetScorer` per thread (or per
non-daemonic worker process) and call :meth:`BudgetScorer.score` per chunk;
the worker process is kept between chunks. ``score_with_budget`` is the one-call
form. A runner whose own workers are daemonic processes cannot start a
budget worker from inside them (Python forbids it); run the budget scorers from
the main process instead.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import signal
import time
import traceback
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

#: Seconds a page may take from the moment its parse starts until its feature
#: row is done. Real pages take 5-60 ms (the slowest of 10,000 fuzzed corpus
#: pages: see README, "Hostile input"); five seconds leaves two orders of
#: magnitude for a loaded machine while a stuck page costs a few seconds.
DEFAULT_PAGE_SECONDS = 5.0
#: Resident memory (MB) the worker may use. A worker holding the model takes
#: ~200 MB; a 5 MB page parses into well under 500 MB. 2 GB stops a page that
#: explodes (a parse of millions of nodes) long before the machine swaps.
DEFAULT_MEMORY_MB = 2048
#: Share of the page budget the model step (prediction and reasons) gets per
#: page of the chunk, on top of one page budget. Measured: 5-20 ms per page.
MODEL_STEP_SHARE = 0.1
#: Seconds a new worker may take to start and load the model (an import of
#: scikit-learn on a busy machine takes a few seconds).
STARTUP_SECONDS = 120.0
#: How often (seconds) the watcher checks the clock and the worker's memory
#: when the worker is silent.
POLL_SECONDS = 0.05

#: A small page every new worker scores before it says it is ready: the first
#: page in a fresh process pays for lazy imports and caches, which must not
#: count against a real page's budget.
WARMUP_HTML = ("<html><head><title>Warm-up page - Example</title></head><body><h1>Warm-up page</h1>"
               "<p class='byline'>By A. Writer, 2 March 2024</p><p>" + "A sentence of words for the warm-up. " * 12
               + "</p><h3>Related</h3><ul>" + "".join(f"<li><a href='/{i}'>Another story about topic number {i}</a></li>"
                                                      for i in range(5)) + "</ul></body></html>")

TIMEOUT = "timeout"
TOO_LARGE = "too_large"
CRASHED = "parse_error"

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class BudgetError(RuntimeError):
    """The worker could not start, or the scoring code itself failed."""


def resident_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB (None where /proc is absent)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * _PAGE_SIZE / 2**20
    except (OSError, IndexError, ValueError):
        return None


# --- tasks: what a worker does with a chunk ------------------------------------

class ScoreTask:
    """Score pages with a model (the model travels pickled: it was loaded and
    checked by the caller, so the worker trusts it)."""

    def __init__(self, model_bytes: bytes, with_reasons: bool = True):
        self.model_bytes = model_bytes
        self.with_reasons = with_reasons
        self.model = None

    def __getstate__(self):
        return {"model_bytes": self.model_bytes, "with_reasons": self.with_reasons, "model": None}

    def prepare(self) -> None:
        from .pages import Page

        self.model = pickle.loads(self.model_bytes)
        self.model_bytes = b""
        self.run([Page.from_html(WARMUP_HTML, input="warm-up")], lambda index: None)

    def run(self, pages: list, on_page) -> list:
        from .score import score_batch

        return score_batch(self.model, pages, with_reasons=self.with_reasons, on_page=on_page)

    def failed(self, page, status: str, error: str):
        from .score import error_score

        return error_score(page, status, error)


class FeatureTask:
    """Feature rows with the extractor contract checked strictly (for fuzzing):
    each extractor's own ``extract`` must return every declared name as a finite
    number; an exception or a bad value becomes the row's ``parse_error``, named
    with the extractor and the line that raised."""

    def __init__(self, features=None):
        self.features = features

    def prepare(self) -> None:
        if self.features is None:
            from .featurize import PageFeatures

            self.features = PageFeatures.default()
        from .pages import Page

        self.run([Page.from_html(WARMUP_HTML, input="warm-up")], lambda index: None)  # see WARMUP_HTML

    def run(self, pages: list, on_page) -> list[dict]:
        from .parse import ParsedPage

        rows = []
        for index, page in enumerate(pages):
            on_page(index)
            row = {"input": page.input, "url": page.url, "status": page.status, "error": page.error, "seconds": 0.0}
            if page.ok:
                started = time.perf_counter()
                row.update(self._check(ParsedPage, page))
                row["seconds"] = time.perf_counter() - started
            rows.append(row)
        on_page(len(pages))
        return rows

    def _check(self, parsed_page, page) -> dict:
        where = "parse"
        try:
            view = parsed_page(page)
            for _, extractor in self.features.extractors:
                where = extractor.name
                values = extractor.extract(view)
                bad = [name for name in extractor.feature_names
                       if not isinstance(values.get(name), (int, float)) or not math.isfinite(values[name])]
                if bad:
                    return {"status": CRASHED, "error": f"{where}: missing or non-finite {', '.join(bad)}"}
        except Exception as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            return {"status": CRASHED, "error": f"{where}: {type(exc).__name__}: {exc} "
                                                f"({Path(frame.filename).name}:{frame.lineno})"[:500]}
        return {}

    def failed(self, page, status: str, error: str) -> dict:
        return {"input": page.input, "url": page.url, "status": status, "error": error, "seconds": None}


# --- the worker ------------------------------------------------------------------

def _worker_main(conn, task_bytes: bytes) -> None:
    # Ctrl-C reaches the whole process group; the watcher decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # One thread: parallelism comes from processes, and OpenMP threads
        # spinning against other workers on a busy machine slow a model call
        # several times over (measured: 10x for a fit on two shared cores).
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # threadpoolctl comes with scikit-learn; without it, run as is
        pass
    try:
        task = pickle.loads(task_bytes)
        task.prepare()
    except BaseException:
        conn.send(("failed", traceback.format_exc()))
        return
    conn.send(("ready",))
    while True:
        try:
            pages = conn.recv()
        except (EOFError, OSError):
            return
        if pages is None:
            return
        try:
            rows = task.run(pages, lambda index: conn.send(("page", index)))
        except Exception:
            conn.send(("error", traceback.format_exc()))
            continue
        conn.send(("rows", rows))


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # Imported once in the fork server, so a fresh worker starts in milliseconds.
        context.set_forkserver_preload(["classifier.budget", "classifier.score", "classifier.featurize"])
        return context
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, context, task_bytes: bytes):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker_main, args=(child, task_bytes), daemon=True,
                                       name="contentfarm-budget-worker")
        self.process.start()
        child.close()
        if not self.conn.poll(STARTUP_SECONDS):
            self.kill()
            raise BudgetError(f"the scoring worker did not start within {STARTUP_SECONDS:g} s")
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise BudgetError(f"the scoring worker died while starting ({self.exit_reason()})") from None
        if message[0] != "ready":
            self.kill()
            raise BudgetError(f"the scoring worker could not start:\n{message[1]}")

    def exit_reason(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        if code is None:
            return "still running"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        self.kill()


class BudgetRunner:
    """Run a task over pages in a watched worker process (see the module docstring).

    A task is a picklable object with ``prepare()`` (run once in each new
    worker), ``run(pages, on_page) -> rows`` (calls ``on_page(i)`` as page
    ``i`` starts and ``on_page(len(pages))`` before its final step) and
    ``failed(page, status, error) -> row`` (the row of a page that was stopped).
    :class:`ScoreTask` and :class:`FeatureTask` are the two contentfarm uses.
    """

    def __init__(self, task, seconds: float = DEFAULT_PAGE_SECONDS, *, memory_mb: float | None = DEFAULT_MEMORY_MB):
        if not seconds or seconds <= 0:
            raise ValueError("the page budget must be a positive number of seconds")
        self.task = task
        self.seconds = float(seconds)
        self.memory_mb = memory_mb
        self._task_bytes = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        self._context = _context()
        self._worker: _Worker | None = None
        #: Largest resident memory (MB) seen in a worker, and workers started.
        self.peak_memory_mb = 0.0
        self.workers_started = 0

    # -- lifecycle --
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def _ensure_worker(self) -> _Worker:
        if self._worker is None:
            self._worker = _Worker(self._context, self._task_bytes)
            self.workers_started += 1
        return self._worker

    def _discard_worker(self) -> str:
        worker, self._worker = self._worker, None
        if worker is None:
            return ""
        worker.kill()
        return worker.exit_reason()

    # -- running --
    def run(self, pages: list) -> list:
        """One row per page, in order; pages that overrun get ``timeout`` rows."""
        pages = list(pages)
        results: list = [None] * len(pages)
        queue: deque[list[int]] = deque([list(range(len(pages)))] if pages else [])
        while queue:
            self._run_chunk(queue.popleft(), pages, results, queue)
        return results

    def _model_step_seconds(self, n_pages: int) -> float:
        return self.seconds * (1 + MODEL_STEP_SHARE * n_pages)

    def _run_chunk(self, indices: list[int], pages: list, results: list, queue: deque) -> None:
        chunk = [pages[i] for i in indices]
        worker = self._ensure_worker()
        try:
            worker.conn.send(chunk)
        except OSError:  # the worker died between chunks (killed from outside): start another
            self._discard_worker()
            worker = self._ensure_worker()
            worker.conn.send(chunk)
        position, since, checked = 0, time.monotonic(), 0.0
        while True:
            now = time.monotonic()
            limit = self.seconds if position < len(indices) else self._model_step_seconds(len(indices))
            if now - since > limit:
                self._give_up(indices, position, pages, results, queue, TIMEOUT,
                              f"scoring this page took longer than the {self.seconds:g} s budget (--page-timeout); "
                              "it was stopped")
                return
            if now - checked >= POLL_SECONDS and self.memory_mb:
                checked = now
                memory = resident_mb(worker.process.pid)
                if memory is not None:
                    self.peak_memory_mb = max(self.peak_memory_mb, memory)
                    if memory > self.memory_mb:
                        self._give_up(indices, position, pages, results, queue, TOO_LARGE,
                                      f"scoring this page needed more than {self.memory_mb:g} MB of memory; it was stopped")
                        return
            try:
                ready = worker.conn.poll(min(POLL_SECONDS, max(0.0, since + limit - now)))
                message = worker.conn.recv() if ready else None
            except (EOFError, OSError):
                message = ("died",)
            if message is None:
                if not worker.process.is_alive():
                    message = ("died",)
                else:
                    continue
            kind = message[0]
            if kind == "page":
                position, since = message[1], time.monotonic()
            elif kind == "rows":
                for index, row in zip(indices, message[1]):
                    results[index] = row
                return
            elif kind == "died":
                reason = self._discard_worker()
                self._give_up(indices, position, pages, results, queue, CRASHED,
                              f"the scoring process died ({reason}) while working on this page")
                return
            else:  # the scoring code raised outside the per-page guard: a bug, not a hostile page
                self._discard_worker()
                raise BudgetError(f"scoring failed in the worker:\n{message[1]}")

    def _give_up(self, indices, position, pages, results, queue, status, message) -> None:
        """Kill the worker; the page it was on gets ``status``, the others are
        queued again. Stuck in the model step, a chunk is split into single pages."""
        self._discard_worker()
        if position < len(indices):
            stuck = indices[position]
            results[stuck] = self.task.failed(pages[stuck], status, message)
            rest = indices[:position] + indices[position + 1:]
            if rest:
                queue.appendleft(rest)
        elif len(indices) == 1:
            results[indices[0]] = self.task.failed(pages[indices[0]], status, message)
        else:
            queue.extendleft([index] for index in reversed(indices))


def _model_bytes(model) -> bytes:
    if isinstance(model, (str, os.PathLike)):
        from .safe_model import load_any_model

        model = load_any_model(model)
    return pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)


class BudgetScorer(BudgetRunner):
    """Score pages with a per-page time budget. ``model`` is a loaded
    :class:`~classifier.model.FarmModel`, a model folder or a ``.skops`` file."""

    def __init__(self, model, seconds: float = DEFAULT_PAGE_SECONDS, *, memory_mb: float | None = DEFAULT_MEMORY_MB,
                 with_reasons: bool = True):
        super().__init__(ScoreTask(_model_bytes(model), with_reasons), seconds, memory_mb=memory_mb)

    def score(self, pages: list) -> list:
        return self.run(pages)


def score_with_budget(model, pages: Iterable, seconds: float = DEFAULT_PAGE_SECONDS, *,
                      memory_mb: float | None = DEFAULT_MEMORY_MB, with_reasons: bool = True) -> list:
    """Score ``pages`` (one :class:`~classifier.score.Score` each, in order), giving
    every page at most ``seconds``: a page that takes longer gets ``status=timeout``
    and the others are scored as usual."""
    with BudgetScorer(model, seconds, memory_mb=memory_mb, with_reasons=with_reasons) as scorer:
        return scorer.score(list(pages))


def score_pages_with_budget(model, pages: Iterable, seconds: float = DEFAULT_PAGE_SECONDS, *,
                            batch_size: int | None = None, memory_mb: float | None = DEFAULT_MEMORY_MB,
                            with_reasons: bool = True) -> Iterator:
    """:func:`classifier.score.score_pages` with a time budget: lazily, chunk by chunk, in order."""
    from .score import BATCH_SIZE, chunked

    with BudgetScorer(model, seconds, memory_mb=memory_mb, with_reasons=with_reasons) as scorer:
        for chunk in chunked(pages, batch_size or BATCH_SIZE):
            yield from scorer.score(chunk)
