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

Saving writes to a temporary folder next to the target and renames it into place, so a crash never
leaves half a run. Loading verifies every checksum first and reads only the files listed there; a
missing, truncated or damaged file, a file edited without also rewriting ``checksums.json``, or a run
from an incompatible version raises :class:`~mtl_core.errors.RunLoadError` with a readable message.
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
import shutil
import tempfile
from dataclasses import asdict, fields
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.schema import ColumnInfo, Role, Schema, ValueType
from ..errors import ConfigError, RunLoadError
from ..evaluation.splits import Holdout, KFold
from ..tasks import Bands, TaskKind, TaskSpec, Threshold
from .model_card import model_card

RUN_FORMAT = 2  # 2: sub-member outputs, encoded features (bins, embeddings), temperatures; 1 is refused
MODEL_FILE = "model.keras"
RUN_FILE = "run.json"
CHECKSUMS = "checksums.json"
MODEL_CARD = "MODEL_CARD.md"
FRAMES = ("metrics", "summary", "fold_metrics", "predictions", "history", "warnings", "input_stats")
OPTIONAL_FRAMES = ("comparison", "comparison_summary", "task_similarity",  # only with train(compare=True)
                   "calibration")  # absent in runs saved before it was recorded
PACKAGES = ("tensorflow-cpu", "keras", "numpy", "pandas", "scikit-learn")


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
    """
    target = Path(directory)
    if target.exists() and not overwrite:
        raise ConfigError(f"A saved run already exists at '{target}'. Choose another name, or overwrite it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _write_contents(run, staging)
        _write_checksums(staging)
        _move_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


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
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_checksums(folder: Path) -> None:
    sums = {p.name: _sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != CHECKSUMS}
    (folder / CHECKSUMS).write_text(json.dumps(sums, indent=1), encoding="utf-8")


def _move_into_place(staging: Path, target: Path) -> None:
    if target.exists():
        retired = target.with_name(f".{target.name}.old")
        shutil.rmtree(retired, ignore_errors=True)
        os.replace(target, retired)
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, target)


# --------------------------------------------------------------------------- load

def verify_run(directory: str | os.PathLike) -> dict:
    """Check that a run folder is complete and matches its checksums; return its ``run.json`` content.

    This finds damaged, truncated or missing files and hand edits that did not also rewrite
    ``checksums.json``; it is not a defence against someone who rewrites that file too.
    """
    return _verified(Path(directory))[0]


REQUIRED_FILES = (RUN_FILE, MODEL_FILE, "row_weights.npy", *(f"{name}.parquet" for name in FRAMES))


def _verified(folder: Path) -> tuple[dict, set[str]]:
    """``(run.json content, names of the files checksums.json lists)``, after checking every listed file."""
    if not (folder / RUN_FILE).is_file() or not (folder / CHECKSUMS).is_file():
        raise RunLoadError(f"'{folder}' is not a saved EduMTL run (run.json or checksums.json is missing). "
                           "Choose the folder that 'Save run' created.")
    try:
        expected = json.loads((folder / CHECKSUMS).read_text(encoding="utf-8"))
        if not isinstance(expected, dict) or not {RUN_FILE, MODEL_FILE} <= set(expected):
            raise ValueError("run.json or model.keras has no checksum")
    except ValueError as error:  # JSON and Unicode decoding errors are ValueErrors too
        raise RunLoadError(f"The checksum file of run '{folder.name}' is damaged. Save the run again.") from error
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
        meta = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
        _check_compatible(meta, folder)
    except (ValueError, KeyError, TypeError, AttributeError) as error:  # not the JSON object save_run writes
        raise RunLoadError(f"The settings file '{RUN_FILE}' of run '{folder.name}' is damaged "
                           f"({type(error).__name__}). Train and save the run again.") from error
    return meta, set(expected)


def _check_compatible(meta: dict, folder: Path) -> None:
    saved_format = meta.get("format")
    if isinstance(saved_format, int) and not isinstance(saved_format, bool) and saved_format < RUN_FORMAT:
        raise RunLoadError(f"Run '{folder.name}' was saved by an earlier version of EduMTL (run format "
                           f"{saved_format}), whose network this version no longer builds (it now ensembles "
                           f"inside the network and calibrates its probabilities; format {RUN_FORMAT}). Train it "
                           "again from the same class file and settings, and save it again.")
    if saved_format != RUN_FORMAT:
        raise RunLoadError(f"Run '{folder.name}' was saved in format {saved_format!r}; this EduMTL reads "
                           f"format {RUN_FORMAT}. Train the run again with this version.")
    saved, current = meta["versions"].get("keras"), library_versions().get("keras")
    if saved and current and saved.split(".")[0] != current.split(".")[0]:
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
    meta, listed = _verified(folder)  # before importing Keras: a wrong folder is refused at once
    unlisted = [name for name in REQUIRED_FILES if name not in listed]
    if unlisted:
        raise RunLoadError(f"Run '{folder.name}' is incomplete: '{unlisted[0]}' has no checksum. Save the run again.")

    from .._quiet import import_tensorflow

    import_tensorflow()
    import keras

    from ..tabular import layers  # noqa: F401  registers the custom layers before loading
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
        )
        return TrainedRun(
            tasks=tasks, schema=schema_from_dict(meta["schema"]), config=config,
            evaluation=evaluation_from_dict(meta["evaluation"]), **frames,
            fingerprint=meta["fingerprint"], n_students=meta["n_students"], epochs=meta["epochs"],
            stopped_by_user=meta["stopped_by_user"], elapsed_s=meta["elapsed_s"], created=meta["created"],
            predictor=predictor, row_weights=row_weights, row_keys=row_keys,
            row_key_columns=None if key_columns is None else tuple(key_columns),
        )
    except RunLoadError:
        raise
    except Exception as error:  # a damaged file that still matched its checksum, or an unknown field
        raise RunLoadError(f"Run '{folder.name}' could not be read ({type(error).__name__}: {error}). "
                           "Train and save the run again.") from error


def list_runs(root: str | os.PathLike) -> pd.DataFrame:
    """Saved runs under ``root``, newest first: name, created, tasks, students, evaluation, ok, problem."""
    rows = []
    base = Path(root)
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            meta = verify_run(folder)
            tasks = ", ".join(t["name"] for t in meta["tasks"] if not t.get("auxiliary"))
            rows.append(dict(name=folder.name, created=meta["created"], tasks=tasks, students=meta["n_students"],
                             evaluation=meta["evaluation"]["type"], ok=True, problem=""))
        except (RunLoadError, KeyError, TypeError, AttributeError) as error:  # one odd folder must not hide the rest
            problem = str(error) if isinstance(error, RunLoadError) else (
                f"Run '{folder.name}' could not be read ({type(error).__name__}: {error}). Train and save it again.")
            rows.append(dict(name=folder.name, created="", tasks="", students=0, evaluation="", ok=False,
                             problem=problem))
    columns = ["name", "created", "tasks", "students", "evaluation", "ok", "problem"]
    return pd.DataFrame(rows, columns=columns).sort_values("created", ascending=False, ignore_index=True)


_RUN_NAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f.][^/\\:*?\"<>|\x00-\x1f]{0,79}$")


def check_run_name(name: str) -> str:
    """A run name usable as a folder name: no slashes, no leading dot, at most 80 characters."""
    name = str(name).strip()
    if not _RUN_NAME.match(name):
        raise ConfigError(f"'{name}' cannot be used as a run name. Use letters, digits, spaces, '-' or '_' "
                          "(no / \\ : * ? \" < > |, not starting with a dot), at most 80 characters.")
    return name
