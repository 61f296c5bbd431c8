"""language_signals: hand-written pages, expected values counted by hand."""

from __future__ import annotations

from classifier.features.language_signals import LanguageSignals, story_language
from classifier.parse import ParsedPage

EXTRACTOR = LanguageSignals()
GERMAN = ("<p>Der Gemeinderat hat am Dienstag beschlossen, dass die alte Brücke über den Fluss noch vor dem Winter "
          "saniert wird. Die Kosten sind nicht gering, aber die Bürger haben sich mit einer großen Mehrheit für die "
          "Reparatur ausgesprochen, und auch der Bürgermeister ist mit dem Plan zufrieden, der nun umgesetzt wird. "
          "Die Arbeiten sollen im Mai beginnen und bis zum Herbst dauern, sagte eine Sprecherin der Stadt.</p>")
ENGLISH = ("<p>The council voted on Tuesday that the old bridge over the river is to be repaired before the winter. "
           "The cost is not small, but the residents have backed the repair with a large majority, and the mayor is "
           "happy with the plan, which will now go ahead. The work is to start in May and to last until the autumn, "
           "a spokeswoman for the town said, and the bridge will be closed for traffic from the first day.</p>")


def values(html: str) -> dict[str, float]:
    return EXTRACTOR.extract(ParsedPage.from_html(html))


def test_story_language_by_function_words():
    assert story_language(ParsedPage.from_html(GERMAN).main_text) == "de"
    assert story_language(ParsedPage.from_html(ENGLISH).main_text) == "en"
    assert story_language("too short to tell") == ""


def test_declared_language_that_contradicts_the_story():
    page = ParsedPage.from_html(f"<html lang='en-US'><body>{GERMAN}</body></html>")
    assert EXTRACTOR.extract(page)["declared_language_mismatch"] == 1
    assert "lang=\"en\"" in EXTRACTOR.describe(page, "declared_language_mismatch", 1.0)
    assert values(f"<html lang='de'><body>{GERMAN}</body></html>")["declared_language_mismatch"] == 0
    assert values(f"<html><body>{GERMAN}</body></html>")["declared_language_mismatch"] == 0


def test_alternates_switcher_and_fullwidth_punctuation():
    head = "".join(f"<link rel='alternate' hreflang='{c}' href='/{c}/'>" for c in ("en", "de", "fr", "ja"))
    menu = "<a href='/de/'>Deutsch</a><a href='/fr/'>Français</a><a href='/ja/'>日本語</a><a href='/x'>Deutsch</a>"
    story = ENGLISH.replace(", but", "，but")
    got = values(f"<html lang='en'><head>{head}</head><body>{menu}{story}</body></html>")
    assert got["hreflang_alternates"] == 4
    assert got["language_switcher"] == 3
    assert got["fullwidth_punctuation"] == 1


def test_fullwidth_punctuation_in_a_chinese_story_is_normal():
    story = "<p>" + "市议会周二投票决定，在冬季之前修复河上的旧桥。" * 10 + "</p>"
    assert values(story)["fullwidth_punctuation"] == 0


def test_fast_hreflang_count_equals_the_pattern():
    from classifier.features.language_signals import HREFLANG, count_hreflang

    samples = ["", "hreflang=", "HrefLang =x", "xhreflang=", "_hreflang=", "-hreflang = 'de'", "hreflang", "hreflangX=",
               "<link HREFLANG\t=\"fr\"><link hreflang='de'>", "é hreflang=", "ühreflang=", "hreflang hreflang=",
               "İ hreflang=", "\u212a hreflang="]
    for text in samples:
        assert count_hreflang(text) == len(HREFLANG.findall(text)), text
