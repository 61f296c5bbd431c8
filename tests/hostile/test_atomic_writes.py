"""Writes that cannot be half-done: models, outputs, a full disk, a kill.

A model folder is replaced file by file with the card as the commit point (see
``save_model``); each window between the steps is tested by failing the next
step, and a subprocess that saves a large model over and over is SIGKILLed
at random moments: the folder must always load, as the old model or the new.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_support import quick_model
from shared_paths import REPO, SAMPLES

import classifier.atomic as atomic
import classifier.model as model_module
from classifier.atomic import NEW_FILE_MODE, STALE_TEMP_SECONDS, AtomicFile, DiskFullError, atomic_write_bytes
from classifier.cli import main
from classifier.model import CARD_FILE, MODEL_FILE, NEXT_SUFFIX, load_model, save_model
from classifier.outputs import RowWriter, resume_source

ROWS = [{"input": f"page{i}.html", "status": "ok", "farm_probability": i / 10, "reasons": ["a", "b"]}
        for i in range(5)]


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def saved(folder: Path, threshold: float) -> Path:
    model = quick_model()
    model.threshold = threshold
    try:
        save_model(model, folder, force=True)
    finally:
        model.threshold = 0.5
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- a model folder, step by step -----------------------------------------------------

def test_a_crash_while_writing_the_new_model_file_leaves_the_old_model(tmp_path, monkeypatch):
    saved(tmp_path, 0.61)
    monkeypatch.setattr(model_module, "atomic_write_bytes", no_space)
    with pytest.raises(OSError):
        saved(tmp_path, 0.62)
    assert load_model(tmp_path).threshold == 0.61


def test_a_crash_after_the_new_model_file_but_before_the_card_leaves_the_old_model(tmp_path, monkeypatch):
    saved(tmp_path, 0.61)
    real = model_module.atomic_write_bytes

    def fail_on_card(path, data):
        if Path(path).name == CARD_FILE:
            raise OSError(errno.EIO, "killed here")
        real(path, data)

    monkeypatch.setattr(model_module, "atomic_write_bytes", fail_on_card)
    with pytest.raises(OSError):
        saved(tmp_path, 0.62)
    assert (tmp_path / (MODEL_FILE + NEXT_SUFFIX)).exists(), "the new file was written beside the old one"
    assert load_model(tmp_path).threshold == 0.61


def test_a_crash_after_the_card_but_before_the_rename_loads_the_new_model(tmp_path, monkeypatch):
    saved(tmp_path, 0.61)
    real = os.replace

    def fail_on_final_rename(source, target):
        if str(source).endswith(NEXT_SUFFIX):
            raise OSError(errno.EIO, "killed here")
        real(source, target)

    monkeypatch.setattr(model_module.os, "replace", fail_on_final_rename)
    with pytest.raises(OSError):
        saved(tmp_path, 0.62)
    monkeypatch.undo()
    assert json.loads((tmp_path / CARD_FILE).read_text())["threshold"] == 0.62
    assert load_model(tmp_path).threshold == 0.62
    saved(tmp_path, 0.63)  # the next save finishes the job and leaves no pending file
    assert load_model(tmp_path).threshold == 0.63 and not (tmp_path / (MODEL_FILE + NEXT_SUFFIX)).exists()


def test_a_pending_file_does_not_excuse_a_tampered_model_file(tmp_path):
    saved(tmp_path, 0.61)
    pending = tmp_path / (MODEL_FILE + NEXT_SUFFIX)
    pending.write_bytes((tmp_path / MODEL_FILE).read_bytes() + b"\x00")
    with open(tmp_path / MODEL_FILE, "ab") as stream:
        stream.write(b"\x00")
    with pytest.raises(model_module.ModelError, match="sha256"):
        load_model(tmp_path)


KILLED_SAVER = """
import sys
import numpy as np
from classifier.model import load_model, save_model

folder = sys.argv[1]
model = load_model(folder)
# random bytes compress slowly: each save of this model takes a fraction of a second
model.padding = np.random.default_rng(0).bytes(int(sys.argv[2]))
step = 0
while True:
    step += 1
    model.threshold = 0.5 + step / 1000
    save_model(model, folder, force=True)
    print(step, flush=True)
"""


@pytest.mark.slow
def test_replacing_a_model_survives_a_kill_at_any_moment_of_saving(tmp_path):
    """A subprocess saves a large model again and again and is SIGKILLed at a
    random moment of a save (three times): the folder always loads, its model
    file matches its card, and it is the model of the last or the next save."""
    saved(tmp_path, 0.5)
    rng = random.Random(9)
    env = dict(os.environ, PYTHONPATH=str(REPO), OMP_NUM_THREADS="1")
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", KILLED_SAVER, str(tmp_path), str(8 * 2**20)],
                                 stdout=subprocess.PIPE, text=True, env=env)
        try:
            first = time.monotonic()
            assert child.stdout.readline().strip()  # one save done: the loop is running
            second = time.monotonic()
            last = int(child.stdout.readline())
            save_seconds = time.monotonic() - second
            assert second > first
            time.sleep(rng.uniform(0, save_seconds))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        model = load_model(tmp_path)
        card = json.loads((tmp_path / CARD_FILE).read_text())
        assert model.threshold == card["threshold"]
        assert round((model.threshold - 0.5) * 1000) in (last, last + 1)


# --- a full disk --------------------------------------------------------------------

def test_a_full_disk_while_replacing_a_file_keeps_the_old_one_and_says_so(tmp_path, monkeypatch):
    target = tmp_path / "index.bin"
    target.write_bytes(b"the good old index")
    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(DiskFullError, match=f"no space left on the device while writing {target}"):
        atomic_write_bytes(target, b"x" * 100_000)
    assert target.read_bytes() == b"the good old index" and leftovers(tmp_path) == []


def test_a_full_disk_while_saving_a_model_keeps_the_old_model(tmp_path, monkeypatch):
    saved(tmp_path, 0.61)
    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(DiskFullError):
        saved(tmp_path, 0.62)
    monkeypatch.undo()
    assert load_model(tmp_path).threshold == 0.61 and leftovers(tmp_path) == []


def test_writing_rows_to_a_full_device_gives_a_disk_full_error():
    # /dev/full fails every write with ENOSPC: a real full disk, no monkeypatching
    with pytest.raises(DiskFullError, match="no space left on the device while writing /dev/full"):
        with RowWriter("/dev/full", "jsonl") as writer:
            writer.write_many(ROWS * 2000)
    assert Path("/dev/full").is_char_device(), "a device is written through, never replaced"


def test_the_cli_reports_a_full_disk_in_plain_words():
    result = CliRunner().invoke(main, ["features", str(SAMPLES / "original_local_news.html"), "-o", "/dev/full",
                                       "--format", "jsonl", "--quiet"])
    assert result.exit_code == 1
    assert "contentfarm: error: cannot write output: no space left on the device while writing /dev/full" \
        in result.output


def test_evaluate_reports_a_full_disk_for_its_scores_file_in_one_line(tmp_path, toy_labels):
    assert Path("/dev/full").is_char_device(), "/dev/full is not the full device (mknod -m 666 /dev/full c 1 7)"
    save_model(quick_model(), tmp_path / "model")
    scores = tmp_path / "scores.jsonl"
    scores.symlink_to("/dev/full")  # a .jsonl name whose every write fails with ENOSPC: a real full disk
    result = CliRunner().invoke(main, ["evaluate", str(toy_labels), "--model", str(tmp_path / "model"),
                                       "--scores", str(scores), "--quiet"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if "error" in line.lower()]
    assert errors == ["contentfarm: error: cannot write the scores: no space left on the device while writing "
                      "/dev/full; nothing was replaced (an earlier version of the file, if any, is unchanged)"]
    assert "Traceback" not in result.output
    assert Path("/dev/full").is_char_device(), "a device is written through, never replaced"


def test_evaluate_refuses_an_unknown_scores_format_before_scoring(tmp_path, toy_labels):
    save_model(quick_model(), tmp_path / "model")
    result = CliRunner().invoke(main, ["evaluate", str(toy_labels), "--model", str(tmp_path / "model"),
                                       "--scores", str(tmp_path / "scores.xlsx"), "--quiet"])
    assert result.exit_code == 2 and "cannot tell the output format of" in result.output
    assert not (tmp_path / "scores.xlsx").exists()


# --- replacing a folder (Parquet outputs) ---------------------------------------------

class Killed(BaseException):
    """Stands for a SIGKILL between two steps of a folder swap: nothing after it runs."""


def folder_with(path: Path, *names: str) -> Path:
    path.mkdir()
    for name in names:
        (path / name).write_text(name)
    return path


def listing(path: Path) -> list[str] | None:
    return sorted(p.name for p in path.iterdir()) if path.is_dir() else None


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_a_folder_swap_killed_after_any_step_leaves_the_old_or_the_new_folder(tmp_path, monkeypatch, exchange):
    """Kill replace_folder before each of its steps in turn (renames, the
    exchange, removals): NAME is always the old folder or the new one (with
    two renames, also nothing for the instant between them), and the next
    writer's finish_folder_swap leaves the newest complete one and no leftovers."""
    old, new = ["old-0", "old-1"], ["new-0"]
    exchanged = []
    kill_at = 0
    while True:
        work = tmp_path / f"kill-at-{kill_at}"
        work.mkdir()
        target = folder_with(work / "scores.parquet", *old)
        partial = folder_with(work / "scores.parquet.partial", *new)
        steps = []

        def step(real, steps=steps, kill_at=kill_at):
            def run(*args):
                if len(steps) == kill_at:
                    raise Killed
                steps.append(real.__name__)
                result = real(*args)
                if real.__name__ == "_exchange":
                    exchanged.append(result)
                return result
            return run

        with monkeypatch.context() as patch:
            patch.setattr(atomic.os, "rename", step(os.rename))
            patch.setattr(atomic, "_exchange", step(atomic._exchange if exchange else lambda a, b: False))
            patch.setattr(atomic, "_remove", step(atomic._remove))
            try:
                atomic.replace_folder(partial, target)
                finished = True
            except Killed:
                finished = False
        seen = listing(target)
        assert seen in ((old, new) if exchange else (old, new, None)), f"killed before step {kill_at}: {seen}"
        atomic.finish_folder_swap(target)
        moved = kill_at > 0  # the first step renames the finished folder to its incoming name
        assert listing(target) == (new if moved else old)
        assert sorted(p.name for p in work.iterdir()) == (["scores.parquet"] if moved else
                                                          ["scores.parquet", "scores.parquet.partial"])
        if finished:
            break
        kill_at += 1
    assert kill_at >= (2 if exchange else 4), "every step was interrupted once"
    assert (True in exchanged) == exchange, "the exchange path really swapped the folders in one step"


# --- outputs --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["scores.jsonl", "scores.csv", "scores.parquet"])
def test_a_failed_run_leaves_the_earlier_output_untouched(tmp_path, name):
    target = tmp_path / name
    with RowWriter(str(target), name.rsplit(".", 1)[1]) as writer:
        writer.write_many(ROWS)
    before = target.read_bytes()
    with pytest.raises(RuntimeError):
        with RowWriter(str(target), name.rsplit(".", 1)[1]) as writer:
            writer.write_many(ROWS[:2])
            raise RuntimeError("the run dies half-way")
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_rows_of_a_killed_run_wait_in_a_partial_file_that_a_resume_continues(tmp_path):
    target = tmp_path / "scores.jsonl"
    target.write_text('{"input": "from an older complete run"}\n')
    with pytest.raises(KeyboardInterrupt):
        with RowWriter(str(target), "jsonl") as writer:
            writer.write_many(ROWS[:2])
            raise KeyboardInterrupt
    partial = tmp_path / "scores.jsonl.partial"
    assert resume_source(target) == partial and len(partial.read_text().splitlines()) == 2
    assert "older complete run" in target.read_text()
    with RowWriter(str(target), "jsonl", append=True) as writer:
        writer.write_many(ROWS[2:])
    assert not partial.exists() and resume_source(target) == target
    assert [json.loads(line)["input"] for line in target.read_text().splitlines()] == [r["input"] for r in ROWS]


def test_a_csv_resumed_from_a_partial_file_has_one_header(tmp_path):
    target = tmp_path / "scores.csv"
    with pytest.raises(RuntimeError):
        with RowWriter(str(target), "csv") as writer:
            writer.write_many(ROWS[:2])
            raise RuntimeError
    with RowWriter(str(target), "csv", append=True) as writer:
        writer.write_many(ROWS[2:])
    lines = target.read_text().splitlines()
    assert lines[0].startswith("input,") and len(lines) == 1 + len(ROWS)


# --- the temporary files themselves ---------------------------------------------------

def test_new_files_get_the_usual_permissions_and_replaced_files_keep_theirs(tmp_path):
    fresh = tmp_path / "fresh.json"
    atomic_write_bytes(fresh, b"{}")
    assert fresh.stat().st_mode & 0o777 == NEW_FILE_MODE
    kept = tmp_path / "kept.json"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    atomic_write_bytes(kept, b"new")
    assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_bytes() == b"new"


def test_a_symlinked_target_is_replaced_behind_its_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"


def test_leftovers_of_crashed_writes_are_removed_once_stale(tmp_path):
    target = tmp_path / "model.json"
    stale = tmp_path / ".model.json.abc123.tmp"
    fresh = tmp_path / ".model.json.def456.tmp"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"half")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    with AtomicFile(target, "wb") as out:
        out.write(b"{}")
    assert not stale.exists() and fresh.exists(), "a young temp file may belong to a live writer"


# --- a provenance index ---------------------------------------------------------------

def article(topic: str, url: str):
    from classifier.pages import Page

    sentences = " ".join(f"The {topic} committee met on day {i} and agreed on measure {i * 7} for the {topic} "
                         f"plan, said the chair of the {topic} board." for i in range(12))
    return Page.from_html(f"<html><head><title>The {topic} plan</title><link rel=canonical href='{url}'></head>"
                          f"<body><h1>The {topic} plan</h1><p>{sentences}</p></body></html>", url=url)


def test_an_index_append_that_dies_before_its_manifest_leaves_the_index_as_it_was(tmp_path, monkeypatch):
    import classifier.provenance.index as index_module
    from classifier.parse import ParsedPage
    from classifier.provenance import ProvenanceIndex, add_pages, build_index, document_text

    bridge, orchard = article("bridge", "https://a.example/bridge"), article("orchard", "https://b.example/orchard")
    shingles = document_text(ParsedPage(bridge)).shingles
    index, _ = build_index(tmp_path / "idx", [bridge])
    before = [(m.url, m.containment, m.shared) for m in index.query(shingles)]
    sample_before = (list(index._keys), list(index._owners))  # the candidate step's sampled hashes
    real = index_module.atomic_write_bytes

    def die_at_manifest(path, data):
        if Path(path).name == "manifest.json":
            raise OSError(errno.EIO, "killed here")
        real(path, data)

    monkeypatch.setattr(index_module, "atomic_write_bytes", die_at_manifest)
    with pytest.raises(OSError):
        add_pages(ProvenanceIndex.open(tmp_path / "idx"), [orchard])
    monkeypatch.undo()
    reopened = ProvenanceIndex.open(tmp_path / "idx")
    assert len(reopened) == 1
    assert (list(reopened._keys), list(reopened._owners)) == sample_before
    assert [(m.url, m.containment, m.shared) for m in reopened.query(shingles)] == before
    add_pages(reopened, [orchard])
    again = ProvenanceIndex.open(tmp_path / "idx")
    assert len(again) == 2 and [(m.url, m.containment, m.shared) for m in again.query(shingles)][:1] == before
    assert len(list((tmp_path / "idx").glob("sample-*"))) == 2, "one pair of sample files, no strays"


def test_score_refuses_a_folder_as_a_csv_output_before_scoring(tmp_path):
    result = CliRunner().invoke(main, ["score", str(SAMPLES), "-o", str(tmp_path), "--format", "csv", "--quiet"])
    assert result.exit_code == 2 and f"{tmp_path} is a folder: give a file name for csv output" in result.output
    assert list(tmp_path.iterdir()) == []
