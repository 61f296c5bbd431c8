"""Generate a labelled training set from the corpus: the use case behind
:func:`classifier.synth.synthesize`.

For each corpus page (in ``index.csv`` order, the first ``limit`` of them):

1. a ``real_original`` row pointing at the page in the corpus (read in place);
2. ``farm_per_source`` farm copies: its story grafted into the shell of a page
   from another site, rendered by a farm style (styles are dealt out in
   turn, so their counts stay balanced);
3. ``republications_per_source`` licensed republications: the same grafting,
   done the way a licensed outlet does it.

Every page is drawn from its own generator, seeded by (seed, kind, article,
copy number), and its shell is the first eligible page in a seeded order of
candidates, so a page does not depend on which other pages were made: the
same seed gives byte-identical files, also with ``limit`` or several workers.
Shells come from the article's site bucket (:mod:`classifier.synth.splits`),
in the article's language when the bucket has one.
"""

from __future__ import annotations

import gzip
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from .corpus import Corpus, CorpusEntry
from .pools import Headline, HeadlinePool
from .republication import republish
from .shell import graft
from .splits import site_bucket
from .styles import FarmStyle, ShellInfo, StyleContext, get_styles

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("path", "label", "kind", "style", "source_id", "shell_id", "source_domain", "shell_domain", "url",
                    "lang", "site_bucket")
#: Share of pages whose shell is in the article's language (when the bucket
#: has one); the rest take any shell, as multilingual networks do.
SAME_LANG_SHELL_SHARE = 0.9
#: Candidate shells tried per page before giving up (about one corpus page in
#: six has no article container; ten misses in a row are rare).
MAX_SHELL_TRIES = 12
#: gzip level of the written pages: on generated pages level 3 compresses
#: within 10% of the default (6) in 60% of its time; output is stable per level.
GZIP_LEVEL = 3


@dataclass
class Job:
    index: int
    entry_id: str
    kind: str  # farm_copy | republication
    style: str  # farm style name or "republication"
    copy: int


def safe_name(entry_id: str) -> str:
    return entry_id.replace("/", "_").replace("\\", "_")


class Synthesizer:
    """Holds the corpus, the headline pool and the styles for one run."""

    def __init__(self, corpus: Corpus, seed: int, styles: list[FarmStyle]):
        self.corpus = corpus
        self.seed = seed
        self.styles = {style.name: style for style in styles}
        self.clusters = {name: style.make_clusters(random.Random(f"{seed}|sites|{name}"))
                         for name, style in self.styles.items()}
        self.bad_shells: set[str] = set()
        self.buckets: dict[int, list[CorpusEntry]] = defaultdict(list)
        for entry in corpus.entries:
            self.buckets[site_bucket(entry.domain, seed)].append(entry)
        self._pool: HeadlinePool | None = None

    @property
    def pool(self) -> HeadlinePool:
        if self._pool is None:
            headlines = []
            for entry in self.corpus.entries:
                headline, _, _, lang = entry.identity
                if headline:
                    headlines.append(Headline(headline, lang, entry.id, entry.site))
            self._pool = HeadlinePool(headlines)
        return self._pool

    def shell_candidates(self, rng: random.Random, source: CorpusEntry) -> list[CorpusEntry]:
        bucket = self.buckets[site_bucket(source.domain, self.seed)]
        others = [e for e in bucket if e.site != source.site and e.id != source.id]
        lang = source.article.lang
        same = [e for e in others if e.identity[3] == lang] if lang else []
        pool = same if same and rng.random() < SAME_LANG_SHELL_SHARE else others
        return rng.sample(pool, min(len(pool), MAX_SHELL_TRIES))

    def render(self, job: Job) -> tuple[str, CorpusEntry, str] | None:
        """(html, shell entry, url) of one grafted page, or None when no shell fits."""
        source = self.corpus.by_id[job.entry_id]
        article = source.article
        key = f"{self.seed}|{job.kind}|{job.style}|{job.entry_id}|{job.copy}"
        for shell in self.shell_candidates(random.Random(f"{key}|shells"), source):
            if shell.id in self.bad_shells:
                continue
            headline, title, site_name, _ = shell.identity
            info = ShellInfo(id=shell.id, domain=shell.domain, site_name=site_name, title=title, headline=headline)
            rng = random.Random(key)
            style = self.styles.get(job.style)
            ctx = StyleContext(rng=rng, article=article, pool=self.pool, shell=info,
                               clusters=self.clusters.get(job.style, []))
            g = style.render(ctx) if style is not None else republish(ctx)
            html = graft(shell.html(), g, rng, old_headline=headline, shell_domain=shell.domain)
            if html is None:
                self.bad_shells.add(shell.id)
                continue
            return html, shell, g.url
        return None


def _write(path: Path, html: str, compress: bool) -> None:
    data = html.encode("utf-8")
    if compress:
        data = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def plan_jobs(entries: list[CorpusEntry], style_names: list[str], seed: int, farm_per_source: int,
              republications_per_source: int) -> list[Job]:
    """The pages to make, in manifest order. Farm styles are dealt in
    shuffled rounds, so every style gets the same share of pages (up to one)."""
    jobs: list[Job] = []
    deck: list[str] = []
    deal_rng = random.Random(f"{seed}|styles")
    for index, entry in enumerate(entries):
        for copy in range(farm_per_source):
            if not deck:
                deck = list(style_names)
                deal_rng.shuffle(deck)
            jobs.append(Job(index, entry.id, "farm_copy", deck.pop(), copy))
        for copy in range(republications_per_source):
            jobs.append(Job(index, entry.id, "republication", "republication", copy))
    return jobs


def _run_jobs(synth: Synthesizer, jobs: list[Job], out_dir: Path, compress: bool,
              tick: Callable[[int], None] | None = None) -> list[dict | None]:
    rows: list[dict | None] = []
    suffix = ".html.gz" if compress else ".html"
    for job in jobs:
        source = synth.corpus.by_id[job.entry_id]
        row = None
        if source.article.usable:
            made = synth.render(job)
            if made is not None:
                html, shell, url = made
                folder = "republication" if job.kind == "republication" else f"farm/{job.style}"
                rel = f"{folder}/{safe_name(job.entry_id)}-{job.copy}{suffix}"
                target = out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                _write(target, html, compress)
                row = {"path": rel, "label": "farm" if job.kind == "farm_copy" else "original", "kind": job.kind,
                       "style": job.style, "source_id": job.entry_id, "shell_id": shell.id,
                       "source_domain": source.domain, "shell_domain": shell.domain, "url": url,
                       "lang": source.article.lang, "site_bucket": site_bucket(source.domain, synth.seed)}
        rows.append(row)
        if tick is not None:
            tick(1)
    return rows


# Worker processes inherit the synthesizer through fork (it holds the whole
# corpus in memory; pickling it per task would cost more than the work).
_WORKER_STATE: dict = {}


def _worker(args: tuple[list[Job], str, bool]) -> list[dict | None]:
    jobs, out_dir, compress = args
    return _run_jobs(_WORKER_STATE["synth"], jobs, Path(out_dir), compress)


def synthesize(corpus_dir, out_dir, *, seed: int = 0, farm_per_source: int = 1, republications_per_source: int = 1,
               styles=None, limit: int | None = None, compress: bool = True, workers: int = 1,
               progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Write farm copies, republications and a manifest of them plus the real
    originals; return the manifest (also written to ``out_dir/manifest.csv``).

    ``corpus_dir`` is the corpus folder (with ``index.csv``) or a loaded
    :class:`~classifier.synth.corpus.Corpus`. ``styles`` names the farm styles
    to use (default: all, see :func:`available_styles`); ``limit`` takes the
    first pages of the index as sources (shells and headlines still come from
    the whole corpus). ``progress`` is called with the number of pages done.
    Existing files in ``out_dir`` are overwritten, others left alone.
    """
    corpus = corpus_dir if isinstance(corpus_dir, Corpus) else Corpus.load(corpus_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chosen = get_styles(styles)
    if farm_per_source < 0 or republications_per_source < 0:
        raise ValueError("farm_per_source and republications_per_source must be >= 0")
    if farm_per_source and not chosen:
        raise ValueError("no farm style chosen")
    entries = corpus.entries if limit is None else corpus.entries[: max(0, limit)]
    synth = Synthesizer(corpus, seed, chosen)
    jobs = plan_jobs(entries, [s.name for s in chosen], seed, farm_per_source, republications_per_source)
    if workers <= 1:
        for entry in entries:
            entry.article  # noqa: B018 - the headline pool then reuses the parse
    synth.pool  # noqa: B018 - build once (before forking, so workers share it)
    if workers > 1 and len(jobs) > 1:
        rows = _run_parallel(synth, jobs, out, compress, workers, progress)
    else:
        rows = _run_jobs(synth, jobs, out, compress, progress)

    by_index: dict[int, list[dict]] = defaultdict(list)
    for job, row in zip(jobs, rows):
        if row is not None:
            by_index[job.index].append(row)
    records = []
    for index, entry in enumerate(entries):
        made = by_index.get(index, [])
        # Workers read the articles in their own processes: take the language from their rows.
        lang = made[0]["lang"] if made else entry.article.lang
        records.append({"path": str(entry.path), "label": "original", "kind": "real_original", "style": "real",
                        "source_id": entry.id, "shell_id": "", "source_domain": entry.domain, "shell_domain": "",
                        "url": entry.url if entry.url.startswith(("http://", "https://")) else "",
                        "lang": lang, "site_bucket": site_bucket(entry.domain, seed)})
        records.extend(made)
    manifest = pd.DataFrame.from_records(records, columns=list(MANIFEST_COLUMNS))
    manifest.to_csv(out / MANIFEST, index=False)
    return manifest


def _run_parallel(synth: Synthesizer, jobs: list[Job], out: Path, compress: bool, workers: int,
                  progress: Callable[[int], None] | None) -> list[dict | None]:
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: run in this process
        return _run_jobs(synth, jobs, out, compress, progress)
    chunk = max(1, min(64, len(jobs) // (workers * 4) or 1))
    chunks = [jobs[i:i + chunk] for i in range(0, len(jobs), chunk)]
    _WORKER_STATE["synth"] = synth
    rows: list[dict | None] = []
    try:
        with context.Pool(workers) as pool:
            for part in pool.imap(_worker, [(c, str(out), compress) for c in chunks]):
                rows.extend(part)
                if progress is not None:
                    progress(len(part))
    finally:
        _WORKER_STATE.clear()
    return rows
