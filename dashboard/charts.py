"""Plotly figure builders: a DataFrame in, a Figure out. No Streamlit calls.

Every label that may come from a teacher's file (column names, category labels, task and student names)
goes through :func:`dashboard.text.plot`, so Plotly shows it as typed and never as HTML.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import messages as M
from .text import plot as safe

PALETTE = ["#2f6fb3", "#e07b39", "#3a9a5b", "#b8474d", "#7b5ea7", "#8c6d4f", "#d16fa8", "#6f7f8c", "#b5a335",
           "#3fa9b5"]
GOOD, BAD, NEUTRAL = "#3a9a5b", "#b8474d", "#8c96a0"
RISK_COLOURS = {"high": "#b8474d", "medium": "#e0a339", "low": "#3a9a5b"}
C = M.CHARTS


def _layout(fig: go.Figure, title: str = "", height: int = 360, **kwargs) -> go.Figure:
    fig.update_layout(title=dict(text=safe(title)) if title else None, height=height,
                      margin=dict(l=10, r=10, t=40 if title else 10, b=10), **kwargs)
    return fig


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


# --------------------------------------------------------------------------- Data page

def histogram(values: pd.Series, title: str = "") -> go.Figure:
    """Distribution of a numeric column (missing values left out)."""
    fig = go.Figure(go.Histogram(x=pd.to_numeric(values, errors="coerce").dropna(), marker_color=colour(0),
                                 name=safe(values.name)))
    return _layout(fig, title, xaxis_title=safe(values.name), yaxis_title=C["count"], bargap=0.05)


def category_counts(counts: pd.Series, title: str = "") -> go.Figure:
    """Bars of how many students have each value; ``counts`` is indexed by the value."""
    labels = [safe(v) for v in counts.index]
    fig = go.Figure(go.Bar(x=labels, y=counts.to_numpy(), marker_color=colour(0),
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    return _layout(fig, title, yaxis_title=C["count"], xaxis=dict(type="category"))


# --------------------------------------------------------------------------- training

def _hover(which: str) -> str:
    """Hover text of a loss line; the task name comes from the trace (already escaped), never the template."""
    return "%{fullData.name} (" + which + ")<br>%{x}: %{y:.3f}<extra></extra>"


def loss_curves(history: pd.DataFrame, tasks: list[str] | None = None, title: str = "") -> go.Figure:
    """Training (dashed) and validation (solid) loss of every task per epoch, with the 'guessing' line at 1.

    Args:
        history: epoch, task, train_loss, val_loss (``run.history`` or a job's history).
        tasks: the order of tasks (colours); default as they appear.
    """
    fig = go.Figure()
    tasks = tasks or list(dict.fromkeys(history["task"]))
    for i, task in enumerate(tasks):
        rows = history[history["task"] == task]
        name = safe(task)
        fig.add_trace(go.Scatter(x=rows["epoch"], y=rows["val_loss"], mode="lines", name=name, legendgroup=name,
                                 line=dict(color=colour(i), width=2), hovertemplate=_hover(C["validation"])))
        fig.add_trace(go.Scatter(x=rows["epoch"], y=rows["train_loss"], mode="lines", name=name,
                                 legendgroup=name, showlegend=False, line=dict(color=colour(i), width=1, dash="dash"),
                                 hovertemplate=_hover(C["train"])))
    fig.add_hline(y=1.0, line=dict(color=NEUTRAL, dash="dot"), annotation_text=C["guess_line"],
                  annotation_position="top left")
    return _layout(fig, title, xaxis_title=C["epoch"], yaxis_title=C["loss"], legend=dict(orientation="h", y=-0.2))


def teacher_scale(weights: dict) -> float:
    """The factor from the weights a network uses to the teacher's own numbers.

    The network scales the teacher's weights to average 1 over the outcomes that count (weight above 0):
    weights 2 and 1 are used as 1.33 and 0.67. Multiplying by the teacher's average brings them back to 2
    and 1; a learned weighting's weights are shown on the same scale.
    """
    counted = [float(w) for w in weights.values() if float(w) > 0]
    return float(np.mean(counted)) if counted else 1.0


def weight_curves(history: pd.DataFrame, tasks: list[str] | None = None, title: str = "",
                  teacher_weights: dict | None = None) -> go.Figure:
    """The loss weight each task had at every epoch (flat lines for fixed weights, still drawn), in the teacher's
    own numbers; the value the network used is in the tooltip.

    Args:
        history: epoch, task, weight (``run.history`` or a job's history): the weights as the network used them.
        tasks: the order of tasks (the same colours as :func:`loss_curves`); default as they appear.
        teacher_weights: task -> the weight the teacher gave it (the tasks' ``weight``), to draw the lines in
            those numbers (:func:`teacher_scale`); None draws the network's values.
    """
    fig = go.Figure()
    tasks = tasks or list(dict.fromkeys(history["task"]))
    scale = teacher_scale(teacher_weights) if teacher_weights else 1.0
    for i, task in enumerate(tasks):
        rows = history[history["task"] == task]
        used = rows["weight"].to_numpy(dtype=float)
        fig.add_trace(go.Scatter(x=rows["epoch"], y=used * scale, mode="lines", name=safe(task),
                                 line=dict(color=colour(i), width=2), customdata=used,
                                 hovertemplate="%{fullData.name}<br>%{x}: %{y:.3g} (" + C["weight_used"]
                                               + " %{customdata:.3g})<extra></extra>"))
    values = history["weight"].to_numpy(dtype=float) * scale
    top = float(np.nanmax(values)) if len(history) else 1.0
    return _layout(fig, title, xaxis_title=C["epoch"], yaxis_title=C["weight"],
                   yaxis=dict(rangemode="tozero", range=[0, 1.1 * top if np.isfinite(top) and top > 0 else 1]),
                   legend=dict(orientation="h", y=-0.2))


def metric_curve(history: pd.DataFrame, task: str, metric_label: str) -> go.Figure:
    """One task's validation metric per epoch (MAE or accuracy)."""
    rows = history[history["task"] == task]
    fig = go.Figure(go.Scatter(x=rows["epoch"], y=rows["val_metric"], mode="lines", line=dict(color=colour(0)),
                               name=safe(metric_label)))
    return _layout(fig, C["metric"].format(metric=metric_label), height=280, xaxis_title=C["epoch"],
                   yaxis_title=safe(metric_label))


# --------------------------------------------------------------------------- results

def predicted_vs_actual(points: pd.DataFrame, task: str) -> go.Figure:
    """Scatter of predicted against actual values with the diagonal of exact predictions."""
    hover = [safe(w) for w in points["who"]] if "who" in points else None
    fig = go.Figure(go.Scatter(x=points["actual"], y=points["predicted"], mode="markers", text=hover,
                               marker=dict(color=colour(0), size=7, opacity=0.7), name=safe(task),
                               hovertemplate="%{text}<br>" + C["actual"] + " %{x:.1f}, " + C["predicted"]
                                             + " %{y:.1f}<extra></extra>"))
    if len(points):
        low = float(np.nanmin([points["actual"].min(), points["predicted"].min()]))
        high = float(np.nanmax([points["actual"].max(), points["predicted"].max()]))
        fig.add_trace(go.Scatter(x=[low, high], y=[low, high], mode="lines", name=C["perfect"],
                                 line=dict(color=NEUTRAL, dash="dash"), hoverinfo="skip"))
    return _layout(fig, "", height=420, xaxis_title=f"{C['actual']} {safe(task)}",
                   yaxis_title=f"{C['predicted']} {safe(task)}", legend=dict(orientation="h", y=-0.2))


def confusion_matrix(table: pd.DataFrame) -> go.Figure:
    """Heatmap of counts: actual labels down, predicted labels across."""
    x = [safe(c) for c in table.columns]
    y = [safe(i) for i in table.index]
    fig = go.Figure(go.Heatmap(z=table.to_numpy(), x=x, y=y, text=table.to_numpy(), texttemplate="%{text}",
                               colorscale="Blues", showscale=False,
                               hovertemplate=C["confusion_y"] + " %{y}, " + C["confusion_x"] + " %{x}: %{z}"
                                             "<extra></extra>"))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category")
    return _layout(fig, "", height=360, xaxis_title=C["confusion_x"], yaxis_title=C["confusion_y"])


def roc_curve(points: pd.DataFrame, auc: float, label: str) -> go.Figure:
    """ROC curve of the model beside the diagonal of guessing."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=C["roc_chance"],
                             line=dict(color=NEUTRAL, dash="dash"), hoverinfo="skip"))
    # Without both outcomes among the tested students there is no AUC (NaN): the legend then says just "model".
    name = C["roc_model"].format(auc=auc) if np.isfinite(auc) else C["roc_model_no_auc"]
    fig.add_trace(go.Scatter(x=points["fpr"], y=points["tpr"], mode="lines", name=name,
                             line=dict(color=colour(0), width=2, shape="hv")))
    return _layout(fig, "", height=360, xaxis_title=C["roc_x"], yaxis_title=C["roc_y"].format(label=safe(label)),
                   xaxis=dict(range=[0, 1]), yaxis=dict(range=[0, 1.02]), legend=dict(orientation="h", y=-0.25))


def reliability_chart(curve: pd.DataFrame, axis_label: str, ece: float | None = None) -> go.Figure:
    """A reliability diagram: per bin of predicted chance, the observed share (dot size: students), beside the
    diagonal of honest probabilities, and light bars of how many students each bin holds.

    Args:
        curve: one task's rows of ``run.calibration`` (or :func:`mtl_core.evaluation.calibration.reliability_bins`):
            lower, upper, predicted, observed, students.
        axis_label: what the chance is of ("chance of 'fail'"), already worded; escaped here.
        ece: the expected calibration error, shown in the legend when given.
    """
    fig = go.Figure()
    students = curve["students"].to_numpy(dtype=float) if len(curve) else np.zeros(0)
    fig.add_trace(go.Bar(x=((curve["lower"] + curve["upper"]) / 2) if len(curve) else [], y=students,
                         width=(curve["upper"] - curve["lower"]) if len(curve) else [], yaxis="y2",
                         name=C["count"], marker=dict(color=NEUTRAL, opacity=0.25), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=C["calibration_ideal"],
                             line=dict(color=NEUTRAL, dash="dash"), hoverinfo="skip"))
    sizes = 8 + 22 * np.sqrt(students / max(float(students.max()), 1.0)) if len(curve) else []
    name = C["calibration_model"] + (f" (ECE {100 * ece:.1f} %)" if ece is not None and np.isfinite(ece) else "")
    fig.add_trace(go.Scatter(x=curve["predicted"], y=curve["observed"], mode="lines+markers", name=name,
                             marker=dict(size=sizes, color=colour(1)), line=dict(color=colour(1)),
                             customdata=curve["students"],
                             hovertemplate="%{x:.0%} → %{y:.0%} (%{customdata})<extra></extra>"))
    top = float(students.max()) if len(students) else 1.0
    return _layout(fig, "", height=360, xaxis_title=safe(axis_label),
                   yaxis_title=M.RESULTS["calibration_observed"], xaxis=dict(range=[0, 1], tickformat=".0%"),
                   yaxis=dict(range=[0, 1.02], tickformat=".0%"),
                   yaxis2=dict(overlaying="y", side="right", range=[0, 4 * top], showgrid=False, visible=False),
                   legend=dict(orientation="h", y=-0.25), bargap=0)

def gain_over_guess(rows: pd.DataFrame, title: str = "") -> go.Figure:
    """The Results overview's one chart: per outcome, how much of guessing's error the model removes (a share;
    0 = as good as guessing): green when the outcome is worth using (its verdict box is a success), red when it
    is worse than guessing, grey otherwise (no better, or a gain within the spread across folds); the hover
    shows the measure, the model's value and guessing's.

    Args:
        rows: task, gain, verdict, level, measure, model, baseline (``dashboard.verdicts.gain_over_guess``).
    """
    colours = [GOOD if level == "success" else BAD if verdict == "worse" else NEUTRAL
               for level, verdict in zip(rows.get("level", rows["verdict"]), rows["verdict"])]
    values = rows["gain"].to_numpy(dtype=float)
    shown = np.nan_to_num(values, nan=0.0)
    detail = [safe(f"{m}: " + C["model_vs_guess"].format(model=a, baseline=b))
              for m, a, b in zip(rows["measure"], rows["model"], rows["baseline"])]
    fig = go.Figure(go.Bar(x=[safe(t) for t in rows["task"]], y=shown,
                           marker_color=colours,
                           text=[f"{v:+.0%}" if np.isfinite(v) else "-" for v in values], textposition="auto",
                           customdata=detail, hovertemplate="%{x}: %{y:+.0%}<br>%{customdata}<extra></extra>"))
    fig.add_hline(y=0.0, line=dict(color=NEUTRAL), annotation_text=C["guess_line"], annotation_position="bottom left")
    fig.update_xaxes(type="category")
    low = min(0.0, float(np.nanmin(shown))) if len(shown) else 0.0
    return _layout(fig, title, height=260, yaxis_title=C["better_than_guess"],
                   yaxis=dict(tickformat=".0%", range=[min(low * 1.15, -0.05), 1.0]))


# --------------------------------------------------------------------------- comparison and fairness

def comparison_gain(gains: pd.DataFrame, title: str = "") -> go.Figure:
    """Bars of the multi-task gain over single-task per task (a share: 0.05 = 5 % better), green above zero,
    red below, grey where the difference is within fold noise.

    Args:
        gains: task, gain and optionally unclear (True: within fold noise; see
            :func:`dashboard.comparison_view.gains`); tasks without a gain are left out.
    """
    rows = gains.dropna(subset=["gain"])
    values = rows["gain"].to_numpy(dtype=float)
    unclear = rows["unclear"].fillna(True).astype(bool).to_numpy() if "unclear" in rows else np.zeros(len(rows), bool)
    fig = go.Figure(go.Bar(x=[safe(t) for t in rows["task"]], y=values,
                           marker_color=[NEUTRAL if u else GOOD if v > 0 else BAD for v, u in zip(values, unclear)],
                           text=[f"{v:+.1%}" for v in values], textposition="auto",
                           hovertemplate="%{x}: %{y:+.1%}<extra></extra>"))
    fig.add_hline(y=0.0, line=dict(color=NEUTRAL))
    fig.update_xaxes(type="category")
    return _layout(fig, title, height=320, yaxis_title=C["gain"], yaxis=dict(tickformat="+.0%"))


def task_similarity(matrix: pd.DataFrame, title: str = "") -> go.Figure:
    """Heatmap of the tasks' gradient similarity, from -1 (red, conflict) through 0 to 1 (blue, help)."""
    labels = [safe(t) for t in matrix.index]
    values = matrix.to_numpy(dtype=float)
    fig = go.Figure(go.Heatmap(z=values, x=labels, y=labels, zmin=-1, zmax=1, zmid=0, colorscale="RdBu",
                               text=np.round(values, 2), texttemplate="%{text}",
                               colorbar=dict(title=dict(text=C["similarity"])),
                               hovertemplate="%{y} / %{x}: %{z:.2f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category")
    return _layout(fig, title, height=max(280, 60 * len(labels) + 120))


def fairness_bars(groups: pd.DataFrame, measure_labels: dict, min_group: int, percent_measures=()) -> go.Figure:
    """One task and one sensitive column: per measure, a bar for the whole class (hatched) then one per group.

    Groups smaller than ``min_group`` (on ``n_measured``) are drawn pale: read them with care.

    Args:
        groups: rows of ``FairnessAudit.groups`` for one task and column (group, n, measure, n_measured,
            value, overall).
        measure_labels: measure -> readable name.
        percent_measures: measures shown as percentages (rates, accuracy).
    """
    fig = go.Figure()
    order = list(dict.fromkeys(groups["group"]))
    x = [C["whole_class"]] + [safe(g) for g in order]
    for i, measure in enumerate(dict.fromkeys(groups["measure"])):
        rows = groups[groups["measure"] == measure].set_index("group").reindex(order)
        overall = float(rows["overall"].dropna().iloc[0]) if rows["overall"].notna().any() else np.nan
        measured = rows["n_measured"].fillna(0).astype(int).to_numpy()
        small = measured < min_group
        fmt = ".0%" if measure in percent_measures else ".3g"
        fig.add_trace(go.Bar(
            x=x, y=[overall, *rows["value"].to_numpy(dtype=float)], name=safe(measure_labels.get(measure, measure)),
            marker=dict(color=colour(i), opacity=[1.0] + [0.35 if s else 1.0 for s in small],
                        pattern=dict(shape=["/"] + [""] * len(order))),
            customdata=[""] + [f" ({n} {C['count']})" for n in measured],
            hovertemplate="%{x}: %{y:" + fmt + "}%{customdata}<extra>%{fullData.name}</extra>"))
    fig.update_xaxes(type="category")
    if set(groups["measure"]) <= set(percent_measures):
        fig.update_yaxes(tickformat=".0%")
    return _layout(fig, "", height=320, barmode="group", showlegend=True, legend=dict(orientation="h", y=-0.2))


# --------------------------------------------------------------------------- students

def contributions(table: pd.DataFrame, target: str, higher_is_better: bool | None = True) -> go.Figure:
    """Horizontal bars: how much each column pushed one prediction, biggest on top.

    Green bars push towards a better outcome and red ones towards a worse one; when ``higher_is_better`` is
    None (it depends), every bar is the neutral colour.
    """
    ordered = table.iloc[::-1]
    labels = [safe(f"{c} = {v}") for c, v in zip(ordered["column"], ordered["value"])]
    values = ordered["contribution"].to_numpy(dtype=float)
    if higher_is_better is None:
        colours = [colour(0)] * len(values)
    else:
        colours = [GOOD if (v >= 0) == higher_is_better else BAD for v in values]
    fig = go.Figure(go.Bar(x=values, y=labels, orientation="h", marker_color=colours,
                           hovertemplate="%{y}: %{x:+.3g}<extra></extra>"))
    fig.update_yaxes(type="category")
    return _layout(fig, "", height=max(220, 34 * len(labels) + 60),
                   xaxis_title=f"{C['contribution']} ({safe(target)})")


def risk_counts(levels: pd.Series, words: dict) -> go.Figure:
    """Bars of how many students are at each risk level (high, medium, low)."""
    order = ["high", "medium", "low"]
    counts = levels.value_counts().reindex(order, fill_value=0)
    fig = go.Figure(go.Bar(x=[words.get(o, o) for o in order], y=counts.to_numpy(),
                           marker_color=[RISK_COLOURS[o] for o in order], text=counts.to_numpy(),
                           textposition="auto", hovertemplate="%{x}: %{y}<extra></extra>"))
    return _layout(fig, "", height=220, yaxis_title=C["count"])


# --------------------------------------------------------------------------- answer logs (knowledge tracing)

def log_loss_curves(history: pd.DataFrame, title: str = "") -> go.Figure:
    """A log training's loss per epoch and fold: training (dashed) and validation (solid), beside the loss of
    guessing the overall rate (grey). ``history``: fold, epoch, train_loss, val_loss[, baseline_loss]."""
    L = M.LOG
    fig = go.Figure()
    folds = sorted(history["fold"].unique()) if len(history) else []
    for i, fold in enumerate(folds):
        rows = history[history["fold"] == fold]
        name = L["chart_fold"].format(n=int(fold) + 1) if len(folds) > 1 else ""
        for column, dash, which in (("val_loss", "solid", L["chart_validation"]),
                                    ("train_loss", "dash", L["chart_train"])):
            fig.add_trace(go.Scatter(x=rows["epoch"], y=rows[column], mode="lines+markers",
                                     name=f"{which} {name}".strip(), line=dict(color=colour(i), dash=dash),
                                     hovertemplate="%{fullData.name}<br>%{x}: %{y:.3f}<extra></extra>"))
    if "baseline_loss" in history.columns and len(history):
        fig.add_hline(y=float(history["baseline_loss"].iloc[-1]), line=dict(color=NEUTRAL, dash="dot"),
                      annotation_text=L["chart_guess"], annotation_position="top left")
    return _layout(fig, title, xaxis_title=C["epoch"], yaxis_title=L["chart_loss"], legend=dict(orientation="h",
                                                                                                    y=-0.25))


def log_model_auc(rows: pd.DataFrame, title: str = "") -> go.Figure:
    """ROC AUC of the trained model (coloured) beside the baselines (grey), with guessing at 0.5.
    ``rows``: model (a label), auc, own (bool: the trained model)."""
    L = M.LOG
    labels = [safe(m) for m in rows["model"]]
    colours = [colour(0) if own else NEUTRAL for own in rows["own"]]
    fig = go.Figure(go.Bar(x=rows["auc"].astype(float), y=labels, orientation="h", marker_color=colours,
                           text=[f"{v:.3f}" for v in rows["auc"].astype(float)], textposition="outside",
                           hovertemplate="%{y}: %{x:.3f}<extra></extra>"))
    fig.add_vline(x=0.5, line=dict(color=BAD, dash="dot"), annotation_text=L["chart_guess_auc"],
                  annotation_position="bottom right")
    fig.update_yaxes(autorange="reversed", type="category")
    return _layout(fig, title, height=max(220, 50 * len(labels) + 100), xaxis=dict(range=[0.4, 1.0]),
                   xaxis_title=L["chart_auc"])


def log_calibration(rows: pd.DataFrame, title: str = "") -> go.Figure:
    """Observed share of right answers against the predicted chance, per model and bin (dot size: answers),
    beside the honest diagonal. ``rows``: model (a label), bin, answers, predicted, observed."""
    L = M.LOG
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=C["calibration_ideal"],
                             line=dict(color=NEUTRAL, dash="dash"), hoverinfo="skip"))
    largest = max(float(rows["answers"].max()), 1.0) if len(rows) else 1.0
    for i, model in enumerate(pd.unique(rows["model"])):
        part = rows[rows["model"] == model]
        fig.add_trace(go.Scatter(x=part["predicted"], y=part["observed"], mode="lines+markers", name=safe(model),
                                 marker=dict(size=6 + 18 * np.sqrt(part["answers"] / largest), color=colour(i)),
                                 line=dict(color=colour(i)), customdata=part["answers"],
                                 hovertemplate="%{fullData.name}: %{x:.0%} → %{y:.0%} (%{customdata})<extra></extra>",
                                 visible=True if i == 0 else "legendonly"))
    return _layout(fig, title, height=380, xaxis_title=L["chart_predicted"], yaxis_title=L["chart_observed"],
                   xaxis=dict(range=[0, 1], tickformat=".0%"), yaxis=dict(range=[0, 1.02], tickformat=".0%"),
                   legend=dict(orientation="h", y=-0.25))


def mastery_heatmap(wide: pd.DataFrame, title: str = "") -> go.Figure:
    """Students (rows) x skills (columns) of mastery, from red (0 %) through yellow to green (100 %).
    ``wide``: ``mtl_core.mastery_table(run, wide=True)`` or a slice of it."""
    L = M.LOG
    students = [safe(s) for s in wide.index]
    skills = [safe(s) for s in wide.columns]
    fig = go.Figure(go.Heatmap(z=wide.to_numpy(dtype=float), x=skills, y=students, zmin=0, zmax=1,
                               colorscale="RdYlGn", colorbar=dict(title=dict(text=L["chart_mastery"]),
                                                                  tickformat=".0%"),
                               hovertemplate="%{y} · %{x}: %{z:.0%}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", tickangle=-40)
    return _layout(fig, title, height=min(1200, max(320, 18 * len(students) + 160)))


def skill_relations(influence: pd.DataFrame, title: str = "") -> go.Figure:
    """How much a right answer on one skill (row) moves the predicted chance of a right answer on another
    (column), in percentage points (blue: up, red: down). ``influence``: ``mtl_core.skill_influence(run)``."""
    L = M.LOG
    skills = list(pd.unique(pd.concat([influence["from_skill"], influence["to_skill"]])))
    grid = influence.pivot(index="from_skill", columns="to_skill", values="lift").reindex(index=skills,
                                                                                           columns=skills)
    values = grid.to_numpy(dtype=float) * 100
    finite = values[np.isfinite(values)]
    top = max(float(np.abs(finite).max()), 0.5) if finite.size else 1.0
    labels = [safe(s) for s in skills]
    fig = go.Figure(go.Heatmap(z=values, x=labels, y=labels, zmin=-top, zmax=top, zmid=0, colorscale="RdBu",
                               colorbar=dict(title=dict(text=L["chart_points"])),
                               hovertemplate=L["chart_relation_hover"] + "<extra></extra>"))
    fig.update_yaxes(autorange="reversed", type="category", title=L["chart_after"])
    fig.update_xaxes(type="category", tickangle=-40, title=L["chart_on"])
    return _layout(fig, title, height=min(1000, max(320, 26 * len(labels) + 180)))
