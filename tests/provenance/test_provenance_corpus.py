"""Provenance on the seed pages and on real corpus pages (read in place; skipped when ../shared is absent)."""

from __future__ import annotations

import pytest
from shared_paths import CORPUS, SEEDS, needs_corpus, needs_seeds

from classifier.pages import Page, read_file_page
from classifier.provenance import annotate, build_index, read_dates

ORIGINAL_SEED = "000_cb80cc104f090b56.txt"
FARM_SEED = "001_6590402504eff1c4.txt"
#: An address for the original seed, which is plain text without one.
SEED_URL = "https://apnews.com/article/north-korea-russia-lavrov-choe-moscow-talks"


@needs_seeds
@pytest.mark.parametrize("as_html", [False, True])
def test_farm_seed_is_a_copy_of_the_original_seed_published_15_months_earlier(tmp_path, as_html):
    from classifier.render import text_to_html

    original = read_file_page(SEEDS / ORIGINAL_SEED)
    original.url = SEED_URL
    index, counts = build_index(tmp_path / "idx", [original])
    assert counts["added"] == 1
    farm = read_file_page(SEEDS / FARM_SEED)
    if as_html:
        farm = Page.from_html(text_to_html(farm.decoded()), input=FARM_SEED)
    (row,) = annotate(index, [farm])
    assert row["copied_from"] == SEED_URL
    # The farm seed keeps every story paragraph and drops the byline and the caption.
    assert row["copy_containment"] == 1.0
    # Posted January 16, 2024 (original) against Date:2025-04-26 (farm): 466 days.
    assert row["original_published"] == "2024-01-16"
    assert row["published_earlier_elsewhere"] is True
    assert row["provenance_reason"].endswith("published 15 months earlier")
    assert row["provenance_reason"].startswith("100% of the text appears in apnews.com/article/")


@needs_seeds
def test_dates_file_gives_the_date_of_a_page_that_shows_none(tmp_path):
    dates = tmp_path / "dates.csv"
    dates.write_text(f"url,date\n{SEED_URL},2023-12-01\n", encoding="utf-8")
    original = read_file_page(SEEDS / ORIGINAL_SEED)
    original.url = SEED_URL
    index, _ = build_index(tmp_path / "idx", [original], dates=read_dates(dates))
    (row,) = annotate(index, [read_file_page(SEEDS / FARM_SEED)])
    assert row["original_published"] == "2023-12-01"


@needs_corpus
@pytest.mark.slow
def test_simulated_copies_of_real_pages_are_found_and_held_out_pages_are_not(tmp_path):
    from classifier.provenance.measure import run

    result = run(CORPUS, seed=1, n_copies=12, limit=160, log=lambda message: None)
    measured = result["index"]
    assert result["indexed"] > 50 and result["held_out"] > 20
    # Edits that keep the text verbatim must be found nearly always ...
    for scenario in ("verbatim in a farm template", "headline rewritten", "first half kept"):
        assert measured["recall"][scenario] >= 0.9, (scenario, measured["recall"])
    # ... heavy spinning must not (the text no longer holds the original's phrases) ...
    assert measured["recall"]["spun 30%"] <= 0.2
    # ... and real originals of other sites are almost never called copies.
    assert measured["false_positive_rate"] <= 0.05
    assert measured["wrong_original"] == 0
