"""The same network on each outcome alone, on the same folds: does learning the outcomes together help?

``train(..., compare=True)`` trains every single-task network side by side in one graph (each member
learns one outcome) on exactly the folds and students of the multi-task run.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from ..evaluation.splits import Plan


def replicate_plan(plan: Plan, copies: int) -> Plan:
    """``copies`` times the members of ``plan`` (copy c uses members c*M ... c*M+M-1)."""
    return Plan(np.tile(plan.fold_of_member, copies), plan.test_rows,
                np.tile(plan.train_rows, (copies, 1)), np.tile(plan.val_rows, (copies, 1)))


def single_task_predictions(frame, tasks, config, plan: Plan, layout, preprocessors, weights) -> dict:
    """Out-of-sample predictions of one network per outcome task (trained together, sharing nothing)."""
    from .loop import TrainingLoop
    from .predictor import combine

    outcomes = [t for t in tasks if not t.auxiliary]  # auxiliary tasks have no single-task network
    mask = np.kron(np.eye(len(outcomes)), np.ones((plan.members, 1)))  # copy c learns outcome c only
    # Each member learns one task, so joint early stopping already stops it at its own task's best epoch.
    single = replace(config, weighting="manual", early_stopping="joint")
    loop = TrainingLoop(frame, outcomes, single, replicate_plan(plan, len(outcomes)), layout, preprocessors,
                        task_mask=mask)
    loop.run(None, time.perf_counter())
    outputs = loop.predictor.member_outputs(loop.predictor.features(frame))
    result = {}
    for copy, task in enumerate(outcomes):
        members = slice(copy * plan.members, (copy + 1) * plan.members)
        result[task.name] = combine({task.name: outputs[task.name][members]}, weights)[task.name]
    return result


