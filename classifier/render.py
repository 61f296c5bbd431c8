"""Render a plain-text page (what a reader sees) as the HTML page it came from,
and an HTML page as the plain text a reader would copy from it.

Text pages such as the seeds are rendered the way a CMS lays them out: the
first line becomes ``<title>`` (with a breadcrumb glued in front split off into
a ``<nav class="breadcrumb">``), the headline an ``<h1>``, headline lists under
their heading a ``<ul>`` of links, photo captions a ``<figcaption>``, every
other line a paragraph. Scoring a text page and its rendering should agree.
"""

from __future__ import annotations

import html

from .pages import Page
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


def html_to_text(page: ParsedPage) -> str:
    """The page as plain text, the way the seeds are given: the title on the
    first line, then the visible text in reading order, one block a line
    (menus, story paragraphs whole, list items). Markup-only evidence (link
    targets, images, meta tags, classes) is lost, as it is when a user scores
    a copied page."""
    lines = page.lines
    if page.kind == "html":
        lines = _whole_paragraphs(lines, [text for text, *_ in page._html_paragraphs])
    return "\n".join([page.title, *lines]) if page.title else "\n".join(lines)


def plain_text_page(page: Page, parsed: ParsedPage | None = None) -> Page:
    """``page`` given as plain text (:func:`html_to_text`), same input and URL;
    a page that could not be read stays as it was. ``parsed``: the page's
    parse, when the caller has one already."""
    if not page.ok:
        return page
    text = html_to_text(parsed if parsed is not None else ParsedPage(page))
    return Page(input=f"{page.input} (text)", url=page.url, body=text.encode("utf-8"), kind="text", charset="utf-8")


def _squash(text: str) -> str:
    return "".join(text.split())


def _whole_paragraphs(lines: list[str], paragraphs: list[str]) -> list[str]:
    """``lines`` with each run of lines that makes up one paragraph (a link
    inside a paragraph is a text node of its own, so a line of its own)
    replaced by the paragraph."""
    squashed = [_squash(p) for p in paragraphs]
    by_prefix: dict[str, list[int]] = {}
    for index, text in enumerate(squashed):
        by_prefix.setdefault(text[:PREFIX_CHARS], []).append(index)
    used: set[int] = set()
    out: list[str] = []
    i = 0
    while i < len(lines):
        first = _squash(lines[i])
        if len(first) >= PREFIX_CHARS:
            candidates = by_prefix.get(first[:PREFIX_CHARS], [])
        else:
            candidates = [k for k, text in enumerate(squashed) if first and text.startswith(first)]
        matched = False
        for k in candidates:
            if k in used:
                continue
            target, acc, end = squashed[k], "", i
            while end < len(lines) and len(acc) < len(target):
                acc += _squash(lines[end])
                end += 1
                if not target.startswith(acc):
                    break
            if acc == target:
                out.append(paragraphs[k])
                used.add(k)
                i, matched = end, True
                break
        if not matched:
            out.append(lines[i])
            i += 1
    return out


#: Characters of a squashed paragraph that index it for the first line of its run.
PREFIX_CHARS = 12
