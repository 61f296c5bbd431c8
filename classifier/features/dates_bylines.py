"""Dates and bylines: does the date the page shows fit the story it tells?

What is measured
----------------
The page's **shown date** is the first of: a visible "Date:" / "Posted" /
"Published" line (and its German, French, Spanish, Italian, Dutch and
Portuguese equivalents), a publication ``<meta>`` date, the first
machine-readable date of ``time_values``, an unlabelled short date line just
around the headline, a visible "Updated" line. It is set against the dates
*inside* the story (main text and photo captions other than archive photos):
full dates ("Jan. 16, 2024", "16. Januar 2024", "2024-01-16") and month-year
mentions ("January 2024"), and the first weekday the story uses as a relative
date ("on Tuesday"; not "Friday, Jan. 31", "every Sunday", "Santo Domingo").

Why it separates farms from originals
-------------------------------------
Farms republish old stories under a fresh date. The farm seed shows
``Date:2025-04-26 04:00:14`` above a story from January 2024: the lede's "on
Tuesday" falls four days before that Saturday, and where a copy keeps a dated
caption or sentence the gap to the shown date runs to years. Originals show a
date that matches the story, a byline, a caption under the photo, and often
both "Posted" and "Last updated" lines; farm templates drop the byline and the
caption and print one bare ``Date:YYYY-MM-DD HH:MM:SS`` line.

These are weak signals on their own: on the corpus of originals, 1 in 5 pages
with a computable gap has one over a year (stories that mention only past
events), and a relative weekday anywhere in the story misses the shown date
by three to five days on 1 in 4 pages that have one (weekend editions,
previews, "last Friday"), which is why ``weekday_mismatch`` reads only the
lede's weekday and allows three days. The model weighs them with the others.

Features and ranges
-------------------
* ``shown_date_known``: 1 when a shown date was found, else 0.
* ``date_gap_days``: shown date minus the latest date in the story, in days,
  clipped to ``[0, DATE_GAP_CAP_DAYS]`` (a story that names a later date, e.g.
  an upcoming vote, gives 0); ``UNKNOWN`` (-1) when either side is missing.
* ``weekday_lag_days``: days from the last occurrence of the story's first
  weekday to the shown date, 0-6 (0: the same weekday); ``UNKNOWN`` (-1) when
  the story names no weekday or no date is shown.
* ``weekday_mismatch``: 1 when the story's lede (its first paragraph) names
  that weekday, the shown date gives the day (not only "April 2022"), and the
  lag is more than ``WEEKDAY_MAX_LAG_DAYS`` and not explained by a time-zone
  shift (``WEEKDAY_TZ_SLACK_DAYS``), else 0. Only the lede: later paragraphs
  name other days ("am vergangenen Freitag", "the show opens on Friday") on a
  fifth of the pages that have a weekday; the lede names the day of the news.
  Measured on the simulator manifest: 0.1% of real originals, 0.2% of
  republications; a re-dated farm copy misses the lede's day on 2 days in 7.
* ``relative_time_refs``: "yesterday", "earlier this month", "gestern" ... in
  the main text, 0 to ``RELATIVE_REFS_CAP``: prose anchored to its day of
  publication, which a re-dated copy contradicts.
* ``no_byline``: 1 when the page has no byline (``ParsedPage.bylines``).
* ``has_caption``: 1 when the page has a photo caption or photo credit.
* ``caption_missing``: 1 when an HTML page shows images but no caption; 0 for
  text pages, whose images are unknown.
* ``posted_line`` / ``updated_line``: 1 when a visible "Posted/Published" or
  "Updated/Last updated" line carries a date or time.
* ``bare_date_line``: 1 when a line reads ``Date:YYYY-MM-DD HH:MM[:SS]`` (or
  ``时间：`` / ``日期：`` ...), the site-cluster farm format.

Empty or degenerate pages: no date, no byline, no caption, so
``shown_date_known`` 0, both day counts ``UNKNOWN``, ``no_byline`` 1 and every
other feature 0. Values are always finite.

The date parser is bounded and fast: a handful of regexes compiled here, month
names in eight languages, numeric ISO and day-month-year forms; it never
guesses two-digit years. Ambiguous numeric dates such as ``03/04/2020`` are read
day first, the convention of most of the (largely European) corpus.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from ..parse import ParsedPage
from ._base import PageFeature, trie_pattern

#: Value of a day count that cannot be computed (no shown date, no story date,
#: no weekday). Real values are never negative, so a tree can split it off.
UNKNOWN = -1.0
#: Largest reported gap, in days: ten years. Beyond that the exact number says
#: nothing more, and a cap keeps one absurd date from dominating a linear model.
DATE_GAP_CAP_DAYS = 3650
#: Years a date must fall in to count. Earlier "dates" in news prose are
#: history (or misreads), later ones misreads; a pure function has no clock.
MIN_YEAR, MAX_YEAR = 1970, 2099
#: A weekday named in the lede is the day of the event: the day of publication
#: or, for overnight and weekend editions, up to three days before (Friday's
#: news in Monday's paper); a licensed republication runs up to a day later
#: still, so only a lag of four or five days is a mismatch.
WEEKDAY_MAX_LAG_DAYS = 3
#: A shown date in UTC can fall a day *before* the local weekday of the event,
#: which reads as a lag of six; one day of slack forgives that.
WEEKDAY_TZ_SLACK_DAYS = 1
#: Cap for ``relative_time_refs``; news prose rarely has more than a few.
RELATIVE_REFS_CAP = 10
#: Label lines ("Posted January 16, 2024 5:40 am.") are short; longer lines
#: that contain "published" are prose, not page furniture.
LABEL_LINE_MAX_CHARS = 160
#: An unlabelled date line sits this many lines around the headline (kicker
#: and date above it; byline, date and caption below). Measured on the
#: htmldate pages of the corpus, where the shown date is known.
HEADLINE_DATE_LINES_BEFORE = 3
HEADLINE_DATE_LINES_AFTER = 12
#: ... and is short: a date, maybe a weekday, a time and a place.
DATE_LINE_MAX_CHARS = 60
#: How far after a label the date may start, in characters ("Posted on
#: Tuesday, January 16, 2024 at ..." needs room for the weekday).
LABEL_DATE_WINDOW_CHARS = 80

_MONTHS = {
    # English, with AP abbreviations
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # Italian
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12,
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    # Portuguese
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "novembro": 11, "dezembro": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5,
    "sonntag": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4, "sábado": 5,
    "sabado": 5, "domingo": 6,
}

#: English and German write weekdays capitalised: a lower-case "friday" is no
#: date ("most of the friday" in a transcript).
_CAPITALISED_WEEKDAYS = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                   "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
                                   "sonnabend", "sonntag"))
#: French and Spanish write weekdays in lower case.
_LOWERCASE_WEEKDAYS = frozenset(("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes",
                                 "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado",
                                 "domingo"))
# Longest names first, so "sept" wins over "sep" and "juni" over "jun".
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))

#: Every date form we read. Each form holds one four-digit year, so the
#: pattern only runs in a small window around the years that a cheap scan finds
#: (a big case-insensitive alternation tried at every position of a page costs
#: milliseconds). At one position the full forms come before month-year, so
#: "January 16, 2024" is one day-precise date.
DATE_PATTERN = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<iso_y>\d{4})[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2})(?!\d)"
    r"|(?P<cjk_y>\d{4})年(?P<cjk_m>\d{1,2})月(?P<cjk_d>\d{1,2})日"
    r"|(?P<num_a>\d{1,2})(?P<num_sep>[./-])(?P<num_b>\d{1,2})(?P=num_sep)(?P<num_y>\d{4})(?!\d)"
    r"|(?P<dm_d>\d{1,2})(?:\.|st|nd|rd|th|er|º|°)?\s+(?:de\s+)?(?P<dm_m>" + _MONTH_ALT + r")\.?,?\s+(?:de\s+)?"
    r"(?P<dm_y>\d{4})(?!\d)"
    r"|(?P<md_m>" + _MONTH_ALT + r")\.?\s+(?P<md_d>\d{1,2})(?:st|nd|rd|th)?\.?,?\s+(?P<md_y>\d{4})(?!\d)"
    r"|(?P<my_m>" + _MONTH_ALT + r")\.?,?\s+(?:de\s+)?(?P<my_y>\d{4})(?!\d)"
    r")",
    re.I,
)
#: A weekday that is followed by its date: "Freitag, 31. Januar",
#: "Saturday April 30", "sábado 30 de abril", "sábado (23)", "den 20.".
_DATE_AFTER_WEEKDAY = re.compile(r"[,\s(]*(?:den\s+|the\s+)?(?:\d{1,2}\b|(?:" + _MONTH_ALT + r")\b)", re.I)
#: Weekdays that name a schedule or a range, not the day of the news: "every
#: Sunday", "am kommenden Montag", "von Freitag bis Sonntag", "Monday to Friday".
_NOT_RELATIVE_BEFORE = re.compile(
    r"\b(?:(?:every|each) year on|jedes jahr am|chaque année le|cada año el|todos los años el|"
    r"every|each|next|other|coming|from|until|black|good|holy|cyber|"
    r"jede[nmrs]?|kommende[nm]?|nächste[nm]?|von|bis|ab|"
    r"chaque|prochain|du|au|cada|próximo|proximo|todos los|desde|hasta)\s+$", re.I)
_NOT_RELATIVE_AFTER = re.compile(r"\s*(?:to|through|till|until|bis|au|a|hasta|[-–]|for future)\s", re.I)
#: Characters before a weekday checked for those qualifiers.
WEEKDAY_CONTEXT_CHARS = 20
#: A caption of an archive picture dates the picture, not the story.
_ARCHIVE_PHOTO = re.compile(r"file (?:photo|image)|archive (?:photo|image)|archivbild|archivfoto|\barchiv\b|"
                            r"foto de archivo|photo d'archives", re.I)
#: Candidate years for the window scan (``MIN_YEAR``..``MAX_YEAR`` is checked after).
_YEAR = re.compile(r"(?:19|20)\d\d")
#: Characters a date form can take before its year ("16 de septiembre de ",
#: "Wednesday, Sept. 16, ") and after it ("-01-16", "年1月16日"), plus one.
DATE_WINDOW_BEFORE_CHARS = 40
DATE_WINDOW_AFTER_CHARS = 12

#: Words that introduce the page's own date, lower case, by what they say.
#: ``date``-like words count only with a colon (or an ISO date right after
#: "date"), since "date" and "time" are also ordinary words.
LABEL_WORDS = {
    **dict.fromkeys(("posted", "published", "publié", "publiée", "publicado", "publicada", "veröffentlicht",
                     "erschienen", "pubblicato", "gepubliceerd", "geplaatst"), "posted"),
    **dict.fromkeys(("updated", "aktualisiert", "mis à jour", "actualizado", "actualizada", "aggiornato",
                     "bijgewerkt", "atualizado"), "updated"),
    "stand": "stand",
    **dict.fromkeys(("date", "datum", "fecha", "data", "time", "日期", "时间", "发布时间"), "date"),
}
#: A paragraph that opens with "Posted"/"Last updated" is the page's date line,
#: not story (matched at the start only, so the alternation stays cheap).
_LABEL_OPENING = re.compile(
    r"\W{0,3}(?:(?:last|first|zuletzt)\s+)?(?:"
    + "|".join(re.escape(w) for w, kind in LABEL_WORDS.items() if kind in ("posted", "updated")) + r")(?!\w)",
    re.I,
)
#: Labels of the site-cluster farm format ``Date:2025-04-26 04:00:14``.
BARE_LABELS = frozenset(("date", "time", "日期", "时间", "发布时间"))
_COLON = re.compile(r"\s*[:：]")
_ISO_AFTER_LABEL = re.compile(r"\s+\d{4}-\d{2}-\d{2}")
_BARE_DATE = re.compile(r"\s*[:：]\s*\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}")
#: After a "Posted"/"Updated" label, a clock time or "3 hours ago" also shows
#: when the page was posted, even without a calendar date.
LABEL_TIME = re.compile(r"\d{1,2}[:.h]\d{2}|\d+\s*(?:min\w*|hours?|hrs?|days?|stunden?|tagen?)\b", re.I)
#: Prose tied to its day of publication, lower case.
RELATIVE_TIME_WORDS = (
    "yesterday", "today", "tonight", "this morning", "this afternoon", "this evening", "this week",
    "this month", "last night", "last week", "last month", "earlier this", "later this",
    "gestern", "heute", "vorgestern", "diese woche", "dieser woche", "letzte woche", "letzten woche",
    "aujourd'hui", "aujourd’hui", "hier soir", "cette semaine", "la semaine dernière", "ce mois-ci",
    "ayer", "hoy", "esta semana", "la semana pasada", "este mes",
)


#: Weekdays and relative phrases in lower-case text; word boundaries are
#: checked on the (few) hits.
_TIME_WORDS_PATTERN = re.compile(trie_pattern([*_WEEKDAYS, *RELATIVE_TIME_WORDS]))
#: Publication-date ``<meta>`` keys, most specific first.
PUBLISHED_META_KEYS = ("article:published_time", "datepublished", "og:published_time", "publish-date",
                       "pubdate", "parsely-pub-date", "sailthru.date", "dc.date", "dcterms.date", "date")


def _lower(text: str) -> str:
    """``text.lower()`` with the same length, so positions carry over."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters (e.g. "İ") lower to two characters
        lowered = "".join(c.lower()[:1] for c in text)
    return lowered


def word_hits(lowered: str, words) -> list[tuple[int, str]]:
    """(position, word) of each whole-word occurrence of ``words`` in ``lowered``,
    in text order. ``str.find`` per word is much faster than one regex
    alternation over the whole text; CJK words need no word boundary."""
    hits = []
    size = len(lowered)
    for word in words:
        bounded = ord(word[0]) < 0x2E80
        start = lowered.find(word)
        while start >= 0:
            end = start + len(word)
            if not bounded or ((start == 0 or not lowered[start - 1].isalnum())
                               and (end >= size or not lowered[end].isalnum())):
                hits.append((start, word))
            start = lowered.find(word, start + 1)
    hits.sort()
    return hits


def _make_date(year: int, month: int, day: int | None) -> dt.date | None:
    """A date, or None when out of range; ``day=None`` means the month's last day
    (a month-year mention is dated as late as it can be, so gaps are never
    overstated)."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if day is None:
        day = calendar.monthrange(year, month)[1]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match) -> dt.date | None:
    g = m.group
    if g("iso_y"):
        return _make_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    if g("cjk_y"):
        return _make_date(int(g("cjk_y")), int(g("cjk_m")), int(g("cjk_d")))
    if g("num_y"):
        a, b = int(g("num_a")), int(g("num_b"))
        # Day first unless that is impossible (see the module docstring).
        day, month = (b, a) if b > 12 and a <= 12 else (a, b)
        return _make_date(int(g("num_y")), month, day)
    if g("dm_y"):
        return _make_date(int(g("dm_y")), _MONTHS[g("dm_m").lower()], int(g("dm_d")))
    if g("md_y"):
        return _make_date(int(g("md_y")), _MONTHS[g("md_m").lower()], int(g("md_d")))
    return _make_date(int(g("my_y")), _MONTHS[g("my_m").lower()], None)


def iter_dates(text: str):
    """Yield every date in ``text`` that the patterns read, in text order."""
    size = len(text)
    for year in _YEAR.finditer(text):
        start, end = year.span()
        if (start and text[start - 1].isdigit()) or (end < size and text[end].isdigit()):
            continue
        for m in DATE_PATTERN.finditer(text, max(0, start - DATE_WINDOW_BEFORE_CHARS),
                                       min(size, end + DATE_WINDOW_AFTER_CHARS)):
            if m.start() <= start and m.end() >= end:
                date = _from_match(m)
                if date is not None:
                    yield date
                break


def parse_dates(text: str) -> list[dt.date]:
    """Every date in ``text`` that the patterns read, in text order."""
    return list(iter_dates(text))


def first_date(text: str) -> dt.date | None:
    return next(iter_dates(text), None)


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, (len(text) if line_end < 0 else line_end)


@dataclass
class _LabelFindings:
    """What the visible date labels of a page say."""

    posted: dt.date | None = None      # first dated "Posted"/"Published"/"Date:" line
    updated: dt.date | None = None     # first dated "Updated" line
    dated_line: str = ""               # the line that gave ``posted``
    posted_line: str = ""              # first "Posted" line with a date or time
    updated_line: str = ""             # first "Updated" line with a date or time
    bare_line: str = ""                # first "Date:YYYY-MM-DD HH:MM" line


def _labels(text: str) -> _LabelFindings:
    out = _LabelFindings()
    lowered = _lower(text)
    for start, word in word_hits(lowered, LABEL_WORDS):
        kind = LABEL_WORDS[word]
        end = start + len(word)
        line_start, line_end = _line_around(text, start, end)
        if line_end - line_start > LABEL_LINE_MAX_CHARS:
            continue
        if kind in ("date", "stand"):
            colon = _COLON.match(text, end, line_end)
            if colon is not None:
                if word in BARE_LABELS and not out.bare_line and _BARE_DATE.match(text, end, line_end):
                    out.bare_line = text[line_start:line_end].strip()
                end = colon.end()
            elif not (word == "date" and _ISO_AFTER_LABEL.match(text, end, line_end)):
                continue
        after = text[end:min(line_end, end + LABEL_DATE_WINDOW_CHARS)]
        if not any(c.isdigit() for c in after):
            continue
        line = text[line_start:line_end].strip()
        date = first_date(after)
        timed = date is not None or LABEL_TIME.search(after) is not None
        if kind in ("updated", "stand"):
            if timed:
                out.updated_line = out.updated_line or line
            if out.updated is None and date is not None:
                out.updated = date
        else:
            if kind == "posted" and timed:
                out.posted_line = out.posted_line or line
            if out.posted is None and date is not None:
                out.posted, out.dated_line = date, line
    return out


@dataclass
class _DateFindings:
    shown: dt.date | None
    shown_source: str
    latest_story_date: dt.date | None
    story_weekday: int | None
    weekday_word: str
    weekday_in_lede: bool  # the first weekday is in the story's first paragraph
    relative_refs: int
    labels: _LabelFindings


def _analyse(page: ParsedPage) -> _DateFindings:
    labels = _labels(_short_lines(page))
    shown, source = labels.posted, labels.dated_line
    if shown is None:
        for key in PUBLISHED_META_KEYS:
            value = page.meta.get(key, "")
            shown = first_date(value[:40]) if value else None
            if shown is not None:
                source = f"{key}={value[:40]}"
                break
    if shown is None:
        for value in page.time_values:
            shown = first_date(value[:40])
            if shown is not None:
                source = value[:40]
                break
    if shown is None:
        shown, source = _date_near_headline(page)
    if shown is None and labels.updated is not None:
        shown, source = labels.updated, labels.updated_line

    # The story: body paragraphs without the page's own date lines, plus captions.
    paragraphs = [p for p in page.paragraphs if not _is_label_line(p)]
    story = "\n".join(paragraphs)
    lede_end = len(paragraphs[0]) if paragraphs else 0
    latest = None
    captions = "\n".join(c for c in page.captions if not _ARCHIVE_PHOTO.search(c))
    for date in iter_dates(story + "\n" + captions):
        if latest is None or date > latest:
            latest = date
    lowered = _lower(story)
    weekday, word, relative, in_lede = None, "", 0, False
    size = len(lowered)
    for m in _TIME_WORDS_PATTERN.finditer(lowered):
        start, end = m.span()
        if (start and lowered[start - 1].isalnum()) or (end < size and lowered[end].isalnum()):
            continue
        found = m.group(0)
        if found in _WEEKDAYS:
            if weekday is None and _relative_weekday(story, found, start, end):
                weekday, word, in_lede = _WEEKDAYS[found], story[start:end], start < lede_end
        else:
            relative += 1
    return _DateFindings(shown, source, latest, weekday, word, in_lede, relative, labels)


def _relative_weekday(story: str, name: str, start: int, end: int) -> bool:
    """Whether the weekday at ``story[start:end]`` dates the story relative to
    its publication ("on Tuesday"). A weekday followed by its date ("Freitag,
    31. Januar", "Saturday April 30") is an absolute date, usually of an
    upcoming event; a capitalised French or Spanish weekday mid-text is a name
    ("Santo Domingo")."""
    if name in _LOWERCASE_WEEKDAYS and not story[start].islower():
        return False
    if name in _CAPITALISED_WEEKDAYS and not story[start].isupper():
        return False
    if _NOT_RELATIVE_BEFORE.search(story, max(0, start - WEEKDAY_CONTEXT_CHARS), start):
        return False
    return _DATE_AFTER_WEEKDAY.match(story, end) is None and _NOT_RELATIVE_AFTER.match(story, end) is None


def _date_near_headline(page: ParsedPage) -> tuple[dt.date | None, str]:
    """The first short line with a date just above or below the headline
    ("Domenica 19 Aprile 2020", "14/03/2020 16h15"): many pages show their date
    with no label at all."""
    headline = page.h1
    if not headline:
        return None, ""
    lines = page.lines
    try:
        at = lines.index(headline)
    except ValueError:
        return None, ""
    for line in lines[max(0, at - HEADLINE_DATE_LINES_BEFORE):at + HEADLINE_DATE_LINES_AFTER + 1]:
        if len(line) <= DATE_LINE_MAX_CHARS:
            date = first_date(line)
            if date is not None:
                return date, line
    return None, ""


def _short_lines(page: ParsedPage) -> str:
    """The visible lines that can be date labels (longer lines are prose)."""
    return "\n".join(line for line in page.lines if len(line) <= LABEL_LINE_MAX_CHARS)


def _is_label_line(paragraph: str) -> bool:
    """A paragraph that is the page's own date line ("Last Updated January 16, ...")."""
    return _LABEL_OPENING.match(paragraph) is not None


def _day_precise(source: str) -> bool:
    """Whether the text the shown date came from gives a day, not only a month
    ("26, Abril, 2022" reads as April 2022, dated the 30th: no weekday to test)."""
    for year in _YEAR.finditer(source):
        start, end = year.span()
        for m in DATE_PATTERN.finditer(source, max(0, start - DATE_WINDOW_BEFORE_CHARS),
                                       min(len(source), end + DATE_WINDOW_AFTER_CHARS)):
            if m.start() <= start and m.end() >= end:
                return m.group("my_y") is None
    return True


def _weekday_lag(shown: dt.date, weekday: int) -> int:
    """Days from the latest ``weekday`` on or before ``shown`` to ``shown`` (0-6)."""
    return (shown.weekday() - weekday) % 7


class DatesBylines(PageFeature):
    """Shown date against the story's own dates; byline, caption and date lines."""

    name = "dates_bylines"
    feature_names = ("shown_date_known", "date_gap_days", "weekday_lag_days", "weekday_mismatch",
                     "relative_time_refs", "no_byline", "has_caption", "caption_missing", "posted_line",
                     "updated_line", "bare_date_line")
    farm_markers = ("date_gap_days", "weekday_mismatch", "no_byline", "caption_missing", "bare_date_line")
    reason_templates: ClassVar[dict[str, str]] = {
        "date_gap_days": "the page is dated {value:.0f} days after the latest date in its story ({evidence})",
        "weekday_mismatch": "the story's weekday does not fit the date the page shows ({evidence})",
        "no_byline": "no byline: the page does not say who wrote the story",
        "caption_missing": "the page shows images but no photo caption",
        "bare_date_line": "a bare farm-style date line: {evidence}",
        "shown_date_known": "the page shows no date for its story",
        "weekday_lag_days": "the story's weekday lies {value:.0f} days before the page's date ({evidence})",
        "relative_time_refs": "{value:.0f} words in the story such as 'yesterday' or 'gestern' tie it to a day",
        "has_caption": "the photo has a caption: {evidence}",
        "posted_line": "the page shows when it was posted: {evidence}",
        "updated_line": "the page shows when it was last updated: {evidence}",
    }
    counter_reason_templates: ClassVar[dict[str, str]] = {
        "date_gap_days": "the page's date matches the dates in its story ({evidence})",
        "no_byline": "the story has a byline: {evidence}",
        "has_caption": "the photo has a caption: {evidence}",
        "posted_line": "the page shows when it was posted: {evidence}",
        "updated_line": "the page shows when it was last updated: {evidence}",
        "shown_date_known": "the page's date: {evidence}",
        "weekday_lag_days": "the story's weekday lies {value:.0f} days before the page's date ({evidence})",
        "weekday_mismatch": "the story's weekday fits the date the page shows",
        "relative_time_refs": "{value:.0f} words in the story such as 'yesterday' or 'gestern' tie it to a day",
        "caption_missing": "no photos without a caption",
        "bare_date_line": "no bare farm-style 'Date:' line",
    }

    def extract(self, page: ParsedPage) -> dict[str, float]:
        found = page.memo(_analyse, lambda: _analyse(page))
        shown, latest, weekday = found.shown, found.latest_story_date, found.story_weekday
        gap = UNKNOWN
        if shown is not None and latest is not None:
            gap = float(min(max((shown - latest).days, 0), DATE_GAP_CAP_DAYS))
        lag, mismatch = UNKNOWN, 0.0
        if shown is not None and weekday is not None:
            days = _weekday_lag(shown, weekday)
            lag = float(days)
            mismatch = float(WEEKDAY_MAX_LAG_DAYS < days < 7 - WEEKDAY_TZ_SLACK_DAYS and found.weekday_in_lede
                             and _day_precise(found.shown_source))
        has_caption = bool(page.captions)
        return {
            "shown_date_known": float(shown is not None),
            "date_gap_days": gap,
            "weekday_lag_days": lag,
            "weekday_mismatch": mismatch,
            "relative_time_refs": float(min(found.relative_refs, RELATIVE_REFS_CAP)),
            "no_byline": float(not page.bylines),
            "has_caption": float(has_caption),
            "caption_missing": float(page.kind == "html" and page.images > 0 and not has_caption),
            "posted_line": float(bool(found.labels.posted_line)),
            "updated_line": float(bool(found.labels.updated_line)),
            "bare_date_line": float(bool(found.labels.bare_line)),
        }

    def evidence(self, page: ParsedPage, feature: str) -> str:
        if feature in ("date_gap_days", "weekday_mismatch", "weekday_lag_days", "shown_date_known"):
            found = page.memo(_analyse, lambda: _analyse(page))
            if found.shown is None:
                return "no date shown"
            shown = f"shown {found.shown.isoformat()}"
            if feature in ("date_gap_days", "shown_date_known"):
                story = found.latest_story_date.isoformat() if found.latest_story_date else "none"
                return f"{shown}, latest date in the story {story}"
            if found.story_weekday is None:
                return shown
            return f"{shown}, a {found.shown.strftime('%A')}; the story says '{found.weekday_word}'"
        if feature == "no_byline":
            return f"'{page.bylines[0][:80]}'" if page.bylines else ""
        if feature in ("has_caption", "caption_missing"):
            return f"'{page.captions[0][:80]}'" if page.captions else ""
        if feature in ("posted_line", "updated_line", "bare_date_line"):
            # what _labels(_short_lines(page)) gives, as found by the analysis
            labels = page.memo(_analyse, lambda: _analyse(page)).labels
            line = {"posted_line": labels.posted_line, "updated_line": labels.updated_line,
                    "bare_date_line": labels.bare_line}[feature]
            return f"'{line[:80]}'" if line else ""
        return ""
