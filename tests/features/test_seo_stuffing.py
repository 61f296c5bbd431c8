"""seo_stuffing: hand-written pages, expected values counted by hand."""

from __future__ import annotations

from classifier.features.seo_stuffing import SeoStuffing, keyword_list_paragraphs
from classifier.parse import ParsedPage

EXTRACTOR = SeoStuffing()
STORY = ("<p>The harbour authority said on Monday that the ferry to Gullholm will run twice a day from May, "
         "after a winter of repairs to the pier.</p>")


def values(html: str) -> dict[str, float]:
    return EXTRACTOR.extract(ParsedPage.from_html(html))


def test_keywords_meta_terms_and_title_segments():
    html = ("<html><head><title>Ferry returns | ferry news today | Gullholm ferry live | ferry update 2024"
            "</title><meta name='keywords' content='ferry, Gullholm, ferry today, , harbour news'></head>"
            "<body>" + STORY + "</body></html>")
    page = ParsedPage.from_html(html)
    got = EXTRACTOR.extract(page)
    assert got["keywords_meta_terms"] == 4
    assert got["title_segments"] == 4
    assert "stuffed with 4 phrases" in EXTRACTOR.describe(page, "title_segments", 4.0)


def test_reasons_for_short_titles_do_not_speak_of_stuffing():
    page = ParsedPage.from_html("<title>Gullholm ferry back in May</title>" + STORY)
    assert EXTRACTOR.describe(page, "title_segments", 1.0) == "the title is the bare headline, with no site name"
    assert "stuffed" not in EXTRACTOR.describe(page, "title_segments", 2.0)


def test_a_plain_title_is_one_or_two_segments_and_hyphens_inside_words_do_not_count():
    assert values("<title>Gullholm ferry back in May</title>" + STORY)["title_segments"] == 1
    assert values("<title>Ferry back in May - The Island Post</title>" + STORY)["title_segments"] == 2
    assert values("<title>Year-round ferry for Gullholm</title>" + STORY)["title_segments"] == 1
    assert values(STORY)["title_segments"] == 0


def test_search_widget_headings():
    got = values(STORY + "<h2>People also ask</h2><h3>When does the ferry run?</h3><h2>Related searches</h2>"
                         "<p>People also ask the harbour master about fares every spring.</p>")
    assert got["search_widgets"] == 2


def test_key_phrase_paragraphs_but_not_sentences_with_commas():
    phrases = "ferry news today, Gullholm ferry, ferry live, ferry update, harbour news, ferry times"
    assert keyword_list_paragraphs([phrases]) == [phrases]
    assert keyword_list_paragraphs(["Ferry news. Ferry today. Ferry live. Harbour update. Ferry times."])
    prose = ("The ferry, which was built in 1988, will stop at Gullholm, Sandvik and Nes, the authority said, "
             "and fares will rise by a tenth, as they did last year.")
    assert keyword_list_paragraphs([prose]) == []


def test_tag_links_and_hidden_text():
    tags = "".join(f"<a href='/tag/ferry-{i}'>ferry {i}</a>" for i in range(12))
    hidden = "<div style='display: none'>ferry news ferry today ferry live ferry update harbour</div>"
    got = values(STORY + tags + hidden + "<div style='display:none'><a href='/menu'>Menu</a></div>")
    assert got["tag_links"] == 12
    assert got["hidden_text_words"] == 9


def test_text_pages_have_no_markup_signals():
    got = EXTRACTOR.extract(ParsedPage.from_text("Ferry back in May\n\nPeople also ask\n\n" + "Words here. " * 20))
    assert got["search_widgets"] == 1
    assert got["keywords_meta_terms"] == got["tag_links"] == got["hidden_text_words"] == 0
