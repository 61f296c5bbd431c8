"""Headlines for the lists around a grafted story.

Farms fill "Related / Ranking / Recommendation" with headlines scraped from
anywhere: other topics, other years, the same item twice, items cut at a
character limit ("Average rate on 30"). Licensed outlets list stories that are
related to the one on the page. Both kinds come from the headlines of *other*
real corpus pages: :meth:`HeadlinePool.unrelated` draws at random (avoiding the
story's own words) and :meth:`HeadlinePool.related` ranks by words shared with
the story.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass

#: A content word has at least this many letters (shorter words are mostly
#: function words in the corpus languages).
CONTENT_WORD_MIN_CHARS = 4
#: Words compared by their first letters, so "election" meets "elections".
STEM_CHARS = 6
#: Related headlines share at least this many content words with the story's
#: key terms (those sharing most come first). With ~1,400 corpus headlines, one
#: story in ten has three headlines in its language sharing two words; one
#: shared key term (a name, a place, the topic word) already makes a headline
#: topical, and the headline_lists feature counts it as related.
RELATED_MIN_SHARED = 1
#: The story's key terms: the headline's content words plus this many of the
#: most frequent content words of its body.
KEY_BODY_TERMS = 25
#: An unrelated headline shares at most this many words with the story.
UNRELATED_MAX_SHARED = 0
#: Attempts to find an unrelated headline before taking any.
DRAW_ATTEMPTS = 6
#: Truncated headlines are cut at this many characters (scrapers cut at a
#: fixed field width; the seed shows a cut at 18), at a word boundary.
TRUNCATE_CHARS = (12, 42)
#: Share of truncated headlines that keep an ellipsis (most scrapers do not).
TRUNCATE_ELLIPSIS_SHARE = 0.25

_WORD = re.compile(r"[^\W\d_]+", re.U)
STOP_WORDS = frozenset("""
about after also and are aber auch bei beim bis das dass dem den der des die diese dieser dieses doch durch ein eine
einem einen einer eines for from have has heute into ist mehr mit nach nicht noch nur oder ohne sein sich sie sind
some than that their them then there they this über und unter vom von vor was wenn werden wie will with wird zum
zur dans pour avec sont plus leur elle nous vous mais comme para como pero sobre entre desde cuando esta este
what when where which while who why your more most just like over been were being
""".split())


def content_words(text: str) -> set[str]:
    return {w[:STEM_CHARS] for w in (m.lower() for m in _WORD.findall(text))
            if len(w) >= CONTENT_WORD_MIN_CHARS and w not in STOP_WORDS}


def key_terms(headline: str, paragraphs: list[str]) -> set[str]:
    counts: dict[str, int] = defaultdict(int)
    for paragraph in paragraphs:
        for w in (m.lower() for m in _WORD.findall(paragraph)):
            if len(w) >= CONTENT_WORD_MIN_CHARS and w not in STOP_WORDS:
                counts[w[:STEM_CHARS]] += 1
    top = sorted(counts, key=lambda w: (-counts[w], w))[:KEY_BODY_TERMS]
    return content_words(headline) | set(top)


@dataclass(frozen=True)
class Headline:
    text: str
    lang: str
    page_id: str
    site: str


class HeadlinePool:
    """The headlines of the corpus pages, by language, in corpus order."""

    def __init__(self, headlines: list[Headline]):
        self.headlines = headlines
        self.by_lang: dict[str, list[int]] = defaultdict(list)
        self.words = [content_words(h.text) for h in headlines]
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, h in enumerate(headlines):
            self.by_lang[h.lang].append(i)
            for w in sorted(self.words[i]):
                self.index[w].append(i)

    def unrelated(self, rng: random.Random, n: int, lang: str, terms: set[str], exclude: set[str],
                  foreign_share: float = 0.0) -> list[str]:
        """``n`` headlines of other pages that share no word with ``terms``;
        ``foreign_share`` of them from any language (scraped from anywhere)."""
        same = self.by_lang.get(lang) or self.by_lang.get("en") or list(range(len(self.headlines)))
        everything = range(len(self.headlines))
        out: list[str] = []
        for _ in range(n):
            pool = everything if rng.random() < foreign_share else same
            choice = None
            for _ in range(DRAW_ATTEMPTS):
                i = pool[rng.randrange(len(pool))]
                if self.headlines[i].page_id in exclude or self.headlines[i].text in out:
                    continue
                choice = i
                if len(self.words[i] & terms) <= UNRELATED_MAX_SHARED:
                    break
            if choice is not None:
                out.append(self.headlines[choice].text)
        return out

    def related(self, rng: random.Random, n: int, lang: str, terms: set[str], exclude: set[str]) -> list[str]:
        """Up to ``n`` headlines of the same language that share at least
        RELATED_MIN_SHARED words with ``terms``, most shared first (ties in
        random order)."""
        shared: dict[int, int] = defaultdict(int)
        for w in sorted(terms):
            for i in self.index.get(w, ()):
                shared[i] += 1
        ranked = [(count, rng.random(), i) for i, count in sorted(shared.items())
                  if count >= RELATED_MIN_SHARED and self.headlines[i].lang == lang
                  and self.headlines[i].page_id not in exclude]
        ranked.sort(key=lambda item: (-item[0], item[1]))
        out: list[str] = []
        for _, _, i in ranked:
            text = self.headlines[i].text
            if text not in out:
                out.append(text)
            if len(out) >= n:
                break
        return out


def truncate(rng: random.Random, text: str) -> str:
    """``text`` cut at a field width as scrapers leave it: at the limit when
    that falls between words or at a hyphen ("Average rate on 30" from
    "... on 30-year ..."), else back to the last whole word."""
    limit = rng.randint(*TRUNCATE_CHARS)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit].isalnum() and cut[-1:].isalnum():
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(" ,;:-–")
    if not cut or cut == text:
        return text
    return cut + ("..." if rng.random() < TRUNCATE_ELLIPSIS_SHARE else "")


def farm_lists(rng: random.Random, pool: HeadlinePool, n_lists: int, sizes: tuple[int, int], lang: str,
               terms: set[str], exclude: set[str], *, duplicate_rate: float, truncate_rate: float,
               foreign_share: float = 0.1) -> list[list[str]]:
    """Headline lists as farm widgets fill them: unrelated headlines, each list
    repeating items of the earlier ones with ``duplicate_rate`` per item
    position, each item truncated with ``truncate_rate``."""
    lists: list[list[str]] = []
    seen: list[str] = []
    for _ in range(n_lists):
        size = rng.randint(*sizes)
        fresh = pool.unrelated(rng, size, lang, terms, exclude, foreign_share)
        items: list[str] = []
        for item in fresh:
            if seen and rng.random() < duplicate_rate:
                unused = [s for s in seen if s not in items]
                if unused:
                    items.append(rng.choice(unused))
                    continue
            if rng.random() < truncate_rate:
                item = truncate(rng, item)
            items.append(item)
        seen.extend(items)
        lists.append(items)
    return lists
