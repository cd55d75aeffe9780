"""Save a trained run to a folder and load it back, safely.

A run folder holds:

* ``model.keras`` — the Keras model (loaded with ``safe_mode=True``: no code runs from the folder);
* ``run.json`` — tasks, column roles, settings, preprocessing statistics, the data fingerprint and
  library versions (plain JSON, no pickle);
* ``*.parquet`` — metrics, predictions of the training students, learning history;
* ``row_weights.npy`` — which ensemble members predict each training student (``allow_pickle=False``);
* ``row_keys.npy`` — a hash per training student of their inputs and ID, to recognise them later;
* ``MODEL_CARD.md`` — what the run was trained on, how good it is, intended use and limits;
* ``checksums.json`` — a SHA-256 of every other file.

Saving writes to a staging folder next to the target, under a lock, and swaps it into place in one
step (:class:`~mtl_core.runs.output.OutputFolder`), so a crash never leaves half a run and two saves
never mix; free space is checked first, and a full disk is an :class:`~mtl_core.errors.OutputError`.
Loading verifies every checksum first and reads only the files listed there; a missing, truncated or
damaged file, a file edited without also rewriting ``checksums.json``, a settings file that is too
large, too deeply nested or inconsistent with the model, or a run from an incompatible version raises
:class:`~mtl_core.errors.RunLoadError` with a readable message. A loaded run has predicted once (one
student with every input missing) before it is returned, so it cannot fail later at predict time.
The checksums catch accidents (a copy cut short, a hand edit), not a deliberate forgery: whoever
can write the folder can also rewrite ``checksums.json``. Loading stays safe either way, since the
model is loaded with ``safe_mode=True`` and nothing is unpickled.

Example:
    >>> path = save_run(run, "runs/term1")  # doctest: +SKIP
    >>> same = load_run(path)  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
from dataclasses import asdict, fields
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.schema import ColumnInfo, Role, Schema, ValueType
from ..errors import ConfigError, EduMTLError, RunLoadError
from ..evaluation.splits import Holdout, KFold
from ..tasks import Bands, TaskKind, TaskSpec, Threshold
from .model_card import model_card
from .output import OutputFolder, ensure_free_space

RUN_FORMAT = 3  # 3: + outcome families, value ranges, intervals, flagging thresholds; 2: sub-member outputs,
# encoded features (bins, embeddings), temperatures; 1 and 2 are refused
MODEL_FILE = "model.keras"
RUN_FILE = "run.json"
CHECKSUMS = "checksums.json"
MODEL_CARD = "MODEL_CARD.md"
FRAMES = ("metrics", "summary", "fold_metrics", "predictions", "history", "warnings", "input_stats")
OPTIONAL_FRAMES = ("comparison", "comparison_summary", "task_similarity",  # only with train(compare=True)
                   "calibration")  # absent in runs saved before it was recorded
PACKAGES = ("tensorflow-cpu", "keras", "numpy", "pandas", "scikit-learn")
MAX_JSON_BYTES = {RUN_FILE: 64 * 2**20, CHECKSUMS: 2**20}
"""Largest settings and checksum files read (a real run.json is well under 1 MB, even for 30,000 students)."""
MAX_MEMBERS = 10_000
"""Most ensemble members a run may list (real runs have folds x members: tens)."""


# --------------------------------------------------------------------------- plain-dict conversions

def task_to_dict(task: TaskSpec) -> dict:
    data = asdict(task)
    data["kind"] = task.kind.value
    if isinstance(task.derive, Threshold):
        data["derive"] = {"type": "threshold", **asdict(task.derive)}
    elif isinstance(task.derive, Bands):
        data["derive"] = {"type": "bands", "cuts": list(task.derive.cuts), "labels": list(task.derive.labels)}
    data["classes"], data["risk_labels"] = list(task.classes), list(task.risk_labels)
    return data


def task_from_dict(data: dict) -> TaskSpec:
    derive = data.get("derive")
    if derive:
        derive = dict(derive)
        kind = derive.pop("type")
        derive = Threshold(**derive) if kind == "threshold" else Bands(tuple(derive["cuts"]), tuple(derive["labels"]))
    return TaskSpec(**{**data, "derive": derive, "kind": TaskKind(data["kind"]),
                       "classes": tuple(data["classes"]), "risk_labels": tuple(data["risk_labels"])})


def schema_to_dict(schema: Schema) -> list[dict]:
    return [{**asdict(c), "role": c.role.value, "value_type": c.value_type.value,
             "suggested_kind": c.suggested_kind.value if c.suggested_kind else None} for c in schema.columns]


def schema_from_dict(data: list[dict]) -> Schema:
    return Schema(tuple(
        ColumnInfo(**{**c, "role": Role(c["role"]), "value_type": ValueType(c["value_type"]),
                      "suggested_kind": TaskKind(c["suggested_kind"]) if c["suggested_kind"] else None})
        for c in data))


def evaluation_to_dict(evaluation) -> dict:
    return {"type": type(evaluation).__name__, **asdict(evaluation)}


def evaluation_from_dict(data: dict):
    kinds = {"Holdout": Holdout, "KFold": KFold}
    data = dict(data)
    return kinds[data.pop("type")](**data)


def library_versions() -> dict:
    versions = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return versions


# --------------------------------------------------------------------------- save

def save_run(run, directory: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Write ``run`` to ``directory`` atomically and return its path.

    Args:
        run: a TrainedRun.
        directory: the run folder to create.
        overwrite: replace an existing folder (default False: raise ConfigError).

    Raises:
        ConfigError: the folder exists and ``overwrite`` is False.
        OutputError: the disk is full (checked first, and caught while writing), the folder cannot be
            written, or another save to the same folder is in progress. An existing run stays as it was.
    """
    target = Path(directory)
    if target.exists() and not overwrite:
        raise ConfigError(f"A saved run already exists at '{target}'. Choose another name, or overwrite it.")
    with OutputFolder(target, replaceable=None, what="saved run") as staging:
        if target.exists() and not overwrite:  # saved by someone else since the check above
            raise ConfigError(f"A saved run already exists at '{target}'. Choose another name, or overwrite it.")
        ensure_free_space(staging, estimated_size(run), f"the saved run '{target.name}'")
        _write_contents(run, staging)
        _write_checksums(staging)
    return target


def estimated_size(run) -> int:
    """About how many bytes :func:`save_run` writes for ``run`` (rather more than fewer)."""
    model = run.predictor.model
    weights = 4 * int(model.count_params()) if hasattr(model, "count_params") else 0
    frames = [getattr(run, name, None) for name in (*FRAMES, *OPTIONAL_FRAMES)]
    tables = sum(int(f.memory_usage(deep=True).sum()) for f in frames if isinstance(f, pd.DataFrame))
    arrays = sum(np.asarray(a).nbytes for a in (run.row_weights, run.row_keys) if a is not None)
    return 2 * weights + tables + arrays + 2**20


def _write_contents(run, folder: Path) -> None:
    predictor = run.predictor
    predictor.model.save(folder / MODEL_FILE)
    for name in FRAMES:
        _frame_for_parquet(getattr(run, name)).to_parquet(folder / f"{name}.parquet", index=False)
    for name in OPTIONAL_FRAMES:
        frame = getattr(run, name)
        if frame is not None:
            frame = frame.rename_axis("task").reset_index() if name == "task_similarity" else frame
            _frame_for_parquet(frame).to_parquet(folder / f"{name}.parquet", index=False)
    np.save(folder / "row_weights.npy", np.asarray(run.row_weights, dtype="float64"), allow_pickle=False)
    if run.row_keys is not None:
        np.save(folder / "row_keys.npy", np.asarray(run.row_keys, dtype="uint64"), allow_pickle=False)
    meta = {
        "format": RUN_FORMAT,
        "created": run.created,
        "versions": library_versions(),
        "tasks": [task_to_dict(t) for t in run.tasks],
        "schema": schema_to_dict(run.schema),
        "config": {f.name: getattr(run.config, f.name) for f in fields(run.config)},
        "evaluation": evaluation_to_dict(run.evaluation),
        "layout": predictor.layout.to_dict(),
        "preprocessors": [p.to_dict() for p in predictor.preprocessors],
        "fold_of_member": predictor.fold_of_member.tolist(),
        "copies": predictor.copies,
        "target_means": {k: v.tolist() for k, v in predictor.target_means.items()},
        "target_scales": {k: v.tolist() for k, v in predictor.target_scales.items()},
        "temperatures": {k: np.asarray(v).tolist() for k, v in predictor.temperatures.items()},
        "families": [f.to_dict() for f in predictor.families],
        "target_bounds": {k: np.asarray(v).tolist() for k, v in predictor.target_bounds.items()},
        "intervals": {k: np.asarray(v).tolist() for k, v in predictor.intervals.items()},
        "flag_thresholds": {k: np.asarray(v).tolist() for k, v in predictor.flag_thresholds.items()},
        "fingerprint": run.fingerprint,
        "row_key_columns": None if run.row_key_columns is None else list(run.row_key_columns),
        "n_students": run.n_students,
        "epochs": run.epochs,
        "stopped_by_user": run.stopped_by_user,
        "elapsed_s": run.elapsed_s,
    }
    (folder / RUN_FILE).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    (folder / MODEL_CARD).write_text(model_card(run, meta["versions"]), encoding="utf-8")


def _frame_for_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet needs one type per column: object columns go through :func:`_parquet_column`."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = _parquet_column(frame[column])
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _parquet_column(values: pd.Series) -> list:
    """A missing value stays missing (None, not the text "nan"); True/False stay booleans when the
    column holds nothing else; any other value that is not text is stored as text."""
    missing = [pd.api.types.is_scalar(v) and pd.isna(v) for v in values]
    only_bool = all(isinstance(v, (bool, np.bool_)) for v, m in zip(values, missing) if not m)
    return [None if m else v if isinstance(v, str) or only_bool else str(v) for v, m in zip(values, missing)]


def _sha256(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _write_checksums(folder: Path) -> None:
    sums = {p.name: _sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != CHECKSUMS}
    (folder / CHECKSUMS).write_text(json.dumps(sums, indent=1), encoding="utf-8")


# --------------------------------------------------------------------------- load

def verify_run(directory: str | os.PathLike) -> dict:
    """Check that a run folder is complete and matches its checksums; return its ``run.json`` content.

    This finds damaged, truncated or missing files and hand edits that did not also rewrite
    ``checksums.json``; it is not a defence against someone who rewrites that file too.
    """
    return _readable(Path(directory))[0]


def _readable(folder: Path):
    """:func:`_verified`, with a file that cannot be opened (permissions, a broken disk) as a RunLoadError."""
    try:
        return _verified(folder)
    except OSError as error:
        raise RunLoadError(f"Run '{folder.name}' could not be read ({error.strerror or error}: "
                           f"'{Path(error.filename or folder).name}'). Check that you may read the run folder, "
                           "or save the run again.") from error


REQUIRED_FILES = (RUN_FILE, MODEL_FILE, "row_weights.npy", *(f"{name}.parquet" for name in FRAMES))


def _verified(folder: Path) -> tuple[dict, set[str]]:
    """``(run.json content, names of the files checksums.json lists)``, after checking every listed file."""
    if not (folder / RUN_FILE).is_file() or not (folder / CHECKSUMS).is_file():
        raise RunLoadError(f"'{folder}' is not a saved EduMTL run (run.json or checksums.json is missing). "
                           "Choose the folder that 'Save run' created.")
    try:
        expected = _read_json(folder / CHECKSUMS)
        if not isinstance(expected, dict) or not {RUN_FILE, MODEL_FILE} <= set(expected):
            raise ValueError("run.json or model.keras has no checksum")
    except ValueError as error:  # JSON and Unicode decoding errors are ValueErrors too
        raise RunLoadError(f"The checksum file of run '{folder.name}' is damaged ({error}). "
                           "Save the run again.") from error
    for name, digest in expected.items():
        path = folder / name
        if Path(name).name != name or name in ("", ".", ".."):
            raise RunLoadError(f"The checksum file of run '{folder.name}' lists '{name}', which is not a file of "
                               "the run folder. Save the run again.")
        if not path.is_file():
            raise RunLoadError(f"Run '{folder.name}' is incomplete: '{name}' is missing. Save the run again.")
        if _sha256(path) != digest:
            raise RunLoadError(f"Run '{folder.name}' is damaged or was edited: '{name}' does not match its "
                               "checksum. Save the run again from EduMTL; do not edit run folders by hand.")
    try:
        meta = _read_json(folder / RUN_FILE)
        _check_compatible(meta, folder)
    except (ValueError, KeyError, TypeError, AttributeError) as error:  # not the JSON object save_run writes
        raise RunLoadError(f"The settings file '{RUN_FILE}' of run '{folder.name}' is damaged "
                           f"({type(error).__name__}: {str(error)[:200]}). Train and save the run again.") from error
    return meta, set(expected)


def _read_json(path: Path):
    """The JSON content of a run's settings or checksum file.

    Raises:
        ValueError: the file is larger than :data:`MAX_JSON_BYTES` allows, nested deeper than Python
            can parse (json.loads raised RecursionError on 100,000 nested lists), not UTF-8 or not JSON.
    """
    limit = MAX_JSON_BYTES[path.name]
    size = path.stat().st_size
    if size > limit:
        raise ValueError(f"{path.name} is {size / 2**20:.3g} MB, more than the {limit / 2**20:.3g} MB EduMTL reads")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise ValueError(f"{path.name} is nested too deeply to be a file EduMTL wrote") from None


def _check_compatible(meta: dict, folder: Path) -> None:
    saved_format = meta.get("format")
    if isinstance(saved_format, int) and not isinstance(saved_format, bool) and saved_format < RUN_FORMAT:
        why = ("whose network this version no longer builds (it now ensembles inside the network and calibrates "
               "its probabilities)") if saved_format < 2 else \
            ("which lacks what this version needs to keep related outcomes from contradicting each other, keep "
             "values inside their column's range, give each value its interval and flag at-risk students")
        raise RunLoadError(f"Run '{folder.name}' was saved by an earlier version of EduMTL (run format "
                           f"{saved_format}), {why}; this version reads format {RUN_FORMAT}. Train it "
                           "again from the same class file and settings, and save it again.")
    if saved_format != RUN_FORMAT:
        raise RunLoadError(f"Run '{folder.name}' was saved in format {saved_format!r}; this EduMTL reads "
                           f"format {RUN_FORMAT}. Train the run again with this version.")
    saved, current = meta["versions"].get("keras"), library_versions().get("keras")
    if saved and current and str(saved).split(".")[0] != current.split(".")[0]:
        raise RunLoadError(f"Run '{folder.name}' was saved with Keras {saved}, which this installation "
                           f"(Keras {current}) cannot read. Train the run again.")


def load_run(directory: str | os.PathLike):
    """Load a run saved by :func:`save_run`; it predicts exactly as it did when saved.

    Only the files listed in ``checksums.json`` (and so verified) are read.

    Raises:
        RunLoadError: the folder is missing, incomplete or damaged, a file was edited without also
            rewriting ``checksums.json``, or the run is from an incompatible version.
    """
    folder = Path(directory)
    meta, listed = _readable(folder)  # before importing Keras: a wrong folder is refused at once
    if meta.get("kind") == "answer_log":
        raise RunLoadError(f"Run '{folder.name}' was trained on an answer log; open it with load_log_run.")
    unlisted = [name for name in REQUIRED_FILES if name not in listed]
    if unlisted:
        raise RunLoadError(f"Run '{folder.name}' is incomplete: '{unlisted[0]}' has no checksum. Save the run again.")
    try:
        _check_settings(meta, folder)
    except RunLoadError:
        raise
    except Exception as error:  # a key missing or of the wrong type
        raise RunLoadError(f"Run '{folder.name}' could not be read ({type(error).__name__}: {error}). "
                           "Train and save the run again.") from error

    from .._quiet import import_tensorflow

    import_tensorflow()
    import keras

    from ..tabular import layers  # noqa: F401  registers the custom layers before loading
    from ..tabular.coherence import Family
    from ..tabular.predictor import Predictor
    from ..tabular.preprocessing import FeatureLayout, Preprocessor
    from ..tabular.training import TrainConfig, TrainedRun

    try:
        model = keras.saving.load_model(folder / MODEL_FILE, compile=False, safe_mode=True)
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
        frames.update({name: pd.read_parquet(folder / f"{name}.parquet") for name in OPTIONAL_FRAMES
                       if f"{name}.parquet" in listed})
        if "task_similarity" in frames:
            frames["task_similarity"] = frames["task_similarity"].set_index("task").rename_axis(None)
        row_weights = np.load(folder / "row_weights.npy", allow_pickle=False)
        row_keys = np.load(folder / "row_keys.npy", allow_pickle=False) if "row_keys.npy" in listed else None
        key_columns = meta.get("row_key_columns")  # absent in runs saved before: their keys hash every column
        tasks = tuple(task_from_dict(t) for t in meta["tasks"])
        layout = FeatureLayout.from_dict(meta["layout"])
        config = meta["config"]
        config = TrainConfig(**{**config, "hidden_units": tuple(config["hidden_units"]),
                                "head_units": tuple(config["head_units"])})
        predictor = Predictor(
            model=model, tasks=tasks, layout=layout,
            preprocessors=[Preprocessor.from_dict(layout, p) for p in meta["preprocessors"]],
            fold_of_member=np.asarray(meta["fold_of_member"], dtype=int),
            copies=int(meta.get("copies", 1)),
            target_means={k: np.asarray(v) for k, v in meta["target_means"].items()},
            target_scales={k: np.asarray(v) for k, v in meta["target_scales"].items()},
            temperatures={k: np.asarray(v, dtype=float) for k, v in meta["temperatures"].items()},
            families=tuple(Family.from_dict(f) for f in meta["families"]),
            target_bounds={k: np.asarray(v, dtype=float).reshape(-1, 2) for k, v in meta["target_bounds"].items()},
            intervals={k: np.asarray(v, dtype=float).reshape(-1, 3) for k, v in meta["intervals"].items()},
            flag_thresholds={k: np.asarray(v, dtype=float) for k, v in meta["flag_thresholds"].items()},
        )
        run = TrainedRun(
            tasks=tasks, schema=schema_from_dict(meta["schema"]), config=config,
            evaluation=evaluation_from_dict(meta["evaluation"]), **frames,
            fingerprint=meta["fingerprint"], n_students=meta["n_students"], epochs=meta["epochs"],
            stopped_by_user=meta["stopped_by_user"], elapsed_s=meta["elapsed_s"], created=meta["created"],
            predictor=predictor, row_weights=row_weights, row_keys=row_keys,
            row_key_columns=None if key_columns is None else tuple(key_columns),
        )
        _check_predicts(run, folder)
        return run
    except RunLoadError:
        raise
    except Exception as error:  # a damaged file that still matched its checksum, or an unknown field
        raise RunLoadError(f"Run '{folder.name}' could not be read ({type(error).__name__}: {error}). "
                           "Train and save the run again.") from error


# --------------------------------------------------------------------------- consistency

def _check_settings(meta: dict, folder: Path) -> None:
    """Refuse a run.json whose parts do not fit together, before anything is built from it.

    Every check here stands for a run that once loaded and then failed at predict time with a
    non-EduMTL error: a task renamed in run.json (its statistics are keyed by the old name), a
    ``fold_of_member`` of a million entries, a fold that has no preprocessor.
    """
    def refuse(detail: str):
        raise RunLoadError(f"Run '{folder.name}' is inconsistent: {detail}. Train and save the run again; do not "
                           "edit run folders by hand.")

    tasks = [task_from_dict(dict(t)) for t in meta["tasks"]]
    names = [t.name for t in tasks]
    if not tasks or len(set(names)) != len(names):
        refuse("its task list is empty or repeats a name")
    folds, copies = meta["fold_of_member"], meta.get("copies", 1)
    if not isinstance(folds, list) or not 1 <= len(folds) <= MAX_MEMBERS:
        refuse(f"it lists {len(folds) if isinstance(folds, list) else 'no'} ensemble members (1 to {MAX_MEMBERS} "
               "expected)")
    n_folds = len(meta["preprocessors"])
    if not all(isinstance(f, int) and not isinstance(f, bool) and 0 <= f < n_folds for f in folds):
        refuse(f"a member belongs to a fold that has no preprocessing (there are {n_folds})")
    if not isinstance(copies, int) or isinstance(copies, bool) or not 1 <= copies <= len(names):
        refuse(f"'copies' is {copies!r}")
    for key in ("target_means", "target_scales"):
        regression = {t.name for t in tasks if t.kind is TaskKind.REGRESSION}
        stats = meta[key]
        if set(stats) != regression:
            refuse(f"'{key}' is given for {sorted(stats)} but the regression tasks are {sorted(regression)}")
        for name, values in stats.items():
            if not isinstance(values, list) or len(values) != len(folds) or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v) for v in values):
                refuse(f"'{key}' of task '{name}' does not hold one finite number per member")
    if not isinstance(meta["n_students"], int) or meta["n_students"] < 0:
        refuse(f"'n_students' is {meta['n_students']!r}")


def _check_predicts(run, folder: Path) -> None:
    """Predict one student with every input missing, as :func:`mtl_core.predict` would, and check the shapes
    of everything a prediction reads; a run that fails here would fail later, in front of a teacher."""
    predictor = run.predictor
    members = predictor.members
    if run.row_weights.ndim != 2 or run.row_weights.shape != (len(run.predictions), members):
        raise RunLoadError(f"Run '{folder.name}' is inconsistent: row_weights.npy has shape {run.row_weights.shape}, "
                           f"not (students, members) = ({len(run.predictions)}, {members}). Train and save the run "
                           "again.")
    if run.row_keys is not None and run.row_keys.shape != (len(run.predictions),):
        raise RunLoadError(f"Run '{folder.name}' is inconsistent: row_keys.npy does not hold one key per student. "
                           "Train and save the run again.")
    missing = [t.name for t in run.outcome_tasks if t.name not in run.predictions.columns]
    if missing or "out_of_sample" not in run.predictions.columns:
        raise RunLoadError(f"Run '{folder.name}' is inconsistent: its predictions table lacks "
                           f"{', '.join(missing) or 'out_of_sample'}. Train and save the run again.")
    layout = predictor.layout
    probe = pd.DataFrame({name: [np.nan] for name in (*layout.numeric, *layout.categorical)})
    outputs = predictor.member_outputs(predictor.features(probe))
    for task in run.tasks:
        expected = (members, 1) if task.kind is TaskKind.REGRESSION else (members, 1, len(task.classes))
        shape = np.shape(outputs.get(task.name))
        if shape != expected:
            raise RunLoadError(f"Run '{folder.name}' is inconsistent: the network gives task '{task.name}' an output "
                               f"of shape {shape}, not {expected}. Train and save the run again.")


# --------------------------------------------------------------------------- listing

def list_runs(root: str | os.PathLike) -> pd.DataFrame:
    """Saved runs under ``root``, newest first: name, created, tasks, students, evaluation, ok, problem.

    One folder that cannot be read (damaged, hand-edited, unreadable, nested too deeply) is listed as
    broken with its problem; it never hides the others.
    """
    rows = []
    base = Path(root)
    try:
        folders = sorted(base.iterdir()) if base.is_dir() else []
    except OSError:
        folders = []
    for folder in folders:
        try:
            if not folder.is_dir() or folder.name.startswith("."):
                continue
            rows.append(_listed(folder, verify_run(folder)))
        except Exception as error:  # one odd folder must not hide the rest  # noqa: BLE001
            problem = str(error) if isinstance(error, EduMTLError) else (
                f"Run '{folder.name}' could not be read ({type(error).__name__}: {str(error)[:200]}). Train and "
                "save it again.")
            rows.append(dict(name=folder.name, created="", tasks="", students=0, evaluation="", ok=False,
                             problem=problem))
    columns = ["name", "created", "tasks", "students", "evaluation", "ok", "problem"]
    return pd.DataFrame(rows, columns=columns).sort_values("created", ascending=False, ignore_index=True)


def _listed(folder: Path, meta: dict) -> dict:
    """One row of :func:`list_runs`, with every value of the type the Saved runs page expects."""
    tasks = ", ".join(str(t["name"]) for t in meta["tasks"] if not t.get("auxiliary"))
    students = meta["n_students"]
    if not isinstance(students, int) or isinstance(students, bool):
        raise TypeError(f"n_students is {students!r}")
    return dict(name=folder.name, created=str(meta["created"]), tasks=tasks, students=students,
                evaluation=str(meta["evaluation"]["type"]), ok=True, problem="")


_RUN_NAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f.][^/\\:*?\"<>|\x00-\x1f]{0,79}$")


def check_run_name(name: str) -> str:
    """A run name usable as a folder name: no slashes, no leading dot, at most 80 characters."""
    name = str(name).strip()
    if not _RUN_NAME.match(name):
        raise ConfigError(f"'{name}' cannot be used as a run name. Use letters, digits, spaces, '-' or '_' "
                          "(no / \\ : * ? \" < > |, not starting with a dot), at most 80 characters.")
    return name
