"""headline_lists on tiny hand-written pages; expected values worked out by hand.

The story is about a harbour budget; "on topic" headlines share words with it
(harbour, sea wall, ferry landing, council), "off topic" ones share none.
"""

from __future__ import annotations

import csv
import gzip
import itertools

import pytest
from shared_paths import CORPUS, SEEDS, needs_corpus, needs_seeds

from classifier.features.headline_lists import HeadlineLists, case_style, is_truncated
from classifier.pages import Page
from classifier.parse import ParsedPage

TITLE = "Harbour budget approved after long debate"
BODY = ("The council approved the new budget for the harbour district after a long debate on Monday evening. "
        "Members said the money would pay for repairs to the old sea wall and a new ferry landing.")
ON_TOPIC = ["Harbour sea wall repairs to start in spring", "Ferry landing plan goes to council vote"]
OFF_TOPIC = ["Pop star marries in a beach wedding", "Mortgage rates fall for a third week",
             "How to clean a cast iron pan", "Quarterback signs record extension today"]


def html_page(lists: dict[str, list[str]], date: str = "", body: str = BODY) -> ParsedPage:
    time = f"<time datetime='{date}'>{date}</time>" if date else ""
    blocks = "".join(f"<h3>{heading}</h3><ul>"
                     + "".join(f"<li><a href='/{i}'>{t}</a></li>" for i, t in enumerate(items)) + "</ul>"
                     for heading, items in lists.items())
    return ParsedPage.from_html(f"<html><head><title>{TITLE} | Harbour Herald</title></head><body>"
                                f"<article><h1>{TITLE}</h1>{time}<p>{body}</p></article><aside>{blocks}</aside>"
                                "</body></html>")


def text_page(lists: dict[str, list[str]], date_line: str = "") -> ParsedPage:
    blocks = "\n".join(f"{heading}\n" + "\n".join(f"- {t}" for t in items) for heading, items in lists.items())
    return ParsedPage.from_text(f"{TITLE} -Golden Money Hub\n{TITLE}\n{date_line}\n{BODY}\n{blocks}\n")


def features(page: ParsedPage, **knobs) -> dict[str, float]:
    return HeadlineLists(**knobs).extract(page)


# --- relatedness -------------------------------------------------------------

@pytest.mark.parametrize("make", [html_page, text_page], ids=["html", "text"])
def test_off_topic_headlines_are_counted_unrelated_and_on_topic_ones_not(make):
    page = make({"Related stories": ON_TOPIC + OFF_TOPIC[:2],
                 "Latest": OFF_TOPIC[2:] + ["Lawmakers vote on a school lunch bill"]})
    values = features(page)
    assert values["lists"] == 2
    assert values["headlines"] == 7
    assert values["unrelated_headlines"] == 5
    assert values["unrelated_share"] == pytest.approx(5 / 7)
    # the on-topic list is half unrelated, the other wholly: the best list decides
    assert values["best_list_unrelated_share"] == pytest.approx(2 / 4)


def test_every_list_off_topic_gives_best_list_unrelated_share_one():
    page = html_page({"Related": OFF_TOPIC[:2] + ["Lawmakers vote on a school lunch bill"],
                      "Ranking": OFF_TOPIC[2:] + ["City zoo welcomes twin panda cubs"]})
    assert features(page)["best_list_unrelated_share"] == 1.0


def test_a_stricter_overlap_knob_makes_weakly_related_headlines_unrelated():
    # "Harbour concert series ends with fireworks show": 1 of its 6 content words
    # (harbour) is a key term of the story: related at 0.1, unrelated at 0.2.
    weak = "Harbour concert series ends with fireworks show"
    page = html_page({"Related": [weak] + OFF_TOPIC[:2]})
    assert features(page, unrelated_max_overlap=0.1)["unrelated_headlines"] == 2
    assert features(page, unrelated_max_overlap=0.2)["unrelated_headlines"] == 3


def test_headlines_alike_each_other_have_high_peer_similarity():
    # word sets {river, bridg, repai, begin} and {river, bridg, repai, delay}
    # overlap 3 of 5; the third headline shares nothing: (0.6 + 0.6 + 0) / 3
    page = html_page({"Latest": ["River bridge repairs begin", "River bridge repairs delayed",
                                 "Pop singer wedding pictures"]})
    assert features(page)["peer_similarity"] == pytest.approx(0.4)


# --- headings, duplicates, truncation ----------------------------------------

def test_bare_widget_headings_count_as_farm_headings_but_descriptive_ones_do_not():
    page = html_page({"Related": OFF_TOPIC[:3], "Most read": ON_TOPIC + OFF_TOPIC[3:],
                      "Recommendation": OFF_TOPIC[1:], "Related coverage": ON_TOPIC + OFF_TOPIC[:1]})
    assert features(page)["farm_headings"] == 2


def test_a_headline_in_two_lists_is_duplicated_but_teaser_and_title_links_in_one_list_are_not():
    twice_in_one = "".join(f"<li><a href='/{i}'><img alt=''>{t}</a><a href='/{i}'>{t}</a></li>"
                           for i, t in enumerate(OFF_TOPIC))
    page = ParsedPage.from_html(f"<body><p>{BODY}</p><h3>Top</h3><ul>{twice_in_one}</ul>"
                                "<h3>Ranking</h3><ul>" + "".join(f"<li><a href='/r'>{t}</a></li>" for t in
                                                                 [OFF_TOPIC[0]] + ON_TOPIC) + "</ul></body>")
    values = features(page)
    assert values["duplicated_headlines"] == 1  # OFF_TOPIC[0], in both lists
    assert values["duplicate_share"] == pytest.approx(1 / 6)  # 4 + 2 distinct headlines


@pytest.mark.parametrize("headline, truncated", [
    ("Average rate on 30", True),                     # cut inside "30-year"
    ("What the new harbour rules mean for the", True),
    ("Markets rally as rates fall…", True),
    ("Markets rally as rates fall...", True),
    ("Council approves budget, but", True),
    ("Film star dies at 19", False),                  # a complete headline ending on a number
    ("Part 2 of 3", False),
    ("Bahn kündigt Streik an", False),                # German separable particle
    ("Jugendprogramme der Vereinten Nationen (UN)", False),
    ("Is the harbour ready for the storm?", False),
])
def test_truncated_headline_forms(headline, truncated):
    assert is_truncated(headline) is truncated


def test_truncated_headlines_are_counted_and_silent_cuts_told_apart():
    page = html_page({"Related": ["Average rate on 30", "Markets rally as rates fall…"] + OFF_TOPIC[:2]})
    values = features(page)
    assert values["truncated_headlines"] == 2
    assert values["silently_truncated"] == 1


# --- capitalisation and years ----------------------------------------------

@pytest.mark.parametrize("headline, style", [
    ("City Council Approves Budget After Long Debate", "title"),
    ("City council approves budget after long debate", "sentence"),
    ("THESE SEVEN KITCHEN GADGETS ARE FLYING OFF SHELVES", "caps"),
    ("Klimaschutz: Banken finanzieren weiter fossile Brennstoffe", "sentence"),  # German nouns stay capitalised
    ("Harbour opens", ""),                                                     # too few words to tell
    ("港口预算在长时间辩论后获得批准", ""),                                       # no case in this script
])
def test_case_style_of_a_headline(headline, style):
    assert case_style(headline) == style


def test_title_case_beside_sentence_case_is_a_case_mix():
    titles = ["City Council Approves Budget After Long Debate", "Harbour Ferry Landing Plans Move Forward",
              "Seven Kitchen Gadgets Flying Off Shelves"]
    sentence = ["Mortgage rates fall again for a third straight week"]
    assert features(html_page({"Related": titles + sentence}))["case_mix"] == pytest.approx(1 - 3 / 4)
    consistent = ["Mortgage rates fall again for a third straight week", "City council approves budget after debate",
                  "Harbour ferry landing plans move forward", "Seven kitchen gadgets flying off shelves"]
    assert features(html_page({"Related": consistent}))["case_mix"] == 0.0


def test_fewer_than_four_styled_headlines_give_no_case_mix():
    page = html_page({"Related": ["City Council Approves Budget After Long Debate",
                                  "Mortgage rates fall again for a third straight week", "Pop star marries"]})
    assert features(page)["case_mix"] == 0.0


def test_headline_years_far_from_the_article_date_are_counted():
    headlines = ["Lawmakers in 2019 vote on a school lunch bill", "Harbour budget for 2026 gets a first reading",
                 "Retailers brace for a slower season"]
    assert features(html_page({"Related": headlines}, date="2025-04-26"))["other_year_headlines"] == 1
    # the date line of a text page dates it as well
    assert features(text_page({"Related": headlines}, date_line="Date:2025-04-26 04:00:14"))[
        "other_year_headlines"] == 1
    # wider tolerance: 2019 is within 6 years of 2025
    assert features(html_page({"Related": headlines}, date="2025-04-26"), year_tolerance=6)[
        "other_year_headlines"] == 0


def test_without_an_article_date_no_headline_year_counts():
    headlines = ["Lawmakers in 2019 vote on a school lunch bill", "Retailers brace for a slower season",
                 "Pop star marries in a beach wedding"]
    assert features(html_page({"Related": headlines}))["other_year_headlines"] == 0


# --- degenerate pages, evidence ------------------------------------------------

@pytest.mark.parametrize("page", [ParsedPage.from_html(""), ParsedPage.from_text(""), html_page({})],
                         ids=["empty_html", "empty_text", "no_lists"])
def test_no_lists_gives_zeros(page):
    assert set(features(page).values()) == {0.0}


def test_without_story_text_every_headline_is_unrelated():
    page = ParsedPage.from_html("<body><ul>" + "".join(f"<li><a href='/{i}'>{t}</a></li>"
                                                       for i, t in enumerate(ON_TOPIC + OFF_TOPIC)) + "</ul></body>")
    assert features(page)["unrelated_share"] == 1.0


def test_max_headlines_bounds_the_compared_headlines():
    page = html_page({"Related": OFF_TOPIC})
    values = features(page, max_headlines=2)
    assert values["headlines"] == 4  # counts use every headline
    assert values["unrelated_headlines"] == 2


def test_evidence_reads_as_plain_words():
    page = html_page({"Related": ["Average rate on 30"] + OFF_TOPIC + ON_TOPIC[:1],
                      "Ranking": [OFF_TOPIC[0], "Lawmakers in 2019 vote on a school lunch bill",
                                  "City zoo welcomes twin panda cubs"]},
                     date="2025-04-26")
    extractor = HeadlineLists()
    assert extractor.evidence(page, "unrelated_share").startswith("7 of 8 sidebar headlines unrelated to the story")
    assert extractor.evidence(page, "truncated_headlines") == "headline 'Average rate on 30' is truncated"
    assert extractor.evidence(page, "duplicated_headlines") == (
        f"1 headline repeated across lists, e.g. '{OFF_TOPIC[0]}'")
    assert extractor.evidence(page, "farm_headings") == "'Related', 'Ranking'"
    assert "2019" in extractor.evidence(page, "other_year_headlines")
    assert extractor.describe(page, "duplicated_headlines", 1.0).startswith("1 headline repeated")


def test_describe_falls_back_to_plain_words_with_the_value_when_the_page_shows_no_evidence():
    text = HeadlineLists().describe(html_page({"Latest": OFF_TOPIC}), "truncated_headlines", 2.0)
    assert text == "2 listed headlines cut short"


def test_a_page_without_headline_lists_is_not_said_to_have_related_ones():
    page = ParsedPage.from_text("A headline\n\nOne paragraph of a story about a new comet.")
    extractor = HeadlineLists()
    for feature in ("unrelated_share", "best_list_unrelated_share", "case_mix", "duplicate_share", "peer_similarity"):
        text = extractor.describe(page, feature, 0.0, towards_farm=False)
        assert text == "no lists of other stories' headlines beside the story"



# --- stamped lists: every item with an age or a view count --------------------

STAMPED = ["Pop star marries in a beach wedding", "Mortgage rates fall for a third week",
           "How to clean a cast iron pan", "Quarterback signs record extension today",
           "City zoo welcomes twin panda cubs", "Gold price climbs to a new high"]


def stamped_page(stamps: list[str], heading: str = "Trending") -> ParsedPage:
    rows = "".join(f"<li><a href='/s/{i}'>{t}</a> <span class='time'>{s}</span></li>" if s else
                   f"<li><a href='/s/{i}'>{t}</a></li>" for i, (t, s) in enumerate(zip(STAMPED, stamps)))
    return ParsedPage.from_html(f"<html><body><article><h1>{TITLE}</h1><p>{BODY}</p></article>"
                                f"<aside><h3>{heading}</h3><ol>{rows}</ol></aside></body></html>")


@pytest.mark.parametrize("stamps", [
    ["3 hours ago", "15 minutes ago", "2 days ago", "5h ago", "40 minutes ago", "1 day ago"],
    ["vor 3 Stunden", "vor 15 Minuten", "vor 2 Tagen", "vor 5 Stunden", "vor 40 Minuten", "vor 1 Tag"],
    ["hace 3 horas", "hace 15 minutos", "hace 2 días", "hace 5 horas", "hace 40 minutos", "hace 1 día"],
    ["12.4k views", "900 views", "45,210 views", "3,001 views", "88 views", "7.431 Aufrufe"],
])
def test_a_list_stamped_in_no_order_is_an_unsorted_stamp_list(stamps):
    assert features(stamped_page(stamps))["unsorted_stamp_lists"] == 1


@pytest.mark.parametrize("stamps", [
    # "Latest": newest first, across units
    ["5 minutes ago", "20 minutes ago", "1 hour ago", "3 hours ago", "1 day ago", "2 days ago"],
    # "Most read": most viewed first
    ["15.580 Aufrufe", "14.740 Aufrufe", "11.320 Aufrufe", "9.660 Aufrufe", "9.160 Aufrufe", "8.001 Aufrufe"],
    # oldest first
    ["il y a 2 jours", "il y a 1 jour", "il y a 5 heures", "il y a 2 heures", "il y a 1 heure", "il y a 5 minutes"],
    # one item out of place (an age rounded to a week, a pinned story)
    ["vor 1 Woche", "vor 1 Woche", "vor 6 Tagen", "vor 1 Woche", "vor 1 Woche", "vor 2 Wochen"],
    # only a few items stamped
    ["3 hours ago", "", "2 days ago", "", "40 minutes ago", ""],
])
def test_sorted_or_sparsely_stamped_lists_are_not(stamps):
    assert features(stamped_page(stamps))["unsorted_stamp_lists"] == 0


def test_stamps_that_are_headlines_or_longer_lines_are_not_stamps():
    stamps = ["3 hours ago by the desk", "Vor 100 Jahren: der Hafen", "2 days ago", "5h ago", "Heute", "1 day ago"]
    assert features(stamped_page(stamps))["unsorted_stamp_lists"] == 0


def test_evidence_names_the_list_and_quotes_its_stamps():
    page = stamped_page(["3 hours ago", "15 minutes ago", "2 days ago", "5h ago", "40 minutes ago", "1 day ago"])
    assert HeadlineLists().evidence(page, "unsorted_stamp_lists") == \
        "list 'Trending' with stamps '3 hours ago', '15 minutes ago', '2 days ago', '5h ago'"

# --- real pages ----------------------------------------------------------------

#: Flags of a farm-style sidebar; every one of them fires on the farm seed.
FARM_PROFILE = {
    "farm_headings": lambda v: v["farm_headings"] >= 2,
    "duplicates": lambda v: v["duplicated_headlines"] >= 2,
    "truncated": lambda v: v["silently_truncated"] >= 1,
    "stale": lambda v: v["other_year_headlines"] >= 1,
    "mixed_case": lambda v: v["case_mix"] >= 0.3,
    "all_lists_unrelated": lambda v: v["best_list_unrelated_share"] >= 0.8,
}
#: Share of real originals allowed to show four or more of those flags. Of all
#: 1,443 corpus pages none showed more than three of the six, 996 none at all.
MAX_ORIGINALS_WITH_FARM_PROFILE = 0.02
#: Every n-th page of the corpus index, for a sample spread over all sources.
CORPUS_STRIDE = 7


# --- off-topic "related" lists -------------------------------------------------

@pytest.mark.parametrize("heading", ["Related posts", "Mehr zum Thema", "Sur le même sujet", "Noticias relacionadas"])
def test_a_related_list_sharing_no_word_with_the_story_or_itself_is_off_topic(heading):
    values = features(html_page({heading: OFF_TOPIC}))
    assert values["off_topic_related_lists"] == 1


@pytest.mark.parametrize("lists", [
    {"Related": OFF_TOPIC[:3] + ON_TOPIC[:1]},                      # one headline on the story's topic
    {"Related": ["Mortgage rates fall for a third week", "Mortgage lenders tighten rules",
                 "How to clean a cast iron pan"]},                   # headlines on one shared topic
    {"You may also like": OFF_TOPIC},                                # a recommendation box, off topic anywhere
    {"Most read": OFF_TOPIC},                                        # not a related-topic heading
    {"Related": OFF_TOPIC[:2]},                                      # too short to judge
])
def test_related_lists_on_topic_or_alike_and_other_boxes_are_not(lists):
    assert features(html_page(lists))["off_topic_related_lists"] == 0


def test_function_words_shared_across_languages_do_not_make_a_related_list_on_topic():
    # "jetzt", "deine" and "según" are function words: headlines that share
    # only them are still strangers to each other.
    strangers = ["Was gilt jetzt beim Friseurbesuch?", "Jetzt deine Steuererklärung abgeben",
                 "Vacaciones escolares según el calendario", "Equipo ganador según deine Fans"]
    assert features(html_page({"Related posts": strangers}))["off_topic_related_lists"] == 1
    alike = strangers[:3] + ["Friseurbesuch im Winter: was gilt"]
    assert features(html_page({"Related posts": alike}))["off_topic_related_lists"] == 0


def test_evidence_for_an_off_topic_related_list_quotes_heading_and_headlines():
    page = html_page({"Related posts": OFF_TOPIC})
    assert HeadlineLists().evidence(page, "off_topic_related_lists") == \
        "'Related posts' lists 'Pop star marries in a beach wedding', 'Mortgage rates fall for a third week'"


@needs_seeds
def test_farm_seed_shows_every_flag_and_original_seed_none():
    extractor = HeadlineLists()
    farm = extractor.extract(ParsedPage.from_text((SEEDS / "001_6590402504eff1c4.txt").read_text()))
    original = extractor.extract(ParsedPage.from_text((SEEDS / "000_cb80cc104f090b56.txt").read_text()))
    assert [name for name, flag in FARM_PROFILE.items() if not flag(farm)] == []
    assert original["lists"] == 0


@needs_corpus
@pytest.mark.corpus
def test_real_originals_rarely_show_the_farm_profile():
    with open(CORPUS / "index.csv", newline="") as handle:
        rows = list(itertools.islice(csv.DictReader(handle), 0, None, CORPUS_STRIDE))
    extractor = HeadlineLists()
    flagged = []
    for row in rows:
        page = ParsedPage(Page.from_html(gzip.decompress((CORPUS / row["path"]).read_bytes()), url=row["url"]))
        values = extractor.extract(page)
        fired = [name for name, flag in FARM_PROFILE.items() if flag(values)]
        if len(fired) >= 4:
            flagged.append((row["path"], fired))
    assert len(flagged) <= MAX_ORIGINALS_WITH_FARM_PROFILE * len(rows), flagged
