"""Wire copy: a news-agency dateline, and whether the page credits the agency.

What is measured
----------------
A **wire dateline** opens one of the first paragraphs of the main text:
"MOSCOW (AP) —", "(Reuters) -", "BERLIN (dpa) -", "Hamburg (dpa/lno) –",
"WASHINGTON, Nov 19 (Reuters) -", "(CNN) —", or stands alone on a line
("ST. JOSEPH, Mich. (AP)"). It counts only on a page whose domain is not the
agency's own (``apnews.com``, ``reuters.com``, ``dpa.de``, ``afp.com`` ...).
A **credit** names the agency outside the story's prose: a byline ("By The
Associated Press", "Steve Peoples, AP National Political Writer", "Von David
Hutzler, dpa"), a short source or footer line ("The Associated Press",
"Quelle: dpa-AFX", "© dpa", "Reporting by ...; Editing by ..."), a copyright
line ("Copyright 2020 The Associated Press. All rights reserved.") or a
"... contributed to this report" line. Photo credits ("(Pool Photo via AP)",
"Foto: Markus Scholz/dpa") do not credit the story, and neither do headlines
in link lists or "told The Associated Press" in the prose.

Why it separates farms from originals
-------------------------------------
Content farms copy wire stories verbatim, dateline included, and strip the
byline and footer that credit the agency. Licensed outlets republish wire
stories every day too, so a dateline alone must not make a page a farm: the
features keep "dateline present" apart from "dateline without credit", so a
model can tell credited republication from uncredited copy.

Features and ranges (all 0 or 1)
--------------------------------
* ``dateline``: the main text opens with another outlet's wire dateline.
* ``dateline_without_credit``: a dateline, and the page credits none of the
  agencies named in it.
* ``wire_credit``: the page credits a news agency (with or without dateline).
* ``wire_site``: the page is on a news agency's own domain (its datelines are
  its own, so ``dateline`` stays 0 there).

Empty or degenerate pages have no main text and no credit: every feature 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ..parse import ParsedPage
from ._base import PageFeature, trie_pattern

#: Agencies by key: the tokens that name them inside a dateline's parentheses
#: (lower case), a pattern that credits them elsewhere on the page, and their
#: own domains. Short acronyms that are also common words or other names (PA,
#: CP, EFE) only credit in their long form or exact case.
WIRES: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "AP": (("ap",), r"(?<!Australian )Associated Press|(?i:\bAP(?:\s+[A-Z][a-z]+){0,3}\s+"
           r"(?:Writer|Reporter|Correspondent|Editor)s?\b)|^[^\w\n]*AP[^\w\n]*$", ("apnews.com", "ap.org")),
    "Reuters": (("reuters",), r"(?i:\bReuters\b)|Reporting by\b.{0,200}\bEditing by\b", ("reuters.com",)),
    "AFP": (("afp",), r"\bAFP\b|Agence France[- ]Presse", ("afp.com",)),
    "dpa": (("dpa", "dpa-afx"), r"(?i:\bdpa\b)|Deutsche Presse-Agentur", ("dpa.de", "dpa.com", "dpa-afx.de")),
    "EFE": (("efe",), r"\bEFE\b", ("efe.com",)),
    "ANSA": (("ansa",), r"\bANSA\b", ("ansa.it",)),
    "Xinhua": (("xinhua",), r"(?i:\bXinhua\b)", ("xinhuanet.com", "news.cn")),
    "UPI": (("upi",), r"\bUPI\b|United Press International", ("upi.com",)),
    "APA": (("apa",), r"\bAPA\b|Austria Presse Agentur", ("apa.at",)),
    "SDA": (("sda", "keystone-sda"), r"Keystone-SDA|\bSDA\b", ("keystone-sda.ch",)),
    "AAP": (("aap",), r"\bAAP\b|Australian Associated Press", ("aap.com.au",)),
    "CP": (("cp",), r"Canadian Press", ("thecanadianpress.com",)),
    "PA": (("pa",), r"PA Media|Press Association", ("pa.media",)),
    "CNN": (("cnn",), r",\s*CNN\b|\bCNN Wire\b|\bBy:?\s+CNN\b|^[^\w\n]*CNN[^\w\n]*$", ("cnn.com",)),
    "Bloomberg": (("bloomberg",), r"\bBloomberg (?:News|L\.P\.)|^[^\w\n]*Bloomberg[^\w\n]*$", ("bloomberg.com",)),
    "KNA": (("kna",), r"\bKNA\b|Katholische Nachrichten-Agentur", ("kna.de",)),
    "epd": (("epd", "epdö"), r"\bepd\b|Evangelischer Pressedienst", ("epd.de",)),
}
_TOKEN_TO_WIRE = {token: key for key, (tokens, _, _) in WIRES.items() for token in tokens}

#: A dateline: an optional place (and date) of at most ``DATELINE_PLACE_MAX_CHARS``
#: characters, the agency in parentheses, then a dash; or the same with nothing
#: after it on the line. The place may not hold parentheses, so a parenthesis
#: deep inside a sentence does not read as a dateline.
DATELINE_PLACE_MAX_CHARS = 80
#: ... and words: "Nações Unidas, Estados Unidos, 14 Mar 2020 (AFP) —" has 7;
#: a longer run is a sentence that happens to contain "(AFP) -".
DATELINE_PLACE_MAX_WORDS = 8
DATELINE = re.compile(
    r"^[\"“]?(?P<place>[^\W\d_][^()\n]{0,%d}?)?[ \t]*\((?P<wire>[^\W\d_]+(?:[/-][^\W\d_]+){0,2})\)[ \t]*"
    r"(?:(?P<dash>[—–-]{1,2})|$)" % DATELINE_PLACE_MAX_CHARS,
    re.M,
)
_WIRE_TOKENS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
#: Datelines open the story: look at its first few paragraphs (pages often put
#: a teaser, a caption or "Welcome to our new article page" first).
DATELINE_MAX_PARAGRAPHS = 6
#: A credit line is short ("The Associated Press", "© dpa") ...
CREDIT_MAX_LINE_CHARS = 120
#: ... unless it is a copyright, source or contributors line, which can run
#: to a sentence or two ("Copyright 2020 The Associated Press. All rights
#: reserved. This material may not be published ...").
CREDIT_LONG_LINE_MAX_CHARS = 400
CREDIT_LONG_LINE = re.compile(
    r"©|\(c\)|copyright|all rights reserved|contributed|reporting by|editing by|quelle|source|fuente|"
    r"mit material von|with files from",
    re.I,
)
_CREDIT = re.compile("|".join(f"(?P<{key}>{pattern})" for key, (_, pattern, _) in WIRES.items()), re.M)
#: Literal words every credit pattern contains. A prefix-tree scan for them is
#: cheap; the full credit patterns then run only on the lines they hit.
CREDIT_HINTS = ("Associated Press", "AP", "Ap", "Reuters", "REUTERS", "reuters", "Reporting by", "AFP",
                "Agence France", "dpa", "DPA", "Dpa", "Deutsche Presse", "EFE", "ANSA", "Xinhua", "XINHUA",
                "xinhua", "UPI", "United Press", "APA", "Austria Presse", "SDA", "Keystone", "AAP",
                "Canadian Press", "PA Media", "Press Association", "CNN", "Bloomberg", "KNA",
                "Katholische Nachrichten", "epd", "Evangelischer Pressedienst")
_CREDIT_HINT = re.compile(trie_pattern(CREDIT_HINTS))
#: Where a dateline on a line of its own ends: the agency in parentheses at
#: the end of a line (starts with a literal, so the scan is fast).
_DATELINE_END = re.compile(r"\([^\W\d_]+(?:[/-][^\W\d_]+){0,2}\)[ \t]*$", re.M)
#: A photo credit names the agency of the picture, not of the story.
PHOTO_CREDIT_BEFORE = re.compile(r"(?:/|\bvia\s+|(?i:photo|foto|bild|image|picture|grafik|video)\b[^\n]{0,60})$")
PHOTO_CREDIT_AFTER = re.compile(r"\s*(?:/|(?i:photo|foto|images?)\b)")
#: "told The Associated Press" quotes the agency as a source, not as author.
SOURCE_NOT_AUTHOR = re.compile(
    r"(?i:\b(?:told|according to|obtained by|interview with|speaking to|said to|to)\s+[^.\n]{0,30})$")
SOURCE_VERB_AFTER = re.compile(r"\s+(?:reported|reports|said|says|quoted|cited|reporter|journalist)\b")
#: How many characters before a credit hit are checked for the two patterns above.
CREDIT_CONTEXT_CHARS = 60


@dataclass
class _WireFindings:
    dateline: str = ""                  # the dateline as printed, e.g. "MOSCOW (AP) —"
    dateline_wires: tuple[str, ...] = ()
    credits: dict[str, str] | None = None   # wire key -> the line that credits it
    wire_site: str = ""                 # the agency domain the page is on


def _on_domain(domain: str, wire_domains: tuple[str, ...]) -> str:
    for wire_domain in wire_domains:
        if domain == wire_domain or domain.endswith("." + wire_domain):
            return wire_domain
    return ""


def _wires_in(parenthesised: str) -> tuple[str, ...]:
    """Agency keys named in a dateline's parentheses ("dpa/lno" -> dpa)."""
    keys = []
    for token in _WIRE_TOKENS.findall(parenthesised):
        key = _TOKEN_TO_WIRE.get(token.lower())
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def _place_ok(place: str | None, alone: bool) -> bool:
    if place is None:
        return not alone  # "(Reuters) - ..." opens a paragraph; "(Reuters)" alone is a credit
    if len(place.split()) > DATELINE_PLACE_MAX_WORDS:
        return False
    if alone:
        # A dateline on its own line is in capitals ("ST. JOSEPH, Mich. (AP)");
        # "Julian Assange (AFP)" under a photo is a caption.
        city = place.split(",")[0]
        return city.upper() == city and any(c.isalpha() for c in city)
    return True


def _find_dateline(page: ParsedPage) -> tuple[str, tuple[str, ...]]:
    for paragraph in page.paragraphs[:DATELINE_MAX_PARAGRAPHS]:
        m = DATELINE.match(paragraph)
        if m and m.group("dash") and _place_ok(m.group("place"), alone=False):
            wires = _wires_in(m.group("wire"))
            if wires:
                return m.group(0).strip(), wires
    # A dateline on a line of its own, just above the story.
    text = page.visible_text
    for end in _DATELINE_END.finditer(text):
        line_start = text.rfind("\n", 0, end.start()) + 1
        if end.start() - line_start > DATELINE_PLACE_MAX_CHARS:
            continue
        m = DATELINE.match(text, line_start)
        if m and not m.group("dash") and _place_ok(m.group("place"), alone=True):
            wires = _wires_in(m.group("wire"))
            if wires:
                return m.group(0).strip(), wires
    return "", ()


def _find_credits(page: ParsedPage) -> dict[str, str]:
    credits: dict[str, str] = {}
    for byline in page.bylines:
        for m in _CREDIT.finditer(byline):
            credits.setdefault(m.lastgroup, byline)
    text = page.visible_text
    listed = {item for lst in page.link_lists for item in lst.all_items}
    captions = set(page.captions)
    checked_to = -1
    for hint in _CREDIT_HINT.finditer(text):
        if hint.start() < checked_to:
            continue
        line_start = text.rfind("\n", 0, hint.start()) + 1
        line_end = text.find("\n", hint.end())
        line_end = len(text) if line_end < 0 else line_end
        checked_to = line_end
        line = text[line_start:line_end]
        length = len(line)
        if length > CREDIT_MAX_LINE_CHARS and not (length <= CREDIT_LONG_LINE_MAX_CHARS
                                                   and CREDIT_LONG_LINE.search(line)):
            continue
        if line in listed or line in captions or DATELINE.match(line):
            continue
        for m in _CREDIT.finditer(line):
            key = m.lastgroup
            if key in credits:
                continue
            before = line[max(0, m.start() - CREDIT_CONTEXT_CHARS):m.start()]
            if PHOTO_CREDIT_BEFORE.search(before) or PHOTO_CREDIT_AFTER.match(line, m.end()):
                continue
            if SOURCE_NOT_AUTHOR.search(before) or SOURCE_VERB_AFTER.match(line, m.end()):
                continue
            credits[key] = line.strip()
    return credits


def _analyse(page: ParsedPage) -> _WireFindings:
    found = _WireFindings()
    domain = page.domain
    if domain:
        for _, _, domains in WIRES.values():
            found.wire_site = found.wire_site or _on_domain(domain, domains)
    dateline, wires = _find_dateline(page)
    # On an agency's own site, its own datelines are no sign of copying.
    wires = tuple(w for w in wires if not (domain and _on_domain(domain, WIRES[w][2])))
    if wires:
        found.dateline, found.dateline_wires = dateline, wires
    found.credits = _find_credits(page)
    return found


class WireCopy(PageFeature):
    """Wire dateline in the story, and whether the page credits the agency."""

    name = "wire_copy"
    feature_names = ("dateline", "dateline_without_credit", "wire_credit", "wire_site")
    # No farm_markers: real newsrooms print agency datelines without a credit
    # this extractor can see (measured: counting dateline_without_credit in the
    # rare-evidence tally flagged 3 of the 25 wire-dateline originals).
    reason_templates: ClassVar[dict[str, str]] = {
        "dateline_without_credit": "the story is wire copy that the page does not credit: {evidence}",
        "dateline": "the story is wire copy: {evidence}",
        "wire_credit": "the page credits a news agency: {evidence}",
        "wire_site": "the page is on a news agency's own site ({evidence})",
    }
    counter_reason_templates: ClassVar[dict[str, str]] = {
        "wire_credit": "the page credits the news agency: {evidence}",
        "wire_site": "the page is on the news agency's own site ({evidence})",
        "dateline_without_credit": "the page credits the wire service it republishes",
        "dateline": "the story opens with a wire dateline: {evidence}",
    }

    def extract(self, page: ParsedPage) -> dict[str, float]:
        found = page.memo(_analyse, lambda: _analyse(page))
        credited = any(w in found.credits for w in found.dateline_wires)
        return {
            "dateline": float(bool(found.dateline)),
            "dateline_without_credit": float(bool(found.dateline) and not credited),
            "wire_credit": float(bool(found.credits)),
            "wire_site": float(bool(found.wire_site)),
        }

    def evidence(self, page: ParsedPage, feature: str) -> str:
        found = page.memo(_analyse, lambda: _analyse(page))
        if feature in ("dateline", "dateline_without_credit") and found.dateline:
            quoted = f"wire dateline '{found.dateline}'"
            if feature == "dateline":
                return quoted
            credited = [found.credits[w] for w in found.dateline_wires if w in found.credits]
            if credited:
                return f"{quoted}, credited as '{credited[0][:80]}'"
            return f"{quoted} with no credit to the wire"
        if feature == "wire_credit" and found.credits:
            return f"'{next(iter(found.credits.values()))[:80]}'"
        if feature == "wire_site":
            return found.wire_site
        return ""
