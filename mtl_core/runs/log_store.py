"""Save a trained answer-log run to a folder and load it back, with the safety of saved class-table runs.

A log run folder holds ``model.keras`` (every fold model in one Keras model, loaded with
``safe_mode=True``), ``run.json`` (settings, column roles, the skill and item vocabulary, versions; plain
JSON), Parquet tables (predictions, metrics, summary, calibration, mastery, skills, history, warnings),
``MODEL_CARD.md`` and ``checksums.json`` (SHA-256 of every other file). ``run.json`` says
``"kind": "answer_log"``, so :func:`run_kind` tells log runs from class-table runs and
:func:`mtl_core.list_runs` lists both.

Saving, checking and the atomic rename are those of :mod:`mtl_core.runs.store` (the same helpers, not a
copy): writing goes to a temporary folder renamed into place, loading verifies every checksum and the
format and Keras versions first, and reads only the files listed there.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path

import pandas as pd

from ..data.answer_log import LogRoles
from ..errors import ConfigError, RunLoadError
from ..sequence.config import LogConfig
from ..sequence.sequences import Vocabulary
from . import store
from .output import OutputFolder, ensure_free_space
from .store import MODEL_CARD, MODEL_FILE, RUN_FILE, RUN_FORMAT

KIND = "answer_log"
LOG_FORMAT = 1
FRAMES = ("predictions", "metrics", "summary", "calibration", "mastery", "skills", "history", "warnings")
REQUIRED_FILES = (RUN_FILE, MODEL_FILE, *(f"{name}.parquet" for name in FRAMES))


def run_kind(directory: str | os.PathLike) -> str:
    """``"answer_log"`` or ``"class_table"`` for a run folder, read from its ``run.json`` (not verified:
    loading verifies). Raises RunLoadError when the folder has no readable ``run.json``."""
    path = Path(directory) / RUN_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RunLoadError(f"'{Path(directory)}' is not a saved EduMTL run (its run.json cannot be read). "
                           "Choose the folder that 'Save run' created.") from error
    return meta.get("kind", "class_table") if isinstance(meta, dict) else "class_table"


def save_log_run(run, directory: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Write a LogRun to ``directory`` atomically and return its path.

    Args:
        run: a :class:`~mtl_core.sequence.training.LogRun`.
        directory: the run folder to create.
        overwrite: replace an existing folder (default False: raise ConfigError).

    Raises:
        ConfigError: the folder exists and ``overwrite`` is False.
        OutputError: the disk is full, the folder cannot be written, or another save to the same folder is
            in progress (as :func:`~mtl_core.runs.store.save_run`). An existing run stays as it was.
    """
    target = Path(directory)
    exists = f"A saved run already exists at '{target}'. Choose another name, or overwrite it."
    if target.exists() and not overwrite:
        raise ConfigError(exists)
    with OutputFolder(target, replaceable=None, what="saved run") as staging:  # as save_run: locked, swapped in
        if target.exists() and not overwrite:  # saved by someone else since the check above
            raise ConfigError(exists)
        weights = 4 * int(run.predictor.model.count_params())
        tables = sum(int(getattr(run, name).memory_usage(deep=True).sum()) for name in FRAMES)
        ensure_free_space(staging, 2 * weights + tables + 2**20, f"the saved run '{target.name}'")
        _write_contents(run, staging)
        store._write_checksums(staging)
    return target


def _meta(run) -> dict:
    return {
        "format": RUN_FORMAT, "kind": KIND, "log_format": LOG_FORMAT, "created": run.created,
        "versions": store.library_versions(),
        "tasks": [{"name": "next answer right", "auxiliary": False}],  # what list_runs shows
        "config": {f.name: getattr(run.config, f.name) for f in fields(run.config)},
        "roles": run.roles.to_dict(), "evaluation": store.evaluation_to_dict(run.evaluation),
        "vocabulary": run.vocabulary.to_dict(), "prior": run.prior, "model_name": run.model_name,
        "seconds": run.seconds, "n_students": run.n_students, "n_answers": run.n_answers, "epochs": run.epochs,
        "stopped_by_user": run.stopped_by_user, "elapsed_s": run.elapsed_s, "fingerprint": run.fingerprint,
    }


def _write_contents(run, folder: Path) -> None:
    run.predictor.model.save(folder / MODEL_FILE)
    for name in FRAMES:
        store._frame_for_parquet(getattr(run, name)).to_parquet(folder / f"{name}.parquet", index=False)
    meta = _meta(run)
    (folder / RUN_FILE).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    (folder / MODEL_CARD).write_text(log_model_card(run, meta["versions"]), encoding="utf-8")


def log_model_card(run, versions: dict) -> str:
    """A short model card: what the run learned from, how good it is beside the standard models, limits."""
    lines = [f"# Model card: knowledge tracing ({run.model_name})", "",
             f"Created {run.created} with EduMTL (Keras {versions.get('keras')}, TensorFlow "
             f"{versions.get('tensorflow-cpu')}).", "", "## Data",
             f"{run.n_answers} scored answers of {run.n_students} students on {run.vocabulary.n_skills} skills"
             + (f" and {run.vocabulary.n_items} items" if run.vocabulary.n_items else "") + ".",
             f"Columns: student '{run.roles.student}', skill '{run.roles.skill}', correct '{run.roles.correct}'"
             + (f" (right at >= {run.roles.pass_mark:g})" if run.roles.pass_mark is not None else "")
             + f", order '{run.roles.order}'" + (f", item '{run.roles.item}'" if run.roles.item else "") + ".",
             "", "## How good it is", f"Evaluation: {run.evaluation.describe()} (students split: no student's "
             "answers on both sides); each answer predicted from that student's earlier answers only.", "",
             "| model | ROC AUC | accuracy | RMSE | verdict |", "|---|---|---|---|---|"]
    for row in run.summary.itertuples():
        lines.append(f"| {row.model} | {row.auc:.3f} | {row.accuracy:.3f} | {row.rmse:.3f} | {row.in_words} |")
    lines += ["", "## Intended use and limits",
              "Mastery is the predicted probability that a student's next answer on a skill is right; read it with "
              "the number of answers it rests on. It describes what the model associates with the answers so far, "
              "not a diagnosis. Students never seen start from the class prior; skills never seen get the overall "
              "rate. Predictions are only as representative as the training log (its students, skills and items)."]
    return "\n".join(lines) + "\n"


def load_log_run(directory: str | os.PathLike):
    """Load a log run saved by :func:`save_log_run`; it predicts exactly as it did when saved.

    Raises:
        RunLoadError: the folder is missing, incomplete or damaged, a file was edited without also
            rewriting ``checksums.json``, it is not a log run, or it is from an incompatible version.
    """
    folder = Path(directory)
    meta, listed = store._readable(folder)
    if meta.get("kind") != KIND:
        raise RunLoadError(f"Run '{folder.name}' was trained on a class table, not on an answer log. Open it "
                           "as a class-table run.")
    if meta.get("log_format") != LOG_FORMAT:
        raise RunLoadError(f"Run '{folder.name}' was saved in log format {meta.get('log_format')!r}; this EduMTL "
                           f"reads {LOG_FORMAT}. Train the run again with this version.")
    unlisted = [name for name in REQUIRED_FILES if name not in listed]
    if unlisted:
        raise RunLoadError(f"Run '{folder.name}' is incomplete: '{unlisted[0]}' has no checksum. Save the run again.")

    from .._quiet import import_tensorflow

    import_tensorflow()
    import keras

    from ..sequence import layers  # noqa: F401  registers the custom layers before loading
    from ..sequence.predictor import LogPredictor
    from ..sequence.training import LogRun

    try:
        model = keras.saving.load_model(folder / MODEL_FILE, compile=False, safe_mode=True)
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
        config = LogConfig(**meta["config"])
        vocabulary = Vocabulary.from_dict(meta["vocabulary"])
        predictor = LogPredictor(model, vocabulary, config, float(meta["prior"]))
        return LogRun(
            config=config, roles=LogRoles.from_dict(meta["roles"]),
            evaluation=store.evaluation_from_dict(meta["evaluation"]), vocabulary=vocabulary, **frames,
            model_name=meta["model_name"], seconds=dict(meta["seconds"]), n_students=int(meta["n_students"]),
            n_answers=int(meta["n_answers"]), epochs=int(meta["epochs"]), stopped_by_user=bool(meta["stopped_by_user"]),
            elapsed_s=float(meta["elapsed_s"]), created=meta["created"], fingerprint=meta["fingerprint"],
            prior=float(meta["prior"]), predictor=predictor,
        )
    except RunLoadError:
        raise
    except Exception as error:  # a damaged file that still matched its checksum, or an unknown field
        raise RunLoadError(f"Run '{folder.name}' could not be read ({type(error).__name__}: {error}). "
                           "Train and save the run again.") from error

