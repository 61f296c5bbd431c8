"""ParsedPage: one parse of a page, shared by every feature extractor.

HTML is parsed once with selectolax (lexbor); plain text (what a reader sees,
as in the seeds) is split into lines. Both end up in the same views, so every
extractor works on either kind without knowing which it got:

* ``title``, ``h1``, ``site_name``, ``meta``, ``domain``: identity of the page;
* ``lines``: visible text, one block per line;
* ``paragraphs`` / ``main_text``: the article body (long, link-poor blocks);
* ``links``: every link (text, href); in text pages, headline-list items count as links;
* ``link_lists``: groups of links or short lines that look like headline lists
  ("Related", "Ranking", sidebars), each with the heading that introduces it;
* ``breadcrumbs``, ``bylines``, ``captions``, ``date_strings``: page furniture.

Views are computed lazily and cached, so a feature that does not need a view
does not pay for it. Nothing here raises on odd input: an unparsable page gives
empty views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from .pages import Page

#: Elements whose content a reader never sees as text.
INVISIBLE_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "object"]

#: A headline has at least this many words (shorter link texts are menu items
#: such as "Sports" or "Read more"), and at most this many (longer is a paragraph).
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
#: CJK and Thai headlines have no spaces; count characters instead.
HEADLINE_MIN_CHARS_UNSPACED = 8
#: A group of links is a headline list from this many headline-like items on.
HEADLINE_LIST_MIN_ITEMS = 3
#: ... and when at least this share of its links are headline-like.
HEADLINE_LIST_MIN_SHARE = 0.6
#: ... and when at least this share of its container's text is link text. Below
#: it the "list" is links scattered through prose or a whole page regrouped
#: (skip links, share buttons, inline citations): on 400 corpus pages the 10%
#: of detected lists under 0.1 were nearly all of that kind, while teaser lists
#: (headline plus summary) start around 0.2.
HEADLINE_LIST_MIN_LINK_DENSITY = 0.1
#: Site utility links, which are short phrases but not headlines: a menu of
#: them ("Privacy Policy", "Share this on Twitter", "Skip to content") must not
#: count as a list of stories. Anchored at the start so a headline that merely
#: mentions privacy or cookies is still a headline.
UTILITY_LINK = re.compile(
    r"^\W*(?:(?:skip|jump) to\b|(?:zum|zur) (?:inhalt|navigation|startseite)|springe zu|share (?:this|on|via|all)\b|"
    r"follow us\b|(?:your )?(?:california )?privacy\b|terms (?:of|and)\b|cookie|(?:sign|log) ?(?:in|up|out)\b|"
    r"subscribe\b|do not sell|read (?:more|the rest)\b|continue (?:reading|this thread)|link zum artikel|"
    r"impressum|datenschutz|(?:auf|on|via) (?:facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram)\b)|"
    r"this link opens|opens in a new (?:tab|window)|in neuem fenster",
    re.I,
)
#: Link texts whose headline test is remembered across pages: menu items
#: ("Home", "Sports", "Privacy Policy") recur on every page of a site. A few
#: thousand link texts: a few megabytes at worst, a bounded cost.
HEADLINE_CACHE_SIZE = 4096
#: A paragraph of the article body has at least this many words ...
PARAGRAPH_MIN_WORDS = 8
#: ... and at most this share of its characters inside links.
PARAGRAPH_MAX_LINK_SHARE = 0.3
#: Headings that introduce lists of other stories, in the languages of the corpus.
LIST_HEADING = re.compile(
    r"^\W*(related|ranking|recommend\w*|trending|popular|most (read|popular|viewed|shared)|latest|"
    r"hot( news| topics)?|top (stories|news)|more (stories|news|from|on)|read (more|next|also)|see also|"
    r"you (may|might) (also )?like|editor'?s? picks?|recent posts?|related (posts|articles|stories|news)|"
    r"news|headlines|weitere|mehr zum thema|meistgelesen|beliebt|aktuell|empfohlen|lesen sie auch|"
    r"à lire aussi|les plus lus|tendances|relacionad\w*|lo más leído|más noticias|correlati|"
    r"相关\S*|推荐\S*|热门\S*|排行\S*|最新\S*)\W*$",
    re.I,
)
BREADCRUMB_TEXT = re.compile(
    r"^\s*(?:(?:current(?:\s+position|\s+location)?|you are here|location|position|当前位置|您的位置)\s*[:：]\s*)?"
    r"(?:home|homepage|首页|inicio|startseite|accueil)\s*[>»›/|]",
    re.I,
)
BYLINE_TEXT = re.compile(r"^\s*(?i:by|von|par|por|di|door|av|af)\s+[A-Z\u00C0-\u024F][\w.'\u00C0-\u024F-]+", re.U)
_WORD = re.compile(r"\w+", re.U)
_UNSPACED_SCRIPT = re.compile(r"[\u0E00-\u0E7F\u1000-\u109F\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]")
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[-*•·–—]|\d{1,2}[.)])\s+")
#: Agency photo credits close a caption: "(Maxim Shemetov/Pool Photo via AP)".
_PHOTO_CREDIT = re.compile(r"\((?:[^()]{2,80}/)?[^()]{0,60}\b(?:AP|Reuters|AFP|Getty Images|dpa|EPA)[^()]{0,20}\)\s*$")
_PHOTO_LABEL = re.compile(r"^(?:photo|image|foto|bild)\s*[:：]", re.I)


@dataclass
class Link:
    text: str
    href: str = ""


@dataclass
class LinkList:
    """A group of links (or short lines) that reads like a list of headlines."""

    heading: str
    items: list[str]
    n_links: int
    text_chars: int
    link_chars: int
    all_items: list[str] = field(default_factory=list)

    @property
    def headline_share(self) -> float:
        return len(self.items) / self.n_links if self.n_links else 0.0


def word_count(text: str) -> int:
    """Words in ``text``; unspaced scripts (CJK, Thai) count one word per two characters."""
    words, unspaced = _word_parts(text)
    return words + unspaced // 2 if unspaced else words


def _word_parts(text: str) -> tuple[int, int]:
    """(``\\w+`` runs, characters of unspaced scripts) of ``text``: the two sums
    behind ``word_count``. Both add up over texts joined by line breaks."""
    words = len(_WORD.findall(text))
    if text.isascii():  # O(1), and most text is: no second scan for CJK
        return words, 0
    return words, len(_UNSPACED_SCRIPT.findall(text))


#: Tags of a list item that holds a link, and of the inline or block wrappers
#: between a link and its item (see ``ParsedPage._html_link_lists``).
_LIST_ITEM_TAGS = frozenset({"li", "article", "dt", "dd", "tr", "h2", "h3", "h4", "h5", "h6"})
_LIST_WRAPPER_TAGS = frozenset({"span", "strong", "em", "b", "i", "div", "p", "header", "figure"})
_NON_ELEMENT_TAGS = frozenset({"-text", "-comment"})
_TITLE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TITLE_CLASS = re.compile(r"title|head", re.I)


@lru_cache(maxsize=HEADLINE_CACHE_SIZE)
def is_headline_like(text: str) -> bool:
    # The cheap length tests first: most link texts ("Home", "Sports") fail
    # them, and the utility-link search only runs on the rest.
    if not text.isascii() and _UNSPACED_SCRIPT.search(text):
        sized = HEADLINE_MIN_CHARS_UNSPACED <= len(text) <= 120
    else:
        sized = HEADLINE_MIN_WORDS <= len(_WORD.findall(text)) <= HEADLINE_MAX_WORDS
    return sized and not UTILITY_LINK.search(text)


def normalise_space(text: str) -> str:
    # The same as _SPACES.sub(" ", text).strip(), several times faster:
    # str.split() and re's \s agree on whitespace (checked over all of Unicode).
    return " ".join(text.split())


def _normalised_lines(raw: list[str]) -> list[str]:
    """``normalise_space`` of each line, empty lines dropped, in one C-level pass."""
    return [line for line in map(" ".join, map(str.split, raw)) if line]


def domain_of(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower()


class ParsedPage:
    """Cached views over one page. Build with ``ParsedPage(page)``."""

    def __init__(self, page: Page):
        self.page = page
        self.kind = page.kind
        self.url = page.url
        self.source = page.decoded() if page.ok else ""
        self._tree = None
        if self.kind == "html" and self.source:
            try:
                self._tree = LexborHTMLParser(self.source)
            except Exception:  # lexbor rejects a few pathological inputs; the page then has no views
                self._tree = None

    @classmethod
    def from_html(cls, html: str, url: str = "") -> "ParsedPage":
        return cls(Page.from_html(html, url=url))

    @classmethod
    def from_text(cls, text: str, url: str = "") -> "ParsedPage":
        return cls(Page.from_text(text, url=url))

    #: Views read from the HTML tree; every other view is computed from these
    #: (or, for text pages, from ``source``).
    TREE_VIEWS = ("meta", "canonical_url", "title", "h1", "lines", "_html_paragraphs", "_anchor_texts", "links",
                  "link_lists", "breadcrumbs", "bylines", "captions", "time_values", "images")

    def drop_tree(self) -> None:
        """Compute every view read from the HTML tree, then let the tree go.

        A lexbor tree takes about a megabyte and a half per page, several
        times the views; the reasons read views long after the features, so
        a batch that kept its trees held hundreds of megabytes. Views keep
        their values, and the few that extractors skip on some pages (such as
        ``time_values``) are cheap to compute here."""
        if self._tree is None:
            return
        for view in self.TREE_VIEWS:
            getattr(self, view)
        # _body and _anchors are lexbor nodes, which keep the whole tree alive.
        self.__dict__.pop("_body", None)
        self.__dict__.pop("_anchors", None)
        self._tree = None

    def memo(self, key, compute):
        """``compute()``, run once per page and ``key``: an extractor's analysis,
        shared by its ``extract`` and its ``evidence`` (which the reasons ask
        for later). The key names the analysis and every knob it depends on;
        callers must not change what it returns."""
        cache = self.__dict__.setdefault("_memo", {})
        try:
            return cache[key]
        except KeyError:
            value = cache[key] = compute()
            return value

    # --- identity --------------------------------------------------------

    @cached_property
    def meta(self) -> dict[str, str]:
        """``<meta>`` tags by lower-cased name or property (first wins)."""
        found: dict[str, str] = {}
        if self._tree is None:
            return found
        for node in self._tree.css("meta"):
            attrs = node.attributes
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            value = attrs.get("content")
            if key and value and key.lower() not in found:
                found[key.lower()] = value.strip()
        return found

    @cached_property
    def canonical_url(self) -> str:
        """The page's own URL: the fetch URL, else ``<link rel=canonical>`` or og:url
        (local files saved from the web keep their address there)."""
        if self.url.startswith(("http://", "https://")):
            return self.url
        if self._tree is not None:
            node = self._tree.css_first('link[rel="canonical"]')
            href = (node.attributes.get("href") or "") if node is not None else ""
            if href.startswith(("http://", "https://")):
                return href
            og_url = self.meta.get("og:url", "")
            if og_url.startswith(("http://", "https://")):
                return og_url
        return ""

    @cached_property
    def domain(self) -> str:
        """Host name of ``canonical_url`` (empty when unknown, as for plain text)."""
        return domain_of(self.canonical_url)

    @cached_property
    def title(self) -> str:
        if self._tree is not None:
            node = self._tree.css_first("title")
            title = normalise_space(node.text()) if node is not None else ""
            return title or self.meta.get("og:title", "")
        return self.lines[0] if self.lines else ""

    @cached_property
    def h1(self) -> str:
        """The story headline as shown on the page."""
        if self._tree is not None:
            node = self._tree.css_first("h1")
            return normalise_space(node.text()) if node is not None else ""
        # In text, the headline is a line that the first line (the title) contains,
        # or else the first line itself.
        for line in self.lines[1:4]:
            if len(line) > 15 and line in self.title:
                return line
        return self.title

    @cached_property
    def site_name(self) -> str:
        return self.meta.get("og:site_name", "") or self.meta.get("application-name", "")

    # --- text -------------------------------------------------------------

    @cached_property
    def _body(self):
        if self._tree is None:
            return None
        self._tree.strip_tags(INVISIBLE_TAGS)
        return self._tree.body

    @cached_property
    def lines(self) -> list[str]:
        """Visible text, one block a line, whitespace folded, empty lines dropped."""
        if self.kind == "text":
            raw = self.source.splitlines()
        else:
            body = self._body
            # Whitespace-only text nodes would only add empty lines, which are
            # dropped anyway; skipping them halves the text to split.
            raw = body.text(separator="\n", skip_empty=True).splitlines() if body is not None else []
        return _normalised_lines(raw)

    @cached_property
    def visible_text(self) -> str:
        return "\n".join(self.lines)

    @cached_property
    def _html_paragraphs(self) -> list[tuple[str, int, int, tuple[int, int]]]:
        """(text, characters inside links, words, ``_word_parts``) for each
        ``<p>``-like block. Links are only counted in blocks long enough to be
        body paragraphs (0 in shorter ones): no other block's are ever read."""
        body = self._body
        if body is None:
            return []
        out = []
        for node in body.css("p, blockquote, pre"):
            text = " ".join(node.text().split())
            if not text:
                continue
            parts = _word_parts(text)
            words = parts[0] + parts[1] // 2 if parts[1] else parts[0]
            link_chars = (sum(len(" ".join(a.text().split())) for a in node.css("a"))
                          if words >= PARAGRAPH_MIN_WORDS else 0)
            out.append((text, link_chars, words, parts))
        return out

    @cached_property
    def paragraphs(self) -> list[str]:
        """The article body: blocks of at least PARAGRAPH_MIN_WORDS words with
        few links, outside headline lists."""
        listed = self._listed_lines
        if self.kind == "html":
            found = [t for t, link_chars, words, _ in self._html_paragraphs
                     if words >= PARAGRAPH_MIN_WORDS and link_chars <= PARAGRAPH_MAX_LINK_SHARE * len(t)
                     and t not in listed]
            if found:
                return found
            # Pages without <p> (text in divs and <br>): fall back to long lines.
            link_texts = {link.text for link in self.links}
            return [line for line in self.lines if word_count(line) >= 2 * PARAGRAPH_MIN_WORDS
                    and line not in link_texts and line not in listed]
        furniture = {self.title, *self.breadcrumbs, *self.captions, *self.bylines}
        # Headline-list items are stored without their bullet ("- ", "1. ").
        return [line for line in self._text_blocks if word_count(line) >= PARAGRAPH_MIN_WORDS
                and _BULLET.sub("", line).strip() not in listed and line not in furniture]

    @cached_property
    def main_text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @cached_property
    def main_link_chars(self) -> int:
        """Characters inside links within the article body (0 for text pages)."""
        kept = set(self.paragraphs)
        return sum(link_chars for text, link_chars, _, _ in self._html_paragraphs if text in kept)

    @cached_property
    def main_word_count(self) -> int:
        """``word_count(main_text)``, added up from the paragraphs' counts (no
        word spans the blank line between two paragraphs), so the body is not
        scanned a second time."""
        known = {text: parts for text, _, _, parts in self._html_paragraphs}
        words = unspaced = 0
        for paragraph in self.paragraphs:
            parts = known.get(paragraph) or _word_parts(paragraph)
            words += parts[0]
            unspaced += parts[1]
        return words + unspaced // 2 if unspaced else words

    @cached_property
    def _text_blocks(self) -> list[str]:
        """Blocks of a text page: lines, or blank-line separated paragraphs when
        the text is hard-wrapped (most lines end mid-sentence at a similar width)."""
        raw_lines = self.source.splitlines()
        non_empty = [line.strip() for line in raw_lines if line.strip()]
        if not non_empty:
            return []
        wrapped = sum(1 for line in non_empty if 50 <= len(line) <= 90 and not line.endswith((".", "!", "?", "”", '"', ":")))
        if wrapped * 2 > len(non_empty) and any(not line.strip() for line in raw_lines):
            blocks, current = [], []
            for line in raw_lines:
                if line.strip():
                    current.append(line.strip())
                elif current:
                    blocks.append(" ".join(current))
                    current = []
            if current:
                blocks.append(" ".join(current))
            return [normalise_space(b) for b in blocks]
        return self.lines

    # --- links and headline lists -------------------------------------

    @cached_property
    def _anchors(self):
        body = self._body
        return body.css("a") if body is not None else []

    @cached_property
    def _anchor_texts(self) -> list[str]:
        """``normalise_space`` of each anchor's text, shared by links and lists."""
        return [" ".join(node.text().split()) for node in self._anchors]

    @cached_property
    def links(self) -> list[Link]:
        if self.kind == "text":
            return [Link(text=item) for lst in self.link_lists for item in lst.all_items]
        return [Link(text=text, href=node.attrs.get("href") or "")
                for node, text in zip(self._anchors, self._anchor_texts)]

    @cached_property
    def link_text_chars(self) -> int:
        return sum(len(link.text) for link in self.links)

    @cached_property
    def link_lists(self) -> list[LinkList]:
        return self._text_link_lists() if self.kind == "text" else self._html_link_lists()

    @cached_property
    def _listed_lines(self) -> set[str]:
        return {item for lst in self.link_lists for item in lst.all_items}

    def _html_link_lists(self) -> list[LinkList]:
        # Group anchors by the element that holds the list: the parent of the
        # list item (li/article/...) or of the anchor itself. Anchors that end
        # up alone are regrouped one level higher (div-based lists). This walk
        # runs for every anchor of the page, so it is kept lean: anchors are
        # grouped by index, and their texts come from ``_anchor_texts``.
        item_tags, wrapper_tags = _LIST_ITEM_TAGS, _LIST_WRAPPER_TAGS
        groups: dict[int, list[int]] = {}
        containers: dict[int, object] = {}
        for index, anchor in enumerate(self._anchors):
            item = anchor
            for _ in range(3):
                parent = item.parent
                if parent is None:
                    break
                tag = parent.tag
                if tag in item_tags:
                    item = parent
                    break
                if tag in wrapper_tags:
                    if _has_element_sibling(item):
                        # ``item`` is one of several entries of ``parent``
                        # (<div class=list><div class=item><a>): climbing on
                        # would group the list with its surroundings.
                        break
                    item = parent
                    continue
                break
            container = item.parent
            if container is None:
                continue
            key = container.mem_id
            members = groups.get(key)
            if members is None:
                groups[key] = [index]
                containers[key] = container
            else:
                members.append(index)
        merged: dict[int, list[int]] = {}
        merged_nodes: dict[int, object] = {}
        for key, members in groups.items():
            container = containers[key]
            if len(members) == 1 and container.parent is not None:
                container = container.parent
            merged.setdefault(container.mem_id, []).extend(members)
            merged_nodes[container.mem_id] = container
        anchor_texts = self._anchor_texts
        lists = []
        for key, members in merged.items():
            if len(members) < HEADLINE_LIST_MIN_ITEMS:
                continue
            texts = [anchor_texts[i] for i in members]
            texts = [t for t in texts if t]
            headlines = [t for t in texts if is_headline_like(t)]
            if len(headlines) < HEADLINE_LIST_MIN_ITEMS or len(headlines) < HEADLINE_LIST_MIN_SHARE * len(texts):
                continue
            container = merged_nodes[key]
            link_chars = sum(len(t) for t in texts)
            text_chars = len(" ".join(container.text().split()))
            if link_chars < HEADLINE_LIST_MIN_LINK_DENSITY * text_chars or _inside_nav(container):
                continue
            lists.append(LinkList(heading=_heading_before(container), items=headlines, n_links=len(texts),
                                  text_chars=max(text_chars, link_chars), link_chars=link_chars, all_items=texts))
        return lists

    def _text_link_lists(self) -> list[LinkList]:
        lists: list[LinkList] = []
        heading, items = "", []

        def close():
            if len(items) >= HEADLINE_LIST_MIN_ITEMS or (heading and items):
                headlines = [t for t in items if is_headline_like(t)]
                chars = sum(len(t) for t in items)
                lists.append(LinkList(heading=heading, items=headlines, n_links=len(items),
                                      text_chars=chars, link_chars=chars, all_items=list(items)))

        in_list = False
        for line in self.lines:
            if LIST_HEADING.match(line) and len(line) <= 40:
                if in_list:
                    close()
                heading, items, in_list = line.strip(" :：-"), [], True
                continue
            bulleted = bool(_BULLET.match(line))
            text = _BULLET.sub("", line).strip()
            short = word_count(text) <= HEADLINE_MAX_WORDS
            if in_list and short:
                items.append(text)
            elif bulleted and short:
                if not in_list:
                    heading, items, in_list = "", [], True
                items.append(text)
            else:
                if in_list:
                    close()
                heading, items, in_list = "", [], False
        if in_list:
            close()
        return lists

    # --- page furniture ---------------------------------------------------

    def _class_or_id_css(self, *words: str) -> str:
        return ", ".join(f'[class*="{w}"], [id*="{w}"]' for w in words)

    @cached_property
    def breadcrumbs(self) -> list[str]:
        """Breadcrumb trails: marked-up ones, and lines like 'Home > Markets'."""
        found = []
        body = self._body
        if body is not None:
            for node in body.css(self._class_or_id_css("breadcrumb", "crumb") + ', [aria-label="breadcrumb"]')[:5]:
                parts = [normalise_space(t) for t in node.text(separator="\n").splitlines()]
                text = " > ".join(t for t in parts if t and t not in "/>»›|")
                if text and len(text) < 300:
                    found.append(text)
        for line in self.lines[:60]:
            if BREADCRUMB_TEXT.match(line):
                found.append(line)
        return found

    @cached_property
    def bylines(self) -> list[str]:
        found = []
        for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
            if self.meta.get(key):
                found.append(self.meta[key])
        body = self._body
        if body is not None:
            for node in body.css(self._class_or_id_css("byline", "author") + ', [rel="author"], [itemprop="author"]')[:5]:
                text = normalise_space(node.text())
                if text and len(text) < 120:
                    found.append(text)
        for line in self.lines[:80]:
            if BYLINE_TEXT.match(line) and len(line) < 100:
                found.append(line)
        return found

    @cached_property
    def captions(self) -> list[str]:
        found = []
        body = self._body
        if body is not None:
            for node in body.css("figcaption, " + self._class_or_id_css("caption"))[:20]:
                text = normalise_space(node.text())
                if text:
                    found.append(text)
        for line in self.lines[:80]:
            # Lines are stripped, so a credit's closing parenthesis is their
            # last character: the costly search only runs on such lines.
            if (line[-1] == ")" and _PHOTO_CREDIT.search(line)) or _PHOTO_LABEL.match(line):
                found.append(line)
        return found

    @cached_property
    def time_values(self) -> list[str]:
        """Machine-readable dates: ``<time datetime>`` and date meta tags."""
        found = []
        for key in ("article:published_time", "article:modified_time", "og:updated_time", "date",
                    "pubdate", "publish-date", "dc.date", "dcterms.date", "datepublished", "datemodified"):
            if self.meta.get(key):
                found.append(self.meta[key])
        body = self._body
        if body is not None:
            for node in body.css("time[datetime]")[:20]:
                found.append(node.attributes.get("datetime") or "")
        return [v for v in found if v]

    @cached_property
    def images(self) -> int:
        body = self._body
        return len(body.css("img")) if body is not None else 0

    @cached_property
    def html_chars(self) -> int:
        return len(self.source)


def _has_element_sibling(node) -> bool:
    """Whether ``node`` has an element beside it (text and comments aside)."""
    sibling = node.next
    while sibling is not None:
        if sibling.tag not in _NON_ELEMENT_TAGS:
            return True
        sibling = sibling.next
    sibling = node.prev
    while sibling is not None:
        if sibling.tag not in _NON_ELEMENT_TAGS:
            return True
        sibling = sibling.prev
    return False


def _inside_nav(node) -> bool:
    """Whether ``node`` sits in a ``<nav>``: site menus, not lists of stories."""
    while node is not None:
        if node.tag == "nav":
            return True
        node = node.parent
    return False


def _heading_before(container) -> str:
    """The list's heading: a box's own title (its first child), else the short
    text just before the list, looking at up to two previous siblings of the
    list and of its parent."""
    own = _box_title(container)
    if own:
        return own
    node = container
    for _ in range(2):
        sibling = node.prev
        steps = 0
        while sibling is not None and steps < 3:
            if sibling.is_element_node:
                text = normalise_space(sibling.text())
                if text:
                    # Prose just before the list (the story's last paragraph)
                    # is no heading; the list may still carry its own inside.
                    return text if len(text) <= 60 else _heading_inside(container)
            steps += 1
            sibling = sibling.prev
        inside = _heading_inside(container)
        if inside:
            return inside
        node = node.parent
        if node is None:
            break
    return ""


def _box_title(container) -> str:
    """The text of a widget box's first child when it is a title, not an item
    (<div class=box><div class=title>Related posts</div><p><a>...): it names
    this list, where the text before the box names whatever came before."""
    first = container.child
    while first is not None and first.tag in _NON_ELEMENT_TAGS:
        first = first.next
    if first is None or first.tag not in _TITLE_TAGS and not _TITLE_CLASS.search(first.attributes.get("class") or ""):
        return ""
    if first.css_first("a") is not None:
        return ""
    text = normalise_space(first.text())
    return text if 0 < len(text) <= 60 else ""


def _heading_inside(container) -> str:
    """A heading inside the container, before its first item (widget boxes:
    <div class=related><h3>Related</h3><div class=item>...)."""
    first = container.css_first("h2, h3, h4, h5, h6, [class*='title'], [class*='head']")
    if first is not None:
        text = normalise_space(first.text())
        if 0 < len(text) <= 60:
            return text
    return ""
