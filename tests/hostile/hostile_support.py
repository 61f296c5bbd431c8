"""Shared pieces of the hostile-input tests: a model built in about a second
and the strict per-page check.

The model is a real :class:`~classifier.model.FarmModel` (every registered
extractor, a calibrated gradient-boosting classifier made by
``build_classifier``) fitted on random feature rows: its scores mean nothing,
but it has exactly the types and code paths of a trained model, which is what
the time budget and the safe format are about.
"""

from __future__ import annotations

import functools
import math
import os
import re
import signal
import time

import numpy as np

from classifier.budget import FeatureTask
from classifier.features import PageFeature
from classifier.featurize import PageFeatures
from classifier.model import ISOTONIC_MIN_SAMPLES, FarmModel, build_classifier
from classifier.pages import Page, finish_page
from classifier.parse import ParsedPage
from classifier.score import features_batch

#: Boosting rounds of the quick model: enough for real trees, fast to fit.
QUICK_MODEL_ITERATIONS = 10

#: Every view of ParsedPage; parsing is total when all of them can be read.
VIEWS = ("meta", "canonical_url", "domain", "title", "h1", "site_name", "lines", "visible_text", "paragraphs",
         "main_text", "main_link_chars", "links", "link_text_chars", "link_lists", "breadcrumbs", "bylines",
         "captions", "time_values", "images", "html_chars")


#: A regular expression that backtracks for ever on its input, inside C code
#: that no Python signal can interrupt: a stand-in for an extractor stuck on
#: a hostile page (2**60 steps).
CATASTROPHIC = re.compile(r"(a+)+$")
CATASTROPHIC_INPUT = "a" * 60 + "!"


class HangingExtractor(PageFeature):
    """A test extractor that gets stuck in C code on pages whose title says HANG."""

    name = "hanging_test"
    feature_names = ("stuck",)

    def extract(self, page):
        if "HANG" in page.title:
            CATASTROPHIC.match(CATASTROPHIC_INPUT)
        return {"stuck": 0.0}


@functools.lru_cache(maxsize=None)
def quick_model(n_samples: int = ISOTONIC_MIN_SAMPLES, seed: int = 0, hanging: bool = False) -> FarmModel:
    """A FarmModel over random rows (isotonic calibration from ISOTONIC_MIN_SAMPLES
    rows on, sigmoid below, as in training); ``hanging`` adds HangingExtractor."""
    from threadpoolctl import threadpool_limits

    features = PageFeatures.default()
    if hanging:
        features = PageFeatures(features.extractors + [(HangingExtractor.name, HangingExtractor())])
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, len(features.feature_names)))
    y = (X[:, 0] + 0.5 * rng.normal(size=n_samples) > 0).astype(int)
    classifier = build_classifier(n_samples, seed=seed)
    classifier.set_params(estimator__max_iter=QUICK_MODEL_ITERATIONS)
    # One thread: OpenMP spinning on a shared two-core machine makes this fit 10x slower.
    with threadpool_limits(1):
        classifier.fit(X, y)
    return FarmModel(features=features, classifier=classifier, threshold=0.5,
                     typical_original=np.median(X[y == 0], axis=0), typical_farm=np.median(X[y == 1], axis=0),
                     card={"training_data": {"description": "random rows (test model)"}, "metrics": {}})


_STRICT = FeatureTask()
_STRICT.prepare()
_FEATURES = PageFeatures.default()


def page_from(body: bytes | str, kind: str = "html") -> Page:
    """A page as a reader would make it (empty and binary bodies become error rows)."""
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return finish_page(Page(input=f"<{kind}>", body=data, kind=kind))


def check_page(page: Page) -> None:
    """The hostile-input contract for one page, strictly:

    * the batch path (``features_batch``) gives one row: ``ok`` with a finite
      value in every column, or an error status with a message;
    * for a readable page, every ParsedPage view can be read, and every
      extractor's own ``extract`` (not the guarded ``extract_checked``) returns
      each declared feature as a finite number.
    """
    (row,) = features_batch(_FEATURES, [page])
    if row["status"] == "ok":
        values = [row[name] for name in _FEATURES.feature_names]
        assert all(isinstance(v, float) and math.isfinite(v) for v in values), row
    else:
        assert row["error"], row
    if not page.ok:
        return
    view = ParsedPage(page)
    for name in VIEWS:
        getattr(view, name)
    failure = _STRICT._check(ParsedPage, page)
    assert not failure, failure["error"]


#: What a ``bloat`` page allocates (bytes).
BLOAT_BYTES = 800 * 2**20


class MarkerTask:
    """A budget task whose pages act out their body: ``sleep`` overruns the
    page budget, ``crash`` kills the worker with SIGSEGV, ``bloat`` allocates
    far past a memory cap, ``slow-end`` overruns the model step of its chunk.
    Rows are ``(input, "ok")``."""

    def prepare(self) -> None:
        self.bloat = None

    def run(self, pages, on_page):
        for index, page in enumerate(pages):
            on_page(index)
            if page.body == b"sleep":
                time.sleep(600)
            elif page.body == b"crash":
                os.kill(os.getpid(), signal.SIGSEGV)
            elif page.body == b"bloat":
                self.bloat = bytearray(BLOAT_BYTES)
                self.bloat[::4096] = b"\x01" * len(range(0, BLOAT_BYTES, 4096))  # touch every page: resident
                time.sleep(600)
        on_page(len(pages))
        if any(page.body == b"slow-end" for page in pages):
            time.sleep(600)
        return [(page.input, "ok") for page in pages]

    def failed(self, page, status, error):
        return (page.input, status)


def marker_pages(*bodies: str) -> list[Page]:
    return [Page(input=f"{i}:{body}", body=body.encode()) for i, body in enumerate(bodies)]
