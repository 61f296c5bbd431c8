"""copy_markers: hand-written pages, expected values counted by hand."""

from __future__ import annotations

from classifier.features.copy_markers import CopyMarkers
from classifier.parse import ParsedPage

EXTRACTOR = CopyMarkers()


def values(html: str) -> dict[str, float]:
    return EXTRACTOR.extract(ParsedPage.from_html(html))


def test_scraper_plugin_lines_are_counted_and_quoted():
    page = ParsedPage.from_html("<p>A long story paragraph with enough words to count as the article body.</p>"
                                "<p>This article was posted by Example News. Read More</p>"
                                "<p>The post Council votes appeared first on Example News.</p>")
    assert EXTRACTOR.extract(page)["scraper_attribution"] == 2
    assert "This article was posted by" in EXTRACTOR.describe(page, "scraper_attribution", 2.0)


def test_a_newsroom_credit_is_not_a_scraper_attribution():
    assert values("<p>Reporting by Jane Roe; Editing by John Doe</p><p>© 2024 dpa</p>")["scraper_attribution"] == 0


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
    assert got["scraper_attribution"] == 1 and got["ad_slots_per_paragraph"] == 0
