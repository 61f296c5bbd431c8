"""The three notebooks: committed without outputs, parameters at the top,
only orchestration, and every one runs top to bottom on the toy model and
toy labels (offline, a fresh kernel on this interpreter)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from shared_paths import REPO
from nb_fixtures import grouped_labels  # noqa: F401  (a fixture)

NOTEBOOKS = REPO / "notebooks"
NAMES = ["01-evaluate-model.ipynb", "02-features.ipynb", "03-sites.ipynb"]
#: Seconds a cell may take on the toy set (generous: the machine is shared).
CELL_TIMEOUT = 300


def read(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_the_notebooks_are_the_three_numbered_in_reading_order():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_its_outputs_stripped(name):
    nb = read(name)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}: a code cell keeps outputs; strip them before committing"
            assert cell.execution_count is None, f"{name}: a code cell keeps its execution count"
        assert "attachments" not in cell or not cell.attachments
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("name", NAMES)
def test_parameters_cell_comes_first_and_names_model_and_labels(name):
    code = [cell for cell in read(name).cells if cell.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), f"{name}: the first code cell must be tagged parameters"
    assert "model_dir =" in code[0].source and "labels =" in code[0].source
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1


@pytest.mark.parametrize("name", NAMES)
def test_notebook_only_orchestrates_numbers_come_from_classifier(name):
    for cell in read(name).cells:
        if cell.cell_type != "code":
            continue
        for forbidden in ("def ", "class ", "lambda", "import sklearn", "from sklearn", "import numpy", "scipy"):
            assert forbidden not in cell.source, f"{name}: '{forbidden}' belongs in classifier/, not a notebook"
    sources = "\n".join(c.source for c in read(name).cells if c.cell_type == "code")
    assert "from classifier" in sources


def inject_parameters(nb, parameters: dict):
    """Insert a cell after the parameters cell that sets ``parameters`` (what
    papermill does, tagged the same way)."""
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "# Parameters\n" + "".join(f"{key} = {value!r}\n" for key, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)
    return nb


def kernel_manager(tmp_path: Path):
    """A kernel on this very interpreter, whatever kernels the user has installed.

    One OpenMP thread: on a shared 2-core machine, gradient boosting with a
    thread pool per tree ran 10-30 times slower than single-threaded."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    spec = tmp_path / "kernels" / "contentfarm-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "contentfarm tests", "language": "python", "env": {"OMP_NUM_THREADS": "1"}}))
    return KernelManager(kernel_name="contentfarm-test",
                         kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)]))


def execute(name: str, parameters: dict, tmp_path: Path):
    from nbclient import NotebookClient

    nb = inject_parameters(read(name), parameters)
    client = NotebookClient(nb, km=kernel_manager(tmp_path), timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return nb


def outputs_of(nb, kind: str) -> list:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if kind in data:
                found.append(data[kind])
            elif kind == "text/plain" and output.get("output_type") == "stream":
                found.append(output.get("text", ""))
    return found


@pytest.fixture(scope="module")
def executed(toy_model_dir, grouped_labels, tmp_path_factory):  # noqa: F811
    parameters = {"model_dir": str(toy_model_dir), "labels": str(grouped_labels)}
    run = {}
    for name, extra in zip(NAMES, ({"n_worst": 3}, {"n_repeats": 2, "top_features": 4}, {"max_sites": 12})):
        run[name] = execute(name, {**parameters, **extra}, tmp_path_factory.mktemp(name.split("-")[0]))
    return run


@pytest.mark.slow
def test_01_shows_curves_calibration_confusion_rates_and_the_worst_pages(executed):
    nb = executed["01-evaluate-model.ipynb"]
    # curves, calibration, confusion, 3 rate plots, recall plot, HTML against plain text
    assert len(outputs_of(nb, "image/png")) >= 8
    html = "\n".join(outputs_of(nb, "text/html"))
    for expected in ("ROC-AUC", "false-positive rate", "farm_share", "called farm", "false_positive_rate",
                     "scraper_blog", "republication", "farm probability", "typical original", "plain text"):
        assert expected in html, expected


@pytest.mark.slow
def test_02_shows_distributions_correlations_importance_and_partial_dependence(executed):
    nb = executed["02-features.ipynb"]
    assert len(outputs_of(nb, "image/png")) >= 4
    html = "\n".join(outputs_of(nb, "text/html"))
    for expected in ("auc alone", "other feature", "importance", "engagement_counters__"):
        assert expected in html, expected


@pytest.mark.slow
def test_03_gives_site_verdicts_beside_the_truth(executed):
    nb = executed["03-sites.ipynb"]
    assert len(outputs_of(nb, "image/png")) >= 2
    html = "\n".join(outputs_of(nb, "text/html"))
    assert "farm_site_probability" in html and "true site" in html
    plain = "\n".join(outputs_of(nb, "text/plain"))
    assert "'uncertain'" in plain  # the verdict counts


def test_papermill_puts_its_parameters_right_after_the_parameters_cell():
    parameterize = pytest.importorskip("papermill.parameterize", reason="papermill is not installed")
    from papermill.iorw import load_notebook_node

    nb = parameterize.parameterize_notebook(load_notebook_node(str(NOTEBOOKS / NAMES[0])), {"labels": "x.csv"})
    tags = [c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in tags[0] and "injected-parameters" in tags[1]
    assert "labels = \"x.csv\"" in nb.cells[[c.cell_type for c in nb.cells].index("code") + 1].source
