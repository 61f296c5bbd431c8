"""The text a provenance index compares: article paragraphs, normalised and shingled.

What farms change, and what each step here does about it
--------------------------------------------------------
* **Templates and boilerplate** around the article: only the article body is
  used (``ParsedPage.paragraphs``: long, link-poor blocks outside headline
  lists), so sidebars, menus, breadcrumbs and "Related" lists never count.
* **Headline rewritten** (a farm often retitles a verbatim body): the title and
  the headline are left out of the compared text, and so is any paragraph that
  only repeats them.
* **Bylines, captions, "Posted/Updated" lines dropped**: they are left out on
  both sides (``ParsedPage.bylines``/``captions`` and short labelled date lines).
  What is left out of the copy but kept in the original costs nothing anyway,
  because the score is the *containment* of the copy in the original.
* **Whitespace, quotes, dashes, case, Unicode forms**: text is NFKC-folded and
  case-folded, and tokens are runs of letters and digits, so ``“Korea’s”`` and
  ``"KOREA'S"`` give the same tokens and punctuation never matters.
* **Paragraphs dropped or reordered**: shingles (runs of ``SHINGLE_WORDS``
  tokens) never cross a paragraph boundary, so the shingle set of a paragraph
  is the same wherever the paragraph sits, and a copy that drops paragraphs is
  still contained in its original.
* **Synonym spinning** replaces words, and each replaced word breaks the
  ``SHINGLE_WORDS`` shingles that hold it: at a spin rate ``r`` about
  ``(1 - r) ** SHINGLE_WORDS`` of the shingles survive. Shorter shingles survive
  spinning better but let unrelated articles on the same topic share more
  phrases; ``make eval-provenance`` measures the trade-off (see the README).

Scripts written without spaces (Chinese, Japanese, Thai, Burmese) are split
into one token per character, and their shingles are ``UNSPACED_SHINGLE_CHARS``
characters long.

Shingles are hashed to 32-bit integers (blake2b of each token, combined
polynomially), deterministic across processes and machines; two documents of
a thousand shingles share a spurious 32-bit hash about once in four thousand
comparisons, far below the overlaps that count as copying.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np

#: Tokens in a shingle. Measured on simulated copies of corpus pages with 3-
#: to 6-word shingles (README, "Provenance"; ``make eval-provenance``): every
#: size found the edited copies alike and flagged the same few held-out pages
#: (all real reuse or shared boilerplate), so the size is set by spinning: a
#: copy with 15% of its words spun keeps about 60% of its 3-word shingles but
#: only 40% of its 5-word ones, and 3 words found 89% of such copies where 5
#: found 4%. Same-topic articles by different sites share a median 4% of their
#: 3-word shingles (1% of 5-word ones), far below the copy threshold.
SHINGLE_WORDS = 3
#: Characters in a shingle for scripts without spaces: about as much text as
#: ``SHINGLE_WORDS`` words of English (a Chinese word is 1-2 characters).
UNSPACED_SHINGLE_CHARS = 8
#: A paragraph with fewer tokens than a shingle still gives one shingle (the
#: whole paragraph) from this many tokens on; shorter blocks are furniture.
MIN_PARAGRAPH_TOKENS = 4
#: Labelled date lines ("Posted January 16, 2024 5:40 am.", "Date:2025-04-26")
#: are page furniture, not story text; longer lines are prose that happens to
#: start with such a word.
DATE_LINE_MAX_CHARS = 80

_UNSPACED = "\u0E00-\u0E7F\u1000-\u109F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W_{_UNSPACED}]+", re.U)
_IS_UNSPACED = re.compile(rf"[{_UNSPACED}]")
_DATE_LINE = re.compile(
    r"^\s*(?:posted|published|updated|last updated|date|datum|veröffentlicht|aktualisiert|stand|publié|mis à jour|"
    r"publicado|actualizado|pubblicato|aggiornato|gepubliceerd|日期|时间|发布时间)\b\s*(?:on|at|am|le|el|il)?\s*[:：]?",
    re.I,
)
#: Multiplier of the polynomial that folds token hashes into a shingle hash
#: (an odd 64-bit constant, the golden-ratio one used by splitmix64).
_FOLD = np.uint64(0x9E3779B97F4A7C15)


def normalise(text: str) -> str:
    """NFKC and case folding: full-width letters, ligatures, curly quotes and
    letter case stop mattering. Punctuation is dropped later by tokenising."""
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str) -> list[str]:
    """Letter-and-digit runs of the normalised text; one token per character
    in scripts without spaces. Apostrophes, quotes and dashes separate tokens,
    so "Korea’s", "Korea's" and "korea s" agree."""
    return _TOKEN.findall(normalise(text))


def _hash_tokens(words: list[str]) -> np.ndarray:
    """64-bit hashes of ``words`` (each distinct word hashed once)."""
    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(w, len(vocab)) for w in words]
    digests = b"".join(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest() for w in vocab)
    return np.frombuffer(digests, dtype="<u8")[np.asarray(ids, dtype=np.intp)] if ids else np.empty(0, np.uint64)


def _fold(hashes: np.ndarray, size: int) -> np.ndarray:
    """Hashes of every run of ``size`` consecutive token hashes, as uint32."""
    size = min(size, len(hashes))
    count = len(hashes) - size + 1
    folded = np.zeros(count, dtype=np.uint64)
    for j in range(size):  # wrapping uint64 arithmetic is the intended mod 2**64
        folded = folded * _FOLD + hashes[j:j + count]
    return (folded >> np.uint64(32)).astype(np.uint32)


def _shingle_size(toks: list[str], words: int, unspaced_chars: int) -> int:
    if not _IS_UNSPACED.search("".join(toks[:64])):
        return words
    unspaced = sum(1 for t in toks if len(t) == 1 and _IS_UNSPACED.match(t))
    return unspaced_chars if unspaced * 2 > len(toks) else words


def paragraph_shingles(paragraph: str, words: int = SHINGLE_WORDS,
                       unspaced_chars: int = UNSPACED_SHINGLE_CHARS) -> np.ndarray:
    """32-bit hashes of the shingles of one paragraph (not deduplicated)."""
    return shingle_set([paragraph], words, unspaced_chars)


def paragraph_sets(paragraphs: list[str], words: int = SHINGLE_WORDS,
                   unspaced_chars: int = UNSPACED_SHINGLE_CHARS) -> list[np.ndarray]:
    """Sorted unique shingle hashes (uint32) of each paragraph long enough to
    have any (shorter ones are left out of the list)."""
    per_paragraph = [t for t in (tokens(p) for p in paragraphs) if len(t) >= MIN_PARAGRAPH_TOKENS]
    if not per_paragraph:
        return []
    hashes = _hash_tokens([t for toks in per_paragraph for t in toks])
    parts, start = [], 0
    for toks in per_paragraph:
        end = start + len(toks)
        parts.append(np.unique(_fold(hashes[start:end], _shingle_size(toks, words, unspaced_chars))))
        start = end
    return parts


def shingle_set(paragraphs: list[str], words: int = SHINGLE_WORDS,
                unspaced_chars: int = UNSPACED_SHINGLE_CHARS) -> np.ndarray:
    """Sorted unique shingle hashes (uint32) of a list of paragraphs; no
    shingle crosses a paragraph boundary."""
    parts = paragraph_sets(paragraphs, words, unspaced_chars)
    return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.uint32)


def article_paragraphs(parsed) -> list[str]:
    """The story text of a parsed page, without the parts farms change or drop:
    paragraphs that are the title or headline (or contained in them), bylines,
    captions and labelled date lines."""
    furniture = {normalise(x) for x in (*parsed.bylines, *parsed.captions)}
    headings = [normalise(x) for x in (parsed.title, parsed.h1) if x]
    out = []
    for paragraph in parsed.paragraphs:
        folded = normalise(paragraph)
        if folded in furniture or any(folded in h for h in headings):
            continue
        if len(paragraph) <= DATE_LINE_MAX_CHARS and _DATE_LINE.match(paragraph):
            continue
        out.append(paragraph)
    return out


# --- sites ----------------------------------------------------------------

#: Second-level labels under which registries hand out names (``bbc.co.uk``,
#: ``abc.net.au``): the registered domain then has three labels. A short list
#: rather than the full Public Suffix List (which would be a new dependency);
#: it covers the country domains of the corpus. Unknown ones err towards
#: calling two sites one (``x.co.zz`` and ``y.co.zz`` both become ``co.zz``),
#: which only ever hides a cross-site match, never invents one.
SECOND_LEVEL_SUFFIXES = frozenset((
    "co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "gouv", "mil", "nic", "ltd", "plc",
    "sch", "nhs", "police", "asn", "id", "web", "info", "biz", "nom", "int", "res", "ind", "gen",
))


#: Hosts under which every subdomain is somebody else's site (a private
#: suffix in the Public Suffix List's terms): ``a.wordpress.com`` and
#: ``b.wordpress.com`` are two blogs, not one site.
SHARED_HOSTING_SUFFIXES = frozenset((
    "wordpress.com", "blogspot.com", "blogspot.de", "blogspot.co.uk", "blogspot.fr", "blogspot.com.es",
    "github.io", "gitlab.io", "substack.com", "tumblr.com", "wixsite.com", "weebly.com", "livejournal.com",
    "over-blog.com", "typepad.com", "squarespace.com", "netlify.app", "vercel.app", "pages.dev", "home.blog",
    "jimdofree.com", "jimdo.com", "webnode.page", "ttblogs.com", "medium.com", "blogger.com",
))
#: Web-archive addresses that carry the archived page's own URL; the archived
#: page belongs to that site, not to the archive.
_WAYBACK = re.compile(r"^https?://(?:web\.)?archive\.org/web/[^/]+/(.+)$", re.I)


def unwrap_archive_url(url: str) -> str:
    """``https://web.archive.org/web/2019/http://x.de/a`` -> ``http://x.de/a``."""
    match = _WAYBACK.match(url or "")
    if not match:
        return url
    inner = match.group(1)
    return inner if "://" in inner else "http://" + inner


def registered_domain(url_or_host: str) -> str:
    """The name a site registered: ``www.x.com``, ``m.x.com`` and ``x.com`` all
    give ``x.com``; ``news.bbc.co.uk`` gives ``bbc.co.uk``; a blog on a shared
    host keeps its own name (``a.wordpress.com``); an archived copy
    (``web.archive.org/web/.../x.com/...``) belongs to ``x.com``. Empty when
    unknown."""
    host = unwrap_archive_url(url_or_host)
    if "/" in host or ":" in host:
        try:
            host = urlsplit(host if "//" in host else "//" + host).hostname or ""
        except ValueError:
            return ""
    host = host.strip(".").lower()
    if not host or re.fullmatch(r"[\d.]+", host):
        return host
    labels = host.split(".")
    for size in (3, 2):
        if len(labels) > size and ".".join(labels[-size:]) in SHARED_HOSTING_SUFFIXES:
            return ".".join(labels[-size - 1:])
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


# --- publication dates ----------------------------------------------------

#: Publication-date ``<meta>`` keys, most specific first (modified dates are
#: not publication dates and are left out).
PUBLISHED_META_KEYS = ("article:published_time", "datepublished", "og:published_time", "publish-date",
                       "pubdate", "parsely-pub-date", "sailthru.date", "dc.date", "dcterms.date", "date")
#: Lines searched for a visible "Posted/Published/Date:" label: the date line
#: of an article sits near its top.
DATE_LABEL_LINES = 80
_PUBLISHED_LABEL = re.compile(
    r"^\s*(?:posted|published|first published|date|datum|veröffentlicht|erschienen|publié|publicado|pubblicato|"
    r"gepubliceerd|日期|时间|发布时间)\b(?:\s*(?:on|am|le|el|il|at))?\s*[:：]?\s*(.{6,60})$",
    re.I,
)


def published_date(parsed) -> dt.date | None:
    """The page's publication date: a publication ``<meta>`` date, then a
    machine-readable ``<time datetime>``, then a visible "Posted / Published /
    Date:" line. None when the page shows none."""
    from ..features.dates_bylines import first_date

    for key in PUBLISHED_META_KEYS:
        value = parsed.meta.get(key, "")
        found = first_date(value[:40]) if value else None
        if found is not None:
            return found
    for value in parsed.time_values:
        found = first_date(value[:40])
        if found is not None:
            return found
    for line in parsed.lines[:DATE_LABEL_LINES]:
        match = _PUBLISHED_LABEL.match(line)
        if match:
            found = first_date(match.group(1))
            if found is not None:
                return found
    return None


def parse_date(value: str) -> dt.date | None:
    """A date given explicitly (``2024-01-16``, ``2024-01-16T05:40:00Z``,
    ``January 16, 2024`` ...), or None."""
    from ..features.dates_bylines import first_date

    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return first_date(value)


@dataclass
class DocumentText:
    """What the index keeps of one page."""

    url: str
    domain: str
    site: str
    published: dt.date | None
    title: str
    shingles: np.ndarray
    #: Each paragraph's own shingles (queries use them; the index does not store them).
    paragraph_shingles: list = field(default_factory=list)


def document_text(parsed, *, url: str = "", published: dt.date | None = None,
                  words: int = SHINGLE_WORDS, unspaced_chars: int = UNSPACED_SHINGLE_CHARS) -> DocumentText:
    """The comparable text of a parsed page, with its address and date."""
    address = url or parsed.canonical_url or parsed.url or parsed.page.input
    site_url = unwrap_archive_url(address)
    domain = (urlsplit(site_url).hostname or "") if "://" in site_url else ""
    if site_url.startswith("file:"):
        domain = ""
    parts = paragraph_sets(article_paragraphs(parsed), words, unspaced_chars)
    return DocumentText(url=address, domain=domain.lower(), site=registered_domain(domain) if domain else "",
                        published=published if published is not None else published_date(parsed),
                        title=parsed.h1 or parsed.title,
                        shingles=np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.uint32),
                        paragraph_shingles=parts)
