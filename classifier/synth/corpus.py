"""The corpus as the simulator sees it: entries from ``index.csv`` and the
articles the project's own parser reads from them.

Pages are read in place (never copied) and kept gzipped in memory; each is
decoded and parsed when first needed. The article of a page is what
:class:`~classifier.parse.ParsedPage` finds: its headline (``h1``, else the
title without the site name), its body ``paragraphs``, bylines, captions and
machine-readable dates. Iteration order is the order of ``index.csv``, so every
run over the same corpus visits pages in the same order.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..pages import Page, decode_body
from ..parse import ParsedPage, domain_of, normalise_space, word_count
from .shell import container_paragraphs

#: A page can give its article to a farm or republication when it has at least
#: this many body paragraphs: a one-paragraph page (a gallery, a video page, a
#: link list) copied into a shell reads as a stub, not as a copied story.
MIN_SOURCE_PARAGRAPHS = 3
#: ... and at least this many words of body text (a short news item is ~150).
MIN_SOURCE_WORDS = 120
#: Copies keep at most this many paragraphs: real copies of long pages are cut,
#: and it bounds the size of a generated page (the corpus median is ~12).
MAX_BODY_PARAGRAPHS = 40
#: A headline has this many words at least (shorter h1s are logos or section names).
HEADLINE_MIN_WORDS = 3
#: ... and at most this many characters (longer "h1"s are whole teasers).
HEADLINE_MAX_CHARS = 200
#: Bylines longer than this are paragraphs that happen to start with "By".
BYLINE_MAX_CHARS = 80

#: Title separators between a headline and a site name ("Story | Site").
_TITLE_SEPARATOR = re.compile(r"\s+[|–—·:»-]{1,2}\s+|\s+::\s+")
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?")
#: A news-agency dateline at the start of a paragraph: "MOSCOW (AP) —", "BERLIN (dpa) -".
WIRE_DATELINE = re.compile(
    r"^\s*(?:[A-ZÀ-Þ][\w.'’ -]{1,60}?,?\s+(?:[A-Z][a-z]{2,4}\.?\s+\d{1,2}\s+)?)?"
    r"\((AP|Reuters|AFP|dpa|APA|SDA|KNA|epd|Bloomberg|CNN|UPI|EFE|ANSA|Xinhua)(?:/[\w-]+)?\)\s*[-–—:]",
)
#: Agency names as credited in a byline or footer.
WIRE_NAMES = {"AP": "The Associated Press", "Reuters": "Reuters", "AFP": "AFP", "dpa": "dpa", "APA": "APA",
              "SDA": "SDA", "KNA": "KNA", "epd": "epd", "Bloomberg": "Bloomberg", "CNN": "CNN", "UPI": "UPI",
              "EFE": "EFE", "ANSA": "ANSA", "Xinhua": "Xinhua"}
#: A short closing line that credits an agency or the outlet ("The Associated
#: Press", "© dpa", "Copyright 2020 ... All rights reserved", "... contributed
#: to this report"): copies strip it, licensed republications keep it.
CREDIT_LINE = re.compile(
    r"associated press|\breuters\b|\bdpa\b|\bafp\b|contributed to this report|all rights reserved|"
    r"^\s*(?:©|copyright\b)|reporting by|editing by|mitarbeit:|\(\w+/\w+\)\s*$",
    re.I,
)
CREDIT_LINE_MAX_CHARS = 200
#: Host names that wrap another site's page (the real site is in the path).
_ARCHIVE = re.compile(r"^https?://(?:web\.)?archive\.org/web/[^/]+/(https?://.+)$", re.I)
#: Files named after their site in the corpus ("100noticias.com-millones").
_HOST_IN_NAME = re.compile(r"^((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[-_]|$)", re.I)
_SITE_PREFIX = re.compile(r"^(?:www\d*|m|amp|mobile)\.")


def site_of(domain: str) -> str:
    """The site a host belongs to, for grouping: lower case, without ``www.``/``m.``."""
    return _SITE_PREFIX.sub("", (domain or "").strip().lower())


def lang_key(lang: str) -> str:
    """Primary language subtag (``de-CH`` -> ``de``); empty when unknown."""
    return (lang or "").strip().lower().replace("_", "-").split("-")[0]


@dataclass
class CorpusEntry:
    """One row of ``index.csv`` with its page bytes (gzipped, as on disk)."""

    id: str
    path: Path
    url: str
    domain: str
    lang: str
    note: str
    raw: bytes = field(repr=False, default=b"")
    known_date: dt.date | None = None  # from the ground-truth files beside the pages

    @property
    def site(self) -> str:
        return site_of(self.domain)

    def body(self) -> bytes:
        return gzip.decompress(self.raw) if self.path.name.endswith(".gz") else self.raw

    def html(self) -> str:
        return decode_body(self.body(), None, "html")

    def parsed(self) -> ParsedPage:
        """A fresh parse of the page (not kept: parsed trees are large)."""
        return ParsedPage(Page(input=str(self.path), url=self.page_url, body=self.body(), kind="html"))

    @cached_property
    def article(self) -> "Article":
        return Article.from_parsed(self, self.parsed())

    @cached_property
    def identity(self) -> tuple[str, str, str, str]:
        """(headline, title, site name, language) without reading the body,
        unless the article is already known or the index gives no language
        (then the article's guess is the language, whichever is asked first)."""
        if "article" in self.__dict__ or not lang_key(self.lang):
            a = self.article
            return a.headline, a.title, a.site_name, a.lang
        page = self.parsed()
        return headline_of(page), page.title, page.site_name, lang_key(self.lang)

    @property
    def page_url(self) -> str:
        return self.url if self.url.startswith(("http://", "https://")) else ""


@dataclass
class Article:
    """What the parser reads as the story of a corpus page."""

    id: str
    domain: str
    lang: str
    url: str
    headline: str
    title: str
    paragraphs: list[str]
    bylines: list[str]
    captions: list[str]
    site_name: str
    breadcrumbs: list[str]
    published: dt.datetime | None
    #: The story's date when the page has no machine-readable one: the corpus's
    #: ground truth beside the pages, else the latest date the story mentions.
    estimated: dt.datetime | None = None
    wire: str = ""  # agency key of a dateline ("AP"), empty when none
    credits: list[str] = field(default_factory=list)  # closing credit lines found in the body

    @property
    def usable(self) -> bool:
        """Whether the page has a story worth copying (see MIN_SOURCE_*)."""
        return (bool(self.headline) and len(self.paragraphs) >= MIN_SOURCE_PARAGRAPHS
                and sum(word_count(p) for p in self.paragraphs) >= MIN_SOURCE_WORDS)

    @property
    def date(self) -> dt.datetime | None:
        """The best known publication date: machine-readable, else estimated."""
        return self.published or self.estimated

    @property
    def story_paragraphs(self) -> list[str]:
        """The body without its closing credit lines (what a farm keeps)."""
        return [p for p in self.paragraphs if p not in self.credits]

    @property
    def outlet(self) -> str:
        """A name for the outlet: og:site_name, else the title's site segment, else the domain."""
        if self.site_name:
            return self.site_name
        segments = [s.strip() for s in _TITLE_SEPARATOR.split(self.title) if s.strip()]
        if len(segments) > 1 and segments[-1] != self.headline and len(segments[-1].split()) <= 5:
            return segments[-1]
        return site_of(self.domain) or "the original publisher"

    @property
    def byline(self) -> str:
        """The first readable byline: a visible 'By ...' line, else a meta author that is a name."""
        for line in self.bylines:
            if len(line) <= BYLINE_MAX_CHARS and not line.startswith(("http", "www.")) and "@" not in line:
                return line
        return ""

    @classmethod
    def from_parsed(cls, entry: CorpusEntry, page: ParsedPage) -> "Article":
        paragraphs = _dedupe(page.paragraphs)
        # Keep the story: the parser's paragraphs that sit in the article
        # container (not the comments or author bio below it), when enough do.
        inside = container_paragraphs(page.source)
        if inside:
            story = [p for p in paragraphs if p in inside]
            if len(story) >= MIN_SOURCE_PARAGRAPHS:
                paragraphs = story
        paragraphs = paragraphs[:MAX_BODY_PARAGRAPHS]
        wire = ""
        for paragraph in paragraphs[:3]:
            match = WIRE_DATELINE.match(paragraph)
            if match:
                wire = match.group(1)
                break
        tail = paragraphs[-3:]
        credits = [p for p in tail if len(p) <= CREDIT_LINE_MAX_CHARS and CREDIT_LINE.search(p)]
        lang = lang_key(entry.lang) or guess_lang(" ".join(paragraphs[:6]))
        return cls(id=entry.id, domain=entry.domain, lang=lang, url=entry.page_url,
                   headline=headline_of(page), title=page.title, paragraphs=paragraphs,
                   bylines=[normalise_space(b) for b in page.bylines], captions=page.captions[:3],
                   site_name=page.site_name, breadcrumbs=page.breadcrumbs[:2],
                   published=first_date(page.time_values), estimated=estimate_date(entry, paragraphs),
                   wire=wire, credits=credits)


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def headline_of(page: ParsedPage) -> str:
    """The story's headline: the ``h1`` when it reads like one, else the
    longest segment of the title (the part that is not the site name)."""
    # ParsedPage.h1 reads the tree as it stands: until a text view has run, an
    # h1 still holds its <style>/<script> text. Reading ``images`` first (it
    # strips invisible tags) makes the headline the same whatever ran before.
    page.images  # noqa: B018
    h1 = page.h1
    if HEADLINE_MIN_WORDS <= word_count(h1) and len(h1) <= HEADLINE_MAX_CHARS:
        return h1
    segments = [s.strip() for s in _TITLE_SEPARATOR.split(page.title or "") if s.strip()]
    best = max(segments, key=len, default="")
    if word_count(best) >= HEADLINE_MIN_WORDS and len(best) <= HEADLINE_MAX_CHARS:
        return best
    return ""


def first_date(values: list[str]) -> dt.datetime | None:
    for value in values:
        match = _ISO_DATE.search(value)
        if not match:
            continue
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        hour = int(match.group(4)) if match.group(4) else 0
        minute = int(match.group(5)) if match.group(5) else 0
        try:
            return dt.datetime(year, month, day, hour, minute)
        except ValueError:
            continue
    return None


#: Function words that identify a language from a few paragraphs; the index
#: leaves ``lang`` empty for about one page in ten.
_LANG_WORDS = {
    "en": frozenset("the and of to in is that for with was on are as by at from have has this be it not".split()),
    "de": frozenset("der die und das ist nicht mit den von zu sich des auf für im dem ein eine auch es wird".split()),
    "fr": frozenset("le la les et des est une pour dans que qui sur pas du au avec par il ce sont".split()),
    "es": frozenset("el la los las y de que en un una es por con para del se no su al como".split()),
    "it": frozenset("il di che la per non una sono della con gli del nel alla anche è si più".split()),
    "pt": frozenset("o a os de que em um uma para com não do da dos das no na se por mais".split()),
    "nl": frozenset("de het een en van is dat op te in niet met zijn voor er ook maar als".split()),
}
#: A guess needs this many function words of one language.
LANG_GUESS_MIN_HITS = 8
_WORDS = re.compile(r"[^\W\d_]+", re.U)


def guess_lang(text: str) -> str:
    """The language with the most function words in ``text`` (empty when unsure)."""
    words = _WORDS.findall(text.lower())[:600]
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _LANG_WORDS.items()}
    lang, hits = max(sorted(scores.items()), key=lambda item: item[1])
    return lang if hits >= LANG_GUESS_MIN_HITS else ""


#: The hour given to a date known only as a day (news goes out in the morning).
ESTIMATED_HOUR = 9
#: Dates mentioned in a story later than this are announcements, not its date.
LATEST_PLAUSIBLE_YEAR = 2024


def estimate_date(entry: "CorpusEntry", paragraphs: list[str]) -> dt.datetime | None:
    """The ground-truth date of the page, else the latest date its story names."""
    if entry.known_date is not None:
        return dt.datetime.combine(entry.known_date, dt.time(ESTIMATED_HOUR))
    from ..features.dates_bylines import parse_dates

    dates = [d for d in parse_dates("\n".join(paragraphs)) if d.year <= LATEST_PLAUSIBLE_YEAR]
    return dt.datetime.combine(max(dates), dt.time(ESTIMATED_HOUR)) if dates else None


def ground_truth_dates(folder: Path) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """(by url, by file stem) publication dates from the files beside the
    pages: htmldate's ``dates*.json`` and newspaper4k's ``metadata/*.json``."""
    by_url: dict[str, dt.date] = {}
    by_stem: dict[str, dt.date] = {}

    def day(value) -> dt.date | None:
        match = _ISO_DATE.search(str(value or ""))
        if not match:
            return None
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None

    for name in ("htmldate/dates.json", "htmldate/dates_trafilatura_files.json"):
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for url, value in sorted(data.items()):
            date = day(value.get("date")) if isinstance(value, dict) else None
            if date is not None:
                by_url.setdefault(url, date)
                by_stem.setdefault(str(value.get("file", "")).removesuffix(".html"), date)
    for path in sorted((folder / "newspaper4k" / "metadata").glob("*.json")):
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        date = day(meta.get("date") or meta.get("publish_date")) if isinstance(meta, dict) else None
        if date is not None:
            by_stem.setdefault(path.stem, date)
    return by_url, by_stem


def resolve_domain(row: dict) -> str:
    """The site a corpus row was published on: the index's domain, the host
    inside an archive.org address, or the host the file is named after."""
    url = row.get("url", "") or ""
    archived = _ARCHIVE.match(url)
    if archived:
        return domain_of(archived.group(1))
    if row.get("domain") and row["domain"] not in ("web.archive.org", "archive.org"):
        return row["domain"].lower()
    if url.startswith(("http://", "https://")):
        return domain_of(url)
    name = Path(row.get("id", "")).name
    match = _HOST_IN_NAME.match(name)
    if match:
        return match.group(1).lower()
    # Unknown site: a stable placeholder so the page still forms its own group.
    return f"unknown-{hashlib.sha256(row.get('id', '').encode()).hexdigest()[:10]}.invalid"


class Corpus:
    """The corpus folder, its entries in ``index.csv`` order. Load once and
    pass to :func:`classifier.synth.synthesize` to reuse across runs."""

    def __init__(self, folder: Path, entries: list[CorpusEntry]):
        self.folder = folder
        self.entries = entries
        self.by_id = {entry.id: entry for entry in entries}

    @classmethod
    def load(cls, folder: str | Path) -> "Corpus":
        folder = Path(folder).resolve()
        index = folder / "index.csv"
        if not index.exists():
            raise FileNotFoundError(f"{index} does not exist: not a corpus folder")
        by_url, by_stem = ground_truth_dates(folder)
        entries = []
        with open(index, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                path = folder / row["path"]
                try:
                    raw = path.read_bytes()
                except OSError:
                    continue
                stem = path.name.removesuffix(".gz").removesuffix(".html")
                entries.append(CorpusEntry(id=row["id"], path=path, url=row.get("url", ""),
                                           domain=resolve_domain(row), lang=lang_key(row.get("lang", "")),
                                           note=row.get("note", ""), raw=raw,
                                           known_date=by_url.get(row.get("url", "")) or by_stem.get(stem)))
        return cls(folder, entries)
