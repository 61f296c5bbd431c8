"""network_templates: hand-written pages, expected values counted by hand."""

from __future__ import annotations

from classifier.features.network_templates import NetworkTemplates
from classifier.parse import ParsedPage

EXTRACTOR = NetworkTemplates()
STORY = "<p>The county board voted on Tuesday to repair the old bridge over the river before winter.</p>"


def values(html: str) -> dict[str, float]:
    return EXTRACTOR.extract(ParsedPage.from_html(html))


def test_machine_made_notices_are_counted_and_quoted():
    page = ParsedPage.from_html(
        STORY + "<p>This article was generated automatically by Quill Market Wire using data from public sources.</p>"
        "<p>Disclaimer: This article is reproduced from the Internet. If there is any infringement, "
        "please contact us to delete it.</p>")
    assert EXTRACTOR.extract(page)["generated_notice"] == 2
    assert "generated automatically" in EXTRACTOR.describe(page, "generated_notice", 2.0)


def test_a_newsroom_disclaimer_is_not_a_machine_notice():
    got = values(STORY + "<p>This story has been corrected to show the vote was on Tuesday.</p>"
                         "<p>Copyright 2024 The Daily Ledger. All rights reserved.</p>")
    assert got["generated_notice"] == 0


def test_exchange_tickers_are_counted_but_prices_alone_are_not():
    got = values("<p>Harbor Kettle Works (NYSE:HKW) shares fell 2.1% to $41.07, while Quillfeather "
                 "(NASDAQ: QFTR) rose.</p><p>The index closed at 4,100 points (up 0.3%).</p>")
    assert got["ticker_mentions"] == 2


def test_translated_cms_labels_open_their_line():
    got = values(STORY + "<div>Release time: 2024-03-02 10:00</div><div>Reading volume: 3412</div>"
                         "<h3>Guess you like</h3><p>We measured the reading volume of the report.</p>")
    assert got["cms_template_labels"] == 3


def test_service_bylines_but_not_reporters_or_agencies():
    assert values("<p class='byline'>Staff Report</p>" + STORY)["service_byline"] == 1
    assert values("<p class='byline'>By Prairie Valley News Service</p>" + STORY)["service_byline"] == 1
    assert values("<p class='byline'>By Marta Oduya</p>" + STORY)["service_byline"] == 0
    assert values("<p class='byline'>The Associated Press</p>" + STORY)["service_byline"] == 0


def test_network_about_line():
    got = values(STORY + "<p>Elmbrook Ledger is a community news service providing information to residents "
                         "of Elmbrook and Fox County.</p>")
    assert got["network_about_line"] == 1
    assert values(STORY + "<p>About us: we have covered Elmbrook since 1921.</p>")["network_about_line"] == 0


def test_counts_are_capped_and_text_pages_work():
    many = "".join(f"<p>Firm {i} (NYSE:F{i}) rose.</p>" for i in range(30))
    assert values(many)["ticker_mentions"] == 10
    page = ParsedPage.from_text("Title\n\nStaff Report\n\nRelease time: 2024-01-01\n\n" + "Words of a story. " * 10)
    got = EXTRACTOR.extract(page)
    assert got["service_byline"] == 1 and got["cms_template_labels"] == 1
