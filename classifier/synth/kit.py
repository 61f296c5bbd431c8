"""HTML building blocks shared by every style and by the republication.

Farm and republication pages are assembled from the same blocks (paragraphs,
lists of links, date lines, bylines), drawn with the same random markup
variants and class names, so the markup itself never tells the classes apart:
only what a style chooses to put in does.
"""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import random

from .farmsites import ascii_slug
from .vocab import MONTHS, widget_lang

#: Class names of list widgets, bylines, date lines and article bodies, as
#: CMS themes name them; drawn per page for every kind of page alike.
CLASS_NAMES = {
    "list": ("related", "list-box", "side-news", "news-list", "mod-list", "widget", "box", "col-list", "rel-news",
             "hot-list", "sidebar-block", "post-list", "article-list", "panel", "module"),
    "item": ("item", "news-item", "li", "entry", "post", "row", "art-item"),
    "line": ("info", "meta", "post-info", "article-info", "detail", "source", "time", "date", "pubtime", "stamp"),
    "byline": ("byline", "author", "post-author", "article-author", "writer"),
    "body": ("content", "article-content", "post-content", "entry-content", "text", "article-body", "story", "con"),
    "widget": ("digg", "vote", "mood", "reactions", "like-box", "feedback", "emotion", "rate"),
}


def esc(text: str) -> str:
    return htmlmod.escape(text, quote=False)


def attr(text: str) -> str:
    return htmlmod.escape(text, quote=True)


def cls(rng: random.Random, kind: str) -> str:
    return rng.choice(CLASS_NAMES[kind])


def paragraphs_html(paragraphs: list[str]) -> list[str]:
    return [f"<p>{esc(p)}</p>" for p in paragraphs]


def line_html(rng: random.Random, text: str, kind: str = "line") -> str:
    tag = rng.choice(("div", "p", "div", "span"))
    return f'<{tag} class="{cls(rng, kind)}">{esc(text)}</{tag}>'


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S")


def format_date(rng: random.Random, when: dt.datetime, lang: str, with_time: bool = True) -> str:
    """A visible date in a form the language's sites use."""
    lang = widget_lang(lang)
    month = MONTHS[lang][when.month - 1]
    hm = when.strftime("%H:%M")
    if lang == "en":
        form = rng.choice((f"{month} {when.day}, {when.year}", f"{month[:3]}. {when.day}, {when.year}",
                           f"{when.day} {month} {when.year}"))
        if with_time:
            hour = when.hour % 12 or 12
            form += f" {hour}:{when.minute:02d} {'am' if when.hour < 12 else 'pm'}"
        return form
    if lang == "de":
        form = rng.choice((f"{when.day:02d}.{when.month:02d}.{when.year}", f"{when.day}. {month} {when.year}"))
        return form + (f", {hm} Uhr" if with_time else "")
    joiner = {"fr": " à ", "es": " a las ", "it": " alle ", "pt": " às "}[lang]
    preposition = " de " if lang in ("es", "pt") else " "
    form = f"{when.day}{preposition}{month}{preposition}{when.year}"
    return form + (f"{joiner}{hm}" if with_time else "")


def slug(headline: str, max_words: int = 8) -> str:
    words = ascii_slug(headline, " ").split()[:max_words]
    return "-".join(words) or "article"


#: URL path forms of news CMSs (WordPress, site-cluster CMSs, newspaper systems).
PATH_FORMS = ("/{section}/{y}{m}{d}/{id}.html", "/news/{slug}-{id}.html", "/{y}/{m}/{d}/{slug}/", "/article/{id}",
              "/html/{y}-{m}-{d}/{id}.html", "/?p={id}", "/{slug}.html", "/{section}/{slug}", "/a/{id}.html",
              "/{section}/{slug}-{id}")


def article_url(rng: random.Random, domain: str, headline: str, when: dt.datetime | None, section: str = "news") -> str:
    when = when or dt.datetime(2020, 1, 1)
    path = rng.choice(PATH_FORMS).format(section=ascii_slug(section, "-") or "news", y=when.year,
                                         m=f"{when.month:02d}", d=f"{when.day:02d}", id=rng.randint(10_000, 9_999_999),
                                         slug=slug(headline))
    return f"https://{domain}{path}"


def link_list_html(rng: random.Random, heading: str, items: list[str], hrefs: list[str], *,
                   extras: list[str] | None = None, ordered: bool = False) -> str:
    """A titled list of links in one of the markups CMS themes use; ``extras``
    is text shown beside each link (a time, a count)."""
    extras = extras or [""] * len(items)
    box = cls(rng, "list")
    head_tag = rng.choice(("h3", "h2", "h4", "div", "span"))
    head = f'<{head_tag} class="{rng.choice(("title", "hd", "head", "widget-title", "tit"))}">{esc(heading)}</{head_tag}>' \
        if heading else ""
    form = rng.choice(("ol", "ul") if ordered else ("ul", "ul", "divs", "p"))

    def extra(i: int) -> str:
        return f' <span class="{rng.choice(("time", "meta", "count", "num"))}">{esc(extras[i])}</span>' \
            if extras[i] else ""

    if form in ("ul", "ol"):
        rows = "".join(f'<li><a href="{attr(hrefs[i])}">{esc(item)}</a>{extra(i)}</li>' for i, item in enumerate(items))
        inner = f"<{form}>{rows}</{form}>"
    elif form == "divs":
        item_cls = cls(rng, "item")
        inner = "".join(f'<div class="{item_cls}"><a href="{attr(hrefs[i])}">{esc(item)}</a>{extra(i)}</div>'
                        for i, item in enumerate(items))
    else:
        inner = "".join(f'<p><a href="{attr(hrefs[i])}">{esc(item)}</a>{extra(i)}</p>' for i, item in enumerate(items))
    return f'<div class="{box}">{head}{inner}</div>'


def hrefs_for(rng: random.Random, domain: str, items: list[str], absolute_share: float = 0.5) -> list[str]:
    """Links to stories on ``domain`` (absolute or site-relative)."""
    absolute = rng.random() < absolute_share
    out = []
    for item in items:
        url = article_url(rng, domain, item, None)
        out.append(url if absolute else url.split(domain, 1)[1])
    return out


def format_count(rng: random.Random, n: int) -> str:
    roll = rng.random()
    if n >= 10_000 and roll < 0.3:
        return f"{n / 1000:.1f}k".replace(".0k", "k")
    if n >= 1000 and roll < 0.55:
        return f"{n:,}"
    return str(n)


def counter_html(rng: random.Random, label: str, n: int) -> str:
    """A counter widget: a label and a number, in one of the markups of vote,
    like and view buttons."""
    count = format_count(rng, n)
    form = rng.randrange(4)
    if form == 0:
        return f'<a href="javascript:;" class="{cls(rng, "widget")}">{esc(label)}</a>(<em>{count}</em>)'
    if form == 1:
        return f"<span>{esc(label)} ({count})</span>"
    if form == 2:
        return f'<button type="button">{esc(label)} <span class="num">{count}</span></button>'
    return f'<span class="{cls(rng, "widget")}">{esc(label)}</span> <span class="count">{count}</span>'


def counters_block(rng: random.Random, counters: list[str]) -> str:
    return f'<div class="{cls(rng, "widget")}">' + " ".join(counters) + "</div>"


def lines_block(rng: random.Random, lines: list[str], kind: str = "line") -> str:
    """Short lines (date, source, views) in one box, each in its own element."""
    box = cls(rng, kind)
    return f'<div class="{box}">' + "".join(f"<span>{esc(t)}</span> " for t in lines).strip() + "</div>"


def image_html(rng: random.Random, caption: str = "") -> str:
    src = f"/images/{rng.randint(100000, 999999)}.jpg"
    if caption:
        return f'<figure><img src="{src}" alt=""><figcaption>{esc(caption)}</figcaption></figure>'
    return f'<div class="{rng.choice(("pic", "img", "thumb", "featured-image"))}"><img src="{src}" alt=""></div>'
