"""Grafting: put a story into the shell of another real page.

A **shell** is a real corpus page with its own story taken out: header,
navigation, scripts, ads, sidebars and footer stay as the site made them. The
**article container** is the element that holds the story's paragraphs: the
deepest element that contains at least ``CONTAINER_MIN_SHARE`` of the page's
body-paragraph text (outside nav, aside, footer and list items). Its content is
replaced by the grafted article; the old story's furniture around it (headline,
lead, byline, dates, photo and caption) is removed or rewritten, so that what
the parser reads as the page's story is the grafted one.

Farm copies and legitimate republications go through this one function: a
:class:`Graft` says what to put in, and every choice that is not a farm signal
(where the sidebar goes, how the old furniture is cleaned) is made here, the
same way for both, so that only the farm signals tell the two apart.
"""

from __future__ import annotations

import html as htmlmod
import random
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from ..parse import PARAGRAPH_MAX_LINK_SHARE, PARAGRAPH_MIN_WORDS, domain_of, normalise_space, word_count

#: The container holds at least this share of the page's body-paragraph
#: characters. Lower picks a paragraph's parent when the story is split by
#: ad slots into sibling blocks; higher climbs to a whole-page wrapper when a
#: footer text counts as a paragraph. The rest is cleaned up in the region.
CONTAINER_MIN_SHARE = 0.85
#: A shell needs this many characters of body paragraphs (about a short news
#: item); pages with less (galleries, home pages) have no story to replace.
SHELL_MIN_TEXT_CHARS = 600
#: Paragraphs inside these elements are page furniture, never the story.
FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "header", "form", "li", "figure", "figcaption", "noscript"})
#: Paragraphs in the story's region are the old story's (lead, summary)
#: unless they sit in these: the site's menus, sidebars, footers and lists.
REGION_KEEP_TAGS = frozenset({"nav", "aside", "footer", "li", "form"})
#: A block with at least this share of link text is a list of the site's
#: stories (kept), not the old story's lead or byline (removed).
LINK_BLOCK_MIN_SHARE = 0.5
#: A block of the old story with at least this many links, mostly link text,
#: is one of the site's lists and moves below the grafted story.
SITE_LIST_MIN_LINKS = 3
#: Class or id words of page furniture that holds paragraphs of its own:
#: reader comments, cookie and consent dialogs, newsletter pop-ups.
FURNITURE_CLASS = re.compile(r"comment|cookie|consent|gdpr|rodo|modal|popup|newsletter|disqus|respond|author-?bio|"
                             r"about-author|author-?box", re.I)
COMMENT_CLASS = re.compile(r"comment|disqus|respond|author-?bio|about-author|author-?box", re.I)
FURNITURE_SELECTOR = ", ".join(f'[class*="{w}"], [id*="{w}"]' for w in ("comment", "disqus", "respond", "author"))
#: When no element holds CONTAINER_MIN_SHARE of the text (a dialog full of
#: paragraphs elsewhere on the page), the container is the paragraphs' densest
#: parent, climbing while a level adds at least this share of text.
CLIMB_MIN_GAIN = 0.25
CLIMB_MAX_LEVELS = 3
#: An ``h1`` outside the container is the old story's headline when it has
#: at least this many words (shorter ones are logos).
OLD_HEADLINE_MIN_WORDS = 3
#: The story's region (container plus headline) is cleaned only when its text
#: is at most this many times the container's: beyond, it is the whole page.
REGION_MAX_TEXT_FACTOR = 4
REGION_TEXT_SLACK_CHARS = 3000
#: Class or id words of the old story's furniture near the headline.
OLD_FURNITURE = re.compile(
    r"byline|author|dateline|pubdate|publish|timestamp|article-date|post-date|entry-date|posted-on|"
    r"entry-meta|post-meta|article-meta|subtitle|subhead|kicker|teaser|standfirst|summary|intro|dek\b|"
    r"caption|credit|lead(?!er)",
    re.I,
)
#: Meta tags that name the story, its date or its author.
TITLE_META = ("og:title", "twitter:title", "title", "sailthru.title", "parsely-title", "dc.title")
DESCRIPTION_META = ("description", "og:description", "twitter:description")
URL_META = ("og:url", "twitter:url", "parsely-link")
DATE_META = ("article:published_time", "article:modified_time", "og:updated_time", "date", "pubdate",
             "publish-date", "dc.date", "dcterms.date", "datepublished", "datemodified", "sailthru.date",
             "parsely-pub-date", "last-modified", "dc.date.issued", "article.published", "article.updated")
AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "twitter:creator")
#: Links of the old story that point elsewhere (translations, AMP, short links).
OLD_LINK_RELS = ("alternate", "amphtml", "shortlink", "prev", "next")
#: Where the sidebar goes: after the article (most CMSs), at its end inside
#: the container, or in place of an existing aside. Shares of pages.
SIDEBAR_PLACES = (("after", 0.5), ("inside", 0.25), ("aside", 0.25))
_MARK = "cfsynthmark{}x"


@dataclass
class Graft:
    """What goes into a shell. Styles fill it; :func:`graft` applies it.

    HTML fragments are inserted as given (already escaped); text fields are
    escaped here. ``published`` is an ISO datetime written into the shell's date
    meta tags when ``date_policy`` is ``"set"``; ``"keep"`` leaves the shell's
    own (wrong) dates, ``"drop"`` removes them. ``author`` sets the author meta
    (``None`` removes it); ``site_name`` sets og:site_name (``None`` keeps the
    shell's, ``""`` removes it). ``rehost`` moves the shell's absolute links to
    the host of ``url``, as a farm's own CMS would serve them.
    ``breadcrumb`` replaces the shell's breadcrumb trail, or goes above the
    headline when the shell has none (unless ``breadcrumb_replaces_only``).
    """

    headline: str
    title: str
    url: str
    lang: str = ""
    breadcrumb: str = ""
    above: list[str] = field(default_factory=list)
    under: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    sidebar: list[str] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    description: str = ""
    published: str | None = None
    date_policy: str = "set"
    author: str | None = None
    site_name: str | None = None
    rehost: bool = False
    breadcrumb_replaces_only: bool = False
    meta: dict[str, str] = field(default_factory=dict)


def paragraph_stats(node) -> tuple[str, bool]:
    text = normalise_space(node.text())
    if word_count(text) < PARAGRAPH_MIN_WORDS:
        return text, False
    link_chars = sum(len(normalise_space(a.text())) for a in node.css("a"))
    return text, link_chars <= PARAGRAPH_MAX_LINK_SHARE * len(text)


def find_container(tree):
    """The element holding the story's paragraphs, or None (see module docstring)."""
    body = tree.body
    if body is None:
        return None
    scores: dict[int, int] = {}
    nodes: dict[int, tuple[object, int]] = {}
    total = 0
    parents: set[int] = set()
    for p in body.css("p"):
        text, is_body = paragraph_stats(p)
        if not is_body:
            continue
        chain = []
        node = p.parent
        furniture = False
        while node is not None and node.tag not in ("body", "html"):
            if node.tag in FURNITURE_TAGS or FURNITURE_CLASS.search(_class_id(node)):
                furniture = True
                break
            chain.append(node)
            node = node.parent
        if furniture or not chain:
            continue
        total += len(text)
        parents.add(chain[0].mem_id)
        for up, ancestor in enumerate(chain):
            scores[ancestor.mem_id] = scores.get(ancestor.mem_id, 0) + len(text)
            nodes[ancestor.mem_id] = (ancestor, len(chain) - up)
    if total < SHELL_MIN_TEXT_CHARS:
        return None
    best, best_depth = None, -1
    for key, score in scores.items():
        node, depth = nodes[key]
        if score >= CONTAINER_MIN_SHARE * total and depth > best_depth:
            best, best_depth = node, depth
    if best is None:
        best = nodes[max(parents, key=lambda key: (scores[key], -nodes[key][1]))][0]
        for _ in range(CLIMB_MAX_LEVELS):
            parent = best.parent
            if parent is None or parent.mem_id not in scores:
                break
            if scores[parent.mem_id] < (1 + CLIMB_MIN_GAIN) * scores[best.mem_id]:
                break
            best = parent
    return best


def container_paragraphs(html: str) -> set[str] | None:
    """Texts of the ``p``/``blockquote``/``pre`` blocks inside the page's
    article container (None when it has none): the story without the
    comments, bios and teasers that the page's other paragraphs hold."""
    try:
        tree = LexborHTMLParser(html)
    except Exception:  # lexbor rejects a few pathological inputs
        return None
    container = find_container(tree)
    if container is None:
        return None
    return {normalise_space(node.text()) for node in container.css("p, blockquote, pre")}


def is_shell(html: str) -> bool:
    """Whether a page can serve as a shell (has an article container)."""
    try:
        tree = LexborHTMLParser(html)
    except Exception:  # lexbor rejects a few pathological inputs
        return False
    return find_container(tree) is not None


def _contains(ancestor, node) -> bool:
    while node is not None:
        if node.mem_id == ancestor.mem_id:
            return True
        node = node.parent
    return False


def _ancestors(node) -> list:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def _common_ancestor(a, b):
    seen = {n.mem_id for n in _ancestors(a)}
    for node in _ancestors(b):
        if node.mem_id in seen:
            return node
    return None


def _class_id(node) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('itemprop') or ''}"


def _old_headline_h1(tree, container):
    for h1 in tree.css("h1"):
        if _contains(container, h1):
            return None  # the old headline sits in the container and goes with it
        if word_count(normalise_space(h1.text())) >= OLD_HEADLINE_MIN_WORDS:
            return h1
    return None


def _mostly_links(node) -> bool:
    """A block that is mostly link text: a list of other stories ("teasers"),
    which belongs to the site, not to the old story."""
    text = len(normalise_space(node.text()))
    links = sum(len(normalise_space(a.text())) for a in node.css("a"))
    return text > 0 and links >= LINK_BLOCK_MIN_SHARE * text


def _site_lists_in(container) -> list[str]:
    """HTML of the site's lists of other stories inside the old story ("read
    also" boxes, teaser lists): they belong to the site, so the grafted page
    keeps them after its story. Outermost blocks only."""
    kept: list[str] = []
    taken: set[int] = set()
    for node in container.css("ul, ol, aside, section, div"):
        if any(a.mem_id in taken for a in _ancestors(node.parent)):
            continue
        anchors = node.css("a")
        if len(anchors) < SITE_LIST_MIN_LINKS or not _mostly_links(node):
            continue
        if any(paragraph_stats(p)[1] for p in node.css("p")):
            continue
        taken.add(node.mem_id)
        kept.append(node.html or "")
    return kept


def _clean_region(region, container, keep, old_headline: str = "") -> None:
    """Remove the old story's furniture from ``region`` (outside the container
    and the kept headline): dates, bylines, lead paragraphs, photos, captions."""
    doomed = []
    for node in region.css("time, figure, picture, figcaption, p, div, span, h2, h3, section"):
        if _contains(container, node) or (keep is not None and (_contains(node, keep) or _contains(keep, node))):
            continue
        if _contains(node, container):
            continue
        tag = node.tag
        if tag in ("time", "figure", "picture", "figcaption"):
            doomed.append(node)
        elif tag == "p":
            if OLD_FURNITURE.search(_class_id(node)) or (
                    paragraph_stats(node)[1] and not any(a.tag in REGION_KEEP_TAGS for a in _ancestors(node.parent))):
                doomed.append(node)
        elif OLD_FURNITURE.search(_class_id(node)) and len(normalise_space(node.text())) < 600 \
                and not _mostly_links(node):
            doomed.append(node)
        elif tag in ("h2", "h3") and old_headline and normalise_space(node.text()) == old_headline:
            doomed.append(node)
    removed: set[int] = set()
    for node in doomed:
        if any(a.mem_id in removed for a in _ancestors(node)):
            continue
        removed.add(node.mem_id)
        node.decompose()


def _clean_furniture(tree, container) -> None:
    """Remove the old story's comments and author box wherever they are."""
    body = tree.body
    if body is None:
        return
    removed: set[int] = set()
    for node in body.css(FURNITURE_SELECTOR):
        if not COMMENT_CLASS.search(_class_id(node)) or _contains(node, container) or _contains(container, node):
            continue
        if any(a.mem_id in removed for a in _ancestors(node.parent)):
            continue
        if any(paragraph_stats(p)[1] for p in node.css("p")):
            removed.add(node.mem_id)
            node.decompose()


def _meta_key(node) -> str:
    attrs = node.attributes
    return (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()


_TERM = re.compile(r"[^\W\d_][\w'-]{3,}", re.U)
_TAG = re.compile(r"<[^>]+>")


def story_terms(g: Graft) -> list[str]:
    """The grafted story's words of four letters or more, headline first, in
    order and without repeats: the terms a CMS would put in its keywords."""
    text = " ".join([g.headline, g.description, *(_TAG.sub(" ", p) for p in g.body[:3])])
    seen: dict[str, str] = {}
    for word in _TERM.findall(text):
        seen.setdefault(word.lower(), word)
    return list(seen.values())


def _rewrite_head(tree, g: Graft, head_mark: str) -> None:
    head = tree.head
    terms: list[str] | None = None  # the grafted story's, made when the shell has a tag to fill
    tag_index = 0
    for node in tree.css("script[type='application/ld+json']"):
        node.decompose()  # structured data of the old story (headline, dates, author)
    for node in tree.css("meta"):
        attrs = node.attributes
        key = _meta_key(node)
        equiv = (attrs.get("http-equiv") or "").lower()
        if "charset" in attrs:
            node.attrs["charset"] = "utf-8"
        elif equiv == "content-type":
            node.attrs["content"] = "text/html; charset=utf-8"
        elif equiv == "refresh":
            node.decompose()
        elif key in TITLE_META:
            node.attrs["content"] = g.headline
        elif key in DESCRIPTION_META:
            node.attrs["content"] = g.description
        elif key in URL_META:
            node.attrs["content"] = g.url
        elif key in DATE_META:
            if g.date_policy == "drop" or (g.date_policy == "set" and not g.published):
                node.decompose()
            elif g.date_policy == "set":
                node.attrs["content"] = g.published
        elif key in AUTHOR_META:
            if g.author:
                node.attrs["content"] = g.author
            else:
                node.decompose()
        elif key == "og:site_name" and g.site_name is not None:
            if g.site_name:
                node.attrs["content"] = g.site_name
            else:
                node.decompose()
        elif key in ("keywords", "news_keywords", "article:tag") and (node.attributes.get("content") or "").strip():
            # The shell's CMS tags every story it serves, so the old story's
            # terms give way to as many of the grafted story's (dropping them
            # taught an early model that a keywords tag means "original").
            if terms is None:
                terms = story_terms(g)
            if key == "article:tag":
                chosen = [terms[tag_index % len(terms)]] if terms else []
                tag_index += 1
            else:
                chosen = terms[:len([t for t in node.attributes["content"].split(",") if t.strip()])]
            node.attrs["content"] = ", ".join(chosen) or g.headline
        elif key in ("keywords", "news_keywords", "article:tag", "article:section"):
            node.decompose()  # the old story's topic
    for node in tree.css("link[rel]"):
        rel = (node.attributes.get("rel") or "").lower()
        if rel == "canonical":
            node.decompose()
        elif any(r in rel.split() for r in OLD_LINK_RELS) and "stylesheet" not in rel:
            node.decompose()
    title = tree.css_first("title")
    if title is not None:
        title.decompose()
    html_node = tree.css_first("html")
    if html_node is not None and g.lang:
        html_node.attrs["lang"] = g.lang
    if head is not None:
        head.insert_child(head_mark)


def _head_html(g: Graft) -> str:
    esc = htmlmod.escape
    parts = [f"<title>{esc(g.title, quote=False)}</title>",
             f'<link rel="canonical" href="{esc(g.url)}">']
    for key, value in g.meta.items():
        attr = "property" if key.startswith(("og:", "article:")) else "name"
        parts.append(f'<meta {attr}="{esc(key)}" content="{esc(value)}">')
    parts.extend(g.head)
    return "\n".join(parts)


def _choose(rng: random.Random, weighted) -> str:
    roll = rng.random()
    for value, share in weighted:
        roll -= share
        if roll < 0:
            return value
    return weighted[-1][0]


def graft(shell_html: str, g: Graft, rng: random.Random, old_headline: str = "", shell_domain: str = "") -> str | None:
    """The shell page with ``g`` grafted in, as HTML; None when the shell has
    no article container. ``old_headline`` is the shell story's headline: its
    other mentions (breadcrumb, share widgets) are rewritten to the new one.
    ``shell_domain`` is the shell's host, whose links ``g.rehost`` moves."""
    try:
        tree = LexborHTMLParser(shell_html)
    except Exception:  # lexbor rejects a few pathological inputs
        return None
    container = find_container(tree)
    if container is None:
        return None
    marks = {name: _MARK.format(name) for name in ("head", "above", "under", "crumb", "side")}
    old_h1 = _old_headline_h1(tree, container)
    region = _common_ancestor(old_h1, container) if old_h1 is not None else container.parent
    if region is not None and region.tag not in ("body", "html"):
        region_chars = len(region.text())
        if region_chars <= REGION_MAX_TEXT_FACTOR * len(container.text()) + REGION_TEXT_SLACK_CHARS:
            _clean_region(region, container, old_h1, old_headline)

    _clean_furniture(tree, container)
    esc = htmlmod.escape
    h1_html = f"<h1>{esc(g.headline, quote=False)}</h1>"
    shell_crumb = tree.css_first('[class*="breadcrumb"], [id*="breadcrumb"], [aria-label="breadcrumb"]')
    crumb_in_place = (bool(g.breadcrumb) and shell_crumb is not None and not _contains(container, shell_crumb)
                      and (old_h1 is None or not _contains(shell_crumb, old_h1)))
    add_crumb = bool(g.breadcrumb) and not crumb_in_place and not g.breadcrumb_replaces_only
    above = list(g.above) + ([g.breadcrumb] if add_crumb else [])
    inner: list[str] = []
    if old_h1 is not None:
        old_h1.inner_html = esc(g.headline, quote=False)
        # Some sites put the headline in the breadcrumb trail or a menu: the
        # date and byline lines then open the article instead of following it.
        in_list = any(a.tag in ("li", "nav", "ul", "ol") or "crumb" in _class_id(a).lower()
                      for a in _ancestors(old_h1.parent))
        if in_list:
            inner.extend(above)
            inner.extend(g.under)
        else:
            if above:
                old_h1.insert_before(marks["above"])
            if g.under:
                old_h1.insert_after(marks["under"])
    else:
        inner.extend(above)
        inner.append(h1_html)
        inner.extend(g.under)
    if crumb_in_place:
        shell_crumb.inner_html = marks["crumb"]
    inner.extend(g.body)
    inner.extend(_site_lists_in(container))
    inner.extend(g.after)

    place = _choose(rng, SIDEBAR_PLACES) if g.sidebar else "none"
    if place == "aside":
        aside = next((a for a in tree.css("aside") if not _contains(a, container) and not _contains(container, a)),
                     None)
        if aside is not None:
            aside.inner_html = marks["side"]
        else:
            place = "after"
    if place == "inside":
        inner.append(marks["side"])
    container.inner_html = "\n".join(inner)
    if place == "after":
        container.insert_after(marks["side"])

    _rewrite_head(tree, g, marks["head"])
    out = tree.html or ""
    if old_headline and old_headline != g.headline:
        out = out.replace(esc(old_headline, quote=False), esc(g.headline, quote=False))
    if g.rehost:
        old_host, new_host = shell_domain, domain_of(g.url)
        if old_host and new_host and old_host != new_host:
            out = out.replace("//" + old_host, "//" + new_host)
    fills = {"head": _head_html(g), "above": "\n".join(above), "under": "\n".join(g.under),
             "crumb": g.breadcrumb, "side": "\n".join(g.sidebar)}
    for name, mark in marks.items():
        out = out.replace(mark, fills[name], 1)
    if not out[:64].lstrip().lower().startswith("<!doctype"):
        out = "<!DOCTYPE html>\n" + out
    return out
