"""link_density on tiny hand-written pages; expected values counted by hand."""

from __future__ import annotations

import pytest

from classifier.features.link_density import MAIN_WORDS_FLOOR, LinkDensity
from classifier.parse import ParsedPage

BODY = ("The council approved the new budget for the harbour district after a long debate on Monday evening. "
        "Members said the money would pay for repairs to the old sea wall and a new ferry landing.")
BODY_WORDS = 35  # counted by hand


def features(page: ParsedPage, **knobs) -> dict[str, float]:
    return LinkDensity(**knobs).extract(page)


def test_link_share_is_link_characters_over_visible_characters():
    # lines: "Plain words here" (16 chars) and "Link text" (9 chars)
    page = ParsedPage.from_html("<body><div>Plain words here</div><a href='/x'>Link text</a></body>")
    assert features(page)["link_share"] == pytest.approx(9 / 25)


def test_link_line_share_counts_blocks_that_are_only_a_link():
    page = ParsedPage.from_html("<body><div>Plain words here</div><div>More plain words</div>"
                                "<a href='/x'>Link text</a><a href='/y'>Other link</a><div>Closing words</div></body>")
    assert features(page)["link_line_share"] == pytest.approx(2 / 5)


def test_inline_links_in_the_story_give_main_link_density():
    paragraph = "The council approved the budget after a long debate, reported the city paper on Monday evening."
    html = paragraph.replace("the city paper", "<a href='/paper'>the city paper</a>")
    page = ParsedPage.from_html(f"<body><article><p>{html}</p></article></body>")
    assert features(page)["main_link_density"] == pytest.approx(len("the city paper") / len(paragraph))


def test_copied_story_without_inline_links_has_zero_main_link_density():
    page = ParsedPage.from_html(f"<body><p>{BODY}</p></body>")
    assert features(page)["main_link_density"] == 0.0


SIDEBARS = (
    "<aside><h3>Related</h3><ul>"
    "<li><a href='/1'>Pop star marries in a beach wedding</a></li>"
    "<li><a href='/2'>Mortgage rates fall for a third week</a></li>"
    "<li><a href='/3'>How to clean a cast iron pan</a></li>"
    "<li><a href='/4'>Quarterback signs record extension today</a></li>"
    "</ul><h3>Ranking</h3><ul>"
    "<li><a href='/5'>City zoo welcomes twin panda cubs</a></li>"
    "<li><a href='/6'>Kitchen gadgets are flying off shelves</a></li>"
    "<li><a href='/7'>Lawmakers debate a bill on school lunch</a></li>"
    "</ul></aside>"
)
# Link characters of each list, counted by hand (no whitespace between items,
# so each <ul>'s text is exactly its links' text).
FIRST_LIST_CHARS = 35 + 36 + 28 + 40
SECOND_LIST_CHARS = 33 + 38 + 39


def test_largest_sidebar_list_is_measured_by_links_characters_and_density():
    page = ParsedPage.from_html(f"<body><p>{BODY}</p>{SIDEBARS}</body>")
    values = features(page)
    assert values["largest_list_links"] == 4
    assert values["largest_list_chars"] == FIRST_LIST_CHARS
    assert values["largest_list_link_density"] == pytest.approx(1.0)
    assert values["list_links"] == 7


def test_teaser_text_beside_the_links_lowers_the_list_link_density():
    items = "".join(f"<li><a href='/{i}'>Harbour story number {i} this week</a> <span>teaser words here</span></li>"
                    for i in range(4))
    page = ParsedPage.from_html(f"<body><p>{BODY}</p><ul>{items}</ul></body>")
    link_chars = 4 * len("Harbour story number 0 this week")
    text_chars = link_chars + 4 * len(" teaser words here")
    assert features(page)["largest_list_link_density"] == pytest.approx(link_chars / text_chars)


def test_list_text_share_is_list_characters_over_list_plus_story():
    page = ParsedPage.from_html(f"<body><p>{BODY}</p>{SIDEBARS}</body>")
    list_chars = FIRST_LIST_CHARS + SECOND_LIST_CHARS
    assert features(page)["list_text_share"] == pytest.approx(list_chars / (list_chars + len(BODY)))


def test_links_per_100_words_of_story():
    page = ParsedPage.from_html(f"<body><p>{BODY}</p>{SIDEBARS}</body>")
    assert features(page)["links_per_100_words"] == pytest.approx(100 * 7 / max(BODY_WORDS, MAIN_WORDS_FLOOR))


def test_links_per_100_words_is_bounded_by_the_word_floor_on_a_page_without_story():
    page = ParsedPage.from_html("<body>" + "".join(f"<a href='/{i}'>Menu {i}</a>" for i in range(10)) + "</body>")
    assert features(page)["links_per_100_words"] == pytest.approx(100 * 10 / MAIN_WORDS_FLOOR)
    assert features(page, main_words_floor=100)["links_per_100_words"] == pytest.approx(10.0)


FARM_TEXT = """Harbour budget approved after long debate -Golden Money Hub
Harbour budget approved after long debate
Date:2025-04-26 04:00:14
{body}
Related
- Pop star marries in a beach wedding
- Mortgage rates fall for a third week
- How to clean a cast iron pan
""".format(body=BODY)


def test_text_page_counts_headline_list_items_as_links():
    page = ParsedPage.from_text(FARM_TEXT)
    values = features(page)
    item_chars = 35 + 36 + 28
    visible = sum(len(line) for line in page.lines)
    assert values["list_links"] == 3
    assert values["largest_list_links"] == 3
    assert values["link_share"] == pytest.approx(item_chars / visible)
    # the three item lines (bullets aside) are bare links, out of eight lines
    assert values["link_line_share"] == pytest.approx(3 / 8)


def test_text_and_html_forms_of_the_same_page_agree_on_the_lists():
    text = ParsedPage.from_text(FARM_TEXT)
    html = ParsedPage.from_html(
        f"<body><h1>Harbour budget approved after long debate</h1><p>{BODY}</p><h3>Related</h3><ul>"
        "<li><a href='/1'>Pop star marries in a beach wedding</a></li>"
        "<li><a href='/2'>Mortgage rates fall for a third week</a></li>"
        "<li><a href='/3'>How to clean a cast iron pan</a></li></ul></body>")
    for name in ("largest_list_links", "largest_list_chars", "list_links", "list_text_share", "links_per_100_words"):
        assert features(text)[name] == pytest.approx(features(html)[name]), name


@pytest.mark.parametrize("page", [ParsedPage.from_html(""), ParsedPage.from_text("")], ids=["html", "text"])
def test_empty_page_gives_zeros(page):
    assert set(features(page).values()) == {0.0}


def test_evidence_names_the_largest_list():
    page = ParsedPage.from_html(f"<body><p>{BODY}</p>{SIDEBARS}</body>")
    extractor = LinkDensity()
    assert extractor.evidence(page, "largest_list_links") == f"'Related' list of 4 links, {FIRST_LIST_CHARS} characters"
    assert "a sidebar of 4 links ('Related' list" in extractor.describe(page, "largest_list_links", 4.0)


def test_reasons_towards_original_say_what_the_page_lacks_in_words():
    page = ParsedPage.from_text("A headline\n\nA story of a few words and no links at all.")
    extractor = LinkDensity()
    assert extractor.describe(page, "link_line_share", 0.0, towards_farm=False) == \
        "few of the text blocks are bare links (0%)"
    assert extractor.describe(page, "largest_list_links", 3.0, towards_farm=False) == \
        "no long sidebar of links (the longest has 3)"
