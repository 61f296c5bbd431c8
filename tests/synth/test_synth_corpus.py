"""The simulator on real corpus pages: determinism, grafting across sites,
each style's signature signals, honest republications, and splits.

Needs ../shared/corpus (skipped without it). One run over the first
``LIMIT`` corpus pages, two farm copies each, is shared by the tests.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest

from classifier.parse import ParsedPage, domain_of
from classifier.pages import read_file_page
from classifier.synth import Corpus, available_styles, synthesize
from classifier.synth.corpus import site_of
from classifier.synth.pools import content_words, key_terms
from classifier.synth.splits import kfold_splits, leave_one_style_out, row_folds, shared_groups, train_test_split
from classifier.synth.vocab import WORDS

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("CONTENTFARM_SHARED", REPO / ".." / "shared")) / "corpus"

pytestmark = [
    pytest.mark.skipif(not (CORPUS / "index.csv").exists(),
                       reason=f"the corpus ({CORPUS}) is absent: real pages are not part of the repository"),
    pytest.mark.corpus,
    pytest.mark.slow,
]

#: Sources for the shared run: ~27 farm pages per style with two copies each.
LIMIT = 120
FARM_PER_SOURCE = 2


@pytest.fixture(scope="module")
def corpus():
    return Corpus.load(CORPUS)


@pytest.fixture(scope="module")
def run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    manifest = synthesize(corpus, out, seed=0, limit=LIMIT, farm_per_source=FARM_PER_SOURCE)
    return out, manifest


@pytest.fixture(scope="module")
def pages(run):
    """ParsedPage of every generated row, by manifest index."""
    out, manifest = run
    parsed = {}
    for i, row in manifest.iterrows():
        if row["kind"] != "real_original":
            parsed[i] = ParsedPage(read_file_page(str(out / row["path"])))
    return parsed


def rows_of(manifest, **where):
    mask = pd.Series(True, index=manifest.index)
    for key, value in where.items():
        mask &= manifest[key] == value
    return manifest[mask]


def share(flags) -> float:
    flags = list(flags)
    return sum(map(bool, flags)) / len(flags)


def _similar(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa) and len(wa & wb) >= 0.6 * len(wa | wb)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- determinism ------------------------------------------------------------------

def test_same_seed_gives_byte_identical_output_and_another_seed_does_not(corpus, tmp_path):
    a = synthesize(corpus, tmp_path / "a", seed=3, limit=12)
    b = synthesize(corpus, tmp_path / "b", seed=3, limit=12, workers=2)
    c = synthesize(corpus, tmp_path / "c", seed=4, limit=12)
    assert a.equals(b) and not a.equals(c)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert tree_digest(tmp_path / "a") != tree_digest(tmp_path / "c")


def test_a_page_does_not_depend_on_how_many_others_were_made(corpus, tmp_path):
    small = synthesize(corpus, tmp_path / "small", seed=0, limit=6)
    large = synthesize(corpus, tmp_path / "large", seed=0, limit=12)
    made = small[small["kind"] != "real_original"]
    assert len(made) > 0
    for rel in made["path"]:
        assert (tmp_path / "small" / rel).read_bytes() == (tmp_path / "large" / rel).read_bytes()
    assert large.iloc[: len(small)].reset_index(drop=True).equals(small)


# --- the manifest ------------------------------------------------------------------

def test_manifest_lists_real_originals_in_place_and_generated_pages_relative(run, corpus):
    out, manifest = run
    assert list(manifest.columns[:10]) == ["path", "label", "kind", "style", "source_id", "shell_id",
                                           "source_domain", "shell_domain", "url", "lang"]
    real = rows_of(manifest, kind="real_original")
    assert len(real) == LIMIT
    assert all(Path(p).is_absolute() and Path(p).is_relative_to(corpus.folder) for p in real["path"])
    assert set(real["style"]) == {"real"} and set(real["label"]) == {"original"} and not real["shell_id"].any()
    made = manifest[manifest["kind"] != "real_original"]
    assert all(not Path(p).is_absolute() and (out / p).exists() for p in made["path"])
    assert set(made.loc[made["kind"] == "farm_copy", "label"]) == {"farm"}
    assert set(made.loc[made["kind"] == "republication", "label"]) == {"original"}
    assert (out / "manifest.csv").exists()
    assert pd.read_csv(out / "manifest.csv", dtype=str, keep_default_na=False)["path"].tolist() == \
        manifest["path"].tolist()


def test_every_style_is_made_in_balanced_numbers(run):
    _, manifest = run
    counts = Counter(rows_of(manifest, kind="farm_copy")["style"])
    assert set(counts) == set(available_styles())
    assert max(counts.values()) - min(counts.values()) <= 0.35 * max(counts.values())


def test_the_shell_comes_from_another_site_than_the_article(run):
    _, manifest = run
    made = manifest[manifest["kind"] != "real_original"]
    assert (made["source_id"] != made["shell_id"]).all()
    assert all(site_of(a) != site_of(b) for a, b in zip(made["source_domain"], made["shell_domain"]))


def test_farm_pages_live_on_invented_farm_domains_and_republications_on_the_shell_site(run, pages):
    _, manifest = run
    for i, row in manifest.iterrows():
        if row["kind"] == "farm_copy":
            assert pages[i].domain == domain_of(row["url"])
            assert pages[i].domain not in (row["shell_domain"], row["source_domain"])
        elif row["kind"] == "republication":
            assert pages[i].domain == row["shell_domain"] == domain_of(row["url"])


def test_farm_brands_recur_across_domains_and_sometimes_match_them(run, pages):
    _, manifest = run
    farm = rows_of(manifest, kind="farm_copy", style="site_cluster")
    domains_by_brand = defaultdict(set)
    matches = 0
    for i in farm.index:
        title = pages[i].title
        for sep in (" -", " - ", "_", " | ", " – ", " — ", "-"):
            head, found, brand = title.rpartition(sep)
            if found and head.startswith(pages[i].h1[:20]) and brand:
                domains_by_brand[brand.strip()].add(pages[i].domain)
                matches += re.sub(r"\W", "", brand.lower()) in pages[i].domain.replace("-", "")
                break
    assert any(len(d) >= 2 for d in domains_by_brand.values())   # one brand, several domains
    assert matches < len(farm)                                    # the title's name often fits no domain


# --- the graft carries the article, not the shell's story --------------------------

def test_generated_pages_carry_the_article_and_not_the_shells_story(run, pages, corpus):
    _, manifest = run
    kept_shell = []
    for i, row in manifest.iterrows():
        if row["kind"] == "real_original":
            continue
        article = corpus.by_id[row["source_id"]].article
        shell = corpus.by_id[row["shell_id"]].article
        page = pages[i]
        assert article.headline in page.source.replace("&amp;", "&") or article.headline in page.visible_text
        body = set(page.paragraphs)
        # Verbatim, or close to it (spun words, full-width punctuation, one slide of several).
        assert any(p in body or any(_similar(p, q) for q in body) for p in article.story_paragraphs), row["path"]
        own = [p for p in shell.paragraphs if p not in set(article.paragraphs)]
        kept_shell.append(share(p in body for p in own) if own else 0.0)
    assert sum(kept_shell) / len(kept_shell) < 0.1


# --- signature signals of each style ----------------------------------------------------

def _any_word(key: str) -> str:
    return "|".join(re.escape(w) for lang in WORDS[key].values() for w in lang)


DATE_LINE = re.compile(r"(?:" + _any_word("date") + r")\s?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
VOTE = re.compile(r"(?:" + _any_word("moods") + r")\s*\(?\s*\d")
CRUMB = re.compile(r"(?:" + _any_word("home") + r")\s*(?:>|»)")
GENERIC_AUTHOR = re.compile(r"\b(?:Posted by|By) (?:admin|editor|staff|newsdesk|webmaster|Admin|news|author)\b|"
                            r"\b(?:by|By) (?:admin|editor|staff|newsdesk|webmaster|Admin|news|author)$", re.M)
ATTRIBUTION = re.compile(r"This article was (?:originally )?posted by|appeared first on|Source link|Read More|"
                         r"Originally posted at|^Source: ", re.M)
TICKER = re.compile(r"\((?:NYSE|NASDAQ|NYSEARCA|OTCMKTS|LON|TSE):[A-Z]{1,6}\)")
FINANCE_BOILERPLATE = re.compile(r"generated (?:by narrative science|automatically)|informational purposes only|"
                                 r"Receive News & Ratings|Market snapshot")
LOCAL_HEADLINE = re.compile(r"gas prices: \d+ cents|building permits issued|restaurants inspected|unemployment rate "
                            r"drops|home sales: \d+|new business licenses|plumbers, according|school board president|"
                            r"inches of rain|files to run for")
PAPER_NAME = re.compile(r"(?:Times|Leader|Courier|Gazette|Today|News|Record|Observer|Sun|Ledger|Reporter|Herald|"
                        r"Chronicle|Tribune|Post|Independent|Anzeiger|Kurier|Rundschau|Bote|Nachrichten|Zeitung|Echo)$")
SLIDES = re.compile(r"^(?:Slide |Page )?\d+ (?:of|/) \d+$", re.M)
CHATBOT = re.compile(r"As an AI|Certainly|Sure, here's|Here is a unique|I hope this helps|knowledge update|"
                     r"rewritten article is based|Als KI|Natürlich! Hier|Gerne, hier|Ich hoffe, das hilft|"
                     r"Bien sûr|En tant que modèle|J'espère|¡Claro!|Como modelo de lenguaje|¡Espero")
AGO = re.compile(r"\d+ (?:hours|minutes|days) ago|\d+h ago|vor \d+ (?:Stunden|Minuten|Tagen)|il y a \d+|hace \d+|"
                 r"\d+ (?:ore|minuti) fa|há \d+")
MT_LABEL = re.compile(r"Current location:|Release time:|Reading volume:|Guess you like|Hot search|Hot recommendation|"
                      r"Responsible editor:|Aktueller Standort:|Freigabezeit:|Lesevolumen:|Verantwortlicher Redakteur:|"
                      r"Emplacement actuel|Heure de sortie|Éditeur responsable|Ubicación actual:|Editor responsable:")
COUNTER_WORDS = re.compile(r"veryGood!|Reading volume|Lesevolumen|Volume de lectura|Volumen de lectura")


def _style_pages(run, pages, style):
    _, manifest = run
    rows = rows_of(manifest, kind="farm_copy", style=style)
    assert len(rows) >= 15, f"too few {style} pages to check ({len(rows)})"
    return [(row, pages[i]) for i, row in rows.iterrows()]


def _texts(page: ParsedPage) -> str:
    return page.visible_text


def test_site_cluster_signature(run, pages):
    made = _style_pages(run, pages, "site_cluster")
    assert share(DATE_LINE.search(_texts(p)) for _, p in made) >= 0.5          # bare "Date:2025-04-26 04:00:14"
    assert share(VOTE.search(" ".join(p.lines)) for _, p in made) >= 0.4     # "veryGood! (7359)"
    assert share(CRUMB.search(" ".join(p.lines)) for _, p in made) >= 0.35   # "Current:Home > Markets"
    assert share(p.title != p.h1 and p.title.startswith(p.h1[:20]) for _, p in made) >= 0.6  # "... -Brand"
    assert share(len(p.link_lists) >= 2 for _, p in made) >= 0.6


def test_site_cluster_lists_repeat_and_cut_headlines(run, pages, corpus):
    made = _style_pages(run, pages, "site_cluster")
    headlines = {e.identity[0] for e in corpus.entries}
    repeated = truncated = 0
    for _, page in made:
        seen = Counter(item for lst in page.link_lists for item in dict.fromkeys(lst.all_items))
        repeated += any(n >= 2 for n in seen.values())
        truncated += any(item not in headlines and any(h.startswith(item.removesuffix("...")) for h in headlines)
                         for item in seen)
    assert repeated >= 0.25 * len(made) and truncated >= 0.25 * len(made)


def test_scraper_blog_signature(run, pages):
    made = _style_pages(run, pages, "scraper_blog")
    assert share(GENERIC_AUTHOR.search(_texts(p)) for _, p in made) >= 0.3   # "Posted by admin"
    assert share(ATTRIBUTION.search(_texts(p)) for _, p in made) >= 0.5      # "This article was posted by ... Read More"
    assert share(re.search(r"Related posts|" + _any_word("related"), _texts(p)) for _, p in made) >= 0.5


def test_finance_network_signature(run, pages):
    made = _style_pages(run, pages, "finance_network")
    assert share(TICKER.search(_texts(p)) for _, p in made) >= 0.6           # "(NYSE:NWH) shares fell 2.31%"
    assert share(FINANCE_BOILERPLATE.search(_texts(p)) for _, p in made) >= 0.6


def test_pink_slime_signature(run, pages):
    made = _style_pages(run, pages, "pink_slime")
    assert share(LOCAL_HEADLINE.search(_texts(p)) for _, p in made) >= 0.6   # machine-made local headlines
    branded = [p.title.rsplit(sep, 1)[1].strip() for _, p in made
               for sep in (" -", " - ", "_", " | ", " – ", " — ", "-") if sep in p.title and p.title != p.h1][:len(made)]
    assert share(PAPER_NAME.search(name) for name in branded) >= 0.5        # "Cedar Falls Courier"


def _ad_ratio(page: ParsedPage, story: list[str]) -> float:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page.source)
    ad_chars, counted = 0, set()
    selector = ('[class*="ad-slot"], [class*="advert"], [class*="ad-container"], [class*="banner-ad"], '
                '[class*="sponsored"], [class*="promoted"], [class*="rec-widget"]')
    for node in tree.css(selector):
        ancestors, up = set(), node.parent
        while up is not None:
            ancestors.add(up.mem_id)
            up = up.parent
        if ancestors & counted:
            continue
        counted.add(node.mem_id)
        ad_chars += len(node.text(separator=" ").strip())
    story_chars = sum(len(p) for p in page.paragraphs if p in set(story))
    return ad_chars / max(story_chars, 1)


def test_made_for_advertising_signature(run, pages, corpus):
    made = _style_pages(run, pages, "made_for_advertising")
    ratios = [_ad_ratio(p, corpus.by_id[row["source_id"]].article.story_paragraphs) for row, p in made]
    assert min(ratios) >= 0.3                                                 # ads are 30% of the content or more
    assert share(SLIDES.search(_texts(p)) for _, p in made) >= 0.35           # "Slide 3 of 9", "Next slide"
    assert share('http-equiv="refresh"' in p.source for _, p in made) >= 0.25  # auto-refresh


def test_ai_rewrite_signature(run, pages, corpus):
    made = _style_pages(run, pages, "ai_rewrite")
    assert share(CHATBOT.search(_texts(p)) for _, p in made) >= 0.5          # "Certainly! Here is ..."
    english = [(row, p) for row, p in made if row["lang"] in ("en", "de")]
    verbatim = [share(s in set(p.paragraphs) for s in corpus.by_id[row["source_id"]].article.story_paragraphs)
                for row, p in english]
    assert english and share(v <= 0.7 for v in verbatim) >= 0.4               # synonym spinning changed the text


def test_aggregator_signature(run, pages):
    made = _style_pages(run, pages, "aggregator")
    assert share(re.search(_any_word("trending"), _texts(p)) for _, p in made) >= 0.9   # "Trending" lists
    assert share(AGO.search(_texts(p)) for _, p in made) >= 0.9                         # "3 hours ago"
    assert share(len(p.link_lists) >= 1 for _, p in made) >= 0.9


def test_machine_translated_signature(run, pages):
    made = _style_pages(run, pages, "machine_translated")
    assert share(MT_LABEL.search(_texts(p)) for _, p in made) >= 0.9          # "Reading volume:", "Guess you like"
    lang_attr = re.compile(r'<html[^>]*\blang="([^"]*)"')
    wrong = [(m := lang_attr.search(p.source)) is not None and m.group(1) != row["lang"] for row, p in made]
    assert share(wrong) >= 0.25                                                # <html lang> not the text's
    assert share(p.source.count('hreflang="') >= 4 or "Deutsch" in p.visible_text for _, p in made) >= 0.3


def test_seo_keyword_stuffing_signature(run, pages):
    made = _style_pages(run, pages, "seo_keyword_stuffing")
    assert share(p.title.count(" | ") >= 2 for _, p in made) >= 0.5          # stuffed title
    assert share('name="keywords"' in p.source for _, p in made) >= 0.35
    stuffed = [max((len(re.findall(r",", q)) for q in p.paragraphs), default=0) >= 5 for _, p in made]
    assert share(stuffed) >= 0.5                                               # a paragraph of keyword phrases


# --- republications: the hard negatives ---------------------------------------------------

def test_republications_keep_byline_or_credit_consistent_dates_and_no_counters(run, pages, corpus):
    from classifier.features.engagement_counters import EngagementCounters

    counters = EngagementCounters()
    _, manifest = run
    repubs = rows_of(manifest, kind="republication")
    assert len(repubs) >= 60
    for i, row in repubs.iterrows():
        page, article = pages[i], corpus.by_id[row["source_id"]].article
        text = page.visible_text
        if article.byline:
            assert article.byline.removeprefix("By ").strip() in text, row["path"]
        elif article.wire:
            assert any(w in text for w in ("Associated Press", "Reuters", "dpa", "AFP", article.wire))
        else:
            assert article.outlet in text or article.domain.removeprefix("www.") in text
        assert not COUNTER_WORDS.search(text)
        shell_page = corpus.by_id[row["shell_id"]].parsed()
        assert counters.extract(page)["n_counters"] <= counters.extract(shell_page)["n_counters"], row["path"]
        dates = {page.meta[k][:10] for k in ("article:published_time", "date", "pubdate", "dc.date")
                 if k in page.meta}
        assert len(dates) <= 1
        if article.date is not None and dates:
            gap = (pd.Timestamp(dates.pop()) - pd.Timestamp(article.date.date())).days
            assert 0 <= gap <= 2


def test_republication_related_lists_are_related(run, pages, corpus):
    from selectolax.lexbor import LexborHTMLParser

    _, manifest = run
    related_heads = {w for lang in WORDS["related"].values() for w in lang}
    headlines = {e.identity[0] for e in corpus.entries} - {""}
    checked = 0
    for i, row in rows_of(manifest, kind="republication").iterrows():
        article = corpus.by_id[row["source_id"]].article
        terms = key_terms(article.headline, article.paragraphs)
        for node in LexborHTMLParser(pages[i].source).css("h2, h3, h4, div, span"):
            if node.text().strip() not in related_heads or node.parent is None:
                continue
            items = [a.text().strip() for a in node.parent.css("a")]
            if len(items) >= 3 and set(items) <= headlines:         # a list of corpus headlines: ours
                assert all(len(content_words(item) & terms) >= 1 for item in items), items
                assert len(set(items)) == len(items)                # no repeats
                checked += 1
    assert checked >= 0.2 * len(rows_of(manifest, kind="republication"))


# --- splits -------------------------------------------------------------------------------------

def test_splits_share_no_article_and_no_site_and_lose_no_row(run):
    _, manifest = run
    assert (row_folds(manifest, 4, seed=0) >= 0).all()
    for seed in (0, 1):
        for train_idx, test_idx in kfold_splits(manifest, 4, seed):
            train, test = manifest.iloc[train_idx], manifest.iloc[test_idx]
            assert len(train) + len(test) == len(manifest)
            assert shared_groups(train, test) == {"articles": set(), "sites": set()}
    train, test = train_test_split(manifest, seed=2)
    assert len(test) > 0 and not set(train["source_id"]) & set(test["source_id"])


def test_the_project_site_folds_keep_every_simulator_row(run):
    from classifier.datasets import site_fold_splits

    _, manifest = run
    splits = site_fold_splits(manifest, n_folds=4, seed=0)
    covered = set().union(*(set(test) for _, test in splits))
    assert covered == set(range(len(manifest)))


def test_leave_one_style_out_never_trains_on_the_held_out_style(run):
    _, manifest = run
    seen = set()
    for style, _, train_idx, test_idx in leave_one_style_out(manifest, 3, seed=0):
        train, test = manifest.iloc[train_idx], manifest.iloc[test_idx]
        assert style not in set(train["style"])
        assert set(test.loc[test["label"] == "farm", "style"]) <= {style}
        assert shared_groups(train, test) == {"articles": set(), "sites": set()}
        seen.add(style)
    assert seen == set(available_styles())
