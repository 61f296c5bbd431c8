"""Network templates: machine-written text that farm networks put on every page.

Farm networks run one template over hundreds of domains, and the template
writes sentences no newsroom writes. What is measured (counts of lines,
capped at MAX_COUNT):

* ``generated_notice``: the page says its text was generated or reproduced by
  machine — "This article was generated automatically", "narrative science
  technology", "produced ... using public data", "This article is reproduced
  from the Internet ... If there is any infringement, please contact us to
  delete it" (and the machine translations of that notice);
* ``ticker_mentions``: stock tickers in exchange form, "(NYSE:NWH)",
  "(NASDAQ: AAPL)": auto-generated stock networks open every story with one;
* ``cms_template_labels``: labels of machine-translated Chinese CMS templates
  — "Reading volume:", "Release time:", "Guess you like", "Hot search",
  "Responsible editor:", "Author: Internet" (and their translations);
* ``service_byline``: a byline that names no person but a service —
  "Staff Report", "Metro News Service", "Heartland News Network", "Web Desk";
* ``network_about_line``: the boiler-plate about line of local-news networks —
  "... is a community news service providing information to residents of ...",
  "part of a network of local news sites".
* ``local_data_headlines``: the most items of one headline list that are
  machine-made local data stories — a place's gas prices, unemployment rate,
  building permits, home sales, business licences, restaurant inspections,
  rainfall, candidate filings, "top-rated ... according to reviews" — counted
  only when a list holds at least LOCAL_DATA_MIN_ITEMS of them. Pink-slime
  networks fill their sites with thousands of such items written by software
  from public data feeds; a newsroom's list may carry one such story, not a
  column of them.
* ``local_lead``: a templated opening paragraph that ties a copied story to a
  town — "Elmbrook residents may want to follow this story", "shared for
  readers in Elmbrook and the surrounding area", "As the news spreads to Fox
  County, ...". Networks prepend it so a wire or scraped story looks local; a
  reporter opens with the news itself, not with who might want to read it.

Why it separates: newsrooms write their own furniture and sign their
stories; these sentences come from the software of farm networks (documented
for pink-slime local networks, automated stock-news networks and Chinese-run
site clusters). A wire story credited to an agency is not a service byline:
"The Associated Press" and "Reuters" are left to the wire-copy extractor.

Range: non-negative integers up to MAX_COUNT; an empty page gives zeros.
"""

from __future__ import annotations

import re

from ..parse import ParsedPage
from ._base import PageFeature
from ._search import hinted, lowered_lines

#: A page is not more templated with twenty such lines than with three.
MAX_COUNT = 10.0
#: Template lines are short; longer lines are prose that may quote them.
MAX_LINE_CHARS = 400

GENERATED_NOTICE = re.compile(
    r"(generated (automatically|by (an? )?(automated|software|computer|algorithm|narrative science))"
    r"|automatically generated|narrative science|automated (news|content|publishing) (system|technology|platform)"
    r"|(produced|written|created) (by|with|using) [\w' ]{0,40}?(public data|automated|artificial intelligence)"
    r"|reproduced from the internet|copyright belongs to the original (author|owner)"
    r"|(if|in case of) (there is )?any infringement|contact us to (delete|remove) it"
    r"|aus dem internet reproduziert|bei verstößen kontaktieren sie uns|automatisch (generiert|erstellt)"
    r"|reproduit à partir d'internet|en cas de contrefaçon|généré automatiquement"
    r"|se reproduce de internet|si hay alguna infracción|generado automáticamente)",
    re.I,
)
TICKER = re.compile(r"\((?:NYSE|NASDAQ|Nasdaq|NYSEARCA|NYSEAMERICAN|NYSEMKT|AMEX|OTC|OTCMKTS|LON|LSE|TSE|TSX|TSXV|ASX"
                    r"|ETR|FRA|EPA|BIT|BME|HKEX|HKG|NSE|BSE|SGX|KRX)\s?:\s?[A-Z][A-Z0-9.]{0,6}\)")
CMS_TEMPLATE_LABELS = re.compile(
    r"^(reading volume|release time|guess you like|hot search|hot recommendation|responsible editor|author: internet"
    r"|source: internet|current location|lesevolumen|freigabezeit|rate mal, was dir gefällt|heiße suche"
    r"|heiße empfehlung|verantwortlicher redakteur|autor: internet|volume de lecture|heure de sortie"
    r"|devinez ce que vous aimez|recherche chaude|recommandation chaude|éditeur responsable|auteur : internet"
    r"|volumen de lectura|tiempo de lanzamiento|adivina lo que te gusta|búsqueda caliente|recomendación caliente"
    r"|editor responsable)\b",
    re.I,
)
#: "... News Network" names a network of sites, not a reporter; a line "About
#: One America News Network" is a menu link, hence the look-ahead. "{Outlet}
#: Staff" is left out: Wired, SFGate and Sun-Times sign that way (2.9% of real
#: originals in the manifest).
SERVICE_BYLINE = re.compile(r"^(?!about\b|über\b)(?:(?:by|von|par|por)\s+)?(?:staff reports?|[\w.' -]{0,40}\bnews service"
                            r"|[\w.' -]{0,40}\bnews network|web desk|news desk report|digital desk|online desk)\s*$", re.I)
#: Words of which every GENERATED_NOTICE match holds one (lower case, ASCII):
#: only lines with one of them are searched (see ``_search``).
GENERATED_NOTICE_HINTS = ("generated", "narrative science", "automated", "public data", "artificial intelligence",
                          "reproduced from", "copyright belongs", "infringement", "contact us to", "reproduziert",
                          "kontaktieren sie uns", "automatisch", "reproduit", "contrefa", "reproduce de",
                          "alguna infracci", "automatiquement", "generado")
NETWORK_ABOUT = re.compile(
    r"(is an? (community|local|hyperlocal) news (service|site|source) (providing|serving|for)"
    r"|part of a network of [\w ]{0,30}(news|sites|publications)"
    r"|news service providing information to residents)",
    re.I,
)

#: Topics of machine-made local data stories (en/de/fr/es). Each names a public
#: data feed that software turns into one story per town and week. A topic-free
#: test ("two items of a list are one sentence with names and numbers swapped")
#: was measured and dropped: share buttons ("Click to share on Facebook/Twitter
#: (Opens in new window)"), "X commented on Y" widgets, recipe cards and match
#: results make it fire on 1.7% of real originals.
LOCAL_DATA_HEADLINE = re.compile(
    r"\b(gas prices?|fuel prices?|unemployment rate|jobless rate|building permits?|home sales|properties sold"
    r"|business licen[cs]es|restaurants? inspect\w*|restaurant inspections?|inches of (rain|snow)"
    r"|files to run for|according to (customer )?reviews|school board president"
    r"|benzinpreis\w*|spritpreis\w*|arbeitslosenquote|baugenehmigungen|hausverkäufe"
    r"|prix de l'essence|prix des carburants|taux de chômage|permis de construire"
    r"|precios? de la gasolina|tasa de desempleo|permisos de construcción)\b",
    re.I,
)
#: One such item in a list is news a newsroom may well carry; two are a feed.
LOCAL_DATA_MIN_ITEMS = 2
#: Templated leads that address readers of a place instead of telling news.
LOCAL_LEAD = re.compile(
    r"(residents (may|might|will) want to (follow|read|know about) this (story|report|article)"
    r"|as (the )?news spreads to [\w' -]{1,40}, here is what"
    r"|(shared|provided|republished) (here )?for (our )?readers in"
    r"|readers in [\w' -]{1,40} and (the )?surrounding (area|communities)"
    r"|(leser|leserinnen und leser) (in|aus) [\w' -]{1,40} und (der )?umgebung"
    r"|lecteurs (de|d'|à) ?[\w' -]{1,40} et (de )?(ses|des) environs"
    r"|lectores (de|en) [\w' -]{1,40} y (sus )?alrededores)",
    re.I,
)
#: The templated lead opens the story: only its first paragraphs are read.
LEAD_PARAGRAPHS = 5


def generated_notice_lines(page: ParsedPage) -> list[str]:
    """``[line for line in page.lines if len(line) < MAX_LINE_CHARS and
    GENERATED_NOTICE.search(line)]``, searching only lines with a hint word."""
    lines = page.lines
    return [lines[i] for i in hinted(lines, lowered_lines(page), GENERATED_NOTICE_HINTS)
            if len(lines[i]) < MAX_LINE_CHARS and GENERATED_NOTICE.search(lines[i])]


class NetworkTemplates(PageFeature):
    """Machine-written template text of farm networks."""

    name = "network_templates"
    feature_names = ("generated_notice", "ticker_mentions", "cms_template_labels", "service_byline",
                     "network_about_line", "local_data_headlines", "local_lead")
    farm_markers = feature_names
    reason_templates = {
        "generated_notice": "the page says its text was machine-made or copied from the Internet: {evidence}",
        "ticker_mentions": "stock-network template: tickers such as {evidence}",
        "cms_template_labels": "machine-translated farm CMS labels: {evidence}",
        "service_byline": "the byline names a service, not a reporter: {evidence}",
        "network_about_line": "boiler-plate line of a local-news network: {evidence}",
        "local_data_headlines": "a headline list full of machine-made local data stories: {evidence}",
        "local_lead": "the story opens with a template that ties it to a town: {evidence}",
    }
    counter_reason_templates = {
        "generated_notice": "no notice that the text was machine-made or copied",
        "ticker_mentions": "no stock-network ticker template",
        "cms_template_labels": "no machine-translated farm CMS labels",
        "service_byline": "the byline does not name a content service",
        "network_about_line": "no boiler-plate line of a local-news network",
        "local_data_headlines": "no headline list of machine-made local data stories",
        "local_lead": "the story does not open with a town template",
    }

    def _short_lines(self, page: ParsedPage) -> list[str]:
        return page.memo(("network_templates.short_lines", MAX_LINE_CHARS),
                         lambda: [line for line in page.lines if len(line) < MAX_LINE_CHARS])

    def _matches(self, page: ParsedPage, feature: str) -> list[str]:
        if feature == "generated_notice":
            return generated_notice_lines(page)
        if feature == "ticker_mentions":
            return TICKER.findall(page.visible_text)
        if feature == "cms_template_labels":
            return [line for line in self._short_lines(page) if len(line) < 80 and CMS_TEMPLATE_LABELS.match(line)]
        if feature == "service_byline":
            candidates = list(page.bylines) + [line for line in self._short_lines(page) if len(line) < 60]
            return list(dict.fromkeys(c for c in candidates if SERVICE_BYLINE.match(c)))
        if feature == "network_about_line":
            return [line for line in self._short_lines(page) if NETWORK_ABOUT.search(line)]
        if feature == "local_data_headlines":
            best: list[str] = []
            for found in page.link_lists:
                items = [item for item in dict.fromkeys(found.all_items) if LOCAL_DATA_HEADLINE.search(item)]
                if len(items) >= LOCAL_DATA_MIN_ITEMS and len(items) > len(best):
                    best = items
            return best
        if feature == "local_lead":
            return [text for text in page.paragraphs[:LEAD_PARAGRAPHS]
                    if len(text) < MAX_LINE_CHARS and LOCAL_LEAD.search(text)]
        return []

    def extract(self, page: ParsedPage) -> dict[str, float]:
        return {name: min(MAX_COUNT, float(len(self._matches(page, name)))) for name in self.feature_names}

    def evidence(self, page: ParsedPage, feature: str) -> str:
        found = self._matches(page, feature)
        if not found:
            return ""
        text = found[0] if len(found[0]) <= 80 else found[0][:77] + "…"
        more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
        return f"'{text}'{more}"
