"""Normalisation, shingles, sites and dates of the provenance text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from classifier.parse import ParsedPage
from classifier.provenance.text import (
    article_paragraphs,
    document_text,
    parse_date,
    published_date,
    registered_domain,
    shingle_set,
    tokens,
    unwrap_archive_url,
)
from provenance_articles import BRIDGE, BRIDGE_HEADLINE, page_html


def test_tokens_ignore_case_quotes_dashes_and_spacing():
    assert tokens("North Korea\u2019s top diplomat \u2014 in  Moscow") == \
        tokens('NORTH KOREA\'S top   diplomat - in\nMoscow') == \
        ["north", "korea", "s", "top", "diplomat", "in", "moscow"]


def test_tokens_fold_fullwidth_letters_and_ligatures():
    assert tokens("\uff2d\uff4f\uff53\uff43\uff4f\uff57 \ufb01nance") == ["moscow", "finance"]


def test_unspaced_script_is_one_token_per_character():
    assert tokens("\u4e2d\u56fd\u7ecf\u6d4e abc") == ["\u4e2d", "\u56fd", "\u7ecf", "\u6d4e", "abc"]


def test_three_word_shingles_of_a_paragraph_counted_by_hand():
    # 6 tokens give 6 - 3 + 1 = 4 shingles of 3 words, all distinct here.
    assert len(shingle_set(["one two three four five six"], words=3)) == 4


def test_repeated_phrases_are_one_shingle():
    # "a b c a b c" has the shingles abc, bca, cab, abc: three distinct.
    assert len(shingle_set(["a b c a b c"], words=3)) == 3


def test_short_paragraph_gives_one_shingle_and_tiny_one_none():
    assert len(shingle_set(["just four words here"], words=5)) == 1
    assert len(shingle_set(["three words only"], words=5)) == 0


def test_shingles_never_cross_paragraph_boundaries_so_order_does_not_matter():
    forward = shingle_set(BRIDGE)
    assert np.array_equal(forward, shingle_set(list(reversed(BRIDGE))))
    joined = shingle_set([" ".join(BRIDGE)])
    # Joining paragraphs adds the shingles that straddle the joins.
    assert len(joined) > len(forward)


def test_shingles_are_sorted_unique_uint32_and_deterministic():
    first = shingle_set(BRIDGE)
    assert first.dtype == np.uint32
    assert np.all(np.diff(first.astype(np.int64)) > 0)
    assert np.array_equal(first, shingle_set(list(BRIDGE)))


def test_article_paragraphs_leave_out_headline_byline_caption_and_date_lines():
    text = "\n".join([BRIDGE_HEADLINE, "By Sam Ortega", "Posted January 16, 2024 5:40 am.", *BRIDGE,
                      "Photo: the Harlow Street bridge seen from the north bank of the Wend river in winter"])
    parsed = ParsedPage.from_text(text)
    kept = article_paragraphs(parsed)
    assert kept == BRIDGE


def test_article_paragraphs_of_html_skip_figcaption_and_byline():
    html = page_html(BRIDGE, BRIDGE_HEADLINE, "https://www.millbrook-gazette.example/news/bridge",
                     byline="By Sam Ortega, Millbrook Gazette staff writer for the town hall",
                     caption="The Harlow Street bridge seen from the north bank of the Wend river in winter light")
    assert article_paragraphs(ParsedPage.from_html(html)) == BRIDGE


@pytest.mark.parametrize("given, expected", [
    ("https://www.example.com/a", "example.com"),
    ("https://m.example.com/a", "example.com"),
    ("example.com", "example.com"),
    ("https://news.bbc.co.uk/story", "bbc.co.uk"),
    ("https://www.abc.net.au/news", "abc.net.au"),
    ("https://alice.wordpress.com/2020/post", "alice.wordpress.com"),
    ("https://web.archive.org/web/20190717140047/http://www.modabot.de/paris", "modabot.de"),
    ("", ""),
])
def test_registered_domain(given, expected):
    assert registered_domain(given) == expected


def test_unwrap_archive_url_keeps_other_urls():
    assert unwrap_archive_url("https://web.archive.org/web/2019/https://x.de/a") == "https://x.de/a"
    assert unwrap_archive_url("https://x.de/a") == "https://x.de/a"


def test_published_date_prefers_publication_meta():
    html = page_html(BRIDGE, BRIDGE_HEADLINE, "https://a.example/x", published="2023-03-14T08:00:00Z",
                     extra_head="<meta property='article:modified_time' content='2024-01-01'>")
    assert published_date(ParsedPage.from_html(html)) == dt.date(2023, 3, 14)


def test_published_date_from_time_element():
    html = "<html><body><time datetime='2022-11-05T10:00'>5 Nov</time><p>" + BRIDGE[0] + "</p></body></html>"
    assert published_date(ParsedPage.from_html(html)) == dt.date(2022, 11, 5)


@pytest.mark.parametrize("line, expected", [
    ("Posted January 16, 2024 5:40 am.", dt.date(2024, 1, 16)),
    ("Date:2025-04-26 04:00:14", dt.date(2025, 4, 26)),
    ("Veröffentlicht am 3. März 2021", dt.date(2021, 3, 3)),
])
def test_published_date_from_visible_label(line, expected):
    parsed = ParsedPage.from_text("\n".join([BRIDGE_HEADLINE, line, *BRIDGE]))
    assert published_date(parsed) == expected


def test_no_date_anywhere_gives_none():
    assert published_date(ParsedPage.from_text("\n".join(BRIDGE))) is None


@pytest.mark.parametrize("value, expected", [
    ("2024-01-16", dt.date(2024, 1, 16)),
    ("2024-01-16T05:40:00Z", dt.date(2024, 1, 16)),
    ("January 16, 2024", dt.date(2024, 1, 16)),
    ("", None),
    ("soon", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_document_text_of_an_archived_page_belongs_to_the_archived_site():
    url = "https://web.archive.org/web/2019/https://www.millbrook-gazette.example/news/bridge"
    doc = document_text(ParsedPage.from_html(page_html(BRIDGE, BRIDGE_HEADLINE, url)))
    assert doc.url == url
    assert doc.site == "millbrook-gazette.example"


def test_document_text_of_a_local_text_file_has_no_site():
    doc = document_text(ParsedPage.from_text("\n".join(BRIDGE)))
    assert doc.site == "" and len(doc.shingles) > 100
