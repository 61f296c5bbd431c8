"""Site-cluster CMS, in English translation (the farm seed).

Networks of look-alike sites (many Chinese-run, localised into English) run
one CMS template over hundreds of domains: the title ends in the brand
("... -Aspire Money Growth"), a breadcrumb "Current:Home > Markets" files the
story under a category picked for ad rates, a bare "Date:2025-04-26 04:00:14"
line shows a date months or years after the story, the byline, photo and
caption are gone, a mood-vote button reads "veryGood! (7359)", and
"Related / Ranking / Recommendation" lists hold scraped headlines from
everywhere, some twice, some cut mid-phrase.
"""

from __future__ import annotations

from ..kit import counter_html, counters_block, esc, format_count, paragraphs_html, slug
from ..shell import Graft
from ..vocab import pick, words
from ._base import FarmStyle, StyleContext

#: Days between the story and the farm's "Date:" line: weeks to years (the
#: seed: 15 months).
DATE_GAP_DAYS = (45, 1600)
#: Vote counts: invented, large, never round.
VOTE_COUNT = (120, 99_999)
LIST_SIZES = (6, 12)
#: Per item: chance that a list repeats an item of an earlier list, and that an
#: item is cut at a field width (the seed: 3 repeats and 1 cut in 26 items).
DUPLICATE_RATE = 0.12
TRUNCATE_RATE = 0.06


class SiteClusterStyle(FarmStyle):
    name = "site_cluster"
    summary = "site-cluster CMS in English translation: breadcrumb, bare Date: line, vote widget, scraped lists"
    signals = {
        "title_suffix": 0.9, "breadcrumb": 0.65, "current_prefix": 0.52, "date_line": 0.8, "source_line": 0.35,
        "vote_counter": 0.7, "mood_set": 0.25, "view_line": 0.35, "lists": 1.0, "third_list": 0.6,
        "no_byline": 1.0,
    }

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = ctx.widget_lang(english_share=0.6)
        brand, domain = ctx.site()
        shown = ctx.later(DATE_GAP_DAYS)
        section = pick(rng, "sections", lang)
        url = ctx.url(domain, shown, section)

        breadcrumb = ""
        if ctx.chance(s["breadcrumb"]):
            prefix = pick(rng, "position", lang) if ctx.chance(s["current_prefix"] / s["breadcrumb"]) else ""
            sep = rng.choice((" > ", ">", " > ", " » "))
            home = pick(rng, "home", lang)
            if ctx.chance(0.5):
                trail = f'{esc(prefix)}<a href="/">{esc(home)}</a>{esc(sep)}<a href="/{slug(section)}/">{esc(section)}</a>'
                box = rng.choice(("breadcrumb", "crumbs", "bread-crumb", "location"))
            else:
                trail = esc(f"{prefix}{home}{sep}{section}")
                box = rng.choice(("position", "path", "breadcrumb", "loc"))
            breadcrumb = f'<div class="{box}">{trail}</div>'

        info = []
        if ctx.chance(s["view_line"]):
            info.append(rng.choice(("View", "Views", "Hits")) if ctx.chance(0.5) else
                        f"{pick(rng, 'views', lang)}: {format_count(rng, rng.randint(50, 90_000))}")
        if ctx.chance(s["date_line"]):
            sep = "" if ctx.chance(0.6) else " "
            info.append(f"{pick(rng, 'date', lang)}{sep}{shown:%Y-%m-%d %H:%M:%S}")
        if ctx.chance(s["source_line"]):
            info.append(f"{pick(rng, 'source', lang)}{rng.choice((brand, domain.removeprefix('www.'), a.outlet))}")
        under = [f'<div class="{rng.choice(("info", "time", "article-info", "con-info"))}">'
                 + "".join(f"<span>{esc(t)}</span>" for t in info) + "</div>"] if info else []

        after = []
        counters = []
        if ctx.chance(s["vote_counter"]):
            counters.append(counter_html(rng, "veryGood!" if ctx.chance(0.6) else rng.choice(words("moods", lang)),
                                         rng.randint(*VOTE_COUNT)))
        if ctx.chance(s["mood_set"]):
            for mood in rng.sample(words("moods", lang), 3):
                counters.append(counter_html(rng, mood, rng.randint(3, 9_000)))
        if counters:
            after.append(counters_block(rng, counters))

        headings = [pick(rng, "related", lang), pick(rng, "ranking", lang), pick(rng, "recommendation", lang)]
        if lang == "en" and ctx.chance(0.5):
            headings = ["Related", "Ranking", "Recommendation"]
        n_lists = 3 if ctx.chance(s["third_list"]) else 2
        lists = ctx.headline_lists(n_lists, LIST_SIZES, duplicate_rate=DUPLICATE_RATE, truncate_rate=TRUNCATE_RATE)
        blocks = [ctx.list_html(h, items, domain) for h, items in zip(headings, lists)]
        sidebar = blocks
        if ctx.chance(0.5):
            after.extend(blocks[:1])
            sidebar = blocks[1:]

        return Graft(headline=a.headline, title=ctx.title(brand, s["title_suffix"]), url=url, lang=a.lang,
                     breadcrumb=breadcrumb, under=under, body=paragraphs_html(a.story_paragraphs), after=after,
                     sidebar=sidebar, description=a.story_paragraphs[0][:160], published=shown.isoformat(),
                     date_policy=ctx.date_policy(keep=0.45, drop=0.3), author=None, site_name=ctx.site_name(brand),
                     rehost=ctx.chance(0.85))
