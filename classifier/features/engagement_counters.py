"""Engagement counters: vote, like, view, share and comment widgets with numbers.

What is measured
----------------
A **counter** is a reader-engagement label shown with a number: a label then a
number ("veryGood! (7359)", "Like (123)", "Share 45", "阅读 (1234)",
"Gefällt mir 12", "Views: 8,431"), a number then a label ("8,431 views",
"12 comments", "1.2K shares", "3.456 Aufrufe", "1234 visualizações"), or an
emoji then a number ("👍 1.2k"). Labels come in English, German, French,
Spanish, Italian, Portuguese, Russian, Chinese, Japanese and Korean, in five
kinds: mood votes ("very good", "angry", "顶", "踩"), likes, views, shares
and comments.

Counters live on short widget lines, so only runs of short visible lines are
searched (prose lines are skipped, which also keeps "like 3 people" or
"share 45 minutes" in a story from counting). The lines are joined with line
breaks and a label may sit on one line and its number on the next (button
label and number in different elements); the quote in :meth:`evidence` is the
counter compacted to one line. Numbers are found first and their neighbouring
words looked up in the label table, so a page costs a dictionary lookup per
number on a short line. A number before a mood word is a listicle ("10 Good
Reasons"), a decimal without k/M a rating ("Sehr gut 4.33"), a bare year after
a label a date: none of them counts.

Why it separates farms from originals
-------------------------------------
Site-cluster farm templates close the copied story with a mood-vote widget
("very good (N)", "good / bad / angry" sets) and print read counts ("阅读
(1234)", "8,431 views") to look popular, often with large invented numbers.
Real outlets show share buttons (usually without numbers) and comment counts
("12 comments"), so the features are graded and split by kind: the model can
weigh a comment count lightly and a mood vote after the article heavily.

Features and ranges
-------------------
* ``n_counters``: counters on the page, ``0`` to ``MAX_COUNTERS``.
* ``n_vote_counters``: mood votes and likes, ``0`` to ``MAX_COUNTERS``.
* ``n_view_counters``: view / read counts, ``0`` to ``MAX_COUNTERS``.
* ``n_share_counters``: share counts, ``0`` to ``MAX_COUNTERS``.
* ``n_comment_counters``: comment counts, ``0`` to ``MAX_COUNTERS``.
* ``mood_labels``: distinct mood-vote labels shown with a number ("good",
  "bad", "angry" ...), ``0`` to ``MAX_COUNTERS``; one is a "veryGood!" button,
  three or more a mood widget.
* ``max_count_log``: ``log10(1 + n)`` of the largest number shown by any
  counter, ``0`` (no counter) to ``log10(1 + MAX_COUNT_VALUE)`` (12).
* ``reaction_after_article``: closeness of the first vote, like or view
  counter that follows the last paragraph of the article, ``1`` for the line
  right after it, falling linearly to ``0`` beyond ``END_WINDOW_LINES`` lines
  (and ``0`` when no counter follows the article). Comment and share counts
  are left out: originals put those after the article too.
* ``aged_view_counters``: view counts printed on one line with a relative
  age ("via Outlet · 3 hours ago · 12.4K views", "vor 5 Stunden · 8.431
  Aufrufe", "il y a 2 heures · 3 400 vues", "hace 4 horas · 900 visitas"),
  ``0`` to ``MAX_COUNTERS``. Aggregator farms stamp the scraped story and
  their Trending items this way to look fresh and popular. Real outlets that
  show read counts (1.7% of corpus originals: "Meistgelesen" lists, Russian
  and Italian story headers, blog stats) print them beside a clock time or a
  date, not beside "N hours ago": on no corpus original or republication do
  the two share a line, so this is the narrow, counted form of
  ``n_view_counters``.

Empty or degenerate pages (no text, only links, a page without short lines)
have no counters: every feature is ``0``. Values are always finite.
"""

from __future__ import annotations

import bisect
import math
import re
from itertools import accumulate
from dataclasses import dataclass
from typing import ClassVar

from ..parse import ParsedPage
from ._base import PageFeature

#: Longest visible line, in characters, searched for a counter. Widget lines
#: ("veryGood! (7359)", "Like 12 Share 4 Comments 3", "阅读：1234 来源：…")
#: are short; story prose is not. 80 keeps a whole widget row on one line
#: while dropping nearly every line of prose (checked on corpus pages).
WIDGET_LINE_MAX_CHARS = 80
#: Counters counted per page at most: a comment thread or a forum index shows
#: hundreds, and beyond this the number says nothing more.
MAX_COUNTERS = 50
#: Largest number read from a counter (a trillion); longer strings of digits
#: are IDs or phone numbers, not counts, and the cap keeps the log bounded.
MAX_COUNT_VALUE = 1e12
#: Lines after the last article paragraph within which a reaction counter
#: still closes the article: farm templates put the vote button right under
#: the text, or after a few lines of share buttons and tags.
END_WINDOW_LINES = 8
#: A line of the article body is recognised from at least this many characters
#: (or the whole paragraph when it is shorter): shorter pieces such as "(AP)"
#: also occur in footers.
END_LINE_MIN_CHARS = 20

KIND_MOOD, KIND_LIKE, KIND_VIEW, KIND_SHARE, KIND_COMMENT = "mood", "like", "view", "share", "comment"
#: Readers' votes (mood buttons, likes) as opposed to talk about the story.
VOTE_KINDS = (KIND_MOOD, KIND_LIKE)
#: Counters that farms place right under the copied text; originals put
#: comment counts and share buttons there too, so those are left out.
REACTION_KINDS = (KIND_MOOD, KIND_LIKE, KIND_VIEW)

#: Counter labels by kind, written as shown (lower case). A label is looked up
#: by its words joined without spaces, so "very good" also finds "veryGood".
#: Words too common in headlines on their own ("super", "gut", "bien", "read")
#: are left out.
LABELS: dict[str, tuple[str, ...]] = {
    KIND_MOOD: (
        "very good", "very bad", "good", "bad", "angry", "funny", "sad", "wow", "haha", "love", "surprise",
        "surprised", "shock", "shocked", "boring", "touched", "useful", "useless", "not helpful", "helpful",
        "sehr gut", "schlecht", "traurig", "wütend", "lustig", "triste", "en colère", "enojado",
        "很好", "不错", "感动", "愤怒", "同情", "搞笑", "无聊", "难过", "高兴", "震惊", "顶", "踩",
    ),
    KIND_LIKE: (
        "like", "likes", "liked", "upvote", "upvotes", "thumbs up", "thumbs down", "vote", "votes", "gefällt mir",
        "j'aime", "me gusta", "mi piace", "curtida", "curtidas", "curtir", "clap", "claps", "kudos", "нравится",
        "点赞", "喜欢", "赞", "支持", "反对", "いいね", "좋아요",
        "👍", "👎", "❤", "♥", "💖", "🔥", "😂", "😮", "😢", "😡", "😍",
    ),
    KIND_VIEW: (
        "page views", "page view", "views", "view", "viewed", "reads", "hits", "visits", "aufrufe", "zugriffe",
        "gelesen", "vues", "lectures", "visitas", "vistas", "lecturas", "visualizações", "visualizzazioni",
        "letture", "просмотр", "просмотров", "просмотра",
        "阅读量", "阅读数", "阅读次数", "阅读", "浏览次数", "浏览量", "浏览", "点击数", "点击量", "点击", "人气", "閱讀",
        "瀏覽", "閲覧", "閲覧数", "조회", "조회수", "👁", "👀",
    ),
    KIND_SHARE: (
        "share", "shares", "shared", "partage", "partages", "compartido", "compartidos", "compartida",
        "compartir", "compartilhamentos", "geteilt", "teilen", "condivisioni", "tweet", "tweets", "репост",
        "репостов", "репоста", "分享", "转发", "シェア", "🔁",
    ),
    KIND_COMMENT: (
        "comment", "comments", "kommentar", "kommentare", "commentaire", "commentaires", "comentario",
        "comentarios", "comentário", "comentários", "commenti", "reaction", "reactions", "replies", "responses",
        "комментарий", "комментария", "комментариев", "评论", "留言", "評論", "コメント", "댓글", "💬", "🗨",
    ),
}
#: A label has at most this many words ("thumbs up", "not helpful").
LABEL_MAX_WORDS = 2
#: Labels in unspaced scripts run into the text around them ("作者admin阅读：12");
#: their length in characters is at most this.
UNSPACED_LABEL_MAX_CHARS = 4
#: Characters looked at on either side of a number for its label.
LABEL_WINDOW_CHARS = 40

#: A relative age: "3 hours ago", "18h ago", "vor 5 Stunden", "il y a 2
#: heures", "hace 4 horas", "3 ore fa", "há 2 horas". Aggregators stamp the
#: story and every Trending item with one. Only ages with a number count
#: ("yesterday", "heute" date originals' items too). A headline such as "Vor
#: 100 Jahren ..." also matches: users of the pattern ask for more on the line
#: (a view count here, a short stamp line in headline_lists, which shares it).
RELATIVE_AGE = re.compile(
    r"(?<![\w.,])\d{1,3}\s?(?:sec(?:ond)?s?|min(?:ute)?s?|hrs?|hours?|h|days?|d|weeks?|wks?|w|months?|mos?|"
    r"years?|yrs?|y)\.?\s+ago\b"
    r"|\bvor\s+\d{1,3}\s+(?:Sekunden|Minuten|Minute|Min\.?|Stunden|Stunde|Std\.?|Tagen|Tag|Wochen|Woche|Monaten|"
    r"Monat|Jahren|Jahr)(?!\w)"
    r"|\bil y a\s+\d{1,3}\s*(?:secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?)(?!\w)"
    r"|\bhace\s+\d{1,3}\s*(?:segundos?|minutos?|min|horas?|h|días?|dias?|semanas?|meses|mes|años?)(?!\w)"
    r"|(?<![\w.,])\d{1,3}\s+(?:secondi|minuti|minuto|ore|ora|giorni|giorno|settimane|mesi|anni)\s+fa\b"
    r"|\bhá\s+\d{1,3}\s+(?:segundos?|minutos?|horas?|dias?|semanas?|meses|anos?)(?!\w)",
    re.IGNORECASE)


def _key(words: list[str]) -> str:
    return "".join(words).lower().replace("’", "'")


_LABEL_KIND = {_key(label.split()): kind for kind, labels in LABELS.items() for label in labels}
_SYMBOL_LABELS = frozenset(key for key in _LABEL_KIND if len(key) == 1 and not key.isalpha())
#: First and last words of the labels (and labels written as one word,
#: "veryGood"), for a quick test of the word beside a number.
_FIRST_WORDS = frozenset(label.split()[0] for labels in LABELS.values() for label in labels) | set(_LABEL_KIND)
_LAST_WORDS = frozenset(label.split()[-1] for labels in LABELS.values() for label in labels) | set(_LABEL_KIND)

#: A count: "7359", "8,431", "8.431", "8 431", "1.2k", "1,5 Mio", "3万"; not
#: part of a word, a longer number, a date or a time ("mp3", "12th", "3.14159",
#: "2024-01-16", "12:30"). Decimals only come with a k/M suffix: "Sehr Gut
#: 4.33" is a rating, not a count.
_NUMBER = re.compile(
    r"(?<![\d.,A-Za-zÀ-ÿ])(?<!\d[-/:])(?P<num>\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)"
    r"|\d{1,13}(?:[.,]\d{1,2}(?=[ \t]?(?:k|m|mio|mil|tsd|万|千|亿)(?![A-Za-zÀ-ÿ])))?)"
    r"(?:[ \t]?(?P<suffix>k|m|mio\.?|mil|tsd\.?|万|千|亿)(?![A-Za-zÀ-ÿ]))?(?![A-Za-zÀ-ÿ\d])(?![-/:]\d)",
    re.IGNORECASE)
#: A word (letters, apostrophe inside), or one other visible character (emoji, punctuation).
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]")
#: After a label-first count: not a percentage, a date or a time ("Share 45%",
#: "Views 2024-01-16", "Like 12:30").
_NOT_A_COUNT = re.compile(r"[ \t]*[)\]）】]?[ \t]*(?:%|‰|[.,:/-]\d)")
#: A year after a bare label ("gelesen 2018", "Share 2024") is a date, not a count.
_YEAR = re.compile(r"(?:19|20)\d\d$")
_OPEN = "([（【"
_CLOSE = ")]）】"
_MARKS = "!:：·•|"
_DIGIT = re.compile(r"\d")
_NON_DIGIT = re.compile(r"\D")
_GROUPED = re.compile(r"^\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+$")
_UNSPACED = re.compile(r"[\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]")
_SPACES = re.compile(r"\s+")
#: Nothing but closing punctuation may follow a counter that spans two lines.
_REST_OK = re.compile(r"[\s)\]）】|·•,;:!]*$")
_MULTIPLIERS = {"k": 1e3, "tsd": 1e3, "tsd.": 1e3, "mil": 1e3, "千": 1e3, "万": 1e4, "m": 1e6, "mio": 1e6,
                "mio.": 1e6, "亿": 1e8}
#: First code point of the CJK blocks; letters below it are Latin, Greek, Cyrillic ...
_CJK_START = 0x2E80


@dataclass(frozen=True)
class Counter:
    """One counter found on the page."""

    text: str  #: the counter as quoted, on one line
    kind: str  #: mood, like, view, share or comment
    label: str  #: the label, lower case, without spaces
    value: float  #: the number it shows
    line: int  #: index into ``ParsedPage.lines`` of its first line


def parse_count(number: str, suffix: str | None = None) -> float:
    """The value of a counter's number: thousands separators dropped, a decimal
    comma read as a point, a k/M/万 suffix applied; capped at MAX_COUNT_VALUE."""
    number = number.strip()
    if _GROUPED.match(number):
        value = float(_NON_DIGIT.sub("", number))
    else:
        value = float(number.replace(",", "."))
    if suffix:
        value *= _MULTIPLIERS.get(suffix.lower(), 1.0)
    return min(value, MAX_COUNT_VALUE)


def _may_be_label(text: str, i: int, backwards: bool) -> bool:
    """A quick test before the label lookup: the word that ends (or starts) at
    ``i`` is the last (or first) word of a label, holds an unspaced script, or
    the character there is a label emoji."""
    char = text[i - 1] if backwards else text[i]
    if char in _SYMBOL_LABELS:
        return True
    if not char.isalpha():
        return False
    j = i
    if backwards:
        while j > 0 and (text[j - 1].isalpha() or text[j - 1] in "'’"):
            j -= 1
        word = text[j:i]
    else:
        while j < len(text) and (text[j].isalpha() or text[j] in "'’"):
            j += 1
        word = text[i:j]
    word = word.lower().replace("’", "'")
    return word in (_LAST_WORDS if backwards else _FIRST_WORDS) or bool(_UNSPACED.search(word))


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and ord(char) < _CJK_START


def _widget_text(lines: list[str]) -> tuple[str, list[int], list[int]]:
    """Short lines that hold a digit, with their short neighbours (a label may sit
    on the line before or after its number), joined by line breaks; runs are
    separated by a blank line so a label never pairs across a skipped line.
    Also returns where each included line starts and its index in ``lines``."""
    keep = set()
    # Digits are looked for in the lines joined by line breaks, jumping to the
    # next line after each hit: lines without digits cost no Python step.
    joined = "\n".join(lines)
    line_starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    search = _DIGIT.search
    found = search(joined)
    while found is not None:
        index = bisect.bisect_right(line_starts, found.start()) - 1
        if len(lines[index]) <= WIDGET_LINE_MAX_CHARS:
            keep.update((index - 1, index, index + 1))
        found = search(joined, line_starts[index + 1])
    parts: list[str] = []
    starts: list[int] = []
    indices: list[int] = []
    offset, previous = 0, -2
    for index in sorted(keep):
        if index < 0 or index >= len(lines) or len(lines[index]) > WIDGET_LINE_MAX_CHARS:
            continue
        if parts:
            separator = "\n" if index == previous + 1 else "\n\n"
            parts.append(separator)
            offset += len(separator)
        # Emoji variation selectors ("❤️") would split a label from its symbol.
        line = lines[index].replace("\ufe0f", "")
        starts.append(offset)
        indices.append(index)
        parts.append(line)
        offset += len(line)
        previous = index
    return "".join(parts), starts, indices


def _skip_back(text: str, i: int, chars: str) -> int:
    while i > 0 and text[i - 1] in chars:
        i -= 1
    return i


def _skip_ahead(text: str, i: int, chars: str) -> int:
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _lookup(tokens: list[re.Match], text: str, from_end: bool) -> tuple[str, str, int, int]:
    """(kind, label, start, end) of the longest label among the first (or last)
    tokens, which must follow one another with single spaces; CJK labels may be
    the tail (or head) of a longer run of letters. ("", "", 0, 0) when none."""
    for n in range(min(LABEL_MAX_WORDS, len(tokens)), 0, -1):
        chosen = tokens[-n:] if from_end else tokens[:n]
        start, end = chosen[0].start(), chosen[-1].end()
        if n > 1 and any(chosen[k + 1].start() - chosen[k].end() != 1 for k in range(n - 1)):
            continue
        key = _key([t.group(0) for t in chosen])
        kind = _LABEL_KIND.get(key)
        if kind:
            return kind, key, start, end
    token = tokens[-1 if from_end else 0].group(0)
    if _UNSPACED.search(token):
        for size in range(min(UNSPACED_LABEL_MAX_CHARS, len(token)), 0, -1):
            piece = token[-size:] if from_end else token[:size]
            kind = _LABEL_KIND.get(piece)
            if kind:
                match = tokens[-1 if from_end else 0]
                if from_end:
                    return kind, piece, match.end() - size, match.end()
                return kind, piece, match.start(), match.start() + size
    return "", "", 0, 0


def _label_before(text: str, number_start: int, floor: int) -> tuple[str, str, int, bool, bool]:
    """The label a number follows: (kind, label, start, marked, spans_lines).
    ``marked``: a colon, "!" or bracket sets the number off ("Views: 12",
    "Like (3)"). Kind is "" when there is none."""
    i = _skip_back(text, number_start, " \t")
    marked = i > floor and text[i - 1] in _OPEN
    i = _skip_back(text, i - 1 if marked else i, " \t")
    spans = i > floor and text[i - 1] == "\n"
    i = _skip_back(text, i - 1 if spans else i, " \t")
    if i > floor and text[i - 1] in _MARKS:
        marked = True
        i = _skip_back(text, i - 1, " \t")
    if i <= floor or not _may_be_label(text, i, backwards=True):
        return "", "", 0, False, False
    line_start = text.rfind("\n", 0, i) + 1
    window_start = max(floor, line_start, i - LABEL_WINDOW_CHARS)
    tokens = list(_TOKEN.finditer(text, window_start, i))
    if not tokens or tokens[-1].end() != i:
        return "", "", 0, False, False
    kind, label, start, _ = _lookup(tokens, text, from_end=True)
    return kind, label, start, marked, spans


def _label_after(text: str, number_end: int) -> tuple[str, str, int, bool, bool]:
    """The label that follows a number: (kind, label, end, marked, spans_lines)."""
    i = _skip_ahead(text, number_end, " \t")
    marked = i < len(text) and text[i] in _CLOSE
    i = _skip_ahead(text, i + 1 if marked else i, " \t")
    spans = i < len(text) and text[i] == "\n"
    i = _skip_ahead(text, i + 1 if spans else i, " \t")
    if i >= len(text) or not _may_be_label(text, i, backwards=False):
        return "", "", 0, False, False
    line_end = text.find("\n", i)
    line_end = len(text) if line_end < 0 else line_end
    tokens = list(_TOKEN.finditer(text, i, min(line_end, i + LABEL_WINDOW_CHARS)))
    if not tokens or tokens[0].start() != i:
        return "", "", 0, False, False
    kind, label, _, end = _lookup(tokens, text, from_end=False)
    return kind, label, end, marked, spans


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _followed_by_words(text: str, end: int, line_end: int) -> bool:
    """Whether running words follow a counter on its line ("Share 45 minutes
    ago"), rather than nothing, punctuation or the next counter of a row."""
    rest = text[end:line_end].lstrip(" \t" + _CLOSE)
    if not rest or not _is_latin_letter(rest[0]):
        return False
    tokens = list(_TOKEN.finditer(rest, 0, LABEL_WINDOW_CHARS))
    return not _lookup(tokens, rest, from_end=False)[0]


def _counter_at(text: str, number: re.Match, floor: int) -> tuple[int, int, str, str] | None:
    """(start, end, kind, label) of the counter a number belongs to, or None.

    A counter that spans two lines must fill them; a bare "Label N" / "N label"
    in words must not sit inside running words ("Apple Shares 2 New Phones"),
    unless it continues a row of counters ("Like 12 Share 4")."""
    n_start, n_end = number.span()
    kind, label, start, marked, spans = _label_before(text, n_start, floor)
    if kind and not _NOT_A_COUNT.match(text, n_end) and (marked or not _YEAR.match(number.group(0))):
        end = _skip_ahead(text, n_end, " \t")
        end = end + 1 if end < len(text) and text[end] in _CLOSE else n_end
        line_start, line_end = _line_bounds(text, start, end)
        if spans:
            if not text[line_start:start].strip() and _REST_OK.match(text, end, line_end):
                return start, end, kind, label
        elif not _followed_by_words(text, end, line_end) and _stands_apart(text, line_start, start, floor,
                                                                           marked, label):
            return start, end, kind, label
    kind, label, end, marked, spans = _label_after(text, n_end)
    if not kind or kind == KIND_MOOD:
        # "10 Good Reasons", "2000 Love": a number before a mood word is a headline, not a widget.
        return None
    start = n_start - 1 if n_start > floor and text[n_start - 1] in _OPEN else n_start
    marked = marked or start < n_start
    line_start, line_end = _line_bounds(text, start, end)
    if spans:
        if not text[line_start:start].strip() and _REST_OK.match(text, end, line_end):
            return start, end, kind, label
        return None
    if _followed_by_words(text, end, line_end) or not _stands_apart(text, line_start, start, floor, marked, label):
        return None
    return start, end, kind, label


def _stands_apart(text: str, line_start: int, start: int, floor: int, marked: bool, label: str) -> bool:
    """Whether a same-line counter starts a widget: marked off by a colon or
    brackets, labelled in an unspaced script or with an emoji, at the start of
    its line, after punctuation, or right after the previous counter."""
    if marked or not _is_latin_letter(label[0]):
        return True
    before = text[line_start:start].rstrip()
    return not before or not _is_latin_letter(before[-1]) or (floor > line_start and not text[floor:start].strip())


def find_counters(page: ParsedPage) -> list[Counter]:
    """Every counter on the page, in reading order, at most MAX_COUNTERS."""
    text, starts, indices = _widget_text(page.lines)
    counters: list[Counter] = []
    floor = 0
    for number in _NUMBER.finditer(text):
        if number.start() < floor:
            continue
        found = _counter_at(text, number, floor)
        if found is None:
            continue
        start, end, kind, label = found
        quote = _SPACES.sub(" ", text[start:end]).strip()
        if quote[0] in _OPEN and not any(c in _CLOSE for c in quote):
            quote = quote[1:].lstrip()  # "(14.169 Likes" from "(14.169 Likes · 3 Shares)"
        counters.append(Counter(text=quote, kind=kind, label=label,
                                value=parse_count(number.group("num"), number.group("suffix")),
                                line=indices[bisect.bisect_right(starts, start) - 1]))
        floor = end
        if len(counters) >= MAX_COUNTERS:
            break
    return counters


def article_end_line(page: ParsedPage) -> int:
    """Index into ``page.lines`` of the last line of the article body (the
    last paragraph), or -1 when the page has no paragraphs."""
    paragraphs = page.paragraphs
    if not paragraphs:
        return -1
    last = paragraphs[-1]
    shortest = min(len(last), END_LINE_MIN_CHARS)
    lines = page.lines
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if len(line) >= shortest and line in last:
            return index
    return -1


def reaction_after_article(page: ParsedPage, counters: list[Counter]) -> tuple[float, Counter | None]:
    """(closeness, counter) of the first vote, like or view counter within
    END_WINDOW_LINES lines after the article body; (0, None) when there is none."""
    reactions = [c for c in counters if c.kind in REACTION_KINDS]
    end = article_end_line(page) if reactions else -1
    if end < 0:
        return 0.0, None
    for counter in reactions:
        gap = counter.line - end
        if 1 <= gap <= END_WINDOW_LINES:
            return 1.0 - (gap - 1) / END_WINDOW_LINES, counter
    return 0.0, None


def aged_view_counters(page: ParsedPage, counters: list[Counter]) -> list[Counter]:
    """View counters whose line also holds a relative age ("3 hours ago · 12.4K
    views"). Only the few view counters' lines are searched."""
    lines = page.lines
    return [c for c in counters if c.kind == KIND_VIEW and RELATIVE_AGE.search(lines[c.line])]


def quote_counters(counters: list[Counter], most: int = 3) -> str:
    """"engagement counter 'veryGood! (7359)'", several quoted, or empty."""
    if not counters:
        return ""
    quoted = ", ".join(f"'{c.text}'" for c in counters[:most])
    more = f" (+{len(counters) - most} more)" if len(counters) > most else ""
    noun = "engagement counter" if len(counters) == 1 else "engagement counters"
    return f"{noun} {quoted}{more}"


class EngagementCounters(PageFeature):
    """Vote, like, view, share and comment counters with numbers."""

    name: ClassVar[str] = "engagement_counters"
    feature_names: ClassVar[tuple[str, ...]] = (
        "n_counters",
        "n_vote_counters",
        "n_view_counters",
        "n_share_counters",
        "n_comment_counters",
        "mood_labels",
        "max_count_log",
        "reaction_after_article",
        "aged_view_counters",
    )
    farm_markers = ("n_vote_counters", "n_view_counters", "mood_labels", "max_count_log", "reaction_after_article",
                    "aged_view_counters")
    reason_templates: ClassVar[dict[str, str]] = {
        "n_counters": "the page shows {value:g} engagement counters: {evidence}",
        "n_vote_counters": "the page shows vote or like buttons with numbers: {evidence}",
        "n_view_counters": "the page shows a view count: {evidence}",
        "n_share_counters": "the page shows a share count: {evidence}",
        "n_comment_counters": "the page shows a comment count: {evidence}",
        "mood_labels": "a mood-vote button or widget: {evidence}",
        "max_count_log": "a counter shows a large number: {evidence}",
        "reaction_after_article": "a vote or view counter closes the article: {evidence}",
        "aged_view_counters": "a view count beside an 'N hours ago' stamp, as aggregators print: {evidence}",
    }
    counter_reason_templates: ClassVar[dict[str, str]] = {
        "n_counters": "no vote, like or view counters on the page",
        "n_vote_counters": "no vote or like buttons with numbers",
        "mood_labels": "no mood-vote widget",
        "reaction_after_article": "no vote or view counter right after the article",
        "n_comment_counters": "readers comment on the page: {evidence}",
        "n_view_counters": "no view counts on the page",
        "n_share_counters": "no share counts on the page",
        "max_count_log": "the counters on the page show only small numbers",
        "aged_view_counters": "no view counts beside 'N hours ago' stamps",
    }

    def extract(self, page: ParsedPage) -> dict[str, float]:
        counters = page.memo(find_counters, lambda: find_counters(page))
        kinds = [c.kind for c in counters]
        return {
            "n_counters": float(len(counters)),
            "n_vote_counters": float(sum(k in VOTE_KINDS for k in kinds)),
            "n_view_counters": float(kinds.count(KIND_VIEW)),
            "n_share_counters": float(kinds.count(KIND_SHARE)),
            "n_comment_counters": float(kinds.count(KIND_COMMENT)),
            "mood_labels": float(len({c.label.replace(" ", "") for c in counters if c.kind == KIND_MOOD})),
            "max_count_log": math.log10(1.0 + max((c.value for c in counters), default=0.0)),
            "reaction_after_article": reaction_after_article(page, counters)[0],
            "aged_view_counters": float(len(aged_view_counters(page, counters))),
        }

    def evidence(self, page: ParsedPage, feature: str) -> str:
        """The counters behind ``feature``, quoted compactly:
        "engagement counter 'veryGood! (7359)'"."""
        counters = page.memo(find_counters, lambda: find_counters(page))
        if feature == "n_vote_counters":
            counters = [c for c in counters if c.kind in VOTE_KINDS]
        elif feature == "mood_labels":
            counters = [c for c in counters if c.kind == KIND_MOOD]
        elif feature in ("n_view_counters", "n_share_counters", "n_comment_counters"):
            kind = feature[len("n_"):-len("_counters")]
            counters = [c for c in counters if c.kind == kind]
        elif feature == "max_count_log":
            counters = sorted(counters, key=lambda c: -c.value)[:1]
        elif feature == "reaction_after_article":
            counter = reaction_after_article(page, counters)[1]
            counters = [counter] if counter is not None else []
        elif feature == "aged_view_counters":
            lines = page.lines
            return "; ".join(f"'{_SPACES.sub(' ', lines[c.line]).strip()}'"
                             for c in aged_view_counters(page, counters)[:2])
        return quote_counters(counters)
