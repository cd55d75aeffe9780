"""A model card for a saved run: what it was trained on, how good it is, and what it is not for.

Written as ``MODEL_CARD.md`` into every saved run (Mitchell et al., "Model Cards for Model
Reporting", FAT* 2019). It holds no student-level data: only counts, metrics and column names.
"""

from __future__ import annotations

from ..data.schema import Role, looks_sensitive
from ..evaluation.metrics import METRICS

INTENDED_USE = (
    "Help a teacher notice which students may need support, and start a conversation about what "
    "could help. Predictions are estimates learned from one class; suggested actions show what the "
    "model associates with better outcomes, not proven causes."
)
NOT_FOR = (
    "Grading, admission, placement, discipline or any decision about a student made without a "
    "teacher's judgement; classes very different from the one it was trained on."
)


def _table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _sensitive_use(schema, sensitive_inputs: list[str]) -> str:
    """Whether sensitive columns are inputs, and who decided it (only what the schema records)."""
    if not sensitive_inputs:
        return "None of them is used as an input; they serve only to audit fairness. "
    chosen = all(c in schema and schema[c].reason == "set by you" for c in sensitive_inputs)
    used = "Used as inputs, because the user chose to" if chosen else "Used as inputs"
    return f"{used}: {', '.join(sensitive_inputs)}. Predictions depend on them; check the fairness audit. "


def model_card(run, versions: dict | None = None) -> str:
    """The model card of ``run`` as Markdown."""
    schema = run.schema
    # a sensitive column made an input has the input role, so its name tells it apart
    sensitive = [c.name for c in schema.columns if c.role == Role.SENSITIVE or looks_sensitive(c.name)]
    inputs = run.predictor.layout.columns
    sensitive_inputs = [c for c in inputs if c in sensitive]
    metric_rows = [[r.task, METRICS[r.metric].label, f"{r.model:.3g}", f"{r.baseline:.3g}", r.verdict,
                    str(r.n_labelled)] for r in run.summary.itertuples()]
    parts = [
        "# Model card",
        f"Created {run.created} by EduMTL. Data fingerprint (SHA-256 of the training table): `{run.fingerprint}`.",
        "## Training data",
        f"{run.n_students} students; {len(inputs)} input columns. Evaluation: {run.evaluation.describe()}.",
        "## Outcomes predicted",
        "\n".join(f"- {t.describe()} (weight {t.weight:g}{', training-only' if t.auxiliary else ''})"
                  for t in run.tasks),
        "## How good it is (students the model did not see)",
        _table(metric_rows, ["task", "metric", "model", "naive baseline", "verdict", "labelled students"]),
        "## Sensitive columns",
        f"Recognised as sensitive: {', '.join(sensitive) or 'none'}. " + _sensitive_use(schema, sensitive_inputs),
        "## Intended use",
        INTENDED_USE,
        "## Not for",
        NOT_FOR,
        "## Settings and versions",
        f"Architecture {run.config.architecture}, weighting {run.config.weighting}, ensemble of "
        f"{run.config.ensemble_size} per fold, seed {run.config.seed}."
        + (" Library versions: " + ", ".join(f"{k} {v}" for k, v in versions.items() if v) + "." if versions else ""),
    ]
    return "\n\n".join(parts) + "\n"
