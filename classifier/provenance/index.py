"""A near-duplicate index of originals, on disk, that answers containment queries.

How a query works
-----------------
Every indexed document keeps its whole shingle set (sorted 32-bit hashes, see
:mod:`.text`). A fixed, content-defined sample of the shingles — those whose
hash is 0 modulo :data:`SAMPLE_EVERY` (Broder's MOD-m sketch, the "0 mod p"
fingerprints of Schleimer et al.'s winnowing) — goes into an inverted index:
one sorted array of sampled hashes with the document each came from.

A query takes the same sample of its own shingles, looks each up
(``searchsorted``), and counts hits per document. Because the sample is chosen
by the hash alone, a shingle the query shares with a document is sampled on
both sides or on neither, so the hit count estimates the shared shingles for
documents of any size: a three-paragraph copy of a long article scores as well
as a full copy. The :data:`MAX_CANDIDATES` documents with the most hits (at
least :data:`MIN_SAMPLE_HITS`) are then checked exactly: ``copy_containment`` is
``|query ∩ document| / |query|`` over the full shingle sets, the share of the
page's text that appears in the document.

Why not MinHash LSH or SimHash
------------------------------
All three were measured on the same simulated copies of real corpus pages and
at scale (README, "Provenance"; ``make eval-provenance`` and ``make
bench-index`` reproduce the figures). MinHash LSH (datasketch ``MinHashLSH``)
finds documents by *Jaccard* similarity, which is low when a farm keeps only
the top of a long article: at a Jaccard threshold of 0.1 it found 78% of
three-paragraph copies, where the sampled index found 95% (every copy the
containment rule accepts). datasketch's ``MinHashLSHEnsemble`` answers
containment (93%), but cannot be appended to and, like ``MinHashLSH``, keeps
its hash tables in Python dictionaries: at 20,000 documents they grew memory
by 0.4 GB and 1.7 GB and took 13 and 56 seconds to unpickle. SimHash
fingerprints whole documents, so the farm's own text around a verbatim copy
already moves it (34% of verbatim copies within Hamming distance 3) and
trimmed copies drift out of reach (8-15% within distance 10). The sampled
inverted index answers containment directly, is two numpy arrays
(memory-mapped, so it loads in a millisecond), and appending is a merge.

On disk
-------
An index is a folder:

``manifest.json``  format, parameters, counts; written last, atomically
``docs.jsonl``     one line per document: url, domain, site, published, title, shingles
``docs.offsets``   byte offset of each line of docs.jsonl (uint64)
``shingles.u32``   every document's sorted shingle set, one after the other
``ends.u64``       where each document's shingles end in shingles.u32
``sample-N.keys``  sorted sampled shingle hashes (uint32; N: documents when written)
``sample-N.docs``  the document of each sampled hash (uint32)

Appending writes new documents at the end of the first four files, writes
the merged sample arrays to new ``sample-N`` files and then the manifest,
which names them. A reader trusts only what the manifest counts and names, so
an append that dies half way leaves a readable index with the old documents. A lock file keeps two writers
apart.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ..atomic import atomic_write_bytes
from .text import SHINGLE_WORDS, UNSPACED_SHINGLE_CHARS, DocumentText

FORMAT = "contentfarm-provenance-index"
FORMAT_VERSION = 1

#: One shingle in this many goes into the inverted index. A copy sharing ``s``
#: shingles with its original is expected to hit ``s / SAMPLE_EVERY`` sampled
#: ones and needs ``MIN_SAMPLE_HITS`` (2): a copy sharing 50 shingles (about
#: 50 words) misses that 1 time in 100, one sharing 100 shingles 1 in 40,000.
#: On the corpus the sampled index found every copy that checking all
#: documents found (README, "Provenance"). A larger value shrinks the index
#: and speeds queries, a smaller one finds shorter copies. A power of two, so
#: the test is a bit mask.
SAMPLE_EVERY = 8
#: Documents checked exactly per query (those with the most sampled hits):
#: enough for a wire story held by several outlets in the index.
MAX_CANDIDATES = 16
#: Sampled hits a document needs to be checked at all: one shared sampled
#: shingle is often a common phrase ("the end of the year").
MIN_SAMPLE_HITS = 2
#: A sampled shingle held by more documents than this is a stock phrase ("one
#: of the", a cookie notice) and is not used to find candidates: its hits say
#: nothing about which document a page copies, and its long list of documents
#: would slow every query. It still counts in the exact containment check.
STOP_SHINGLE_DOCS = 2000
#: A query paragraph is found in a document when at least this share of its
#: shingles are there: a paragraph copied with one word in five spun keeps
#: about half of its 3-word shingles; an unrelated paragraph shares a few
#: stock phrases, well under a tenth.
PARAGRAPH_FOUND_SHARE = 0.3

_FILES = ("manifest.json", "docs.jsonl", "docs.offsets", "shingles.u32", "ends.u64", "sample.keys", "sample.docs")


def _sample_files(manifest: dict) -> tuple[str, str]:
    """The sample arrays the manifest names (appends write new ones; the
    manifest's rename is the commit point)."""
    return manifest.get("sample_keys", "sample.keys"), manifest.get("sample_docs", "sample.docs")


class ProvenanceIndexError(Exception):
    """An index folder that cannot be read or written."""


@dataclass
class Match:
    """One indexed document that shares text with a query."""

    doc_id: int
    url: str
    domain: str
    site: str
    published: dt.date | None
    title: str
    containment: float   # share of the query's shingles found in this document
    shared: int          # shingles in common
    coverage: float      # share of this document's shingles found in the query
    paragraph_share: float = 1.0  # share of the query's paragraphs found in this document (1 when not given)


def found_in(values: np.ndarray, other: np.ndarray) -> np.ndarray:
    """For each of ``values``, whether it is in ``other`` (sorted): a binary
    search each, cheaper than ``np.isin`` for the small arrays of a query."""
    if not len(other) or not len(values):
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(other, values)
    pos[pos == len(other)] = 0
    return other[pos] == values


def paragraph_share(paragraphs: list[np.ndarray], other: np.ndarray) -> float:
    """Share of ``paragraphs`` (each a shingle array) with at least
    PARAGRAPH_FOUND_SHARE of their shingles in ``other`` (sorted); 1.0 when
    none are given."""
    paragraphs = [p for p in paragraphs if len(p)]
    if not paragraphs:
        return 1.0
    sizes = np.array([len(p) for p in paragraphs])
    hits = found_in(np.concatenate(paragraphs), other)
    per_paragraph = np.add.reduceat(hits.astype(np.int64), np.concatenate(([0], np.cumsum(sizes)[:-1])))
    return float(np.count_nonzero(per_paragraph >= PARAGRAPH_FOUND_SHARE * sizes)) / len(paragraphs)


def _date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _read_array(path: Path, dtype, count: int) -> np.ndarray:
    if count == 0 or not path.exists():
        return np.empty(0, dtype=dtype)
    # A plain ndarray view of the map: slicing a memmap object costs a Python call each.
    return np.asarray(np.memmap(path, dtype=dtype, mode="r", shape=(count,)))


class ProvenanceIndex:
    """An index of originals in a folder. Open with :meth:`open` or
    :meth:`create`; add with :meth:`add`; query with :meth:`query`."""

    def __init__(self, path: Path, manifest: dict):
        self.path = Path(path)
        self.manifest = manifest
        self._load()

    # --- opening ------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike, *, shingle_words: int = SHINGLE_WORDS,
               unspaced_chars: int = UNSPACED_SHINGLE_CHARS, sample_every: int = SAMPLE_EVERY,
               force: bool = False) -> "ProvenanceIndex":
        """A new, empty index at ``path`` (a folder). Refuses to replace an
        existing index unless ``force``."""
        path = Path(path)
        if (path / "manifest.json").exists() and not force:
            raise ProvenanceIndexError(f"{path} already holds an index; add to it, or pass force to replace it")
        if sample_every < 1 or sample_every & (sample_every - 1):
            raise ProvenanceIndexError(f"sample_every must be a power of two, not {sample_every}")
        if path.exists() and not path.is_dir():
            raise ProvenanceIndexError(f"{path} is a file, not an index folder")
        path.mkdir(parents=True, exist_ok=True)
        for name in [*_FILES, *(p.name for p in path.glob("sample-*"))]:
            (path / name).unlink(missing_ok=True)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "params": {"shingle_words": shingle_words, "unspaced_shingle_chars": unspaced_chars,
                       "sample_every": sample_every},
            "documents": 0, "shingles": 0, "sampled": 0, "docs_bytes": 0,
            "created": now, "updated": now,
        }
        atomic_write_bytes(path / "manifest.json", json.dumps(manifest, indent=2).encode())
        return cls(path, manifest)

    @classmethod
    def open(cls, path: str | os.PathLike) -> "ProvenanceIndex":
        path = Path(path)
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ProvenanceIndexError(f"no provenance index at {path} (build one with: contentfarm index build)") from None
        except (OSError, ValueError) as exc:
            raise ProvenanceIndexError(f"cannot read the index manifest in {path}: {exc}") from None
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise ProvenanceIndexError(f"{path} is not a provenance index of format version {FORMAT_VERSION}")
        return cls(path, manifest)

    def _load(self) -> None:
        m = self.manifest
        n = int(m["documents"])
        self.n_docs = n
        self.shingle_words = int(m["params"]["shingle_words"])
        self.unspaced_chars = int(m["params"]["unspaced_shingle_chars"])
        self.sample_every = int(m["params"]["sample_every"])
        try:
            self._ends = _read_array(self.path / "ends.u64", np.uint64, n)
            self._shingles = _read_array(self.path / "shingles.u32", np.uint32, int(m["shingles"]))
            self._offsets = _read_array(self.path / "docs.offsets", np.uint64, n)
            keys_file, docs_file = _sample_files(m)
            self._keys = _read_array(self.path / keys_file, np.uint32, int(m["sampled"]))
            self._owners = _read_array(self.path / docs_file, np.uint32, int(m["sampled"]))
        except (OSError, ValueError) as exc:
            raise ProvenanceIndexError(f"the index in {self.path} is damaged: {exc}") from None
        self._meta_cache: dict[int, dict] = {}

    def __len__(self) -> int:
        return self.n_docs

    # --- reading ------------------------------------------------------------

    def shingles_of(self, doc_id: int) -> np.ndarray:
        start = int(self._ends[doc_id - 1]) if doc_id else 0
        return self._shingles[start:int(self._ends[doc_id])]

    def meta(self, doc_id: int) -> dict:
        """The stored line of one document (url, domain, site, published, title)."""
        cached = self._meta_cache.get(doc_id)
        if cached is None:
            start = int(self._offsets[doc_id])
            end = int(self._offsets[doc_id + 1]) if doc_id + 1 < self.n_docs else int(self.manifest["docs_bytes"])
            with open(self.path / "docs.jsonl", "rb") as stream:
                stream.seek(start)
                cached = json.loads(stream.read(end - start))
            self._meta_cache[doc_id] = cached
        return cached

    def iter_meta(self) -> Iterator[dict]:
        if not self.n_docs:
            return
        with open(self.path / "docs.jsonl", "rb") as stream:
            for _ in range(self.n_docs):
                yield json.loads(stream.readline())

    def sample(self, shingles: np.ndarray) -> np.ndarray:
        return shingles[(shingles & np.uint32(self.sample_every - 1)) == 0]

    def candidates(self, shingles: np.ndarray, max_candidates: int = MAX_CANDIDATES) -> list[int]:
        """Documents sharing at least MIN_SAMPLE_HITS sampled shingles with the
        query, most hits first."""
        if not self.n_docs or not len(self._keys):
            return []
        sampled = self.sample(np.asarray(shingles, dtype=np.uint32))
        if not len(sampled):
            return []
        lo = np.searchsorted(self._keys, sampled, "left")
        hi = np.searchsorted(self._keys, sampled, "right")
        spans = [(a, b) for a, b in zip(lo.tolist(), hi.tolist()) if 0 < b - a <= STOP_SHINGLE_DOCS]
        if not spans:
            return []
        owners = np.concatenate([self._owners[a:b] for a, b in spans])
        owners = owners[owners < self.n_docs]  # postings of an append that never finished
        docs, hits = np.unique(owners, return_counts=True)
        keep = hits >= MIN_SAMPLE_HITS
        docs, hits = docs[keep], hits[keep]
        order = np.lexsort((docs, -hits))[:max_candidates]
        return [int(d) for d in docs[order]]

    def query(self, shingles: np.ndarray, max_candidates: int = MAX_CANDIDATES,
              paragraphs: list[np.ndarray] | None = None) -> list[Match]:
        """Indexed documents that share text with a query shingle set, highest
        containment first (ties: more shingles shared, then lower id). With the
        query's ``paragraphs`` (shingle arrays), each match also says which
        share of them it holds."""
        shingles = np.asarray(shingles, dtype=np.uint32)
        if not len(shingles):
            return []
        out = []
        for doc_id in self.candidates(shingles, max_candidates):
            other = np.asarray(self.shingles_of(doc_id))
            shared = int(np.count_nonzero(found_in(shingles, other)))
            if not shared:
                continue
            meta = self.meta(doc_id)
            published = meta.get("published") or ""
            out.append(Match(doc_id=doc_id, url=meta["url"], domain=meta.get("domain", ""),
                             site=meta.get("site", ""),
                             published=dt.date.fromisoformat(published) if published else None,
                             title=meta.get("title", ""), containment=shared / len(shingles), shared=shared,
                             coverage=shared / max(1, len(other)),
                             paragraph_share=paragraph_share(paragraphs or [], other)))
        out.sort(key=lambda m: (-m.containment, -m.shared, m.doc_id))
        return out

    # --- writing ------------------------------------------------------------

    @contextmanager
    def _locked(self):
        with open(self.path / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ProvenanceIndexError(f"another process is writing to the index in {self.path}") from None
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def known_urls(self) -> set[str]:
        return {meta["url"] for meta in self.iter_meta()}

    def add(self, documents: Iterable[DocumentText], *, skip_known: bool = True) -> dict:
        """Append documents. Documents whose URL is already indexed (or repeats
        within the batch) and documents without text are skipped. Returns counts
        {"added", "skipped_known", "skipped_empty"}."""
        with self._locked():
            # Re-read the manifest: another writer may have appended since we opened.
            fresh = ProvenanceIndex.open(self.path)
            self.manifest = fresh.manifest
            self._load()
            seen = self.known_urls() if skip_known else set()
            counts = {"added": 0, "skipped_known": 0, "skipped_empty": 0}
            m = self.manifest
            docs_bytes, n_shingles, n_docs = int(m["docs_bytes"]), int(m["shingles"]), int(m["documents"])
            lines, offsets, ends, parts, sampled_keys, sampled_docs = [], [], [], [], [], []
            for doc in documents:
                if not len(doc.shingles):
                    counts["skipped_empty"] += 1
                    continue
                if skip_known and doc.url in seen:
                    counts["skipped_known"] += 1
                    continue
                seen.add(doc.url)
                shingles = np.asarray(doc.shingles, dtype=np.uint32)
                line = (json.dumps({"url": doc.url, "domain": doc.domain, "site": doc.site,
                                    "published": _date_text(doc.published), "title": doc.title[:300],
                                    "shingles": int(len(shingles))}, ensure_ascii=False) + "\n").encode("utf-8")
                offsets.append(docs_bytes)
                docs_bytes += len(line)
                lines.append(line)
                n_shingles += len(shingles)
                ends.append(n_shingles)
                parts.append(shingles)
                sample = self.sample(shingles)
                sampled_keys.append(sample)
                sampled_docs.append(np.full(len(sample), n_docs, dtype=np.uint32))
                n_docs += 1
                counts["added"] += 1
            if not counts["added"]:
                return counts
            # Bytes beyond the manifest's counts are leftovers of a failed append.
            for name, size in (("docs.jsonl", int(m["docs_bytes"])), ("docs.offsets", 8 * int(m["documents"])),
                               ("shingles.u32", 4 * int(m["shingles"])), ("ends.u64", 8 * int(m["documents"]))):
                with open(self.path / name, "ab") as stream:
                    stream.truncate(size)
            with open(self.path / "docs.jsonl", "ab") as stream:
                stream.write(b"".join(lines))
            with open(self.path / "docs.offsets", "ab") as stream:
                stream.write(np.asarray(offsets, dtype="<u8").tobytes())
            with open(self.path / "shingles.u32", "ab") as stream:
                for part in parts:
                    stream.write(part.astype("<u4").tobytes())
            with open(self.path / "ends.u64", "ab") as stream:
                stream.write(np.asarray(ends, dtype="<u8").tobytes())
            keys = np.concatenate([np.asarray(self._keys), *sampled_keys])
            owners = np.concatenate([np.asarray(self._owners), *sampled_docs])
            order = np.argsort(keys, kind="stable")
            keys, owners = keys[order], owners[order]
            self._keys = self._owners = None  # release the maps before replacing their files
            # The merged samples go to new files that the manifest names: until
            # the manifest is replaced, readers (and a crash) keep the old pair.
            old_samples = _sample_files(m)
            new_samples = (f"sample-{n_docs}.keys", f"sample-{n_docs}.docs")
            for stray in self.path.glob("sample-*"):  # left by an append that died before its manifest
                if stray.name not in old_samples:
                    stray.unlink(missing_ok=True)
            atomic_write_bytes(self.path / new_samples[0], keys.astype("<u4").tobytes())
            atomic_write_bytes(self.path / new_samples[1], owners.astype("<u4").tobytes())
            m.update(documents=n_docs, shingles=n_shingles, sampled=int(len(keys)), docs_bytes=docs_bytes,
                     sample_keys=new_samples[0], sample_docs=new_samples[1],
                     updated=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
            atomic_write_bytes(self.path / "manifest.json", json.dumps(m, indent=2).encode())
            for name in set(old_samples) - set(new_samples):
                (self.path / name).unlink(missing_ok=True)
            self._load()
            return counts

    # --- describing ---------------------------------------------------------

    def disk_bytes(self) -> int:
        names = set(_FILES) | set(_sample_files(self.manifest))
        return sum((self.path / name).stat().st_size for name in names if (self.path / name).exists())

    def info(self) -> dict:
        """Size and make-up of the index."""
        sites, dated, first, last = set(), 0, None, None
        for meta in self.iter_meta():
            if meta.get("site"):
                sites.add(meta["site"])
            if meta.get("published"):
                dated += 1
                first = min(first or meta["published"], meta["published"])
                last = max(last or meta["published"], meta["published"])
        m = self.manifest
        return {
            "path": str(self.path), "documents": self.n_docs, "sites": len(sites),
            "shingles": int(m["shingles"]), "sampled_shingles": int(m["sampled"]),
            "mean_shingles_per_document": round(int(m["shingles"]) / self.n_docs, 1) if self.n_docs else 0.0,
            "with_publication_date": dated, "published_from": first or "", "published_to": last or "",
            "disk_bytes": self.disk_bytes(), "params": m["params"], "created": m["created"], "updated": m["updated"],
        }
