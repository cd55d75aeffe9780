"""Plain-words verdicts on each outcome: the model beside the naive guess, said honestly.

The honesty rule: when a model does no better than guessing the class average (or the class rates),
the sentence says so plainly and tells the teacher not to rely on it.

Example:
    >>> row = dict(task="final_exam", kind="regression", metric="mae", model=6.1, baseline=11.4,
    ...            verdict="better", n_labelled=300, reliable=True)
    >>> verdict_sentence(row)
    'final_exam: predicts within 6.1 points on average; guessing the class average is off by 11.4.'
"""

from __future__ import annotations

import math

import pandas as pd

import mtl_core

from . import evaluation_data as ev
from . import messages as M
from . import words
from .text import PERCENT_MEASURES, integer, measure_value, number, percent

RELIABLE_LABELS = 50  # mtl_core's threshold; only for runs saved before the summary had a "reliable" column


def _metric(metrics: pd.DataFrame | None, task: str, metric: str, columns=("model", "baseline")) -> tuple:
    if metrics is None or metrics.empty or not set(columns) <= set(metrics.columns):
        return tuple(math.nan for _ in columns)
    row = metrics[(metrics["task"] == task) & (metrics["metric"] == metric)]
    if row.empty:
        return tuple(math.nan for _ in columns)
    return tuple(float(row[c].iloc[0]) for c in columns)


def _finite(*values) -> bool:
    return all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)


def accuracies(metrics: pd.DataFrame | None, task: str) -> tuple[float, float]:
    """(model, always guessing the most common outcome) share of right yes/no calls of one outcome."""
    return _metric(metrics, task, "accuracy")


def judged(row: dict, metrics: pd.DataFrame | None = None) -> str:
    """The verdict a teacher reads: ``run.summary``'s (better / same / worse), except for a yes/no outcome whose
    probabilities beat the class rate (the core's verdict, on the Brier score) while its yes/no calls are right
    no more often than always answering the most common outcome (the share the page shows): "ranks", it ranks
    students usefully but is not better as a yes/no call. "better" only when the measure shown beats guessing."""
    verdict = str(row["verdict"])
    if str(row["kind"]) != "binary" or verdict != "better":
        return verdict
    accuracy, base_accuracy = accuracies(metrics, str(row["task"]))
    if _finite(accuracy, base_accuracy) and accuracy <= base_accuracy:
        return "ranks"
    return verdict


def _pair(model: float, baseline: float) -> tuple[str, str]:
    """Two shares as percentages, with one decimal when whole percentages would look the same."""
    digits = 1 if _finite(model, baseline) and percent(model) == percent(baseline) and model != baseline else 0
    return percent(model, digits), percent(baseline, digits)


def flag_sentence(task: str, flags: dict | None) -> str:
    """How the model does as a flag (:func:`flags_of`): whom it flags (from which chance: the threshold the core
    chose, or for an older run the class's rate), how many of those really at risk it finds (recall), how many
    flagged really were (precision), beside always guessing."""
    if not flags or not flags.get("tested"):
        return ""
    V = M.VERDICT
    values = dict(task=task, label=flags["label"], common=V["quoted"].format(label=flags["common"]), threshold=percent(flags["threshold"]),
                  flagged=integer(flags["flagged"]), found=integer(flags["found"]), at_risk=integer(flags["at_risk"]),
                  recall=percent(flags["recall"]), precision=percent(flags["precision"]),
                  rate=percent(flags.get("rate", flags["threshold"])))
    chosen = "_chosen" if flags.get("chosen") else ""
    if not flags["flagged"]:
        sentence = V["flag_nobody" + chosen].format(**values)
    else:
        sentence = V["flag" + chosen].format(**values)
    guess = V["flag_guess_all"] if flags["common"] == flags["label"] else V["flag_guess_none"]
    return sentence + guess.format(**values)


def verdict_sentence(row: dict, metrics: pd.DataFrame | None = None, flags: dict | None = None) -> str:
    """One sentence for one outcome (a row of ``run.summary``); plain text, not Markdown.

    Args:
        row: task, kind, metric, model, baseline, verdict, n_labelled.
        metrics: ``run.metrics`` (long table), for the share of right yes/no calls beside a binary outcome's
            Brier score.
        flags: for a yes/no outcome, ``dashboard.evaluation_data.flagging`` (who is flagged and found).
    """
    task, kind = str(row["task"]), str(row["kind"])
    model, baseline = float(row["model"]), float(row["baseline"])
    if not _finite(model, baseline):
        return M.VERDICT["no_labels"].format(task=task)
    verdict = judged(row, metrics)
    template = M.VERDICT[kind][verdict]
    if kind == "regression":
        return template.format(task=task, model=number(model), baseline=number(baseline))
    if kind == "binary":
        accuracy, base_accuracy = _pair(*accuracies(metrics, task))
        gain = (baseline - model) / baseline if baseline > 0 else math.nan
        common = (M.VERDICT["quoted"].format(label=flags["common"]) if flags and flags.get("common")
                  else M.VERDICT["common_fallback"])
        sentence = template.format(task=task, accuracy=accuracy, base_accuracy=base_accuracy, gain=percent(gain),
                                   common=common)
        return sentence + flag_sentence(task, flags)
    shown, base_shown = _pair(model, baseline)
    return template.format(task=task, model=shown, baseline=base_shown)


def is_reliable(row: dict) -> bool:
    """Whether enough students have a known outcome: mtl_core's ``reliable`` when the summary has it."""
    reliable = row.get("reliable")
    if reliable is not None and not (isinstance(reliable, float) and math.isnan(reliable)):
        return bool(reliable)
    return int(row["n_labelled"]) >= RELIABLE_LABELS


def is_trustworthy(row: dict, metrics: pd.DataFrame | None = None) -> bool:
    """Whether an outcome beats the guess, on the measure the teacher reads (:func:`judged`), on enough labelled
    students to be worth using."""
    return judged(row, metrics) == "better" and is_reliable(row)


def untrustworthy(summary: pd.DataFrame, metrics: pd.DataFrame | None = None) -> list[str]:
    """The outcomes of ``run.summary`` not to rely on (no better than guessing on the measure shown, a yes/no call
    right less often than always guessing, or too few known outcomes)."""
    return [str(row["task"]) for row in summary.to_dict("records") if not is_trustworthy(row, metrics)]


def warnings_for(row: dict) -> list[str]:
    """Extra warnings for one outcome beyond the verdict (too few labelled students)."""
    n = int(row["n_labelled"])
    if n == 0 or is_reliable(row):
        return []
    return [M.VERDICT["few_labels"].format(task=row["task"], n=n, needed=RELIABLE_LABELS)]


def shown_metric(row: dict, metrics: pd.DataFrame | None = None) -> str:
    """The measure a teacher reads for an outcome: the share of right calls for a yes/no outcome (when the run has
    it), else the summary's primary measure."""
    if str(row["kind"]) == "binary" and _finite(*accuracies(metrics, str(row["task"]))):
        return "accuracy"
    return str(row["metric"])


def shown_values(row: dict, metrics: pd.DataFrame | None = None) -> tuple[str, float, float]:
    """(measure, model, guessing) on :func:`shown_metric`."""
    metric = shown_metric(row, metrics)
    if metric == str(row["metric"]):
        return metric, float(row["model"]), float(row["baseline"])
    model, baseline = _metric(metrics, str(row["task"]), metric)
    return metric, model, baseline


def within_noise(row: dict, metrics: pd.DataFrame | None) -> bool:
    """Whether the model's gain over guessing, on the measure shown, is no larger than its spread across folds."""
    metric, model, baseline = shown_values(row, metrics)
    (spread,) = _metric(metrics, str(row["task"]), metric, columns=("model_sd",))
    return _finite(model, baseline, spread) and abs(model - baseline) <= spread


def messages(row: dict, metrics: pd.DataFrame | None = None, flags: dict | None = None) -> list[tuple[str, str]]:
    """``(plain-text sentence, level)`` for one outcome: the verdict, then any warning.

    The level is "success" for an outcome worth using, "info" when its gain over guessing is within the
    spread across folds (the sentence then says it may be chance), "warning" otherwise.
    """
    sentence = verdict_sentence(row, metrics, flags)
    if not is_trustworthy(row, metrics):
        level = "warning"
    elif within_noise(row, metrics):
        sentence, level = sentence + M.VERDICT["within_noise"], "info"
    else:
        level = "success"
    return [(sentence, level), *[(warning, "warning") for warning in warnings_for(row)]]


def flags_of(run) -> dict[str, dict]:
    """task -> whom the model flags, for every yes/no outcome of a run that can be measured: the core's own flags
    and numbers (``evaluation_data.core_flagging``: the threshold it chose per fold on validation students, its
    recall and precision in ``run.summary``), or, for a run saved before the core had them, the dashboard's own
    count at the class's rate (``evaluation_data.flagging``). One set of numbers per run, the same on every page."""
    found = {}
    for row in run.summary.to_dict("records"):
        if str(row["kind"]) != "binary":
            continue
        try:
            task = run.task(str(row["task"]))
            flags = ev.core_flagging(run.predictions, task, row) or ev.flagging(run.predictions, task)
        except (KeyError, mtl_core.EduMTLError):  # a run saved without a probability column
            flags = None
        if flags:
            found[str(row["task"])] = flags
    return found


def all_messages(run) -> list[tuple[str, str]]:
    """:func:`messages` for every outcome of a run, in order."""
    flags = flags_of(run)
    return [m for row in run.summary.to_dict("records")
            for m in messages(row, run.metrics, flags.get(str(row["task"])))]


def verdict_words(verdict: str) -> str:
    return M.RESULTS["verdict_words"].get(verdict, verdict)


def _share_of(part: int, whole: int, value: float) -> str:
    """"81% (21 of 26)"; "-" when undefined."""
    if not whole or not _finite(value):
        return "-"
    return M.RESULTS["share_of"].format(share=percent(value), part=integer(part), whole=integer(whole))


def overview(summary: pd.DataFrame, metric_labels: dict, metrics: pd.DataFrame | None = None,
             flags: dict | None = None) -> pd.DataFrame:
    """The Results page's table: one row per outcome, on the measure the teacher reads (:func:`shown_metric`),
    with plain measure names, the verdict of :func:`judged`, and for yes/no outcomes whom the flag finds
    (``flags``: task -> :func:`flags_of`'s dict). Values are text as shown ("89%", "7.39")."""
    R = M.RESULTS
    flags = flags or {}
    rows = []
    for row in summary.to_dict("records"):
        metric, model, baseline = shown_values(row, metrics)
        shown_model, shown_base = _pair(model, baseline) if metric in PERCENT_MEASURES else (
            measure_value(metric, model), measure_value(metric, baseline))
        flag = flags.get(str(row["task"])) or {}
        rows.append({
            R["col_outcome"]: str(row["task"]),
            R["col_kind"]: M.word("kind", str(row["kind"])),
            R["col_measure"]: metric_labels.get(metric, metric),
            R["col_model"]: shown_model,
            R["col_baseline"]: shown_base,
            R["col_verdict"]: verdict_words(judged(row, metrics)),
            R["col_found"]: _share_of(flag.get("found", 0), flag.get("at_risk", 0), flag.get("recall", math.nan)),
            R["col_precision"]: _share_of(flag.get("found", 0), flag.get("flagged", 0), flag.get("precision", math.nan)),
            R["col_labelled"]: int(row["n_labelled"]),
        })
    columns = [R[c] for c in ("col_outcome", "col_kind", "col_measure", "col_model", "col_baseline", "col_verdict",
                              "col_found", "col_precision", "col_labelled")]
    table = pd.DataFrame(rows, columns=columns)
    if not flags:  # no yes/no outcome: no empty columns
        table = table.drop(columns=[R["col_found"], R["col_precision"]])
    return table


def run_overview(run) -> pd.DataFrame:
    """:func:`overview` of a run (the table of the Train, Results, Saved runs and Model card pages)."""
    return overview(run.summary, words.metric_labels(), run.metrics, flags_of(run))


def gain_share(metric: str, model: float, baseline: float) -> float:
    """How much of guessing's error the model removes, as a share: 0 = as good as guessing, 1 = no error left,
    below 0 = worse than guessing. For errors (lower is better) ``(baseline - model) / baseline``; for a share
    of right answers (higher is better) the share of guessing's wrong answers that the model gets right."""
    info = mtl_core.METRICS.get(metric)
    higher = bool(info.higher_is_better) if info is not None else False
    if not _finite(model, baseline):
        return math.nan
    if higher:
        room = 1.0 - baseline
        return (model - baseline) / room if room > 0 else math.nan
    return (baseline - model) / baseline if baseline > 0 else math.nan


def gain_over_guess(summary: pd.DataFrame, metric_labels: dict, metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    """The overview chart's rows, on the measure the teacher reads (:func:`shown_metric`: the share of right
    calls of a yes/no outcome, so its bar is below zero when always guessing is right more often): task, gain
    (:func:`gain_share`), verdict (:func:`judged`), level (the level of its verdict box,
    :func:`messages`: "success" only for a gain worth using, beyond the spread across folds), and the measure
    behind it in words (measure label, model and guessing values as shown elsewhere)."""
    rows = []
    for row in summary.to_dict("records"):
        metric, model, baseline = shown_values(row, metrics)
        gain, verdict = gain_share(metric, model, baseline), judged(row, metrics)
        if verdict == "ranks" and _finite(gain) and gain < 0:  # its yes/no calls are worse than guessing: a red bar
            verdict = "worse"
        rows.append(dict(task=str(row["task"]), gain=gain, verdict=verdict,
                         level=messages(row, metrics)[0][1], measure=metric_labels.get(metric, metric),
                         model=measure_value(metric, model, 1), baseline=measure_value(metric, baseline, 1)))
    return pd.DataFrame(rows, columns=["task", "gain", "verdict", "level", "measure", "model", "baseline"])
