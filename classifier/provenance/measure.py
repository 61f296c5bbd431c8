"""Measure copy detection on real originals: ``make eval-provenance``.

The collection is the real pages of ``../shared/corpus``, read in place. Pages
whose site is unknown (no URL in the corpus index and no canonical link) or
whose article text is too short to attribute (fewer than ``COPY_MIN_SHARED``
shingles) are left out. The rest is split, with a seed:

* **same-topic pairs** first: two pages from different sites whose article
  texts are the nearest neighbours by TF-IDF cosine (at least
  ``SAME_TOPIC_COSINE``) are put one in the index, one held out;
* the remaining pages are shuffled: ``INDEX_SHARE`` into the index, the rest held out.

**Positives**: ``--copies`` indexed originals are copied by :mod:`.simulate`
into farm pages on farm domains, once per edit scenario, and each copy is
queried. A copy is found when ``copied_from`` is its original.

**Negatives**: every held-out page is queried with its own site; any
``copied_from`` is counted as a false positive (the same-topic pages
separately). Some of them are real text reuse between two sites (a press
release, agency copy, a network's shared boilerplate); they are listed so a
reader can judge, but counted against precision all the same.

**Methods** (``--compare``): the same queries through other candidate steps,
all followed by the same exact containment check and decision
(:func:`.annotate.attribute`): every document (brute force, the upper bound),
datasketch ``MinHashLSH`` at Jaccard thresholds, datasketch
``MinHashLSHEnsemble`` at a containment threshold, and 64-bit SimHash at
Hamming distances; and the sampled inverted index at other shingle sizes.

Prints a report (markdown tables) and writes JSON with ``--json-out``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .annotate import COPY_MIN_CONTAINMENT, COPY_MIN_PARAGRAPH_SHARE, COPY_MIN_SHARED, attribute
from .index import Match, ProvenanceIndex, found_in, paragraph_share
from .simulate import farm_copy_html
from .text import SHINGLE_WORDS, DocumentText, article_paragraphs, paragraph_sets, published_date, \
    registered_domain

#: Cosine similarity of TF-IDF vectors of article text from which two pages
#: of different sites count as one topic. At 0.4 the pairs read as the same
#: story or the same subject (two reports of one band's tour, two outlets on
#: one political trip); below 0.3 they share a language and a field.
SAME_TOPIC_COSINE = 0.4
#: Share of the remaining pages that go into the index.
INDEX_SHARE = 0.7
#: Edit scenarios: name -> keyword arguments of :func:`.simulate.farm_copy_html`.
SCENARIOS = {
    "verbatim in a farm template": {},
    "headline rewritten": {"rewrite": True},
    "first half kept": {"rewrite": True, "keep": "half"},
    "first 3 paragraphs kept": {"rewrite": True, "keep": "lead"},
    "30% of paragraphs dropped, rest shuffled": {"rewrite": True, "keep": "drop"},
    "spun 5%": {"rewrite": True, "spin_rate": 0.05},
    "spun 10%": {"rewrite": True, "spin_rate": 0.10},
    "spun 15%": {"rewrite": True, "spin_rate": 0.15},
    "spun 20%": {"rewrite": True, "spin_rate": 0.20},
    "spun 30%": {"rewrite": True, "spin_rate": 0.30},
}
#: Date a farm copy shows (the simulator writes a 2025 date).
COPY_PUBLISHED = dt.date(2025, 12, 31)


@dataclass
class CorpusDoc:
    id: str
    url: str
    site: str
    headline: str
    paragraphs: list[str]
    published: dt.date | None
    shingles: dict = field(default_factory=dict)   # shingle size -> array
    paragraph_shingles: dict = field(default_factory=dict)   # shingle size -> list of arrays


def _load_rows(rows: list[dict], corpus: str) -> list[CorpusDoc]:
    from ..pages import read_file_page
    from ..parse import ParsedPage

    out = []
    for row in rows:
        page = read_file_page(Path(corpus) / row["path"])
        if not page.ok:
            continue
        if row.get("url", "").startswith(("http://", "https://")):
            page.url = row["url"]
        parsed = ParsedPage(page)
        url = parsed.canonical_url
        site = registered_domain(url) if url else ""
        if not site:
            continue
        out.append(CorpusDoc(id=row["id"], url=url, site=site, headline=parsed.h1 or parsed.title,
                             paragraphs=article_paragraphs(parsed), published=published_date(parsed)))
    return out


def load_corpus(corpus: Path, jobs: int = 1, limit: int | None = None) -> list[CorpusDoc]:
    with open(corpus / "index.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    if limit:
        rows = rows[:limit]
    if jobs <= 1:
        return _load_rows(rows, str(corpus))
    chunks = [rows[i::jobs * 4] for i in range(jobs * 4)]
    with ProcessPoolExecutor(jobs) as pool:
        parts = list(pool.map(_load_rows, chunks, [str(corpus)] * len(chunks)))
    docs = [d for part in parts for d in part]
    order = {row["id"]: i for i, row in enumerate(rows)}
    return sorted(docs, key=lambda d: order[d.id])


def same_topic_pairs(docs: list[CorpusDoc]) -> list[tuple[int, int, float]]:
    """(i, j, cosine): each page's nearest page of another site by TF-IDF
    cosine of article text, when at least SAME_TOPIC_COSINE, best first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["\n".join(d.paragraphs) for d in docs]
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5).fit_transform(texts)
    sims = (matrix @ matrix.T).toarray()
    sites = np.array([d.site for d in docs])
    sims[sites[:, None] == sites[None, :]] = 0.0
    best = sims.argmax(axis=1)
    pairs = [(i, int(best[i]), float(sims[i, best[i]])) for i in range(len(docs))
             if sims[i, best[i]] >= SAME_TOPIC_COSINE]
    return sorted(pairs, key=lambda p: -p[2])


def split(docs: list[CorpusDoc], seed: int) -> tuple[list[int], list[int], set[int]]:
    """(indexed, held_out, same_topic_held_out) document positions."""
    rng = random.Random(seed)
    side: dict[int, str] = {}
    same_topic: set[int] = set()
    for i, j, _ in same_topic_pairs(docs):
        if i in side or j in side:
            continue
        side[i], side[j] = "held", "index"
        same_topic.add(i)
    rest = [i for i in range(len(docs)) if i not in side]
    rng.shuffle(rest)
    cut = int(len(rest) * INDEX_SHARE)
    indexed = sorted([i for i, s in side.items() if s == "index"] + rest[:cut])
    held = sorted([i for i, s in side.items() if s == "held"] + rest[cut:])
    return indexed, held, same_topic


def make_copies(docs: list[CorpusDoc], indexed: list[int], n_copies: int, seed: int) -> list[dict]:
    """Farm copies of ``n_copies`` indexed originals under every scenario,
    with the article paragraphs a parser finds in them."""
    from ..parse import ParsedPage

    rng = random.Random(seed + 1)
    chosen = rng.sample(indexed, min(n_copies, len(indexed)))
    headlines = [d.headline for d in docs if 20 <= len(d.headline) <= 120]
    copies = []
    for n, position in enumerate(chosen):
        doc = docs[position]
        for s, (scenario, kwargs) in enumerate(SCENARIOS.items()):
            page = farm_copy_html(doc.paragraphs, doc.headline, rng, other_headlines=headlines,
                                  farm_domain=f"copy{n}-{s}.farm.example", **kwargs)
            parsed = ParsedPage.from_html(page)
            copies.append({"scenario": scenario, "original": position, "url": parsed.canonical_url,
                           "paragraphs": article_paragraphs(parsed), "published": published_date(parsed)})
    return copies


def _union(parts: list[np.ndarray]) -> np.ndarray:
    return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.uint32)


# --- candidate steps ------------------------------------------------------

class Collection:
    """Shingle sets of the indexed documents, with the exact containment check
    every method ends with."""

    def __init__(self, docs: list[CorpusDoc], indexed: list[int], words: int):
        self.docs, self.indexed, self.words = docs, indexed, words
        self.sets = [docs[i].shingles[words] for i in indexed]
        flat = np.concatenate(self.sets)
        owner = np.repeat(np.arange(len(indexed), dtype=np.int64), [len(s) for s in self.sets])
        order = np.argsort(flat, kind="stable")
        self.flat, self.owner = flat[order], owner[order]

    def match(self, k: int, query: np.ndarray, paragraphs: list | None = None) -> Match | None:
        shared = int(np.count_nonzero(found_in(query, self.sets[k])))
        if not shared:
            return None
        doc = self.docs[self.indexed[k]]
        return Match(doc_id=k, url=doc.url, domain=doc.site, site=doc.site, published=doc.published,
                     title=doc.headline, containment=shared / len(query), shared=shared,
                     coverage=shared / len(self.sets[k]), paragraph_share=paragraph_share(paragraphs or [], self.sets[k]))

    def brute_force(self, query: np.ndarray) -> list[int]:
        """Every document that shares enough shingles with the query to pass
        the copy rule (exact counts over all documents): the upper bound of any
        candidate step."""
        lo, hi = np.searchsorted(self.flat, query, "left"), np.searchsorted(self.flat, query, "right")
        spans = [(a, b) for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
        if not spans:
            return []
        counts = np.bincount(np.concatenate([self.owner[a:b] for a, b in spans]), minlength=len(self.sets))
        needed = max(COPY_MIN_SHARED, COPY_MIN_CONTAINMENT * len(query))
        return np.flatnonzero(counts >= needed).tolist()


def _minhash(values: np.ndarray, num_perm: int):
    from datasketch import MinHash

    sketch = MinHash(num_perm=num_perm, seed=1, hashfunc=int, scheme="affine32")
    sketch.update_batch(values.tolist())
    return sketch


def _simhash(values: np.ndarray) -> int:
    """64-bit SimHash of a shingle set (each shingle weighs 1)."""
    mixed = values.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    mixed ^= mixed >> np.uint64(29)
    bits = (mixed[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)
    votes = bits.sum(axis=0) * 2 > len(values)
    return int(np.packbits(votes[::-1].astype(np.uint8)).view(">u8")[0])


def candidate_methods(collection: Collection, num_perm: int = 128) -> dict:
    """name -> (function query -> candidate positions, build seconds)."""
    from datasketch import MinHashLSH, MinHashLSHEnsemble

    methods = {"all documents (brute force)": (collection.brute_force, 0.0)}
    started = time.perf_counter()
    sketches = [_minhash(s, num_perm) for s in collection.sets]
    sketch_seconds = time.perf_counter() - started
    for threshold in (0.1, 0.3):
        started = time.perf_counter()
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        for k, sketch in enumerate(sketches):
            lsh.insert(k, sketch)
        methods[f"datasketch MinHashLSH, Jaccard >= {threshold}"] = (
            lambda q, lsh=lsh: lsh.query(_minhash(q, num_perm)), sketch_seconds + time.perf_counter() - started)
    started = time.perf_counter()
    ensemble = MinHashLSHEnsemble(threshold=COPY_MIN_CONTAINMENT, num_perm=num_perm, num_part=8)
    ensemble.index([(k, s, len(v)) for k, (s, v) in enumerate(zip(sketches, collection.sets))])
    methods[f"datasketch MinHashLSHEnsemble, containment >= {COPY_MIN_CONTAINMENT}"] = (
        lambda q: list(ensemble.query(_minhash(q, num_perm), len(q))), sketch_seconds + time.perf_counter() - started)
    started = time.perf_counter()
    fingerprints = np.array([_simhash(s) for s in collection.sets], dtype=np.uint64)
    simhash_seconds = time.perf_counter() - started
    for distance in (3, 10):
        def by_simhash(q, distance=distance):
            xor = fingerprints ^ np.uint64(_simhash(q))
            ham = np.unpackbits(xor.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)
            return np.flatnonzero(ham <= distance).tolist()
        methods[f"SimHash 64-bit, Hamming <= {distance}"] = (by_simhash, simhash_seconds)
    return methods


# --- running ------------------------------------------------------------------

def _decide(collection: Collection, query: np.ndarray, paragraphs: list, site: str, url: str, published,
            candidates) -> str:
    matches = [m for m in (collection.match(k, query, paragraphs) for k in candidates) if m is not None]
    page = DocumentText(url=url, domain=site, site=site, published=published, title="", shingles=query)
    return attribute(page, matches, published).copied_from


def evaluate_method(collection: Collection, candidates_of, copies: list[dict], negatives: list[int],
                    same_topic: set[int]) -> dict:
    words = collection.words
    per_scenario: dict[str, list[int]] = {s: [0, 0, 0] for s in SCENARIOS}   # n, found, wrong
    started = time.perf_counter()
    queries = 0
    for copy in copies:
        query = copy["shingles"][words]
        found = _decide(collection, query, copy["paragraph_shingles"][words], registered_domain(copy["url"]),
                        copy["url"], COPY_PUBLISHED, candidates_of(query)) if len(query) else ""
        queries += 1
        stats = per_scenario[copy["scenario"]]
        stats[0] += 1
        truth = collection.docs[copy["original"]].url
        stats[1] += found == truth
        stats[2] += bool(found) and found != truth
    false_positives = []
    for position in negatives:
        doc = collection.docs[position]
        query = doc.shingles[words]
        found = _decide(collection, query, doc.paragraph_shingles[words], doc.site, doc.url, doc.published,
                        candidates_of(query))
        queries += 1
        if found:
            false_positives.append({"page": doc.url, "copied_from": found, "same_topic": position in same_topic})
    seconds = time.perf_counter() - started
    found = sum(s[1] for s in per_scenario.values())
    wrong = sum(s[2] for s in per_scenario.values()) + len(false_positives)
    n_copies = sum(s[0] for s in per_scenario.values())
    return {
        "recall": {s: round(v[1] / v[0], 3) if v[0] else None for s, v in per_scenario.items()},
        "recall_all": round(found / n_copies, 3) if n_copies else None,
        "wrong_original": sum(s[2] for s in per_scenario.values()),
        "precision": round(found / (found + wrong), 4) if found + wrong else None,
        "negatives": len(negatives), "false_positives": len(false_positives),
        "false_positive_rate": round(len(false_positives) / len(negatives), 4) if negatives else None,
        "same_topic_negatives": len(same_topic),
        "same_topic_false_positives": sum(1 for f in false_positives if f["same_topic"]),
        "false_positive_pages": false_positives,
        "queries_per_second": round(queries / seconds, 1) if seconds else None,
    }


def run(corpus: Path, *, seed: int = 0, n_copies: int = 300, compare: bool = False, jobs: int = 1,
        limit: int | None = None, log=None) -> dict:
    log = log or (lambda message: print(message, file=sys.stderr))
    started = time.perf_counter()
    docs = load_corpus(corpus, jobs=jobs, limit=limit)
    sizes = tuple(sorted({3, 4, 5, 6, SHINGLE_WORDS})) if compare else (SHINGLE_WORDS,)
    for doc in docs:
        for words in sizes:
            doc.paragraph_shingles[words] = paragraph_sets(doc.paragraphs, words)
            doc.shingles[words] = _union(doc.paragraph_shingles[words])
    read = len(docs)
    seen: set[str] = set()
    # One page per URL (a page can sit in two source collections), with enough text to attribute.
    docs = [d for d in docs if len(d.shingles[SHINGLE_WORDS]) >= COPY_MIN_SHARED
            and not (d.url in seen or seen.add(d.url))]
    log(f"read {read} corpus pages with a known site in {time.perf_counter() - started:.0f} s; "
        f"{len(docs)} have enough article text")
    indexed, held, same_topic = split(docs, seed)
    copies = make_copies(docs, indexed, n_copies, seed)
    for copy in copies:
        copy["paragraph_shingles"] = {w: paragraph_sets(copy["paragraphs"], w) for w in sizes}
        copy["shingles"] = {w: _union(copy["paragraph_shingles"][w]) for w in sizes}
    result = {"corpus_pages_used": len(docs), "indexed": len(indexed), "held_out": len(held),
              "same_topic_held_out": len(same_topic), "copies": len(copies), "originals_copied": len(copies) //
              len(SCENARIOS), "shingle_words": SHINGLE_WORDS, "copy_min_containment": COPY_MIN_CONTAINMENT,
              "copy_min_shared": COPY_MIN_SHARED, "copy_min_paragraph_share": COPY_MIN_PARAGRAPH_SHARE,
              "seed": seed}

    # The shipped path: a real index on disk, queried through ProvenanceIndex.
    with tempfile.TemporaryDirectory() as folder:
        index = ProvenanceIndex.create(Path(folder) / "index")
        index.add(DocumentText(url=docs[i].url, domain=docs[i].site, site=docs[i].site,
                               published=docs[i].published, title=docs[i].headline,
                               shingles=docs[i].shingles[SHINGLE_WORDS]) for i in indexed)
        collection = Collection(docs, indexed, SHINGLE_WORDS)
        result["index"] = evaluate_method(collection, lambda q: index.candidates(q), copies, held, same_topic)
        result["index"]["containment_percentiles"] = containment_percentiles(collection, copies)
        index = None
    log("evaluated the sampled inverted index")
    if compare:
        result["methods"] = {}
        for name, (candidates_of, build_seconds) in candidate_methods(collection).items():
            measured = evaluate_method(collection, candidates_of, copies, held, same_topic)
            measured["build_seconds"] = round(build_seconds, 2)
            result["methods"][name] = measured
            log(f"evaluated {name}")
        result["shingle_sizes"] = {}
        for words in sizes:
            sized = Collection(docs, indexed, words)
            result["shingle_sizes"][words] = evaluate_method(
                sized, lambda q, sized=sized: sized.brute_force(q), copies, held, same_topic)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def containment_percentiles(collection: Collection, copies: list[dict]) -> dict:
    """5th and 50th percentile of each scenario's containment in its true original."""
    words = collection.words
    position = {p: k for k, p in enumerate(collection.indexed)}
    values: dict[str, list[float]] = {}
    for copy in copies:
        query = copy["shingles"][words]
        match = collection.match(position[copy["original"]], query) if len(query) else None
        values.setdefault(copy["scenario"], []).append(match.containment if match else 0.0)
    return {s: [round(float(np.percentile(v, 5)), 3), round(float(np.percentile(v, 50)), 3)]
            for s, v in values.items()}


def format_report(result: dict) -> str:
    idx = result["index"]
    lines = [
        f"Collection: {result['indexed']} real originals indexed, {result['held_out']} held out "
        f"({result['same_topic_held_out']} of them same-topic as an indexed page of another site); "
        f"{result['originals_copied']} originals copied under {len(SCENARIOS)} scenarios ({result['copies']} copies). "
        f"Rule: containment >= {result['copy_min_containment']} and >= {result['copy_min_shared']} shared "
        f"{result['shingle_words']}-word shingles, and >= {result['copy_min_paragraph_share']:.0%} of the "
        f"page's paragraphs found.",
        "",
        "| edit | recall | containment p5 / median |",
        "|---|---|---|",
    ]
    for scenario, recall in idx["recall"].items():
        p5, p50 = idx["containment_percentiles"][scenario]
        lines.append(f"| {scenario} | {recall:.3f} | {p5:.2f} / {p50:.2f} |")
    lines += [
        "",
        f"precision {idx['precision']:.4f}; false positives {idx['false_positives']} of {idx['negatives']} held-out "
        f"originals ({idx['same_topic_false_positives']} of {idx['same_topic_negatives']} same-topic); "
        f"copies attributed to a wrong original: {idx['wrong_original']}; {idx['queries_per_second']:.0f} queries/s",
    ]
    for fp in idx["false_positive_pages"]:
        lines.append(f"  false positive: {fp['page']} -> {fp['copied_from']}" + (" (same topic)" if fp["same_topic"] else ""))
    if "methods" in result:
        scenarios = list(SCENARIOS)
        short = ["verbatim", "headline", "half", "lead 3", "dropped", "spin 5", "spin 10", "spin 15", "spin 20", "spin 30"]
        lines += ["", "| candidate step | " + " | ".join(short) + " | precision | FP | queries/s | build s |",
                  "|---|" + "---|" * (len(short) + 4)]
        rows = [("sampled inverted index (shipped)", idx, None)] + [(n, m, m["build_seconds"]) for n, m in result["methods"].items()]
        for name, m, build in rows:
            lines.append(f"| {name} | " + " | ".join(f"{m['recall'][s]:.2f}" for s in scenarios) +
                         f" | {m['precision']:.3f} | {m['false_positives']} | {m['queries_per_second']:.0f} | "
                         f"{'' if build is None else build} |")
        lines += ["", "| shingle words | " + " | ".join(short) + " | precision | FP (same-topic) |",
                  "|---|" + "---|" * (len(short) + 2)]
        for words, m in result["shingle_sizes"].items():
            lines.append(f"| {words} | " + " | ".join(f"{m['recall'][s]:.2f}" for s in scenarios) +
                         f" | {m['precision']:.3f} | {m['false_positives']} ({m['same_topic_false_positives']}) |")
    lines.append(f"\n({result['seconds']:.0f} s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m classifier.provenance.measure", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=300, help="originals to copy (each under every scenario)")
    parser.add_argument("--compare", action="store_true", help="also measure other candidate steps and shingle sizes")
    parser.add_argument("--jobs", type=int, default=1, help="processes for reading the corpus")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N corpus pages (quick runs)")
    parser.add_argument("--json-out", type=Path, default=None)
    args = parser.parse_args(argv)
    if not (args.corpus / "index.csv").exists():
        print(f"no corpus at {args.corpus} (index.csv missing): nothing to measure", file=sys.stderr)
        return 1
    result = run(args.corpus, seed=args.seed, n_copies=args.copies, compare=args.compare, jobs=args.jobs,
                 limit=args.limit)
    print(format_report(result))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
