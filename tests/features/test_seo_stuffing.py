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


def test_stuffed_title_phrases_count_search_phrases_after_the_headline():
    got = values("<title>Ferry returns to Gullholm | Gullholm ferry latest news | live ferry | ferry 2024 | The Island Post"
                 "</title>" + STORY)
    assert got["stuffed_title_phrases"] == 3
    german = values("<title>Fähre fährt wieder nach Gullholm | Fähre heute | Gullholm aktuell - Inselblatt</title>" + STORY)
    assert german["stuffed_title_phrases"] == 2


def test_newsroom_titles_are_not_stuffed():
    for title in ("Ferry returns to Gullholm | News | The Island Post",
                  "Ferry returns to Gullholm | Live updates | Island Post",
                  "Ferry returns to Gullholm - Local News - Island Post - Gullholm, ME",
                  "Ferry returns to Gullholm | Travel | Gullholm | Island Post Today",
                  "Live: ferry returns to Gullholm today | Island Post"):
        assert values(f"<title>{title}</title>" + STORY)["stuffed_title_phrases"] == 0, title
    # One search phrase is not enough.
    assert values("<title>Ferry returns | ferry news today | The Island Post</title>" + STORY)[
        "stuffed_title_phrases"] == 0


def test_repeated_key_phrases_need_the_titles_words_piled_up():
    stuffed = ("<p>ferry news today, Gullholm ferry, ferry live, harbour update, Gullholm news, ferry times, "
               "harbour live.</p>")
    got = values("<title>Gullholm ferry back in May</title>" + STORY + stuffed)
    assert got["repeated_key_phrases"] == 1 and got["keyword_list_paragraphs"] == 1
    spanish = ("<p>Ferry noticias. Ferry hoy. Gullholm en vivo. Puerto noticias. Ferry última hora. "
               "Gullholm hoy.</p>")
    assert values("<title>El ferry vuelve a Gullholm</title>" + STORY + spanish)["repeated_key_phrases"] == 1
    # The same list under a title that shares none of its words is not counted.
    assert values("<title>Council budget passes</title>" + STORY + stuffed)["repeated_key_phrases"] == 0


def test_newsroom_lists_are_not_repeated_key_phrases():
    # Results repeat "points", even under a title that says "points": the numbers mark a results list.
    results = "<p>Harbour (2-1): Lund 15 points. Berg 12 points. Dahl 9 points. Moen 4 points. Vik 2 points.</p>"
    got = values("<title>Harbour wins on points</title>" + STORY + results)
    assert got["keyword_list_paragraphs"] == 1 and got["repeated_key_phrases"] == 0
    # Credits repeat a label, not the story's key words.
    credits = "<p>Director Ann Lund, Set Design Berg, Light Design Dahl, Sound Design Moen, Costume Design Vik</p>"
    got = values("<title>Gullholm theatre opens with a storm</title>" + STORY + credits)
    assert got["keyword_list_paragraphs"] == 1 and got["repeated_key_phrases"] == 0
    # A list of different places repeats nothing.
    places = "<p>The ferry stops at Gullholm, Sandvik, Nes, Holm, Vika, Berg, Lunde, Stord and Tysnes.</p>"
    got = values("<title>Ferry to Gullholm, Sandvik and Nes</title>" + STORY + places)
    assert got["keyword_list_paragraphs"] == 1 and got["repeated_key_phrases"] == 0


def test_hidden_keyword_blocks_repeat_words_and_hidden_menus_do_not():
    block = " ".join(["ferry news", "Gullholm ferry today", "ferry live", "harbour ferry", "Gullholm news"] * 3)
    got = values(STORY + f"<div style='display:none'>{block}</div>")
    assert got["hidden_keyword_words"] == len(block.split()) == 33
    assert got["hidden_text_words"] == 33
    notice = ("<div style='display:none'>Please note our rules before you comment: the editors may decline to "
              "publish comments that insult, advertise or stray from the story, and we close threads after "
              "three days.</div>")
    menu_got = values(STORY + notice)
    assert menu_got["hidden_text_words"] > 20 and menu_got["hidden_keyword_words"] == 0


def test_new_features_quote_the_page():
    page = ParsedPage.from_html("<title>Ferry returns | Gullholm ferry today | ferry live | Island Post</title>" + STORY)
    assert EXTRACTOR.evidence(page, "stuffed_title_phrases") == "'Gullholm ferry today' (+1 more)"
    assert "search phrases" in EXTRACTOR.describe(page, "stuffed_title_phrases", 2.0)
