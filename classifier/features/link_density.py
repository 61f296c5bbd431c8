"""Link density: how much of the page is link text, and where it sits.

What is measured (all from the cached views of :class:`~classifier.parse.ParsedPage`):

* ``link_share`` -- characters of link text over characters of visible text, in
  [0, 1]. In plain-text pages the items of headline lists count as links (see
  ``ParsedPage.links``).
* ``link_line_share`` -- the per-block view: share of visible text blocks
  (lines) that are nothing but a link, in [0, 1]. Prose has few such blocks;
  menus, sidebars and headline lists are made of them.
* ``main_link_density`` -- characters inside links within the article body
  over the body's characters, in [0, 0.3] (body paragraphs are link-poor by
  definition). Originals link from their own prose to their own archive;
  copies pasted by farms usually lose those inline links.
* ``largest_list_links`` / ``largest_list_chars`` / ``largest_list_link_density``
  -- the largest headline-list block outside the article body (the widest
  sidebar): its number of links, its characters, and the share of those
  characters inside links, in [0, 1].
* ``list_links`` -- links in all headline lists together.
* ``links_per_100_words`` -- links on the page per 100 words of article body;
  the body is counted as at least ``main_words_floor`` words so a page with
  almost no body stays finite (at most ``2 * links`` with the default floor).
* ``list_text_share`` -- characters of headline lists over characters of
  headline lists plus article body, in [0, 1]: how much of what the page offers
  is other stories rather than this one.

Why it separates farms from originals: a farm page is a copied story wrapped
in long, pure-link sidebars ("Related / Ranking / Recommendation") that can
outweigh the story itself, while its copied body carries no inline links. An
original has its own navigation too, but its lists are shorter than the story,
often carry teasers and dates beside the links, and its prose links to its own
coverage. Link density is therefore weak on its own (news home pages are all
links) and meant to be read together with ``headline_lists``.

Degenerate pages: an empty or unparsable page has no text and no links, so
every feature is 0. A page of links only has ``link_share`` and
``link_line_share`` near 1, ``main_link_density`` 0 and a large
``links_per_100_words``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..parse import LinkList, ParsedPage
from ._base import PageFeature, ratio

#: Words of article body the link rate is divided by at the least (words).
#: About the length of the shortest news brief in the corpus; without a floor a
#: page with a two-line body would score thousands of links per 100 words and
#: drown every other page in the feature's range.
MAIN_WORDS_FLOOR = 50
#: Links per 100 words is per this many words.
PER_WORDS = 100
#: A list marker in plain text ("- ", "* ", "1. "); headline-list items of text
#: pages are stored without it, so lines are compared without it too.
LIST_MARKER = re.compile(r"^\s*(?:[-*•·–—]|\d{1,2}[.)])\s+")


def _largest_list(page: ParsedPage) -> LinkList | None:
    """The headline list with the most link text (ties: the first on the page)."""
    best = None
    for lst in page.link_lists:
        if best is None or lst.link_chars > best.link_chars:
            best = lst
    return best


class LinkDensity(PageFeature):
    """Share of the page inside links, overall, per block and in sidebars."""

    name: ClassVar[str] = "link_density"
    feature_names: ClassVar[tuple[str, ...]] = (
        "link_share",
        "link_line_share",
        "main_link_density",
        "largest_list_links",
        "largest_list_chars",
        "largest_list_link_density",
        "list_links",
        "links_per_100_words",
        "list_text_share",
    )
    reason_templates: ClassVar[dict[str, str]] = {
        "link_share": "{value:.0%} of the visible text is link text",
        "link_line_share": "{value:.0%} of the text blocks are bare links",
        "largest_list_links": "a sidebar of {value:.0f} links ({evidence})",
        "largest_list_chars": "a sidebar of {value:.0f} characters of other stories ({evidence})",
        "largest_list_link_density": "the largest sidebar is {value:.0%} link text ({evidence})",
        "list_links": "{value:.0f} links in headline lists",
        "links_per_100_words": "{value:.1f} links per 100 words of story",
        "list_text_share": "lists of other stories make up {value:.0%} of the story plus lists ({evidence})",
        "main_link_density": "links make up {value:.1%} of the story's own text",
    }
    counter_reason_templates: ClassVar[dict[str, str]] = {
        "main_link_density": "the story links from its own text ({evidence})",
        "list_text_share": "the story outweighs the link lists around it ({evidence})",
        "link_share": "little of the page is link text ({value:.0%})",
        "link_line_share": "few of the text blocks are bare links ({value:.0%})",
        "links_per_100_words": "few links per 100 words of story ({value:.1f})",
        "largest_list_links": "no long sidebar of links (the longest has {value:.0f})",
        "list_links": "few links in headline lists ({value:.0f})",
        "largest_list_chars": "no long sidebar of other stories (the longest has {value:.0f} characters)",
        "largest_list_link_density": "the largest sidebar is {value:.0%} link text",
    }

    def __init__(self, *, main_words_floor: int = MAIN_WORDS_FLOOR):
        self.main_words_floor = main_words_floor

    def extract(self, page: ParsedPage) -> dict[str, float]:
        visible_chars = sum(len(line) for line in page.lines)
        link_texts = {link.text for link in page.links if link.text}
        lists = page.link_lists
        largest = _largest_list(page)
        list_chars = sum(lst.text_chars for lst in lists)
        main_chars = len(page.main_text)
        main_words = page.main_word_count  # word_count(page.main_text), already summed by the parse
        return {
            "link_share": min(1.0, ratio(page.link_text_chars, visible_chars)),
            "link_line_share": ratio(self._link_lines(page, link_texts), len(page.lines)),
            "main_link_density": ratio(page.main_link_chars, main_chars),
            "largest_list_links": float(largest.n_links) if largest else 0.0,
            "largest_list_chars": float(largest.text_chars) if largest else 0.0,
            "largest_list_link_density": min(1.0, ratio(largest.link_chars, largest.text_chars)) if largest else 0.0,
            "list_links": float(sum(lst.n_links for lst in lists)),
            "links_per_100_words": PER_WORDS * ratio(len(page.links), max(main_words, self.main_words_floor, 1)),
            "list_text_share": ratio(list_chars, list_chars + main_chars),
        }

    @staticmethod
    def _link_lines(page: ParsedPage, link_texts: set[str]) -> int:
        if page.kind == "text":
            return sum(1 for line in page.lines if LIST_MARKER.sub("", line) in link_texts)
        return sum(1 for line in page.lines if line in link_texts)

    def describe(self, page: ParsedPage, feature: str, value: float, towards_farm: bool = True) -> str:
        if feature == "main_link_density" and towards_farm and value == 0:
            # Copied text loses the inline links the outlet wrote into it.
            return "the story's text carries no links of its own"
        if feature in ("largest_list_links", "largest_list_chars", "list_links") and value == 0:
            return "no lists of links to other stories"
        return super().describe(page, feature, value, towards_farm)

    def evidence(self, page: ParsedPage, feature: str) -> str:
        largest = _largest_list(page)
        if feature.startswith("largest_list") and largest is not None:
            heading = f"'{largest.heading}'" if largest.heading else "untitled"
            return f"{heading} list of {largest.n_links} links, {largest.text_chars} characters"
        if feature == "list_text_share":
            list_chars = sum(lst.text_chars for lst in page.link_lists)
            return f"{list_chars} characters of lists, {len(page.main_text)} of story"
        if feature == "main_link_density":
            return f"{page.main_link_chars} of {len(page.main_text)} characters inside links"
        return ""
