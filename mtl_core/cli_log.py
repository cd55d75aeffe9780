"""Command line for answer logs (knowledge tracing); :mod:`mtl_core.cli` dispatches here.

    python -m mtl_core train --log --data LOG [--student COL] [--skill COL] [--correct COL] [--order COL]
                             [--item COL] [--pass-mark P] [--skill-separator S] [--model NAME]
                             [--cv K | --test-size F] [--seed N] [--epochs N] [--quiet] --out DIR
    python -m mtl_core predict --run DIR/run --data NEW_LOG --out FILE

``train --log`` writes, in DIR:

* ``predictions.csv``: one row per input row, in input order: the input columns plus ``p_correct``, the
  out-of-fold probability that the answer is right, predicted from the student's earlier answers only
  (empty for the training students of a hold-out split, and for rows without a right/wrong value);
* ``mastery.csv``: student, skill, mastery (probability that the next answer on the skill is right,
  after the student's last answer), answers (the student's scored answers on the skill);
* ``metrics.json``: AUC, accuracy, RMSE and log loss of the model and of the base rate, PFA and BKT
  on the same students, with the verdicts;
* ``run/``: the saved run.

``predict`` writes FILE: the input columns plus ``p_correct`` for every row. Column flags may be
omitted when the roles can be inferred; the run's own column names are used by ``predict``. A bad log
exits with status 2 and a message naming the column, the rows, the problem and the fix.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ConfigError
from .runs.export import spreadsheet_safe

ROLE_FLAGS = ("student", "skill", "correct", "order", "item")


def add_log_arguments(parser) -> None:
    """The ``train --log`` options."""
    group = parser.add_argument_group("answer logs (with --log)")
    group.add_argument("--log", action="store_true", help="the data is an answer log: one row per answer")
    group.add_argument("--student", help="the student column (default: inferred)")
    group.add_argument("--skill", help="the skill column; several skills in a cell as skill_a;skill_b")
    group.add_argument("--correct", help="the right/wrong column: 0/1, yes/no, true/false, or a score with --pass-mark")
    group.add_argument("--order", help="the attempt number or timestamp column")
    group.add_argument("--item", help="the exercise/question column (optional)")
    group.add_argument("--pass-mark", type=float, help="a score at or above it counts as right")
    group.add_argument("--skill-separator", help="the character between several skills in one cell (default ;)")
    group.add_argument("--model", help="knowledge-tracing model (default: dkt)")


def _log_roles(args, frame: pd.DataFrame):
    from .data.answer_log import infer_log_roles

    roles = infer_log_roles(frame)
    changes = {role: getattr(args, role) for role in ROLE_FLAGS if getattr(args, role)}
    if args.pass_mark is not None:
        changes["pass_mark"] = args.pass_mark
    if args.skill_separator:
        changes["skill_separator"] = args.skill_separator
    return roles.with_roles(**changes) if changes else roles


def _check_flags(args) -> None:
    tabular = [flag for flag, value in (("--targets", args.targets), ("--aux", args.aux), ("--weights", args.weights),
                                        ("--drop", args.drop), ("--architecture", args.architecture),
                                        ("--weighting", args.weighting), ("--compare", args.compare)) if value]
    if tabular:
        raise ConfigError(f"{', '.join(tabular)} {'is' if len(tabular) == 1 else 'are'} for class tables; with --log "
                          "name the log's columns with --student, --skill, --correct and --order.")


def _output_with_p(frame: pd.DataFrame, p_correct: np.ndarray) -> pd.DataFrame:
    if "p_correct" in frame.columns:
        raise ConfigError("The log already has a column named 'p_correct'. Rename it and run again.")
    out = frame.copy()
    out["p_correct"] = p_correct
    return spreadsheet_safe(out)


def _train_log(args) -> int:
    from . import load_table
    from .evaluation.splits import Holdout, KFold
    from .runs.log_store import save_log_run
    from .sequence.config import LogConfig
    from .sequence.training import train_log

    _check_flags(args)
    frame = load_table(args.data, sheet=args.sheet).frame
    _output_with_p(frame.head(0), np.zeros(0))  # a 'p_correct' column already there fails before training
    roles = _log_roles(args, frame)
    evaluation = KFold(args.cv) if args.cv is not None else Holdout(args.test_size or 0.2)
    overrides = {k: v for k, v in dict(seed=args.seed, epochs=args.epochs, model=args.model).items() if v is not None}
    run = train_log(frame, roles, config=LogConfig(**overrides), evaluation=evaluation,
                    callback=None if args.quiet else _progress)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _output_with_p(frame, run.predictions["p_correct"].to_numpy()).to_csv(out / "predictions.csv", index=False)
    mastery = run.mastery[["student", "skill", "mastery", "answers"]]
    spreadsheet_safe(mastery).to_csv(out / "mastery.csv", index=False)
    (out / "metrics.json").write_text(json.dumps(log_metrics_json(run), indent=1, ensure_ascii=False),
                                      encoding="utf-8")
    save_log_run(run, out / "run", overwrite=True)
    print(_summary_text(run, out), file=sys.stderr)
    return 0


def _progress(log) -> None:
    if log.epoch == 1 or log.epoch % 5 == 0:
        print(f"fold {log.fold + 1}/{log.folds} epoch {log.epoch}: validation loss {log.val_loss:.3f} "
              f"(guessing the overall rate: {log.baseline_loss:.3f}), AUC {log.val_auc:.3f}", file=sys.stderr)


def _clean(value):
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def log_metrics_json(run) -> dict:
    """Model and baselines: metrics (pooled over test students), their sd across folds, verdicts, in words."""
    table = run.metrics
    summary = run.summary.set_index("model")
    models = list(summary.index)
    return {
        "mode": "answer_log", "model": run.model_name, "evaluation": run.evaluation.describe(),
        "n_students": run.n_students, "n_answers": run.n_answers, "n_skills": run.vocabulary.n_skills,
        "n_test_answers": int(table[table["model"] == run.model_name]["answers"].iloc[0]),
        "epochs": run.epochs, "seconds": run.seconds,
        "metrics": {m: {r.metric: _clean(r.value) for r in table[table["model"] == m].itertuples()} for m in models},
        "metrics_sd": {m: {r.metric: _clean(r.sd) for r in table[table["model"] == m].itertuples()} for m in models},
        "baselines": [m for m in models if m != run.model_name],
        "verdicts": {m: summary.at[m, "verdict"] for m in models},
        "in_words": {m: summary.at[m, "in_words"] for m in models},
        "calibration": [{k: _clean(v) for k, v in row.items()}
                        for row in run.calibration[run.calibration["model"] == run.model_name].to_dict("records")],
    }


def _summary_text(run, out: Path) -> str:
    lines = [f"Trained {run.model_name} on {run.n_answers} answers of {run.n_students} students "
             f"({run.evaluation.describe()}) in {run.elapsed_s:.1f} s."]
    for row in run.summary.itertuples():
        lines.append(f"  {row.model}: AUC {row.auc:.3f}, accuracy {row.accuracy:.3f}, RMSE {row.rmse:.3f} "
                     f"-> {row.in_words}")
    for row in run.warnings.itertuples():
        lines.append(f"  warning ({row.column or 'the log'}): {row.problem}")
    lines.append(f"Wrote {out}/predictions.csv, mastery.csv, metrics.json and the saved run in {out}/run.")
    return "\n".join(lines)


def _run_folder(path) -> Path:
    folder = Path(path)
    if not (folder / "run.json").exists() and (folder / "run" / "run.json").exists():
        folder = folder / "run"
    return folder


def is_log_run(path) -> bool:
    """Whether ``path`` (a run folder, or a ``train --out`` folder) holds a saved answer-log run."""
    from .errors import RunLoadError
    from .runs.log_store import run_kind

    try:
        return run_kind(_run_folder(path)) == "answer_log"
    except RunLoadError:
        return False  # the class-table loader gives the full message


def _predict_log(args) -> int:
    from . import load_table
    from .runs.log_store import load_log_run
    from .sequence.scoring import score_log

    run = load_log_run(_run_folder(args.run))
    frame = load_table(args.data, sheet=args.sheet).frame
    scores = score_log(run, frame)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _output_with_p(frame, scores.predictions["p_correct"].to_numpy()).to_csv(out, index=False)
    for row in scores.warnings.itertuples():
        rows = f" (rows {row.rows})" if row.rows else ""
        print(f"warning: column '{row.column}'{rows}: {row.problem} {row.fix}", file=sys.stderr)
    print(f"Wrote p_correct for {int(scores.predictions['p_correct'].notna().sum())} of {len(frame)} answers "
          f"to {out}.", file=sys.stderr)
    return 0
