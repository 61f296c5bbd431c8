"""Simulated farm copies of an original, for measuring copy detection.

A copy keeps the original's paragraphs, applies the edits farms make, and is
rendered into a farm page (site-name suffix on the title, breadcrumb, a late
bare "Date:" line, no byline or caption, an engagement counter, a farm
disclaimer paragraph and "Related" / "Ranking" lists of other headlines), so
the detector has to find the article inside a template as it would on the web.

Edits (all deterministic given the ``random.Random`` passed in):

* ``rewrite_headline``: a new headline with the same subject in other words;
* ``keep``: ``"all"``, ``"lead"`` (the first ``LEAD_PARAGRAPHS`` paragraphs),
  ``"half"`` (the first half) or ``"drop"`` (each paragraph dropped with
  probability ``DROP_SHARE``, the rest shuffled);
* ``spin_rate``: the share of words replaced by another word, as synonym
  spinners do. English words in :data:`SYNONYMS` get a real synonym; other
  words (and other languages) get a word from the table's pool, which to a
  shingle is the same change.

Nothing here reads files or the network; the originals come from the caller.
"""

from __future__ import annotations

import html
import random
import re

#: Paragraphs a "lead" copy keeps: farms that trim keep the top of the story.
LEAD_PARAGRAPHS = 3
#: Chance that a "drop" copy loses each paragraph.
DROP_SHARE = 0.3
#: Spinners leave short function words alone; words from this length on may change.
SPIN_MIN_LETTERS = 4

#: A small thesaurus of words common in news English, as a spinner uses one.
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "announced": "declared", "reported": "noted",
    "government": "administration", "country": "nation", "countries": "nations", "people": "individuals",
    "president": "leader", "minister": "official", "officials": "authorities", "company": "firm",
    "companies": "firms", "market": "marketplace", "markets": "marketplaces", "price": "cost",
    "prices": "costs", "increase": "rise", "increased": "rose", "decrease": "decline", "large": "big",
    "small": "little", "many": "numerous", "important": "significant", "major": "key", "new": "fresh",
    "first": "initial", "last": "final", "week": "seven days", "year": "twelve months", "years": "decades",
    "month": "period", "began": "started", "begin": "start", "help": "assist", "helped": "assisted",
    "show": "reveal", "showed": "revealed", "shows": "reveals", "think": "believe", "want": "wish",
    "need": "require", "needs": "requires", "make": "create", "made": "created", "build": "construct",
    "city": "town", "area": "region", "world": "globe", "international": "global", "talks": "discussions",
    "meeting": "gathering", "agreement": "deal", "agreements": "deals", "concerns": "worries",
    "alleged": "supposed", "expanding": "growing", "cooperation": "collaboration", "support": "backing",
    "military": "armed forces", "accused": "charged", "providing": "supplying", "already": "previously",
    "earlier": "before", "later": "afterwards", "visit": "trip", "several": "various", "effort": "attempt",
    "develop": "advance", "relations": "ties", "action": "activity", "state": "nation", "police": "officers",
    "school": "academy", "students": "pupils", "children": "kids", "family": "household", "money": "funds",
    "plan": "scheme", "plans": "schemes", "problem": "issue", "problems": "issues", "result": "outcome",
    "results": "outcomes", "change": "shift", "changes": "shifts", "because": "since", "however": "but",
    "about": "around", "also": "too", "very": "really", "high": "elevated", "low": "reduced",
    "quickly": "rapidly", "recently": "lately", "according": "as per", "during": "throughout",
    "between": "among", "against": "versus", "before": "prior to", "after": "following", "while": "whilst",
    "health": "wellbeing", "water": "water supply", "power": "energy", "house": "home", "home": "residence",
    "team": "squad", "game": "match", "player": "athlete", "players": "athletes", "season": "campaign",
    "win": "victory", "lost": "dropped", "economy": "economic system", "business": "enterprise",
    "workers": "employees", "jobs": "positions", "rate": "level", "rates": "levels", "interest": "curiosity",
    "strong": "robust", "growth": "expansion", "crisis": "emergency", "attack": "assault", "killed": "slain",
    "died": "passed away", "court": "tribunal", "judge": "justice", "law": "statute", "rules": "regulations",
}
_POOL = sorted(set(SYNONYMS.values()))
_WORD = re.compile(r"\w+", re.U)

FARM_NAMES = ("Aspire Money Growth", "Daily Trend Hub", "Global News Wire Today", "Smart Finance Point",
              "The Viral Ledger", "Market Pulse Online", "NewsBurst Daily", "Insight Stream")
FARM_SECTIONS = ("Markets", "Finance", "World", "Lifestyle", "Tech", "Entertainment")
HEADLINE_OPENERS = ("Breaking:", "Revealed:", "Update:", "Must read:", "What we know:")


def spin(text: str, rate: float, rng: random.Random) -> str:
    """Replace about ``rate`` of the words of ``text`` (those of
    ``SPIN_MIN_LETTERS`` letters or more are eligible) by a synonym."""
    if rate <= 0:
        return text
    words = _WORD.findall(text)
    eligible = sum(1 for w in words if len(w) >= SPIN_MIN_LETTERS)
    # Only long words change, so their chance is raised to reach ``rate`` of all words.
    chance = min(1.0, rate * len(words) / eligible) if eligible else 0.0

    def replace(match: re.Match) -> str:
        word = match.group(0)
        if len(word) < SPIN_MIN_LETTERS or rng.random() >= chance:
            return word
        synonym = SYNONYMS.get(word.lower()) or rng.choice(_POOL)
        return synonym.capitalize() if word[0].isupper() else synonym

    return _WORD.sub(replace, text)


def rewrite_headline(headline: str, rng: random.Random) -> str:
    """Another headline for the same story: an opener and the longer words of
    the original in a new order (a verbatim body under a new title)."""
    words = [w for w in _WORD.findall(headline) if len(w) >= SPIN_MIN_LETTERS]
    rng.shuffle(words)
    return f"{rng.choice(HEADLINE_OPENERS)} {' '.join(words[:8]) or 'the story everyone is talking about'}"


def edit_paragraphs(paragraphs: list[str], keep: str, rng: random.Random) -> list[str]:
    if keep == "all":
        return list(paragraphs)
    if keep == "lead":
        return list(paragraphs[:LEAD_PARAGRAPHS])
    if keep == "half":
        return list(paragraphs[:max(1, (len(paragraphs) + 1) // 2)])
    if keep == "drop":
        kept = [p for p in paragraphs if rng.random() >= DROP_SHARE] or list(paragraphs[:1])
        rng.shuffle(kept)
        return kept
    raise ValueError(f"unknown keep mode {keep!r}")


def farm_copy_html(paragraphs: list[str], headline: str, rng: random.Random, *, other_headlines: list[str],
                   rewrite: bool = False, keep: str = "all", spin_rate: float = 0.0,
                   farm_domain: str = "farm.example") -> str:
    """A farm page that republishes ``paragraphs`` (the original's story) with
    the given edits; ``other_headlines`` fill its headline lists."""
    title = rewrite_headline(headline, rng) if rewrite else headline
    body = [spin(p, spin_rate, rng) for p in edit_paragraphs(paragraphs, keep, rng)]
    name = rng.choice(FARM_NAMES)
    section = rng.choice(FARM_SECTIONS)
    others = rng.sample(other_headlines, min(len(other_headlines), 12))
    esc = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{esc(title)} -{esc(name)}</title>",
        f"<link rel='canonical' href='https://{farm_domain}/news/{rng.randrange(10**6)}.html'>",
        "</head><body>",
        f"<div class='crumbs'>Current:<a href='/'>Home</a> &gt; <a href='/{section.lower()}'>{section}</a></div>",
        f"<h1>{esc(title)}</h1>",
        f"<div class='info'>Date:{2025}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}</div>",
        "<div class='content'>",
        *(f"<p>{esc(p)}</p>" for p in body),
        "<p>Disclaimer: this article is reprinted from the Internet for the purpose of sharing information; "
        "the views expressed are those of the author, please contact us for removal.</p>",
        "</div>",
        f"<div class='vote'>veryGood! ({rng.randint(100, 9999)})</div>",
    ]
    for heading, items in (("Related", others[:6]), ("Ranking", others[6:])):
        if items:
            parts.append(f"<div class='side'><h3>{heading}</h3><ul>")
            parts.extend(f"<li><a href='/news/{rng.randrange(10**6)}.html'>{esc(t)}</a></li>" for t in items)
            parts.append("</ul></div>")
    parts.append("</body></html>")
    return "\n".join(parts)
