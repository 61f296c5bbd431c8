"""Models that travel: the skops format loads only allowlisted types.

(The tampered-joblib refusal is tested in tests/test_model.py.)
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import skops.io as sio
from click.testing import CliRunner
from hostile_support import quick_model
from shared_paths import SAMPLES

from classifier.cli import main
from classifier.model import FarmModel, ModelError, load_model, save_model
from classifier.pages import read_pages
from classifier.safe_model import (CARD_MEMBER, SCHEMA_MEMBER, allowed_types, export_model, inspect_model,
                                   load_any_model, load_safe_model)
from classifier.score import score_batch


class Smuggled:
    """A type no contentfarm model holds."""

    def __init__(self):
        self.payload = "anything"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("joblib_model")
    save_model(quick_model(), folder)
    return folder


@pytest.fixture(scope="module")
def exported(model_dir, tmp_path_factory) -> Path:
    return export_model(model_dir, tmp_path_factory.mktemp("skops") / "model.skops")


def rewrite_member(source: Path, target: Path, name: str, change) -> Path:
    """A copy of the zip ``source`` with member ``name`` passed through ``change``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == name else data)
    return target


def forge(schema: bytes, old_class: str, module: str, name: str) -> bytes:
    """The schema with the first node of class ``old_class`` renamed ``module.name``."""
    tree = json.loads(schema)
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("__class__") == old_class:
                node["__module__"], node["__class__"] = module, name
                return json.dumps(tree).encode()
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise AssertionError(f"no {old_class} in the schema")


def test_skops_round_trip_scores_exactly_like_the_joblib_model(model_dir, exported):
    pages = list(read_pages([str(SAMPLES)]))
    trusted = score_batch(load_model(model_dir), pages)
    safe_model = load_safe_model(exported)
    assert isinstance(safe_model, FarmModel)
    travelled = score_batch(safe_model, pages)
    assert [(s.farm_probability, s.label, s.reasons) for s in travelled] == \
        [(s.farm_probability, s.label, s.reasons) for s in trusted]
    assert safe_model.card["format"] == "skops"
    assert safe_model.card["feature_names"] == safe_model.feature_names
    assert "model_sha256" not in safe_model.card, "the joblib checksum does not describe the .skops file"


def test_an_exported_file_holds_no_pickle_and_its_card_is_plain_json(exported):
    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        card = json.loads(archive.read(CARD_MEMBER))
    assert SCHEMA_MEMBER in names and not any(n.endswith((".pkl", ".pickle", ".joblib")) for n in names)
    assert card["threshold"] == quick_model().threshold


def test_a_skops_file_with_a_foreign_type_is_refused_naming_the_type(exported, tmp_path):
    model = quick_model()
    smuggling = FarmModel(features=model.features, classifier=model.classifier, threshold=model.threshold,
                          typical_original=model.typical_original, typical_farm=model.typical_farm,
                          card={"note": Smuggled()})
    path = tmp_path / "smuggling.skops"
    sio.dump(smuggling, path)
    with zipfile.ZipFile(exported) as archive, zipfile.ZipFile(path, "a") as target:
        target.writestr(CARD_MEMBER, archive.read(CARD_MEMBER))
    with pytest.raises(ModelError, match=r"not on contentfarm's allowlist: test_safe_model\.Smuggled"):
        load_safe_model(path)


def test_a_schema_edited_to_name_os_system_is_refused_before_anything_is_built(exported, tmp_path, monkeypatch):
    path = rewrite_member(exported, tmp_path / "forged.skops", SCHEMA_MEMBER,
                          lambda schema: forge(schema, "WireCopy", "os", "system"))
    built = []
    monkeypatch.setattr(sio, "load", lambda *a, **k: built.append(a))
    with pytest.raises(ModelError, match=r"allowlist: os\.system\."):
        load_safe_model(path)
    assert not built, "refused before skops built a single object"


def test_a_file_whose_root_is_not_a_farm_model_is_refused(exported, tmp_path):
    path = tmp_path / "dict.skops"
    sio.dump({"threshold": 0.5}, path)
    with zipfile.ZipFile(exported) as archive, zipfile.ZipFile(path, "a") as target:
        target.writestr(CARD_MEMBER, archive.read(CARD_MEMBER))
    with pytest.raises(ModelError, match="not a contentfarm model"):
        load_safe_model(path)


def test_a_skops_file_from_another_feature_set_is_refused(exported, tmp_path):
    def age(card: bytes) -> bytes:
        data = json.loads(card)
        data["feature_set_version"] = "0-000000000000"
        return json.dumps(data).encode()

    path = rewrite_member(exported, tmp_path / "old.skops", CARD_MEMBER, age)
    with pytest.raises(ModelError, match="feature set 0-000000000000"):
        load_safe_model(path)


def test_files_that_are_not_skops_models_give_a_clear_error(tmp_path, exported):
    not_zip = tmp_path / "notes.skops"
    not_zip.write_text("just text")
    with pytest.raises(ModelError, match="not a .skops model file"):
        load_safe_model(not_zip)
    no_card = tmp_path / "nocard.skops"
    sio.dump(quick_model(), no_card)
    with pytest.raises(ModelError, match="no model.json"):
        load_safe_model(no_card)
    with pytest.raises(ModelError, match="no model file"):
        load_safe_model(tmp_path / "missing.skops")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    import classifier.safe_model as safe_model

    path = tmp_path / "bomb.skops"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SCHEMA_MEMBER, b" " * (2 * 2**20))
    monkeypatch.setattr(safe_model, "MAX_UNPACKED_BYTES", 2**20)
    with pytest.raises(ModelError, match="unpacks to 2 MB"):
        load_safe_model(path)


def test_inspect_lists_card_features_and_types_without_building_anything(exported, tmp_path, monkeypatch):
    forged = rewrite_member(exported, tmp_path / "forged.skops", SCHEMA_MEMBER,
                            lambda schema: forge(schema, "WireCopy", "builtins", "eval"))
    monkeypatch.setattr(sio, "load", lambda *a, **k: pytest.fail("inspect must not load the model"))
    good = inspect_model(exported)
    assert good["loadable"] and good["foreign_types"] == []
    assert good["feature_names"] == quick_model().feature_names
    assert "classifier.model.FarmModel" in good["types"] and set(good["untrusted_types"]) <= allowed_types()
    bad = inspect_model(forged)
    assert bad["foreign_types"] == ["builtins.eval"] and not bad["loadable"]


def test_load_any_model_takes_a_folder_or_a_skops_file(model_dir, exported):
    assert load_any_model(model_dir).card.get("model_sha256")
    assert load_any_model(exported).card["format"] == "skops"


def test_cli_exports_inspects_and_scores_with_a_skops_file(model_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "shared.skops"
    result = runner.invoke(main, ["model", "export", str(model_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["model", "export", str(model_dir), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    shown = runner.invoke(main, ["model", "inspect", str(out)])
    assert shown.exit_code == 0, shown.output
    assert "classifier.model.FarmModel" in shown.output and "loadable: yes" in shown.output
    assert "link_density__" in shown.output
    as_json = runner.invoke(main, ["model", "inspect", str(out), "--json"])
    assert json.loads(as_json.output)["format"] == "skops"
    scored = runner.invoke(main, ["score", str(SAMPLES / "original_local_news.html"), "--model", str(out),
                                  "--format", "jsonl", "--quiet"])
    assert scored.exit_code == 0, scored.output
    row = json.loads(scored.output.strip().splitlines()[-1])
    assert row["status"] == "ok" and 0 <= row["farm_probability"] <= 1


def test_cli_inspect_of_a_forged_file_marks_the_foreign_type_and_exits_1(exported, tmp_path):
    forged = rewrite_member(exported, tmp_path / "forged.skops", SCHEMA_MEMBER,
                            lambda schema: forge(schema, "WireCopy", "os", "system"))
    result = CliRunner().invoke(main, ["model", "inspect", str(forged)])
    assert result.exit_code == 1
    assert "! os.system" in result.output and "loadable: NO" in result.output


def test_export_keeps_the_card_readable_by_humans(exported):
    card = json.load(io.TextIOWrapper(zipfile.ZipFile(exported).open(CARD_MEMBER), encoding="utf-8"))
    assert card["skops_version"] and card["exported_from_sha256"]
