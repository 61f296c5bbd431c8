"""Shared fixtures: paths to ../shared, the shipped model, and a toy model
trained in seconds on generated pages (so tests never depend on the shipped
model's exact numbers unless they are about it)."""

from __future__ import annotations

import os

# Gradient boosting's OpenMP threads thrash on a busy 2-core machine (10-30x
# slower); tests train and score small models, one thread is fastest.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import pytest  # noqa: E402

from shared_paths import CORPUS, DEFAULT_MODEL, REPO, SAMPLES, SEEDS, SHARED  # noqa: F401


@pytest.fixture(scope="session")
def toy_model_dir(tmp_path_factory):
    """A small model trained on generated pages (see toy_pages)."""
    from classifier.model import save_model
    from classifier.train import train_model
    from toy_pages import write_toy_dataset

    folder = tmp_path_factory.mktemp("toy")
    frame = write_toy_dataset(folder / "pages", n_per_label=30, seed=3)
    model, _ = train_model(frame, seed=0)
    save_model(model, folder / "model")
    return folder / "model"


@pytest.fixture(scope="session")
def toy_labels(tmp_path_factory):
    """A labels CSV of generated pages (different seed from the toy model's)."""
    from toy_pages import write_toy_dataset

    folder = tmp_path_factory.mktemp("toy_labels")
    frame = write_toy_dataset(folder / "pages", n_per_label=12, seed=11)
    path = folder / "labels.csv"
    frame.drop(columns=["resolved_path"], errors="ignore").to_csv(path, index=False)
    return path
