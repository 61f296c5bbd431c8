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
  block of key words for crawlers), capped at MAX_HIDDEN_WORDS.

Why it separates: a newsroom's page is written for readers; key-word lists,
search widgets and hidden text are written for search engines, on pages that
have no story of their own. Real sites carry tags and hidden menus too, so
these are counts for the model to weigh, not flags.

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


def keyword_list_paragraphs(paragraphs: list[str]) -> list[str]:
    """Paragraphs made of comma- or period-separated short phrases."""
    found = []
    for paragraph in paragraphs:
        for pieces in (paragraph.split(","), SENTENCE_SPLIT.split(paragraph)):
            pieces = [p for p in (piece.strip(" .") for piece in pieces) if p]
            if len(pieces) >= PHRASE_LIST_MIN_PIECES and \
                    sum(len(p.split()) for p in pieces) / len(pieces) <= PHRASE_MAX_MEAN_WORDS:
                found.append(paragraph)
                break
    return found


class SeoStuffing(PageFeature):
    """Key words piled around the story for search engines."""

    name = "seo_stuffing"
    feature_names = ("keywords_meta_terms", "title_segments", "search_widgets", "keyword_list_paragraphs",
                     "tag_links", "hidden_text_words")
    farm_markers = feature_names
    reason_templates = {
        "keywords_meta_terms": "{value:.0f} terms in the keywords meta tag",
        "title_segments": "the title is stuffed with {value:.0f} phrases: {evidence}",
        "search_widgets": "search-engine widgets on the page: {evidence}",
        "keyword_list_paragraphs": "paragraphs of key phrases, not sentences: {evidence}",
        "tag_links": "{value:.0f} links to tag pages (a tag cloud)",
        "hidden_text_words": "{value:.0f} words of hidden text: {evidence}",
    }
    counter_reason_templates = {
        "title_segments": "the title is a plain headline",
        "keywords_meta_terms": "no list of search keywords in the page's meta tags",
    }

    def _hidden_blocks(self, page: ParsedPage) -> list[str]:
        if page.kind != "html" or "display" not in page.source and "visibility" not in page.source:
            return []
        return page.memo("seo_stuffing.hidden", lambda: [m.group(1).strip() for m in HIDDEN_BLOCK.finditer(page.source)
                                                         if m.group(1).strip()])

    def _matches(self, page: ParsedPage, feature: str) -> list[str]:
        if feature == "title_segments":
            return [page.title] if len(TITLE_SEPARATOR.split(page.title)) > 2 else []
        if feature == "search_widgets":
            return [line for line in page.lines if len(line) < 60 and SEARCH_WIDGET.match(line)]
        if feature == "keyword_list_paragraphs":
            return keyword_list_paragraphs(page.paragraphs)
        if feature == "hidden_text_words":
            return self._hidden_blocks(page)
        return []

    def extract(self, page: ParsedPage) -> dict[str, float]:
        keywords = page.meta.get("keywords", "")
        terms = [t for t in keywords.split(",") if t.strip()]
        title = page.title.strip()
        return {
            "keywords_meta_terms": min(MAX_TERMS, float(len(terms))),
            "title_segments": float(len(TITLE_SEPARATOR.split(title))) if title else 0.0,
            "search_widgets": float(len(self._matches(page, "search_widgets"))),
            "keyword_list_paragraphs": float(len(self._matches(page, "keyword_list_paragraphs"))),
            "tag_links": min(MAX_TAG_LINKS, float(sum(1 for link in page.links if TAG_HREF.search(link.href)))),
            "hidden_text_words": min(MAX_HIDDEN_WORDS, float(sum(len(b.split()) for b in self._hidden_blocks(page)))),
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
