"""Hand-written articles for the provenance tests (invented stories, invented places).

``BRIDGE`` is an original report; ``BRIDGE_OTHER_OUTLET`` is the same event
written up independently by another outlet (same names, same numbers, one
shared short quote), which must not count as a copy. ``ORCHARD`` is unrelated.
"""

from __future__ import annotations

import html

BRIDGE_HEADLINE = "Millbrook council approves repairs to the old river bridge"
BRIDGE = [
    "The Millbrook town council voted on Tuesday evening to spend 4.2 million dollars repairing the Harlow Street "
    "bridge, the narrow stone crossing that has carried traffic over the Wend river since 1911.",
    "Engineers from the county inspected the bridge in March and found cracked arches, loose parapet stones and a "
    "deck that lets rain seep into the masonry, according to a report presented to the council.",
    "Council member Dana Whitfield said the vote ended two years of argument over whether the town should replace "
    "the crossing altogether. \u201cWe are keeping the bridge our grandparents built,\u201d she said after the meeting.",
    "Work is expected to begin in early June and to last about eight months. During that time the bridge will be "
    "closed to cars and trucks, while a temporary footbridge will let pedestrians and cyclists cross the river.",
    "Shop owners on Harlow Street told the council they feared losing customers during the closure. The town has "
    "promised extra signs on the bypass road and a free shuttle bus from the station car park on Saturdays.",
    "The repairs will be paid for with a state heritage grant covering half of the cost, with the rest coming from "
    "the town's road budget, which the council raised in January after a long debate over property taxes.",
]

BRIDGE_OTHER_OUTLET_HEADLINE = "Harlow Street bridge to close for eight months as Millbrook picks repair"
BRIDGE_OTHER_OUTLET = [
    "Drivers in Millbrook will have to find another way across the Wend river from June, after councillors chose "
    "on Tuesday to restore the Harlow Street bridge instead of tearing it down and building a new one.",
    "The 4.2 million dollar plan won the vote after a county inspection this spring described crumbling arches and "
    "water getting into the stonework of the crossing, which opened in 1911.",
    "\u201cWe are keeping the bridge our grandparents built,\u201d council member Dana Whitfield told reporters, "
    "adding that a replacement would have cost almost three times as much and taken longer to finish.",
    "Traders along the street remain worried. One cafe owner said a similar closure on the east side of town a "
    "decade ago cost her a third of her trade, and she asked the council for help with business rates.",
    "Half of the money comes from a state grant for historic structures; the rest will be taken from the local "
    "roads budget. Pedestrians will be able to use a temporary footbridge while the work goes on.",
]

ORCHARD_HEADLINE = "Cider makers in the valley count the cost of a late frost"
ORCHARD = [
    "Apple growers across the upper valley lost much of their blossom when temperatures fell below freezing on two "
    "nights in late April, and several cider makers now expect their smallest harvest in fifteen years.",
    "At the Penrose family orchard, rows of trees that should be heavy with young fruit are almost bare. The owner "
    "said the frost arrived just as the bees had finished their work, which made the timing especially cruel.",
    "The regional growers' association has asked the agriculture ministry for emergency loans, arguing that small "
    "orchards cannot survive a year without income while still paying for pruning, spraying and labour.",
    "Some producers plan to buy apples from other regions to keep their presses running, although traditional "
    "cider makers say that blending in fruit from elsewhere would change the taste their customers expect.",
]


def page_html(paragraphs: list[str], headline: str, url: str, *, published: str = "", byline: str = "",
              caption: str = "", extra_head: str = "", sidebar: list[str] | None = None) -> str:
    """An article page: title, headline, optional byline, caption and date, paragraphs, optional sidebar."""
    esc = html.escape
    parts = ["<!doctype html><html><head><meta charset='utf-8'>", f"<title>{esc(headline)}</title>",
             f"<link rel='canonical' href='{esc(url)}'>"]
    if published:
        parts.append(f"<meta property='article:published_time' content='{esc(published)}'>")
    parts.append(extra_head + "</head><body><article>")
    parts.append(f"<h1>{esc(headline)}</h1>")
    if byline:
        parts.append(f"<p class='byline'>{esc(byline)}</p>")
    if caption:
        parts.append(f"<figure><img src='a.jpg'><figcaption>{esc(caption)}</figcaption></figure>")
    parts.extend(f"<p>{esc(p)}</p>" for p in paragraphs)
    parts.append("</article>")
    if sidebar:
        parts.append("<aside><h3>Related</h3><ul>")
        parts.extend(f"<li><a href='/x{i}'>{esc(t)}</a></li>" for i, t in enumerate(sidebar))
        parts.append("</ul></aside>")
    parts.append("</body></html>")
    return "\n".join(parts)


FARM_SIDEBAR = [
    "Average rate on 30-year mortgages climbs again this week",
    "Beauty star marries longtime partner in a quiet ceremony",
    "This was the average pension in 2004, and here's what it is now",
    "Five gadgets everyone will want this summer, ranked",
]
