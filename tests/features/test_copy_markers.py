"""copy_markers: hand-written pages, expected values counted by hand."""

from __future__ import annotations

import pytest

from classifier.features import copy_markers as cm
from classifier.features.copy_markers import CopyMarkers
from classifier.parse import ParsedPage

EXTRACTOR = CopyMarkers()


def values(html: str) -> dict[str, float]:
    return EXTRACTOR.extract(ParsedPage.from_html(html))


STORY = "<p>A long story paragraph with enough words to count as the article body of the page.</p>"


def test_plugin_lines_are_counted_and_quoted():
    page = ParsedPage.from_html(STORY + "<p>This article was posted by Example News. <a href='/x'>Read More</a></p>"
                                "<p>The post Council votes appeared first on Example News.</p>")
    assert EXTRACTOR.extract(page)["plugin_attribution"] == 2
    assert EXTRACTOR.extract(page)["republication_credit"] == 0
    reason = EXTRACTOR.describe(page, "plugin_attribution", 2.0)
    assert "This article was posted by Example News." in reason and "(+1 more)" in reason


@pytest.mark.parametrize("line", [
    "This article was originally posted by example.org ... Read More",
    "This story was posted on Example Daily",
    "The post Harbour reopens after storm appeared first on Example Daily.",
    "Source link",
    "Read More: https://example.org/news/harbour-reopens-2024",
    "Read more: example.org",
    "Disclaimer: This article is reproduced from the Internet, and the copyright belongs to the original author.",
    "Originally posted at example.org", "Originally posted on https://example.org/harbour-reopens.",
    "Ursprünglich veröffentlicht auf beispiel-zeitung.de", "Publié à l'origine sur exemple.fr",
    "Publicado originalmente en ejemplo.es",
])
def test_each_plugin_signature_is_a_plugin_line_and_not_a_credit(line):
    got = values(STORY + f"<p>{line}</p>")
    assert got["plugin_attribution"] == 1 and got["republication_credit"] == 0


def test_plugin_search_finds_each_origin_line_a_search_of_every_line_finds():
    # One line per language of the "Originally posted at <domain>" form: a hint word missing
    # from PLUGIN_HINTS loses its line.
    lines = ["Originally posted at example.org", "Ursprünglich veröffentlicht bei beispiel.de",
             "Publié à l'origine sur exemple.fr", "Publicado originalmente en ejemplo.es", "Veröffentlicht am 3. März"]
    page = ParsedPage.from_html(STORY + "".join(f"<p>{line}</p>" for line in lines))
    plain = [line for line in page.lines if cm.PLUGIN_ATTRIBUTION.search(line)]
    assert cm.plugin_lines(page) == plain == lines[:4]


@pytest.mark.parametrize("line", [
    "This article originally appeared in Example Weekly.",
    "Republished with permission from Example Weekly.",
    "This story was first published by Example Weekly.",
    "This article was originally published on Example Weekly.",
    "This article is republished from Example Weekly under a Creative Commons license.",
    "Reprinted by permission of Example Books. All rights reserved.",
    "This column was originally posted on Example Weekly's blog.",
])
def test_licensed_credit_lines_are_credits_not_plugin_lines(line):
    got = values(STORY + f"<p>{line}</p>")
    assert got["plugin_attribution"] == 0 and got["republication_credit"] == 1


@pytest.mark.parametrize("line", [
    "Reporting by Jane Roe; Editing by John Doe", "© 2024 dpa", "Source: Example Weekly",
    "First published on November 19, 2024 / 8:16 AM", "It first appeared in 2014, near the border.",
    "Read more: Council votes to close the harbour", "Read More", "This entry was posted in Politics.",
    "Originally posted on March 3, 2024", "Ursprünglich veröffentlicht am 3. März 2024",
])
def test_newsroom_lines_are_neither_plugin_lines_nor_credits(line):
    got = values(STORY + f"<p>{line}</p>")
    assert got["plugin_attribution"] == 0 and got["republication_credit"] == 0


def test_republication_credit_is_not_a_farm_marker():
    assert "republication_credit" not in CopyMarkers.farm_markers
    assert "plugin_attribution" in CopyMarkers.farm_markers


def test_admin_byline_is_generic_but_a_person_is_not():
    assert values("<p class='byline'>By admin</p><p>text</p>")["generic_author"] == 1
    assert values("<p class='byline'>By Dana Whitfield</p><p>text</p>")["generic_author"] == 0
    assert values("<p>no byline at all</p>")["generic_author"] == 0
    assert values("<span class='author'>admin</span><p>text</p>")["generic_author"] == 1


def story_page(meta_line: str, extra: str = "") -> str:
    return (f"<html><body><h1>Harbour reopens after the storm</h1><div class='entry-meta'>{meta_line}</div>"
            f"{STORY}{extra}</body></html>")


@pytest.mark.parametrize("meta_line", [
    "Posted by admin on March 3, 2024", "By admin | March 3, 2024", "March 3, 2024 by admin",
    "Posted on March 3, 2024 9:42 am by webmaster", "By newsdesk | 3 March 2024", "3. März 2024 by editor",
    "Posted by Admin on 5. Mai 2020", "By staff - 2024-03-03", "By: news", "Publicado por admin el 3 de marzo de 2024",
])
def test_a_meta_line_naming_a_cms_account_is_a_generic_author(meta_line):
    page = ParsedPage.from_html(story_page(meta_line))
    assert EXTRACTOR.extract(page)["generic_author"] == 1
    assert meta_line in EXTRACTOR.describe(page, "generic_author", 1.0)


def test_an_account_meta_line_counts_beside_the_bylines_of_a_person():
    # Scraped stories keep their writer's name in the text; the post is still the account's.
    html = story_page("Posted by admin on March 3, 2024", "<p class='byline'>By Dana Whitfield</p>")
    assert values(html)["generic_author"] == 1


@pytest.mark.parametrize("meta_line", [
    "By Staff Reporter Jane Doe", "Times staff writer", "von Redaktion", "Von Redaktion | 3. März 2024",
    "Von News-Redaktion", "By Dana Whitfield | March 3, 2024", "Posted by Dana Whitfield on March 3, 2024",
    "Compiled by news agencies on March 3", "March 3, 2024 by Dana Whitfield", "Posted by adminteam on March 3",
])
def test_real_bylines_and_newsroom_desks_are_not_generic_authors(meta_line):
    assert values(story_page(meta_line))["generic_author"] == 0


def test_a_desk_byline_alone_is_not_a_cms_account():
    assert values("<p class='byline'>Redaktion</p><p>text</p>")["generic_author"] == 0
    assert values("<p class='author'>Editorial team</p><p>text</p>")["generic_author"] == 0


def test_an_account_byline_under_the_headline_counts_beside_other_bylines():
    # The copied story keeps its writer's byline further down; the post itself is signed "editor".
    html = story_page("<span class='author'>editor</span>", "<p class='byline'>By Dana Whitfield</p>")
    page = ParsedPage.from_html(html)
    assert EXTRACTOR.extract(page)["generic_author"] == 1
    assert "'editor'" in EXTRACTOR.describe(page, "generic_author", 1.0)
    german = story_page("<span class='byline'>von admin</span>", "<p class='author'>Von Anna Beispiel</p>")
    assert values(german)["generic_author"] == 1


def test_an_account_byline_far_below_a_persons_byline_does_not_count():
    # The site's admin answering in the comments is not who signed the post.
    filler = "".join(f"<li><a href='/{i}'>Menu entry {i}</a></li>" for i in range(30))
    html = story_page("<span class='author'>Dana Whitfield</span>",
                      f"<ul>{filler}</ul><p class='comment-author'>admin</p><p>Thanks for reading!</p>")
    assert values(html)["generic_author"] == 0


def test_an_account_line_far_from_the_story_head_is_not_the_posts_meta_line():
    # A comment or a "Recent posts" widget far below the story is not the post's meta line.
    filler = "".join(f"<li><a href='/{i}'>Menu entry {i}</a></li>" for i in range(30))
    html = story_page("March 3, 2024", f"<ul>{filler}</ul><p>Posted by admin on March 5, 2024 at 9:00</p>")
    assert values(html)["generic_author"] == 0


@pytest.mark.parametrize("meta_line", [
    "via Example Daily · 3 hours ago", "Source: example.org · 12 minutes ago · 4.1K views",
    "From Example Daily · 5h ago", "From: example.org · 2 days ago", "Quelle: example.de · vor 2 Stunden",
    "Source : example.fr · il y a 4 minutes", "Fuente: example.es · hace 3 horas", "Fonte: example.it · 2 ore fa",
])
def test_a_source_credit_with_a_feed_age_is_an_aggregator_line(meta_line):
    page = ParsedPage.from_html(story_page(meta_line))
    assert EXTRACTOR.extract(page)["aggregator_via_line"] == 1
    assert meta_line in EXTRACTOR.describe(page, "aggregator_via_line", 1.0)


@pytest.mark.parametrize("meta_line", [
    "3 hours ago", "Updated 2 hours ago", "Jane Doe | Published 3 hours ago", "via Wikimedia Commons",
    "Source: Example Daily", "From our correspondent in Rome", "vor 2 Stunden",
])
def test_an_age_or_a_credit_alone_is_not_an_aggregator_line(meta_line):
    assert values(story_page(meta_line))["aggregator_via_line"] == 0


def test_an_aggregator_line_far_below_the_story_does_not_count():
    filler = "".join(f"<li><a href='/{i}'>Menu entry {i}</a></li>" for i in range(30))
    html = story_page("March 3, 2024", f"<ul>{filler}</ul><p>via Example Daily · 3 hours ago</p>")
    assert values(html)["aggregator_via_line"] == 0


def excerpt_page(link_text: str, href: str = "https://www.example-daily.com/2024/harbour",
                 url: str = "https://farm.example.net/news/harbour") -> ParsedPage:
    return ParsedPage.from_html(story_page("3 hours ago", f"<p class='more'><a href='{href}' rel='nofollow'>"
                                                          f"{link_text}</a></p>"), url=url)


@pytest.mark.parametrize("link_text", [
    "Read more at Example Daily", "Continue reading on example-daily.com", "Read the full story: Example Daily",
    "Read More Example Daily", "Weiterlesen bei Beispiel Zeitung", "Zum vollständigen Artikel Beispiel Zeitung",
    "Lire la suite sur Exemple Matin", "Seguir leyendo en Diario Ejemplo", "Leer más El Ejemplo",
])
def test_a_read_more_link_to_the_source_outlet_is_an_offsite_read_more(link_text):
    page = excerpt_page(link_text)
    assert EXTRACTOR.extract(page)["offsite_read_more"] == 1
    assert link_text in EXTRACTOR.describe(page, "offsite_read_more", 1.0)


@pytest.mark.parametrize(("link_text", "href"), [
    ("Read more at Example Daily", "https://farm.example.net/news/harbour-2"),  # the page's own site
    ("Read more at Example Daily", "/news/harbour-2"),  # relative: the page's own site
    ("Continue reading Harbour reopens", "https://m.example.net/harbour"),  # same site, other host
    ("Read more", "https://www.example-daily.com/2024/harbour"),  # names nothing
    ("Read more about the harbour budget", "https://www.example-daily.com/2024/harbour"),  # a topic link
    ("Weiterlesen über Hafenhaushalt", "https://www.example-daily.com/2024/harbour"),
    ("Continue reading the main story", "https://www.example-daily.com/2024/harbour"),
    ("Read more stories", "https://www.example-daily.com/2024/harbour"),
    ("Read more at", "https://www.example-daily.com/2024/harbour"),
    ("Readers' letters on the harbour", "https://www.example-daily.com/2024/harbour"),
])
def test_other_read_more_links_are_not_offsite_read_more(link_text, href):
    assert EXTRACTOR.extract(excerpt_page(link_text, href))["offsite_read_more"] == 0


def test_a_newsroom_linking_its_own_other_domain_is_not_offsite():
    page = excerpt_page("Read more at Example Daily", "https://www.example-daily.co.uk/harbour",
                        url="https://www.example-daily.com/harbour")
    assert EXTRACTOR.extract(page)["offsite_read_more"] == 0


def test_offsite_read_more_search_finds_what_a_search_of_every_link_finds():
    # Every phrase of READ_MORE_LINK, one with a long s (lower-casing cannot be trusted there):
    # a hint word missing from READ_MORE_HINTS loses a phrase.
    texts = ["Read more at Example", "Read the full article: Example", "Continue reading on Example",
             "Full story: Example", "Weiterlesen bei Example", "Mehr lesen: Example",
             "Zum vollständigen Artikel Example", "Lire la suite sur Example", "Lire plus Example",
             "Leer más en Example", "Seguir leyendo en Example", "Leggi di più su Example",
             "Continua a leggere su Example", "Leia mais em Example", "Continuar lendo no Example",
             "ſeguir leyendo en Example", "Budget vote delayed"]
    html = "".join(f"<p><a href='https://source-outlet.org/{i}'>{t}</a></p>" for i, t in enumerate(texts))
    page = ParsedPage.from_html(html, url="https://farm.example.net/a")
    plain = [t for t in texts if len(t) < 120 and cm.READ_MORE_LINK.match(t)]
    assert cm.offsite_read_more_links(page) == plain == texts[:-1]
    assert "ſ" in plain[-1]


def test_chatbot_chatter_is_counted_once_per_line():
    page = "<p>Certainly! Here is a rewritten version of the article:</p><p>As an AI language model, I note.</p>"
    assert values(page)["ai_leftovers"] == 2


@pytest.mark.parametrize("line", [
    "Natürlich! Hier ist eine umgeschriebene Version des Textes:", "Als KI-Sprachmodell kann ich keine Links öffnen.",
    "Voici une version réécrite du texte :", "Como modelo de lenguaje, no tengo acceso a noticias recientes.",
    "Here is an SEO-friendly version of the news story:", "Let me know if you need any further tweaks.",
])
def test_chatbot_chatter_in_other_wordings_and_languages_is_counted(line):
    assert values(f"<p>{line}</p>")["ai_leftovers"] == 1


@pytest.mark.parametrize("line", [
    "Ich hoffe, dass das Gericht bald entscheidet, sagte die Klägerin.",
    "The company released a new version of the app on Monday.",
    "Lassen Sie mich wissen, sagte er, wie es weitergeht.",
])
def test_newsroom_lines_are_not_chatbot_chatter(line):
    assert values(f"<p>{line}</p>")["ai_leftovers"] == 0


def test_clickbait_in_german_french_and_spanish_widgets_is_counted():
    links = ["Sie werden nicht glauben, wie dieser Star heute aussieht", "Vous ne croirez pas cette photo",
             "Los médicos están asombrados por este remedio", "Stadtrat beschließt neuen Haushalt"]
    html = "".join(f"<a href='/{i}'>{text}</a>" for i, text in enumerate(links))
    assert values(html)["clickbait_phrases"] == 3


def test_clickbait_counts_link_texts_only():
    html = ("<p>You won't believe it, said the mayor in a speech.</p>"
            "<a href='/a'>You Won't Believe What This Actor Looks Like Now</a><a href='/b'>Budget vote delayed</a>")
    assert values(html)["clickbait_phrases"] == 1


def test_slideshow_and_refresh_and_ad_slots():
    html = ("<html><head><meta http-equiv='refresh' content='60'></head><body>"
            "<div class='ad-slot'></div><p>One paragraph of the story with enough words in it to count.</p>"
            "<div id='ad-container-2'></div><p>Slide 2 of 9</p><a href='/n'>Next slide</a></body></html>")
    got = values(html)
    assert got["auto_refresh"] == 1
    assert got["slideshow_markers"] == 2
    assert got["ad_slots_per_paragraph"] == 2.0


def test_words_that_merely_contain_ad_are_not_ad_slots():
    html = "<div class='header loaded'><p class='lead'>A paragraph with enough words for the story body here.</p></div>"
    assert values(html)["ad_slots_per_paragraph"] == 0


def test_text_pages_work_and_have_no_ad_slots():
    page = ParsedPage.from_text("Title\n\nAdmin\n\nStory text that is long enough to be a paragraph of words.\n"
                                "Source link\n")
    got = EXTRACTOR.extract(page)
    assert got["plugin_attribution"] == 1 and got["ad_slots_per_paragraph"] == 0
    assert EXTRACTOR.extract(ParsedPage.from_text("Title\n\nPosted by admin on March 3, 2024\n\n"
                                                  "Story text that is long enough to be a paragraph of words.\n"))[
        "generic_author"] == 1
