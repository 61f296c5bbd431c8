"""Paths to the repository, ../shared and the shipped model, and skip markers
for tests that need them. Imported by tests as `from shared_paths import ...`
(a module of its own: conftest modules of sub-folders shadow each other)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONTENTFARM_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "data" / "samples"
DEFAULT_MODEL = REPO / "models" / "default"

needs_corpus = pytest.mark.skipif(not (CORPUS / "index.csv").exists(),
                                  reason=f"../shared/corpus is absent ({CORPUS}): real pages are not part of the repo")
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason=f"../shared/seeds is absent ({SEEDS})")
needs_default_model = pytest.mark.skipif(not (DEFAULT_MODEL / "model.json").exists(),
                                         reason="models/default is not built (run make model)")
