"""Coherent outcomes, bounded values and 80 % intervals: the read-out before and after, on the same networks.

Each run trains once (the default TrainConfig) and reads the same trained ensemble out twice, on the same
out-of-sample students:

* **before**: each head on its own (the most likely class of each outcome, values as the network gives
  them: what EduMTL showed before outcomes were read out together);
* **after**: the read-out of ``mtl_core.predict`` (outcomes of one quantity reconciled and decided
  together, values kept inside their column's range and inside their family's labels, 80 % intervals).

So the differences come from the read-out alone (same folds, same seeds, same weights). Reported per data set:
students with contradictory predictions, predictions outside the column's range, accuracy / RMSE before and
after, and the interval's coverage on the out-of-sample students (students no member that predicts them saw).

Data sets: the sample class (``sample_data/class.csv``, outcomes final_exam, passed, dropped_out, math_score,
letter_grade: the dashboard's first five; 5-fold CV) and UCI Portuguese (setup C of
``benchmarks/uci_portuguese.py``: G3, pass = G3 >= 10, grade5; 10-fold CV). UCI is reported only, never used
to choose anything.

Also, for choosing how outcomes are read out together, the selection tables with a family (``--data exam``,
``--data chem97``: a score, its pass mark and its bands; 5-fold CV).

Usage (from the repository root):
    .venv/bin/python benchmarks/coherence.py [--data sample|uci|both|exam|chem97] [--seeds N] [--config KEY=VALUE ...]
        [--markdown]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np
import pandas as pd

import common

SAMPLE_OUTCOMES = ("final_exam", "passed", "dropped_out", "math_score", "letter_grade")


def sample_setup():
    from mtl_core import KFold, make_task

    frame = pd.read_csv(common.REPO / "sample_data" / "class.csv")
    tasks = [make_task(frame, name) for name in SAMPLE_OUTCOMES]
    return "sample class", frame, tasks, None, KFold(5)


def uci_setup():
    import uci_portuguese
    from mtl_core import KFold

    frame = uci_portuguese.load()
    tasks = uci_portuguese.make_tasks(frame)
    return "UCI Portuguese", frame, tasks, uci_portuguese.setup_c_schema(frame, tasks), KFold(10)


def selection_setup(name: str):
    """A selection table of ``benchmarks/selection.py`` with one family (Exam, Chem97: the score, a pass mark
    and bands of it), 5-fold CV as the selection runs."""
    import selection
    from mtl_core import KFold

    chosen = selection.LOADERS[name]()
    return chosen.name, chosen.frame, list(chosen.tasks), chosen.schema, KFold(5)


def read_outs(run, frame):
    """(before, after) per task: labels (classification) or values (regression), for every student."""
    from mtl_core.tabular.predictor import combine, read_out

    predictor, weights = run.predictor, run.row_weights
    features = predictor.features(frame)
    raw = combine(replace(predictor, families=(), target_bounds={}).member_outputs(features), weights)
    before = {t.name: (np.asarray(t.classes, dtype=object)[np.argmax(raw[t.name], axis=1)] if t.is_classification
                       else raw[t.name]) for t in run.tasks}
    shown = read_out(predictor, combine(predictor.member_outputs(features), weights), weights,
                     predictor.member_spreads(features))
    after = {t.name: (np.asarray(t.classes, dtype=object)[shown.labels[t.name]] if t.is_classification
                      else shown.values[t.name]) for t in run.tasks}
    return before, after, shown


def contradictions(run, frame, shown: dict) -> int:
    """Students for whom two outcomes of one quantity disagree: derived outcomes and the column's value
    (from the cut points), or a coarse outcome and the finer one it is a function of in the data."""
    bad = np.zeros(len(frame), bool)
    tasks = {t.name: t for t in run.tasks}
    for family in run.predictor.families:
        if family.ordinal:
            edges = np.array([-np.inf, *family.cuts, np.inf])
            # the atoms each outcome's label allows; the value's atom
            allowed = np.ones((len(frame), family.atoms), bool)
            for name, members in zip(family.tasks, family.membership):
                index = pd.Index(tasks[name].classes).get_indexer(shown[name])
                allowed &= np.asarray(members)[None, :] == index[:, None]
            bad |= ~allowed.any(axis=1)
            if family.value_task:
                atom = np.searchsorted(edges[1:-1], shown[family.value_task], side="right")
                bad |= ~allowed[np.arange(len(frame)), atom]
        else:
            fine = tasks[family.tasks[0]]
            index = pd.Index(fine.classes).get_indexer(shown[fine.name])
            for name, members in zip(family.tasks[1:], family.membership[1:]):
                implied = np.asarray(tasks[name].classes, dtype=object)[np.asarray(members)[index]]
                bad |= implied != shown[name]
    return int(bad.sum())


def outside(run, frame, shown: dict) -> int:
    """Predictions outside the range of their column among the labelled students."""
    from mtl_core import task_labels

    count = 0
    for task in run.tasks:
        if task.is_classification:
            continue
        truth = task_labels(frame, task)
        count += int(((shown[task.name] < truth.min()) | (shown[task.name] > truth.max())).sum())
    return count


def scores(run, frame, shown: dict) -> dict:
    """Accuracy (classification) or RMSE (regression) on the out-of-sample students."""
    from mtl_core import task_labels

    tested = run.predictions["fold"].to_numpy() >= 0
    result = {}
    for task in run.outcome_tasks:
        truth = task_labels(frame, task)
        known = tested & truth.notna().to_numpy()
        if task.is_classification:
            result[task.name] = float((np.asarray(shown[task.name])[known] == truth[known].astype(str)).mean())
        else:
            result[task.name] = float(np.sqrt(np.mean((shown[task.name][known] - truth[known].astype(float)) ** 2)))
    return result


def run_once(setup, config) -> dict:
    from mtl_core import task_labels, train

    name, frame, tasks, schema, evaluation = setup
    started = time.perf_counter()
    run = train(frame, tasks, schema=schema, config=config, evaluation=evaluation)
    before, after, shown = read_outs(run, frame)
    tested = run.predictions["fold"].to_numpy() >= 0
    coverage = {}
    for task in run.outcome_tasks:
        if task.is_classification:
            continue
        truth = task_labels(frame, task)
        known = tested & truth.notna().to_numpy()
        inside = (truth[known] >= shown.low[task.name][known]) & (truth[known] <= shown.high[task.name][known])
        coverage[task.name] = (float(inside.mean()), float(np.mean(shown.high[task.name][known] -
                                                                   shown.low[task.name][known])))
    return dict(name=name, contradictions=(contradictions(run, frame, before), contradictions(run, frame, after)),
                outside=(outside(run, frame, before), outside(run, frame, after)),
                scores=(scores(run, frame, before), scores(run, frame, after)), coverage=coverage,
                families=[f.tasks for f in run.predictor.families], seconds=time.perf_counter() - started,
                students=len(frame))


def report(results: list[dict], markdown: bool) -> str:
    name = results[0]["name"]
    lines = [f"### {name} ({results[0]['students']} students, {len(results)} seed(s); families: "
             f"{'; '.join(' + '.join(f) for f in results[0]['families'])})", ""]
    rows = [["students with contradictory predictions", common.mean_sd([r["contradictions"][0] for r in results], 1),
             common.mean_sd([r["contradictions"][1] for r in results], 1)],
            ["predictions outside the column's range", common.mean_sd([r["outside"][0] for r in results], 1),
             common.mean_sd([r["outside"][1] for r in results], 1)]]
    for task in results[0]["scores"][0]:
        metric = "RMSE" if task in results[0]["coverage"] else "% correct"
        scale = 1.0 if metric == "RMSE" else 100.0
        rows.append([f"{task} {metric}", common.mean_sd([r["scores"][0][task] * scale for r in results], 2),
                     common.mean_sd([r["scores"][1][task] * scale for r in results], 2)])
    lines.append(common.render_table(["measure", "before (each head alone)", "after (read out together)"], rows,
                 markdown=markdown))
    rows = [[task, common.mean_sd([100 * r["coverage"][task][0] for r in results], 1),
             common.mean_sd([r["coverage"][task][1] for r in results], 2)] for task in results[0]["coverage"]]
    lines += ["", common.render_table(["outcome", "80 % interval: % of true values inside", "mean width"], rows,
                                      markdown=markdown)]
    lines.append(f"\n({np.mean([r['seconds'] for r in results]):.0f} s per run)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=("sample", "uci", "both", "exam", "chem97"), default="both",
                        help="sample class and UCI (both), or one selection table with a family (exam, chem97)")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--config", nargs="*", default=[])
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    config = common.parse_config(args.config)
    print("\n".join(common.header_lines()))
    print(f"config: {common.describe_config(config)}\n", flush=True)
    setups = {"sample": [sample_setup], "uci": [uci_setup], "both": [sample_setup, uci_setup],
              "exam": [lambda: selection_setup("Exam")], "chem97": [lambda: selection_setup("Chem97")]}[args.data]
    for make in setups:
        setup = make()
        results = []
        for seed in range(args.seeds):
            results.append(run_once(setup, replace(config, seed=seed)))
            print(f"  {setup[0]}, seed {seed}: {results[-1]['seconds']:.0f} s", flush=True)
        print(report(results, args.markdown) + "\n", flush=True)


if __name__ == "__main__":
    main()
