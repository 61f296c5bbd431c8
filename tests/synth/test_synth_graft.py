"""The grafting mechanism and the simulator's parts, on tiny hand-written pages
(no corpus needed)."""

from __future__ import annotations

import random

import pytest

from classifier.parse import ParsedPage
from classifier.synth.corpus import Article, guess_lang, headline_of, resolve_domain, site_of
from classifier.synth.farmsites import make_clusters
from classifier.synth.pools import Headline, HeadlinePool, farm_lists, key_terms, truncate
from classifier.synth.republication import republish, shell_title
from classifier.synth.shell import Graft, container_paragraphs, find_container, graft
from classifier.synth.styles import ShellInfo, StyleContext, get_styles, registered_styles
from classifier.synth.styles.ai_rewrite import spin
from selectolax.lexbor import LexborHTMLParser

OLD_P = ("The old story about the harbour council said that the budget for the bridge repairs would be "
         "decided next spring after the consultation.")
SHELL = f"""<!DOCTYPE html><html lang="de"><head><meta charset="iso-8859-1"><title>Old harbour story | Shell Times</title>
<meta property="og:title" content="Old harbour story"><meta property="og:url" content="https://www.shell.example/old">
<meta property="article:published_time" content="2019-05-01T10:00:00"><meta name="author" content="Old Author">
<meta property="og:site_name" content="Shell Times"><link rel="canonical" href="https://www.shell.example/old">
<script>var site = 1;</script></head><body>
<nav><a href="https://www.shell.example/">Home</a> <a href="https://www.shell.example/politik">Politik</a></nav>
<main><article><header><h1>Old harbour story for the shell</h1><div class="byline">By Old Author</div>
<time datetime="2019-05-01">1 May 2019</time><p class="lead">{OLD_P}</p></header>
<figure><img src="/a.jpg"><figcaption>An old photo caption of the harbour</figcaption></figure>
<div class="article-body"><p>{OLD_P} First.</p><p>{OLD_P} Second.</p><p>{OLD_P} Third.</p><p>{OLD_P} Fourth.</p><p>{OLD_P} Fifth.</p></div>
</article>
<section class="comments"><p>A reader wrote a long comment about the harbour council and the bridge repairs today.</p></section>
<aside><h3>Meistgelesen</h3><ul><li><a href="/x">Shell site own story about the weather</a></li>
<li><a href="/y">Shell site own story about the football</a></li><li><a href="/z">Shell site own story about trains</a></li>
</ul></aside></main><footer><p>Shell Times footer: imprint, contact and the whole legal text of the site here.</p></footer>
</body></html>"""

NEW_PARAGRAPHS = [
    "MOSCOW (AP) — Russia's top diplomat on Tuesday hosted his North Korean counterpart for talks on expanding ties.",
    "At the start of the meeting, the minister said both sides would discuss active work on the agreements reached.",
    "The United States and South Korea have accused North Korea of providing artillery munitions for the war.",
    "Both Russia and North Korea have dismissed accusations of arms transfers between the two countries.",
]


def new_graft(**kw) -> Graft:
    base = dict(headline="Top diplomat in Moscow for talks on ties", title="Top diplomat in Moscow -Farm Brand",
                url="https://farm.example/html/1.html", lang="en", body=[f"<p>{p}</p>" for p in NEW_PARAGRAPHS],
                description="Talks in Moscow", published="2025-04-26T04:00:14", date_policy="set",
                sidebar=['<div class="box"><h3>Related</h3><ul><li><a href="/1">One unrelated headline here</a></li>'
                         '<li><a href="/2">Two unrelated headline here</a></li>'
                         '<li><a href="/3">Three unrelated headline here</a></li></ul></div>'])
    base.update(kw)
    return Graft(**base)


def do_graft(g: Graft, seed: int = 0) -> ParsedPage:
    html = graft(SHELL, g, random.Random(seed), old_headline="Old harbour story for the shell",
                 shell_domain="www.shell.example")
    assert html is not None
    return ParsedPage.from_html(html)


# --- the article container -------------------------------------------------

def test_container_is_the_paragraphs_parent_not_the_comments_or_the_page():
    tree = LexborHTMLParser(SHELL)
    assert find_container(tree).attributes.get("class") == "article-body"


def test_container_paragraphs_leave_out_comments_and_footer():
    inside = container_paragraphs(SHELL)
    assert f"{OLD_P} First." in inside
    assert not any("reader wrote" in p or "footer" in p for p in inside)


def test_a_page_without_story_paragraphs_has_no_container_and_no_graft():
    page = "<html><body><nav><a href='/'>Home</a></nav><p>Short text.</p></body></html>"
    assert find_container(LexborHTMLParser(page)) is None
    assert graft(page, new_graft(), random.Random(0)) is None


# --- grafting ------------------------------------------------------------------

def test_graft_replaces_the_story_and_keeps_the_shell():
    page = do_graft(new_graft())
    assert page.h1 == "Top diplomat in Moscow for talks on ties"
    assert page.title == "Top diplomat in Moscow -Farm Brand"
    assert all(p in page.paragraphs for p in NEW_PARAGRAPHS)
    assert not any("old story" in p for p in page.paragraphs)          # old body and lead are gone
    assert "A reader wrote" not in page.visible_text                   # old comments are gone
    assert "Shell Times footer" in page.visible_text                   # footer kept
    assert "Politik" in page.visible_text                               # navigation kept
    assert "var site = 1" in page.source                                # scripts kept
    assert "An old photo caption" not in page.visible_text             # old photo and caption gone
    assert "Old Author" not in page.visible_text                        # old byline gone


def test_graft_points_canonical_and_og_url_at_the_new_address():
    page = do_graft(new_graft())
    assert page.domain == "farm.example"
    assert page.meta["og:url"] == "https://farm.example/html/1.html"
    assert page.meta["og:title"] == "Top diplomat in Moscow for talks on ties"


@pytest.mark.parametrize("policy,expected", [("set", ["2025-04-26T04:00:14"]), ("keep", ["2019-05-01T10:00:00"]),
                                             ("drop", [])])
def test_date_policy_sets_keeps_or_drops_the_shell_date_meta(policy, expected):
    page = do_graft(new_graft(date_policy=policy))
    assert [v for k, v in page.meta.items() if k == "article:published_time"] == expected


def test_author_meta_is_removed_unless_given():
    assert "author" not in do_graft(new_graft(author=None)).meta
    assert do_graft(new_graft(author="The Associated Press")).meta["author"] == "The Associated Press"


def test_shell_keywords_become_the_grafted_storys_terms_as_many_as_before():
    shell = SHELL.replace('<meta name="author"', '<meta name="keywords" content="harbour, ferry, dock"><meta name="author"')
    html = graft(shell, new_graft(), random.Random(0), old_headline="Old harbour story for the shell",
                 shell_domain="www.shell.example")
    keywords = ParsedPage.from_html(html).meta["keywords"]
    assert keywords == "diplomat, Moscow, talks"
    assert "keywords" not in do_graft(new_graft()).meta  # a shell without the tag gets none


def test_page_is_declared_utf8_and_in_the_story_language():
    page = do_graft(new_graft(lang="en"))
    assert 'charset="utf-8"' in page.source and 'lang="en"' in page.source


def test_rehost_moves_the_shell_links_to_the_farm_host():
    moved = do_graft(new_graft(rehost=True))
    kept = do_graft(new_graft(rehost=False))
    assert "https://farm.example/politik" in moved.source and "www.shell.example/politik" not in moved.source
    assert "https://www.shell.example/politik" in kept.source


def test_sidebar_lands_in_the_page_for_every_placement():
    # Placement is drawn per page; over a few seeds every placement shows up.
    for seed in range(6):
        page = do_graft(new_graft(), seed)
        assert any(lst.heading == "Related" or "One unrelated headline here" in lst.items for lst in page.link_lists)


def test_breadcrumb_replaces_the_shells_or_goes_above_the_headline():
    page = do_graft(new_graft(breadcrumb='<div class="breadcrumb">Current:Home &gt; Markets</div>'))
    assert any("Markets" in b for b in page.breadcrumbs)


# --- corpus reading helpers ------------------------------------------------------

def test_headline_falls_back_to_the_title_segment_when_the_h1_is_a_logo():
    page = ParsedPage.from_html("<title>Council approves the harbour budget | Daily Site</title><h1>Logo</h1>")
    assert headline_of(page) == "Council approves the harbour budget"


def test_domain_of_archived_pages_and_files_named_after_their_site():
    assert resolve_domain({"url": "https://web.archive.org/web/2019/http://www.modabot.de/x",
                           "domain": "web.archive.org"}) == "www.modabot.de"
    assert resolve_domain({"id": "trafilatura/100noticias.com-millones", "url": "", "domain": ""}) == "100noticias.com"
    assert resolve_domain({"id": "x/no-host-here", "url": "", "domain": ""}).endswith(".invalid")
    assert site_of("www.Zeit.de") == "zeit.de"


def test_language_guess_from_function_words():
    assert guess_lang("Die Stadt und der Rat haben sich auf den Haushalt für das Jahr geeinigt, sagte er nicht "
                      "mit den Worten des Bürgermeisters, auch wird es im Sommer eine Sitzung geben.") == "de"
    assert guess_lang("Hello world") == ""


# --- headline lists -----------------------------------------------------------------

POOL = HeadlinePool([Headline(t, "en", f"p{i}", f"s{i}.example") for i, t in enumerate([
    "Average rate on 30-year mortgages falls for a third week",
    "Pop star marries in a beach wedding in Malibu",
    "North Korea missile test alarms Seoul and Tokyo",
    "Moscow talks on North Korea arms deal end without statement",
    "How to clean a cast iron pan without soap",
    "Gymshark summer sale brings big discounts on workout gear",
    "Scientists find water vapour on a distant moon",
    "City council approves new bike lanes downtown",
])])


def test_truncation_cuts_at_a_word_boundary_without_the_tail():
    text = "Average rate on 30-year mortgages falls for a third week"
    for seed in range(20):
        cut = truncate(random.Random(seed), text).removesuffix("...")
        assert cut != text and text.startswith(cut) and not cut.endswith((" ", "-"))
        assert text[len(cut)] in " -"          # never half a word


def test_truncation_at_a_hyphen_keeps_the_number_like_the_farm_seed():
    text = "Average rate on 30-year mortgages falls for a third week"
    cuts = {truncate(random.Random(seed), text).removesuffix("...") for seed in range(200)}
    assert "Average rate on 30" in cuts


def test_unrelated_headlines_share_no_word_with_the_story():
    terms = key_terms("North Korea diplomat in Moscow", ["Talks in Moscow on North Korea arms."])
    items = POOL.unrelated(random.Random(0), 4, "en", terms, exclude=set())
    assert len(items) == 4 and not any("Korea" in i or "Moscow" in i for i in items)


def test_related_headlines_share_words_with_the_story_most_shared_first():
    terms = key_terms("North Korea diplomat in Moscow", ["Talks in Moscow on North Korea arms."])
    assert POOL.related(random.Random(0), 5, "en", terms, exclude=set()) == [
        "Moscow talks on North Korea arms deal end without statement",   # moscow, talks, north, korea, arms
        "North Korea missile test alarms Seoul and Tokyo"]               # north, korea


def test_related_headlines_fill_up_with_one_shared_key_term():
    terms = key_terms("City plans a summer festival", ["The city council plans a summer festival downtown."])
    related = POOL.related(random.Random(0), 5, "en", terms, exclude=set())
    assert related == ["City council approves new bike lanes downtown",   # city, council, downtown
                       "Gymshark summer sale brings big discounts on workout gear"]  # summer


def test_farm_lists_repeat_items_across_lists_at_the_duplicate_rate():
    lists = farm_lists(random.Random(2), POOL, 2, (3, 3), "en", set(), set(), duplicate_rate=1.0, truncate_rate=0.0)
    assert set(lists[1]) <= set(lists[0])          # every later item repeats an earlier one
    none = farm_lists(random.Random(2), POOL, 2, (3, 3), "en", set(), set(), duplicate_rate=0.0, truncate_rate=0.0)
    assert len(set(none[0]) | set(none[1])) > 3


def test_farm_site_clusters_are_deterministic_per_seed_and_reuse_brands():
    a = make_clusters(random.Random("7|sites|x"), 5)
    b = make_clusters(random.Random("7|sites|x"), 5)
    assert a == b
    assert all(len(c.domains) >= 1 and all("." in d for d in c.domains) for c in a)
    assert make_clusters(random.Random("8|sites|x"), 5) != a


# --- styles ------------------------------------------------------------------------------

def test_at_least_eight_styles_each_named_after_its_module_with_varying_signals():
    styles = registered_styles()
    assert len(styles) >= 8
    assert len({s.name for s in styles}) == len(styles)
    for style in styles:
        assert style.summary and style.signals
        assert all(0 < share <= 1 for share in style.signals.values()), style.name
        # No style shows every signal on every page.
        assert any(share < 1 for share in style.signals.values()), style.name


def test_unknown_style_names_are_refused():
    with pytest.raises(ValueError, match="unknown farm style"):
        get_styles(["site_cluster", "no_such_style"])


ARTICLE = Article(id="src/1", domain="www.apnews.example", lang="en", url="https://www.apnews.example/a",
                  headline="North Korea's top diplomat in Moscow for talks on ties", title="Story | AP News",
                  paragraphs=NEW_PARAGRAPHS + ["Copyright 2024 The Associated Press. All rights reserved."],
                  bylines=["By Jim Heintz"], captions=["Lavrov and Choe in Moscow. (AP Photo)"], site_name="AP News",
                  breadcrumbs=[], published=None, wire="AP",
                  credits=["Copyright 2024 The Associated Press. All rights reserved."])
ARTICLE.published = __import__("datetime").datetime(2024, 1, 16, 5, 40)
SHELL_INFO = ShellInfo(id="shell/1", domain="www.shell.example", site_name="Shell Times",
                       title="Old harbour story | Shell Times", headline="Old harbour story for the shell")


def context(style_name: str | None, seed: int) -> StyleContext:
    rng = random.Random(seed)
    clusters = []
    if style_name:
        clusters = get_styles([style_name])[0].make_clusters(random.Random(f"0|sites|{style_name}"))
    return StyleContext(rng=rng, article=ARTICLE, pool=POOL, shell=SHELL_INFO, clusters=clusters)


@pytest.mark.parametrize("name", [cls.name for cls in registered_styles()])
def test_every_style_renders_a_farm_page_on_a_farm_domain_without_the_wire_credit(name):
    for seed in range(5):
        style = get_styles([name])[0]
        g = style.render(context(name, seed))
        page = do_graft(g, seed)
        assert page.domain and page.domain != "www.shell.example" and page.domain != "www.apnews.example"
        assert ARTICLE.headline in page.title or ARTICLE.headline in page.visible_text
        assert "All rights reserved" not in page.visible_text   # farms strip the agency's credit
        assert "Jim Heintz" not in page.visible_text             # ... and the byline


def test_republication_keeps_byline_credit_and_consistent_dates_on_the_shell_domain():
    for seed in range(5):
        g = republish(context(None, seed))
        page = do_graft(g, seed)
        assert page.domain == "www.shell.example"
        assert "By Jim Heintz" in page.visible_text
        assert "Copyright 2024 The Associated Press. All rights reserved." in page.paragraphs
        dates = {v[:10] for k, v in page.meta.items() if k in ("article:published_time",)}
        assert dates <= {"2024-01-16", "2024-01-17"}
        assert page.title == "North Korea's top diplomat in Moscow for talks on ties | Shell Times"


def test_shell_title_keeps_the_sites_pattern():
    info = ShellInfo(id="s", domain="d.example", site_name="", title="Old story - The Site", headline="Old story")
    assert shell_title(info, "New story") == "New story - The Site"


def test_spinning_swaps_words_for_synonyms_and_keeps_capitals():
    spun = spin(random.Random(0), "People said the company will also buy it.", "en", 1.0)
    assert spun != "People said the company will also buy it."
    assert spun.split()[0][0].isupper() and "said" not in spun.split()
    assert spin(random.Random(0), "Ta historia", "pl", 1.0) == "Ta historia"


def test_finance_network_uses_one_template_per_brand_across_its_domains():
    from classifier.synth.farmsites import SiteCluster
    from classifier.synth.styles.finance_network import DISCLAIMERS, INTROS

    style = get_styles(["finance_network"])[0]
    cluster = SiteCluster(name="Noble Market Watch", domains=("a.example", "b.example", "c.example"),
                          named=frozenset())
    templates_by_domain: dict[str, set[int]] = {}
    for seed in range(40):
        ctx = StyleContext(rng=random.Random(seed), article=ARTICLE, pool=POOL, shell=SHELL_INFO, clusters=[cluster])
        g = style.render(ctx)
        domain = g.url.split("/")[2]
        text = " ".join(g.body + g.after)
        for i, template in enumerate(INTROS + DISCLAIMERS):
            if template.split("{")[0][:25] and template.split("{")[0][:25] in text:
                templates_by_domain.setdefault(domain, set()).add(i)
    used = set().union(*templates_by_domain.values())
    assert len(templates_by_domain) >= 2
    assert len(used) <= 4  # two intros and two disclaimers: the network's template, whatever the domain
