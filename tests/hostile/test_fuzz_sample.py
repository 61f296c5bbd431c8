"""A small sample of ``make fuzz`` (bench/fuzz.py) in every test run.

The full run mutates 10,000 corpus pages; here 40 cases (a mix of mutated
corpus pages and generated ones, or only generated ones without the corpus)
must give zero crashes, and every case must be rebuildable from its number.
"""

from __future__ import annotations

import importlib.util
import random

import pytest
from shared_paths import CORPUS, REPO

SAMPLE_CASES = 40
#: A seed different from make fuzz's default, so the sample adds cases.
SAMPLE_SEED = 20


def load_fuzz():
    spec = importlib.util.spec_from_file_location("contentfarm_fuzz", REPO / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = load_fuzz()


def test_a_sample_of_the_fuzz_run_has_no_crash():
    result = fuzz.run(SAMPLE_CASES, seed=SAMPLE_SEED, workers=1, corpus=CORPUS)
    assert result["pages"] == SAMPLE_CASES
    assert result["crashes"] == [], fuzz.report(result)
    assert sum(result["statuses"].values()) == SAMPLE_CASES


def test_every_case_is_rebuilt_identically_from_its_seed_and_number():
    paths = fuzz.corpus_paths(CORPUS)
    for case in (0, 9, 31):
        first, again = fuzz.make_case(3, case, paths), fuzz.make_case(3, case, paths)
        assert (first.input, first.body, first.kind) == (again.input, again.body, again.kind)
    assert fuzz.make_case(3, 0, paths).body != fuzz.make_case(4, 0, paths).body


@pytest.mark.parametrize("name", sorted(fuzz.MUTATIONS))
def test_each_mutation_changes_a_page_and_keeps_it_bytes(name):
    body = b"<html><head><meta charset='utf-8'><title>A page</title></head><body>" + \
        b"".join(b"<p>Paragraph %d with some words.</p>" % i for i in range(50)) + b"</body></html>"
    changed = [fuzz.MUTATIONS[name](random.Random(seed), body) for seed in range(20)]
    assert all(isinstance(c, bytes) for c in changed)
    assert any(c != body for c in changed)


@pytest.mark.parametrize("kind", fuzz.GENERATED_KINDS)
def test_each_kind_of_made_up_page_is_generated(kind):
    description, body, page_kind = fuzz.generated(random.Random(1), kind)
    assert description == f"generated:{kind}" and body and page_kind == ("text" if kind == "text" else "html")


@pytest.mark.skipif(not (CORPUS / "index.csv").exists(), reason="../shared/corpus is absent: only generated cases")
def test_most_cases_are_mutated_corpus_pages_read_in_place():
    paths = fuzz.corpus_paths(CORPUS)
    inputs = [fuzz.make_case(0, case, paths).input for case in range(30)]
    assert sum("generated:" in name for name in inputs) == 30 // fuzz.GENERATED_EVERY
    assert all(path.is_relative_to(CORPUS) for path in paths)
