"""Record the epoch-by-epoch histories the training-time estimate is tested on (tests/core/data/eta_histories.json).

For each run it keeps what :class:`mtl_core.tabular.config.EtaEstimator` receives after every epoch: every
member's last improving epoch and whether it is still training, with the epoch budget and patience. The test
(`tests/core/test_network.py::test_the_estimate_is_within_30_percent_on_recorded_runs`) replays them and checks
the estimated total epochs against the true total. The runs are the default TrainConfig on selection data only
(never UCI), the way the dashboard trains: 5-fold cross-validation.

Usage (from the repository root; a few minutes on 2 cores):
    .venv/bin/python benchmarks/eta_histories.py [--datasets NAME ...] [--seeds 2] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import common
import selection

OUT = common.REPO / "tests" / "core" / "data" / "eta_histories.json"
DATASETS = ("sample class", "OULAD AAA 2014J", "OULAD EEE 2014B", "OULAD DDD 2014B", "Exam")


def record(data, seed: int) -> list[dict]:
    """Train the default config on ``data`` with ``seed`` and return what the estimator saw, epoch by epoch."""
    from mtl_core import KFold, TrainConfig, train
    from mtl_core.tabular import config as config_module

    rows: list[dict] = []
    original = config_module.EtaEstimator.record

    def spy(self, epoch, seconds, last_better, active):
        rows.append({"epoch": int(epoch), "max_epochs": self.max_epochs, "patience": self.patience,
                     "last_better": [int(v) for v in last_better], "active": [bool(v) for v in active]})
        return original(self, epoch, seconds, last_better, active)

    config_module.EtaEstimator.record = spy
    try:
        train(data.frame, list(data.tasks), schema=data.schema, config=replace(TrainConfig(), seed=seed),
              evaluation=KFold(5))
    finally:
        config_module.EtaEstimator.record = original
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS), metavar="NAME")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    histories = {}
    for name in args.datasets:
        data = selection.load(name)
        for seed in range(args.seeds):
            rows = record(data, seed)
            histories[f"{name} seed {seed}"] = rows
            print(f"{name:<18} seed {seed}: {len(rows)} epochs", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(histories, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(histories)} histories to {args.out} (commit {common.commit()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
