"""\"Pink slime\" local news: networks of local-sounding sites with templated stories.

Hundreds of sites named after towns and counties ("Cedar Falls Courier",
"Harbor County Leader") publish templated items and copied stories under the
same template: no reporter's byline (at most "Staff Report" or "... News
Service"), a short templated lead that ties the story to the town, a boiler
plate "about" line, and lists of machine-made local headlines ("Cedar Falls
gas prices: 12 cents higher than last week"). There is no staff page and no
local reporting.
"""

from __future__ import annotations

import random

from ..farmsites import make_clusters
from ..kit import esc, format_date, line_html, paragraphs_html
from ..shell import Graft
from ..vocab import pick
from ._base import FarmStyle, StyleContext

TOWN_FIRST = ("Cedar", "Maple", "Oak", "Pine", "Willow", "Elm", "Harbor", "River", "Lake", "Spring", "Clear", "Fox",
              "Eagle", "Stone", "Mill", "Green", "Red", "Silver", "North", "South", "East", "West", "Prairie", "Bay")
TOWN_SECOND = ("Falls", "Grove", "Haven", "Ridge", "Creek", "Valley", "Springs", "Point", "Hills", "field", "wood",
               "ton", "ville", "port", "brook", "dale", "view")
PAPER_NOUNS = ("Times", "Leader", "Courier", "Gazette", "Today", "News", "Record", "Observer", "Sun", "Ledger",
               "Reporter", "Herald", "Chronicle", "Tribune", "Post", "Independent")
GERMAN_NOUNS = ("Anzeiger", "Kurier", "Rundschau", "Bote", "Nachrichten", "Zeitung", "Echo")
GERMAN_TOWNS = ("Lindenfeld", "Birkenau", "Eichstätt", "Tannhausen", "Rosenberg", "Buchholz", "Wiesental",
                "Ahornberg", "Neustadt am See", "Kirchberg")
SURNAMES = ("Miller", "Johnson", "Anderson", "Thompson", "Garcia", "Martinez", "Wilson", "Moore", "Taylor", "Clark",
            "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Schneider", "Fischer", "Weber", "Becker")
GIVEN = ("John", "Mary", "Robert", "Linda", "James", "Susan", "David", "Karen", "Thomas", "Nancy", "Anna", "Peter")
#: Machine-made local headlines, as such networks publish by the thousand.
LOCAL_HEADLINES = (
    "{town} gas prices: {n} cents higher than last week",
    "{county} County building permits issued, week of {month} {day}",
    "{given} {surname} files to run for {town} city council",
    "Here are the {town} restaurants inspected this month",
    "{county} County unemployment rate drops to {pct}%",
    "{town} home sales: {n} properties sold last week",
    "{county} County reports {n} new business licenses",
    "Top-rated {town} plumbers, according to reviews",
    "{given} {surname} named {town} school board president",
    "Weather: {town} to see {n} inches of rain this week",
)
LOCAL_LEADS = (
    "{town} residents may want to follow this story, which has drawn attention across {county} County.",
    "As the news spreads to {county} County, here is what {town} readers need to know.",
    "The following report is shared for readers in {town} and the surrounding area.",
)
ABOUT_LINES = (
    "{site} is a community news service providing information to residents of {town} and {county} County.",
    "{site} is part of a network of local news sites. Contact: news@{domain}",
    "This story was produced by the {network} using public data and wire reports.",
)
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
DATE_GAP_DAYS = (0, 45)
STALE_SHARE = 0.25
STALE_GAP_DAYS = (60, 700)
LOCAL_LIST_SIZES = (5, 10)


def _town(rng: random.Random) -> str:
    second = rng.choice(TOWN_SECOND)
    first = rng.choice(TOWN_FIRST)
    return f"{first}{second}" if second.islower() else f"{first} {second}"


def _paper(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f"{rng.choice(GERMAN_TOWNS)}er {rng.choice(GERMAN_NOUNS)}"
    place = _town(rng)
    if rng.random() < 0.3:
        place = f"{rng.choice(TOWN_FIRST)} County"
    return f"{place} {rng.choice(PAPER_NOUNS)}"


def _local(rng: random.Random, template: str, town: str, county: str) -> str:
    return template.format(town=town, county=county, n=rng.randint(2, 60), month=rng.choice(MONTHS_EN),
                           day=rng.randint(1, 28), pct=f"{rng.uniform(2, 9):.1f}", given=rng.choice(GIVEN),
                           surname=rng.choice(SURNAMES))


class PinkSlimeStyle(FarmStyle):
    name = "pink_slime"
    summary = "templated local-news network: town-named sites, no bylines, machine-made local headlines"
    signals = {
        "no_byline": 0.6, "service_byline": 0.4, "local_lead": 0.5, "about_line": 0.55, "local_list": 0.85,
        "scraped_list": 0.5, "date_line": 0.8, "title_suffix": 0.85,
    }

    def make_clusters(self, rng):
        return make_clusters(rng, 20, namer=_paper)

    def render(self, ctx: StyleContext) -> Graft:
        rng, a, s = ctx.rng, ctx.article, self.signals
        lang = ctx.widget_lang(english_share=0.7)
        site, domain = ctx.site()
        network = f"{rng.choice(('Metro', 'Local', 'Community', 'Heartland', 'Main Street'))} News Network"
        town = site.split(" County")[0] if " County" in site else " ".join(site.split()[:-1]) or site
        county = rng.choice(TOWN_FIRST)
        shown = ctx.later(STALE_GAP_DAYS if ctx.chance(STALE_SHARE) else DATE_GAP_DAYS)
        url = ctx.url(domain, shown, rng.choice(("local", "news", "community", "stories")))

        under = []
        if not ctx.chance(s["no_byline"]):
            credit = rng.choice((f"{site} News Service", "Staff Report", f"{network}", f"{site} Staff"))
            under.append(f'<div class="{rng.choice(("byline", "author", "credit-line"))}">{esc(credit)}</div>')
        if ctx.chance(s["date_line"]):
            under.append(line_html(rng, format_date(rng, shown, lang, with_time=ctx.chance(0.4))))

        body = []
        if ctx.chance(s["local_lead"]):
            body.append(f"<p>{esc(_local(rng, rng.choice(LOCAL_LEADS), town, county))}</p>")
        body.extend(paragraphs_html(a.story_paragraphs))
        after = []
        if ctx.chance(s["about_line"]):
            about = rng.choice(ABOUT_LINES).format(site=site, town=town, county=county, domain=domain.removeprefix("www."),
                                                   network=network)
            after.append(f'<p class="{rng.choice(("about", "tagline", "footer-note"))}"><em>{esc(about)}</em></p>')

        sidebar = []
        if ctx.chance(s["local_list"]):
            items = [_local(rng, rng.choice(LOCAL_HEADLINES), town, county) for _ in range(rng.randint(*LOCAL_LIST_SIZES))]
            items = list(dict.fromkeys(items))
            heading = rng.choice((f"Latest {town} News", "More Local News", f"{county} County News",
                                  pick(rng, "latest", lang)))
            sidebar.append(ctx.list_html(heading, items, domain))
        if ctx.chance(s["scraped_list"]):
            scraped = ctx.headline_lists(1, (4, 8), duplicate_rate=0.0, truncate_rate=0.03)[0]
            sidebar.append(ctx.list_html(pick(rng, "ranking", lang), scraped, domain))

        return Graft(headline=a.headline, title=ctx.title(site, s["title_suffix"]), url=url, lang=a.lang,
                     under=under, body=body, after=after, sidebar=sidebar, description=a.story_paragraphs[0][:160],
                     published=shown.isoformat(), date_policy=ctx.date_policy(keep=0.15, drop=0.25), author=None,
                     site_name=site if ctx.chance(0.7) else None, rehost=ctx.chance(0.9))
