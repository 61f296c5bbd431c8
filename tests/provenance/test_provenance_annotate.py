"""Which original a page copies: exact, trimmed, retitled, spun copies; same-topic
articles; same-site duplicates; dates and reasons."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from classifier.pages import Page
from classifier.parse import ParsedPage
from classifier.provenance import annotate, attribute, build_index, document_text
from classifier.provenance.annotate import COPY_MIN_CONTAINMENT, Match, describe_gap, short_url
from classifier.provenance.simulate import farm_copy_html, spin
from provenance_articles import (
    BRIDGE,
    BRIDGE_HEADLINE,
    BRIDGE_OTHER_OUTLET,
    BRIDGE_OTHER_OUTLET_HEADLINE,
    FARM_SIDEBAR,
    ORCHARD,
    ORCHARD_HEADLINE,
    page_html,
)

GAZETTE = "https://www.millbrook-gazette.example/news/2024/03/05/bridge"
VALLEY = "https://valley-times.example/farming/frost"


@pytest.fixture()
def index(tmp_path):
    originals = [
        Page.from_html(page_html(BRIDGE, BRIDGE_HEADLINE, GAZETTE, published="2024-03-05",
                                 byline="By Sam Ortega", caption="The Harlow Street bridge from the north bank")),
        Page.from_html(page_html(ORCHARD, ORCHARD_HEADLINE, VALLEY, published="2023-05-02")),
    ]
    built, _ = build_index(tmp_path / "idx", originals)
    return built


def farm_page(paragraphs, headline=BRIDGE_HEADLINE, url="https://dailytrendhub.example/news/1.html",
              date="2025-06-20 04:00:14"):
    """A farm copy: site-name suffix, breadcrumb, bare late date, no byline or caption, counter, sidebar."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    items = "".join(f"<li><a href='/n{i}'>{t}</a></li>" for i, t in enumerate(FARM_SIDEBAR))
    return Page.from_html(
        f"<html><head><title>{headline} -Daily Trend Hub</title><link rel='canonical' href='{url}'></head><body>"
        f"<div class='crumbs'>Current:<a href='/'>Home</a> &gt; Markets</div><h1>{headline}</h1>"
        f"<div>Date:{date}</div>{body}<div>veryGood! (7359)</div>"
        f"<h3>Related</h3><ul>{items}</ul></body></html>")


def test_exact_copy_in_a_farm_template_is_found_with_full_containment(index):
    (row,) = annotate(index, [farm_page(BRIDGE)])
    assert row["copied_from"] == GAZETTE
    assert row["copy_containment"] == 1.0
    assert row["original_published"] == "2024-03-05"
    assert row["published_earlier_elsewhere"] is True
    assert row["same_site_match"] == ""


def test_reason_names_the_share_the_site_and_how_much_earlier(index):
    (row,) = annotate(index, [farm_page(BRIDGE)])
    # 2024-03-05 to 2025-06-20 is 472 days, 15.5 months -> "16 months".
    assert row["provenance_reason"] == ("100% of the text appears in "
                                        "millbrook-gazette.example/news/2024/03/05/bridge published 16 months earlier")


def test_trimmed_copy_keeping_the_first_two_of_six_paragraphs_is_found(index):
    (row,) = annotate(index, [farm_page(BRIDGE[:2])])
    assert row["copied_from"] == GAZETTE and row["copy_containment"] == 1.0


def test_copy_with_dropped_and_reordered_paragraphs_is_found(index):
    (row,) = annotate(index, [farm_page([BRIDGE[4], BRIDGE[0], BRIDGE[2]])])
    assert row["copied_from"] == GAZETTE and row["copy_containment"] == 1.0


def test_rewritten_headline_over_a_verbatim_body_is_found(index):
    (row,) = annotate(index, [farm_page(BRIDGE, headline="SHOCKING: what this small town just did to its bridge")])
    assert row["copied_from"] == GAZETTE and row["copy_containment"] == 1.0


def test_copy_with_changed_quotes_dashes_case_and_spacing_is_found(index):
    mangled = [p.replace("\u201c", '"').replace("\u201d", '"').replace(" ", "  ").upper() for p in BRIDGE]
    (row,) = annotate(index, [farm_page(mangled)])
    assert row["copied_from"] == GAZETTE and row["copy_containment"] == 1.0


def test_copy_with_a_farm_paragraph_added_keeps_most_containment(index):
    extra = ("Disclaimer: this article is reprinted from the Internet for the purpose of sharing information; "
             "please contact us for removal if it infringes your rights.")
    (row,) = annotate(index, [farm_page([*BRIDGE, extra])])
    assert row["copied_from"] == GAZETTE
    assert 0.8 < row["copy_containment"] < 1.0


def test_lightly_spun_copy_is_found(index):
    spun = [spin(p, 0.05, random.Random(7)) for p in BRIDGE]
    assert spun != BRIDGE
    (row,) = annotate(index, [farm_page(spun)])
    assert row["copied_from"] == GAZETTE and row["copy_containment"] < 1.0


def test_heavily_spun_copy_is_not_attributed(index):
    spun = [spin(p, 0.5, random.Random(7)) for p in BRIDGE]
    (row,) = annotate(index, [farm_page(spun)])
    assert row["copied_from"] == ""
    assert row["copy_containment"] < COPY_MIN_CONTAINMENT


def test_same_topic_article_by_another_outlet_does_not_match(index):
    other = Page.from_html(page_html(BRIDGE_OTHER_OUTLET, BRIDGE_OTHER_OUTLET_HEADLINE,
                                     "https://wend-valley-news.example/2024/bridge", published="2024-03-06"))
    (row,) = annotate(index, [other])
    assert row["copied_from"] == "" and row["published_earlier_elsewhere"] is None
    # It shares names, numbers and one quote, so some shingles, but far below a copy.
    assert 0 < row["copy_containment"] < 0.2


def test_unrelated_article_does_not_match(index):
    text = ("The national football team named a new coach on Friday after a poor run of results, choosing a former "
            "defender who led the under-21 side to the European final two years ago and promised attacking play.")
    (row,) = annotate(index, [Page.from_html(page_html([text] * 1, "New coach", "https://sport.example/coach"))])
    assert row["copied_from"] == "" and row["copy_containment"] == 0.0


def test_same_site_duplicate_is_reported_apart_and_never_as_a_copy(index):
    mobile = Page.from_html(page_html(BRIDGE, BRIDGE_HEADLINE, "https://m.millbrook-gazette.example/bridge?amp=1",
                                      published="2024-03-05"))
    (row,) = annotate(index, [mobile])
    assert row["copied_from"] == "" and row["published_earlier_elsewhere"] is None
    assert row["same_site_match"] == GAZETTE
    assert row["copy_containment"] == 0.0


def test_the_indexed_page_itself_is_a_same_site_match(index):
    itself = Page.from_html(page_html(BRIDGE, BRIDGE_HEADLINE, GAZETTE, published="2024-03-05"))
    (row,) = annotate(index, [itself])
    assert row["copied_from"] == "" and row["same_site_match"] == GAZETTE


def test_text_too_short_to_attribute_is_not_a_copy(index):
    # One 33-word paragraph gives 31 shingles, under COPY_MIN_SHARED (40).
    (row,) = annotate(index, [farm_page(BRIDGE[:1])])
    assert row["copied_from"] == ""
    assert row["copy_containment"] == 1.0


def test_unknown_page_date_leaves_earlier_unknown_and_states_the_original_date(index):
    plain = Page.from_text("\n".join(["Bridge news -My Farm", *BRIDGE]))
    (row,) = annotate(index, [plain])
    assert row["copied_from"] == GAZETTE and row["published_earlier_elsewhere"] is None
    assert row["provenance_reason"].endswith("published 2024-03-05")


def test_fetch_date_stands_in_for_a_page_without_a_date(index):
    page = Page.from_text("\n".join(BRIDGE))
    page.fetched_at = "2024-09-01T12:00:00Z"
    (row,) = annotate(index, [page])
    assert row["published_earlier_elsewhere"] is True
    assert row["provenance_reason"].endswith("published 6 months earlier")


def test_page_older_than_the_match_is_not_published_earlier_elsewhere(index):
    (row,) = annotate(index, [farm_page(BRIDGE, date="2024-02-01 10:00:00")])
    assert row["copied_from"] == GAZETTE
    assert row["published_earlier_elsewhere"] is False
    assert row["provenance_reason"].endswith("published 5 weeks later")


def test_unreadable_page_gets_empty_columns(index):
    (row,) = annotate(index, [Page.failed("x.html", "read_error", "gone")])
    assert row["copied_from"] == "" and row["copy_containment"] == 0.0


def test_parsed_pages_are_accepted_as_well_as_pages(index):
    (row,) = annotate(index, [ParsedPage(farm_page(BRIDGE))])
    assert row["copied_from"] == GAZETTE


def test_simulated_farm_copies_with_every_edit_are_found(index):
    rng = random.Random(3)
    for kwargs in ({}, {"rewrite": True}, {"keep": "half"}, {"keep": "drop"}, {"keep": "lead"},
                   {"spin_rate": 0.05}):
        html = farm_copy_html(BRIDGE, BRIDGE_HEADLINE, rng, other_headlines=FARM_SIDEBAR, **kwargs)
        (row,) = annotate(index, [Page.from_html(html)])
        assert row["copied_from"] == GAZETTE, kwargs


# --- the decision on its own -----------------------------------------------------

def match(doc_id, url, site, containment, shared=200, published=None):
    return Match(doc_id=doc_id, url=url, domain=site, site=site, published=published, title="",
                 containment=containment, shared=shared, coverage=0.5)


def farm_doc():
    return document_text(ParsedPage(farm_page(BRIDGE)))


def test_earliest_of_several_close_originals_is_named():
    matches = [match(0, "https://reprint.example/a", "reprint.example", 0.97, published=dt.date(2024, 3, 6)),
               match(1, "https://wire.example/a", "wire.example", 0.92, published=dt.date(2024, 3, 5)),
               match(2, "https://late.example/a", "late.example", 0.99, published=None)]
    result = attribute(farm_doc(), matches, dt.date(2025, 1, 1))
    assert result.copied_from == "https://wire.example/a"
    assert result.copy_containment == 0.92


def test_a_much_better_match_wins_over_an_earlier_weak_one():
    matches = [match(0, "https://full.example/a", "full.example", 0.95, published=dt.date(2024, 3, 6)),
               match(1, "https://part.example/a", "part.example", 0.6, published=dt.date(2020, 1, 1))]
    assert attribute(farm_doc(), matches, None).copied_from == "https://full.example/a"


def test_below_threshold_match_gives_containment_but_no_copy():
    result = attribute(farm_doc(), [match(0, "https://x.example/a", "x.example", 0.3)], None)
    assert result.copied_from == "" and result.copy_containment == 0.3 and result.provenance_reason == ""


@pytest.mark.parametrize("days, words", [(1, "1 day"), (3, "3 days"), (20, "3 weeks"), (466, "15 months"),
                                         (800, "2.2 years"), (2000, "5 years"), (-10, "10 days")])
def test_describe_gap(days, words):
    assert describe_gap(days) == words


def test_short_url_drops_scheme_and_www_and_cuts_long_paths():
    assert short_url("https://www.apnews.com/article/x") == "apnews.com/article/x"
    assert short_url("https://apnews.com/") == "apnews.com"
    long = short_url("https://apnews.com/" + "a" * 100)
    assert len(long) == 48 and long.endswith("…")
    assert short_url("file:///home/me/pages/original.html") == "original.html"
