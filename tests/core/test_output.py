"""Output folders are transactions: never mixed, never half-written, one writer at a time, a full disk
refused cleanly (mtl_core/runs/output.py and its use by ``train``, ``predict`` and ``save_run``).

The kill test trains for real in a subprocess and kills it with SIGKILL once during training and then
at moments spread over the writing of its results (0 to 1.5 times the writing time a first, complete
training measured). ``EDUMTL_KILL_ROUNDS`` sets how many kills (default 5); each round is one short
training.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mtl_core import OutputError, verify_run
from mtl_core.runs import output
from mtl_core.runs.output import OutputFolder, ensure_free_space, lock_path, write_file
from tests.synthetic import make_tiny_class

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ["metrics.json", "predictions.csv", "recommendations.csv", "run"]
KILL_ROUNDS = int(os.environ.get("EDUMTL_KILL_ROUNDS", "5"))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its SHA-256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_output(folder: Path, tag: str) -> None:
    """A stand-in for a training's files, each carrying ``tag``."""
    for name in OUTPUTS[:3]:
        (folder / name).write_text(f"{name} of {tag}", encoding="utf-8")
    (folder / "run").mkdir()
    (folder / "run" / "run.json").write_text(tag, encoding="utf-8")


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


# --------------------------------------------------------------------------- the transaction itself

def test_a_new_folder_appears_only_when_everything_is_written(tmp_path):
    target = tmp_path / "out"
    with OutputFolder(target) as staging:
        write_output(staging, "first")
        assert not target.exists() and lock_path(target).exists()
    assert sorted(p.name for p in target.iterdir()) == OUTPUTS
    assert (target / "run" / "run.json").read_text(encoding="utf-8") == "first"
    assert leftovers(tmp_path) == []  # no staging folder, no lock file


@pytest.mark.parametrize("atomic_exchange", [True, False])
def test_an_existing_output_is_replaced_as_a_whole(tmp_path, monkeypatch, atomic_exchange):
    if not atomic_exchange:
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)  # a file system without renameat2
    target = tmp_path / "out"
    for tag in ("first", "second"):
        with OutputFolder(target) as staging:
            write_output(staging, tag)
    assert (target / "metrics.json").read_text(encoding="utf-8") == "metrics.json of second"
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_old_output_untouched(tmp_path):
    target = tmp_path / "out"
    with OutputFolder(target) as staging:
        write_output(staging, "first")
    before = snapshot(target)
    with pytest.raises(ValueError, match="training failed"):
        with OutputFolder(target) as staging:
            (staging / "predictions.csv").write_text("half of the second", encoding="utf-8")
            raise ValueError("training failed")
    assert snapshot(target) == before and leftovers(tmp_path) == []


def test_a_full_disk_while_writing_is_an_output_error_and_changes_nothing(tmp_path):
    target = tmp_path / "out"
    with OutputFolder(target) as staging:
        write_output(staging, "first")
    before = snapshot(target)
    with pytest.raises(OutputError, match="is full .*Nothing was written; an earlier output there is unchanged"):
        with OutputFolder(target) as staging:
            (staging / "predictions.csv").write_text("4,096 bytes of 76,546", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert snapshot(target) == before and leftovers(tmp_path) == []


@pytest.mark.parametrize("step", range(3))
def test_a_crash_at_any_step_of_a_two_rename_commit_is_undone_at_the_next_start(tmp_path, monkeypatch, step):
    """Without an atomic exchange, a commit is: retire the old folder, move the staging folder in, delete the
    retired one. A process killed after any of these leaves the old output or the new one (put back by
    ``recover`` when the folder itself is missing)."""
    target = tmp_path / "out"
    with OutputFolder(target) as staging:
        write_output(staging, "first")
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    calls = {"step": 0}
    real_rename, real_rmtree = os.rename, output.shutil.rmtree

    def step_or_die(function):
        def run(*args, **kwargs):
            calls["step"] += 1
            if calls["step"] == step + 1:
                raise KeyboardInterrupt("killed")  # stands for SIGKILL: nothing after this point runs
            return function(*args, **kwargs) if calls["step"] <= step else None  # a killed process cleans nothing
        return run

    monkeypatch.setattr(output.os, "rename", step_or_die(real_rename))
    monkeypatch.setattr(output.shutil, "rmtree", step_or_die(real_rmtree))
    monkeypatch.setattr(OutputFolder, "_unlock", lambda self: os.close(self._lock_fd))  # nor unlocks
    with pytest.raises(KeyboardInterrupt):
        with OutputFolder(target) as staging:
            write_output(staging, "second")
    monkeypatch.setattr(output.os, "rename", real_rename)
    monkeypatch.setattr(output.shutil, "rmtree", real_rmtree)
    monkeypatch.undo()
    with OutputFolder(target) as staging:  # the next start repairs, then writes a third output
        assert (target / "run" / "run.json").read_text(encoding="utf-8") in ("first", "second")
        write_output(staging, "third")
    assert (target / "run" / "run.json").read_text(encoding="utf-8") == "third"
    assert leftovers(tmp_path) == []


def test_a_second_writer_is_refused_naming_the_folder_and_the_first(tmp_path):
    target = tmp_path / "out"
    with OutputFolder(target):
        with pytest.raises(OutputError) as caught:
            with OutputFolder(target):
                pass
    message = str(caught.value)
    assert f"'{target}' is being written by another EduMTL command (process {os.getpid()}, since" in message
    assert "choose another output folder" in message


def test_a_folder_with_other_files_is_never_replaced(tmp_path):
    (tmp_path / "my documents").mkdir()
    (tmp_path / "my documents" / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(OutputError, match=r"already holds other files \(thesis.docx\)"):
        with OutputFolder(tmp_path / "my documents"):
            pass
    assert (tmp_path / "my documents" / "thesis.docx").read_bytes() == b"years of work"
    (tmp_path / "a file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        with OutputFolder(tmp_path / "a file"):
            pass


def test_stale_staging_folders_and_locks_of_killed_writers_are_cleaned(tmp_path):
    target = tmp_path / "out"
    (tmp_path / ".out.staging-x1y2").mkdir()
    (tmp_path / ".out.staging-x1y2" / "predictions.csv").write_text("half", encoding="utf-8")
    lock_path(target).write_text("process 99999, since long ago", encoding="utf-8")  # its flock died with it
    (tmp_path / ".other.staging-keep").mkdir()  # another folder's: not ours to clean
    with OutputFolder(target) as staging:
        write_output(staging, "new")
    assert leftovers(tmp_path) == [".other.staging-keep"]


def test_free_space_is_checked_before_writing(tmp_path, monkeypatch):
    usage = output.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(output.shutil, "disk_usage", lambda path: usage._replace(free=5 * 2**20))
    with pytest.raises(OutputError, match=r"not enough free disk space for the results in .* about 116 MB are "
                                          r"needed and 5 MB are free"):
        ensure_free_space(tmp_path, 100 * 2**20, "the results")
    monkeypatch.setattr(output.shutil, "disk_usage", lambda path: usage._replace(free=200 * 2**20))
    ensure_free_space(tmp_path, 100 * 2**20, "the results")  # fits: no error


def test_write_file_replaces_a_file_in_one_step_and_reports_a_full_disk(tmp_path, monkeypatch):
    path = tmp_path / "predictions.csv"
    write_file(path, b"old")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, *args, **kwargs):
            self.stream = real_fdopen(*args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            self.stream.write(data[:4096])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fdopen", FullDisk)
    with pytest.raises(OutputError, match="is full"):
        write_file(path, b"x" * 76_546)
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["predictions.csv"]


# --------------------------------------------------------------------------- real trainings

def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "mtl_core", *map(str, args)]


def train_command(data: Path, out: Path, seed: int) -> list[str]:
    return cli("train", "--data", data, "--targets", "score,passed", "--id", "student_id", "--drop", "name",
               "--cv", 2, "--epochs", 3, "--seed", seed, "--quiet", "--out", out)


@pytest.fixture(scope="module")
def class_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("class") / "class.csv"
    make_tiny_class().to_csv(path, index=False)
    return path


def assert_complete_and_consistent(out: Path) -> None:
    """The four outputs are there, the run verifies, and all of them come from the same training."""
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS
    meta = verify_run(out / "run")
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["seconds"] == round(meta["elapsed_s"], 2) and metrics["n_students"] == meta["n_students"]
    written = pd.read_csv(out / "predictions.csv", dtype={"student_id": str})
    saved = pd.read_parquet(out / "run" / "predictions.parquet")
    assert len(written) == len(saved) == meta["n_students"]
    np.testing.assert_allclose(written["score"], saved["score"].where(saved["out_of_sample"]), rtol=1e-6)
    assert pd.read_csv(out / "recommendations.csv", encoding="utf-8-sig").shape[0] == meta["n_students"]


def inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def start_and_watch(command: list[str], out: Path, kill_after: float | None = None,
                    before_writing: bool = False) -> tuple[str, float | None]:
    """Run ``command`` (a training into ``out``); from the moment its staging folder holds its first result
    file (with ``before_writing``: from the moment the staging folder exists, i.e. training has begun),
    kill it with SIGKILL after ``kill_after`` seconds, or let it finish (None).

    Returns:
        "finished" or "killed", and the seconds from that moment until ``out`` was swapped (the commit:
        a new folder takes the place of the old one), None if it was not.
    """
    before = inode(out)
    stale = set(out.parent.glob(".out.staging-*"))  # left by the previous kill: the new process removes them
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    first_file = "" if before_writing else "predictions.csv"
    deadline, seen, committed = time.monotonic() + 240, None, None
    while time.monotonic() < deadline and process.poll() is None and seen is None:
        if any((folder / first_file).exists() for folder in set(out.parent.glob(".out.staging-*")) - stale):
            seen = time.monotonic()
        time.sleep(0.002)
    if kill_after is not None:
        time.sleep(kill_after)
        process.send_signal(signal.SIGKILL)
    while process.poll() is None and committed is None:
        if inode(out) != before:
            committed = time.monotonic()
        time.sleep(0.002)
    process.wait(timeout=240)
    stderr = process.stderr.read().decode("utf-8", errors="replace")
    process.stderr.close()
    assert "Traceback" not in stderr, stderr
    assert process.returncode in (0, -signal.SIGKILL), stderr[-3000:]
    how = "finished" if process.returncode == 0 else "killed"
    return how, None if committed is None or seen is None else committed - seen


def test_a_training_killed_with_sigkill_never_leaves_a_mixed_or_half_written_folder(class_csv, tmp_path):
    """Kills spread over the writing phase, whose length (first result file to swap) a first, complete
    training measures; the first kill falls in the middle of training."""
    out = tmp_path / "out"
    how, writing = start_and_watch(train_command(class_csv, out, 1), out)
    assert how == "finished" and writing is not None
    assert_complete_and_consistent(out)
    current = snapshot(out)
    moments = [("training", 0.5)] + [("writing", f * writing) for f in np.linspace(0, 1.5, KILL_ROUNDS - 1)]
    outcomes = []
    for round_, (phase, delay) in enumerate(moments):
        how, _ = start_and_watch(train_command(class_csv, out, 10 + round_), out, delay, phase == "training")
        assert_complete_and_consistent(out)  # the old output, or the complete new one: nothing in between
        now = snapshot(out)
        outcomes.append(f"{phase} +{delay:.2f} s: {how}, folder {'old' if now == current else 'new'}")
        current = now
    print(f"kill test (writing took {writing:.2f} s):", "; ".join(outcomes))
    how, _ = start_and_watch(train_command(class_csv, out, 99), out)
    assert how == "finished"
    assert_complete_and_consistent(out)
    assert leftovers(tmp_path) == []  # the killed trainings' staging folders were cleaned at the next start


def test_two_trainings_started_together_never_mix(class_csv, tmp_path):
    out = tmp_path / "out"
    processes = [subprocess.Popen(train_command(class_csv, out, seed), cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for seed in (1, 2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    for p in processes:
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    refused = next(text for code, text in results if code == 2)
    assert refused.startswith("error: ") and "Traceback" not in refused
    assert f"'{out}' is being written by another EduMTL command (process" in refused
    assert_complete_and_consistent(out)
    assert leftovers(tmp_path) == []


def test_predict_writes_its_csv_in_one_step_and_refuses_a_full_disk(class_csv, tmp_path, monkeypatch, capsys):
    from mtl_core import cli as command_line

    out = tmp_path / "out"
    assert subprocess.run(train_command(class_csv, out, 1), cwd=ROOT, capture_output=True, timeout=300).returncode == 0
    target = tmp_path / "new.csv"
    target.write_text("previous predictions", encoding="utf-8")
    usage = output.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(output.shutil, "disk_usage", lambda path: usage._replace(free=2**20))
    assert command_line.main(["predict", "--run", str(out), "--data", str(class_csv), "--out", str(target)]) == 2
    assert "not enough free disk space for the predictions 'new.csv'" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "previous predictions"
    monkeypatch.undo()
    assert command_line.main(["predict", "--run", str(out), "--data", str(class_csv), "--out", str(target)]) == 0
    assert len(pd.read_csv(target)) == 120 and sorted(p.name for p in tmp_path.iterdir()) == ["new.csv", "out"]
