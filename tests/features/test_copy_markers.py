"""copy_markers: hand-written pages, expected values counted by hand."""

from __future__ import annotations

import pytest

from classifier.features.copy_markers import CopyMarkers
from classifier.parse import ParsedPage

EXTRACTOR = CopyMarkers()


def values(html: str) -> dict[str, float]:
    return EXTRACTOR.extract(ParsedPage.from_html(html))


STORY = "<p>A long story paragraph with enough words to count as the article body of the page.</p>"


def test_plugin_lines_are_counted_and_quoted():
    page = ParsedPage.from_html(STORY + "<p>This article was posted by Example News. <a href='/x'>Read More</a></p>"
                                "<p>The post Council votes appeared first on Example News.</p>")
    assert EXTRACTOR.extract(page)["plugin_attribution"] == 2
    assert EXTRACTOR.extract(page)["republication_credit"] == 0
    reason = EXTRACTOR.describe(page, "plugin_attribution", 2.0)
    assert "This article was posted by Example News." in reason and "(+1 more)" in reason


@pytest.mark.parametrize("line", [
    "This article was originally posted by example.org ... Read More",
    "This story was posted on Example Daily",
    "The post Harbour reopens after storm appeared first on Example Daily.",
    "Source link",
    "Read More: https://example.org/news/harbour-reopens-2024",
    "Read more: example.org",
    "Disclaimer: This article is reproduced from the Internet, and the copyright belongs to the original author.",
])
def test_each_plugin_signature_is_a_plugin_line_and_not_a_credit(line):
    got = values(STORY + f"<p>{line}</p>")
    assert got["plugin_attribution"] == 1 and got["republication_credit"] == 0


@pytest.mark.parametrize("line", [
    "This article originally appeared in Example Weekly.",
    "Republished with permission from Example Weekly.",
    "This story was first published by Example Weekly.",
    "This article was originally published on Example Weekly.",
    "This article is republished from Example Weekly under a Creative Commons license.",
    "Reprinted by permission of Example Books. All rights reserved.",
    "Originally posted at example.org",
])
def test_licensed_credit_lines_are_credits_not_plugin_lines(line):
    got = values(STORY + f"<p>{line}</p>")
    assert got["plugin_attribution"] == 0 and got["republication_credit"] == 1


@pytest.mark.parametrize("line", [
    "Reporting by Jane Roe; Editing by John Doe", "© 2024 dpa", "Source: Example Weekly",
    "First published on November 19, 2024 / 8:16 AM", "It first appeared in 2014, near the border.",
    "Read more: Council votes to close the harbour", "Read More", "This entry was posted in Politics.",
])
def test_newsroom_lines_are_neither_plugin_lines_nor_credits(line):
    got = values(STORY + f"<p>{line}</p>")
    assert got["plugin_attribution"] == 0 and got["republication_credit"] == 0


def test_republication_credit_is_not_a_farm_marker():
    assert "republication_credit" not in CopyMarkers.farm_markers
    assert "plugin_attribution" in CopyMarkers.farm_markers


def test_admin_byline_is_generic_but_a_person_is_not():
    assert values("<p class='byline'>By admin</p><p>text</p>")["generic_author"] == 1
    assert values("<p class='byline'>By Dana Whitfield</p><p>text</p>")["generic_author"] == 0
    assert values("<p>no byline at all</p>")["generic_author"] == 0


def test_chatbot_chatter_is_counted_once_per_line():
    page = "<p>Certainly! Here is a rewritten version of the article:</p><p>As an AI language model, I note.</p>"
    assert values(page)["ai_leftovers"] == 2


def test_clickbait_counts_link_texts_only():
    html = ("<p>You won't believe it, said the mayor in a speech.</p>"
            "<a href='/a'>You Won't Believe What This Actor Looks Like Now</a><a href='/b'>Budget vote delayed</a>")
    assert values(html)["clickbait_phrases"] == 1


def test_slideshow_and_refresh_and_ad_slots():
    html = ("<html><head><meta http-equiv='refresh' content='60'></head><body>"
            "<div class='ad-slot'></div><p>One paragraph of the story with enough words in it to count.</p>"
            "<div id='ad-container-2'></div><p>Slide 2 of 9</p><a href='/n'>Next slide</a></body></html>")
    got = values(html)
    assert got["auto_refresh"] == 1
    assert got["slideshow_markers"] == 2
    assert got["ad_slots_per_paragraph"] == 2.0


def test_words_that_merely_contain_ad_are_not_ad_slots():
    html = "<div class='header loaded'><p class='lead'>A paragraph with enough words for the story body here.</p></div>"
    assert values(html)["ad_slots_per_paragraph"] == 0


def test_text_pages_work_and_have_no_ad_slots():
    page = ParsedPage.from_text("Title\n\nAdmin\n\nStory text that is long enough to be a paragraph of words.\n"
                                "Source link\n")
    got = EXTRACTOR.extract(page)
    assert got["plugin_attribution"] == 1 and got["ad_slots_per_paragraph"] == 0
