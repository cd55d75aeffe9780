"""Is the network the cheap option? Training times beside the tree models, in one process.

Three measurements (the targets of issue 9):

1. **400-student class, 10-fold**: a synthetic class of 400 students (``sample_data/generate.py``, seed 1)
   with the dashboard's default outcomes, trained with ``TrainConfig()`` and ``KFold(10)``; then, in the
   same process and on exactly the same folds and inputs, a 500-tree random forest and HistGradientBoosting
   per outcome (``mtl_core.evaluation.references``). Target: network wall time <= 0.25 x (forests + boosting).
2. **The sample class as the dashboard trains it**: ``sample_data/class.csv`` (300 students), the
   dashboard's default outcomes and Recommended settings (``TrainConfig()``, 5-fold). Target <= 10 s.
3. **All 32,593 OULAD registrations, 4 tasks** (final_result, withdrawn, passed, later_score;
   ``benchmarks/oulad.py``), ``TrainConfig()``, hold-out of 20 % (one model, as ``train`` does by default).
   Target <= 60 s.

Every step times the whole ``mtl_core.train`` call (checks, splits, preprocessing, fitting, evaluation).
The machine is shared: absolute seconds are inflated by the others' load, the ratio of step 1 is measured
in one process and is the figure to compare.

Usage (from the repository root):
    .venv/bin/python benchmarks/speed.py [--repeats N] [--skip-oulad] [--config KEY=VALUE ...] [--markdown]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import common

TARGETS = {"ratio": 0.25, "sample": 10.0, "oulad": 60.0}


def dashboard_tasks(frame):
    """The outcomes the dashboard ticks by default for ``frame``, and the schema it infers."""
    import mtl_core
    from dashboard.task_table import build_tasks, default_table

    schema = mtl_core.infer_schema(frame)
    tasks, problems = build_tasks(frame, default_table(frame, schema))
    if problems:
        raise SystemExit(f"error: the default outcomes cannot be used: {problems}")
    return tasks, schema


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def class_400(config, seed: int) -> dict:
    """Step 1: the network on a 400-student class with KFold(10), then the trees on its folds."""
    from dataclasses import replace

    import mtl_core
    from mtl_core.evaluation.references import reference_predictions
    from mtl_core.tabular.training import input_layout
    from sample_data.generate import generate_class

    frame = generate_class(400, seed=1)
    tasks, schema = dashboard_tasks(frame)
    run, network = timed(lambda: mtl_core.train(frame, tasks, schema=schema, config=replace(config, seed=seed),
                                                evaluation=mtl_core.KFold(10)))
    folds = run.predictions["fold"].to_numpy()
    test_rows = np.stack([folds == f for f in range(10)])
    layout = input_layout(frame, run.schema)
    (_, seconds), trees = timed(lambda: reference_predictions(frame, tasks, layout, test_rows, seed))
    return dict(network=network, trees=trees, forest=seconds["random forest"], boosting=seconds["gradient boosting"],
                tasks=len([t for t in tasks if not t.auxiliary]), epochs=run.epochs)


def sample_class(config, seed: int) -> dict:
    """Step 2: the sample class with the dashboard's default outcomes and settings."""
    from dataclasses import replace

    import pandas as pd

    import mtl_core

    frame = pd.read_csv(common.REPO / "sample_data" / "class.csv")
    tasks, schema = dashboard_tasks(frame)
    run, seconds = timed(lambda: mtl_core.train(frame, tasks, schema=schema, config=replace(config, seed=seed),
                                                evaluation=mtl_core.KFold(5)))
    return dict(seconds=seconds, tasks=len(tasks), epochs=run.epochs)


def oulad_all(config, seed: int) -> dict:
    """Step 3: every OULAD registration, four tasks, one hold-out model."""
    from dataclasses import replace

    import mtl_core
    import oulad

    frame = oulad.build_all()
    tasks = oulad.make_tasks(frame)
    schema = oulad.schema_for(frame, tasks)
    run, seconds = timed(lambda: mtl_core.train(frame, tasks, schema=schema, config=replace(config, seed=seed),
                                                evaluation=mtl_core.Holdout(0.2)))
    return dict(seconds=seconds, rows=len(frame), tasks=len(tasks), epochs=run.epochs)


def report(results: dict, config, markdown: bool) -> str:
    def seconds(values):
        return common.mean_sd(values, 1)

    rows = []
    c400 = results["class 400"]
    ratio = [r["network"] / r["trees"] for r in c400]
    rows += [
        ["400-student class, KFold(10): network (whole train call)", seconds([r["network"] for r in c400]), ""],
        ["  random forests, 500 trees (same folds and inputs)", seconds([r["forest"] for r in c400]), ""],
        ["  gradient boosting (same folds and inputs)", seconds([r["boosting"] for r in c400]), ""],
        ["  ratio network / (forests + boosting)", common.mean_sd(ratio, 2),
         f"<= {TARGETS['ratio']}: {'yes' if np.mean(ratio) <= TARGETS['ratio'] else 'NO'}"],
    ]
    sample = results["sample class"]
    value = np.mean([r["seconds"] for r in sample])
    rows.append([f"sample class (300 students, {sample[0]['tasks']} outcomes, KFold(5), dashboard defaults)",
                 seconds([r["seconds"] for r in sample]),
                 f"<= {TARGETS['sample']:.0f} s: {'yes' if value <= TARGETS['sample'] else 'NO'}"])
    if results.get("OULAD"):
        oulad = results["OULAD"]
        value = np.mean([r["seconds"] for r in oulad])
        rows.append([f"OULAD, all {oulad[0]['rows']:,} registrations, {oulad[0]['tasks']} tasks, Holdout(0.2)",
                     seconds([r["seconds"] for r in oulad]),
                     f"<= {TARGETS['oulad']:.0f} s: {'yes' if value <= TARGETS['oulad'] else 'NO'}"])
    epochs = {k: [r["epochs"] for r in v] for k, v in results.items() if v}
    lines = [f"Training speed, config: {common.describe_config(config)}, {len(c400)} repeat(s)",
             *common.header_lines(), "",
             common.render_table(["step", "seconds (mean ± sd)", "target"], rows, markdown=markdown), "",
             "epochs trained (early stopping): " + "; ".join(f"{k} {v}" for k, v in epochs.items()),
             f"peak memory of the process: {common.peak_memory_mb():.0f} MiB"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=1, help="repeat every step with seeds 0..N-1 (default 1)")
    parser.add_argument("--skip-oulad", action="store_true", help="leave out the 32,593-registration step")
    parser.add_argument("--config", nargs="*", default=[], metavar="KEY=VALUE", help="TrainConfig overrides")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    from mtl_core import ConfigError

    try:
        config = common.parse_config(args.config)
    except ConfigError as error:
        parser.error(str(error))
    results = {"class 400": [], "sample class": [], "OULAD": []}
    for seed in range(args.repeats):
        results["class 400"].append(class_400(config, seed))
        print(f"  seed {seed}: 400-student class done", flush=True)
        results["sample class"].append(sample_class(config, seed))
        print(f"  seed {seed}: sample class done", flush=True)
        if not args.skip_oulad:
            results["OULAD"].append(oulad_all(config, seed))
            print(f"  seed {seed}: OULAD done", flush=True)
    print(report(results, config, args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
