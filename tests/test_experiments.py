"""The honest-evaluation helpers: plain-text renditions and out-of-fold twins."""

from __future__ import annotations

import numpy as np
import pandas as pd

from classifier.experiments import SITE_FOLDS, out_of_fold
from classifier.featurize import PageFeatures
from classifier.parse import ParsedPage
from classifier.render import html_to_text

PAGE = """<html><head><title>Harbour budget approved | Harbour Herald</title>
<meta name="author" content="Ada Lane"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour budget approved</h1>
<p>The council approved the harbour budget on Monday after a long debate about the cost of the repairs, the ferry landing and the fees that fishing boats pay to moor in the old basin.</p>
<p>Repairs to the <a href="/wall">sea wall</a> start in spring, the harbour master said, and the work should be done before the summer ferries begin to run to the islands again.</p></article>
<aside><h3>Most read</h3><ul><li><a href="/a">Ferry landing plan goes to a vote</a></li>
<li><a href="/b">Sea wall repairs to start in spring</a></li></ul></aside></body></html>"""


def test_the_plain_text_rendition_keeps_what_a_reader_sees_and_drops_the_markup():
    page = ParsedPage.from_html(PAGE, url="https://harbour.example/news/budget")
    text = html_to_text(page)
    assert "<" not in text and "href" not in text
    assert text.splitlines()[0] == "Harbour budget approved | Harbour Herald"
    again = ParsedPage.from_text(text, url="https://harbour.example/news/budget")
    assert again.title == page.title
    assert "The council approved the harbour budget on Monday" in again.main_text
    # a paragraph split by an inline link comes out whole
    assert "Repairs to the sea wall start in spring, the harbour master said" in again.main_text
    assert "Ferry landing plan goes to a vote" in text
    # what only the markup said is gone: the meta author and the inline link
    assert "Ada Lane" not in text and again.main_link_chars == 0


def _toy_manifest(n_sites: int = 24, pages_per_site: int = 6, seed: int = 3):
    rng = np.random.default_rng(seed)
    width = len(PageFeatures.default().feature_names)
    rows, X, y = [], [], []
    for site in range(n_sites):
        for page in range(pages_per_site):
            label = (site + page) % 2
            rows.append({"source_domain": f"site{site}.example", "shell_domain": "", "label": label})
            X.append(rng.normal(size=width) + 1.5 * label)
            y.append(label)
    return pd.DataFrame(rows), np.asarray(X), np.asarray(y)


def test_twins_are_scored_by_the_fold_model_that_scores_their_row():
    frame, X, y = _toy_manifest()
    rows = np.arange(0, len(y), 5)
    p, p_twin = out_of_fold(X, y, frame, seed=0, twins=(X[rows], rows))
    # a twin identical to its row gets the very same out-of-fold score
    assert np.allclose(p_twin, p[rows], equal_nan=True)
    assert not np.isnan(p_twin).all()
    # an unusable twin (NaN features) is left unscored, not guessed
    broken = X[rows].copy()
    broken[0, 0] = np.nan
    _, p_broken = out_of_fold(X, y, frame, seed=0, twins=(broken, rows))
    assert np.isnan(p_broken[0]) and np.allclose(p_broken[1:], p_twin[1:], equal_nan=True)
    assert SITE_FOLDS >= 2
