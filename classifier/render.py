"""Render a plain-text page (what a reader sees) as the HTML page it came from.

Text pages such as the seeds are rendered the way a CMS lays them out: the
first line becomes ``<title>`` (with a breadcrumb glued in front split off into
a ``<nav class="breadcrumb">``), the headline an ``<h1>``, headline lists under
their heading a ``<ul>`` of links, photo captions a ``<figcaption>``, every
other line a paragraph. Scoring a text page and its rendering should agree.
"""

from __future__ import annotations

import html

from .parse import BREADCRUMB_TEXT, ParsedPage


def text_to_html(text: str, url: str = "") -> str:
    page = ParsedPage.from_text(text, url=url)
    lines = page.lines
    if not lines:
        return "<!DOCTYPE html><html><head><title></title></head><body></body></html>"
    esc = html.escape
    title, h1 = page.title, page.h1
    head = [f"<title>{esc(title)}</title>"]
    if url:
        head.append(f'<link rel="canonical" href="{esc(url, quote=True)}">')
    body: list[str] = []
    crumb = title[: title.find(h1)] if h1 and h1 in title and title.find(h1) > 0 else ""
    if crumb and BREADCRUMB_TEXT.match(crumb):
        body.append(f'<nav class="breadcrumb">{esc(crumb.strip())}</nav>')
    captions = set(page.captions)
    bylines = set(page.bylines)
    lists = list(page.link_lists)
    list_starts = {}
    for lst in lists:
        list_starts.setdefault(lst.heading or (lst.all_items[0] if lst.all_items else ""), lst)
    i = 1 if h1 != title else 0
    body.append(f"<h1>{esc(h1)}</h1>")
    while i < len(lines):
        line = lines[i]
        lst = list_starts.pop(line.strip(" :：-"), None) or list_starts.pop(line, None)
        if lst is not None:
            if lst.heading:
                body.append(f"<h2>{esc(lst.heading)}</h2>")
                i += 1
            body.append("<ul>" + "".join(f'<li><a href="#">{esc(item)}</a></li>' for item in lst.all_items) + "</ul>")
            i += len(lst.all_items)
            continue
        if line == h1:
            i += 1
            continue
        if line in bylines:
            body.append(f'<p class="byline">{esc(line)}</p>')
        elif line in captions:
            body.append(f"<figure><figcaption>{esc(line)}</figcaption></figure>")
        else:
            body.append(f"<p>{esc(line)}</p>")
        i += 1
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + "".join(head) + "</head><body>"
            + "\n".join(body) + "</body></html>")
