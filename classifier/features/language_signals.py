"""Language signals: a page whose language furniture does not fit its story.

Multilingual farm networks run one template in a dozen languages and pour
whatever story they copied into it. What is measured:

* ``declared_language_mismatch``: 1 when ``<html lang>`` names one language
  and the story is plainly written in another (English, German, French,
  Spanish, Italian, Portuguese or Dutch, told by their commonest words);
* ``hreflang_alternates``: ``hreflang`` alternates the page declares (capped
  at MAX_ALTERNATES): a template that claims every language at once;
* ``language_switcher``: link texts that are language names written in their
  own language ("Deutsch", "Français", "日本語"), counted once each;
* ``fullwidth_punctuation``: full-width punctuation ("，", "：", "（") inside
  a story written in Latin script, left by copying through a Chinese
  template (capped at MAX_COUNT).

Why it separates: a newsroom writes in the language its page declares, and
its translations are its own stories. Real international outlets do declare
alternates and show language menus, so those are counts for the model, while
a declared language that contradicts the story and full-width punctuation in
Latin text are rare outside copied pages.

Range: 0/1 and non-negative counts; an empty or plain-text page gives zeros.
"""

from __future__ import annotations

import re
from collections import Counter

from ..parse import ParsedPage
from ._base import PageFeature

MAX_ALTERNATES = 50.0
MAX_COUNT = 20.0
#: The story needs this many function words before its language is named.
MIN_FUNCTION_WORDS = 20
#: ... and the winning language at least this share of them.
MIN_WINNING_SHARE = 0.6
#: Only the head of the HTML is searched for the declared language.
HEAD_SCAN_CHARS = 5_000

FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "is", "that", "with", "for", "was", "are", "this", "have", "from", "which"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "dem", "ein", "eine", "auch", "wird"},
    "fr": {"le", "les", "et", "des", "est", "une", "pour", "dans", "qui", "sur", "pas", "avec", "sont", "aux"},
    "es": {"el", "los", "las", "y", "del", "que", "por", "una", "con", "para", "como", "más", "pero", "fue"},
    "it": {"il", "di", "che", "gli", "della", "per", "una", "sono", "nel", "anche", "come", "più", "dei", "alla"},
    "pt": {"os", "das", "não", "uma", "com", "para", "como", "mais", "foi", "pelo", "pela", "são", "ao", "nos"},
    "nl": {"het", "een", "van", "en", "niet", "zijn", "voor", "met", "ook", "wordt", "naar", "bij", "dat", "maar"},
}
HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
HREFLANG = re.compile(r"\bhreflang\s*=", re.I)
_EQUALS_AFTER = re.compile(r"\s*=")
ENDONYMS = frozenset({"english", "deutsch", "français", "español", "italiano", "português", "русский", "日本語",
                      "한국어", "中文", "简体中文", "繁體中文", "العربية", "nederlands", "polski", "türkçe", "tiếng việt",
                      "ไทย", "svenska", "dansk", "norsk", "suomi", "čeština", "magyar", "română", "ελληνικά"})
FULLWIDTH_ONLY = re.compile("[\uff0c\u3002\uff1a\uff1b\uff01\uff1f\uff08\uff09\u3001]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
WORD = re.compile(r"[^\W\d_]+")


def story_language(text: str) -> str:
    """The language the text is written in, told by function words; '' when unsure."""
    counts: Counter = Counter()
    for word in WORD.findall(text.lower()):
        for lang, words in FUNCTION_WORDS.items():
            if word in words:
                counts[lang] += 1
    total = sum(counts.values())
    if total < MIN_FUNCTION_WORDS:
        return ""
    lang, hits = counts.most_common(1)[0]
    return lang if hits / total >= MIN_WINNING_SHARE else ""


def count_hreflang(source: str) -> int:
    """``len(HREFLANG.findall(source))``, ten times faster: lower-casing maps
    nothing but the ASCII letters of "hreflang" onto them, so a C-level search
    of the lower-cased text finds the same places, checked as the pattern does
    (a non-word character before, optional spaces and "=" after)."""
    lowered = source.lower()
    count, at = 0, lowered.find("hreflang")
    while at >= 0:
        before = lowered[at - 1] if at else ""
        if not (before.isalnum() or before == "_") and _EQUALS_AFTER.match(lowered, at + len("hreflang")):
            count += 1
        at = lowered.find("hreflang", at + len("hreflang"))
    return count


def declared_language(page: ParsedPage) -> str:
    if page.kind != "html":
        return ""
    match = HTML_LANG.search(page.source[:HEAD_SCAN_CHARS])
    return match.group(1).lower() if match else ""


class LanguageSignals(PageFeature):
    """Language furniture that does not fit the story."""

    name = "language_signals"
    feature_names = ("declared_language_mismatch", "hreflang_alternates", "language_switcher",
                     "fullwidth_punctuation")
    farm_markers = feature_names
    reason_templates = {
        "declared_language_mismatch": "the page declares one language and the story is in another: {evidence}",
        "hreflang_alternates": "the page claims {value:.0f} language versions",
        "language_switcher": "a menu of {value:.0f} languages: {evidence}",
        "fullwidth_punctuation": "{value:.0f} full-width (Chinese) punctuation marks in a Latin-script story",
    }
    counter_reason_templates = {
        "declared_language_mismatch": "the page's declared language is the story's",
        "hreflang_alternates": "the page claims {value:.0f} language versions",
        "language_switcher": "a menu of {value:.0f} languages",
        "fullwidth_punctuation": "no full-width (Chinese) punctuation in a Latin-script story",
    }

    def _languages(self, page: ParsedPage) -> tuple[str, str]:
        return page.memo("language_signals.languages",
                         lambda: (declared_language(page), story_language(page.main_text)))

    def _switcher(self, page: ParsedPage) -> list[str]:
        return list(dict.fromkeys(link.text for link in page.links if link.text.strip().lower() in ENDONYMS))

    def extract(self, page: ParsedPage) -> dict[str, float]:
        declared, written = self._languages(page)
        mismatch = 1.0 if declared and written and declared[:2] != written else 0.0
        main = page.main_text
        fullwidth = 0.0
        if main and not CJK.search(main) and LATIN_LETTER.search(main):
            fullwidth = min(MAX_COUNT, float(len(FULLWIDTH_ONLY.findall(main))))
        return {
            "declared_language_mismatch": mismatch,
            "hreflang_alternates": min(MAX_ALTERNATES, float(count_hreflang(page.source))) if page.kind == "html"
            else 0.0,
            "language_switcher": float(len(self._switcher(page))),
            "fullwidth_punctuation": fullwidth,
        }

    def evidence(self, page: ParsedPage, feature: str) -> str:
        if feature == "declared_language_mismatch":
            declared, written = self._languages(page)
            return f"lang=\"{declared}\", story in '{written}'" if declared and written else ""
        if feature == "language_switcher":
            names = self._switcher(page)
            return ", ".join(f"'{n}'" for n in names[:5]) + (" …" if len(names) > 5 else "")
        return ""
