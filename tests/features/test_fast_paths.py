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

from classifier.features import copy_markers as cm
from classifier.pages import Page, finish_page
from classifier.parse import ParsedPage
from shared_paths import CORPUS, needs_corpus

#: Real pages compared in the corpus test: enough for every branch, a few seconds.
CORPUS_PAGES = 250


def plain_ai_lines(page: ParsedPage) -> list[str]:
    return [line for line in page.lines if cm.AI_LEFTOVERS.search(line)]


def plain_scraper_lines(page: ParsedPage) -> list[str]:
    return [line for line in page.lines if len(line) < 400 and cm.SCRAPER_ATTRIBUTION.search(line)]


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
])
def test_ad_slot_scan_counts_what_the_plain_pattern_counts(html):
    assert len(cm._AD_SLOT_SCAN.findall(html)) == len(cm.AD_SLOT.findall(html))


@pytest.mark.parametrize("text", [
    "As an AI language model, I cannot.\nA normal line.\nCertainly! Here is the rewritten version of it",
    "AS AN AI\nsure, here's the text\nI HOPE THIS HELPS and delve into it twice: delve into",
    "Aſ an AI language model\nİ hope this helps\nregenerate response",
    "This article was posted by Example. Read More\nThe post Council votes appeared first on Example.\nSource link",
    "ſource link\nThe poſt X appeared first on Y\nDisclaimer: this article is reproduced from Z",
    "This story was originally published on Example\nFirst appeared in Example\n" + "published " * 50,
    "",
])
def test_line_searches_find_the_lines_the_per_line_search_finds(text):
    for page in (ParsedPage.from_text(text), ParsedPage.from_html("".join(f"<p>{t}</p>" for t in text.split("\n")))):
        assert cm.ai_leftover_lines(page) == plain_ai_lines(page)
        assert cm.scraper_lines(page) == plain_scraper_lines(page)


@needs_corpus
def test_fast_searches_agree_with_plain_ones_on_real_pages():
    with open(CORPUS / "index.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))[:CORPUS_PAGES]
    for row in rows:
        with gzip.open(CORPUS / row["path"], "rb") as stream:
            page = ParsedPage(finish_page(Page(input=row["path"], url=row["url"], body=stream.read())))
        assert len(cm._AD_SLOT_SCAN.findall(page.source)) == len(cm.AD_SLOT.findall(page.source)), row["path"]
        assert cm.ai_leftover_lines(page) == plain_ai_lines(page), row["path"]
        assert cm.scraper_lines(page) == plain_scraper_lines(page), row["path"]
