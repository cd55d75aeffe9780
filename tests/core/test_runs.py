"""Saved runs: a faithful round trip (also in a fresh process), refusal of anything damaged, edited,
incompatible or executable, atomic saving, listing, and safe run names."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mtl_core import ConfigError, RunLoadError, check_run_name, list_runs, load_run, predict, save_run
from tests.synthetic import make_tiny_class

ROOT = Path(__file__).resolve().parents[2]

FRESH_PROCESS = """
import sys
import pandas as pd
from mtl_core import load_run, predict
run = load_run(sys.argv[1])
for source, target in zip(sys.argv[2::2], sys.argv[3::2]):
    predict(run, pd.read_parquet(source)).to_parquet(target)
"""


@pytest.fixture(scope="module")
def saved(tiny_run, tmp_path_factory) -> Path:
    """The shared tiny run, saved once; tests that damage a run work on a copy (see ``copy_of``)."""
    _, run = tiny_run
    return save_run(run, tmp_path_factory.mktemp("runs") / "tiny")


def copy_of(saved: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(saved, tmp_path / "copy"))


def rewrite_checksums(folder: Path) -> None:
    """What someone who edits a run on purpose would do: make checksums.json match again."""
    sums = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and p.name != "checksums.json"}
    (folder / "checksums.json").write_text(json.dumps(sums), encoding="utf-8")


def flip_a_byte(path: Path, position: int = -40) -> None:
    data = bytearray(path.read_bytes())
    data[position] ^= 0x01
    path.write_bytes(bytes(data))


def same_values(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """Frames equal up to dtype, where every kind of missing value (None, NaN) counts as the same."""
    normal = lambda f: f.astype(object).where(f.notna(), None).reset_index(drop=True)
    pd.testing.assert_frame_equal(normal(left), normal(right), check_dtype=False)


# --------------------------------------------------------------------------- round trip

def test_a_loaded_run_predicts_exactly_as_saved_in_a_fresh_process(tiny_run, saved, tmp_path):
    frame, run = tiny_run
    new = make_tiny_class(n=40, seed=21)
    frame.to_parquet(tmp_path / "class.parquet")
    new.to_parquet(tmp_path / "new.parquet")
    args = [str(saved), str(tmp_path / "class.parquet"), str(tmp_path / "class_out.parquet"),
            str(tmp_path / "new.parquet"), str(tmp_path / "new_out.parquet")]
    result = subprocess.run([sys.executable, "-c", FRESH_PROCESS, *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    for source, expected in (("class_out", run.predictions), ("new_out", predict(run, new))):
        got = pd.read_parquet(tmp_path / f"{source}.parquet")
        numbers = [c for c in got if got[c].dtype == float]
        assert "score" in numbers and "passed P(fail)" in numbers
        np.testing.assert_allclose(got[numbers].to_numpy(), expected[numbers].to_numpy(), atol=1e-5)
        for labels in ("passed", "band", "dropout"):
            assert got[labels].tolist() == expected[labels].tolist()
    # the training class itself still gets its out-of-fold predictions after the reload
    assert pd.read_parquet(tmp_path / "class_out.parquet")["out_of_sample"].all()


def test_a_loaded_run_keeps_every_table_missing_values_included(tiny_run, saved):
    _, run = tiny_run
    back = load_run(saved)
    for name in ("metrics", "summary", "fold_metrics", "predictions", "history", "input_stats", "calibration"):
        same_values(getattr(run, name), getattr(back, name))
    unknown = run.predictions["dropout (actual)"].isna()
    assert unknown.sum() > 0
    assert back.predictions["dropout (actual)"].isna().tolist() == unknown.tolist()  # not the text "nan"
    assert back.tasks == run.tasks and back.config == run.config and back.evaluation == run.evaluation
    assert back.schema == run.schema and back.fingerprint == run.fingerprint
    np.testing.assert_array_equal(back.row_weights, run.row_weights)
    np.testing.assert_array_equal(back.row_keys, run.row_keys)
    assert back.row_key_columns == run.row_key_columns == ("effort", "noise_col", "student_id", "track")


def test_a_run_with_embedded_categories_and_calibration_round_trips(tmp_path):
    """A school column with more levels than one-hot allows is embedded; reloaded, the run predicts,
    calibrates and explains exactly as before."""
    from mtl_core import KFold, TrainConfig, explain, make_task, train

    frame = make_tiny_class(n=90, seed=4)
    frame["school"] = [f"school {i % 23}" for i in range(len(frame))]
    frame.loc[::4, "passed"] = None  # masked labels
    tasks = [make_task(frame, "score"), make_task(frame, "passed")]
    config = TrainConfig(hidden_units=(16,), sub_members=4, epochs=4, seed=3)
    run = train(frame, tasks, config=config, evaluation=KFold(2))
    assert run.predictor.layout.embedded == ("school",)
    assert set(run.predictor.temperatures) == {"passed"}
    back = load_run(save_run(run, tmp_path / "schools"))
    for name, values in run.predictor.temperatures.items():
        np.testing.assert_array_equal(back.predictor.temperatures[name], values)
    new = frame.assign(school=["school 3", "a new school"] * 45)
    for rows in (frame, new):
        expected, got = predict(run, rows), predict(back, rows)
        np.testing.assert_allclose(got[["score", "passed P(pass)"]], expected[["score", "passed P(pass)"]], atol=1e-6)
    pd.testing.assert_frame_equal(explain(back, frame, rows=[0, 5]), explain(run, frame, rows=[0, 5]),
                                  check_exact=False, atol=1e-5)


# --------------------------------------------------------------------------- refusing damaged runs

@pytest.mark.parametrize("name", ["run.json", "predictions.parquet", "model.keras"])
def test_an_edited_file_is_refused_naming_it(saved, tmp_path, name):
    folder = copy_of(saved, tmp_path)
    flip_a_byte(folder / name)
    with pytest.raises(RunLoadError, match=f"'{name}' does not match its checksum"):
        load_run(folder)


def test_a_missing_file_is_refused_naming_it(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    (folder / "history.parquet").unlink()
    with pytest.raises(RunLoadError, match="'history.parquet' is missing"):
        load_run(folder)


@pytest.mark.parametrize("make", ["absent", "empty", "other files"])
def test_a_folder_that_is_not_a_run_is_refused(tmp_path, make):
    folder = tmp_path / "not_a_run"
    if make != "absent":
        folder.mkdir()
    if make == "other files":
        (folder / "notes.txt").write_text("term 1", encoding="utf-8")
        (folder / "model.keras").write_bytes(b"PK\x03\x04")
    with pytest.raises(RunLoadError, match="is not a saved EduMTL run"):
        load_run(folder)


def test_a_run_from_another_format_version_is_refused(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    meta["format"] += 1
    (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    rewrite_checksums(folder)
    with pytest.raises(RunLoadError, match=r"saved in format 4; this EduMTL reads format 3"):
        load_run(folder)


def test_a_run_of_format_2_is_refused_saying_what_it_lacks(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    meta["format"] = 2  # before coherent read-outs, value ranges, intervals and flagging thresholds
    for key in ("families", "target_bounds", "intervals", "flag_thresholds"):
        del meta[key]
    (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    rewrite_checksums(folder)
    with pytest.raises(RunLoadError) as caught:
        load_run(folder)
    message = str(caught.value)
    assert "(run format 2)" in message and "contradicting each other" in message and "interval" in message
    assert "Train it again from the same class file and settings" in message


def test_a_saved_run_keeps_its_families_ranges_intervals_and_thresholds(saved, tiny_run):
    from mtl_core import predict

    frame, run = tiny_run
    loaded = load_run(saved)
    for name in ("target_bounds", "intervals", "flag_thresholds"):
        original, restored = getattr(run.predictor, name), getattr(loaded.predictor, name)
        assert set(original) == set(restored) and original
        assert all(np.allclose(original[k], restored[k]) for k in original)
    assert loaded.predictor.families == run.predictor.families
    pd.testing.assert_frame_equal(predict(loaded, frame), predict(run, frame))


def test_a_run_saved_by_an_earlier_version_is_refused_saying_how_to_get_it_back(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    meta["format"] = 1  # the network before TabM: one output per member, no temperatures
    del meta["temperatures"]
    (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    rewrite_checksums(folder)
    with pytest.raises(RunLoadError) as caught:
        load_run(folder)
    message = str(caught.value)
    assert "earlier version of EduMTL (run format 1)" in message
    assert "Train it again from the same class file and settings" in message


def test_a_run_from_another_keras_major_version_is_refused(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    meta["versions"]["keras"] = "2.15.0"
    (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    rewrite_checksums(folder)
    with pytest.raises(RunLoadError, match="Keras 2.15.0"):
        load_run(folder)


def _drop_key(folder: Path, key: str) -> None:
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    del meta[key]
    (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    rewrite_checksums(folder)


DAMAGE = {
    "run.json is not JSON": lambda f: ((f / "run.json").write_text("{ half a file", encoding="utf-8"),
                                        rewrite_checksums(f)),
    "run.json lacks the versions": lambda f: _drop_key(f, "versions"),
    "run.json lacks the tasks": lambda f: _drop_key(f, "tasks"),
    "checksums.json is a list": lambda f: (f / "checksums.json").write_text("[]", encoding="utf-8"),
    "checksums.json is empty": lambda f: (f / "checksums.json").write_text("{}", encoding="utf-8"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_settings_or_checksum_file_is_refused_and_listed_as_broken(saved, tmp_path, damage):
    """Even when someone made the checksums match again: a RunLoadError, never a raw KeyError."""
    folder = copy_of(saved, tmp_path)
    DAMAGE[damage](folder)
    with pytest.raises(RunLoadError, match="damaged|could not be read"):
        load_run(folder)
    listed = list_runs(tmp_path)
    assert listed["name"].tolist() == ["copy"] and not listed.loc[0, "ok"] and "'copy'" in listed.loc[0, "problem"]


@pytest.mark.parametrize("key", ["preprocessors", "fold_of_member", "target_means", "n_students", "elapsed_s"])
def test_a_settings_file_without_what_the_predictor_needs_is_a_run_load_error(saved, tmp_path, key):
    folder = copy_of(saved, tmp_path)
    _drop_key(folder, key)
    with pytest.raises(RunLoadError, match=f"could not be read \\(KeyError: '{key}'\\)"):
        load_run(folder)


def test_files_the_checksums_do_not_list_are_not_read(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    (folder / "comparison.parquet").write_bytes(b"not a parquet file")  # dropped in later, never checked
    sums = json.loads((folder / "checksums.json").read_text(encoding="utf-8"))
    del sums["row_keys.npy"]
    (folder / "checksums.json").write_text(json.dumps(sums), encoding="utf-8")
    back = load_run(folder)
    assert back.comparison is None and back.row_keys is None


def test_a_required_file_without_a_checksum_is_refused(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    sums = json.loads((folder / "checksums.json").read_text(encoding="utf-8"))
    del sums["history.parquet"]
    (folder / "checksums.json").write_text(json.dumps(sums), encoding="utf-8")
    with pytest.raises(RunLoadError, match="incomplete: 'history.parquet' has no checksum"):
        load_run(folder)


def test_a_checksum_list_naming_a_file_outside_the_run_is_refused(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    sums = json.loads((folder / "checksums.json").read_text(encoding="utf-8"))
    sums["../outside.txt"] = hashlib.sha256(b"x").hexdigest()
    (folder / "checksums.json").write_text(json.dumps(sums), encoding="utf-8")
    with pytest.raises(RunLoadError, match="not a file of the run folder"):
        load_run(folder)


def test_loading_never_runs_code_from_the_run_folder(saved, tmp_path):
    """A model whose config holds a Lambda layer (Python bytecode) is refused before it can run."""
    import keras

    folder = copy_of(saved, tmp_path)
    marker = tmp_path / "code_ran"
    code = eval(f"lambda x: (open({str(marker)!r}, 'w').close(), x)[1]")  # leaves a trace whenever it runs
    features = keras.Input(shape=(3,))
    keras.Model(features, keras.layers.Lambda(code)(features)).save(folder / "model.keras")
    marker.unlink()  # building the model above ran it once
    rewrite_checksums(folder)
    with pytest.raises(RunLoadError, match="could not be read"):
        load_run(folder)
    assert not marker.exists()


# --------------------------------------------------------------------------- saving

def test_an_existing_run_is_not_replaced_unless_asked(tiny_run, saved, tmp_path):
    _, run = tiny_run
    folder = copy_of(saved, tmp_path)
    (folder / "stale.txt").write_text("from before", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        save_run(run, folder)
    assert (folder / "stale.txt").exists()
    save_run(run, folder, overwrite=True)
    assert not (folder / "stale.txt").exists()
    assert load_run(folder).n_students == 120
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]  # no retired or staging folder left


def test_a_failed_save_leaves_nothing_behind(tiny_run, saved, tmp_path, monkeypatch):
    import mtl_core.runs.store

    _, run = tiny_run

    def disk_full(folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mtl_core.runs.store, "_write_checksums", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save_run(run, tmp_path / "new_run")
    assert list(tmp_path.iterdir()) == []
    # a failed overwrite keeps the run that was there
    folder = copy_of(saved, tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(OSError):
        save_run(run, folder, overwrite=True)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


# --------------------------------------------------------------------------- listing and names

def test_list_runs_shows_good_and_broken_runs(saved, tmp_path):
    shutil.copytree(saved, tmp_path / "term 1")
    shutil.copytree(saved, tmp_path / "term 2")
    flip_a_byte(tmp_path / "term 2" / "summary.parquet")
    (tmp_path / "holiday photos").mkdir()
    shutil.copytree(saved, tmp_path / ".term 3.tmp")  # a save in progress is not listed
    (tmp_path / "readme.txt").write_text("runs of my class", encoding="utf-8")
    listed = list_runs(tmp_path).set_index("name")
    assert sorted(listed.index) == ["holiday photos", "term 1", "term 2"]
    assert listed.index[0] == "term 1"  # good runs (with a date) first
    assert listed.loc["term 1", "ok"] and listed.loc["term 1", "students"] == 120
    assert listed.loc["term 1", "tasks"] == "score, passed, band, dropout"
    assert listed.loc["term 1", "evaluation"] == "KFold" and listed.loc["term 1", "problem"] == ""
    assert not listed.loc["term 2", "ok"] and "'summary.parquet'" in listed.loc["term 2", "problem"]
    assert not listed.loc["holiday photos", "ok"] and "not a saved EduMTL run" in listed.loc["holiday photos",
                                                                                               "problem"]
    assert list_runs(tmp_path / "nowhere").empty


@pytest.mark.parametrize("name", ["../x", ".hidden", "a/b", "a\\b", "", "   ", "x" * 81, "what?", "tab\there"])
def test_unsafe_run_names_are_refused(name):
    with pytest.raises(ConfigError, match="cannot be used as a run name"):
        check_run_name(name)


@pytest.mark.parametrize("name", ["term 1", "Term-1_maths", "期末 2025", "x" * 80])
def test_ordinary_run_names_are_accepted(name):
    assert check_run_name(f"  {name} ") == name


# --------------------------------------------------------------------------- runs that loaded, then failed (issue reproducers)

CORPUS = ROOT / "tests" / "corpus"


def _edit_settings(folder: Path, edit) -> None:
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    edit(meta)
    (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    rewrite_checksums(folder)


@pytest.mark.parametrize("name", ["run.json", "checksums.json"])
def test_a_deeply_nested_settings_file_is_a_run_load_error_and_breaks_no_listing(saved, tmp_path, name):
    folder = copy_of(saved, tmp_path)
    shutil.copy(CORPUS / "deeply_nested.json", folder / name)  # json.loads raised RecursionError on it
    if name == "run.json":
        rewrite_checksums(folder)
    for read in (load_run, __import__("mtl_core").verify_run):
        with pytest.raises(RunLoadError, match="nested too deeply"):
            read(folder)
    shutil.copytree(saved, tmp_path / "good")
    listed = list_runs(tmp_path).set_index("name")
    assert listed.loc["good", "ok"] and not listed.loc["copy", "ok"]
    assert "nested too deeply" in listed.loc["copy", "problem"]


def test_a_settings_file_above_the_size_limit_is_refused_unread(saved, tmp_path, monkeypatch):
    import mtl_core.runs.store as store

    folder = copy_of(saved, tmp_path)
    monkeypatch.setitem(store.MAX_JSON_BYTES, "run.json", 1000)
    with pytest.raises(RunLoadError, match=r"run.json is .* MB, more than the .* MB EduMTL reads"):
        load_run(folder)


INCONSISTENT = {
    "a task renamed (to HTML)": (lambda m: m["tasks"][0].update(name="<b>score</b>"), "'target_means' is given for"),
    "a million ensemble members": (lambda m: m.update(fold_of_member=[0] * 1_000_000), "1000000 ensemble members"),
    "a member of a fold without preprocessing": (lambda m: m["fold_of_member"].__setitem__(0, 7), "fold that has no"),
    "too few target means": (lambda m: m["target_means"].update(score=[0.0]), "one finite number per member"),
    "a repeated task name": (lambda m: m["tasks"][1].update(name=m["tasks"][0]["name"]), "repeats a name"),
    "copies that cannot be": (lambda m: m.update(copies=0), "'copies' is 0"),
}


@pytest.mark.parametrize("edit", INCONSISTENT)
def test_a_run_that_would_fail_at_predict_time_is_refused_when_loaded(saved, tmp_path, edit):
    """Hand edits that rewrote the checksums too: before, these loaded and then raised KeyError or ValueError."""
    change, words = INCONSISTENT[edit]
    folder = copy_of(saved, tmp_path)
    _edit_settings(folder, change)
    with pytest.raises(RunLoadError, match="inconsistent") as caught:
        load_run(folder)
    assert words in str(caught.value) and "'copy'" in str(caught.value)


def test_arrays_of_the_wrong_shape_are_refused_when_loaded(saved, tmp_path):
    folder = copy_of(saved, tmp_path)
    np.save(folder / "row_weights.npy", np.ones((3, 2)), allow_pickle=False)
    rewrite_checksums(folder)
    with pytest.raises(RunLoadError, match="row_weights.npy has shape"):
        load_run(folder)


def test_listing_survives_values_of_the_wrong_type(saved, tmp_path):
    shutil.copytree(saved, tmp_path / "good")
    folder = copy_of(saved, tmp_path)
    _edit_settings(folder, lambda m: m.update(created=12345, n_students="many"))
    listed = list_runs(tmp_path).set_index("name")
    assert listed.loc["good", "ok"] and not listed.loc["copy", "ok"] and "n_students" in listed.loc["copy", "problem"]


# --------------------------------------------------------------------------- saving safely

def test_a_save_that_would_not_fit_on_the_disk_is_refused_before_writing(tiny_run, saved, tmp_path, monkeypatch):
    import shutil as shutil_module

    from mtl_core import OutputError

    _, run = tiny_run
    folder = copy_of(saved, tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    usage = shutil_module.disk_usage(tmp_path)
    monkeypatch.setattr("mtl_core.runs.output.shutil.disk_usage", lambda path: usage._replace(free=10 * 2**20))
    with pytest.raises(OutputError, match="not enough free disk space for the saved run 'copy'") as caught:
        save_run(run, folder, overwrite=True)
    assert "MB are free" in str(caught.value) and "Nothing was written" in str(caught.value)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


def test_a_second_save_to_the_same_folder_is_refused_naming_it(tiny_run, tmp_path):
    from mtl_core import OutputError
    from mtl_core.runs.output import OutputFolder

    _, run = tiny_run
    with OutputFolder(tmp_path / "term 1", replaceable=None):  # another save in progress
        with pytest.raises(OutputError, match="'.*term 1' is being written by another EduMTL command") as caught:
            save_run(run, tmp_path / "term 1")
        assert "process" in str(caught.value)
    assert load_run(save_run(run, tmp_path / "term 1", overwrite=True)).n_students == 120


def test_leftovers_of_a_killed_save_are_cleaned_at_the_next_save(tiny_run, tmp_path):
    _, run = tiny_run
    for leftover in (".term.staging-abc123", ".term.old", ".term.k2j4h5g6", ".term.old-x1"):
        (tmp_path / leftover).mkdir()
        (tmp_path / leftover / "model.keras").write_bytes(b"half")
    (tmp_path / ".term.lock").write_text("process 1, since then", encoding="utf-8")  # its holder was killed
    save_run(run, tmp_path / "term")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["term"]


def test_a_run_file_that_cannot_be_opened_is_a_run_load_error(saved, tmp_path, monkeypatch):
    import mtl_core.runs.store as store

    folder = copy_of(saved, tmp_path)

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(store, "_sha256", refuse)
    with pytest.raises(RunLoadError, match="could not be read \\(Permission denied: '.*'\\)"):
        load_run(folder)
    assert not list_runs(tmp_path).loc[0, "ok"]
