"""title_navigation: the title's site name against the domain, breadcrumbs and their section.

Tiny hand-written pages, expected values worked out by hand; the seeds and a
slice of the corpus (read in place, skipped when ../shared is absent) check
that real originals with "Title | Their Name" do not light up like the farm.
"""

from __future__ import annotations

import csv
import gzip

import pytest

from shared_paths import CORPUS, SEEDS, needs_corpus, needs_seeds

from classifier.features.title_navigation import (SECTION_FIT_WORDS, UNKNOWN, UNKNOWN_SECTION_MISFIT,
                                                  TitleNavigation, domain_tokens, looks_like_site_name,
                                                  name_fits, title_segments)
from classifier.pages import Page
from classifier.parse import ParsedPage
from classifier.render import text_to_html

DIPLOMACY = ("Russia's foreign minister hosted his North Korean counterpart for talks on Tuesday.\n"
             "The two ministers discussed military cooperation, and the president will visit the country.\n")
HEADLINE = "Top diplomats meet in Moscow for talks on ties"


def html_page(title: str, url: str = "", site_name: str = "", body: str = "", h1: str = HEADLINE) -> ParsedPage:
    meta = f"<meta property='og:site_name' content='{site_name}'>" if site_name else ""
    canonical = f"<link rel='canonical' href='{url}'>" if url else ""
    paragraphs = "".join(f"<p>{line}</p>" for line in DIPLOMACY.splitlines())
    return ParsedPage.from_html(f"<html><head><title>{title}</title>{meta}{canonical}</head>"
                                f"<body>{body}<h1>{h1}</h1>{paragraphs}</body></html>")


def features(page: ParsedPage) -> dict[str, float]:
    return TitleNavigation().extract(page)


# --- the site name in the title --------------------------------------------


@pytest.mark.parametrize("name, domain", [
    ("ZEIT ONLINE", "www.zeit.de"),
    ("The New York Times", "www.nytimes.com"),  # initials and a whole word
    ("Los Angeles Times", "www.latimes.com"),
    ("Süddeutsche Zeitung", "www.sueddeutsche.de"),  # umlaut spelt out in the domain
    ("DER SPIEGEL", "www.spiegel.de"),
    ("CNN.com", "edition.cnn.com"),
    ("DW", "www.dw.com"),  # a two-letter name matches whole
    ("Sputnik International", "sputniknews.com"),  # "news" added by the domain
    ("BBC News", "www.bbc.co.uk"),  # second-level country domain
    ("Bundesagentur für Arbeit", "www.arbeitsagentur.de"),  # a long word of the name in the domain
])
def test_site_names_fit_their_own_domains(name, domain):
    assert name_fits(name, domain, "")


@pytest.mark.parametrize("name, domain", [
    ("Aspire Money Growth", "www.cnn.com"),
    ("Aspire Money Growth", "www.zeit.de"),
    ("Daily Planet", "www.nytimes.com"),
])
def test_other_names_do_not_fit_the_domain(name, domain):
    assert not name_fits(name, domain, "")


def test_domain_tokens_drop_www_tld_and_country_second_level():
    assert domain_tokens("www.zeit.de") == ("zeit",)
    assert domain_tokens("news.bbc.co.uk") == ("bbc",)
    assert "ntv" in domain_tokens("www.n-tv.de")


def test_name_likeness_rejects_phrases_sections_and_generic_words():
    assert looks_like_site_name("Aspire Money Growth")
    assert looks_like_site_name("golem.de")
    assert not looks_like_site_name("what to know")  # lower-case phrase
    assert not looks_like_site_name("Politik")  # a section
    assert not looks_like_site_name("Live")  # a generic word
    assert not looks_like_site_name("Axis Text, Main Title & Legend")  # a subtitle with a comma


def test_title_separators_include_the_farm_dash_and_leave_hyphenated_words_alone():
    assert title_segments("Talks in Moscow -Aspire Money Growth") == ["Talks in Moscow", "Aspire Money Growth"]
    assert title_segments("Re-election bid | The Site") == ["Re-election bid", "The Site"]
    assert title_segments("Ein Albtraum - DER SPIEGEL 52/2018") == ["Ein Albtraum", "DER SPIEGEL 52/2018"]


def test_original_title_with_its_own_name_is_no_mismatch():
    values = features(html_page(f"{HEADLINE} | ZEIT ONLINE", url="https://www.zeit.de/politik/a.html"))
    assert values["title_site_name"] == 1.0
    assert values["title_site_mismatch"] == 0.0


def test_site_name_from_og_site_name_counts_as_the_page_identity():
    # No domain (a saved file without canonical URL), but og:site_name names the site.
    values = features(html_page(f"{HEADLINE} - Valley Herald", site_name="Valley Herald"))
    assert values["title_site_mismatch"] == 0.0
    other = features(html_page(f"{HEADLINE} - Aspire Money Growth", site_name="Valley Herald"))
    assert other["title_site_mismatch"] == 1.0


def test_a_syndicated_copy_whose_canonical_names_the_agency_fits_its_own_og_url():
    # A licensed wire copy saved to a file: the canonical link credits the agency,
    # og:url keeps the outlet's address, and the title names the outlet.
    syndicated = ("<meta property='og:url' content='https://valleyherald.com/news/article_1.html'>"
                  "<link rel='canonical' href='https://apnews.com/748f8eb6'>")
    page = ParsedPage.from_html(f"<html><head><title>{HEADLINE} | valleyherald.com</title>{syndicated}</head>"
                                f"<body><h1>{HEADLINE}</h1><p>{DIPLOMACY}</p></body></html>")
    assert page.domain == "apnews.com"
    assert features(page)["title_site_mismatch"] == 0.0
    # A farm brand fits neither address.
    farm = ParsedPage.from_html(f"<html><head><title>{HEADLINE} | Aspire Money Growth</title>{syndicated}</head>"
                                f"<body><h1>{HEADLINE}</h1><p>{DIPLOMACY}</p></body></html>")
    assert features(farm)["title_site_mismatch"] == 1.0


def test_farm_brand_on_another_domain_is_a_mismatch_with_evidence():
    page = html_page(f"{HEADLINE} -Aspire Money Growth", url="https://www.cnn.com/2024/01/16/a.html")
    assert features(page)["title_site_mismatch"] == 1.0
    assert TitleNavigation().evidence(page, "title_site_mismatch") == (
        "title ends in site name 'Aspire Money Growth' that does not match the domain (www.cnn.com)")


def test_unknown_domain_gives_the_unknown_value_not_a_guess():
    text = ParsedPage.from_text(f"{HEADLINE} -Aspire Money Growth\n{DIPLOMACY}")
    values = features(text)
    assert values["title_site_name"] == 1.0
    assert values["title_site_mismatch"] == UNKNOWN


def test_title_without_site_name_and_a_subtitle_about_the_story_are_not_site_names():
    assert features(html_page(HEADLINE, url="https://www.cnn.com/a"))["title_site_name"] == 0.0
    # The second segment is the story's own subject (its words are in the article), not a brand.
    page = html_page(f"{HEADLINE} | North Korean Foreign Minister", url="https://www.cnn.com/a")
    assert features(page)["title_site_mismatch"] == 0.0


def test_name_in_another_script_than_the_domain_is_unknown():
    assert features(html_page(f"{HEADLINE} - МК", url="https://www.mk.ru/a"))["title_site_mismatch"] == UNKNOWN


def test_archived_copy_is_compared_with_the_original_domain():
    url = "https://web.archive.org/web/20190717140047/http://www.valleyherald.com/news/a.html"
    assert features(html_page(f"{HEADLINE} | Valley Herald", url=url))["title_site_mismatch"] == 0.0


def test_only_the_last_segment_is_read_as_a_foreign_brand():
    # An outlet's kicker or column before the headline is not a brand ...
    for title in (f"Weekend Column: Sunday Notes – {HEADLINE}", f"Weltweit | {HEADLINE} | 02.11.2021",
                  f"Kolumne: Bunte Seiten - {HEADLINE}"):
        assert features(html_page(title, url="https://www.valleyherald.com/a"))["title_site_mismatch"] == 0.0
    # ... while a brand appended at the end still is.
    page = html_page(f"Weekend Column: Sunday Notes – {HEADLINE} – Aspire Money Growth",
                     url="https://www.valleyherald.com/a")
    assert features(page)["title_site_mismatch"] == 1.0


def test_title_separators_include_single_guillemets():
    assert title_segments("Plan para la ciudad › Para pensar › Diario Sur - Órgano oficial") == [
        "Plan para la ciudad", "Para pensar", "Diario Sur", "Órgano oficial"]


def test_page_types_press_releases_and_dated_documents_are_not_site_names():
    assert not looks_like_site_name("Vergleich")
    assert not looks_like_site_name("Detail")
    assert not looks_like_site_name("Son Dakika Haberler")  # Turkish "latest news"
    assert not looks_like_site_name("株式会社サンプルのプレスリリース")  # a company's press release
    assert not looks_like_site_name("Monatsbericht November 2021")
    assert not looks_like_site_name("Annual Report 2021")
    assert looks_like_site_name("Golden Wealth Tribune")


def test_sub_brand_in_the_url_path_is_the_sites_own():
    title = f"{HEADLINE} | TechLab"
    assert features(html_page(title, url="https://www.gadgetworld.com/techlab/2020/a.html"))[
        "title_site_mismatch"] == 0.0
    assert features(html_page(title, url="https://www.gadgetworld.com/news/2020/a.html"))[
        "title_site_mismatch"] == 1.0
    # A journal on a university platform: its initials are the path ("/index.php/wlb/").
    page = html_page(f"{HEADLINE} | Wiener Literatur Blatt", url="https://journals.uni.ac.at/index.php/wlb/a")
    assert features(page)["title_site_mismatch"] == 0.0


def test_section_link_or_breadcrumb_place_makes_the_name_the_sites_own():
    url = "https://www.eldiario.com.ar/nota/a"
    section = html_page(f"{HEADLINE} - La Ciudad", url=url, body="<a href='/seccion/la-ciudad'>La Ciudad</a>")
    assert features(section)["title_site_mismatch"] == 0.0
    # A logo link to the front page proves nothing: farms link their brand there too.
    logo = html_page(f"{HEADLINE} - Aspire Money Growth", url=url, body="<a href='/'>Aspire Money Growth</a>")
    assert features(logo)["title_site_mismatch"] == 1.0
    # A link into the site under the name spelt as one word: taucher.example/divelog for "Divelog News".
    path = html_page(f"{HEADLINE} - Divelog News", url="https://taucher.example.net/news/a",
                     body="<a href='https://taucher.example.net/divelog'>Mehr</a>")
    assert features(path)["title_site_mismatch"] == 0.0
    # A holiday-home listing named after a place of the site's own trail.
    crumbs = "<nav class='breadcrumb'><a href='/'>Home</a> &gt; <a href='/bayern'>Bayern</a> &gt; " \
             "<a href='/birkenau'>Birkenau</a></nav>"
    listing = html_page(f"{HEADLINE} - Ferienhaus Birkenau", url="https://www.ferienportal.de/a", body=crumbs)
    assert features(listing)["title_site_mismatch"] == 0.0


def test_title_that_names_the_domain_elsewhere_is_the_sites_own():
    page = html_page("Brombeerkistes Leseecke: [Rezension] Sommerwind - Herbstlaub von A. B. Autor",
                     url="https://brombeerkiste.blogspot.com/2017/09/a.html", h1="Sommerwind")
    assert features(page)["title_site_mismatch"] == 0.0


def test_headline_subtitle_shown_in_the_h1_is_not_a_brand():
    h1 = "Property crisis: developer in trouble – Financial Data And Adviser Contract"
    page = html_page(h1, url="https://www.marketnotes.de/a", h1=h1)
    assert features(page)["title_site_mismatch"] == 0.0


def test_short_headline_shown_in_the_h1_leaves_the_brand_as_the_last_segment():
    page = html_page("港口新闻_航运 | Global Ticker Report", url="https://www.hubbuzz.xyz/a", h1="港口新闻_航运")
    assert features(page)["title_site_mismatch"] == 1.0


def test_news_agency_credited_on_the_page_is_a_licensed_copy():
    url = "https://www.valleyherald.com/a"
    byline = html_page(f"{HEADLINE} - Reuters", url=url, body="<div class='byline'>By Reuters</div>")
    assert features(byline)["title_site_mismatch"] == 0.0
    german = html_page(f"{HEADLINE} - dpa", url=url, body="<p>© dpa-infocom, dpa:240101</p>")
    assert features(german)["title_site_mismatch"] == 0.0
    uncredited = html_page(f"{HEADLINE} - Reuters", url=url)
    assert features(uncredited)["title_site_mismatch"] == 1.0
    # A farm credits its own brand everywhere; that is no licence.
    farm = html_page(f"{HEADLINE} - Aspire Money Growth", url=url,
                     body="<div class='byline'>By Aspire Money Growth Staff</div><p>Source: Aspire Money Growth</p>")
    assert features(farm)["title_site_mismatch"] == 1.0


# --- breadcrumbs ---------------------------------------------------------------


def test_farm_breadcrumb_glued_to_the_headline_in_a_text_page():
    text = f"Current:Home > Markets{HEADLINE} -Aspire Money Growth\n{HEADLINE}\n{DIPLOMACY}"
    page = ParsedPage.from_text(text)
    values = features(page)
    assert values["has_breadcrumb"] == 1.0
    assert values["breadcrumb_farm_prefix"] == 1.0
    assert values["breadcrumb_glued_to_title"] == 1.0
    assert TitleNavigation().evidence(page, "breadcrumb_glued_to_title") == "breadcrumb 'Current:Home > Markets'"


def test_breadcrumb_glued_to_a_headline_without_a_line_of_its_own():
    # The section word runs into the capitalised headline: "MarketsTop diplomats ...".
    page = ParsedPage.from_text(f"Current:Home > Markets{HEADLINE}\n{DIPLOMACY}")
    values = features(page)
    assert values["breadcrumb_glued_to_title"] == 1.0
    assert values["breadcrumb_section_misfit"] == 1.0
    assert TitleNavigation().evidence(page, "breadcrumb_glued_to_title") == "breadcrumb 'Current:Home > Markets'"


def test_ordinary_breadcrumb_is_present_but_neither_farm_prefixed_nor_glued():
    page = html_page(f"{HEADLINE} | Valley Herald", body="<nav class='breadcrumb'><a>Home</a> &gt; <a>World</a></nav>")
    values = features(page)
    assert values["has_breadcrumb"] == 1.0
    assert values["breadcrumb_farm_prefix"] == 0.0
    assert values["breadcrumb_glued_to_title"] == 0.0


def test_you_are_here_is_not_the_farm_prefix():
    # Legitimate CMSs print "You are here:"; only the site-cluster "Current:" forms count.
    page = html_page(HEADLINE, body="<div class='breadcrumb'>You are here: Home &gt; World</div>")
    assert features(page)["breadcrumb_farm_prefix"] == 0.0
    farm = html_page(HEADLINE, body="<div class='position'>Current position: Home &gt; World</div>")
    assert features(farm)["breadcrumb_farm_prefix"] == 1.0


@pytest.mark.parametrize("section, expected", [
    ("Markets", 1.0),  # finance section, no finance words in a diplomacy story
    ("World", 0.0),  # politics/world: minister, president, talks ... at least SECTION_FIT_WORDS hits
    ("Politik", 0.0),  # the German section name maps to the same topic
    ("Harbour Works", UNKNOWN_SECTION_MISFIT),  # not in the lexicon and not in the story
    ("Moscow", 0.0),  # not in the lexicon, but the story names it
])
def test_breadcrumb_section_fits_or_misfits_the_story(section, expected):
    story = f"{DIPLOMACY}The talks in Moscow went on for hours.\n"
    page = ParsedPage.from_text(f"{HEADLINE}\nHome > {section}\n{story}")
    assert features(page)["breadcrumb_section_misfit"] == pytest.approx(expected)


def test_one_topic_word_only_partly_fits_a_section():
    # A single finance word ("prices") in the story: misfit 1 - 1/SECTION_FIT_WORDS.
    story = f"{DIPLOMACY}Fuel prices were not discussed at all during the two days.\n"
    page = ParsedPage.from_text(f"{HEADLINE}\nHome > Markets\n{story}")
    assert features(page)["breadcrumb_section_misfit"] == pytest.approx(1 - 1 / SECTION_FIT_WORDS)


def test_section_evidence_names_the_section():
    page = ParsedPage.from_text(f"{HEADLINE}\nCurrent:Home > Markets\n{DIPLOMACY}")
    assert TitleNavigation().evidence(page, "breadcrumb_section_misfit") == (
        "breadcrumb section 'Markets' does not fit the story")


def test_no_breadcrumb_gives_unknown_section_misfit():
    assert features(html_page(HEADLINE))["breadcrumb_section_misfit"] == UNKNOWN


def test_dates_home_links_and_the_site_name_are_not_sections():
    page = html_page(HEADLINE, url="https://www.valleyherald.com/a",
                     body="<div class='breadcrumb'>Start &gt; Valley Herald &gt; 2023 &gt; November</div>")
    assert features(page)["breadcrumb_section_misfit"] == UNKNOWN


# --- title against headline ----------------------------------------------------


def test_title_h1_mismatch_is_the_share_of_headline_words_missing_from_the_title():
    assert features(html_page(f"{HEADLINE} | Valley Herald"))["title_h1_mismatch"] == 0.0
    # Headline "Top diplomats meet in Moscow for talks on ties": 9 words, title keeps 3 (top, diplomats, meet).
    values = features(html_page("Top diplomats meet | Valley Herald"))
    assert values["title_h1_mismatch"] == pytest.approx(6 / 9)
    assert features(html_page("A title", h1=""))["title_h1_mismatch"] == UNKNOWN


def test_empty_pages_have_documented_values():
    for page in (ParsedPage.from_text(""), ParsedPage.from_html("")):
        values = features(page)
        assert values["breadcrumb_section_misfit"] == UNKNOWN
        assert values["title_h1_mismatch"] == UNKNOWN
        assert all(values[n] == 0.0 for n in values if n not in ("breadcrumb_section_misfit", "title_h1_mismatch"))


# --- seeds and corpus -------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("render", [False, True], ids=["text", "html"])
def test_farm_seed_has_the_farm_breadcrumb_and_a_misfit_section_and_the_original_not(render):
    def page(name):
        text = (SEEDS / name).read_text(encoding="utf-8")
        return ParsedPage.from_html(text_to_html(text)) if render else ParsedPage.from_text(text)

    farm = features(page("001_6590402504eff1c4.txt"))
    original = features(page("000_cb80cc104f090b56.txt"))
    assert farm["breadcrumb_farm_prefix"] == 1.0 and farm["breadcrumb_glued_to_title"] == 1.0
    assert farm["breadcrumb_section_misfit"] > 0.5
    assert farm["title_site_name"] == 1.0 and farm["title_site_mismatch"] == UNKNOWN  # no domain for a seed
    assert original["has_breadcrumb"] == 0.0 and original["title_site_mismatch"] == 0.0


@needs_corpus
@pytest.mark.corpus
def test_real_originals_with_their_own_title_suffix_rarely_mismatch():
    with (CORPUS / "index.csv").open(encoding="utf-8") as index:
        rows = list(csv.DictReader(index))[::12]  # every 12th: ~120 pages
    extractor = TitleNavigation()
    named = mismatched = farm_like = 0
    for row in rows:
        body = gzip.decompress((CORPUS / row["path"]).read_bytes())
        values = extractor.extract(ParsedPage(Page(input=row["path"], url=row["url"], body=body)))
        named += values["title_site_name"] == 1.0
        mismatched += values["title_site_mismatch"] == 1.0
        farm_like += values["breadcrumb_farm_prefix"] + values["breadcrumb_glued_to_title"] > 0
    # Measured on the whole corpus: 70% carry a site name in the title, 0.3% mismatch, none farm-prefixed.
    assert named >= 0.5 * len(rows)
    assert mismatched <= 0.02 * len(rows)
    assert farm_like <= 0.02 * len(rows)


def test_title_site_name_reasons_quote_the_name_or_say_there_is_none():
    named = ParsedPage.from_html("<html><head><title>Bridge reopens after repairs | Riverton Ledger</title></head>"
                                 "<body><h1>Bridge reopens after repairs</h1></body></html>",
                                 url="https://www.rivertonledger.example/bridge")
    bare = ParsedPage.from_html("<html><head><title>Bridge reopens after repairs</title></head>"
                                "<body><h1>Bridge reopens after repairs</h1></body></html>")
    extractor = TitleNavigation()
    assert "Riverton Ledger" in extractor.describe(named, "title_site_name", 1.0, towards_farm=False)
    assert extractor.describe(bare, "title_site_name", 0.0, towards_farm=False) == "the title carries no site name"
