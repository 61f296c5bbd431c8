"""Provenance of scored pages: which original a page copies, and whether it is older.

:func:`annotate` is pure given an opened index (it reads the index, writes
nothing): pages in, one row of provenance columns per page out, in order.
:func:`attribute` is the decision itself, on one page's shingles and the
index's matches.

Columns
-------
``copied_from``
    URL of the original the page copies: a document on **another site** whose
    text contains at least ``COPY_MIN_CONTAINMENT`` of the page's text, at
    least ``COPY_MIN_SHARED`` shingles, and at least ``COPY_MIN_PARAGRAPH_SHARE``
    of its paragraphs. When several do (a wire story held by
    several outlets), the earliest published among those within
    ``EARLIEST_MARGIN`` of the best containment. Empty when none.
``copy_containment``
    Share (0-1) of the page's text found in that original; when there is no
    copy, the largest share found on another site (so a page with 30% of its
    text from elsewhere shows 0.3 and no ``copied_from``).
``original_published``
    The original's publication date (ISO), empty when unknown.
``published_earlier_elsewhere``
    True when the original was published at least ``MIN_DAYS_EARLIER`` day
    before the page's own date; False when not; empty (None) when either date
    is unknown or there is no copy.
``same_site_match``
    URL of the best match on the **same site** as the page (same registered
    domain: ``www.x.com``, ``m.x.com`` and ``x.com`` are one site). A site's
    own syndication, print and web editions, or the page itself being in the
    index are not evidence of farming, so such matches never become
    ``copied_from``; they are reported here for information.
``provenance_reason``
    Plain words, e.g. "92% of the text appears in apnews.com/article/… published
    15 months earlier". ``contentfarm score --index`` puts it first among the
    reasons of a page with a ``copied_from``.

Pages whose site is unknown (plain text without a URL) cannot be same-site,
so every match counts as another site.

Why these are score columns and not model features: a feature extractor must be
a pure function of the page (no files), and the shipped model's feature-set
version must not depend on whether an index was given. The columns carry the
evidence beside the model's probability instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Iterable
from urllib.parse import urlsplit

from ..pages import Page
from ..parse import ParsedPage
from .index import Match, ProvenanceIndex
from .text import DocumentText, document_text, parse_date

#: Share of a page's shingles that must appear in one original for the page to
#: count as its copy. Chosen on simulated copies of corpus pages (README,
#: "Provenance"): copies with the edits a farm makes keep 0.6-0.95 of their
#: shingles in the original (5th percentile to median), copies with one word
#: in ten spun 0.57-0.68; nine in ten held-out originals of other sites share
#: under 0.07 with their best match, and those over 0.5 are real reuse (a
#: press statement, agency copy) or shared boilerplate.
COPY_MIN_CONTAINMENT = 0.5
#: Shingles a copy must share with its original: a short page that shares one
#: stock paragraph (a comment-form notice, a newsletter blurb) is not a copy.
#: 40 shingles are about 45 words of running text.
COPY_MIN_SHARED = 40
#: Share of the page's paragraphs that must be found in the original (see
#: ``index.PARAGRAPH_FOUND_SHARE``). A copy is made of the original's
#: paragraphs; a short article whose one long boilerplate paragraph (a news
#: network's comment policy, a cookie-consent plugin's text) also sits on
#: another site can pass the containment test on that paragraph alone, but
#: not this one.
COPY_MIN_PARAGRAPH_SHARE = 0.5
#: Among originals within this containment of the best one, the earliest
#: published is named: the first publisher, not a later licensed reprint.
EARLIEST_MARGIN = 0.1
#: Whole days by which the original must precede the page to count as earlier
#: (same-day republication is syndication timing, not evidence).
MIN_DAYS_EARLIER = 1
#: Longest URL shown in a reason before it is cut with an ellipsis.
REASON_URL_CHARS = 48

PROVENANCE_COLUMNS = ["copied_from", "copy_containment", "original_published", "published_earlier_elsewhere",
                      "same_site_match", "provenance_reason"]


@dataclass
class Provenance:
    copied_from: str = ""
    copy_containment: float = 0.0
    original_published: str = ""
    published_earlier_elsewhere: bool | None = None
    same_site_match: str = ""
    provenance_reason: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def short_url(url: str, limit: int = REASON_URL_CHARS) -> str:
    """``https://www.apnews.com/article/abc`` -> ``apnews.com/article/abc``, cut at ``limit``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is not None and parts.hostname:
        host = parts.hostname[4:] if parts.hostname.startswith("www.") else parts.hostname
        text = host + (parts.path if parts.path not in ("", "/") else "")
    elif parts is not None and parts.scheme == "file":
        text = parts.path.rstrip("/").rsplit("/", 1)[-1] or url  # a local file: its name says enough
    else:
        text = url
    return text if len(text) <= limit else text[:limit - 1] + "…"


def describe_gap(days: int) -> str:
    """'3 days', '5 weeks', '15 months', '2 years'."""
    days = abs(days)
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{round(days / 7)} weeks"
    if days < 730:
        return f"{round(days / 30.44)} months"
    years = days / 365.25
    return f"{years:.0f} years" if years >= 3 else f"{years:.1f} years"


def _same_site(page: DocumentText, match: Match) -> bool:
    if page.url and match.url == page.url:
        return True
    return bool(page.site) and match.site == page.site


def attribute(page: DocumentText, matches: list[Match], page_published: dt.date | None = None) -> Provenance:
    """The provenance of one page given its matches in the index (see the module docstring)."""
    out = Provenance()
    same = [m for m in matches if _same_site(page, m)]
    other = [m for m in matches if not _same_site(page, m)]
    if same:
        out.same_site_match = same[0].url
    if not other:
        return out
    best = max(m.containment for m in other)
    out.copy_containment = round(best, 3)
    copies = [m for m in other if m.containment >= COPY_MIN_CONTAINMENT and m.shared >= COPY_MIN_SHARED
              and m.paragraph_share >= COPY_MIN_PARAGRAPH_SHARE]
    if not copies:
        return out
    top = max(m.containment for m in copies)
    close = [m for m in copies if m.containment >= top - EARLIEST_MARGIN]
    chosen = min(close, key=lambda m: (m.published is None, m.published or dt.date.max, -m.containment, m.doc_id))
    out.copied_from = chosen.url
    out.copy_containment = round(chosen.containment, 3)
    out.original_published = chosen.published.isoformat() if chosen.published else ""
    share = f"{chosen.containment:.0%} of the text appears in {short_url(chosen.url)}"
    if chosen.published and page_published:
        gap = (page_published - chosen.published).days
        out.published_earlier_elsewhere = gap >= MIN_DAYS_EARLIER
        if gap >= MIN_DAYS_EARLIER:
            out.provenance_reason = f"{share} published {describe_gap(gap)} earlier"
        elif gap <= -MIN_DAYS_EARLIER:
            out.provenance_reason = f"{share} published {describe_gap(gap)} later"
        else:
            out.provenance_reason = f"{share} published the same day"
    elif chosen.published:
        out.provenance_reason = f"{share} published {chosen.published.isoformat()}"
    else:
        out.provenance_reason = share
    return out


def page_date(parsed: ParsedPage, document: DocumentText) -> dt.date | None:
    """The page's own date: the one it shows, else when it was fetched."""
    if document.published is not None:
        return document.published
    return parse_date(parsed.page.fetched_at or "")


def annotate_one(index: ProvenanceIndex, page: Page | ParsedPage) -> Provenance:
    parsed = page if isinstance(page, ParsedPage) else ParsedPage(page)
    if not parsed.page.ok:
        return Provenance()
    document = document_text(parsed, words=index.shingle_words, unspaced_chars=index.unspaced_chars)
    matches = index.query(document.shingles, paragraphs=document.paragraph_shingles)
    return attribute(document, matches, page_date(parsed, document))


def annotate(index: ProvenanceIndex, pages: Iterable[Page | ParsedPage]) -> list[dict]:
    """One dict of :data:`PROVENANCE_COLUMNS` per page, in order. Unreadable
    pages get empty columns."""
    return [annotate_one(index, page).as_dict() for page in pages]
