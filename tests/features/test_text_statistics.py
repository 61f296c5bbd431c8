"""text_statistics on tiny hand-written pages; counts and shares worked out by hand."""

from __future__ import annotations

import csv
import gzip
import zlib

import pytest

from classifier.features.text_statistics import (COMPRESSION_LEVEL, MAX_MEAN_WORD_LENGTH, NOT_HTML,
                                                 TextStatistics)
from classifier.parse import ParsedPage
from shared_paths import CORPUS, needs_corpus

# 22 whitespace-separated words, 10 of them function words (the x3, of,
# after, a, and, to, in, on).
STORY = ("The council approved the budget of the harbour district after a long debate "
         "and voted to meet again in spring on Monday.")


def features(page: ParsedPage) -> dict[str, float]:
    return TextStatistics().extract(page)


def test_counts_and_shares_of_a_text_page():
    # Title line "Harbour news" (2 words) + STORY; the story is the main text.
    page = ParsedPage.from_text(f"Harbour news\n{STORY}\n")
    values = features(page)
    assert values["title_words"] == 2.0
    assert values["main_words"] == 22.0
    assert values["visible_words"] == 24.0
    # The title adds no function word: 10 of 24 words.
    assert values["stopword_share"] == pytest.approx(10 / 24)
    letters = len("Harbour news") - 1 + len(STORY) - STORY.count(" ")
    assert values["mean_word_length"] == pytest.approx(letters / 24)
    assert values["main_text_share"] == pytest.approx(len(STORY) / len(f"Harbour news\n{STORY}"))
    assert values["visible_share"] == NOT_HTML


def test_visible_share_of_an_html_page_is_text_over_markup():
    html = f"<html><head><title>Harbour news</title></head><body><p>{STORY}</p></body></html>"
    values = features(ParsedPage.from_html(html))
    assert values["visible_share"] == pytest.approx(len(STORY) / len(html))
    assert values["main_text_share"] == pytest.approx(1.0)
    assert values["title_words"] == 2.0


def test_compression_ratio_is_raw_over_zlib_size():
    page = ParsedPage.from_text(f"Harbour news\n{STORY}\n")
    raw = f"Harbour news\n{STORY}".encode()
    assert features(page)["compression_ratio"] == pytest.approx(len(raw) / len(zlib.compress(raw, COMPRESSION_LEVEL)))


def test_repeated_headlines_compress_better_than_prose():
    repeated = "\n".join(["Related", *["Brittany goes to couples therapy, plus why Hollywood might strike"] * 12])
    varied = "\n".join(["Related", *[f"{word} {STORY}" for word in
                                     ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot")]])
    assert features(ParsedPage.from_text(repeated))["compression_ratio"] > \
        features(ParsedPage.from_text(varied))["compression_ratio"] + 1.0


def test_page_that_is_mostly_a_headline_list_has_a_small_main_text_share():
    items = "".join(f"<li><a href='/{i}'>Some other story number {i} about something else</a></li>"
                    for i in range(12))
    page = ParsedPage.from_html(f"<body><p>{STORY}</p><h3>Related</h3><ul>{items}</ul></body>")
    values = features(page)
    assert values["main_words"] == 22.0
    assert values["main_text_share"] < 0.25


def test_unspaced_scripts_count_a_word_per_two_characters():
    page = ParsedPage.from_text("北京欢迎你们大家\n")  # 8 characters -> 4 words
    assert features(page)["visible_words"] == 4.0


def test_mean_word_length_is_capped():
    page = ParsedPage.from_text("x" * 500 + "\n")
    assert features(page)["mean_word_length"] == MAX_MEAN_WORD_LENGTH


@pytest.mark.parametrize("page, visible_share", [(ParsedPage.from_html(""), 0.0), (ParsedPage.from_text(""), NOT_HTML)],
                         ids=["empty-html", "empty-text"])
def test_empty_pages_are_all_zero(page, visible_share):
    values = TextStatistics().extract_checked(page)
    assert values.pop("visible_share") == visible_share
    assert set(values.values()) == {0.0}


def test_reason_reads_plainly():
    page = ParsedPage.from_text("Title\nShort.\n")
    assert TextStatistics().describe(page, "main_words", 85.0) == "main text is only 85 words"


@needs_corpus
def test_real_article_pages_read_as_prose():
    """Real article pages (a fixed sample): text is a small share of the HTML,
    and it compresses like prose, not like repeated boilerplate. Measured over
    the corpus: median visible share 0.07, median compression ratio 2.1."""
    with open(CORPUS / "index.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[::50]
    ratios, shares = [], []
    for row in rows:
        html = gzip.decompress((CORPUS / row["path"]).read_bytes()).decode("utf-8", "replace")
        values = features(ParsedPage.from_html(html, url=row["url"]))
        ratios.append(values["compression_ratio"])
        shares.append(values["visible_share"])
    ratios.sort()
    shares.sort()
    assert 1.5 < ratios[len(ratios) // 2] < 3.5
    assert 0.0 < shares[len(shares) // 2] < 0.5
