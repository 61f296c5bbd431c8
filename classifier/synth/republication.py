"""Legitimate republication: the same grafting, done the way a licensed outlet does it.

Outlets republish wire stories and partner content every day, in their own
page template. What they keep and a farm drops: the byline ("By The
Associated Press", the author's name), the agency's or partner's credit line
("Copyright 2024 The Associated Press", "This article originally appeared
in ..."), a date that matches the story (in the visible date line and in every
date meta tag), a photo caption when the source had one, their own
breadcrumb section that fits the story, and "Related" lists of stories that
are related (other corpus headlines sharing words with the story; the shell's
own lists of the site's stories stay as they are). No vote or view counters,
no truncated or repeated headlines. These pages are the hard negatives: built by the same mechanism
as the farm copies, labelled original.
"""

from __future__ import annotations

import datetime as dt

from .corpus import WIRE_NAMES
from .kit import attr, esc, format_date, hrefs_for, image_html, iso, line_html, link_list_html, paragraphs_html
from .shell import Graft
from .styles._base import StyleContext
from .vocab import pick, widget_lang

#: Republished within hours to a day of the original (wire feeds, partners).
PUBLISH_DELAY_HOURS = (0, 30)
RELATED_SIZES = (3, 6)
#: Shares of republications that show each element (the rest of the page is the shell's own).
CAPTION_SHARE = 0.5
RELATED_SHARE = 0.6
#: "Published"/"Updated" labels on the date: on the corpus originals the
#: date_bylines feature finds a labelled posted line on ~3% of pages and an
#: updated line on ~4%; most outlets print the bare date.
LABELLED_DATE_SHARE = 0.1
UPDATED_SHARE = 0.05
CREDIT_PHRASES = {
    "en": ("This article originally appeared in {outlet}.", "Republished with permission from {outlet}.",
           "This story was first published by {outlet}.", "Source: {outlet}"),
    "de": ("Dieser Artikel erschien zuerst bei {outlet}.", "Mit freundlicher Genehmigung von {outlet}.", "Quelle: {outlet}"),
    "fr": ("Cet article a d'abord été publié par {outlet}.", "Source : {outlet}"),
    "es": ("Este artículo se publicó originalmente en {outlet}.", "Fuente: {outlet}"),
    "it": ("Questo articolo è apparso originariamente su {outlet}.", "Fonte: {outlet}"),
    "pt": ("Este artigo foi publicado originalmente em {outlet}.", "Fonte: {outlet}"),
}
WIRE_CREDITS = {
    "AP": ("The Associated Press", "Copyright {year} The Associated Press. All rights reserved.",
           "Associated Press writers contributed to this report."),
    "Reuters": ("Reporting by Reuters; Editing by Reuters staff", "(Reuters)", "© Reuters {year}"),
    "dpa": ("© dpa-infocom, dpa:{year}", "(dpa)", "Quelle: dpa"),
    "AFP": ("© AFP {year}", "(AFP)"),
}
PUBLISHED_WORDS = {"en": ("Published", "Posted"), "de": ("Veröffentlicht am", "Erstellt:"), "fr": ("Publié le",),
                   "es": ("Publicado el",), "it": ("Pubblicato il",), "pt": ("Publicado em",)}
UPDATED_WORDS = {"en": "Updated", "de": "Aktualisiert am", "fr": "Mis à jour le", "es": "Actualizado el",
                 "it": "Aggiornato il", "pt": "Atualizado em"}


def republish(ctx: StyleContext) -> Graft:
    rng, a, shell = ctx.rng, ctx.article, ctx.shell
    lang = widget_lang(a.lang)
    when = a.date + dt.timedelta(hours=rng.randint(*PUBLISH_DELAY_HOURS)) if a.date is not None else None
    url = ctx.url(shell.domain, when or ctx.story_date, "news")

    byline = a.byline
    agency = WIRE_NAMES.get(a.wire, "") if a.wire else ""
    if not byline and agency:
        byline = {"de": "Von ", "fr": "Par ", "es": "Por ", "it": "Di ", "pt": "Por "}.get(lang, "By ") + agency
    under = []
    if byline:
        shown = byline if byline.lower().startswith(("by ", "von ", "par ", "por ", "di ")) else f"By {byline}" \
            if lang == "en" else byline
        under.append(f'<div class="{rng.choice(("byline", "author", "article-author"))}">{esc(shown)}</div>')
    if when is not None:
        label = rng.choice(PUBLISHED_WORDS[lang]) if rng.random() < LABELLED_DATE_SHARE else ""
        text = f"{label} {format_date(rng, when, a.lang)}".strip()
        under.append(f'<div class="{rng.choice(("date", "meta", "article-info"))}"><time datetime="{iso(when)}">'
                     f"{esc(text)}</time></div>")
        if rng.random() < UPDATED_SHARE:
            updated = when + dt.timedelta(minutes=rng.randint(2, 600))
            under.append(line_html(rng, f"{UPDATED_WORDS[lang]} {format_date(rng, updated, a.lang)}"))

    body = paragraphs_html(a.paragraphs)  # credit lines kept
    if a.captions and rng.random() < CAPTION_SHARE:
        body.insert(0, image_html(rng, a.captions[0]))
    after = []
    if agency and not a.credits:
        options = WIRE_CREDITS.get(a.wire, (agency,))
        year = (when or ctx.story_date).year
        after.append(f"<p>{esc(rng.choice(options).format(year=year))}</p>")
    elif not agency:
        phrase = rng.choice(CREDIT_PHRASES[lang]).format(outlet=a.outlet)
        link = attr(a.url or f"https://{a.domain}/")
        after.append(f'<p class="{rng.choice(("credit", "source", "note"))}"><em>{esc(phrase)}</em> '
                     f'<a href="{link}">{esc(a.domain.removeprefix("www."))}</a></p>')

    breadcrumb = ""
    if a.breadcrumbs:
        parts = [p.strip() for p in a.breadcrumbs[0].replace("»", ">").replace("›", ">").split(">") if p.strip()]
        parts = [p for p in parts if p != a.headline][:4]
        if len(parts) >= 2:
            breadcrumb = '<nav class="breadcrumb">' + " &gt; ".join(
                f'<a href="/{esc(p.lower().replace(" ", "-"))}/">{esc(p)}</a>' for p in parts) + "</nav>"

    sidebar = []
    if rng.random() < RELATED_SHARE:
        items = ctx.pool.related(rng, rng.randint(*RELATED_SIZES), a.lang, ctx.terms, ctx.exclude)
        if len(items) >= 3:
            sidebar.append(link_list_html(rng, pick(rng, "related", lang), items, hrefs_for(rng, shell.domain, items)))

    title = shell_title(shell, a.headline)
    return Graft(headline=a.headline, title=title, url=url, lang=a.lang, breadcrumb=breadcrumb, under=under,
                 body=body, after=after, sidebar=sidebar, description=a.paragraphs[0][:160],
                 published=iso(when) if when else None, date_policy="set", author=byline or None, site_name=None,
                 rehost=False, breadcrumb_replaces_only=True)


def shell_title(shell, headline: str) -> str:
    """The shell site's title pattern around the new headline: "Story | Site"."""
    old_title, old_headline = shell.title, shell.headline
    if old_headline and old_headline in old_title:
        return old_title.replace(old_headline, headline, 1)
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if sep in old_title:
            site = old_title.rsplit(sep, 1)[1].strip()
            if 0 < len(site.split()) <= 5:
                return f"{headline}{sep}{site}"
    if shell.site_name:
        return f"{headline} | {shell.site_name}"
    return headline
