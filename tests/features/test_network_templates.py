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


def test_news_network_bylines_but_not_outlet_staff_or_menu_links():
    assert values("<p class='byline'>Heartland News Network</p>" + STORY)["service_byline"] == 1
    assert values("<p class='byline'>Von Auenland News Network</p>" + STORY)["service_byline"] == 1
    # Real outlets sign "Wired Staff", "SFGate Staff": not a service byline.
    assert values("<p class='byline'>Riverside Courier Staff</p>" + STORY)["service_byline"] == 0
    assert values("<ul><li>About Quillfeather News Network</li></ul>" + STORY)["service_byline"] == 0


LOCAL_LIST = ("<h3>More Local News</h3><ul>"
              "<li><a href='/a'>Elmbrook gas prices: 14 cents higher than last week</a></li>"
              "<li><a href='/b'>Fox County unemployment rate drops to 3.1%</a></li>"
              "<li><a href='/c'>Here are the Elmbrook restaurants inspected this month</a></li>"
              "<li><a href='/d'>Fox County building permits issued, week of May 4</a></li>"
              "<li><a href='/e'>Elmbrook library extends its opening hours</a></li></ul>")


def test_lists_of_machine_made_local_data_stories_are_counted():
    page = ParsedPage.from_html(STORY + LOCAL_LIST)
    assert EXTRACTOR.extract(page)["local_data_headlines"] == 4
    assert "gas prices" in EXTRACTOR.describe(page, "local_data_headlines", 4.0)
    german = ("<h3>Weitere Nachrichten</h3><ul>"
              "<li><a href='/a'>Lindenau: Benzinpreise steigen um 4 Cent in dieser Woche</a></li>"
              "<li><a href='/b'>Kreis Lindenau: Arbeitslosenquote sinkt auf 4,2 Prozent</a></li>"
              "<li><a href='/c'>Lindenau erteilt 12 Baugenehmigungen im Mai</a></li>"
              "<li><a href='/d'>Neuer Spielplatz am Stadtpark eröffnet</a></li></ul>")
    assert values(STORY + german)["local_data_headlines"] == 3


def test_one_data_story_among_other_news_is_not_a_feed():
    newsroom = ("<h3>Most read</h3><ul>"
                "<li><a href='/a'>State unemployment rate falls to its lowest level since 2019</a></li>"
                "<li><a href='/b'>Council delays vote on new bridge until after the winter</a></li>"
                "<li><a href='/c'>High school choir wins regional competition for third year</a></li>"
                "<li><a href='/d'>Mayor presents budget with higher spending on parks</a></li></ul>")
    assert values(STORY + newsroom)["local_data_headlines"] == 0
    # The phrases in body text, not in a list, are a story about prices, not a feed.
    prose = ("<p>Gas prices rose this week while the unemployment rate fell, and building permits "
             "for new home sales reached a record, the county said.</p>")
    assert values(STORY + prose)["local_data_headlines"] == 0


def test_templated_local_leads_are_counted_in_the_opening_paragraphs():
    lead = "<p>Elmbrook residents may want to follow this story, which has drawn attention across Fox County.</p>"
    page = ParsedPage.from_html(lead + STORY)
    assert EXTRACTOR.extract(page)["local_lead"] == 1
    assert "residents may want to follow" in EXTRACTOR.describe(page, "local_lead", 1.0)
    assert values("<p>The following report is shared for readers in Elmbrook and the surrounding area.</p>"
                  + STORY)["local_lead"] == 1
    assert values("<p>Dieser Bericht erscheint für Leser in Lindenau und Umgebung, wo das Thema viele bewegt.</p>"
                  + STORY)["local_lead"] == 1


def test_newsroom_leads_that_mention_readers_or_residents_are_not_templates():
    assert values("<p>Residents of Elmbrook will vote next month on whether to build a new library.</p>"
                  + STORY)["local_lead"] == 0
    assert values("<p>Many of our readers wrote in after the flood last spring to ask about the dam.</p>"
                  + STORY)["local_lead"] == 0
