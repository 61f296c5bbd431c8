"""Headline lists: are the lists of other stories around the article those of a real outlet?

Reads ``ParsedPage.link_lists`` (groups of headline-like links, or of short
lines in plain text, with the heading that introduces each) and measures:

* ``lists`` / ``headlines`` -- how many lists, and headline items in them (>= 0).
* ``farm_headings`` -- lists introduced by a bare, generic widget heading
  ("Related", "Ranking", "Recommendation", "Trending", "Hot", "You may like"),
  the headings of farm CMS templates (>= 0).
* ``unrelated_headlines`` / ``unrelated_share`` -- headlines that share almost
  none of their content words with the article (headline plus body): fewer than
  ``unrelated_max_overlap`` of a headline's content words are among the
  article's key terms. Count (>= 0) and share of the headlines that have
  content words, in [0, 1].
* ``best_list_unrelated_share`` -- the unrelated share of the *most* related
  list, in [0, 1]: a real outlet usually has at least one list on the story's
  topic, while every list of a farm is unrelated.
* ``peer_similarity`` -- how alike the headlines are: for each headline the
  best word-set overlap (Jaccard) with another headline of the page, averaged,
  in [0, 1]. Headlines picked for the story's topic or from one section share
  words; headlines scraped from everywhere do not.
* ``duplicated_headlines`` / ``duplicate_share`` -- distinct headlines that
  appear in two or more lists (>= 0), and their share of distinct headlines, in
  [0, 1]. Farm widgets draw from one small pool, so the same headline shows up
  under "Related" and under "Ranking".
* ``truncated_headlines`` -- headlines cut mid-phrase (>= 0): ending in an
  ellipsis or a dangling dash or comma, on an article, preposition or
  conjunction ("... for the"), or on a bare number right after an article or
  preposition ("Average rate on 30"), as left by scrapers that cut at a
  character limit.
  ``silently_truncated`` counts those without an ellipsis (>= 0): outlets
  that shorten teasers mark the cut with "…", scrapers usually do not.
* ``case_mix`` -- capitalisation styles side by side, in [0, 2/3]: the share of
  classified headlines that are not in the page's dominant style (Title Case,
  sentence case, ALL CAPS). An outlet's style guide keeps one style; a farm
  pastes headlines from many outlets as they were.
* ``other_year_headlines`` -- headlines that name a year more than
  ``year_tolerance`` years away from every year the article is dated with
  (``<time>``/meta dates, or a date line near the top) (>= 0); farms fill
  sidebars with stale stories from other years.
* ``unsorted_stamp_lists`` -- lists (>= 0) where most items (at least
  ``STAMPED_LIST_MIN_ITEMS`` and ``STAMPED_LIST_MIN_SHARE`` of them) are
  followed by a stamp line, a relative age ("3 hours ago", "vor 5 Stunden",
  "il y a 2 heures", "hace 4 horas") or a view count ("12.4K views", "8.431
  Aufrufe"), and the stamps are in no order: neither newest first nor oldest
  first, neither most viewed first nor least. Aggregator farms print invented
  ages and counts on every item of their "Trending" lists. Real outlets stamp
  lists too ("Latest" with "2 hours ago", "Meistgelesen" with read counts; 0.5%
  of corpus originals), but the stamp is the list's sort key, so the stamps
  run in order; one item out of place is forgiven (a pinned story, "vor 6
  Tagen" among "vor 1 Woche" on a related list). No corpus original or
  republication has an unordered stamped list.
* ``off_topic_related_lists`` -- lists (>= 0) under a heading that promises
  the story's topic ("Related", "Related posts", "Mehr zum Thema", "Verwandte
  Artikel", "Sur le même sujet", "Noticias relacionadas", "Correlati") whose
  headlines (at least ``RELATED_LIST_MIN_HEADLINES`` with content words)
  share no content word with the article's key terms nor with one another:
  a related-posts widget filled from a random pool, as scraper blogs and CMS
  farm templates show. A real outlet's related list shares the story's or at
  least one another's topic words; no corpus original has such a list, and
  0.17% of republications (a shell's list about its own former story).
  Recommendation boxes ("You may like", "Das könnte Sie auch interessieren")
  are left out: they are off topic on real sites too.

Why it separates farms from originals: both kinds of page carry lists of other
stories, so their mere presence says little. What differs is the lists'
quality: a farm's lists are unrelated to the story and to each other, repeat
items across widgets, contain truncated and stale headlines and mix styles,
while an original's "Related" or "Most read" lists are on topic or at least
same-outlet and consistently styled.

Degenerate pages: without lists every feature is 0. Without article text no
headline can be related to it, so every headline with content words counts as
unrelated. Without a known article date ``other_year_headlines`` is 0.
Relatedness, similarity, capitalisation and years are computed on at most
``max_headlines`` headlines (page order), which bounds the cost on home pages
made of hundreds of headlines; counts of lists, headlines, duplicates and
truncations use them all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import filterfalse
from operator import itemgetter
from typing import ClassVar

from ..parse import ParsedPage
from ._base import PageFeature, ratio
from .engagement_counters import LABELS, KIND_VIEW, RELATIVE_AGE, parse_count

# --- named constants -------------------------------------------------------

#: A headline is unrelated when less than this share of its content words are
#: key terms of the article (one shared word in five). Measured on the corpus:
#: headlines under "Related"/"Lesen Sie auch"-style headings of real outlets
#: have a median overlap of 0.29 and 38% fall below 0.2; headlines of all other
#: lists (site-wide "Latest", "Most read") have a median of 0 and 68% fall
#: below; the farm seed's sidebars have 92-96% below.
UNRELATED_MAX_OVERLAP = 0.2
#: Years of difference between a headline's year and the article's that still
#: count as the same time (a story dated January looks back at last year).
YEAR_TOLERANCE_YEARS = 1
#: Headlines compared for relatedness, similarity and style. Article pages have
#: 5-60 headlines in lists; home pages can have hundreds, and pairwise
#: similarity is quadratic, so the cost per page is bounded here.
MAX_HEADLINES_COMPARED = 60
#: Body words seen at least this often are key terms of the article (title words
#: always are). A single mention is often incidental; repeated ones are the topic.
KEY_TERM_MIN_COUNT = 2
#: Below this many content words the body is too short for repeats to mean
#: anything, and every body word is a key term.
KEY_TERM_MIN_BODY_WORDS = 120
#: Content words are cut to this many characters: a crude stemmer that works
#: across the corpus languages ("Korea"/"Korean", "Russia"/"Russian").
STEM_CHARS = 5
#: Content words have at least this many letters (shorter ones are mostly
#: function words or abbreviations in every corpus language).
MIN_WORD_CHARS = 3
#: Capitalisation is judged on words of at least this many letters (so short
#: function words, lower case in Title Case too, do not count) ...
CASE_MIN_WORD_CHARS = 4
#: ... and only on headlines with at least this many such words.
CASE_MIN_WORDS = 3
#: Title Case: at least this share of the judged words start upper case.
TITLE_CASE_MIN_SHARE = 0.8
#: Sentence case: at most this share do (proper nouns, German nouns).
SENTENCE_CASE_MAX_SHARE = 0.5
#: Styles are only compared when at least this many headlines were classified.
CASE_MIN_HEADLINES = 4
#: Date lines (e.g. "Date:2025-04-26", "Posted January 16, 2024") are looked
#: for in this many first lines of the page, where datelines sit.
DATE_LINES_SCANNED = 30
#: Quoted headlines in evidence are cut to this many characters.
EVIDENCE_CHARS = 60
#: An off-topic related list has at least this many headlines with content
#: words (scraper blogs' related-posts widgets show three to six).
RELATED_LIST_MIN_HEADLINES = 3
#: A stamped list has at least this many items followed by a stamp line ...
STAMPED_LIST_MIN_ITEMS = 4
#: ... and they are at least this share of its items: a list where a few
#: items carry "2 hours ago" is a mixed block, not a stamped list.
STAMPED_LIST_MIN_SHARE = 0.6
#: A stamp line ("3 hours ago", "12.4K views", "vor 5 Stunden · 3.456
#: Aufrufe") is at most this long; longer lines are teasers or headlines.
STAMP_MAX_CHARS = 40

#: Function words of the corpus languages, left out of content words.
STOP_WORDS = frozenset("""
the and for with from that this into over after about than then they them their there what when where which who
why how are was were been has have had not but you your our its his her she him will would can could may might
more most new says said just also out off all any one two per via amid now here these those does did get got
der die das den dem des und oder für von mit bei nach aus auf ein eine einer eines einem einen ist sind war wird
werden nicht auch sich wie was wer zum zur vom beim über unter gegen durch ohne noch nur schon ich du wir ihr
mein meine dein deine sein seine ihre unser unsere jetzt hier dann wenn aber weil dass doch sehr kann muss soll
sie ihm ihn ihnen ihrem ihren ihrer diese dieser dieses diesem diesen man uns euch hat haben hatte wurde wurden
können alle alles kein keine immer wieder als bis nun damit denn
les des une pour par sur avec dans est sont pas plus qui que aux ces son ses mais sans sous vers chez cette
leur leurs nous vous ils elles tout tous être elle lui ont était sera fait comme aussi très bien dont quand
los las del una para por con como más sus que ante bajo según contra desde entre hacia hasta sobre tras este
esta estos estas pero sin muy hay ser fue nos ese esa eso esto ella ellos son está están han todo todos otra
otro cuando donde
""".split())
#: Words a complete headline does not end on: articles, prepositions and
#: conjunctions. German separable verb particles (an, auf, aus, mit, vor, zu)
#: are left out on purpose, English "an" with them: "Bahn kündigt Streik an"
#: is complete.
TRUNCATION_TAIL_WORDS = frozenset("""
a the of on in to for with at by from and or but as into than its their his her your our my
der die das den dem des und oder für von im am zum zur beim
le la les de du des et ou pour sur avec dans un une au aux
el los las del y para con en por
""".split())
#: Words after which a closing bare number means the headline was cut inside a
#: compound ("Average rate on 30" from "... on 30-year mortgages"). Narrower
#: than the list above on purpose: "dies at 19", "rises to 5", "part 2 of 3"
#: and "wins by 3" are complete headlines.
NUMBER_TAIL_WORDS = frozenset("""
a an the on for and or with from der die das den dem des und le la les du des el los las
""".split())
#: Generic widget headings of farm templates (whole heading, any case).
FARM_HEADING = re.compile(
    r"^\W*(?:related|rankings?|recommend(?:ed|ation|ations)?|trending(?: now)?|hot(?: news| list| topics)?|"
    r"popular|you (?:may|might) (?:also )?like|guess you like|猜你喜欢|相关\w*|推荐\w*|热门\w*|排行\w*|热点\w*)\W*$",
    re.I,
)

#: Headings that promise lists on the story's topic (not recommendation boxes).
RELATED_HEADING = re.compile(
    r"^\W*(?:related(?: news| articles?| stories| story| posts?| content| topics)?|"
    r"verwandte (?:artikel|beiträge|themen)|ähnliche (?:artikel|beiträge)|mehr zum thema|zum thema|"
    r"articles? (?:similaires|connexes|liés)|sur le même sujet|dans la même rubrique|"
    r"(?:noticias|artículos|notas) relacionad[oa]s|relacionad[oa]s|articoli correlati|correlati|"
    r"(?:notícias|matérias) relacionadas|相关\w*)\W*$",
    re.I,
)

_LETTERS = re.compile(r"[^\W\d_]+", re.U)
#: Letter runs long enough to be content words (MIN_WORD_CHARS), found by the
#: regex itself so no Python loop has to test their length.
_CONTENT_LETTERS = re.compile(r"[^\W\d_]{%d,}" % MIN_WORD_CHARS, re.U)
_STEM = itemgetter(slice(None, STEM_CHARS))
_UNSPACED = re.compile(r"[\u0E00-\u0E7F\u1000-\u109F\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]")
_WORDS_WITH_PUNCT = re.compile(r"\S+")
_YEAR = re.compile(r"(?<![\d$€£.,:/-])((?:19|20)\d{2})(?![\d%]|,\d)")
_MONTH = (r"(?:jan|feb|f[ée]v|m[aä]r|apr|avr|abr|ma[iy]|jun|juin|jul|juil|aug|ao[uû]|ago|sep|set|o[ck]t|ott|nov|"
          r"d[eé][cz]|dic|ene|gen|giu|lug)\w*\.?")
_DATE = re.compile(
    r"\b((?:19|20)\d{2})[-/.](?:0?[1-9]|1[0-2])[-/.](?:[0-3]?\d)\b"          # 2025-04-26
    r"|\b(?:[0-3]?\d)[./](?:0?[1-9]|1[0-2])[./]((?:19|20)\d{2})\b"          # 26.04.2025
    rf"|\b{_MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b"      # January 16, 2024
    rf"|\b[0-3]?\d\.?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?((?:19|20)\d{{2}})\b",  # 16. Januar 2024
    re.I,
)
_ISO_YEAR = re.compile(r"^\s*((?:19|20)\d{2})")
_TRUNCATED_END = re.compile(r"(?:…|\.\.\.|[-–,;:(])\s*$")
_NUMBER = re.compile(r"^\d{1,3}$")
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.)\s*$")
#: A view count stamp: "12.4K views", "8,431 reads", "3.456 Aufrufe", "Views: 12"
#: (the Latin-script view labels of engagement_counters).
_VIEW_LABELS = "|".join(sorted((re.escape(label) for label in LABELS[KIND_VIEW] if label.isascii() or
                                label.isalpha() and ord(label[0]) < 0x2E80), key=len, reverse=True))
_COUNT = r"(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d{1,9}(?:[.,]\d)?)[ \t]?([km]|mio\.?)?(?![\w.,])"
_COUNT_IN = re.compile(_COUNT, re.IGNORECASE)
_VIEW_STAMP = rf"{_COUNT}[ \t]*(?:{_VIEW_LABELS})|(?:{_VIEW_LABELS})[ \t]*:?[ \t]*{_COUNT}"
_ONE_STAMP = rf"(?:{RELATIVE_AGE.pattern}|{_VIEW_STAMP})"
#: A whole stamp line: one or two stamps (age and views), between bullets or dashes.
_STAMP_LINE = re.compile(rf"[^\w\n]{{0,3}}{_ONE_STAMP}(?:[ \t]*[·•|,/-][ \t]*{_ONE_STAMP})?[^\w\n]{{0,3}}",
                         re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_AGE_PARTS = re.compile(r"(\d{1,3})\s*([^\W\d_]+)")
#: Minutes per unit of a relative age, by the unit's first letters (longest first).
_AGE_UNITS = sorted({
    "sec": 1 / 60, "seg": 1 / 60, "sek": 1 / 60, "min": 1, "m": 1,
    "h": 60, "hr": 60, "hour": 60, "heure": 60, "hora": 60, "ora": 60, "ore": 60, "stund": 60, "std": 60,
    "d": 1440, "day": 1440, "tag": 1440, "jour": 1440, "día": 1440, "dia": 1440, "giorn": 1440,
    "w": 10080, "wk": 10080, "week": 10080, "woch": 10080, "semain": 10080, "seman": 10080, "settiman": 10080,
    "mo": 43200, "month": 43200, "monat": 43200, "mois": 43200, "mes": 43200,
    "y": 525600, "yr": 525600, "year": 525600, "jahr": 525600, "an": 525600, "año": 525600, "ano": 525600,
}.items(), key=lambda kv: -len(kv[0]))


# --- text helpers ------------------------------------------------------------

def _terms(text: str) -> list[str]:
    """Stemmed content words of ``text`` in order, with repeats; runs of an
    unspaced script (CJK, Thai) give their character bigrams instead."""
    if not _UNSPACED.search(text):  # the common case, in C: no per-token Python code
        return list(map(_STEM, filterfalse(STOP_WORDS.__contains__, _CONTENT_LETTERS.findall(text.lower()))))
    tokens = _LETTERS.findall(text.lower())
    out = []
    for token in tokens:
        if _UNSPACED.search(token):
            out.extend(token[i:i + 2] for i in range(max(1, len(token) - 1)))
        elif len(token) >= MIN_WORD_CHARS and token not in STOP_WORDS:
            out.append(token[:STEM_CHARS])
    return out


def content_words(text: str) -> set[str]:
    """Stemmed content words of ``text``; unspaced scripts give character bigrams."""
    return set(_terms(text))


def key_terms(page: ParsedPage) -> set[str]:
    """Words that say what the article is about: headline words and repeated body words.

    The on-page headline (h1) is preferred to ``<title>``, which carries the site
    name and, on farms, a breadcrumb ("Current:Home > Markets...").
    """
    counts = Counter(_terms(page.main_text))
    if sum(counts.values()) < KEY_TERM_MIN_BODY_WORDS:
        terms = set(counts)
    else:
        terms = {word for word, n in counts.items() if n >= KEY_TERM_MIN_COUNT}
    return terms | content_words(page.h1 or page.title)


def normalise_headline(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .…")


def is_truncated(headline: str) -> bool:
    """Cut mid-phrase: trailing ellipsis/dash/comma, a dangling function word,
    or a bare number right after one ("Average rate on 30")."""
    if _TRUNCATED_END.search(headline):
        return True
    words = [w.strip("\"'“”‘’«»").lower() for w in _WORDS_WITH_PUNCT.findall(headline)]
    words = [w for w in words if w]
    # A closing bracket, quote or sentence mark ends a phrase deliberately.
    if len(words) < 2 or headline.rstrip().endswith(("?", "!", ".", ")", "]", '"', "”", "’", "'", "»")):
        return False
    if words[-1] in TRUNCATION_TAIL_WORDS:
        return True
    return bool(_NUMBER.match(words[-1])) and words[-2] in NUMBER_TAIL_WORDS


def case_style(headline: str) -> str:
    """'title', 'sentence', 'caps' or '' (unspaced script, too short or in between)."""
    if _UNSPACED.search(headline):
        return ""
    letters = "".join(_LETTERS.findall(headline))
    if len(letters) >= CASE_MIN_WORD_CHARS * CASE_MIN_WORDS and letters.isupper():
        return "caps"
    judged, previous = [], ""
    for i, token in enumerate(_WORDS_WITH_PUNCT.findall(headline)):
        word = token.strip("\"'“”‘’«»()[]")
        # The first word, and the first after a colon or dash, are capitalised in every style.
        if i > 0 and not previous.endswith((":", "—", "–", "-", "|")) and len(word) >= CASE_MIN_WORD_CHARS \
                and word.isalpha() and not word.isupper():
            judged.append(word[0].isupper())
        previous = token
    if len(judged) < CASE_MIN_WORDS:
        return ""
    share = sum(judged) / len(judged)
    if share >= TITLE_CASE_MIN_SHARE:
        return "title"
    if share <= SENTENCE_CASE_MAX_SHARE:
        return "sentence"
    return ""


def article_years(page: ParsedPage) -> set[int]:
    """Years the article is dated with: machine dates, else date lines near the top."""
    years = set()
    for value in page.time_values:
        match = _ISO_YEAR.match(value)
        if match:
            years.add(int(match.group(1)))
    if not years:
        for line in [page.title, *page.lines[:DATE_LINES_SCANNED]]:
            for match in _DATE.finditer(line):
                years.add(int(next(g for g in match.groups() if g)))
    return years


def headline_years(headline: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(headline)]


def stamp_value(line: str) -> tuple[str, float]:
    """("age", minutes) or ("views", count) of a stamp line's first stamp."""
    match = RELATIVE_AGE.search(line)
    if match:
        number, unit = _AGE_PARTS.search(match.group(0)).groups()
        unit = unit.lower()
        minutes = next((m for prefix, m in _AGE_UNITS if unit.startswith(prefix)), 1.0)
        return "age", int(number) * minutes
    match = _COUNT_IN.search(line)
    return "views", parse_count(match.group(1), match.group(2)) if match else 0.0


def _is_sorted(values: list[float]) -> bool:
    pairs = list(zip(values, values[1:]))
    return all(a <= b for a, b in pairs) or all(a >= b for a, b in pairs)


def is_ordered(values: list[float]) -> bool:
    """Ascending or descending (ties allowed) once at most one item is left
    out: a pinned story, or an age rounded to a coarser unit ("vor 6 Tagen"
    among "vor 1 Woche"), puts one item of a sorted list out of place."""
    return any(_is_sorted(values[:i] + values[i + 1:]) for i in range(len(values))) if len(values) > 2 else True


def unsorted_stamp_lists(page: ParsedPage, lists) -> list[tuple[str, list[str]]]:
    """(heading, stamps) of the lists whose items mostly carry a stamp line
    (relative age or view count) right after them, stamps in no order.

    Only the line after each item of a long enough list is tested, and only
    when it is short and holds a digit, so a page costs a dictionary lookup per
    item and a regex match per short numbered line after one."""
    lines = page.lines
    long_lists = [lst for lst in lists if len(lst.items) >= STAMPED_LIST_MIN_ITEMS]
    if not lines or not long_lists:
        return []
    # First line index of each line text: earlier duplicates overwrite later ones.
    first = dict(zip(reversed(lines), range(len(lines) - 1, -1, -1)))
    last = len(lines) - 1
    is_stamp: dict[int, bool] = {}
    found = []
    for lst in long_lists:
        stamps = []
        for item in lst.items:
            index = first.get(item, last) + 1
            if index > last:
                continue
            stamp = is_stamp.get(index)
            if stamp is None:
                line = lines[index]
                stamp = is_stamp[index] = len(line) <= STAMP_MAX_CHARS and _DIGIT.search(line) is not None \
                    and _STAMP_LINE.fullmatch(line) is not None
            if stamp:
                stamps.append(lines[index])
        if len(stamps) < STAMPED_LIST_MIN_ITEMS or len(stamps) < STAMPED_LIST_MIN_SHARE * len(lst.items):
            continue
        values = [stamp_value(stamp) for stamp in stamps]
        kind = Counter(k for k, _ in values).most_common(1)[0][0]
        if not is_ordered([v for k, v in values if k == kind]):
            found.append((lst.heading, stamps))
    return found


#: Plain words for the features whose templates are a quote alone, for a page
#: where there is nothing to quote.
WITHOUT_EVIDENCE = {
    "unrelated_headlines": "{value:.0f} listed headlines unrelated to the story",
    "unrelated_share": "{value:.0%} of the listed headlines are unrelated to the story",
    "duplicated_headlines": "{value:.0f} headlines repeated across lists",
    "duplicate_share": "{value:.0%} of the listed headlines are repeats",
    "truncated_headlines": "{value:.0f} listed headlines cut short",
    "silently_truncated": "{value:.0f} listed headlines cut off mid-word",
    "other_year_headlines": "{value:.0f} listed headlines from other years than the story",
}


def off_topic_related_lists(lists, terms: set[str]) -> list[tuple[str, list[str]]]:
    """(heading, headlines) of the lists under a related-topic heading whose
    headlines share no content word with ``terms`` nor with each other."""
    found = []
    for lst in lists:
        if not lst.heading or len(lst.items) < RELATED_LIST_MIN_HEADLINES or not RELATED_HEADING.match(lst.heading):
            continue
        judged = [(item, words) for item in lst.items if (words := content_words(item))]
        if len(judged) < RELATED_LIST_MIN_HEADLINES:
            continue
        seen: set[str] = set()
        for _, words in judged:
            if words & terms or words & seen:
                break
            seen |= words
        else:
            found.append((lst.heading, [item for item, _ in judged]))
    return found


def _clip(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1].rstrip() + "…"


# --- the analysis behind features and evidence ---------------------------

@dataclass
class _Analysis:
    lists: int = 0
    headlines: int = 0
    farm_headings: list[str] = field(default_factory=list)
    judged: int = 0
    unrelated: list[str] = field(default_factory=list)
    best_list_unrelated_share: float = 0.0
    peer_similarity: float = 0.0
    distinct: int = 0
    duplicated: list[str] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)
    styles: dict[str, list[str]] = field(default_factory=dict)
    case_mix: float = 0.0
    years: set[int] = field(default_factory=set)
    other_year: list[str] = field(default_factory=list)
    stamp_lists: list[tuple[str, list[str]]] = field(default_factory=list)
    off_topic_related: list[tuple[str, list[str]]] = field(default_factory=list)


def _peer_similarity(word_sets: list[set[str]]) -> float:
    """Mean over headlines of the best Jaccard overlap with another headline;
    only pairs that share a word are compared (inverted index)."""
    if len(word_sets) < 2:
        return 0.0
    postings: dict[str, list[int]] = {}
    for i, words in enumerate(word_sets):
        for word in words:
            postings.setdefault(word, []).append(i)
    sizes = [len(words) for words in word_sets]
    total = 0.0
    for i, words in enumerate(word_sets):
        shared = Counter(j for word in words for j in postings[word])
        shared.pop(i, None)
        # |A & B| / |A | B| with |A | B| = |A| + |B| - |A & B|
        total += max((n / (sizes[i] + sizes[j] - n) for j, n in shared.items()), default=0.0)
    return total / len(word_sets)


def analyse(page: ParsedPage, unrelated_max_overlap: float = UNRELATED_MAX_OVERLAP,
            year_tolerance: int = YEAR_TOLERANCE_YEARS, max_headlines: int = MAX_HEADLINES_COMPARED) -> _Analysis:
    result = _Analysis()
    lists = page.link_lists
    if not lists:
        return result
    result.lists = len(lists)
    result.farm_headings = [lst.heading for lst in lists if lst.heading and FARM_HEADING.match(lst.heading)]

    # Distinct headlines in page order, and the lists each appears in.
    first_seen: dict[str, str] = {}
    in_lists: dict[str, set[int]] = {}
    for index, lst in enumerate(lists):
        for item in lst.items:
            key = normalise_headline(item)
            if not key:
                continue
            first_seen.setdefault(key, item)
            in_lists.setdefault(key, set()).add(index)
    result.headlines = sum(len(lst.items) for lst in lists)
    result.distinct = len(first_seen)
    result.duplicated = [first_seen[k] for k, where in in_lists.items() if len(where) > 1]
    result.truncated = [text for text in first_seen.values() if is_truncated(text)]

    compared = list(first_seen.items())[:max(0, max_headlines)]
    terms = key_terms(page)
    word_sets, judged_keys, unrelated_keys = [], set(), set()
    for key, text in compared:
        words = content_words(text)
        if not words:
            continue
        word_sets.append(words)
        judged_keys.add(key)
        if len(words & terms) < unrelated_max_overlap * len(words):
            unrelated_keys.add(key)
            result.unrelated.append(text)
    result.judged = len(word_sets)
    result.peer_similarity = _peer_similarity(word_sets)

    list_shares = []
    for lst in lists:
        judged = {normalise_headline(item) for item in lst.items} & judged_keys
        if judged:
            list_shares.append(len(judged & unrelated_keys) / len(judged))
    result.best_list_unrelated_share = min(list_shares) if list_shares else 0.0

    for _, text in compared:
        style = case_style(text)
        if style:
            result.styles.setdefault(style, []).append(text)
    classified = sum(len(v) for v in result.styles.values())
    if classified >= CASE_MIN_HEADLINES:
        result.case_mix = 1.0 - max(len(v) for v in result.styles.values()) / classified

    result.years = article_years(page)
    if result.years:
        for _, text in compared:
            if any(all(abs(year - ref) > year_tolerance for ref in result.years) for year in headline_years(text)):
                result.other_year.append(text)
    result.stamp_lists = unsorted_stamp_lists(page, lists)
    result.off_topic_related = off_topic_related_lists(lists, terms)
    return result


class HeadlineLists(PageFeature):
    """Quality of the lists of other stories: relatedness, repeats, truncation, style, age."""

    name: ClassVar[str] = "headline_lists"
    feature_names: ClassVar[tuple[str, ...]] = (
        "lists",
        "headlines",
        "farm_headings",
        "unrelated_headlines",
        "unrelated_share",
        "best_list_unrelated_share",
        "peer_similarity",
        "duplicated_headlines",
        "duplicate_share",
        "truncated_headlines",
        "silently_truncated",
        "case_mix",
        "other_year_headlines",
        "unsorted_stamp_lists",
        "off_topic_related_lists",
    )
    farm_markers = ("farm_headings", "unrelated_share", "best_list_unrelated_share", "duplicated_headlines",
                    "duplicate_share", "truncated_headlines", "silently_truncated", "case_mix",
                    "other_year_headlines", "unsorted_stamp_lists", "off_topic_related_lists")
    reason_templates: ClassVar[dict[str, str]] = {
        "lists": "{value:.0f} lists of other stories",
        "headlines": "{value:.0f} headlines of other stories",
        "farm_headings": "generic widget headings {evidence}",
        "unrelated_headlines": "{evidence}",
        "unrelated_share": "{evidence}",
        "best_list_unrelated_share": "no list of other stories is on the story's topic ({evidence})",
        "peer_similarity": "the listed headlines have nothing in common ({evidence})",
        "duplicated_headlines": "{evidence}",
        "duplicate_share": "{evidence}",
        "truncated_headlines": "{evidence}",
        "silently_truncated": "{evidence}",
        "case_mix": "headlines in mixed capitalisation styles: {evidence}",
        "other_year_headlines": "{evidence}",
        "unsorted_stamp_lists": "a list stamps every item with an age or view count, out of order: {evidence}",
        "off_topic_related_lists": "a 'related' list shares no topic with the story or within itself: {evidence}",
    }
    counter_reason_templates: ClassVar[dict[str, str]] = {
        "best_list_unrelated_share": "a list of other stories is on the story's topic ({evidence})",
        "unrelated_share": "the listed headlines are not all off the story's topic ({evidence})",
        "unrelated_headlines": "fewer off-topic headlines than a farm's sidebars carry ({evidence})",
        "duplicate_share": "the listed headlines do not repeat",
        "peer_similarity": "the listed headlines share a topic ({evidence})",
        "case_mix": "the listed headlines share one capitalisation style",
        "lists": "{value:.0f} lists of other stories",
        "headlines": "{value:.0f} headlines of other stories",
        "farm_headings": "no generic widget headings such as 'Ranking' or 'Recommendation'",
        "duplicated_headlines": "no headline is listed twice",
        "truncated_headlines": "no listed headline is cut short",
        "silently_truncated": "no listed headline is cut off mid-word",
        "other_year_headlines": "no listed headline dates from another year",
        "unsorted_stamp_lists": "no list stamps its items with ages or view counts out of order",
        "off_topic_related_lists": "the 'related' lists share a topic with the story or among themselves",
    }

    def __init__(self, *, unrelated_max_overlap: float = UNRELATED_MAX_OVERLAP,
                 year_tolerance: int = YEAR_TOLERANCE_YEARS, max_headlines: int = MAX_HEADLINES_COMPARED):
        self.unrelated_max_overlap = unrelated_max_overlap
        self.year_tolerance = year_tolerance
        self.max_headlines = max_headlines

    def _analyse(self, page: ParsedPage) -> _Analysis:
        knobs = (self.unrelated_max_overlap, self.year_tolerance, self.max_headlines)
        return page.memo((analyse, *knobs), lambda: analyse(page, *knobs))

    def extract(self, page: ParsedPage) -> dict[str, float]:
        a = self._analyse(page)
        return {
            "lists": float(a.lists),
            "headlines": float(a.headlines),
            "farm_headings": float(len(a.farm_headings)),
            "unrelated_headlines": float(len(a.unrelated)),
            "unrelated_share": ratio(len(a.unrelated), a.judged),
            "best_list_unrelated_share": a.best_list_unrelated_share,
            "peer_similarity": a.peer_similarity,
            "duplicated_headlines": float(len(a.duplicated)),
            "duplicate_share": ratio(len(a.duplicated), a.distinct),
            "truncated_headlines": float(len(a.truncated)),
            "silently_truncated": float(sum(1 for t in a.truncated if not _ELLIPSIS_END.search(t))),
            "case_mix": a.case_mix,
            "other_year_headlines": float(len(a.other_year)),
            "unsorted_stamp_lists": float(len(a.stamp_lists)),
            "off_topic_related_lists": float(len(a.off_topic_related)),
        }

    def describe(self, page: ParsedPage, feature: str, value: float, towards_farm: bool = True) -> str:
        # A page without headline lists has an unrelated share of 0 and no
        # mixed styles, which must not read as "the listed headlines are
        # related" or "share one capitalisation style".
        if feature not in ("lists", "headlines", "farm_headings") and not self._analyse(page).judged:
            return "no lists of other stories' headlines beside the story"
        # Templates made of evidence alone would be empty where the page shows none.
        text = super().describe(page, feature, value, towards_farm)
        if text.strip(" ()"):
            return text
        return WITHOUT_EVIDENCE.get(feature, "{value:g} " + feature.replace("_", " ")).format(value=value)

    def evidence(self, page: ParsedPage, feature: str) -> str:
        a = self._analyse(page)
        if feature == "peer_similarity":
            return f"average word overlap between headlines {a.peer_similarity:.0%}" if a.judged > 1 else ""
        if feature in ("unrelated_headlines", "unrelated_share", "best_list_unrelated_share"):
            if not a.judged:
                return ""
            text = f"{len(a.unrelated)} of {a.judged} sidebar headlines unrelated to the story"
            return text + (f", e.g. '{_clip(a.unrelated[0])}'" if a.unrelated else "")
        if feature in ("duplicated_headlines", "duplicate_share") and a.duplicated:
            plural = "headline" if len(a.duplicated) == 1 else "headlines"
            return f"{len(a.duplicated)} {plural} repeated across lists, e.g. '{_clip(a.duplicated[0])}'"
        if feature in ("truncated_headlines", "silently_truncated"):
            cut = a.truncated if feature == "truncated_headlines" else \
                [t for t in a.truncated if not _ELLIPSIS_END.search(t)]
            if cut:
                more = f" (and {len(cut) - 1} more)" if len(cut) > 1 else ""
                return f"headline '{_clip(cut[0])}' is truncated{more}"
        if feature == "farm_headings" and a.farm_headings:
            return ", ".join(f"'{_clip(h)}'" for h in a.farm_headings)
        if feature == "case_mix" and len(a.styles) > 1:
            names = {"title": "Title Case", "sentence": "sentence case", "caps": "ALL CAPS"}
            ordered = sorted(a.styles.items(), key=lambda kv: -len(kv[1]))
            return " beside ".join(f"'{_clip(v[0])}' ({names[k]})" for k, v in ordered[:2])
        if feature == "other_year_headlines" and a.other_year:
            years = "/".join(str(y) for y in sorted(a.years))
            more = f" (and {len(a.other_year) - 1} more)" if len(a.other_year) > 1 else ""
            return f"headline '{_clip(a.other_year[0])}' is from another year than the story ({years}){more}"
        if feature == "unsorted_stamp_lists" and a.stamp_lists:
            heading, stamps = a.stamp_lists[0]
            named = f"'{_clip(heading)}' " if heading else ""
            return f"list {named}with stamps " + ", ".join(f"'{stamp}'" for stamp in stamps[:4])
        if feature == "off_topic_related_lists" and a.off_topic_related:
            heading, items = a.off_topic_related[0]
            return f"'{_clip(heading)}' lists " + ", ".join(f"'{_clip(item)}'" for item in items[:2])
        if feature in ("lists", "headlines"):
            return f"{a.lists} lists, {a.headlines} headlines"
        return ""
