"""Plain words and tables of a log run, in the session's language (no Streamlit calls; tested on their own).

The core judges the trained model (``LogRun.summary``: "useful" / "guessing" for the model itself, "better" /
"same" / "worse" against each baseline, by ROC AUC with a margin); this module says it in the catalogue's words
(``messages.LOG``) and builds the tables the pages show: the comparison with the baselines, a student's mastery and
practice plan, the class's hardest skills and the strongest skill relations, each with a short reason.
"""

from __future__ import annotations

import pandas as pd

import mtl_core

from . import messages as M
from .text import integer, number, percent

L = M.LOG


def model_name(name: str) -> str:
    """A model of a log run for people: the trained models' and the baselines' names in the catalogue."""
    words = {**L["models"], **L["baselines"]}
    if name in words:
        return words[name]
    infos = {info.name: info for info in mtl_core.SEQUENCE_MODELS.infos()}
    return M.core_text(infos[name].label) if name in infos else M.core_text(name)


def _auc(summary: pd.DataFrame, name: str) -> float:
    row = summary[summary["model"] == name]
    return float(row["auc"].iloc[0]) if len(row) else float("nan")


def sentences(run) -> list[tuple[str, str]]:
    """``(sentence, level)`` pairs: first whether the model beats guessing, then one per baseline (better, about
    the same, worse: then the baseline is the one to trust), level "success" / "info" / "warning" / "error".
    Plain text (shown escaped)."""
    summary = run.summary
    own = summary[summary["model"] == run.model_name]
    model = model_name(run.model_name)
    if own.empty:
        return []
    auc = _auc(summary, run.model_name)
    out = []
    if own["verdict"].iloc[0] == "useful":
        out.append((L["verdict_useful"].format(model=model, auc=percent(auc)), "success"))
    else:
        out.append((L["verdict_guessing"].format(model=model, auc=percent(auc)), "error"))
    levels = {"better": "success", "same": "info", "worse": "warning", "unknown": "info"}
    for row in summary[summary["model"] != run.model_name].itertuples():
        verdict = row.verdict if row.verdict in levels else "unknown"
        baseline = L["baselines_short"].get(row.model) or model_name(row.model)
        out.append((L[f"verdict_{verdict}"].format(model=model, baseline=baseline,
                                                   auc=number(auc, 3), other=number(row.auc, 3)), levels[verdict]))
    return out


def comparison_table(run) -> pd.DataFrame:
    """One row per model (the trained one first, then the base rate, PFA and BKT): AUC, accuracy, RMSE, the
    spread across folds when there are several, the verdict in words."""
    summary = run.summary
    metrics = run.metrics
    sd = metrics[metrics["metric"] == "auc"].set_index("model")["sd"]
    verdict_words = L["verdict_short"]
    table = pd.DataFrame({
        L["col_model"]: [model_name(m) for m in summary["model"]],
        L["col_auc"]: [number(v, 3) for v in summary["auc"]],
        L["col_accuracy"]: [percent(v, 1) for v in summary["accuracy"]],
        L["col_rmse"]: [number(v, 3) for v in summary["rmse"]],
        L["col_verdict"]: [verdict_words.get(v, v) for v in summary["verdict"]],
    })
    if sd.notna().any():
        table.insert(2, L["col_auc_sd"], [number(sd.get(m), 3) for m in summary["model"]])
    return table


def auc_rows(run) -> pd.DataFrame:
    """model (words), auc, own (the trained model's row): for the comparison chart."""
    summary = run.summary
    return pd.DataFrame({"model": [model_name(m) for m in summary["model"]], "auc": summary["auc"].astype(float),
                         "own": (summary["model"] == run.model_name).to_numpy()})


def calibration_rows(run) -> pd.DataFrame:
    """The run's calibration table with the models named for people."""
    table = run.calibration.copy()
    table["model"] = [model_name(m) for m in table["model"]]
    return table


# --------------------------------------------------------------------------- students and skills

def student_mastery(run_or_scores, student) -> pd.DataFrame:
    """One student's mastery of every skill, lowest first: skill, mastery, answers, right, mastered, and the
    class's mean mastery of the skill."""
    table = mtl_core.mastery_table(run_or_scores)
    class_mean = table.groupby("skill")["mastery"].mean()
    mine = table[table["student"].astype(str) == str(student)].sort_values("mastery", kind="stable")
    return pd.DataFrame({
        L["col_skill"]: mine["skill"].astype(str).to_numpy(),
        L["col_mastery"]: mine["mastery"].astype(float).to_numpy(),
        L["col_answers"]: mine["answers"].astype(int).to_numpy(),
        L["col_right"]: mine["right"].astype(int).to_numpy(),
        L["col_class_mastery"]: mine["skill"].map(class_mean).astype(float).to_numpy(),
        L["col_mastered"]: mine["mastered"].astype(bool).to_numpy(),
    })


def plan_reason(mastery: float, answers: int, right: int, class_mastery: float) -> str:
    """Why a skill is next to practise, from the numbers (plain text)."""
    if answers <= 0:
        return L["plan_reason_new"].format(mastery=percent(mastery), class_mastery=percent(class_mastery))
    key = "plan_reason_below" if mastery < class_mastery else "plan_reason"
    return L[key].format(mastery=percent(mastery), answers=integer(answers), right=integer(right),
                         class_mastery=percent(class_mastery))


def student_plan(run_or_scores, student, n: int = 3) -> pd.DataFrame:
    """A student's next skills to practise (``mtl_core.practice_plan``), with the reason in the session's words:
    rank, skill, mastery, answers, reason. Empty when every skill is mastered."""
    plan = mtl_core.practice_plan(run_or_scores, n=n, student=str(student))
    table = mtl_core.mastery_table(run_or_scores)
    mine = table[table["student"].astype(str) == str(student)].set_index("skill")
    right = [int(mine.at[s, "right"]) if s in mine.index else 0 for s in plan["skill"]]
    return pd.DataFrame({
        L["col_rank"]: plan["rank"].astype(int).to_numpy(),
        L["col_skill"]: plan["skill"].astype(str).to_numpy(),
        L["col_mastery"]: plan["mastery"].astype(float).to_numpy(),
        L["col_answers"]: plan["answers"].astype(int).to_numpy(),
        L["col_reason"]: [plan_reason(float(m), int(a), r, float(c)) for m, a, r, c in
                          zip(plan["mastery"], plan["answers"], right, plan["class_mastery"])],
    })


def hardest(run_or_scores, n: int | None = None) -> pd.DataFrame:
    """The class's hardest skills (``mtl_core.hardest_skills``), lowest mean mastery first, with a reason."""
    table = mtl_core.hardest_skills(run_or_scores, n=n)
    reasons = []
    for row in table.itertuples():
        if row.answers:
            reasons.append(L["hard_reason"].format(mastery=percent(row.mean_mastery),
                                                   mastered=percent(row.share_mastered),
                                                   right=percent(row.right_rate), answers=integer(row.answers)))
        else:
            reasons.append(L["hard_reason_unpractised"].format(mastery=percent(row.mean_mastery)))
    return pd.DataFrame({
        L["col_skill"]: table["skill"].astype(str).to_numpy(),
        L["col_class_mastery"]: table["mean_mastery"].astype(float).to_numpy(),
        L["col_share_mastered"]: table["share_mastered"].astype(float).to_numpy(),
        L["col_students"]: table["students_practised"].astype(int).to_numpy(),
        L["col_answers"]: table["answers"].astype(int).to_numpy(),
        L["col_reason"]: reasons,
    })


def relation_sentences(influence: pd.DataFrame, n: int = 8) -> list[str]:
    """The strongest skill relations in words: a right answer on one skill raises (or lowers) the predicted chance
    of a right answer on another by so many percentage points (plain text)."""
    out = []
    for row in influence.head(n).itertuples():
        key = "relation_up" if row.lift >= 0 else "relation_down"
        out.append(L[key].format(source=row.from_skill, target=row.to_skill, points=number(abs(row.lift) * 100, 1),
                                 right=percent(row.p_after_right), wrong=percent(row.p_after_wrong)))
    return out


def mastery_rows(mastery: pd.DataFrame) -> pd.DataFrame:
    """A long mastery table (student, skill, mastery, answers, right, mastered) with the session's headers."""
    return pd.DataFrame({
        L["col_student"]: mastery["student"].astype(str).to_numpy(),
        L["col_skill"]: mastery["skill"].astype(str).to_numpy(),
        L["col_mastery"]: mastery["mastery"].astype(float).round(3).to_numpy(),
        L["col_answers"]: mastery["answers"].astype(int).to_numpy(),
        L["col_right"]: mastery["right"].astype(int).to_numpy(),
        L["col_mastered"]: mastery["mastered"].astype(bool).to_numpy(),
    })


def scored_rows(frame: pd.DataFrame, scores) -> pd.DataFrame:
    """The scored new log as a teacher downloads it: every input row and column, in input order, and
    ``p_correct`` (the chance the answer is right, from the student's earlier rows in the file only)."""
    out = frame.reset_index(drop=True).copy()
    column = "p_correct" if "p_correct" not in out.columns else "p_correct_edumtl"
    out[column] = scores.predictions.sort_values("row")["p_correct"].to_numpy()
    return out
