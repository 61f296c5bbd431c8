"""News aggregator farm: copied stories framed by "Trending" lists.

Aggregator farms scrape fresh stories (often within hours), show the whole
text or a long excerpt with "via <outlet>" and a "Continue reading" link,
drop the byline, and surround it with numbered "Trending" / "Hot Topics"
lists with relative times ("3 hours ago") and view counts ("12.4K views")
on the items and on the story itself.
"""

from __future__ import annotations

from ..kit import attr, esc, format_count, line_html, paragraphs_html
from ..shell import Graft
from ..vocab import pick, words
from ._base import FarmStyle, StyleContext

FRESH_SHARE = 0.65
FRESH_GAP_DAYS = (0, 2)
STALE_GAP_DAYS = (20, 900)
EXCERPT_SHARE = 0.45
EXCERPT_PARAGRAPHS = (2, 5)
TRENDING_SIZES = (5, 12)
AGO = {"en": ("{n} hours ago", "{n} minutes ago", "{n}h ago", "{n} days ago"),
       "de": ("vor {n} Stunden", "vor {n} Minuten", "vor {n} Tagen"),
       "fr": ("il y a {n} heures", "il y a {n} minutes"), "es": ("hace {n} horas", "hace {n} minutos"),
       "it": ("{n} ore fa", "{n} minuti fa"), "pt": ("há {n} horas", "há {n} minutos")}


class AggregatorStyle(FarmStyle):
    name = "aggregator"
    summary = "aggregator farm: fresh scraped stories, via-credit to the outlet, numbered Trending lists with counts"
    signals = {
        "trending_list": 1.0, "second_list": 0.5, "item_times": 0.5, "item_counts": 0.3, "story_views": 0.5,
        "share_count": 0.25, "via_line": 0.6, "excerpt": EXCERPT_SHARE, "fresh": FRESH_SHARE, "title_suffix": 0.7,
    }

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = ctx.widget_lang(english_share=0.5)
        brand, domain = ctx.site()
        shown = ctx.later(FRESH_GAP_DAYS if ctx.chance(s["fresh"]) else STALE_GAP_DAYS)
        url = ctx.url(domain, shown, rng.choice(("news", "trending", "feed", "story")))

        under = []
        meta = []
        if ctx.chance(s["via_line"]):
            meta.append(rng.choice((f"via {a.outlet}", f"{pick(rng, 'source', lang)} {a.domain.removeprefix('www.')}",
                                    f"From {a.outlet}")))
        meta.append(rng.choice(AGO.get(lang, AGO["en"])).format(n=rng.randint(1, 23)))
        if ctx.chance(s["story_views"]):
            meta.append(f"{format_count(rng, rng.randint(300, 250_000))} {pick(rng, 'views', lang).lower()}")
        under.append(line_html(rng, " · ".join(meta)))

        story = a.story_paragraphs
        after = []
        if ctx.chance(s["excerpt"]):
            story = story[: rng.randint(*EXCERPT_PARAGRAPHS)]
            link = attr(a.url or f"https://{a.domain}/")
            after.append(f'<p class="{rng.choice(("more", "source-link", "read-more"))}"><a href="{link}" '
                         f'rel="nofollow">{esc(pick(rng, "read_more", lang))} {esc(a.outlet)}</a></p>')
        if ctx.chance(s["share_count"]):
            after.append(f'<div class="share"><span>{esc(words("share", lang)[0])}</span> '
                         f'<span class="count">{rng.randint(10, 9000)}</span></div>')

        sidebar = []
        n_lists = 2 if ctx.chance(s["second_list"]) else 1
        lists = ctx.headline_lists(n_lists, TRENDING_SIZES, duplicate_rate=0.1, truncate_rate=0.05, foreign_share=0.2)
        headings = [pick(rng, "trending", lang), pick(rng, rng.choice(("ranking", "latest")), lang)]
        for heading, items in zip(headings, lists):
            extras = None
            if ctx.chance(s["item_times"]):
                extras = [rng.choice(AGO.get(lang, AGO["en"])).format(n=rng.randint(1, 23)) for _ in items]
            elif ctx.chance(s["item_counts"] / (1 - s["item_times"])):
                extras = [f"{format_count(rng, rng.randint(200, 90_000))} {pick(rng, 'views', lang).lower()}"
                          for _ in items]
            sidebar.append(ctx.list_html(heading, items, domain, extras=extras, ordered=ctx.chance(0.6)))

        return Graft(headline=a.headline, title=ctx.title(brand, s["title_suffix"]), url=url, lang=a.lang,
                     under=under, body=paragraphs_html(story), after=after, sidebar=sidebar,
                     description=a.story_paragraphs[0][:160], published=shown.isoformat(),
                     date_policy=ctx.date_policy(keep=0.25, drop=0.25), author=None, site_name=ctx.site_name(brand),
                     rehost=ctx.chance(0.85))
