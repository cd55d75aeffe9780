"""Command line: train on a class file, or score a new file with a saved run.

    python -m mtl_core train --data PATH --targets COL[:KIND][,COL[:KIND]...] [--drop COL,...] [--id COL]
                             [--keep-sensitive] [--cv K | --test-size F] [--seed N] [--weights TASK=W,...]
                             [--epochs N] --out DIR [--aux COL,...] [--architecture NAME] [--weighting NAME]
                             [--compare]
    python -m mtl_core predict --run DIR --data PATH --out FILE
    python -m mtl_core train --log --data LOG [--student COL --skill COL --correct COL --order COL] [--item COL]
                             [--pass-mark P] [--model NAME] [--cv K | --test-size F] [--seed N] [--epochs N] --out DIR

``train --log`` trains knowledge tracing on an answer log (one row per answer; see :mod:`mtl_core.cli_log`);
``predict`` recognises a saved log run and scores a new log with it.

A target is ``COL`` or ``COL:KIND`` (KIND: regression, binary, multiclass; inferred when omitted),
or a derived task:

* ``NAME=COL>=T`` — binary, "pass" when COL >= T, else "fail" (``NAME=COL>=T:below/above`` names the labels);
* ``NAME=COL:bands:C1/C2/...`` — classes cut at C1 < C2 < ... (``...:bands:C1/C2:L1/L2/L3`` names them).

Column roles are inferred as in the dashboard (:func:`mtl_core.infer_schema`): IDs, names, free text
and columns that look like other outcomes are not inputs, and neither are sensitive columns (gender,
age, ...) unless ``--keep-sensitive`` is given (to replicate a study that uses them; the model card
then says so). ``--drop`` leaves columns out and ``--id`` names the ID column, whatever was inferred.
Bad input exits with status 2 and a one-paragraph message; nothing else prints a traceback. What the
reader changed and the checks' warnings are printed as ``warning: ...`` lines, as the Data page lists them.

``train`` writes its output folder as one transaction (:class:`mtl_core.runs.output.OutputFolder`):
everything goes to a staging folder beside ``--out`` and takes its place in one step at the end, so the
folder holds the old results or the new ones, never a mix; a second ``train`` on the same folder is
refused while the first runs; a full disk leaves the old results untouched.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .cli_log import _predict_log, _train_log, add_log_arguments, is_log_run
from .errors import ConfigError, EduMTLError
from .runs.export import spreadsheet_safe

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: short message, status 2
        self.print_usage(sys.stderr)
        raise SystemExit(_fail(f"{message}. Run with --help to see every option."))


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m mtl_core", description="EduMTL: multi-task learning for a class of students.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    fit = commands.add_parser("train", help="train one multi-task network and evaluate it")
    fit.add_argument("--data", required=True, help="class file: CSV, Excel (.xlsx) or Parquet")
    fit.add_argument("--targets", help="outcomes to predict: COL[:KIND],NAME=COL>=T,... (class tables)")
    fit.add_argument("--aux", default="", help="training-only targets (shape the network, not reported)")
    fit.add_argument("--drop", default="", help="columns not used as inputs, comma-separated")
    fit.add_argument("--id", dest="id_column", help="the student ID column (default: inferred)")
    fit.add_argument("--keep-sensitive", action="store_true",
                     help="use sensitive columns (gender, age, ...) as inputs; by default they only serve the "
                          "fairness audit")
    fit.add_argument("--sheet", help="Excel sheet name (default: the first sheet with data)")
    scheme = fit.add_mutually_exclusive_group()
    scheme.add_argument("--cv", type=int, help="k-fold cross-validation: out-of-fold predictions for everyone")
    scheme.add_argument("--test-size", type=float, help="hold-out share of students (default 0.2)")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--weights", default="", help="task weights: TASK=W,...")
    fit.add_argument("--epochs", type=int, help="most epochs (early stopping usually ends sooner)")
    fit.add_argument("--architecture", help="network architecture (default: shared_bottom)")
    fit.add_argument("--weighting", help="loss weighting (default: manual)")
    fit.add_argument("--compare", action="store_true",
                     help="also train, on the same folds, the network on each task alone, a random forest and "
                          "gradient boosting, and name the best model per task")
    fit.add_argument("--out", required=True, help="output folder")
    fit.add_argument("--quiet", action="store_true", help="no progress lines")
    add_log_arguments(fit)
    score = commands.add_parser("predict", help="score a new class file with a saved run")
    score.add_argument("--run", required=True, help="a saved run folder (or a train --out folder)")
    score.add_argument("--data", required=True)
    score.add_argument("--sheet")
    score.add_argument("--out", required=True, help="CSV file to write")
    return parser


# --------------------------------------------------------------------------- parsing

def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


_THRESHOLD = re.compile(r"^(?P<name>[^=]+)=(?P<col>.+?)>=(?P<at>[-+0-9.eE]+)(?::(?P<below>[^/]+)/(?P<above>.+))?$")
_BANDS = re.compile(r"^(?P<name>[^=]+)=(?P<col>.+?):bands:(?P<cuts>[-+0-9.eE/]+)(?::(?P<labels>.+))?$")


def parse_targets(text: str, frame: pd.DataFrame, *, auxiliary: bool = False) -> list:
    """TaskSpecs from the --targets syntax (see the module docstring)."""
    from .tasks import Bands, Threshold, make_task

    tasks = []
    for item in _split(text):
        if match := _THRESHOLD.match(item):
            labels = dict(below=match["below"], above=match["above"]) if match["below"] else {}
            derive = Threshold(float(match["at"]), **labels)
            tasks.append(make_task(frame, match["col"].strip(), name=match["name"].strip(), derive=derive,
                                   auxiliary=auxiliary))
        elif match := _BANDS.match(item):
            cuts = tuple(float(c) for c in match["cuts"].split("/") if c)
            labels = tuple(match["labels"].split("/")) if match["labels"] else ()
            tasks.append(make_task(frame, match["col"].strip(), name=match["name"].strip(),
                                   derive=Bands(cuts, labels), auxiliary=auxiliary))
        else:
            column, _, kind = item.partition(":")
            tasks.append(make_task(frame, column.strip(), kind=kind.strip() or None, auxiliary=auxiliary))
    if not tasks and not auxiliary:
        raise ConfigError("--targets names no column. Example: --targets final_exam,passed:binary")
    return tasks


def parse_weights(text: str) -> dict[str, float]:
    weights = {}
    for item in _split(text):
        name, sep, value = item.rpartition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            name = ""
        if not sep or not name.strip():
            raise ConfigError(f"--weights expects TASK=NUMBER pairs, e.g. final_exam=2,passed=1. Got '{item}'.")
    return weights


def command_line_schema(frame: pd.DataFrame, tasks, drop: list[str], id_column: str | None, *,
                        keep_sensitive: bool = False):
    """Column roles for ``train``: the inferred ones, with the command line's choices on top.

    Args:
        frame: the class table.
        tasks: the tasks to train; their columns are targets.
        drop: columns never used as inputs (``--drop``).
        id_column: the ID column (``--id``), or None to keep the inferred one.
        keep_sensitive: make the columns inferred as sensitive inputs (``--keep-sensitive``). Default False.
    """
    from .data.schema import Role, infer_schema
    from .data.values import suggest_column

    for column in [*drop, *([id_column] if id_column else [])]:
        if column not in frame.columns:
            raise ConfigError(f"Column '{column}' is not in the file. {suggest_column(column, frame.columns)}")
    schema = infer_schema(frame)
    roles = dict.fromkeys(schema.with_role(Role.SENSITIVE) if keep_sensitive else [], Role.INPUT)
    roles.update(dict.fromkeys((t.column for t in tasks), Role.TARGET))
    roles.update(dict.fromkeys(drop, Role.IGNORE))
    if id_column:
        roles.update(dict.fromkeys((c for c in schema.with_role(Role.ID) if c != id_column), Role.IGNORE))
        roles[id_column] = Role.ID
    return schema.with_roles(roles)


# --------------------------------------------------------------------------- commands

def _train(args) -> int:
    if not args.targets:
        raise ConfigError("train needs --targets (the outcomes of a class table), or --log for an answer log "
                          "(one row per answer). Run with --help to see every option.")
    from . import load_table
    from .evaluation.splits import Holdout, KFold
    from .explanations.recommend import recommend
    from .runs.export import csv_bytes
    from .runs.output import OutputFolder, ensure_free_space, write_file
    from .runs.store import estimated_size, save_run
    from .tabular.training import TrainConfig, train, with_weights

    out = Path(args.out)
    with OutputFolder(out, what="training") as staging:  # refuses a second training on the same folder at once
        loaded = load_table(args.data, sheet=args.sheet)
        frame = loaded.frame
        tasks = parse_targets(args.targets, frame) + parse_targets(args.aux, frame, auxiliary=True)
        tasks = list(with_weights(tasks, parse_weights(args.weights)))
        schema = command_line_schema(frame, tasks, _split(args.drop), args.id_column,
                                     keep_sensitive=args.keep_sensitive)
        evaluation = KFold(args.cv) if args.cv is not None else Holdout(args.test_size or 0.2)
        overrides = {k: v for k, v in dict(seed=args.seed, epochs=args.epochs, architecture=args.architecture,
                                            weighting=args.weighting).items() if v is not None}
        config = TrainConfig(**overrides)
        run = train(frame, tasks, schema=schema, config=config, evaluation=evaluation,
                    callback=None if args.quiet else _progress, compare=args.compare)
        recommendations = csv_bytes(recommend(run, frame).students)
        metrics = json.dumps(metrics_json(run), indent=1, ensure_ascii=False).encode("utf-8")
        predictions_size = 2 * int(run.predictions.memory_usage(deep=True).sum())
        ensure_free_space(staging, len(recommendations) + len(metrics) + predictions_size + estimated_size(run),
                          "the training's results")
        _write_predictions(run, frame, schema.id_column, staging / "predictions.csv")
        write_file(staging / "recommendations.csv", recommendations)
        write_file(staging / "metrics.json", metrics)
        save_run(run, staging / "run")
    # predictions, recommendations, metrics and the run appear in the folder together, or not at all
    _print_problems(pd.concat([loaded.notes, run.warnings], ignore_index=True))
    print(_summary_text(run, out), file=sys.stderr)
    return 0


def _print_problems(problems: pd.DataFrame) -> None:
    """The warnings of the reader and of the checks, one line each, as the Data page lists them."""
    for row in problems.itertuples(index=False):
        where = f"column '{row.column}'" if row.column else "the table"
        rows = f" (rows {row.rows})" if row.rows else ""
        print(f"{row.severity}: {where}{rows}: {row.problem} Fix: {row.fix}", file=sys.stderr)


def _progress(log) -> None:
    if log.epoch == 1 or log.epoch % 25 == 0:
        losses = ", ".join(f"{k} {v:.3f}" for k, v in log.val_loss.items())
        print(f"epoch {log.epoch}: validation loss (1.0 = guessing) {losses}", file=sys.stderr)


def _write_predictions(run, frame: pd.DataFrame, id_column: str | None, path: Path) -> None:
    """One row per input row, in input order; holdout training rows are left empty."""
    predictions = run.predictions
    columns = {}
    if id_column:
        columns[id_column] = frame[id_column].to_numpy()
    for task in run.outcome_tasks:
        columns[task.name] = predictions[task.name].where(predictions["out_of_sample"]).to_numpy()
    from .runs.output import write_file

    write_file(path, spreadsheet_safe(pd.DataFrame(columns)).to_csv(index=False).encode("utf-8"))


def _clean(value):
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    return value


def metrics_json(run) -> dict:
    """Per task: kind, metrics, baseline metrics, labelled students, verdict."""
    result = {"evaluation": run.evaluation.describe(), "n_students": run.n_students, "epochs": run.epochs,
              "seconds": round(run.elapsed_s, 2), "tasks": {}}
    for task in run.outcome_tasks:
        rows = run.metrics[run.metrics["task"] == task.name]
        summary = run.summary.set_index("task").loc[task.name]
        result["tasks"][task.name] = {
            "kind": task.kind.value,
            "n_labelled": int(summary["n_labelled"]),
            "metrics": {r.metric: _clean(r.model) for r in rows.itertuples()},
            "metrics_sd": {r.metric: _clean(r.model_sd) for r in rows.itertuples()},
            "baseline": {r.metric: _clean(r.baseline) for r in rows.itertuples()},
            "primary_metric": summary["metric"],
            "verdict": summary["verdict"],
        }
    _add_calibration(result, run)
    if run.comparison is not None:
        _add_comparison(result, run)
    return result


def _add_calibration(result: dict, run) -> None:
    """Per classification task: the reliability curve of the out-of-sample predictions (its ECE is a metric)."""
    table = getattr(run, "calibration", None)
    if table is None:
        return
    for name, entry in result["tasks"].items():
        rows = table[table["task"] == name]
        if rows.empty:
            continue
        entry["calibration"] = {
            "curve": rows["curve"].iloc[0], "label": rows["label"].iloc[0] or None,
            "bins": [{"lower": _clean(r.lower), "upper": _clean(r.upper), "predicted": _clean(r.predicted),
                      "observed": _clean(r.observed), "students": _clean(r.students)} for r in rows.itertuples()],
        }


def _add_comparison(result: dict, run) -> None:
    """Per task: every model's metrics (with sd across folds), the best model, by how much and whether that
    is within fold noise, the multi-task gain over single-task and the gap to the better tree model."""
    from .evaluation.comparison import NOISE_RULE

    summary = run.comparison_summary.set_index("task")
    for name, entry in result["tasks"].items():
        rows = run.comparison[run.comparison["task"] == name]
        entry["comparison"] = {
            model: {r.metric: {"value": _clean(r.value), "sd": _clean(r.sd)} for r in group.itertuples()}
            for model, group in rows.groupby("model", sort=False)
        }
        row = summary.loc[name]
        entry["best_model"] = row["best"]
        entry["best_versus"] = {"model": row.get("versus"), "margin": _clean(row.get("margin")),
                                "margin_relative": _clean(row.get("margin_relative")),
                                "within_fold_noise": _flag(row.get("within_noise"))}
        entry["multi_task_gain_over_single_task"] = _clean(row["gain"])
        entry["multi_task_gain_within_fold_noise"] = _flag(row.get("gain_within_noise"))
        entry["best_tree_model"] = row.get("best_tree") or None
        entry["multi_task_gap_to_best_tree"] = _clean(row.get("tree_gap"))
        entry["multi_task_gap_to_best_tree_within_fold_noise"] = _flag(row.get("tree_gap_within_noise"))
    result["comparison_rule"] = ("best: the best value of the primary metric on the same students; margin and "
                                 "gaps as a share of the other model's value, positive = better; " + NOISE_RULE)
    seconds = run.comparison.drop_duplicates("model").set_index("model")["seconds"]
    result["training_seconds"] = {model: _clean(value) for model, value in seconds.items()}
    result["task_gradient_similarity"] = {a: {b: _clean(v) for b, v in row.items()}
                                          for a, row in run.task_similarity.iterrows()}


def _flag(value):
    """A JSON boolean from a summary cell (None when the run predates the column)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else bool(value)


def comparison_lines(summary: pd.DataFrame) -> list[str]:
    """One line per task: the best model on the same folds, its lead, whether that is fold noise, and how the
    multi-task network did against the same network per task and against the better tree model."""
    lines = []
    for row in summary.to_dict("records"):
        best, versus, metric = row["best"], row.get("versus") or "", row["metric"]
        if not best:
            lines.append(f"  {row['task']}: no model could be evaluated.")
            continue
        text = f"  {row['task']}: best on the same folds: {best} ({metric} {row[best]:.3f})"
        if versus:
            noise = "within fold noise" if _flag(row.get("within_noise")) is not False else "more than fold noise"
            text += (f", ahead of {versus} ({row[versus]:.3f}) by {row['margin']:.3f} "
                     f"({row['margin_relative']:.1%}): {noise}")
        extras = []
        if math.isfinite(row.get("gain", math.nan)):
            noise = " (within fold noise)" if _flag(row.get("gain_within_noise")) is not False else ""
            extras.append(f"multi-task vs single-task {row['gain']:+.1%}{noise}")
        if row.get("best_tree") and math.isfinite(row.get("tree_gap", math.nan)):
            noise = " (within fold noise)" if _flag(row.get("tree_gap_within_noise")) is not False else ""
            extras.append(f"multi-task vs {row['best_tree']} {row['tree_gap']:+.1%}{noise}")
        lines.append(text + (f"; {'; '.join(extras)}" if extras else "") + ".")
    return lines


def _summary_text(run, out: Path) -> str:
    lines = [f"Trained on {run.n_students} students ({run.evaluation.describe()}) in {run.elapsed_s:.1f} s."]
    for row in run.summary.itertuples():
        lines.append(f"  {row.task}: {row.metric} {row.model:.3f} (baseline {row.baseline:.3f}) -> {row.verdict}")
    if run.comparison_summary is not None:
        lines += comparison_lines(run.comparison_summary)
    lines.append(f"Wrote {out}/metrics.json, predictions.csv, recommendations.csv and the saved run in {out}/run.")
    return "\n".join(lines)


def _predict(args) -> int:
    from . import load_table
    from .explanations.recommend import predict
    from .runs.output import ensure_free_space, write_file
    from .runs.store import load_run

    folder = Path(args.run)
    if not (folder / "run.json").exists() and (folder / "run" / "run.json").exists():
        folder = folder / "run"
    run = load_run(folder)
    loaded = load_table(args.data, sheet=args.sheet)
    frame = loaded.frame
    predictions = predict(run, frame)
    id_column = run.schema.id_column
    columns = {id_column: frame[id_column].to_numpy()} if id_column and id_column in frame.columns else {}
    columns.update({t.name: predictions[t.name].to_numpy() for t in run.outcome_tasks})
    data = spreadsheet_safe(pd.DataFrame(columns)).to_csv(index=False).encode("utf-8")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    ensure_free_space(out.parent, len(data), f"the predictions '{out.name}'")
    write_file(out, data)  # through a temporary file: never a half-written CSV
    _print_problems(loaded.notes)
    print(f"Wrote predictions for {len(frame)} students to {out}.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    args = build_parser().parse_args(argv)
    try:
        if args.command == "train":
            return _train_log(args) if args.log else _train(args)
        return _predict_log(args) if is_log_run(args.run) else _predict(args)
    except EduMTLError as error:  # DataValidationError included: its message lists every problem
        return _fail(str(error))
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        return _fail(f"cannot open '{error.filename}': {error.strerror}. Check the path.")
