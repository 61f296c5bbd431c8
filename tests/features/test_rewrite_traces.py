"""rewrite_traces: hand-written pages, expected values counted by hand."""

from __future__ import annotations

from classifier.features.rewrite_traces import RewriteTraces
from classifier.parse import ParsedPage

EXTRACTOR = RewriteTraces()
PLAIN = ("<p>The mayor said on Monday that the new library will open in June. \"We are ready,\" she said. "
         "The builder said the roof was done, and the council said the budget held. Readers of the town have "
         "waited for the library for a long time, and the old one was closed in the spring of last year after "
         "the storm. The town said it will hold a fair on the day of the opening, with music and food.</p>")
SPUN = ("<p>The mayor stated on Monday that the novel library will commence operations in June. \"We are ready,\" "
        "she declared. The builder noted that the roof was done, and the council remarked that the budget held. "
        "Numerous individuals of the town have waited for the library for a long time, and furthermore the old one "
        "was closed in the spring of last year after the storm. The town said it will utilize the day for a fair. "
        "The library will open at nine in the morning on weekdays.</p>")


def values(html: str) -> dict[str, float]:
    return EXTRACTOR.extract(ParsedPage.from_html(html))


def test_reporting_verbs_said_versus_spun_synonyms():
    assert values(PLAIN)["spun_reporting_verbs"] == 0
    page = ParsedPage.from_html(SPUN)
    got = EXTRACTOR.extract(page)
    assert got["spun_reporting_verbs"] == 4 / 5
    assert "'stated'" in EXTRACTOR.describe(page, "spun_reporting_verbs", got["spun_reporting_verbs"])


def test_inflated_words_per_thousand():
    assert values(PLAIN)["inflated_words"] == 0
    page = ParsedPage.from_html(SPUN)
    words = len(page.main_text.split())
    assert values(SPUN)["inflated_words"] == 1000 * 5 / words  # commence, numerous, individuals, furthermore, utilize


def test_essay_conclusion_and_writer_bio():
    got = values(PLAIN + "<p>In conclusion, the library marks a new chapter for the town and its readers.</p>"
                         "<div class='bio'>Emma Lorne is a passionate writer who covers news and lifestyle.</div>")
    assert got["conclusion_paragraph"] == 1 and got["writer_bio_boilerplate"] == 1
    assert values(PLAIN + "<p>The conclusion of the report is due in May.</p>")["conclusion_paragraph"] == 0


def test_other_languages_and_short_texts_give_zero_rates():
    assert values("<p>Der Bürgermeister erklärte am Montag, die Bibliothek öffne im Juni.</p>")["spun_reporting_verbs"] == 0
    assert values("<p>He stated it.</p>")["inflated_words"] == 0


def test_heavy_spinning_needs_several_different_paraphraser_words():
    assert values(SPUN)["heavy_spinning"] == 1  # five different ones in about 75 words
    # One writer's "numerous", however often: the rate is there, the flag is not.
    one_word = PLAIN.replace("</p>", " Numerous readers came, and numerous stalls were built.</p>")
    got = values(one_word)
    assert got["inflated_words"] > 0 and got["heavy_spinning"] == 0
    page = ParsedPage.from_html(SPUN)
    assert "'commence'" in EXTRACTOR.describe(page, "heavy_spinning", 1.0)


def test_heavy_spinning_needs_density_in_a_long_story():
    # The same three words spread over a story of 1,500 words fall under the rate.
    long_story = PLAIN.replace("</p>", " The library is open.</p>") + "<p>" + "The town has a library. " * 300 + "</p>"
    spun_once = long_story.replace("waited for", "numerous individuals waited, furthermore, for")
    got = values(spun_once)
    assert got["inflated_words"] > 0 and got["heavy_spinning"] == 0


def test_urgency_label_on_title_or_heading_in_several_languages():
    for title in ("Breaking: Bridge closes after storm", "JUST IN: Bridge closes", "Latest | Bridge closes",
                  "Eilmeldung: Brücke gesperrt", "Dernière minute : le pont est fermé", "Última hora: cierra el puente"):
        page = ParsedPage.from_html(f"<html><head><title>{title} - Daily Site</title></head><body>{PLAIN}</body></html>")
        assert EXTRACTOR.extract(page)["urgency_label"] == 1, title
        assert title.split()[0].rstrip(":") in EXTRACTOR.describe(page, "urgency_label", 1.0)
    assert values(f"<h1>Breaking news: bridge closes</h1>{PLAIN}")["urgency_label"] == 1


def test_urgency_words_inside_a_headline_are_not_a_label():
    for title in ("Latest figures show the bridge is safe", "Breaking the silence on bridge repairs",
                  "Update on the bridge: council meets", "The latest: what we know"):
        page = ParsedPage.from_html(f"<html><head><title>{title}</title></head><body>{PLAIN}</body></html>")
        assert EXTRACTOR.extract(page)["urgency_label"] == 0, title
