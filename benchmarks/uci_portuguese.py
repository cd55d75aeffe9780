"""UCI Student Performance (Portuguese course), setup C: EduMTL beside the published figures.

Data: P. Cortez and A. Silva, "Using Data Mining to Predict Secondary School Student Performance",
Proc. FUBUTEC 2008, pp. 5-12 (UCI Machine Learning Repository, CC BY 4.0); 649 students.

Setup C is the early-warning setting: no grade of the year is an input (G1 and G2 are left out; with
``--aux`` they become training-only targets, which the setup allows because they are known for past
classes). Every other column is an input, as in the paper. Three outcomes are learnt together:

* ``G3`` (final grade 0-20, regression; reported as RMSE),
* ``pass`` (G3 >= 10; reported as % correct),
* ``grade5`` (bands 0-9 / 10-11 / 12-13 / 14-15 / 16-20; reported as % correct).

One call of ``mtl_core.train(..., evaluation=KFold(10), compare=True)`` trains, on the same ten folds,
the multi-task network, the same network on each outcome alone, a 500-tree random forest and
scikit-learn's HistGradientBoosting per outcome (``mtl_core.evaluation.references``) and the naive
baseline (training-fold mean / majority class). ``--seeds N`` repeats that with seeds
0..N-1 (different folds and initial weights) and reports mean ± sd over the repetitions.

Usage (from the repository root):
    .venv/bin/python benchmarks/uci_portuguese.py [--aux] [--seeds N] [--config KEY=VALUE ...] [--markdown]
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

import common

OUTCOMES = ("G3", "pass", "grade5")
# The metric each outcome is reported with in the paper, and how to print it.
REPORTED = {"G3": ("rmse", "G3 RMSE", 1.0, 2), "pass": ("accuracy", "pass % correct", 100.0, 1),
            "grade5": ("accuracy", "five-level % correct", 100.0, 1)}
# Cortez & Silva (2008), setup C, mean of 20 runs of 10-fold CV (copied from the dataset README).
PUBLISHED_C = {
    "G3": {"NV": 3.23, "NN": 2.79, "SVM": 2.76, "DT": 2.93, "RF": 2.67},
    "pass": {"NV": 84.6, "NN": 83.4, "SVM": 84.8, "DT": 84.4, "RF": 85.0},
    "grade5": {"NV": 31.0, "NN": 33.7, "SVM": 34.9, "DT": 32.8, "RF": 36.7},
}
MODEL_LABELS = {
    "multi-task": "EduMTL multi-task",
    "single-task": "same network, one task alone",
    "random forest": "random forest, 500 trees (same folds)",
    "gradient boosting": "gradient boosting, HistGradientBoosting (same folds)",
    "baseline": "naive baseline (fold mean / majority)",
}


def load() -> pd.DataFrame:
    """The 649 students of student-por.csv (semicolon-separated)."""
    return pd.read_csv(common.data_path("uci-student-por", "student-por.csv"), sep=";")


def make_tasks(frame: pd.DataFrame, *, aux: bool = False) -> list:
    """G3 (regression), pass (G3 >= 10) and grade5 (bands at 10/12/14/16); G1, G2 as auxiliary with ``aux``."""
    from mtl_core import Bands, Threshold, make_task

    tasks = [
        make_task(frame, "G3", kind="regression"),
        make_task(frame, "G3", name="pass", derive=Threshold(10)),
        make_task(frame, "G3", name="grade5", derive=Bands((10, 12, 14, 16))),
    ]
    if aux:
        tasks += [make_task(frame, g, kind="regression", auxiliary=True) for g in ("G1", "G2")]
    return tasks


def setup_c_schema(frame: pd.DataFrame, tasks):
    """Setup C roles: task columns are targets, G1 and G2 are never inputs, every other column is one.

    Sensitive-looking columns (sex, age, ...) stay inputs, as in the paper, so that the figures compare.
    """
    from mtl_core import Role, infer_schema

    targets = {t.column for t in tasks}
    roles = {c: Role.TARGET if c in targets else Role.IGNORE if c in ("G1", "G2") else Role.INPUT
             for c in frame.columns}
    return infer_schema(frame, roles=roles)


def run_once(frame: pd.DataFrame, tasks, config) -> dict:
    """One 10-fold run with the comparison; returns reported values (per task and model) and seconds."""
    from mtl_core import KFold, train

    started = time.perf_counter()
    run = train(frame, tasks, schema=setup_c_schema(frame, tasks), config=config, evaluation=KFold(10),
                compare=True)
    table = run.comparison
    values = {}
    for task in OUTCOMES:
        metric, _, scale, _ = REPORTED[task]
        here = table[(table["task"] == task) & (table["metric"] == metric)].set_index("model")["value"]
        values[task] = {model: float(here[model]) * scale for model in MODEL_LABELS}
    seconds = table.groupby("model")["seconds"].first().to_dict()
    summary = run.comparison_summary.set_index("task")
    best = {task: (summary.at[task, "best"], bool(summary.at[task, "within_noise"])) for task in OUTCOMES}
    return dict(values=values, seconds=seconds, total=time.perf_counter() - started, epochs=run.epochs, best=best)


def run_seeds(frame: pd.DataFrame, tasks, config, seeds: int) -> list[dict]:
    """``run_once`` for seeds 0..seeds-1 (the seed fixes the folds, initial weights and forests)."""
    from dataclasses import replace

    results = []
    for seed in range(seeds):
        results.append(run_once(frame, tasks, replace(config, seed=seed)))
        print(f"  seed {seed}: done in {results[-1]['total']:.0f} s", flush=True)
    return results


# --------------------------------------------------------------------------- report

def task_table(task: str, results: list[dict], markdown: bool) -> str:
    """One outcome: every model of this run (mean ± sd over seeds) beside the published setup-C figures."""
    _, label, _, digits = REPORTED[task]
    rows = [[MODEL_LABELS[m], common.mean_sd([r["values"][task][m] for r in results], digits), "this run"]
            for m in MODEL_LABELS]
    rows += [[f"published {name}", f"{value:.{digits}f}", "Cortez & Silva 2008, 20x10-fold"]
             for name, value in PUBLISHED_C[task].items()]
    best = "; ".join(f"seed {i}: {r['best'][task][0]}{' (within fold noise)' if r['best'][task][1] else ''}"
                     for i, r in enumerate(results))
    return common.render_table(["model", label, "source"], rows, markdown=markdown) + f"\nbest on the same folds: {best}"


def speed_table(results: list[dict], markdown: bool) -> str:
    """Training seconds of each model family in the same process, and the multi-task / forest ratio."""
    def column(model):
        return [r["seconds"][model] for r in results]

    trees = [r["seconds"]["random forest"] + r["seconds"]["gradient boosting"] for r in results]
    ratio = [r["seconds"]["multi-task"] / t for r, t in zip(results, trees)]
    rows = [
        ["multi-task network (all folds, all members)", common.mean_sd(column("multi-task"), 1)],
        ["single-task networks (one per outcome)", common.mean_sd(column("single-task"), 1)],
        ["random forests (3 outcomes x 10 folds, 500 trees)", common.mean_sd(column("random forest"), 1)],
        ["gradient boosting (3 outcomes x 10 folds)", common.mean_sd(column("gradient boosting"), 1)],
        ["ratio multi-task / (forests + boosting)", common.mean_sd(ratio, 2)],
        ["whole train(..., compare=True) call", common.mean_sd([r["total"] for r in results], 1)],
        ["peak memory of the process (MiB)", f"{common.peak_memory_mb():.0f}"],
    ]
    return common.render_table(["what", "seconds (mean ± sd over seeds)"], rows, markdown=markdown)


def report(results: list[dict], config, *, aux: bool, markdown: bool) -> str:
    seeds = len(results)
    lines = [f"UCI student-por, setup C (G1, G2 not inputs{'; G1, G2 as auxiliary targets' if aux else ''}), "
             f"10-fold CV, seeds 0..{seeds - 1}, config: {common.describe_config(config)}",
             *common.header_lines(), ""]
    for task in OUTCOMES:
        lines += [task_table(task, results, markdown), ""]
    lines += [speed_table(results, markdown)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aux", action="store_true", help="G1 and G2 as auxiliary (training-only) targets")
    parser.add_argument("--seeds", type=int, default=1, help="repeat with seeds 0..N-1 (default 1)")
    parser.add_argument("--config", nargs="*", default=[], metavar="KEY=VALUE", help="TrainConfig overrides")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error("--seeds must be >= 1")
    from mtl_core import ConfigError

    try:
        config = common.parse_config(args.config)
    except ConfigError as error:
        parser.error(str(error))
    frame = load()
    tasks = make_tasks(frame, aux=args.aux)
    results = run_seeds(frame, tasks, config, args.seeds)
    print(report(results, config, aux=args.aux, markdown=args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
