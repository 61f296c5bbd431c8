"""ParsedPage.drop_tree: a page that lets its HTML tree go keeps every view.

The scorer drops each page's tree right after its features, so the reasons
that come later must see exactly the views (and evidence) they would have
seen with the tree kept.
"""

from __future__ import annotations

import csv
import gzip
import random
from functools import cached_property

import pytest

from classifier.model import load_model
from classifier.pages import Page, finish_page
from classifier.parse import ParsedPage
from classifier.reasons import contributions, reasons_for
from classifier.score import score_batch
from shared_paths import CORPUS, DEFAULT_MODEL, needs_corpus, needs_default_model
from toy_pages import farm_page, original_page

#: Real pages compared: enough for pages with and without dates, bylines and lists.
CORPUS_PAGES = 60

VIEWS = [name for name, value in vars(ParsedPage).items() if isinstance(value, cached_property)]


def toy_pages() -> list[Page]:
    rng = random.Random(3)
    made = [original_page(rng) for _ in range(3)] + [farm_page(rng) for _ in range(3)]
    return [Page.from_html(html, url=url) for html, url in made] + [
        Page.from_text("A headline\nBy Jane Doe\n" + "Words of the story go here today. " * 8),
        Page.from_html("<html><body></body></html>"),
        Page.from_html("<p>no body tag, " + "a sentence of prose " * 10 + "</p>"),
    ]


def corpus_pages() -> list[Page]:
    with open(CORPUS / "index.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))[:CORPUS_PAGES]
    pages = []
    for row in rows:
        with gzip.open(CORPUS / row["path"], "rb") as stream:
            pages.append(finish_page(Page(input=row["path"], url=row["url"], body=stream.read())))
    return [page for page in pages if page.ok]


def assert_views_survive(page: Page) -> None:
    kept, dropped = ParsedPage(page), ParsedPage(page)
    dropped.drop_tree()
    assert dropped._tree is None
    assert "_body" not in vars(dropped) and "_anchors" not in vars(dropped)
    for view in VIEWS:
        if view in ("_body", "_anchors"):  # lexbor nodes: what drop_tree exists to let go
            continue
        assert getattr(dropped, view) == getattr(kept, view), (page.input, view)


def test_toy_pages_keep_every_view_without_their_tree():
    for page in toy_pages():
        assert_views_survive(page)


@needs_corpus
def test_real_pages_keep_every_view_without_their_tree():
    for page in corpus_pages():
        assert_views_survive(page)


@needs_corpus
@needs_default_model
def test_scored_reasons_match_reasons_from_pages_that_kept_their_tree():
    model = load_model(DEFAULT_MODEL)
    pages = corpus_pages()
    scores = score_batch(model, pages)
    views = [ParsedPage(page) for page in pages]
    X = model.features.transform(views)
    is_farm = model.predict_proba(X) >= model.threshold
    contribution = contributions(model, X, is_farm)
    expected = [reasons_for(model, view, contribution[row], X[row], bool(is_farm[row]))
                for row, view in enumerate(views)]
    assert [score.reasons for score in scores] == expected
    assert any(score.reasons for score in scores)


def test_a_page_without_a_tree_can_drop_it_twice():
    view = ParsedPage(Page.from_text("just text"))
    view.drop_tree()
    view.drop_tree()
    assert view.lines == ["just text"]


@pytest.mark.parametrize("html", ["", "<html>", "\x00\x00<p>odd</p>"])
def test_odd_html_survives_a_dropped_tree(html):
    assert_views_survive(Page.from_html(html))
