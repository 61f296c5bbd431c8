"""The extractor contract, checked for every registered extractor.

scikit-learn's check_estimator skips transformers whose input is not an
array, so the contract is spelled out here: unique names, shape, finite values
on degenerate pages, determinism, clone/get_params round trip, pickling.
"""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from sklearn.base import clone

from shared_paths import SAMPLES

from classifier.features import PageFeature, feature_set_version, registered_extractors
from classifier.parse import ParsedPage

EXTRACTORS = registered_extractors()

DEGENERATE_PAGES = {
    "empty_html": ParsedPage.from_html(""),
    "empty_text": ParsedPage.from_text(""),
    "only_whitespace": ParsedPage.from_html("   \n\t  "),
    "link_only": ParsedPage.from_html("<html><body>" + "".join(f"<a href='/{i}'>link number {i} here now</a>"
                                                               for i in range(50)) + "</body></html>"),
    "no_body_tags": ParsedPage.from_html("<title>Only a title</title>"),
    "garbage": ParsedPage.from_html("<<<>>>\x00\ufffd<p><p><div></span>"),
    "text_page": ParsedPage.from_text("Title line\n\nOne paragraph of words that goes on for a while here.\n"),
}


def test_at_least_the_seven_signals_of_the_core_issue_are_registered():
    names = {cls.name for cls in EXTRACTORS}
    assert {"link_density", "headline_lists", "engagement_counters", "title_navigation", "dates_bylines",
            "wire_copy", "text_statistics"} <= names


def test_column_names_are_unique_across_extractors():
    columns = [f"{cls.name}__{n}" for cls in EXTRACTORS for n in cls.feature_names]
    assert len(columns) == len(set(columns))
    assert len({cls.name for cls in EXTRACTORS}) == len(EXTRACTORS)


def test_feature_set_version_is_stable_within_a_process():
    assert feature_set_version() == feature_set_version()


@pytest.fixture(params=EXTRACTORS, ids=lambda cls: cls.name)
def extractor(request) -> PageFeature:
    return request.param()


def test_module_docstring_explains_the_signal(extractor):
    import sys

    doc = sys.modules[type(extractor).__module__].__doc__ or ""
    assert len(doc.split()) >= 40, "the module docstring must say what is measured, why, range and degenerate cases"


def test_declares_names(extractor):
    assert extractor.name and extractor.name.isidentifier()
    assert extractor.feature_names and len(set(extractor.feature_names)) == len(extractor.feature_names)


def test_farm_markers_are_declared_features(extractor):
    assert set(extractor.farm_markers) <= set(extractor.feature_names)


@pytest.mark.parametrize("page_name", sorted(DEGENERATE_PAGES))
def test_every_declared_feature_is_finite_on_degenerate_pages(extractor, page_name):
    values = extractor.extract(DEGENERATE_PAGES[page_name])
    assert set(values) == set(extractor.feature_names)
    assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in values.values())


def test_transform_shape_and_names(extractor):
    pages = list(DEGENERATE_PAGES.values())
    matrix = extractor.fit(pages).transform(pages)
    assert matrix.shape == (len(pages), len(extractor.feature_names))
    assert list(extractor.get_feature_names_out()) == [f"{extractor.name}__{n}" for n in extractor.feature_names]


def test_deterministic(extractor):
    html = (SAMPLES / "farm_cms_copy.html").read_text()
    first = extractor.extract(ParsedPage.from_html(html))
    second = extractor.extract(ParsedPage.from_html(html))
    assert first == second


def test_clone_and_params_round_trip(extractor):
    params = extractor.get_params()
    twin = clone(extractor)
    assert twin.get_params() == params
    assert type(twin) is type(extractor)
    twin.set_params(**params)


def test_pickles(extractor):
    twin = pickle.loads(pickle.dumps(extractor))
    page = DEGENERATE_PAGES["link_only"]
    assert twin.extract(page) == extractor.extract(page)


def test_reason_templates_name_declared_features(extractor):
    for feature in {**extractor.reason_templates, **extractor.counter_reason_templates}:
        assert feature in extractor.feature_names


def test_every_feature_has_plain_words_in_both_directions(extractor):
    """A score's reasons are read by analysts: a feature without a template
    would show up as 'dates bylines: caption missing = 0 lowers the score'."""
    missing = [(feature, direction) for feature in extractor.feature_names
               for direction, templates in (("farm", extractor.reason_templates),
                                            ("original", extractor.counter_reason_templates))
               if feature not in templates]
    assert missing == []
    page = DEGENERATE_PAGES["empty_html"]
    for feature in extractor.feature_names:
        for towards in (True, False):
            text = extractor.describe(page, feature, 3.0, towards_farm=towards)
            assert text and " = " not in text and "{" not in text and not text.endswith((":", "()")), (feature, towards, text)


def test_describe_never_raises_on_degenerate_pages(extractor):
    page = DEGENERATE_PAGES["empty_html"]
    for feature in extractor.feature_names:
        for towards in (True, False):
            assert isinstance(extractor.describe(page, feature, 1.0, towards_farm=towards), str)


def test_values_are_numbers_not_arrays(extractor):
    values = extractor.extract(DEGENERATE_PAGES["text_page"])
    assert not any(isinstance(v, np.ndarray) for v in values.values())
