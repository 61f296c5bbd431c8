"""SEO stuffing: key words piled around a copied story to rank for searches.

Pages built to rank take a story and surround it with its own key words. What
is measured:

* ``keywords_meta_terms``: terms in ``<meta name="keywords">`` (capped at
  MAX_TERMS); newsrooms that still fill it list a handful of topics;
* ``title_segments``: pieces of the ``<title>`` between " | ", " - ", " – "
  or " :: " separators: "Headline | Site" is 2, a stuffed title 4 or more;
* ``search_widgets``: headings of search-engine furniture copied onto the
  page — "People also ask", "Related searches" (and their translations);
* ``keyword_list_paragraphs``: paragraphs that are lists of short key
  phrases rather than sentences ("storm news today, storm latest updates,
  storm live, ...", or "Storm news. Storm today. Storm live.");
* ``tag_links``: links to tag pages (``/tag/``, ``/tags/``, ``/keyword/``),
  capped at MAX_TAG_LINKS: a tag cloud of twenty tags under one story;
* ``hidden_text_words``: words of text hidden with an inline
  ``display:none`` or ``visibility:hidden`` style that holds no markup (a
  block of key words for crawlers), capped at MAX_HIDDEN_WORDS;
* ``stuffed_title_phrases``: pieces of the ``<title>`` after the headline
  that are search phrases, a key word and search filler ("storm latest news",
  "live coast", "storm 2024", "Sturm heute"), counted when there are two or
  more. Newsrooms' titles go "Headline | Section | Site": their extra pieces
  are names, not a word plus "today" or "near me";
* ``repeated_key_phrases``: key-phrase paragraphs (as above) whose pieces are
  all short and repeat the same words, one of them in three pieces or more,
  most pieces sharing a word with another, and a repeated word in the page's
  title ("storm news, storm live, coast today, storm update, coast news"
  under "Storm hits coast"). Lists a newsroom prints (names, places, credits,
  results) name different things, or repeat a label ("Design", "points")
  that is not the story's key word; numbers in over a quarter of the pieces
  mean a results or figures list, not stuffing;
* ``hidden_keyword_words``: words of hidden text blocks (as above) of twenty
  words or more in which the same words come back again and again (a word
  four times or more, at most half the words distinct): a block of key words
  for crawlers, where hidden menus, forms and notices name things once.

Why it separates: a newsroom's page is written for readers; key-word lists,
search widgets and hidden text are written for search engines, on pages that
have no story of their own. Real sites carry tags and hidden menus too, so
these are counts for the model to weigh, not flags.

The first six are counts every kind of site shows some of; the last three are
their narrow, stuffed forms that real pages almost never show.

Range: non-negative numbers; an empty page gives zeros (``title_segments`` is
0 without a title).
"""

from __future__ import annotations

import re

from ..parse import ParsedPage
from ._base import PageFeature

MAX_TERMS = 50.0
MAX_TAG_LINKS = 50.0
MAX_HIDDEN_WORDS = 500.0
#: A key-phrase list has at least this many pieces, each at most this many
#: words on average.
PHRASE_LIST_MIN_PIECES = 5
PHRASE_MAX_MEAN_WORDS = 3.5

#: A stuffed-title phrase has at most this many words; a title counts as
#: stuffed with at least this many of them.
TITLE_PHRASE_MAX_WORDS = 4
STUFFED_TITLE_MIN_PHRASES = 2
#: A repeated key-phrase list: no piece longer than this, a word in at least
#: REPEAT_MIN_PIECES pieces, at least this share of pieces repeating a word,
#: at most this share of pieces with numbers other than a year.
REPEAT_PIECE_MAX_WORDS = 5
REPEAT_MIN_PIECES = 3
REPEAT_MIN_SHARE = 0.6
REPEAT_MAX_NUMBER_SHARE = 0.25
#: A hidden key-word block: at least this many words, one word at least
#: HIDDEN_MIN_REPEATS times, at most this share of the words distinct.
HIDDEN_MIN_WORDS = 20
HIDDEN_MIN_REPEATS = 4
HIDDEN_MAX_DISTINCT = 0.5

TITLE_SEPARATOR = re.compile(r"\s(?:\||-|–|—|::|»)\s")
SEARCH_WIDGET = re.compile(
    r"^(people also ask|related searches|people also search for|searches related to|related search terms"
    r"|ähnliche suchanfragen|andere suchten auch|recherches associées|autres questions posées"
    r"|búsquedas relacionadas|otras preguntas de los usuarios|ricerche correlate|pesquisas relacionadas)\W*$",
    re.I,
)
TAG_HREF = re.compile(r"/(?:tag|tags|keyword|keywords|schlagwort|etiqueta)/", re.I)
HIDDEN_BLOCK = re.compile(r"<(?:div|p|span|section)\b[^>]*?style\s*=\s*[\"'][^\"'>]*?"
                          r"(?:display\s*:\s*none|visibility\s*:\s*hidden)[^>]*>([^<]{20,})<", re.I)
SENTENCE_SPLIT = re.compile(r"[.!?]\s+")
#: Content words for repetition checks: four letters or more (no digits).
KEY_WORD = re.compile(r"[^\W\d_]{4,}", re.U)
#: Function words of four letters or more in en/de/fr/es: a repeated "with"
#: or "oder" says nothing about key words.
FUNCTION_WORDS = frozenset("""
that this with from into over after about than then they them their there what when where which
were been have will would could might more most also your
oder eine einer eines einem einen sind wird werden nicht auch sich beim über unter gegen durch ohne noch schon
pour avec dans sont plus leur leurs nous vous elle elles
para como más pero sobre entre desde hasta este esta estos estas
""".split())
#: Search filler joined to a key word in stuffed title phrases: recency and
#: search-intent words of SEO titles ("latest news", "near me", "was wir
#: wissen", "en vivo") and a year. Whole words, matched case-insensitively.
TITLE_FILLER = re.compile(
    r"\b(?:latest news|latest updates?|latest|news today|today|tonight|live updates?|live|updates?|breaking(?: news)?"
    r"|near me|what we know|explained|full story|top news|official|news|(?:19|20)\d\d"
    r"|aktuell|heute|neueste nachrichten|nachrichten|alle infos|was wir wissen|eilmeldung"
    r"|actualités?|actualite|aujourd'hui|dernières nouvelles|dernière minute|en direct|infos?"
    r"|noticias|hoy|últimas noticias|última hora|en vivo|en directo|actualización)\b",
    re.I | re.U)
NUMBER = re.compile(r"\d")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _phrase_pieces(paragraph: str) -> list[str] | None:
    """The short phrases a key-phrase paragraph is made of, or None."""
    for pieces in (paragraph.split(","), SENTENCE_SPLIT.split(paragraph)):
        pieces = [p for p in (piece.strip(" .") for piece in pieces) if p]
        if len(pieces) >= PHRASE_LIST_MIN_PIECES and \
                sum(len(p.split()) for p in pieces) / len(pieces) <= PHRASE_MAX_MEAN_WORDS:
            return pieces
    return None


def keyword_list_paragraphs(paragraphs: list[str]) -> list[str]:
    """Paragraphs made of comma- or period-separated short phrases."""
    return [paragraph for paragraph in paragraphs if _phrase_pieces(paragraph)]


def key_words(text: str) -> set[str]:
    """Lower-cased content words of four letters or more."""
    return {w for w in KEY_WORD.findall(text.lower()) if w not in FUNCTION_WORDS}


def repeats_key_words(pieces: list[str], title_words: set[str] = frozenset()) -> bool:
    """True when a list of short phrases keeps coming back to the same words:
    stuffing, not a list of different names, places or results."""
    if max(len(p.split()) for p in pieces) > REPEAT_PIECE_MAX_WORDS:
        return False
    # "Smith 15 points. Jones 12 points." repeats "points": a results list.
    if sum(1 for p in pieces if NUMBER.search(YEAR.sub("", p))) > REPEAT_MAX_NUMBER_SHARE * len(pieces):
        return False
    words = [key_words(p) for p in pieces]
    counts: dict[str, int] = {}
    for found in words:
        for word in found:
            counts[word] = counts.get(word, 0) + 1
    if not counts or max(counts.values()) < REPEAT_MIN_PIECES:
        return False
    repeating = sum(1 for found in words if any(counts[w] >= 2 for w in found))
    # The words piled up are the page's own key words: one of them is in the
    # title. A credits list repeating "Design" or "Director" names no story.
    in_title = any(counts.get(word, 0) >= 2 for word in title_words)
    return in_title and repeating >= REPEAT_MIN_SHARE * len(pieces)


def repeated_key_phrase_paragraphs(paragraphs: list[str], title: str = "") -> list[str]:
    """Key-phrase paragraphs that repeat the same key words, one of them a
    word of ``title``."""
    title_words = key_words(title)
    return [paragraph for paragraph in paragraphs
            if (pieces := _phrase_pieces(paragraph)) and repeats_key_words(pieces, title_words)]


def stuffed_title_phrases(title: str) -> list[str]:
    """Pieces of a title after the headline that are a key word plus search
    filler ("storm latest news", "live coast"), when there are at least
    STUFFED_TITLE_MIN_PHRASES of them; else none."""
    pieces = [p for p in (piece.strip() for piece in TITLE_SEPARATOR.split(title.strip())) if p]
    if len(pieces) <= STUFFED_TITLE_MIN_PHRASES:
        return []
    found = [piece for piece in pieces[1:] if len(piece.split()) <= TITLE_PHRASE_MAX_WORDS
             and TITLE_FILLER.search(piece) and key_words(TITLE_FILLER.sub(" ", piece))]
    return found if len(found) >= STUFFED_TITLE_MIN_PHRASES else []


def is_hidden_keyword_block(block: str) -> bool:
    """A hidden text block that repeats the same words many times."""
    tokens = block.lower().split()
    if len(tokens) < HIDDEN_MIN_WORDS or len(set(tokens)) > HIDDEN_MAX_DISTINCT * len(tokens):
        return False
    counts: dict[str, int] = {}
    for word in KEY_WORD.findall(block.lower()):
        counts[word] = counts.get(word, 0) + 1
    return max(counts.values(), default=0) >= HIDDEN_MIN_REPEATS


class SeoStuffing(PageFeature):
    """Key words piled around the story for search engines."""

    name = "seo_stuffing"
    feature_names = ("keywords_meta_terms", "title_segments", "search_widgets", "keyword_list_paragraphs",
                     "tag_links", "hidden_text_words", "stuffed_title_phrases", "repeated_key_phrases",
                     "hidden_keyword_words")
    farm_markers = feature_names
    reason_templates = {
        "keywords_meta_terms": "{value:.0f} terms in the keywords meta tag",
        "title_segments": "the title is stuffed with {value:.0f} phrases: {evidence}",
        "search_widgets": "search-engine widgets on the page: {evidence}",
        "keyword_list_paragraphs": "paragraphs of key phrases, not sentences: {evidence}",
        "tag_links": "{value:.0f} links to tag pages (a tag cloud)",
        "hidden_text_words": "{value:.0f} words of hidden text: {evidence}",
        "stuffed_title_phrases": "the title adds {value:.0f} search phrases to the headline: {evidence}",
        "repeated_key_phrases": "paragraphs repeating the same key words as a list of phrases: {evidence}",
        "hidden_keyword_words": "{value:.0f} hidden words repeating the same key words: {evidence}",
    }
    counter_reason_templates = {
        "title_segments": "the title is a plain headline",
        "keywords_meta_terms": "no list of search keywords in the page's meta tags",
        "search_widgets": "no search-engine widgets on the page",
        "keyword_list_paragraphs": "no paragraphs of bare key phrases",
        "tag_links": "{value:.0f} links to tag pages",
        "hidden_text_words": "no hidden text",
        "stuffed_title_phrases": "the title adds no search phrases to the headline",
        "repeated_key_phrases": "no paragraphs repeating the same key words",
        "hidden_keyword_words": "no hidden words repeating key words",
    }

    def _hidden_blocks(self, page: ParsedPage) -> list[str]:
        if page.kind != "html" or "display" not in page.source and "visibility" not in page.source:
            return []
        return page.memo("seo_stuffing.hidden", lambda: [m.group(1).strip() for m in HIDDEN_BLOCK.finditer(page.source)
                                                         if m.group(1).strip()])

    def _phrase_lists(self, page: ParsedPage) -> list[tuple[str, list[str]]]:
        # Both key-phrase features read the same split paragraphs: split once.
        return page.memo("seo_stuffing.phrase_lists", lambda: [
            (paragraph, pieces) for paragraph in page.paragraphs if (pieces := _phrase_pieces(paragraph))])

    def _matches(self, page: ParsedPage, feature: str) -> list[str]:
        if feature == "title_segments":
            return [page.title] if len(TITLE_SEPARATOR.split(page.title)) > 2 else []
        if feature == "search_widgets":
            return [line for line in page.lines if len(line) < 60 and SEARCH_WIDGET.match(line)]
        if feature == "keyword_list_paragraphs":
            return [paragraph for paragraph, _ in self._phrase_lists(page)]
        if feature == "hidden_text_words":
            return self._hidden_blocks(page)
        if feature == "stuffed_title_phrases":
            return stuffed_title_phrases(page.title)
        if feature == "repeated_key_phrases":
            title_words = key_words(page.title)
            return [paragraph for paragraph, pieces in self._phrase_lists(page)
                    if repeats_key_words(pieces, title_words)]
        if feature == "hidden_keyword_words":
            return [block for block in self._hidden_blocks(page) if is_hidden_keyword_block(block)]
        return []

    def extract(self, page: ParsedPage) -> dict[str, float]:
        keywords = page.meta.get("keywords", "")
        terms = [t for t in keywords.split(",") if t.strip()]
        title = page.title.strip()
        hidden_keywords = self._matches(page, "hidden_keyword_words")
        return {
            "keywords_meta_terms": min(MAX_TERMS, float(len(terms))),
            "title_segments": float(len(TITLE_SEPARATOR.split(title))) if title else 0.0,
            "search_widgets": float(len(self._matches(page, "search_widgets"))),
            "keyword_list_paragraphs": float(len(self._matches(page, "keyword_list_paragraphs"))),
            "tag_links": min(MAX_TAG_LINKS, float(sum(1 for link in page.links if TAG_HREF.search(link.href)))),
            "hidden_text_words": min(MAX_HIDDEN_WORDS, float(sum(len(b.split()) for b in self._hidden_blocks(page)))),
            "stuffed_title_phrases": float(len(stuffed_title_phrases(title))),
            "repeated_key_phrases": float(len(self._matches(page, "repeated_key_phrases"))),
            "hidden_keyword_words": min(MAX_HIDDEN_WORDS, float(sum(len(b.split()) for b in hidden_keywords))),
        }

    def describe(self, page: ParsedPage, feature: str, value: float, towards_farm: bool = True) -> str:
        # The title's shape moves a score both ways: a bare headline with no
        # site name reads differently from a title stuffed with phrases.
        if feature == "title_segments" and value < 3:
            if value == 1:
                return "the title is the bare headline, with no site name" if towards_farm else \
                    "the title is a plain headline"
            return "the title is a headline and a site name" if not towards_farm else \
                "the title is a headline and one more phrase"
        return super().describe(page, feature, value, towards_farm)

    def evidence(self, page: ParsedPage, feature: str) -> str:
        found = self._matches(page, feature)
        if not found:
            return ""
        text = found[0] if len(found[0]) <= 80 else found[0][:77] + "…"
        more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
        return f"'{text}'{more}"
