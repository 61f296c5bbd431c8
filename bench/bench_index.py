"""Benchmark the provenance index at scale: ``make bench-index``.

Measures, on **synthetic text** (a Zipf-distributed vocabulary of invented
words, paragraphs of 40-90 words, article lengths log-normal around 500
words; real text is not needed for speed and memory, and 100,000 real
articles are not at hand):

* shingling rate: synthetic article text to shingle sets, documents/s over all workers;
* index build rate: documents/s of ``ProvenanceIndex.add`` (appends of
  ``--batch`` documents each, as ``contentfarm index add`` does), and the size on disk;
* opening time and query rate of a fresh process that opens the index and
  looks up ``--queries`` pages (half farm-like copies of indexed documents, a
  third of their paragraphs dropped and 5% of words spun; half new unrelated
  documents), with the copies found and false matches counted;
* memory: peak resident set size of the building process and of the querying one;
* with the corpus present, the end-to-end rate from real HTML pages (parse +
  article text + shingles), which bounds ``contentfarm index build``;
* ``--compare-datasketch N``: build time, memory and pickle round trip of
  datasketch ``MinHashLSH`` and ``MinHashLSHEnsemble`` over N of the same
  documents (the alternatives the index was measured against).

Prints a report and writes JSON (``--json-out``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pickle
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from classifier.provenance.annotate import attribute  # noqa: E402
from classifier.provenance.index import ProvenanceIndex  # noqa: E402
from classifier.provenance.simulate import spin  # noqa: E402
from classifier.provenance.text import DocumentText, paragraph_sets  # noqa: E402

#: Invented words in the vocabulary, and the Zipf-Mandelbrot shape of their
#: frequencies (a news vocabulary of this size has about this curve).
VOCABULARY = 50_000
ZIPF_EXPONENT = 1.1
ZIPF_OFFSET = 2.7
#: Article length in words: log-normal with this median, clipped.
MEDIAN_WORDS = 500
MIN_WORDS, MAX_WORDS = 60, 4000
#: Words in a paragraph.
PARAGRAPH_WORDS = (40, 90)
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["an", "er", "in", "on", "st", "th"]

_VOCAB: list[str] = []
_PROBS: np.ndarray | None = None


def _vocabulary() -> tuple[list[str], np.ndarray]:
    global _VOCAB, _PROBS
    if not _VOCAB:
        rng = random.Random(0)
        words: set[str] = set()
        while len(words) < VOCABULARY:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
        _VOCAB = sorted(words, key=lambda w: (len(w), w))
        ranks = np.arange(VOCABULARY, dtype=np.float64)
        weights = 1.0 / (ranks + ZIPF_OFFSET) ** ZIPF_EXPONENT
        _PROBS = weights / weights.sum()
    return _VOCAB, _PROBS


def article(doc_id: int, seed: int) -> list[str]:
    """The paragraphs of synthetic document ``doc_id`` (the same every time)."""
    vocab, probs = _vocabulary()
    rng = np.random.default_rng([seed, doc_id])
    total = int(np.clip(rng.lognormal(np.log(MEDIAN_WORDS), 0.7), MIN_WORDS, MAX_WORDS))
    words = rng.choice(VOCABULARY, size=total, p=probs)
    paragraphs, start = [], 0
    while start < total:
        size = int(rng.integers(*PARAGRAPH_WORDS))
        chunk = words[start:start + size]
        text = " ".join(vocab[w] for w in chunk)
        paragraphs.append(text[:1].upper() + text[1:] + ".")
        start += size
    return paragraphs


def document(doc_id: int, seed: int) -> DocumentText:
    parts = paragraph_sets(article(doc_id, seed))
    return DocumentText(url=f"https://site{doc_id % 5000}.example/news/{doc_id}", domain=f"site{doc_id % 5000}.example",
                        site=f"site{doc_id % 5000}.example", published=None, title="",
                        shingles=np.unique(np.concatenate(parts)) if parts else np.empty(0, np.uint32))


def _make_chunk(args: tuple[int, int, int]) -> tuple[list[DocumentText], float]:
    start, stop, seed = args
    began = time.process_time()
    docs = [document(i, seed) for i in range(start, stop)]
    return docs, time.process_time() - began


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident set size of this process, MB. VmHWM where Linux has it:
    ``ru_maxrss`` survives exec, so a spawned child would report its parent's peak."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float | None:
    """Resident set size now, MB (includes the pages of the memory-mapped index that were read)."""
    return _status_mb("VmRSS")


def build(path: Path, n_docs: int, seed: int, jobs: int, batch: int) -> dict:
    index = ProvenanceIndex.create(path, force=True)
    chunk = 500
    tasks = [(s, min(s + chunk, n_docs), seed) for s in range(0, n_docs, chunk)]
    shingle_cpu = add_seconds = 0.0
    pending: list[DocumentText] = []
    began = time.perf_counter()
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        for docs, cpu in pool.imap(_make_chunk, tasks):
            shingle_cpu += cpu
            pending.extend(docs)
            if len(pending) >= batch:
                started = time.perf_counter()
                index.add(pending, skip_known=False)
                add_seconds += time.perf_counter() - started
                pending = []
    if pending:
        started = time.perf_counter()
        index.add(pending, skip_known=False)
        add_seconds += time.perf_counter() - started
    wall = time.perf_counter() - began
    info = index.info()
    return {"documents": info["documents"], "shingles": info["shingles"], "sampled": info["sampled_shingles"],
            "disk_mb": round(info["disk_bytes"] / 2**20, 1),
            "shingling_docs_per_cpu_second": round(n_docs / shingle_cpu, 1),
            "add_docs_per_second": round(n_docs / add_seconds, 1), "add_seconds": round(add_seconds, 1),
            "wall_seconds": round(wall, 1), "end_to_end_docs_per_second": round(n_docs / wall, 1),
            "builder_peak_rss_mb": round(peak_rss_mb(), 1), "jobs": jobs, "batch": batch}


def _query_worker(path: str, n_docs: int, seed: int, n_queries: int, out) -> None:
    before = rss_mb() or 0.0  # the interpreter and numpy, before the index
    started = time.perf_counter()
    index = ProvenanceIndex.open(path)
    open_seconds = time.perf_counter() - started
    rng = random.Random(seed + 99)
    queries = []
    for q in range(n_queries):
        if q % 2 == 0:
            original = rng.randrange(n_docs)
            paragraphs = [spin(p, 0.05, rng) for p in article(original, seed) if rng.random() >= 1 / 3]
            queries.append((original, paragraphs or article(original, seed)[:1]))
        else:
            queries.append((None, article(n_docs + 10_000_000 + q, seed)))
    shingle_seconds = lookup_seconds = 0.0
    found = wrong = false_matches = 0
    first = None
    for original, paragraphs in queries:
        started = time.perf_counter()
        parts = paragraph_sets(paragraphs)
        shingles = np.unique(np.concatenate(parts)) if parts else np.empty(0, np.uint32)
        shingle_seconds += time.perf_counter() - started
        started = time.perf_counter()
        page = DocumentText(url="https://farm.example/x", domain="farm.example", site="farm.example",
                            published=None, title="", shingles=shingles, paragraph_shingles=parts)
        result = attribute(page, index.query(shingles, paragraphs=parts))
        elapsed = time.perf_counter() - started
        lookup_seconds += elapsed
        if first is None:
            first = elapsed
        if original is None:
            false_matches += bool(result.copied_from)
        elif result.copied_from.endswith(f"/news/{original}"):
            found += 1
        elif result.copied_from:
            wrong += 1
    n_copies = (n_queries + 1) // 2
    out.put({"open_seconds": round(open_seconds, 4), "first_query_seconds": round(first or 0.0, 4),
             "queries": n_queries, "lookup_queries_per_second": round(n_queries / lookup_seconds, 1),
             "with_shingling_queries_per_second": round(n_queries / (lookup_seconds + shingle_seconds), 1),
             "copies_found": found, "copies": n_copies, "copies_wrong": wrong,
             "false_matches": false_matches, "unrelated": n_queries - n_copies,
             "query_process_peak_rss_mb": round(peak_rss_mb(), 1), "rss_before_open_mb": round(before, 1),
             "query_process_rss_after_mb": round(rss_mb() or 0.0, 1),
             # Heap and other private memory, apart from the pages of the mapped index files the kernel can drop.
             "query_process_anonymous_mb": round(_status_mb("RssAnon") or 0.0, 1),
             "query_process_file_backed_mb": round(_status_mb("RssFile") or 0.0, 1)})


def query(path: Path, n_docs: int, seed: int, n_queries: int) -> dict:
    context = multiprocessing.get_context("spawn")  # a fresh process: its memory is the reader's alone
    out = context.Queue()
    worker = context.Process(target=_query_worker, args=(str(path), n_docs, seed, n_queries, out))
    worker.start()
    result = out.get()
    worker.join()
    return result


def corpus_rate(corpus: Path, n_pages: int) -> dict | None:
    import csv

    from classifier.pages import read_file_page
    from classifier.parse import ParsedPage
    from classifier.provenance.text import document_text

    if not (corpus / "index.csv").exists():
        return None
    with open(corpus / "index.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))[:n_pages]
    pages = [read_file_page(corpus / row["path"]) for row in rows]
    document_text(ParsedPage(pages[0]))  # imports and caches first: the rate is the steady one
    started = time.perf_counter()
    for page in pages:
        document_text(ParsedPage(page))
    seconds = time.perf_counter() - started
    return {"pages": len(pages), "pages_per_second": round(len(pages) / seconds, 1)}


def _datasketch_worker(kind: str, n_docs: int, seed: int, out) -> None:
    from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble

    docs = [document(i, seed).shingles for i in range(n_docs)]
    sketches = []
    started = time.perf_counter()
    for shingles in docs:
        sketch = MinHash(num_perm=128, seed=1, hashfunc=int, scheme="affine32")
        sketch.update_batch(shingles.tolist())
        sketches.append(sketch)
    sketch_seconds = time.perf_counter() - started
    before = peak_rss_mb()
    started = time.perf_counter()
    if kind == "MinHashLSH (Jaccard >= 0.1)":
        index = MinHashLSH(threshold=0.1, num_perm=128)
        with index.insertion_session() as session:
            for k, sketch in enumerate(sketches):
                session.insert(k, sketch, check_duplication=False)
    else:
        index = MinHashLSHEnsemble(threshold=0.5, num_perm=128, num_part=16)
        index.index([(k, sketch, len(s)) for k, (sketch, s) in enumerate(zip(sketches, docs))])
    build_seconds = time.perf_counter() - started
    grown = peak_rss_mb() - before
    blob = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.perf_counter()
    pickle.loads(blob)
    load_seconds = time.perf_counter() - started
    out.put({"documents": n_docs, "minhash_docs_per_second": round(n_docs / sketch_seconds, 1),
             "build_docs_per_second": round(n_docs / build_seconds, 1), "memory_growth_mb": round(grown, 1),
             "pickle_mb": round(len(blob) / 2**20, 1), "unpickle_seconds": round(load_seconds, 2)})


def compare_datasketch(n_docs: int, seed: int) -> dict:
    results = {}
    context = multiprocessing.get_context("spawn")
    for kind in ("MinHashLSH (Jaccard >= 0.1)", "MinHashLSHEnsemble (containment >= 0.5)"):
        out = context.Queue()
        worker = context.Process(target=_datasketch_worker, args=(kind, n_docs, seed, out))
        worker.start()
        results[kind] = out.get()
        worker.join()
    return results


def report(result: dict) -> str:
    b, q = result["build"], result["query"]
    lines = [
        f"synthetic documents: {b['documents']:,} ({b['shingles']:,} shingles, {b['sampled']:,} sampled), "
        f"{b['disk_mb']} MB on disk",
        f"shingling: {b['shingling_docs_per_cpu_second']:,} documents per CPU second",
        f"index add: {b['add_docs_per_second']:,} documents/s ({b['add_seconds']} s in {b['batch']:,}-document appends); "
        f"build end to end with {b['jobs']} workers: {b['end_to_end_docs_per_second']:,} documents/s "
        f"({b['wall_seconds']} s); builder peak memory {b['builder_peak_rss_mb']} MB",
        f"open: {q['open_seconds'] * 1000:.1f} ms, first query {q['first_query_seconds'] * 1000:.1f} ms; "
        f"queries: {q['lookup_queries_per_second']:,}/s from shingles, {q['with_shingling_queries_per_second']:,}/s "
        f"from text; querying process resident {q['query_process_rss_after_mb']} MB after the queries "
        f"({q['query_process_anonymous_mb']} MB private, {q['query_process_file_backed_mb']} MB pages of mapped "
        f"files; {q['rss_before_open_mb']} MB before opening the index)",
        f"copies found {q['copies_found']} of {q['copies']} (wrong original {q['copies_wrong']}); "
        f"false matches {q['false_matches']} of {q['unrelated']} unrelated documents",
    ]
    if result.get("corpus"):
        c = result["corpus"]
        lines.append(f"real HTML pages to index entries: {c['pages_per_second']} pages/s ({c['pages']} corpus pages)")
    for kind, d in (result.get("datasketch") or {}).items():
        lines.append(f"datasketch {kind} at {d['documents']:,} documents: MinHash {d['minhash_docs_per_second']:,} "
                     f"docs/s, insert {d['build_docs_per_second']:,} docs/s, +{d['memory_growth_mb']} MB, pickle "
                     f"{d['pickle_mb']} MB, unpickle {d['unpickle_seconds']} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=10_000, help="documents per append")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--corpus-pages", type=int, default=300)
    parser.add_argument("--compare-datasketch", type=int, default=0, metavar="N",
                        help="also measure datasketch MinHashLSH and MinHashLSHEnsemble at N documents")
    parser.add_argument("--keep", type=Path, default=None, help="build the index here and keep it")
    parser.add_argument("--json-out", type=Path, default=None)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-index-")) if args.keep is None else args.keep
    try:
        result = {"synthetic": True, "docs": args.docs, "seed": args.seed}
        result["build"] = build(folder / "index" if args.keep is None else folder, args.docs, args.seed, args.jobs,
                                args.batch)
        print(f"built {args.docs:,} documents", file=sys.stderr)
        result["query"] = query(folder / "index" if args.keep is None else folder, args.docs, args.seed,
                                args.queries)
        result["corpus"] = corpus_rate(args.corpus, args.corpus_pages)
        if args.compare_datasketch:
            result["datasketch"] = compare_datasketch(args.compare_datasketch, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(report(result))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
