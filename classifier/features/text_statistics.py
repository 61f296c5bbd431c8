"""Text statistics: descriptive measures of a page's text, after Ntoulas et al.

What is measured
----------------
Content-analysis measures from Ntoulas, Najork, Manasse and Fetterly (2006),
"Detecting spam web pages through content analysis" (WWW '06), adapted to
article pages:

A *word* here is a whitespace-separated token (with attached punctuation:
"said," is one word of five characters); in scripts written without spaces
(CJK, Thai) two characters count as one word, as in
:func:`classifier.parse.word_count`.

* ``main_words``: words in the main text (``ParsedPage.main_text``), 0 and up.
* ``visible_words``: words in the visible text, 0 and up.
* ``mean_word_length``: mean characters per word of the visible text, 0 to
  ``MAX_MEAN_WORD_LENGTH``.
* ``compression_ratio``: UTF-8 size of the visible text over its zlib size,
  1 and up for real text (0 for an empty page). Repeated blocks (the same
  headline in "Related" and "Ranking", templated filler) compress well; the
  paper found ratios above 4 to be mostly spam.
* ``visible_share``: visible characters over HTML characters, 0-1 (the paper's
  "fraction of visible content"); ``NOT_HTML`` (-1) for text pages, where all
  of the input is visible and the ratio means nothing.
* ``stopword_share``: share of visible words that are common function words of
  English, German, French, Spanish, Italian or Dutch, 0-1. Prose is about
  40-50 % function words; lists of headlines, keyword stuffing and spun text
  have fewer.
* ``title_words``: words in ``<title>`` (the first line of a text page), 0 and up.
  Farm titles append the site name and run long.
* ``main_text_share``: main-text characters over visible characters, 0-1. An
  original article page is mostly its story; a farm page wraps a copied story
  in lists of other headlines.

Why it separates farms from originals
-------------------------------------
None of these alone marks a farm; they describe the page so that the model can
weigh other signals (a short main text, a page that is mostly lists, text that
repeats itself). Reasons are plain descriptions ("main text is only 85 words").

Empty or degenerate pages: every count and share is 0 (``visible_share`` is 0
for an empty HTML page and ``NOT_HTML`` for a text page). Values are finite.
"""

from __future__ import annotations

import zlib
from typing import ClassVar

from ..parse import _UNSPACED_SCRIPT, ParsedPage  # the script ranges word_count uses
from ._base import PageFeature, ratio

#: ``visible_share`` of a text page: there is no markup to compare with.
NOT_HTML = -1.0
#: zlib level for ``compression_ratio``. Level 1 is about three times faster
#: than the default 6 on page-sized text and ranks pages the same way (its
#: 32 KB window still finds repeated headlines); the ratio is descriptive.
COMPRESSION_LEVEL = 1
#: Text beyond this many characters is not compressed (a very long page says
#: no more about repetition, and the cost stays bounded).
COMPRESSION_MAX_CHARS = 200_000
#: ``mean_word_length`` is capped: a page of base64 or URLs is one "word".
MAX_MEAN_WORD_LENGTH = 30.0



def _count_words(text: str, tokens: list[str]) -> int:
    """Words of ``text``: whitespace-separated tokens, and in scripts written
    without spaces (CJK, Thai) one word per two characters, the rule of
    :func:`classifier.parse.word_count`. Splitting on whitespace is several
    times faster than a ``\\w+`` scan; it keeps "U.S." and "Korea's" whole."""
    if text.isascii():  # O(1): no CJK to look for
        return len(tokens)
    unspaced = len(_UNSPACED_SCRIPT.findall(text))
    if not unspaced:
        return len(tokens)
    # A token made of CJK characters counts by its characters instead.
    spaced = sum(1 for token in tokens if not _UNSPACED_SCRIPT.match(token))
    return spaced + unspaced // 2

#: The most frequent function words of the corpus languages, lower case
#: (about 40 a language, from standard stop-word lists; words shared by two
#: languages appear once).
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
those he she they we you i his her their our your not no so than then there here which who whom what when
where how all any some more most also about into over after before up out has have had do does did will would
can could should may might must just only very
der die das den dem des ein eine einer eines einem einen und oder aber wenn als auch auf aus bei mit nach von
vor zu zum zur im ins am an ist sind war waren wird werden wurde wurden hat haben hatte sein seine ihr ihre sie
er es wir ich nicht kein keine sich so wie noch nur schon dass daß für über unter um durch bis man
le la les un une des du de et ou mais si que qui quoi dans sur par pour avec sans est sont était ont avait il
elle ils elles nous vous je ne pas plus ce cette ces son sa ses leur leurs au aux en y
el los las una unos unas del al y o pero que en con sin por para es son fue era está están ha han se su sus
lo le les no más como muy también este esta estos estas ese esa
il lo gli uno di da con su per tra fra e è sono era ha hanno che chi non più come anche questo questa nel
nella della delle degli dei ai alle al
het een en of maar dat die dit deze van te op aan met voor naar bij uit om is zijn was waren heeft hebben
wordt worden niet geen ook zo als er hij zij wij ik je
""".split())


class TextStatistics(PageFeature):
    """Descriptive text measures after Ntoulas et al. (2006)."""

    name = "text_statistics"
    feature_names = ("main_words", "visible_words", "mean_word_length", "compression_ratio", "visible_share",
                     "stopword_share", "title_words", "main_text_share")
    reason_templates: ClassVar[dict[str, str]] = {
        "main_words": "main text is only {value:.0f} words",
        "compression_ratio": "the page's text repeats itself (it compresses {value:.1f} to 1)",
        "main_text_share": "the story is only {value:.0%} of the page's text",
        "title_words": "the title runs to {value:.0f} words: {evidence}",
        "stopword_share": "the text reads like lists rather than prose ({value:.0%} function words)",
        "visible_share": "little of the page is text ({value:.0%} of the HTML)",
        "visible_words": "the page holds {value:.0f} words of text",
        "mean_word_length": "the words average {value:.1f} letters",
    }
    counter_reason_templates: ClassVar[dict[str, str]] = {
        "main_words": "main text has {value:.0f} words",
        "main_text_share": "the story is {value:.0%} of the page's text",
        "stopword_share": "the text reads as prose ({value:.0%} function words)",
        "title_words": "the title is of a headline's length ({value:.0f} words)",
        "mean_word_length": "the words are of prose length ({value:.1f} letters on average)",
        "visible_words": "the page holds {value:.0f} words of text",
        "visible_share": "the page is mostly text ({value:.0%} of the HTML)",
        "compression_ratio": "the page's text does not repeat itself (it compresses {value:.1f} to 1)",
    }

    def extract(self, page: ParsedPage) -> dict[str, float]:
        visible = page.visible_text
        tokens = visible.lower().split()
        n_visible = _count_words(visible, tokens)
        word_chars = sum(map(len, tokens))
        stop = sum(map(STOPWORDS.__contains__, tokens))
        if visible:
            raw = visible[:COMPRESSION_MAX_CHARS].encode("utf-8")
            compression = ratio(len(raw), len(zlib.compress(raw, COMPRESSION_LEVEL)))
        else:
            compression = 0.0
        main = page.main_text
        return {
            "main_words": float(_count_words(main, main.split())),
            "visible_words": float(n_visible),
            "mean_word_length": min(ratio(word_chars, n_visible), MAX_MEAN_WORD_LENGTH),
            "compression_ratio": compression,
            "visible_share": (min(ratio(len(visible), page.html_chars), 1.0) if page.kind == "html"
                              else NOT_HTML),
            "stopword_share": ratio(stop, len(tokens)),
            "title_words": float(_count_words(page.title, page.title.split())),
            "main_text_share": min(ratio(len(main), len(visible)), 1.0),
        }

    def describe(self, page: ParsedPage, feature: str, value: float, towards_farm: bool = True) -> str:
        if feature == "visible_share" and value == NOT_HTML:
            return "the page is plain text: there is no HTML to weigh its text against"
        return super().describe(page, feature, value, towards_farm)

    def evidence(self, page: ParsedPage, feature: str) -> str:
        if feature == "title_words" and page.title:
            return f"'{page.title[:100]}'"
        return ""
