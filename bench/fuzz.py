"""Fuzz the parser and every extractor with mutated real pages and generated ones.

    python bench/fuzz.py [--pages 10000] [--seed 0] [--workers 2] [--seconds 5]
    python bench/fuzz.py --case 1234          # re-run one case here, with its traceback

Each case is made from its own seeded random generator (seed and case
number), so any case can be rebuilt alone. Most cases are real pages of
``../shared/corpus`` (read in place, never copied), mutated one to three times:

* ``truncate``  cut at a random byte (mid-tag, mid-character);
* ``shuffle``   shuffle the tags and text runs of a random stretch;
* ``duplicate`` repeat a random block of the page up to 50 times;
* ``garbage``   inject random bytes, NULs, broken UTF-8, zero-width and RTL
  marks, open comments and CDATA, stray tags, at random places;
* ``relabel``   declare another (or a bogus) charset, or re-encode a stretch.

The rest (one case in ten, or all when the corpus is absent) are generated:
tag soup, deep nesting, thousands of links or headline lists, long lines,
pages of only scripts, images or links, plain text with control characters.

Every page goes through the time budget's worker processes
(:class:`classifier.budget.BudgetRunner` with the strict
:class:`~classifier.budget.FeatureTask`: parse, read, and every extractor's own
``extract`` must return finite numbers). A **crash** is an exception, a
non-finite or missing value, or a dead worker; a **timeout** is a page over the
budget. Prints the counts, the crashes, and the slowest pages with their time;
exits 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from classifier.budget import DEFAULT_PAGE_SECONDS, BudgetRunner, FeatureTask  # noqa: E402
from classifier.pages import MAX_PAGE_BYTES, Page, finish_page  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
#: One case in this many is generated rather than a mutated corpus page.
GENERATED_EVERY = 10
#: Pages per chunk sent to a worker (a timeout redoes the rest of its chunk).
CHUNK = 32
#: How many of the slowest pages to list.
SLOWEST = 10

TOKEN = re.compile(rb"<[^<>]{0,200}>|[^<]+")
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u202e", "\u202b", "\u2066", "\u061c", "\u00ad"]
JUNK = [b"\x00", b"\xff\xfe", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"<!--", b"-->",
        b"<![CDATA[", b"]]>", b"<script>", b"</script>", b"<style>", b"<a href='", b"</div>", b"<li>", b"<title>",
        b"&#0;", b"&#x110000;", b"<", b">", b"\r", b"<svg><foreignObject>", b"<template>", b"<plaintext>"]
CHARSETS = ["utf-8", "windows-1252", "shift_jis", "gb18030", "koi8-r", "utf-16", "utf-7", "x-user-defined",
            "undefined", "unicode-escape", "bogus", "latin1", "big5", "euc-kr"]
WORDS = ("Related Ranking Recommendation Trending Home News Markets veryGood! (7359) By Jane Doe MOSCOW (AP) — "
         "Posted 2019-03-04 Read more views likes 👍 1.2k 相关新闻 热门 排行 Source: Date: Photo: Reuters").split()


# --- mutations --------------------------------------------------------------------

def truncate(rng: random.Random, body: bytes) -> bytes:
    return body[:rng.randrange(len(body) + 1)]


def shuffle(rng: random.Random, body: bytes) -> bytes:
    tokens = TOKEN.findall(body)
    if len(tokens) < 2:
        return body
    start = rng.randrange(len(tokens))
    end = min(len(tokens), start + rng.randint(2, 400))
    window = tokens[start:end]
    rng.shuffle(window)
    return b"".join(tokens[:start] + window + tokens[end:])


def duplicate(rng: random.Random, body: bytes) -> bytes:
    if not body:
        return body
    start = rng.randrange(len(body))
    block = body[start:start + rng.randint(1, 20_000)]
    times = rng.randint(2, 50)
    at = rng.randrange(len(body) + 1)
    return body[:at] + block * times + body[at:]


def garbage(rng: random.Random, body: bytes) -> bytes:
    pieces = bytearray(body)
    for _ in range(rng.randint(1, 40)):
        kind = rng.random()
        if kind < 0.4:
            junk = rng.choice(JUNK)
        elif kind < 0.7:
            junk = rng.choice(INVISIBLE).encode() * rng.randint(1, 20)
        else:
            junk = rng.randbytes(rng.randint(1, 64))
        at = rng.randrange(len(pieces) + 1)
        pieces[at:at] = junk
    return bytes(pieces)


def relabel(rng: random.Random, body: bytes) -> bytes:
    if rng.random() < 0.5:
        label = rng.choice(CHARSETS).encode()
        meta = b"<meta charset='" + label + b"'>"
        replaced = re.sub(rb"""(?i)<meta[^>]*charset[^>]*>""", meta, body[:4096], count=1)
        return (replaced if replaced != body[:4096] else meta + body[:4096]) + body[4096:]
    start = rng.randrange(len(body) + 1)
    end = min(len(body), start + rng.randint(1, 5000))
    text = body[start:end].decode("utf-8", "replace")
    encoding = rng.choice(["utf-16-le", "utf-16-be", "cp1252", "shift_jis", "utf-32-le", "koi8-r"])
    return body[:start] + text.encode(encoding, "replace") + body[end:]


MUTATIONS = {"truncate": truncate, "shuffle": shuffle, "duplicate": duplicate, "garbage": garbage,
             "relabel": relabel}


# --- generated pages --------------------------------------------------------------

def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


GENERATED_KINDS = ("soup", "nesting", "links", "lists", "line", "scripts", "images", "text", "entities")


def generated(rng: random.Random, kind: str | None = None) -> tuple[str, bytes, str]:
    """(description, body, page kind) of a page made from nothing."""
    kind = kind or rng.choice(GENERATED_KINDS)
    if kind == "soup":
        tags = ["div", "p", "a", "ul", "li", "title", "h1", "script", "table", "td", "span", "nav", "time"]
        parts = []
        for _ in range(rng.randint(10, 3000)):
            tag = rng.choice(tags)
            parts.append(rng.choice([f"<{tag} class='{rng.choice(['byline', 'crumb', 'related', 'x'])}'>",
                                     f"</{tag}>", _words(rng, rng.randint(1, 12)), rng.choice(INVISIBLE),
                                     "<!--", "<![CDATA[", "\x00"]))
        body = "".join(parts)
    elif kind == "nesting":
        depth = rng.randint(500, 8000)
        tag = rng.choice(["div", "span", "b", "ul", "table", "a"])
        body = f"<html><body>{f'<{tag}>' * depth}{_words(rng, 20)}{f'</{tag}>' * rng.randint(0, depth)}"
    elif kind == "links":
        body = "<html><body>" + "".join(f"<a href='/{i}'>{_words(rng, rng.randint(1, 8))}</a>"
                                        for i in range(rng.randint(100, 30_000)))
    elif kind == "lists":
        body = "<html><body>" + "".join(
            f"<h3>{rng.choice(['Related', 'Ranking', 'Trending'])}</h3><ul>"
            + "".join(f"<li><a href='/{i}{j}'>{_words(rng, rng.randint(3, 10))}</a></li>" for j in range(3)) + "</ul>"
            for i in range(rng.randint(10, 3000)))
    elif kind == "line":
        body = "<html><body><p>" + _words(rng, rng.randint(10_000, 300_000)) + "</p>"
    elif kind == "scripts":
        body = "".join(f"<script>var a{i} = '{_words(rng, 5)}';</script><style>p{{}}</style>"
                       for i in range(rng.randint(1, 3000)))
    elif kind == "images":
        body = "<html><body>" + "<img src='/i.png' alt='x'>" * rng.randint(1, 20_000)
    elif kind == "entities":
        body = "".join(rng.choice(["&amp;", "&#x202e;", "&#0;", "&nbsp;", "&bogus", "&#99999999;", "a"])
                       for _ in range(rng.randint(10, 50_000)))
    else:
        lines = [_words(rng, rng.randint(1, 40)) + rng.choice(["", "\x0b", "\x1c", "\u2028", "\x85", "\r"])
                 for _ in range(rng.randint(1, 2000))]
        return f"generated:{kind}", "\n".join(lines).encode("utf-8", "surrogatepass"), "text"
    return f"generated:{kind}", body.encode("utf-8", "surrogatepass"), "html"


# --- cases ----------------------------------------------------------------------

def corpus_paths(corpus: Path) -> list[Path]:
    index = corpus / "index.csv"
    if not index.exists():
        return []
    with open(index, newline="", encoding="utf-8") as stream:
        return [corpus / row["path"] for row in csv.DictReader(stream)]


def make_case(seed: int, case: int, paths: list[Path]) -> Page:
    """Case ``case`` of the run with ``seed``: always the same page."""
    rng = random.Random(f"{seed}:{case}")
    if not paths or case % GENERATED_EVERY == GENERATED_EVERY - 1:
        description, body, kind = generated(rng)
    else:
        path = rng.choice(paths)
        with gzip.open(path, "rb") as stream:
            body = stream.read(MAX_PAGE_BYTES)
        names = rng.sample(sorted(MUTATIONS), rng.randint(1, 3))
        for name in names:
            body = MUTATIONS[name](rng, body)
        kind = "text" if rng.random() < 0.05 else "html"
        description = f"{path.parent.name}/{path.name} {'+'.join(names)}" + (" as text" if kind == "text" else "")
    truncated = len(body) > MAX_PAGE_BYTES
    page = Page(input=f"case {case}: {description}", body=body[:MAX_PAGE_BYTES], kind=kind, truncated=truncated)
    return finish_page(page)


# --- the run --------------------------------------------------------------------

def run(n_pages: int, seed: int = 0, workers: int = 2, seconds: float = DEFAULT_PAGE_SECONDS,
        corpus: Path = DEFAULT_CORPUS, progress: bool = False) -> dict:
    """Fuzz ``n_pages`` cases; returns the counts, crashes and slowest pages."""
    paths = corpus_paths(corpus)
    cases = iter(range(n_pages))
    lock = threading.Lock()
    rows: list[dict] = []
    failures: list[BaseException] = []

    def next_chunk() -> list[int]:
        with lock:
            return [case for _, case in zip(range(CHUNK), cases)]

    def work() -> None:
        try:
            with BudgetRunner(FeatureTask(), seconds) as runner:
                while chunk := next_chunk():
                    pages = [make_case(seed, case, paths) for case in chunk]
                    done = runner.run(pages)
                    with lock:
                        rows.extend(done)
                        if progress:
                            print(f"\r{len(rows)}/{n_pages}", end="", file=sys.stderr, flush=True)
        except BaseException as exc:  # reported after the other threads finish
            failures.append(exc)

    started = time.perf_counter()
    threads = [threading.Thread(target=work, name=f"fuzz-{i}") for i in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if progress:
        print(file=sys.stderr)
    if failures:
        raise failures[0]
    elapsed = time.perf_counter() - started
    statuses = Counter(row["status"] for row in rows)
    timed = sorted((row for row in rows if row["seconds"] is not None), key=lambda r: -r["seconds"])
    mutated = [row for row in timed if "generated:" not in row["input"]]
    return {
        "pages": len(rows), "seed": seed, "workers": workers, "page_budget_seconds": seconds,
        "corpus_pages_available": len(paths), "seconds": round(elapsed, 1),
        "pages_per_second": round(len(rows) / elapsed, 1) if elapsed else None,
        "statuses": dict(sorted(statuses.items())),
        "crashes": [{"input": r["input"], "error": r["error"]} for r in rows if r["status"] == "parse_error"],
        "timeouts": [r["input"] for r in rows if r["status"] == "timeout"],
        "too_large": [r["input"] for r in rows if r["status"] == "too_large"],
        "slowest": [{"input": r["input"], "seconds": round(r["seconds"], 3)} for r in timed[:SLOWEST]],
        "slowest_mutated_corpus_page": ({"input": mutated[0]["input"], "seconds": round(mutated[0]["seconds"], 3)}
                                        if mutated else None),
        "timeouts_by_source": dict(sorted(Counter(_source(name) for name in
                                                  [r["input"] for r in rows if r["status"] == "timeout"]).items())),
        "median_seconds": round(timed[len(timed) // 2]["seconds"], 4) if timed else None,
        "p99_seconds": round(timed[len(timed) // 100]["seconds"], 4) if timed else None,
        "load_average": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
    }


def _source(name: str) -> str:
    """'generated:links', or 'corpus' for a mutated corpus page (from a case's input)."""
    kind = name.split(": ", 1)[-1].split()[0]
    return kind if kind.startswith("generated:") else "corpus"


def report(result: dict) -> str:
    lines = [f"fuzzed {result['pages']} pages (seed {result['seed']}, {result['workers']} workers, "
             f"budget {result['page_budget_seconds']:g} s/page) in {result['seconds']} s "
             f"({result['pages_per_second']} pages/s)",
             "statuses: " + ", ".join(f"{n} {s}" for s, n in result["statuses"].items()),
             f"crashes: {len(result['crashes'])}",
             f"timeouts: {len(result['timeouts'])}"
             + (f" ({', '.join(f'{n} {k}' for k, n in result['timeouts_by_source'].items())})"
                if result["timeouts"] else "")
             + (f"; too large: {len(result['too_large'])}" if result["too_large"] else ""),
             f"median page: {result['median_seconds']} s; 99th percentile: {result['p99_seconds']} s; "
             f"load average at the end: {result['load_average']}"]
    if result["slowest_mutated_corpus_page"]:
        slowest = result["slowest_mutated_corpus_page"]
        lines.append(f"slowest mutated corpus page: {slowest['seconds']} s ({slowest['input']})")
    for crash in result["crashes"][:20]:
        lines.append(f"  CRASH {crash['input']}: {crash['error']}")
    for name in result["timeouts"][:20]:
        lines.append(f"  timeout {name}")
    lines.append("slowest pages:")
    lines.extend(f"  {row['seconds']:8.3f} s  {row['input']}" for row in result["slowest"])
    return "\n".join(lines)


def rerun_case(seed: int, case: int, corpus: Path) -> int:
    """Run one case in this process, so a crash shows its full traceback."""
    from classifier.featurize import PageFeatures
    from classifier.parse import ParsedPage

    page = make_case(seed, case, corpus_paths(corpus))
    print(f"{page.input}: {len(page.body)} bytes, kind {page.kind}, status {page.status}", file=sys.stderr)
    if page.ok:
        started = time.perf_counter()
        view = ParsedPage(page)
        for _, extractor in PageFeatures.default().extractors:
            values = extractor.extract(view)
            print(f"  {extractor.name}: {json.dumps(values)}")
        print(f"{time.perf_counter() - started:.3f} s", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="cases to run (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                        else os.cpu_count() or 1, help="worker processes (default: all cores)")
    parser.add_argument("--seconds", type=float, default=DEFAULT_PAGE_SECONDS, help="page budget (seconds)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json-out", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument("--case", type=int, default=None, help="re-run one case in this process")
    args = parser.parse_args(argv)
    if args.case is not None:
        return rerun_case(args.seed, args.case, args.corpus)
    if not corpus_paths(args.corpus):
        print(f"note: no corpus at {args.corpus}; every case is generated", file=sys.stderr)
    result = run(args.pages, args.seed, args.workers, args.seconds, args.corpus, progress=sys.stderr.isatty())
    print(report(result))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
