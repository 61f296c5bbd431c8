"""Copy markers: the phrases and furniture that republishing tools leave behind.

Farms run on tools, and tools sign their work. What is measured:

* ``plugin_attribution``: lines that autoblog and feed-scraping plugins append
  to a copied story and licensed outlets do not write — "This article was
  (originally) posted by … Read More", "The post … appeared first on …" (the
  WordPress feed footer), a line that is only "Source link", "Read More:
  <url>", "Originally posted at <domain>" (also "Ursprünglich veröffentlicht
  auf", "Publié à l'origine sur", "Publicado originalmente en"; a newsroom's
  credit names the outlet in a sentence instead), "Disclaimer: this article
  is reproduced from …" (count of lines). "Source: <name>" is not one:
  licensed republications print it too;
* ``republication_credit``: credit lines that licensed republishers write as
  well as farms — "This article originally appeared in …", "First published
  by …", "Republished with permission from …", "Reprinted by permission"
  (count of lines; a plugin line is not counted again here). Not a farm
  marker: about one licensed republication in three shows one (31% on the
  simulator's, 0.8% of the corpus originals, 10% of scraper-blog copies), so
  it is a feature the model weighs, not one-way evidence;
* ``generic_author``: 1 when the only byline is a CMS account name such as
  "admin", "editor", "staff" or "webmaster", when a byline that is only such
  an account stands between headline and story (other bylines elsewhere —
  the copied story's own, a comment's — do not clear it), or when the post's
  meta line there names such an account ("Posted by admin on March 3, 2024",
  "By admin | …", "March 3, 2024 by admin"); 0 otherwise, also without
  byline. A staff credit that goes on ("By Staff Reporter Jane Doe") or a
  newsroom desk ("von Redaktion") does not count. Five corpus originals
  (0.35%) are signed by "admin", "editor" or "Newsdesk" this way: small
  WordPress sites do it too, so the model weighs it with the rest;
* ``aggregator_via_line``: 1 when a meta line between headline and story
  credits the outlet the story came from together with a feed age, as news
  aggregators show a scraped item: "via Example Daily · 3 hours ago",
  "Source: example.org · 12 minutes ago", "From Example Daily · 5h ago",
  "Quelle: … · vor 2 Stunden". A relative age alone ("2 hours ago", on live
  news pages) or a credit alone is not enough: an outlet's own story does not
  credit another outlet with a feed age. Licensed aggregators (portals that
  license wire copy) may show the same line; the simulator has none of them;
* ``ai_leftovers``: chatbot chatter left in rewritten copy — "As an AI
  language model", "Certainly! Here is …", "I hope this helps" (count);
* ``clickbait_phrases``: recommendation-widget bait such as "You won't
  believe", "Doctors stunned", "This one trick" (count);
* ``slideshow_markers``: "Slide 3 of 9", "Next slide", "Continue to page 2"
  — a story cut into pages so each view loads new ads (count);
* ``auto_refresh``: 1 when a ``<meta http-equiv="refresh">`` reloads the page
  (made-for-advertising sites refresh to serve more ads);
* ``ad_slots_per_paragraph``: elements whose class or id names an ad slot,
  per paragraph of the story (0 for text pages);
* ``offsite_read_more``: 1 when a "read more" link names where the rest is
  and leads to another site: "Read more at Example Daily", "Continue reading
  on example.org", "Weiterlesen bei …", "Lire la suite sur …", "Seguir
  leyendo en …". Aggregators show an excerpt and send the reader to the
  outlet they took it from; an outlet's own "Read more" links stay on its
  site, and a licensed republication carries the whole story. "Read more
  about <topic>" and "Read more stories" are left out (links to more of a
  site's coverage). No corpus original or republication shows one.

Why it separates: newsrooms credit sources in their own words ("Reporting by
…", "© dpa", "originally appeared in …") and name their writers; plugin
signatures, CMS account bylines and the rest are specific to automated
republication and ad arbitrage, documented for scraper blogs, AI-rewritten
copy and made-for-advertising sites. Real outlets do carry ads, so the ad
feature is a ratio the model weighs, not a flag.

Range: counts are non-negative integers (capped at MAX_COUNT); flags are 0/1;
the ad ratio is non-negative. An empty page gives all zeros.
"""

from __future__ import annotations

import re

from ..parse import ParsedPage, domain_of
from ._base import PageFeature, ratio
from ._search import hinted, lowered_lines, lowered_text

#: Counts above this add nothing but noise (a page is not "more copied" with
#: twenty attribution lines than with three).
MAX_COUNT = 10.0
#: Only this many leading characters of the HTML are searched for the refresh
#: tag: it lives in <head>, and scanning megabytes per page would be waste.
HEAD_SCAN_CHARS = 20_000

#: Lines longer than this are prose, not an attribution line.
ATTRIBUTION_MAX_CHARS = 400
#: What autoblog and feed plugins append to a copied story; licensed outlets
#: credit in their own words (REPUBLICATION_CREDIT), not in these.
PLUGIN_ATTRIBUTION = re.compile(
    r"(\bthis (article|post|story) was (originally )?posted (by|on|at)\b"
    r"|\bthe post\b.{3,200}\bappeared first on\b"
    r"|^source link$"
    r"|^read more\s*:\s*(https?://\S+|(www\.)?[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?)$"
    r"|^disclaimer\s*:\s*this (article|content|post) (is|was) (reproduced|reprinted|taken) from\b"
    # a line that is only "Originally posted at <domain>": the plugin fills in
    # the feed's address; a newsroom's credit names the outlet in a sentence
    # ("This story originally appeared in ...", REPUBLICATION_CREDIT)
    r"|^(originally posted (at|on)|ursprünglich veröffentlicht (auf|bei)|publié à l'origine sur"
    r"|publicado originalmente en)\s*:?\s*(https?://)?[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?\.?$)",
    re.I,
)
#: Credit lines that licensed republishers write too ("This article originally
#: appeared in ..."). "First published on" followed by a date is a date line.
REPUBLICATION_CREDIT = re.compile(
    r"(\b(originally|first) (appeared|published|posted) (on|at|in|by)\b"
    r"(?!\s*(\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d))"
    r"|\b(article|story|post|content) (is |was |has been )?(reproduced|reprinted|republished) (from|with permission)\b"
    r"|\brepublished (here )?with (kind )?permission\b"
    r"|\breprinted (here )?(with|by) (kind )?permission\b)",
    re.I,
)
#: CMS accounts that name no person: WordPress and CMS defaults and the
#: shared accounts scraper blogs post under. Newsroom desks that sign in their
#: own language ("von Redaktion", "Redaktion": 5 of the 6 corpus originals
#: the old list flagged) are left out: that is how German newsrooms credit
#: desk copy, not a CMS default.
GENERIC_ACCOUNTS = r"(?:admin|administrator|editor|staff|newsdesk|news desk|webmaster|author|news)"
GENERIC_AUTHOR = re.compile(
    r"^\s*(?:(?:by|posted by|author|written by|von|par|por)\s*[:\-]?\s*)?" + GENERIC_ACCOUNTS + r"\s*$",
    re.I,
)
_META_BY = r"(?:by|von|par|por)"
#: A post's meta line that names a CMS account: "Posted by admin on March 3",
#: "By admin | March 3", "Posted on March 3 by admin", "March 3, 2024 by
#: admin". After the account comes the end of the line, a separator (a dash
#: after a space: "News-Redaktion" is a name) or a date or place word, so a
#: name that goes on ("By Staff Reporter Jane Doe", "by news agencies") is
#: not an account.
POSTED_BY_ACCOUNT = re.compile(
    r"^(?:(?:posted|published|written|submitted|veröffentlicht|publié|publicado|pubblicato)\b.{0,60}?\s)?"
    + _META_BY + r"(?:\s*:\s*|\s+)" + GENERIC_ACCOUNTS
    + r"(?:\s*$|\s*[|·•,]|\s+[-–—]|\s+(?:on|at|in|am|le|el)\b)"
    r"|^(?=.*\d).{0,60}\s" + _META_BY + r"\s+" + GENERIC_ACCOUNTS + r"\s*$",
    re.I,
)
#: Meta lines are searched this many lines after the headline and before the
#: story's first paragraph, where themes print them (comment sections and
#: "Recent posts by admin" widgets further down are not the post's meta line).
META_LINE_WINDOW = 12
#: Without headline or paragraph in the lines, the first this many lines.
META_LINE_FALLBACK = 80
#: Meta lines are short.
META_LINE_MAX_CHARS = 100
#: A relative age as feeds print it, with its number: "3 hours ago", "5h ago",
#: "vor 2 Stunden", "il y a 4 minutes", "hace 3 horas", "2 ore fa", "há 5 horas".
RELATIVE_AGE = (r"(?:\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|[hmd])\s+ago\b"
                r"|\bvor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen)\b|\bil y a\s+\d+|\bhace\s+\d+"
                r"|\b\d+\s+(?:secondi|minuti|ore|giorni)\s+fa\b|\bhá\s+\d+)")
#: An aggregator's meta line: a credit to the source outlet first, then its age.
AGGREGATOR_VIA_LINE = re.compile(r"^(?:via|from|source|quelle|fuente|fonte)\b\s*:?\s*\S.{0,90}?" + RELATIVE_AGE, re.I)
#: A link that sends the reader to the rest of the story at the outlet it
#: came from, as aggregators close an excerpt: "Read more at Example Daily",
#: "Continue reading on example.org", "Weiterlesen bei ...", "Lire la suite
#: sur ...". The phrase must be followed by a name: "Read more" alone is a
#: teaser link, and "Read more about <topic>" / "Read more stories" are
#: links to more of the site's own coverage.
READ_MORE_LINK = re.compile(
    r"^(?:read more|read the full (?:story|article)|continue reading|full story|weiterlesen|mehr lesen"
    r"|zum vollst[äa]ndigen artikel|lire la suite|lire plus|leer m[áa]s|seguir leyendo|leggi di pi[ùu]"
    r"|continua a leggere|leia mais|continuar lendo)"
    r"(?:\s+(?:at|on|from|in|bei|auf|sur|chez|en|su|em|no|na)\b|\s*[:»›→|–—-])?\s+"
    r"(?!(?:about|über|sur|sobre|su|de|la|le|the main|this|these|here|stories|articles)\b"
    r"|(?:at|on|from|in|bei|auf|chez|en|em|no|na)$)\w.{0,70}$",
    re.I,
)
#: Host-name labels that say nothing about whose site it is: a link from
#: www.example.com to m.example.co.uk stays on the site.
GENERIC_HOST_LABELS = frozenset(("www", "m", "amp", "mobile", "news", "com", "org", "net", "co", "gov", "ac", "edu"))
AI_LEFTOVERS = re.compile(
    r"(as an ai( language model)?\b|certainly[!,.]? here (is|are)\b|sure[!,.]? here(?:'s| is)\b"
    r"|i hope this helps|as of my (last )?(knowledge|training) (update|cutoff)|i (cannot|can't) browse the internet"
    r"|regenerate response|here is (a|the) rewritten( version of)?|rewritten in a (fresh|unique)|"
    r"in this article,? we will (explore|delve)|delve into"
    r"|(version|rewrite) of the (news )?(article|text|news|story)( you provided)?:|let me know if you need any (further|more)"
    r"|this rewritten (article|text|version)"
    # the same chatter from chatbots answering in German, French and Spanish
    r"|als ki(-| )?sprachmodell|als ki habe ich|hier ist (eine|der|die|das) (umgeschriebene|umformulierte|neu "
    r"formulierte)|ich hoffe,? das hilft|lassen sie mich wissen,? (wenn|ob) sie weitere"
    r"|en tant que mod[eè]le de langage|voici une (version r[ée][ée]crite|r[ée][ée]criture)"
    r"|j'esp[eè]re que cela vous aide|n'h[ée]sitez pas [àa] me demander d'autres modifications"
    r"|como (un )?modelo de lenguaje|(aqu[ií] (tienes|est[aá]) una )?versi[oó]n reescrita"
    r"|espero que esto te ayude|av[ií]same si necesitas (m[aá]s )?cambios)",
    re.I,
)
CLICKBAIT = re.compile(
    r"(you won'?t believe|doctors (are )?(stunned|baffled|hate)|this one (simple )?trick|what happens next"
    r"|will (shock|surprise|amaze) you|jaw[- ]dropping|the reason (why )?will|here'?s what (happened|they look like)"
    r"|looks like now|number \d+ will|before it'?s (deleted|banned|too late)"
    r"|this (one )?(simple|weird|cheap) trick|make you look twice|who aged badly|try not to (gasp|laugh|cry)"
    # the same bait in the German, French and Spanish widgets of the same networks
    r"|sie werden nicht glauben|[äa]rzte (sind )?verbl[üu]fft|zweimal hinschauen|erkennt heute niemand mehr"
    r"|dieser einfache trick|vous ne croirez (pas|jamais)|regarder deux fois|m[ée]decins (sont )?stup[ée]faits"
    r"|no (vas a )?creer[áa]s|mirar dos veces|m[ée]dicos (est[áa]n )?asombrados|sencillo truco)",
    re.I,
)
SLIDESHOW = re.compile(r"^(slide|page|photo|image|bild)\s*\d{1,3}\s*(of|/|von)\s*\d{1,3}$|^next (slide|page)\b"
                       r"|^continue to (page|slide|next)|^(previous|prev)\s*(slide|page)\b", re.I)
REFRESH_TAG = re.compile(r"<meta[^>]+http-equiv\s*=\s*[\"']?refresh", re.I)
AD_SLOT = re.compile(r"""(?:class|id)\s*=\s*["'][^"']*?(?<![\w-])(?:ad|ads|advert\w*|adsbygoogle|ad-slot|ad-container"""
                     r"""|ad-unit|adunit|ad-banner|sponsored|dfp-ad|gpt-ad)(?![\w])""", re.I)

# --- the same searches, faster (each finds exactly what the pattern above it finds) ---

#: Characters besides its two cases that ``re.I`` matches to an ASCII letter
#: (dotted and dotless i, Kelvin sign, long s); checked over all of Unicode by
#: the tests.
EXTRA_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def spelt_caseless(pattern: str) -> str:
    """``pattern`` with every ASCII letter outside escapes and character
    classes spelt as the class of all characters ``re.I`` matches it to:
    the same matches without the flag, which is several times faster."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char.isascii() and char.isalpha():
            lower = char.lower()
            char = f"[{lower.upper()}{lower}{EXTRA_FOLDS.get(lower, '')}]"
        out.append(char)
        i += 1
    return "".join(out)


_AD_SLOT_NAME = r"(?:class|id)\s*"
_AD_SLOT_VALUE = r"""=\s*["'][^"']*?"""
_AD_SLOT_TOKEN = AD_SLOT.pattern[len(_AD_SLOT_NAME + _AD_SLOT_VALUE):]
assert AD_SLOT.pattern == _AD_SLOT_NAME + _AD_SLOT_VALUE + _AD_SLOT_TOKEN
#: Where an AD_SLOT match could start, found from its "=": "=" is rare in
#: HTML next to "c" and "i", and the regex engine finds a literal first
#: character with a C-level scan. The "=" must follow "class", "id" or
#: whitespace (which may separate them), and its quoted value must hold an
#: ad token; a lookahead on the token's first letters skips most positions
#: of the value without entering the token alternatives.
_AD_TOKEN_FIRST = "AaSsDdGg\u017f"  # every character re.I lets open a token
_AD_SLOT_EQUALS = re.compile(
    "=(?:(?<=" + spelt_caseless("class") + "=)|(?<=" + spelt_caseless("id") + r"=)|(?<=\s=))" + r"""\s*["']"""
    # the value up to its first token: runs that cannot open one are taken
    # whole (possessive, no backtracking), the token is tried at the others
    + f"(?:[^\"'{_AD_TOKEN_FIRST}]++|(?!{spelt_caseless(_AD_SLOT_TOKEN)})[{_AD_TOKEN_FIRST}])*+"
    + spelt_caseless(_AD_SLOT_TOKEN))


def count_ad_slots(source: str) -> int:
    """``len(AD_SLOT.findall(source))``, about three times faster.

    Every AD_SLOT match is "class" or "id", optional whitespace, then an "="
    that ``_AD_SLOT_EQUALS`` finds (no such "=" lies inside an earlier one's
    match: that match holds no quote after its own "="). So the candidate
    starts are the two names' lengths back from each such "=" and its
    whitespace; each is confirmed with AD_SLOT itself, left to right, skipping
    those inside the previous match, as ``findall`` does.
    """
    count, matched_until = 0, 0
    for equals in _AD_SLOT_EQUALS.finditer(source):
        name_end = equals.start()
        while name_end > 0 and source[name_end - 1].isspace():  # str.isspace is re's \s
            name_end -= 1
        for start in (name_end - len("class"), name_end - len("id")):
            if start >= matched_until:
                match = AD_SLOT.match(source, start)
                if match:
                    count += 1
                    matched_until = match.end()
    return count


#: Words of which every PLUGIN_ATTRIBUTION match holds one (lower case):
#: only lines with one of them are searched ...
PLUGIN_HINTS = ("posted", "appeared first", "source link", "read more", "disclaimer", "nglich ver", "l'origine",
                "originalmente")
#: ... and for REPUBLICATION_CREDIT ...
CREDIT_HINTS = ("originally", "first", "reproduced", "reprinted", "republished")
#: The same for AI_LEFTOVERS ...
AI_HINTS = ("as an ai", "certainly", "sure", "hope this helps", "as of my", "browse the internet",
            "regenerate response", "rewritten", "in this article", "delve into", "version of the", "rewrite of the",
            "let me know if", "sprachmodell", "als ki habe", "umgeschrieben", "umformuliert", "neu formuliert",
            "ich hoffe", "lassen sie mich wissen", "en tant que mod", "voici une", "cela vous aide",
            "me demander d'autres", "modelo de lenguaje", "reescrita", "esto te ayude", "si necesitas")
#: ... and for CLICKBAIT.
CLICKBAIT_HINTS = ("believe", "doctors", "trick", "happens next", "shock", "surprise", "amaze", "dropping",
                   "the reason", "s what", "looks like now", "number", "before it", "look twice", "aged badly",
                   "try not to", "nicht glauben", "rzte", "zweimal hinschauen", "niemand mehr", "croirez", "deux fois", "decins", "creer", "dos veces", "dicos", "truco")


def ai_leftover_lines(page: ParsedPage) -> list[str]:
    """``[line for line in page.lines if AI_LEFTOVERS.search(line)]``,
    searching only lines with a hint word."""
    lines = page.lines
    return [lines[i] for i in hinted(lines, lowered_lines(page), AI_HINTS) if AI_LEFTOVERS.search(lines[i])]


def plugin_lines(page: ParsedPage) -> list[str]:
    """``[line for line in page.lines if len(line) < ATTRIBUTION_MAX_CHARS and
    PLUGIN_ATTRIBUTION.search(line)]``, searching only lines with a hint word."""
    lines = page.lines
    return [lines[i] for i in hinted(lines, lowered_lines(page), PLUGIN_HINTS)
            if len(lines[i]) < ATTRIBUTION_MAX_CHARS and PLUGIN_ATTRIBUTION.search(lines[i])]


def credit_lines(page: ParsedPage) -> list[str]:
    """``[line for line in page.lines if len(line) < ATTRIBUTION_MAX_CHARS and
    REPUBLICATION_CREDIT.search(line) and not PLUGIN_ATTRIBUTION.search(line)]``,
    searching only lines with a hint word."""
    lines = page.lines
    return [lines[i] for i in hinted(lines, lowered_lines(page), CREDIT_HINTS)
            if len(lines[i]) < ATTRIBUTION_MAX_CHARS and REPUBLICATION_CREDIT.search(lines[i])
            and not PLUGIN_ATTRIBUTION.search(lines[i])]


def story_head_lines(page: ParsedPage) -> list[str]:
    """The lines where a post's meta line sits: META_LINE_WINDOW lines after
    the headline and before the first story paragraph (in page order, each
    once); the first META_LINE_FALLBACK lines when neither is found.
    Computed once per page."""
    return page.memo(story_head_lines, lambda: _story_head_lines(page))


def _story_head_lines(page: ParsedPage) -> list[str]:
    lines, spans = page.lines, []
    if page.h1 and page.h1 in lines:
        at = lines.index(page.h1)
        spans.append(range(at + 1, at + 1 + META_LINE_WINDOW))
    if page.paragraphs and page.paragraphs[0] in lines:
        at = lines.index(page.paragraphs[0])
        spans.append(range(max(0, at - META_LINE_WINDOW), at))
    if not spans:
        return lines[:META_LINE_FALLBACK]
    return [lines[i] for i in sorted({i for span in spans for i in span}) if i < len(lines)]


def meta_lines_matching(page: ParsedPage, pattern: re.Pattern) -> list[str]:
    """The short lines near the story (``story_head_lines``) that ``pattern`` finds."""
    return [line for line in story_head_lines(page) if len(line) < META_LINE_MAX_CHARS and pattern.search(line)]


def account_meta_lines(page: ParsedPage) -> list[str]:
    """Meta lines near the story that name a CMS account (POSTED_BY_ACCOUNT)."""
    return meta_lines_matching(page, POSTED_BY_ACCOUNT)


def aggregator_via_lines(page: ParsedPage) -> list[str]:
    """Meta lines near the story that credit a source with a feed age (AGGREGATOR_VIA_LINE)."""
    return meta_lines_matching(page, AGGREGATOR_VIA_LINE)


#: Words of which every READ_MORE_LINK match holds one (lower case).
READ_MORE_HINTS = ("read more", "read the full", "continue reading", "full story", "weiterlesen", "mehr lesen",
                   "vollst", "lire la suite", "lire plus", "leer m", "seguir leyendo", "leggi di", "continua a leggere",
                   "leia mais", "continuar lendo")


def site_labels(host: str) -> frozenset[str]:
    """The labels of a host name that name the site: all but the last,
    without GENERIC_HOST_LABELS ("www.example.co.uk" -> {"example"})."""
    return frozenset(host.split(".")[:-1]) - GENERIC_HOST_LABELS


def link_texts(page: ParsedPage) -> tuple[list[str], str | None]:
    """The link texts and their ``lowered_text``, computed once per page
    (the read-more and clickbait searches share them)."""
    def make() -> tuple[list[str], str | None]:
        texts = [link.text for link in page.links]
        return texts, lowered_text(texts)
    return page.memo(link_texts, make)


def offsite_read_more_links(page: ParsedPage) -> list[str]:
    """Texts of READ_MORE_LINK links that lead to another site than the
    page's own (no site label shared; relative links stay on the site)."""
    links, (texts, lowered) = page.links, link_texts(page)
    own, found = site_labels(page.domain), []
    for i in hinted(texts, lowered, READ_MORE_HINTS):
        if len(texts[i]) < 120 and READ_MORE_LINK.match(texts[i]):
            host = domain_of(links[i].href) if links[i].href.startswith(("http://", "https://")) else ""
            labels = site_labels(host)
            if labels and not labels & own:
                found.append(texts[i])
    return found


def clickbait_links(page: ParsedPage) -> list[str]:
    """``[link.text for link in page.links if len(link.text) < 200 and
    CLICKBAIT.search(link.text)]``, searching only texts with a hint word."""
    texts, lowered = link_texts(page)
    return [texts[i] for i in hinted(texts, lowered, CLICKBAIT_HINTS)
            if len(texts[i]) < 200 and CLICKBAIT.search(texts[i])]


class CopyMarkers(PageFeature):
    """Phrases and furniture left by republishing tools and ad arbitrage."""

    name = "copy_markers"
    feature_names = ("plugin_attribution", "republication_credit", "generic_author", "aggregator_via_line",
                     "ai_leftovers", "clickbait_phrases", "slideshow_markers", "auto_refresh", "ad_slots_per_paragraph",
                     "offsite_read_more")
    #: Not republication_credit: licensed republishers write credit lines too.
    farm_markers = ("plugin_attribution", "generic_author", "aggregator_via_line", "ai_leftovers", "clickbait_phrases",
                    "slideshow_markers", "auto_refresh", "ad_slots_per_paragraph", "offsite_read_more")
    reason_templates = {
        "plugin_attribution": "an autoblog plugin's attribution line: {evidence}",
        "republication_credit": "a republication credit line: {evidence}",
        "generic_author": "the byline is a CMS account, not a person: {evidence}",
        "aggregator_via_line": "credits another outlet with a feed age, as aggregators do: {evidence}",
        "ai_leftovers": "chatbot leftovers in the text: {evidence}",
        "clickbait_phrases": "clickbait headline {evidence}",
        "slideshow_markers": "the story is cut into slideshow pages: {evidence}",
        "auto_refresh": "the page reloads itself (meta refresh), a way to serve more ads",
        "ad_slots_per_paragraph": "{value:.1f} ad slots per paragraph of the story",
        "offsite_read_more": "sends readers to the rest of the story on another site, as aggregators do: {evidence}",
    }
    counter_reason_templates = {
        "republication_credit": "credits the outlet it republishes: {evidence}",
        "generic_author": "the byline names a person",
        "ad_slots_per_paragraph": "few ad slots for the length of the story",
        "plugin_attribution": "no autoblog attribution line ('Source link', 'appeared first on')",
        "aggregator_via_line": "no 'via' line crediting another outlet with a feed age",
        "ai_leftovers": "no chatbot leftovers in the text",
        "clickbait_phrases": "no clickbait phrases in the headline",
        "slideshow_markers": "the story stands on one page, not cut into slides",
        "auto_refresh": "the page does not reload itself",
        "offsite_read_more": "the story is complete on the page, with no 'Read more' to another site",
    }

    def _matches(self, page: ParsedPage, feature: str) -> list[str]:
        if feature == "plugin_attribution":
            return plugin_lines(page)
        if feature == "republication_credit":
            return credit_lines(page)
        if feature == "generic_author":
            bylines = page.bylines
            generic = [b for b in bylines if GENERIC_AUTHOR.match(b)]
            if len(generic) < len(bylines):
                # Other bylines (a copied story's own, widgets, comments) do
                # not clear an account the post itself is signed with in the
                # meta lines under the headline.
                head = set(story_head_lines(page))
                generic = [b for b in generic if b in head]
            return account_meta_lines(page) + generic
        if feature == "aggregator_via_line":
            return aggregator_via_lines(page)
        if feature == "offsite_read_more":
            return offsite_read_more_links(page)
        if feature == "ai_leftovers":
            return ai_leftover_lines(page)
        if feature == "clickbait_phrases":
            return clickbait_links(page)
        if feature == "slideshow_markers":
            return [line for line in page.lines if len(line) < 40 and SLIDESHOW.match(line)]
        return []

    def extract(self, page: ParsedPage) -> dict[str, float]:
        ad_slots = count_ad_slots(page.source) if page.kind == "html" else 0
        return {
            "plugin_attribution": min(MAX_COUNT, len(self._matches(page, "plugin_attribution"))),
            "republication_credit": min(MAX_COUNT, len(self._matches(page, "republication_credit"))),
            "generic_author": 1.0 if self._matches(page, "generic_author") else 0.0,
            "aggregator_via_line": 1.0 if self._matches(page, "aggregator_via_line") else 0.0,
            "ai_leftovers": min(MAX_COUNT, len(self._matches(page, "ai_leftovers"))),
            "clickbait_phrases": min(MAX_COUNT, len(self._matches(page, "clickbait_phrases"))),
            "slideshow_markers": min(MAX_COUNT, len(self._matches(page, "slideshow_markers"))),
            "auto_refresh": 1.0 if page.kind == "html" and REFRESH_TAG.search(page.source[:HEAD_SCAN_CHARS]) else 0.0,
            "ad_slots_per_paragraph": ratio(ad_slots, max(1, len(page.paragraphs))),
            "offsite_read_more": 1.0 if self._matches(page, "offsite_read_more") else 0.0,
        }

    def evidence(self, page: ParsedPage, feature: str) -> str:
        found = self._matches(page, feature)
        if not found:
            return ""
        text = found[0] if len(found[0]) <= 80 else found[0][:77] + "…"
        more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
        return f"'{text}'{more}"
