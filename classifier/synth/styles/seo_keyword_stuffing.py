"""Keyword-stuffed SEO page dressed as news (a style of our own finding).

Sites built to rank for search terms take a story and pile its key words
around it: a title stuffed with phrases ("... | latest news today 2024 |
breaking updates"), a keywords meta tag, a paragraph of keyword phrases
before and after the copy, "People also ask" questions built from the
headline, "Related searches" of keyword phrases, a tag cloud of twenty
tags, sometimes a block of keywords hidden from readers.
"""

from __future__ import annotations

import re

from ..kit import attr, esc, paragraphs_html
from ..pools import STOP_WORDS
from ..shell import Graft
from ..vocab import pick
from ._base import FarmStyle, StyleContext

#: Words stuffed around the key terms, by language.
FILLERS = {
    "en": ("latest news", "today", "update", "live", "breaking", "news today", "2024", "explained", "what we know",
           "full story", "updates", "near me", "official", "latest updates", "top news"),
    "de": ("aktuell", "news", "heute", "neueste Nachrichten", "live", "Update", "alle Infos", "was wir wissen"),
    "fr": ("actualité", "aujourd'hui", "dernières nouvelles", "en direct", "info"),
    "es": ("noticias", "hoy", "últimas noticias", "en vivo", "actualización"),
}
QUESTIONS = {
    "en": ("What happened with {k}?", "Why is {k} in the news?", "What is the latest on {k}?", "Who is {k}?",
           "When did {k} happen?"),
    "de": ("Was ist mit {k} passiert?", "Warum ist {k} in den Nachrichten?", "Was gibt es Neues zu {k}?"),
    "fr": ("Que s'est-il passé avec {k} ?", "Quelles sont les dernières nouvelles sur {k} ?"),
    "es": ("¿Qué pasó con {k}?", "¿Cuáles son las últimas noticias sobre {k}?"),
}
PAA_HEADING = {"en": "People also ask", "de": "Häufig gestellte Fragen", "fr": "Questions fréquentes",
               "es": "Preguntas frecuentes"}
SEARCHES_HEADING = {"en": "Related searches", "de": "Ähnliche Suchanfragen", "fr": "Recherches associées",
                    "es": "Búsquedas relacionadas"}
DATE_GAP_DAYS = (0, 1200)
TAG_COUNT = (12, 30)
_WORD = re.compile(r"[^\W\d_][\w'-]+", re.U)


def keywords(headline: str, paragraphs: list[str], n: int = 6) -> list[str]:
    """The story's most frequent capitalised words and phrases, then its
    headline's longest words: what an SEO tool would pick."""
    counts: dict[str, int] = {}
    for text in [headline, headline, *paragraphs[:6]]:
        for word in _WORD.findall(text):
            if len(word) >= 4 and word.lower() not in STOP_WORDS:
                counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w] - (2 if w[0].isupper() else 0), w))
    return ranked[:n] or ["news"]


class SeoKeywordStuffingStyle(FarmStyle):
    name = "seo_keyword_stuffing"
    summary = "keyword-stuffed SEO page posing as news: stuffed title and paragraphs, People also ask, tag cloud"
    signals = {
        "stuffed_title": 0.8, "keyword_paragraph": 0.8, "keywords_meta": 0.6, "people_also_ask": 0.5,
        "related_searches": 0.55, "tag_cloud": 0.6, "hidden_keywords": 0.3, "headline_lists": 0.6,
        "keyword_heading": 0.4,
    }

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = a.lang if a.lang in FILLERS else "en"
        widget = ctx.widget_lang(english_share=0.4)
        brand, domain = ctx.site()
        shown = ctx.later(DATE_GAP_DAYS)
        url = ctx.url(domain, shown, "news")
        keys = keywords(a.headline, a.story_paragraphs)
        fillers = FILLERS[lang]

        def phrase() -> str:
            k = rng.choice(keys)
            return f"{k} {rng.choice(fillers)}" if rng.random() < 0.7 else f"{rng.choice(fillers)} {k}"

        title = a.headline
        if ctx.chance(s["stuffed_title"]):
            title = " | ".join([a.headline] + [phrase() for _ in range(rng.randint(2, 4))])
        if ctx.chance(0.5):
            title += rng.choice((" - ", " | ")) + brand
        head = []
        if ctx.chance(s["keywords_meta"]):
            head.append(f'<meta name="keywords" content="{attr(", ".join(phrase() for _ in range(rng.randint(8, 20))))}">')

        body = []
        if ctx.chance(s["keyword_heading"]):
            body.append(f"<h2>{esc(keys[0])}: {esc(rng.choice(fillers))}</h2>")
        stuffed = ctx.chance(s["keyword_paragraph"])
        if stuffed:
            body.append(f"<p>{esc(', '.join(phrase() for _ in range(rng.randint(6, 14))))}.</p>")
        body.extend(paragraphs_html(a.story_paragraphs))
        if stuffed and ctx.chance(0.6):
            body.append(f"<p>{esc(' '.join(phrase().capitalize() + '.' for _ in range(rng.randint(5, 12))))}</p>")

        after, sidebar = [], []
        if ctx.chance(s["people_also_ask"]):
            first = a.story_paragraphs[0]
            qa = "".join(f"<h3>{esc(rng.choice(QUESTIONS[lang]).format(k=k))}</h3><p>{esc(first[:220])}</p>"
                         for k in rng.sample(keys, min(len(keys), rng.randint(2, 4))))
            after.append(f'<div class="{rng.choice(("faq", "paa", "questions"))}"><h2>{esc(PAA_HEADING[lang])}</h2>{qa}</div>')
        if ctx.chance(s["related_searches"]):
            searches = list(dict.fromkeys(phrase() for _ in range(rng.randint(6, 12))))
            after.append(ctx.list_html(SEARCHES_HEADING[lang], searches, domain))
        if ctx.chance(s["tag_cloud"]):
            tags = list(dict.fromkeys(phrase() if rng.random() < 0.6 else rng.choice(keys)
                                      for _ in range(rng.randint(*TAG_COUNT))))
            after.append(f'<div class="{rng.choice(("tags", "tag-cloud", "keywords"))}">'
                         + " ".join(f'<a href="/tag/{attr(t.lower().replace(" ", "-"))}">{esc(t)}</a>' for t in tags)
                         + "</div>")
        if ctx.chance(s["hidden_keywords"]):
            after.append(f'<div style="display:none">{esc(" ".join(phrase() for _ in range(rng.randint(15, 40))))}</div>')
        if ctx.chance(s["headline_lists"]):
            items = ctx.headline_lists(1, (5, 10), duplicate_rate=0.0, truncate_rate=0.05)[0]
            sidebar.append(ctx.list_html(pick(rng, "latest", widget), items, domain))

        return Graft(headline=a.headline, title=title, url=url, lang=a.lang, body=body, after=after, sidebar=sidebar,
                     head=head, description=", ".join(phrase() for _ in range(4)), published=shown.isoformat(),
                     date_policy=ctx.date_policy(keep=0.3, drop=0.3), author=None, site_name=ctx.site_name(brand),
                     rehost=ctx.chance(0.85))
