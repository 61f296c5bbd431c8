"""Quality gate for the shipped model (after trafilatura's evaluation gate).

The simulator is rerun from ../shared/corpus with the pinned seed, split by
site exactly as `make model` does, and the shipped model is evaluated on the
held-out split. The split's checksum must equal the pinned one (so the gate
measures the same pages every time), and the metrics must stay at or above the
floors in models/default/quality_gate.json. Lowering a floor is an explicit,
explained change in that file.
"""

from __future__ import annotations

import json

import pytest
from shared_paths import CORPUS, DEFAULT_MODEL, needs_corpus, needs_default_model

GATE_FILE = DEFAULT_MODEL / "quality_gate.json"


@pytest.fixture(scope="module")
def gate():
    return json.loads(GATE_FILE.read_text())


@pytest.fixture(scope="module")
def evaluation_split(tmp_path_factory, gate):
    from classifier.experiments import holdout_split
    from classifier.synth import synthesize

    out = tmp_path_factory.mktemp("gate_synth")
    manifest = synthesize(CORPUS, out, seed=gate["seed"])
    manifest["path"] = [p if p.startswith("/") else str(out / p) for p in manifest["path"].astype(str)]
    _, evaluation = holdout_split(manifest.astype(str), gate["seed"])
    return evaluation


@needs_corpus
@needs_default_model
@pytest.mark.slow
def test_the_evaluation_split_is_the_pinned_one(evaluation_split, gate):
    from classifier.experiments import manifest_checksum

    assert manifest_checksum(evaluation_split) == gate["evaluation_checksum"], (
        "the simulator or the split changed: re-pin quality_gate.json with `make model` and explain why")


@needs_corpus
@needs_default_model
@pytest.mark.slow
def test_shipped_model_stays_above_the_pinned_floors(evaluation_split, gate):
    from classifier.datasets import labelled_pages
    from classifier.evaluate import evaluate_scored, score_labelled
    from classifier.model import load_model

    model = load_model(DEFAULT_MODEL)
    frame = evaluation_split.copy()
    frame["resolved_path"] = frame["path"]
    metrics = evaluate_scored(score_labelled(model, frame, labelled_pages(frame)), model.threshold)
    print("\nquality gate:", json.dumps({k: metrics[k] for k in ("n", "roc_auc", "pr_auc", "recall",
                                                                 "false_positive_rate")}))
    floors = gate["floors"]
    assert metrics["n_errors"] == 0
    assert metrics["roc_auc"] >= floors["roc_auc"]
    assert metrics["pr_auc"] >= floors["pr_auc"]
    assert metrics["recall"] >= floors["recall"]
    assert metrics["false_positive_rate"] <= floors["max_false_positive_rate"]


@needs_corpus
@needs_default_model
@pytest.mark.slow
def test_shipped_model_holds_plain_text_pages_to_their_floors(evaluation_split, gate):
    """The same held-out pages given as plain text (what a user pastes, or the
    seeds): the markup evidence is gone, the text threshold keeps false
    positives on originals as rare."""
    import numpy as np

    from classifier.datasets import labelled_pages
    from classifier.evaluate import metrics_at
    from classifier.model import load_model
    from classifier.render import plain_text_page
    from classifier.score import score_pages

    model = load_model(DEFAULT_MODEL)
    frame = evaluation_split.copy()
    frame["resolved_path"] = frame["path"]
    texts = (plain_text_page(page) for page in labelled_pages(frame))
    scores = list(score_pages(model, texts, with_reasons=False))
    assert all(s.status == "ok" for s in scores)
    y = (frame["label"] == "farm").to_numpy().astype(int)
    metrics = metrics_at(y, np.array([s.farm_probability for s in scores]), model.threshold)
    print("\nquality gate, plain text:", json.dumps({k: metrics[k] for k in ("n", "roc_auc", "recall",
                                                                            "false_positive_rate")}))
    floors = gate["floors_plain_text"]
    assert metrics["roc_auc"] >= floors["roc_auc"]
    assert metrics["recall"] >= floors["recall"]
    assert metrics["false_positive_rate"] <= floors["max_false_positive_rate"]
