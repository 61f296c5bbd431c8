"""Fast searches must find exactly what the plain ones they replace find.

Some extractors replace a per-line or case-insensitive regex search with a
faster equivalent (one scan of the lower-cased text, patterns spelt case by
case). These tests pin the equivalence on hand-written pages, including the
characters where lower-casing and ``re.I`` disagree, and on real pages.
"""

from __future__ import annotations

import csv
import gzip
import re
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.features import copy_markers as cm
from classifier.features import network_templates as nt
from classifier.pages import Page, finish_page
from classifier.parse import ParsedPage
from shared_paths import CORPUS, needs_corpus

#: Real pages compared in the corpus test: enough for every branch, a few seconds.
CORPUS_PAGES = 250


def plain_ai_lines(page: ParsedPage) -> list[str]:
    return [line for line in page.lines if cm.AI_LEFTOVERS.search(line)]


def plain_plugin_lines(page: ParsedPage) -> list[str]:
    return [line for line in page.lines if len(line) < 400 and cm.PLUGIN_ATTRIBUTION.search(line)]


def plain_credit_lines(page: ParsedPage) -> list[str]:
    return [line for line in page.lines if len(line) < 400 and cm.REPUBLICATION_CREDIT.search(line)
            and not cm.PLUGIN_ATTRIBUTION.search(line)]


def plain_generated_notice_lines(page: ParsedPage) -> list[str]:
    return [line for line in page.lines if len(line) < nt.MAX_LINE_CHARS and nt.GENERATED_NOTICE.search(line)]


def plain_clickbait_links(page: ParsedPage) -> list[str]:
    return [link.text for link in page.links if len(link.text) < 200 and cm.CLICKBAIT.search(link.text)]


def test_extra_folds_name_every_character_re_ignorecase_matches_to_an_ascii_letter():
    # Only cased characters can fold to a letter, so checking them covers all of Unicode.
    cased = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).lower() != chr(c).upper()]
    for letter in string.ascii_lowercase:
        matching = {c for c in cased if re.fullmatch(letter, c, re.I)}
        assert matching == set(letter + letter.upper() + cm.EXTRA_FOLDS.get(letter, "")), letter


def test_caseless_spelling_leaves_escapes_and_classes_alone():
    assert cm.spelt_caseless(r"id\s*[^a]\w") == r"[Ii" + cm.EXTRA_FOLDS["i"] + r"][Dd]\s*[^a]\w"


@pytest.mark.parametrize("html", [
    "<div class='ad'>x</div>",
    '<div CLASS = "wide Ad-Slot">x</div><p Id="sponsored">y</p>',
    "<div claſs='ad'>long s</div><p İd='ads'>dotted</p><p ıd=\"ADVERTISEMENT\">dotless</p>",
    "<div class='load ad bad-ad'>only the free-standing token</div><script>x.id = 'gpt-ad'</script>",
    "<div class='advertid='x ad'>overlapping names</div><div grid='ad'>grid</div>",
    "<div class='header'>no ad slot here</div>",
    "<div class\n =\u2003'ad' id\t=\"x ads\"><a href='/?class=ad'>q</a></div><p data-id=\"ad\">y</p>",
    "class='ad id='ad' class=\"ad\" ID = 'AD-BANNER' aid='ad' =\"ad\" ='sponsored'",
    "<i class='advertid= 'ad'></i><b id=ad></b><u class=\"'ad\"></u>",
])
def test_ad_slot_count_counts_what_the_plain_pattern_counts(html):
    assert cm.count_ad_slots(html) == len(cm.AD_SLOT.findall(html))


#: Pieces of attributes that make and break ad-slot matches (names and their
#: case folds, whitespace, "=", quotes, tokens and near-tokens), which
#: hypothesis strings into hostile markup.
AD_SLOT_NAMES = ["class", "id", "CLASS", "İd", "ıD", "claſs", "aid", "data-id", "x"]
AD_SLOT_SPACES = ["", "", " ", "\n", "\u2003"]
AD_SLOT_QUOTES = ["'", '"', "", "'\""]
AD_SLOT_WORDS = ["ad", "ads", "AD", "advertid", "sponsored", "gpt-ad", "load", "x-ad", "ad-", "=", " ", "id=", "'"]
ad_slot_attribute = st.builds(
    lambda name, space1, space2, quote, words, closing: f"{name}{space1}={space2}{quote}{' '.join(words)}{closing}",
    st.sampled_from(AD_SLOT_NAMES), st.sampled_from(AD_SLOT_SPACES), st.sampled_from(AD_SLOT_SPACES),
    st.sampled_from(AD_SLOT_QUOTES), st.lists(st.sampled_from(AD_SLOT_WORDS), max_size=4),
    st.sampled_from(AD_SLOT_QUOTES + [">"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(ad_slot_attribute, st.sampled_from(AD_SLOT_WORDS + AD_SLOT_SPACES + ["<div "])),
                max_size=12))
def test_ad_slot_count_agrees_with_findall_on_generated_markup(pieces):
    html = "".join(pieces)
    assert cm.count_ad_slots(html) == len(cm.AD_SLOT.findall(html))


@pytest.mark.parametrize("text", [
    "As an AI language model, I cannot.\nA normal line.\nCertainly! Here is the rewritten version of it",
    "AS AN AI\nsure, here's the text\nI HOPE THIS HELPS and delve into it twice: delve into",
    "Aſ an AI language model\nİ hope this helps\nregenerate response",
    "This article was posted by Example. Read More\nThe post Council votes appeared first on Example.\nSource link",
    "ſource link\nThe poſt X appeared first on Y\nDisclaimer: this article is reproduced from Z",
    "This story was originally published on Example\nFirst appeared in Example\n" + "published " * 50,
    "Read More: https://example.org/a\nREAD MORE: EXAMPLE.ORG\nRead more: a headline\nRepubliſhed with permiſſion",
    "Originally appeared in X\nFİRST PUBLISHED BY Y\nFirst published on May 3, 2024\nreprinted by permission\n"
    "This article was originally posted by X\n" + "originally appeared in " * 30,
    "In this article, we will explore it\nAs of my last knowledge update\nI can't browse the internet\n"
    "Here is a rewritten version of the story\nRewritten in a unique voice\nSure! Here is\nmeasure here's",
    "",
])
def test_line_searches_find_the_lines_the_per_line_search_finds(text):
    for page in (ParsedPage.from_text(text), ParsedPage.from_html("".join(f"<p>{t}</p>" for t in text.split("\n")))):
        assert cm.ai_leftover_lines(page) == plain_ai_lines(page)
        assert cm.plugin_lines(page) == plain_plugin_lines(page)
        assert cm.credit_lines(page) == plain_credit_lines(page)


@pytest.mark.parametrize("texts", [
    ["You won't believe what happens next", "Doctors are baffled by this one simple trick", "Council votes"],
    ["This will SHOCK you", "Jaw-dropping photos", "The reason why will surprise you", "Here's what they look like"],
    ["Stars then and what they looks like now", "Number 7 will amaze you", "See it before it's deleted"],
    ["Doctors ſtunned", "İ won't believe it", "YOU WONT BELIEVE"],
    ["A link\nwith a line break that says you won't believe", "you won't believe"],
    [],
])
def test_clickbait_search_finds_the_links_the_per_link_search_finds(texts):
    html = "<body>" + "".join(f"<p><a href='/{i}'>{text}</a></p>" for i, text in enumerate(texts)) + "</body>"
    page = ParsedPage.from_html(html)
    assert cm.clickbait_links(page) == plain_clickbait_links(page)
    assert cm.clickbait_links(page) or not texts


#: One phrase per alternative of each pattern, none holding another's hint
#: word, so a hint missing from a fast search loses a phrase.
AI_PHRASES = ["As an AI I think so", "Certainly, here are the facts", "Sure! Here's the text", "I hope this helps you",
              "as of my training cutoff", "I cannot browse the internet", "Regenerate response",
              "Here is the rewritten text", "Rewritten in a fresh voice", "In this article we will explore",
              "Let us delve into it", "A shorter version of the article:", "A rewrite of the story:",
              "Let me know if you need any further edits", "Als KI-Sprachmodell kann ich das nicht",
              "Als KI habe ich keinen Zugriff", "Hier ist eine umgeschriebene Fassung", "Hier ist der umformulierte Text",
              "Hier ist die neu formulierte Meldung", "Ich hoffe, das hilft weiter",
              "Lassen Sie mich wissen, ob Sie weitere Wünsche haben", "En tant que modèle de langage, je",
              "Voici une réécriture du texte", "J'espère que cela vous aide", "N'hésitez pas à me demander d'autres "
              "modifications", "Como modelo de lenguaje no puedo", "Una versión reescrita del texto",
              "Espero que esto te ayude", "Avísame si necesitas cambios"]
PLUGIN_PHRASES = ["This article was posted by Example", "The post Votes appeared first on Example", "Source link",
                  "Read More: https://example.org/votes", "Disclaimer: this content was taken from a partner"]
CREDIT_PHRASES = ["This article originally appeared in Example", "It was first published in the Times",
                  "It first appeared on Example", "It was first posted at Example",
                  "Content is reproduced from a partner", "Article reprinted from a partner",
                  "Republished with permission from Example"]
CLICKBAIT_PHRASES = ["You won't believe it", "Doctors hate him", "This one trick", "Find out what happens next",
                     "It will shock you", "It will surprise you", "It will amaze you", "A jaw dropping view",
                     "The reason will", "Here's what happened", "Stars and what it looks like now",
                     "Number 3 will", "Watch before it's banned", "These photos make you look twice",
                     "Stars who aged badly", "Try not to laugh", "Sie werden nicht glauben", "Ärzte verblüfft",
                     "Zweimal hinschauen", "Erkennt heute niemand mehr", "Vous ne croirez jamais", "Regarder deux fois",
                     "Médecins stupéfaits", "No creerás esto", "Mirar dos veces", "Médicos asombrados",
                     "Un sencillo truco"]


GENERATED_NOTICE_PHRASES = ["This text was generated by software", "An automatically generated summary",
                            "Powered by Narrative Science", "An automated news system wrote it",
                            "It was produced using public data", "Written with artificial intelligence",
                            "Reproduced from the Internet", "Copyright belongs to the original author",
                            "If there is any infringement", "Please contact us to delete it",
                            "Aus dem Internet reproduziert", "Bei Verstößen kontaktieren Sie uns",
                            "Automatisch erstellt", "Reproduit à partir d'Internet", "En cas de contrefaçon",
                            "Se reproduce de Internet", "Si hay alguna infracción", "Généré automatiquement",
                            "Generado automáticamente"]


def test_each_alternative_of_each_pattern_is_found_by_the_fast_searches():
    page = ParsedPage.from_html("".join(f"<p>{line}</p>" for line in AI_PHRASES + PLUGIN_PHRASES + CREDIT_PHRASES)
                                + "".join(f"<p><a href='/{i}'>{text}</a></p>" for i, text in enumerate(CLICKBAIT_PHRASES)))
    assert cm.ai_leftover_lines(page) == plain_ai_lines(page) == AI_PHRASES
    assert cm.plugin_lines(page) == plain_plugin_lines(page) == PLUGIN_PHRASES
    assert cm.credit_lines(page) == plain_credit_lines(page) == CREDIT_PHRASES
    assert cm.clickbait_links(page) == plain_clickbait_links(page) == CLICKBAIT_PHRASES
    notices = ParsedPage.from_html("".join(f"<p>{line}</p>" for line in GENERATED_NOTICE_PHRASES)
                                   + "<p>" + "generated by software " * 30 + "</p>")  # too long to count
    assert nt.generated_notice_lines(notices) == plain_generated_notice_lines(notices) == GENERATED_NOTICE_PHRASES
    folded = ParsedPage.from_html("<p>ſoftware generated by ſoftware</p><p>GENERATED BY SOFTWARE</p>")
    assert nt.generated_notice_lines(folded) == plain_generated_notice_lines(folded)
    assert len(nt.generated_notice_lines(folded)) == 2


@needs_corpus
def test_fast_searches_agree_with_plain_ones_on_real_pages():
    with open(CORPUS / "index.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))[:CORPUS_PAGES]
    for row in rows:
        with gzip.open(CORPUS / row["path"], "rb") as stream:
            page = ParsedPage(finish_page(Page(input=row["path"], url=row["url"], body=stream.read())))
        assert cm.count_ad_slots(page.source) == len(cm.AD_SLOT.findall(page.source)), row["path"]
        assert cm.ai_leftover_lines(page) == plain_ai_lines(page), row["path"]
        assert cm.plugin_lines(page) == plain_plugin_lines(page), row["path"]
        assert cm.credit_lines(page) == plain_credit_lines(page), row["path"]
        assert cm.clickbait_links(page) == plain_clickbait_links(page), row["path"]
        assert nt.generated_notice_lines(page) == plain_generated_notice_lines(page), row["path"]
