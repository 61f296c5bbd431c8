"""The index on disk: empty, persistence, append, reload, damage, locking."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from classifier.pages import Page
from classifier.parse import ParsedPage
from classifier.provenance import ProvenanceIndex, ProvenanceIndexError, add_pages, annotate, build_index, \
    document_text
from provenance_articles import BRIDGE, BRIDGE_HEADLINE, ORCHARD, ORCHARD_HEADLINE, page_html

BRIDGE_URL = "https://www.millbrook-gazette.example/news/bridge"
ORCHARD_URL = "https://valley-times.example/farming/frost"


def bridge_page():
    return Page.from_html(page_html(BRIDGE, BRIDGE_HEADLINE, BRIDGE_URL, published="2024-03-05"))


def orchard_page():
    return Page.from_html(page_html(ORCHARD, ORCHARD_HEADLINE, ORCHARD_URL, published="2023-05-02"))


def bridge_shingles():
    return document_text(ParsedPage(bridge_page())).shingles


def test_empty_index_finds_nothing_and_annotates_empty_columns(tmp_path):
    index = ProvenanceIndex.create(tmp_path / "idx")
    assert len(index) == 0
    assert index.query(bridge_shingles()) == []
    (row,) = annotate(index, [bridge_page()])
    assert row == {"copied_from": "", "copy_containment": 0.0, "original_published": "",
                   "published_earlier_elsewhere": None, "same_site_match": "", "provenance_reason": ""}
    reopened = ProvenanceIndex.open(tmp_path / "idx")
    assert len(reopened) == 0 and reopened.info()["documents"] == 0


def test_query_with_no_shingles_is_empty(tmp_path):
    index, _ = build_index(tmp_path / "idx", [bridge_page()])
    assert index.query(np.empty(0, dtype=np.uint32)) == []


def test_index_persists_and_reloads_the_same_answers(tmp_path):
    index, counts = build_index(tmp_path / "idx", [bridge_page(), orchard_page()])
    assert counts == {"added": 2, "skipped_known": 0, "skipped_empty": 0}
    before = index.query(bridge_shingles())
    reopened = ProvenanceIndex.open(tmp_path / "idx")
    after = reopened.query(bridge_shingles())
    assert [(m.url, m.containment, m.shared) for m in after] == [(m.url, m.containment, m.shared) for m in before]
    assert after[0].url == BRIDGE_URL and after[0].containment == 1.0
    assert after[0].published == dt.date(2024, 3, 5)


def test_append_adds_documents_and_skips_known_urls(tmp_path):
    build_index(tmp_path / "idx", [bridge_page()])
    index = ProvenanceIndex.open(tmp_path / "idx")
    counts = add_pages(index, [bridge_page(), orchard_page(), orchard_page()])
    assert counts == {"added": 1, "skipped_known": 2, "skipped_empty": 0}
    reopened = ProvenanceIndex.open(tmp_path / "idx")
    assert len(reopened) == 2
    orchard = document_text(ParsedPage(orchard_page())).shingles
    assert reopened.query(orchard)[0].url == ORCHARD_URL
    assert reopened.query(bridge_shingles())[0].url == BRIDGE_URL


def test_pages_without_article_text_are_skipped(tmp_path):
    empty = Page.from_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", url="https://x.example/")
    _, counts = build_index(tmp_path / "idx", [empty])
    assert counts == {"added": 0, "skipped_known": 0, "skipped_empty": 1}


def test_unreadable_pages_are_reported_not_raised(tmp_path):
    failures = []
    _, counts = build_index(tmp_path / "idx", [Page.failed("gone.html", "read_error", "no such file"), bridge_page()],
                            failures=failures)
    assert counts["added"] == 1 and failures == [("gone.html", "no such file")]


def test_info_states_the_size(tmp_path):
    index, _ = build_index(tmp_path / "idx", [bridge_page(), orchard_page()])
    info = index.info()
    assert info["documents"] == 2 and info["sites"] == 2
    assert info["shingles"] == sum(len(document_text(ParsedPage(p())).shingles) for p in (bridge_page, orchard_page))
    assert info["with_publication_date"] == 2
    assert (info["published_from"], info["published_to"]) == ("2023-05-02", "2024-03-05")
    assert info["disk_bytes"] > 4 * info["shingles"]


def test_create_refuses_to_replace_an_index_without_force(tmp_path):
    build_index(tmp_path / "idx", [bridge_page()])
    with pytest.raises(ProvenanceIndexError, match="already holds an index"):
        ProvenanceIndex.create(tmp_path / "idx")
    assert len(ProvenanceIndex.create(tmp_path / "idx", force=True)) == 0


def test_opening_a_folder_without_an_index_says_so(tmp_path):
    with pytest.raises(ProvenanceIndexError, match="no provenance index"):
        ProvenanceIndex.open(tmp_path)


def test_opening_another_format_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(ProvenanceIndexError, match="not a provenance index"):
        ProvenanceIndex.open(tmp_path)


def test_truncated_data_file_is_reported_as_damage(tmp_path):
    build_index(tmp_path / "idx", [bridge_page()])
    with open(tmp_path / "idx" / "shingles.u32", "r+b") as stream:
        stream.truncate(8)
    with pytest.raises(ProvenanceIndexError, match="damaged"):
        ProvenanceIndex.open(tmp_path / "idx")


def test_leftovers_of_an_interrupted_append_are_ignored_and_overwritten(tmp_path):
    build_index(tmp_path / "idx", [bridge_page()])
    # An append that died after writing data but before the manifest.
    for name in ("docs.jsonl", "shingles.u32", "ends.u64", "docs.offsets"):
        with open(tmp_path / "idx" / name, "ab") as stream:
            stream.write(b"\x07" * 24)
    index = ProvenanceIndex.open(tmp_path / "idx")
    assert len(index) == 1 and index.query(bridge_shingles())[0].url == BRIDGE_URL
    add_pages(index, [orchard_page()])
    reopened = ProvenanceIndex.open(tmp_path / "idx")
    assert [m["url"] for m in reopened.iter_meta()] == [BRIDGE_URL, ORCHARD_URL]
    orchard = document_text(ParsedPage(orchard_page())).shingles
    assert reopened.query(orchard)[0].containment == 1.0


def test_a_second_writer_is_refused_while_one_holds_the_lock(tmp_path):
    import fcntl

    index, _ = build_index(tmp_path / "idx", [bridge_page()])
    with open(tmp_path / "idx" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(ProvenanceIndexError, match="another process"):
            add_pages(index, [orchard_page()])
    assert add_pages(index, [orchard_page()])["added"] == 1


def test_sample_every_must_be_a_power_of_two(tmp_path):
    with pytest.raises(ProvenanceIndexError, match="power of two"):
        ProvenanceIndex.create(tmp_path / "idx", sample_every=6)


def test_index_params_are_used_for_queries(tmp_path):
    # An index built with 5-word shingles must be queried with 5-word shingles.
    index = ProvenanceIndex.create(tmp_path / "idx", shingle_words=5)
    add_pages(index, [bridge_page()])
    reopened = ProvenanceIndex.open(tmp_path / "idx")
    assert reopened.shingle_words == 5
    copy = Page.from_html(page_html(BRIDGE, "A new headline", "https://farm.example/1"))
    (row,) = annotate(reopened, [copy])
    assert row["copied_from"] == BRIDGE_URL and row["copy_containment"] == 1.0
