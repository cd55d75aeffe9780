"""Choose EduMTL's default TrainConfig honestly: against the best tree model, on selection data only.

The UCI Portuguese data is the *reporting* benchmark (benchmarks/uci_portuguese.py) and is never used
here. The selection sets are those of :mod:`selection`: the sample class, three OULAD presentations,
STAR, Exam and Chem97 (sensitive columns out, as the dashboard does by default).

**Criterion.** For every dataset, task and seed, a candidate network config is trained with
``KFold(5)`` and compared with the better of a 500-tree random forest and scikit-learn's
HistGradientBoosting trained per task *on the same folds* (``mtl_core.evaluation.references``):

* regression: the relative RMSE gap ``network RMSE / best tree RMSE - 1`` (positive: the network is
  worse); the network is "within" when the gap, averaged over seeds, is at most 1 %;
* classification (binary and multiclass): the accuracy gap in points, ``100 * (best tree accuracy -
  network accuracy)``; "within" when at most 1 point.

The best tree is chosen per seed on the criterion's metric. The Brier score (binary) and the
expected calibration error (ECE, every classification task) of the network and of that tree are shown
beside. A candidate is compared with the others only on the (dataset, seed) cells that all of them
have, so averages are over the same folds.

**Why 5 folds, not 10.** Every candidate is trained on every dataset for every seed on two shared
cores; 10 folds would double the cost of the network and of the trees. Three seeds of 5-fold give 15
train/test splits per task, and the gap is *paired* (network and trees on the same folds), which
cancels most of the variation between splits. 5 folds train on 80 % of the students instead of 90 %:
both the network and the trees see fewer students, which matters most for the 300-student sample class.

**Caching and resuming.** Tree results do not depend on the network config: they are computed once per
(dataset, seed, folds) and kept in ``trees.csv`` (keyed also on the fold assignment and on
``references.VERSION``). Every finished (candidate, dataset, seed) is appended to ``networks.csv`` at
once, so an interrupted run resumes where it stopped; a candidate is identified by its name *and* its
settings, so redefining a name never reuses old rows. ``report.md`` is rewritten at the end.

Usage (from the repository root):
    .venv/bin/python benchmarks/select_defaults.py [--candidates NAME ...] [--config KEY=VALUE ... [--name NAME]]
        [--datasets NAME ...] [--seeds 3] [--out DIR] [--markdown] [--report-only] [--fresh]

Examples:
    # today's default on every selection set, one seed (a first look)
    .venv/bin/python benchmarks/select_defaults.py --candidates default --seeds 1
    # a candidate from the command line beside the default, on two datasets
    .venv/bin/python benchmarks/select_defaults.py --candidates default --config dropout=0.1 \\
        --name low-dropout --datasets Exam "sample class"
"""

from __future__ import annotations

import argparse
import hashlib
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

import common
import selection

# name -> (TrainConfig changes, what it tests). Add a candidate here, or pass --config on the command line.
ENCODINGS = dict(numeric_embedding="piecewise_linear", scaling="robust", weight_decay=1e-3, lr_schedule="cosine",
                 gradient_clip=1.0)  # the number encodings and optimiser of the TabM round
CANDIDATES = {
    "default": ({}, "the current default TrainConfig() (shared bottom 64-32, plain scaled numbers, Adam)"),
    "tabm-encodings": (dict(architecture="tabm", hidden_units=(128, 128), head_units=(), dropout=0.1, l2=0.0,
                            epochs=100, patience=16, ensemble_size=1, **ENCODINGS),
                       "TabM (16 sub-members, 128-128) with piecewise-linear encodings, robust scaling, AdamW, "
                       "cosine schedule, per-member clipping, 1 member per fold"),
    "mlp-before": (dict(ENCODINGS), "the default network with the encodings and optimiser of tabm-encodings"),
    "tabm-mini": (dict(architecture="tabm_mini"), "TabM-mini: sub-members differ only by an input adapter"),
    "joint": (dict(early_stopping="joint"), "one early-stopping point for all tasks together"),
    "wider": (dict(hidden_units=(128, 64), head_units=(32,)), "wider trunk 128-64, heads 32"),
    "regularised": (dict(dropout=0.35, l2=1e-3), "more dropout (0.35) and L2 (1e-3)"),
    "ensemble5": (dict(ensemble_size=5), "5 members per fold instead of 3"),
    "slower": (dict(learning_rate=1e-3, patience=50), "learning rate 1e-3 with patience 50"),
    "mmoe": (dict(architecture="mmoe"), "multi-gate mixture of experts (4 experts)"),
    "uncertainty": (dict(weighting="uncertainty"), "uncertainty weighting (Kendall et al. 2018)"),
}
FOLDS = 5
SEEDS = 3
TOLERANCE = {"regression": 1.0, "classification": 1.0}  # % of RMSE, accuracy points
TREES = ("random forest", "gradient boosting")
OUT = common.REPO / "benchmarks" / "results" / "selection"
NETWORK_COLUMNS = ["candidate", "config", "dataset", "seed", "folds", "fold_hash", "task", "kind", "metric",
                   "value", "sd", "baseline", "seconds", "epochs", "commit"]
TREE_COLUMNS = ["dataset", "seed", "folds", "fold_hash", "version", "model", "task", "kind", "metric", "value",
                "sd", "seconds"]


# --------------------------------------------------------------------------- candidates

def candidate_configs(names, command_line: list[str], command_name: str | None) -> dict:
    """name -> TrainConfig for the named candidates, plus the one given with --config (if any)."""
    from mtl_core import TrainConfig

    configs = {name: TrainConfig(**CANDIDATES[name][0]) for name in names}
    if command_line:
        config = common.parse_config(command_line)
        configs[command_name or common.describe_config(config)] = config
    return configs


# --------------------------------------------------------------------------- cached tables

def read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame(columns=columns)
    return pd.read_csv(path, dtype={"config": str, "candidate": str, "fold_hash": str, "version": str,
                                    "commit": str})


def append(path: Path, rows: pd.DataFrame) -> None:
    """Add rows to a results CSV at once (the header only when the file is new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.to_csv(path, mode="a", header=not path.exists() or path.stat().st_size == 0, index=False)


def fold_hash(folds: np.ndarray) -> str:
    """A short fingerprint of a fold assignment, so that cached tree results are only reused on the same folds."""
    return hashlib.sha256(np.asarray(folds, dtype=np.int64).tobytes()).hexdigest()[:12]


def folds_path(out: Path, dataset: str, seed: int, k: int, hashed: str) -> Path:
    return out / "folds" / f"{dataset.replace(' ', '_')}-seed{seed}-k{k}-{hashed}.npy"


# --------------------------------------------------------------------------- one network, the trees

def metric_rows(tasks, truths: dict, predictions: dict, folds: np.ndarray) -> list[dict]:
    """task, kind, metric, value (pooled over the tested rows), sd (across folds) of one model."""
    from mtl_core.evaluation.metrics import task_metrics

    rows = []
    tested = folds >= 0
    for task in (t for t in tasks if not t.auxiliary):
        truth, values = truths[task.name], predictions[task.name]
        pooled = task_metrics(task, truth[tested], values[tested])
        per_fold = [task_metrics(task, truth[folds == f], values[folds == f]) for f in np.unique(folds[tested])]
        for metric, value in pooled.items():
            fold_values = [m.get(metric, np.nan) for m in per_fold]
            rows.append(dict(task=task.name, kind=task.kind.value, metric=metric, value=value,
                             sd=float(np.nanstd(fold_values, ddof=1)) if len(fold_values) > 1 else np.nan))
    return rows


def run_network(data, name: str, config, seed: int, k: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Train one candidate; its metric rows and the fold of every student."""
    from mtl_core import KFold, train

    started = time.perf_counter()
    run = train(data.frame, list(data.tasks), schema=data.schema, config=replace(config, seed=seed),
                evaluation=KFold(k))
    seconds = time.perf_counter() - started
    folds = run.predictions["fold"].to_numpy()
    rows = pd.DataFrame([dict(candidate=name, config=common.describe_config(config), dataset=data.name, seed=seed,
                              folds=k, fold_hash=fold_hash(folds), task=r.task, kind=r.kind, metric=r.metric,
                              value=r.model, sd=r.model_sd, baseline=r.baseline, seconds=seconds,
                              epochs=run.epochs, commit=common.commit())
                         for r in run.metrics.itertuples()], columns=NETWORK_COLUMNS)
    return rows, folds


def run_trees(data, seed: int, k: int, folds: np.ndarray) -> pd.DataFrame:
    """Random forest and gradient boosting on the folds ``folds`` (fold of each student, -1 none)."""
    from mtl_core import task_labels
    from mtl_core.evaluation.references import VERSION, reference_predictions
    from mtl_core.tabular.training import input_layout

    layout = input_layout(data.frame, data.schema)
    test_rows = np.stack([folds == f for f in range(k)])
    predictions, seconds = reference_predictions(data.frame, data.tasks, layout, test_rows, seed, models=TREES)
    truths = {t.name: task_labels(data.frame, t) for t in data.tasks}
    rows = []
    for model in TREES:
        for row in metric_rows(data.tasks, truths, predictions[model], folds):
            rows.append(dict(dataset=data.name, seed=seed, folds=k, fold_hash=fold_hash(folds), version=VERSION,
                             model=model, seconds=seconds[model], **row))
    return pd.DataFrame(rows, columns=TREE_COLUMNS)


def run_grid(configs: dict, dataset_names, seeds: int, k: int, out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every (candidate, dataset, seed) not yet in ``out``, with the trees of its folds; rows appended as they come."""
    networks_file, trees_file = out / "networks.csv", out / "trees.csv"
    for dataset in dataset_names:
        data = None
        for seed in range(seeds):
            hashes = set()
            for name, config in configs.items():
                networks = read_table(networks_file, NETWORK_COLUMNS)
                done = networks[(networks["candidate"] == name) & (networks["config"] == common.describe_config(config))
                                & (networks["dataset"] == dataset) & (networks["seed"] == seed)
                                & (networks["folds"] == k)]
                if len(done):
                    hashes.add(str(done["fold_hash"].iloc[0]))
                    continue
                data = data if data is not None else selection.load(dataset)
                rows, folds = run_network(data, name, config, seed, k)
                path = folds_path(out, dataset, seed, k, fold_hash(folds))
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, folds.astype(np.int16), allow_pickle=False)
                append(networks_file, rows)
                hashes.add(fold_hash(folds))
                print(f"  {dataset:<18} seed {seed}  {name:<14} {rows['seconds'].iloc[0]:7.1f} s, "
                      f"{rows['epochs'].iloc[0]} epochs", flush=True)
            if len(hashes) > 1:
                print(f"  warning: the candidates of {dataset} seed {seed} were evaluated on {len(hashes)} different "
                      "fold assignments; each is compared with trees on its own folds", flush=True)
            for hashed in sorted(hashes):
                data = _trees_for(data, dataset, seed, k, hashed, out)
    return read_table(networks_file, NETWORK_COLUMNS), read_table(trees_file, TREE_COLUMNS)


def _trees_for(data, dataset: str, seed: int, k: int, hashed: str, out: Path):
    """Train the trees on the folds ``hashed`` unless ``trees.csv`` already has them; returns the loaded data."""
    from mtl_core.evaluation.references import VERSION

    trees = read_table(out / "trees.csv", TREE_COLUMNS)
    cached = trees[(trees["dataset"] == dataset) & (trees["seed"] == seed) & (trees["folds"] == k)
                   & (trees["fold_hash"].astype(str) == hashed) & (trees["version"].astype(str) == VERSION)]
    path = folds_path(out, dataset, seed, k, hashed)
    if len(cached) or not path.exists():
        if not len(cached):
            print(f"  warning: no fold file {path.name}: run the network again with --fresh to train its trees")
        return data
    data = data if data is not None else selection.load(dataset)
    started = time.perf_counter()
    append(out / "trees.csv", run_trees(data, seed, k, np.load(path, allow_pickle=False).astype(int)))
    print(f"  {dataset:<18} seed {seed}  trees          {time.perf_counter() - started:7.1f} s", flush=True)
    return data


# --------------------------------------------------------------------------- gaps

def gaps(networks: pd.DataFrame, trees: pd.DataFrame) -> pd.DataFrame:
    """One row per candidate, dataset, task and seed: the network beside the better tree on the same folds.

    Columns: candidate, dataset, task, kind, seed, criterion (rmse / accuracy), network, best_tree,
    tree (its value), gap (% of RMSE or accuracy points; positive = network worse), network_brier,
    tree_brier, network_ece, tree_ece, seconds (network), tree_seconds (both trees).
    """
    from mtl_core.evaluation.references import VERSION

    trees = trees[trees["version"].astype(str) == VERSION]
    key = ["dataset", "seed", "folds", "fold_hash", "task"]
    tree_wide = trees.pivot_table(index=[*key, "model"], columns="metric", values="value", aggfunc="first")
    tree_seconds = trees.drop_duplicates([*key[:4], "model"]).groupby(key[:4])["seconds"].sum()
    net_wide = networks.pivot_table(index=["candidate", *key, "kind"], columns="metric", values="value",
                                    aggfunc="first")
    net_seconds = networks.groupby(["candidate", *key])["seconds"].first()
    rows = []
    for (candidate, dataset, seed, k, hashed, task, kind), net in net_wide.iterrows():
        criterion = "rmse" if kind == "regression" else "accuracy"
        here = (dataset, seed, k, hashed, task)
        options = {m: tree_wide.loc[(*here, m)] for m in TREES if (*here, m) in tree_wide.index}
        if not options:
            continue
        pick = min if criterion == "rmse" else max
        best = pick(options, key=lambda m: options[m][criterion])
        tree = options[best]
        if criterion == "rmse":
            gap = 100 * (net["rmse"] / tree["rmse"] - 1)
        else:
            gap = 100 * (tree["accuracy"] - net["accuracy"])
        rows.append(dict(candidate=candidate, dataset=dataset, task=task, kind=kind, seed=seed, criterion=criterion,
                         network=net[criterion], best_tree=best, tree=tree[criterion], gap=gap,
                         network_brier=net.get("brier", np.nan), tree_brier=tree.get("brier", np.nan),
                         network_ece=net.get("ece", np.nan), tree_ece=tree.get("ece", np.nan),
                         seconds=net_seconds.loc[(candidate, *here)],
                         tree_seconds=tree_seconds.get(here[:4], np.nan)))
    return pd.DataFrame(rows)


def common_cells(table: pd.DataFrame) -> pd.DataFrame:
    """Only the (dataset, seed) cells that every candidate has, so all are averaged over the same folds."""
    if table.empty:
        return table
    candidates = table["candidate"].nunique()
    counts = table.groupby(["dataset", "seed"])["candidate"].nunique()
    keep = set(counts[counts == candidates].index)
    return table[[cell in keep for cell in zip(table["dataset"], table["seed"])]]


def per_task(table: pd.DataFrame) -> pd.DataFrame:
    """Mean over seeds per candidate, dataset and task, with the seeds' sd of the gap and "within"."""
    grouped = table.groupby(["dataset", "task", "candidate"], sort=False)
    result = grouped.agg(kind=("kind", "first"), criterion=("criterion", "first"), seeds=("seed", "nunique"),
                         network=("network", "mean"), tree=("tree", "mean"), gap=("gap", "mean"),
                         gap_sd=("gap", "std"), network_brier=("network_brier", "mean"),
                         tree_brier=("tree_brier", "mean"), network_ece=("network_ece", "mean"),
                         tree_ece=("tree_ece", "mean"), seconds=("seconds", "mean"),
                         tree_seconds=("tree_seconds", "mean"),
                         best_tree=("best_tree", lambda s: "/".join(sorted(set(s)))))
    tolerance = np.where(result["kind"] == "regression", TOLERANCE["regression"], TOLERANCE["classification"])
    result["within"] = result["gap"] <= tolerance
    return result.reset_index()


def ranking(tasks: pd.DataFrame) -> pd.DataFrame:
    """Per candidate: tasks within tolerance, mean and worst gap (regression %, classification points), ECE."""
    rows = []
    for candidate, group in tasks.groupby("candidate", sort=False):
        regression = group[group["kind"] == "regression"]
        classes = group[group["kind"] != "regression"]
        rows.append(dict(candidate=candidate, within=int(group["within"].sum()), tasks=len(group),
                         regression_gap=regression["gap"].mean(), classification_gap=classes["gap"].mean(),
                         worst=group.loc[group["gap"].idxmax(), ["dataset", "task", "gap"]].tolist()
                         if len(group) else None,
                         ece=classes["network_ece"].mean(), tree_ece=classes["tree_ece"].mean(),
                         seconds=group.drop_duplicates("dataset")["seconds"].sum()))
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["score"] = table[["regression_gap", "classification_gap"]].mean(axis=1)
    return table.sort_values(["within", "score"], ascending=[False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------- report

def _gap_text(row) -> str:
    unit = " %" if row["kind"] == "regression" else " pt"
    sd = f" ± {row['gap_sd']:.1f}" if np.isfinite(row["gap_sd"]) else ""
    return f"{row['gap']:+.1f}{sd}{unit}"


def _value(metric: str, value: float) -> str:
    return f"{100 * value:.1f} %" if metric == "accuracy" else f"{value:.4g}"


def _pair(a: float, b: float) -> str:
    if not np.isfinite(a):
        return "-"
    return f"{a:.3f} / {b:.3f}"


def report(networks: pd.DataFrame, trees: pd.DataFrame, configs: dict, markdown: bool) -> str:
    """The ranking and one table per dataset and task; ``configs`` maps a candidate to its TrainConfig or
    to the description of its settings."""
    table = gaps(networks[networks["candidate"].isin(list(configs))], trees)
    if table.empty:
        return "No results yet: run the grid first (without --report-only)."
    table = common_cells(table)
    tasks = per_task(table)
    order = {name: i for i, name in enumerate(selection.names())}  # the datasets in the order of selection.py
    tasks = tasks.sort_values(["dataset", "task"], key=lambda c: c.map(order) if c.name == "dataset" else c,
                              kind="stable")
    ranked = ranking(tasks)
    lines = [
        "Default selection against the best tree model on the same folds "
        f"(KFold({int(networks['folds'].iloc[0])}), seeds {sorted(table['seed'].unique().tolist())}).",
        "gap: regression = network RMSE / best tree RMSE - 1 (%), classification = best tree accuracy - network "
        "accuracy (points); positive = network worse; mean ± sd over seeds. within: gap <= 1 % / 1 point.",
        *common.header_lines(),
        f"network rows from commit(s): {', '.join(sorted(networks['commit'].astype(str).unique()))}", "",
        "Candidates: " + "; ".join(f"{name} = {_described(cfg)}" for name, cfg in configs.items()), "",
        common.render_table(
            ["rank", "candidate", "tasks within", "mean gap regression", "mean gap classification", "worst gap",
             "mean ECE (network / tree)", "network s (all datasets, per seed)"],
            [[i + 1, r.candidate, f"{r.within}/{r.tasks}", f"{r.regression_gap:+.1f} %",
              f"{r.classification_gap:+.1f} pt", f"{r.worst[0]} {r.worst[1]} {r.worst[2]:+.1f}",
              _pair(r.ece, r.tree_ece), f"{r.seconds:.0f}"] for i, r in ranked.iterrows()], markdown=markdown),
    ]
    candidates = list(dict.fromkeys(tasks["candidate"]))
    matrix = []
    for (dataset, task), group in tasks.groupby(["dataset", "task"], sort=False):
        by = group.set_index("candidate")
        first = group.iloc[0]
        matrix.append([dataset, task, first["criterion"], f"{first['best_tree']} {_value(first['criterion'], first['tree'])}",
                       *[(_gap_text(by.loc[c]) + ("" if by.loc[c, "within"] else " ✗")) if c in by.index else "-"
                         for c in candidates]])
    lines += ["", "Gap of every candidate per dataset and task (✗: outside 1 % / 1 point):",
              common.render_table(["dataset", "task", "criterion", "best tree (first candidate's seeds)", *candidates],
                                  matrix, markdown=markdown)]
    for (dataset, task), group in tasks.groupby(["dataset", "task"], sort=False):
        first = group.iloc[0]
        lines += ["", f"{dataset} · {task} ({first['kind']}, {first['criterion']}; trees {first['tree_seconds']:.0f} s "
                      f"per seed)",
                  common.render_table(
                      ["candidate", first["criterion"], "best tree", "gap", "within", "Brier (network / tree)",
                       "ECE (network / tree)", "seeds", "network s"],
                      [[r.candidate, _value(r.criterion, r.network), f"{r.best_tree} {_value(r.criterion, r.tree)}",
                        _gap_text(r), "yes" if r.within else "NO",
                        _pair(r.network_brier, r.tree_brier), _pair(r.network_ece, r.tree_ece), r.seeds,
                        f"{r.seconds:.0f}"]
                       for _, r in group.iterrows()], markdown=markdown)]
    return "\n".join(lines)


def _described(config) -> str:
    return config if isinstance(config, str) else common.describe_config(config)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", nargs="*", default=None, choices=list(CANDIDATES), metavar="NAME",
                        help=f"named candidates (default: 'default' only; available: {', '.join(CANDIDATES)})")
    parser.add_argument("--config", nargs="*", default=[], metavar="KEY=VALUE",
                        help="one more candidate from TrainConfig changes, e.g. dropout=0.1 hidden_units=128,64")
    parser.add_argument("--name", help="the name of the --config candidate (default: its settings)")
    parser.add_argument("--datasets", nargs="*", default=selection.names(), metavar="NAME",
                        help=f"selection datasets (default all: {', '.join(selection.names())})")
    parser.add_argument("--seeds", type=int, default=SEEDS, help=f"seeds 0..N-1 (default {SEEDS})")
    parser.add_argument("--folds", type=int, default=FOLDS, help=f"k of the k-fold cross-validation (default {FOLDS})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"results folder (default {OUT.relative_to(common.REPO)})")
    parser.add_argument("--report-only", action="store_true",
                        help="print the report from the results folder (every candidate in it, unless named)")
    parser.add_argument("--fresh", action="store_true", help="ignore the network rows already in --out")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    common.commit()  # the commit of the code this process runs, asked before any training
    if args.seeds < 1:
        parser.error("--seeds must be >= 1")
    unknown = [d for d in args.datasets if d not in selection.names()]
    if unknown:
        parser.error(f"unknown dataset(s) {unknown}; available: {', '.join(selection.names())}")
    from mtl_core import ConfigError

    try:
        names = args.candidates if args.candidates is not None else ([] if args.config else ["default"])
        configs = candidate_configs(names, args.config, args.name)
    except ConfigError as error:
        parser.error(str(error))
    if args.fresh and (args.out / "networks.csv").exists():
        (args.out / "networks.csv").rename(args.out / f"networks-{int(time.time())}.csv")
    if args.report_only:
        networks = read_table(args.out / "networks.csv", NETWORK_COLUMNS)
        trees = read_table(args.out / "trees.csv", TREE_COLUMNS)
        if args.candidates is None and not args.config:  # every candidate of the results folder
            configs = dict(zip(networks["candidate"], networks["config"]))
    else:
        networks, trees = run_grid(configs, args.datasets, args.seeds, args.folds, args.out)
    networks = networks[networks["dataset"].isin(args.datasets) & (networks["seed"] < args.seeds)
                        & (networks["folds"] == args.folds)]
    wanted = {(name, _described(cfg)) for name, cfg in configs.items()}
    networks = networks[[(c, d) in wanted for c, d in zip(networks["candidate"], networks["config"])]]
    text = report(networks, trees, configs, args.markdown)
    print(text)
    if not args.report_only:
        (args.out / "report.md").write_text(report(networks, trees, configs, True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
