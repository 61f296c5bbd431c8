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
