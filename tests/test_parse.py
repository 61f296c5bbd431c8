"""ParsedPage views on tiny hand-written pages."""

from __future__ import annotations

import pytest

from classifier.parse import ParsedPage, is_headline_like

STORY = ("<p>The council approved the new budget for the harbour district after a long debate on Monday evening, "
         "and members said the money would pay for repairs.</p>")
STORY_LIST = ("<h3>Related</h3><ul><li><a href='/1'>Pop star marries in a beach wedding</a></li>"
              "<li><a href='/2'>Mortgage rates fall for a third week</a></li>"
              "<li><a href='/3'>How to clean a cast iron pan</a></li></ul>")


# --- link_lists: site menus are not lists of stories -------------------------

@pytest.mark.parametrize("text", ["Privacy Policy and Cookies", "Share this on Facebook", "Skip to main content",
                                  "Do Not Sell My Personal Information", "Auf Facebook teilen",
                                  "Allrecipes this link opens in a new tab", "Sign up for our newsletter"])
def test_site_utility_links_are_not_headlines(text):
    assert not is_headline_like(text)


@pytest.mark.parametrize("text", ["Meta fined over privacy breach in Europe", "Share prices fall on rate fears"])
def test_headlines_that_mention_utility_words_are_still_headlines(text):
    assert is_headline_like(text)


def test_a_footer_menu_of_utility_links_is_not_a_headline_list():
    footer = ("<footer><ul><li><a href='/p'>Privacy Policy</a></li><li><a href='/t'>Terms of Service</a></li>"
              "<li><a href='/c'>Cookie settings for this site</a></li><li><a href='/d'>Do Not Sell My Info</a></li>"
              "</ul></footer>")
    page = ParsedPage.from_html(f"<body>{STORY}{STORY_LIST}{footer}</body>")
    assert [lst.heading for lst in page.link_lists] == ["Related"]


def test_a_menu_inside_nav_is_not_a_headline_list():
    nav = ("<nav><ul><li><a href='/a'>World news and politics</a></li><li><a href='/b'>Business and the economy</a>"
           "</li><li><a href='/c'>Science and the environment</a></li></ul></nav>")
    page = ParsedPage.from_html(f"<body>{nav}{STORY}{STORY_LIST}</body>")
    assert [lst.heading for lst in page.link_lists] == ["Related"]


def test_links_scattered_through_prose_are_not_a_headline_list():
    # Three inline links in three long paragraphs share a container, but link
    # text is well under a tenth of its text.
    filler = " ".join(["The harbour works went on through the winter months without a break."] * 6)
    paragraphs = "".join(f"<p>{filler} See <a href='/{i}'>the full council report number {i}</a> online.</p>"
                         for i in range(3))
    page = ParsedPage.from_html(f"<body><div>{paragraphs}</div></body>")
    assert page.link_lists == []


def test_a_sidebar_of_headlines_is_still_a_headline_list():
    page = ParsedPage.from_html(f"<body>{STORY}<aside>{STORY_LIST}</aside></body>")
    [lst] = page.link_lists
    assert lst.heading == "Related" and len(lst.items) == 3


ITEMS = ("Pop star marries in a beach wedding", "Mortgage rates fall for a third week",
         "How to clean a cast iron pan")


@pytest.mark.parametrize("item", ["<div class='item'><a href='/{i}'>{t}</a></div>", "<p><a href='/{i}'>{t}</a></p>"])
def test_a_div_or_paragraph_list_inside_a_long_page_body_is_found_with_its_box_title(item):
    # <div class=box><div class=title>..</div><div class=item><a>: the items
    # have siblings, so the list is the box, not the whole story around it
    # (whose prose would drown its link density).
    rows = "".join(item.format(i=i, t=t) for i, t in enumerate(ITEMS))
    filler = STORY * 8
    page = ParsedPage.from_html(f"<body><div><div>{filler}<div class='comments'>0 Comments</div>"
                                f"<div class='box'><div class='title'>Related posts</div>{rows}</div></div></div></body>")
    [lst] = page.link_lists
    assert lst.heading == "Related posts" and lst.items == list(ITEMS)


def test_a_box_title_that_is_a_link_is_an_item_not_the_heading():
    rows = "".join(f"<div class='title'><a href='/{i}'>{t}</a></div>" for i, t in enumerate(ITEMS))
    page = ParsedPage.from_html(f"<body>{STORY}<h3>Most read</h3><div class='box'>{rows}</div></body>")
    [lst] = page.link_lists
    assert lst.heading == "Most read" and len(lst.items) == 3


# --- main_link_chars -----------------------------------------------------------

def test_main_link_chars_counts_links_inside_story_paragraphs_only():
    story = STORY.replace("harbour district", "<a href='/h'>harbour district</a>")
    page = ParsedPage.from_html(f"<body>{story}{STORY_LIST}</body>")
    assert page.main_link_chars == len("harbour district")


def test_main_link_chars_is_zero_for_text_pages():
    assert ParsedPage.from_text("A story line of many words that reads like a paragraph of text.").main_link_chars == 0
