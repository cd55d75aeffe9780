"""English: every sentence the dashboard shows, one block per page (the rules are in ``dashboard/messages``).

A value is a template (``str.format`` fields), a dict of templates, or a plural entry: a dict keyed by the
CLDR plural categories of English, ``{"one": ..., "other": ...}``, filled with :func:`dashboard.text.plural`.
"""

from __future__ import annotations

APP = {
    "title": "EduMTL",
}

NAV = {
    "data": "Data",
    "tasks": "Tasks",
    "train": "Train",
    "results": "Results",
    "students": "Students",
    "runs": "Saved runs",
    "card": "Model card",
}

COMMON = {
    "language": "Language · 语言",
    "need_data": "Load a class file on the **Data** page first.",
    "need_tasks": "Choose at least one outcome to predict on the **Tasks** page first.",
    "need_run": "Train a model on the **Train** page first (or load one on the **Saved runs** page).",
    "need_run_frame": "This run has no class table to show students from. Load the class file it should score "
                      "on the **Data** page (it needs the same input columns), then open the run again.",
    "go_data": "Go to the Data page",
    "go_tasks": "Go to the Tasks page",
    "go_train": "Go to the Train page",
    "go_results": "See the results",
    "go_card": "Open the model card",
    "unexpected": "Something went wrong that EduMTL did not expect ({kind}: {detail}). Your data and results "
                  "are kept; try again, and if it happens again, note what you did and tell whoever installed EduMTL.",
    "yes": "yes",
    "no": "no",
    "choose": "Choose an option",
    "problems_none": "No problems found.",
    "download_csv": "Download as CSV",
    "download_excel": "Download as Excel",
    "prepare_excel": "Make the Excel file",
    "prepare_excel_help": "An Excel workbook takes a few seconds to write; once it is made, this button downloads it.",
    "download_parquet": "Parquet (every decimal)",
    "download_note": "CSV files round numbers to {digits} decimals; Excel and Parquet files keep every decimal.",
    "chance_about": "about {value}",
    "chance_under": "under {value}",
    "chance_over": "over {value}",
    "chance_range": "{chance} ({low}–{high})",  # {low}, {high}: percentages, "45%"
    "chance_unchecked": "{chance} (too few to check)",
    "stale": "These results no longer match your settings: {changes} changed since this run was trained. They "
             "still describe the run as it was trained; train again to see results for what you chose now.",
    "stale_train": "The results below no longer match your settings: {changes} changed since this run was trained. "
                   "Press **Train** to train again with what you chose now.",
    "stale_retrain": "Train again with the current settings",
    "stale_kinds": {"data": "the class data", "roles": "the column roles", "outcomes": "the outcomes",
                    "weights": "the weights"},
    "stale_named": "{what} ({names})",
    "stale_join": ", ",
    "risk": {"high": "high", "medium": "medium", "low": "low"},
    "col_severity": "severity",
    "col_column": "column",
    "col_rows": "rows",
    "col_problem": "problem",
    "col_fix": "fix",
    "kfold": "{k}-fold cross-validation",
    "holdout": "a hold-out check on {share} of the students",
    "seconds": "{seconds} s",
}

VALUES = {  # words for the core's codes (roles, kinds...), shown in tables and lists; English = the code itself
    "role": {"id": "id", "name": "name", "input": "input", "target": "target", "sensitive": "sensitive",
             "ignore": "ignore"},
    "value_type": {"numeric": "numeric", "categorical": "categorical", "text": "text", "empty": "empty"},
    "kind": {"regression": "regression", "binary": "binary", "multiclass": "multiclass"},
    "severity": {"error": "error", "warning": "warning"},
    "evaluation": {"KFold": "k-fold cross-validation", "Holdout": "hold-out check"},
}

COUNTS = {  # plural entries: "{n} student" / "{n} students"
    "students": {"one": "{n} student", "other": "{n} students"},
    "columns": {"one": "{n} column", "other": "{n} columns"},
    "inputs": {"one": "{n} input column", "other": "{n} input columns"},
    "outcomes": {"one": "{n} outcome", "other": "{n} outcomes"},
    "epochs": {"one": "{n} epoch", "other": "{n} epochs"},
    "values": {"one": "{n} value", "other": "{n} values"},
    "distinct": {"one": "{n} different value", "other": "{n} different values"},
    "networks": {"one": "{n} network", "other": "{n} networks"},
    "answers": {"one": "{n} answer", "other": "{n} answers"},
    "skills": {"one": "{n} skill", "other": "{n} skills"},
}

DATA = {
    "title": "Class data",
    "intro": "One row per student, one column per piece of information. EduMTL guessed what every column is "
             "for; check the roles below and change any that are wrong.",
    "upload": "Upload a class file (CSV, Excel or Parquet)",
    "upload_help": "Your file stays on the computer that runs EduMTL (this one, or your school's server) and is "
                   "not sent anywhere else. A failed upload keeps the data you had before.",
    "upload_limit": "Files up to {mb} MB. A class of 10,000 students with 50 columns is about 5 MB as CSV.",
    "use_sample": "Use the sample class",
    "sample_loaded": "The sample class (300 made-up students) is loaded so you can try everything. "
                     "Upload your own class file to replace it.",
    "none_loaded": "No class is loaded yet. Upload a class file, or start with the sample class.",
    "loaded": "**{name}**: {rows}, {columns} ({how}).",
    "load_failed": "The file could not be used, so the previous data is still loaded.",
    "sheet": "Sheet of the workbook",
    "sheet_help": "This workbook has several sheets; choose the one with one row per student.",
    "preview": "Preview",
    "roles": "What each column is for",
    "roles_help": "Change a role in the **role** column. Only **input** columns are used to predict; **target** "
                  "columns can be chosen as outcomes on the Tasks page.",
    "roles_legend": "Roles",
    "sensitive_hint": "Mark columns such as gender or age as **sensitive**: they stay out of the inputs and the "
                      "Results page checks whether the model serves each group equally well.",
    "problems": "Problems and how to fix them",
    "problems_errors": {"one": "{n} problem must be fixed before training.",
                        "other": "{n} problems must be fixed before training."},
    "problems_warnings": {"one": "{n} warning is worth a look.", "other": "{n} warnings are worth a look."},
    "column_look": "A quick look at each column",
    "column_pick": "Column",
    "column_placeholder": "Choose a column to see its values",
    "column_numeric": "{present}, {missing} missing; median {median}, from {low} to {high}.",
    "column_categorical": "{present}, {missing} missing; {distinct}.",
    "column_text": "Free text with {distinct}; shown as a list of the most common ones.",
    "column_empty": "This column is empty.",
    "col_column": "column",
    "col_role": "role",
    "col_type": "type",
    "col_missing": "missing",
    "col_distinct": "distinct",
    "col_kind": "kind if predicted",
    "col_why": "why",
    "col_value": "value",
    "col_count": "students",
}

TASKS = {
    "title": "Outcomes to predict",
    "intro": "Tick the outcomes the network should learn together. Only columns marked **target** on the Data "
             "page are listed.",
    "no_targets": "No column is marked as a target. Mark the outcomes (final grade, pass/fail, ...) as "
                  "**target** on the Data page.",
    "editor_help": "Tick **use** to predict an outcome. **kind**: regression (a number), binary (two "
                   "outcomes) or multiclass (several). **training only**: learned to help the others, "
                   "not reported.",
    "weight_help": "A weight says how much an outcome counts while the network learns: an outcome with "
                   "weight 2 counts twice as much as one with weight 1; 0 leaves it out of the learning.",
    "presets": "Weight presets",
    "preset_balanced": "Balanced",
    "preset_balanced_help": "Every outcome counts the same (weight 1).",
    "preset_focus": "Focus on one outcome",
    "preset_focus_help": "The chosen outcome counts four times as much as each other one.",
    "focus_pick": "Outcome to focus on",
    "derived": "Add a derived outcome",
    "derived_help": "Make a pass/fail outcome from a threshold, or grade bands from cut points, out of a "
                    "numeric column.",
    "derived_column": "From column",
    "derived_type": "Type",
    "derived_threshold": "Pass/fail from a threshold",
    "derived_bands": "Grade bands from cut points",
    "derived_at": "Threshold (at or above counts as the upper label)",
    "derived_below": "Label below the threshold",
    "derived_above": "Label at or above the threshold",
    "derived_below_default": "fail",
    "derived_above_default": "pass",
    "derived_cuts": "Cut points, increasing, separated by commas",
    "derived_labels": "Band labels, lowest first (optional, one more than the cut points)",
    "derived_name": "Name of the new outcome",
    "derived_add": "Add outcome",
    "derived_added": "Added the outcome {name}.",
    "derived_no_numeric": "No numeric column is available to derive an outcome from.",
    "remove_unused": "Remove derived outcomes that are not ticked",
    "chosen": "Chosen outcomes",
    "chosen_none": "No outcome is ticked yet.",
    "task_problems": "Problems with the chosen outcomes",
    "ready": "Ready to train {outcomes} on {students}.",
    "advanced": "Advanced settings",
    "advanced_help": "The defaults suit a class of a few hundred students; change them only if you know why.",
    "epochs": "Most epochs (early stopping usually ends sooner)",
    "learning_rate": "Learning rate",
    "hidden_units": "Shared layer sizes, separated by commas",
    "head_units": "Outcome layer sizes, separated by commas",
    "dropout": "Dropout",
    "ensemble": "Networks averaged per fold",
    "validation": "How to check the model",
    "validation_kfold": "k-fold cross-validation (every student predicted by networks that did not see them)",
    "validation_holdout": "Hold out some students",
    "k": "Number of folds (k)",
    "test_size": "Share of students held out",
    "seed": "Random seed (the same seed repeats the same result)",
    "architecture": "Architecture (how the outcomes share the network)",
    "weighting": "Loss weighting (how the outcomes' losses are combined)",
    "settings_problem": "A setting is not valid: {message}",
    "col_use": "use",
    "col_name": "name",
    "col_column": "column",
    "col_kind": "kind",
    "col_weight": "weight",
    "col_aux": "training only",
    "col_rule": "rule",
    "rule_direct": "the column {column} as it is",
    "rule_threshold": "'{above}' when {column} is {at} or more, otherwise '{below}'",
    "rule_bands": "bands of {column} cut at {cuts}",
    "kind_fixed": "Outcome '{name}' is derived by a rule, so its kind stays {kind}.",
    "aux_help": "**Training only** (auxiliary) outcomes help the network learn but are not reported: no "
                "prediction, no verdict, no risk. Use them for information known for past classes but not yet "
                "for this one, e.g. mid-term grades known for last year's class.",
    "aux_column_help": "Helps the network learn, not reported (e.g. mid-term grades known for last year's class).",
    "aux_chosen": "Training only, not reported: {names}.",
    "recommended": "Recommended",
    "recommended_help": "Reset every Advanced setting to the Recommended one.",
    "recommended_why": "Recommended: {architecture}, your weights, {members} networks per fold, each outcome "
                       "stopping at its own best epoch. Chosen on selection classes, never on the class EduMTL is "
                       "reported on, against random forests and gradient boosting on the same folds "
                       "(docs/benchmarks.md).",
    "recommended_large": "With {students} students, the Recommended check has {k} folds instead of {usual}: every "
                         "student is still predicted by networks that never saw them, a third of the class is plenty "
                         "to test on, and training takes about half the time.",
    "recommended_in_use": "You are using the Recommended settings.",
    "recommended_changed": "Changed from Recommended: {changes}.",
    "recommended_done": "Advanced settings reset to the Recommended ones.",
    "early_stopping": "When to stop training",
    "early_stopping_per_task": "per task",
    "early_stopping_joint": "joint",
    "early_stopping_per_task_help": "Each outcome keeps the network from the epoch that was best for it "
                                    "(a pass/fail outcome often peaks before a grade).",
    "early_stopping_joint_help": "One stopping point for all outcomes together, when their weighted sum stops "
                                 "improving.",
    "setting_names": {"architecture": "architecture", "weighting": "loss weighting", "epochs": "epochs",
                      "learning_rate": "learning rate", "hidden_units": "shared layer sizes",
                      "head_units": "outcome layer sizes", "dropout": "dropout",
                      "ensemble_size": "networks per fold", "validation": "how to check",
                      "k": "number of folds", "test_size": "share held out", "seed": "random seed",
                      "early_stopping": "when to stop", "monotonic": "directions the model must keep"},
    "monotonic": "Directions the model must keep",
    "monotonic_help": "Some things you know for sure: more attendance never lowers a grade. Mark such a column and "
                      "the model is trained to keep to it: with everything else the same, raising that column "
                      "should not move any prediction the wrong way (a higher score, or a lower chance of the "
                      "at-risk outcome, counts as better). No rule is set until you set one: a wrong rule makes the "
                      "predictions worse, and each direction makes training take longer (five made the sample "
                      "class's training about five times slower).",
    "monotonic_suggested": "Suggested, from the columns EduMTL knows (check them before you use them): {columns}.",
    "monotonic_choices": {"help": "more can only help", "hurt": "more can only hurt", "none": "no rule"},
    "monotonic_none": "This class has no numeric input column to set a direction for.",
}

TRAIN = {
    "title": "Train the network",
    "intro": "One multi-task network learns every chosen outcome together.",
    "plan": "What will be trained",
    "plan_line": "{tasks} from {inputs} of {students}; {evaluation}; at most {epochs}.",
    "start": "Train",
    "blocked": {"one": "The class has {n} problem that must be fixed before training. The Data page lists it with "
                       "its column, rows and fix; correct the file and upload it again.",
                "other": "The class has {n} problems that must be fixed before training. The Data page lists each "
                         "one with its column, rows and fix; correct the file and upload it again."},
    "stop": "Stop",
    "stopping": "Stopping after this epoch; the best network so far is kept...",
    "progress": "Epoch {epoch} of at most {max_epochs}, about {eta} s left",
    "progress_waiting": "Preparing the network (the first epoch takes a few seconds)...",
    "curves_note": "Loss on a common scale: 1.0 is as good as guessing the class average (or the most common "
                   "outcome); lower is better. Solid lines: students used to decide when to stop; dashed: "
                   "students the network learned from.",
    "done": "Training finished in {seconds:.1f} s after {epochs}.",
    "stopped": "You stopped the training after {epochs}; the best network so far is kept.",
    "failed": "Training did not start or did not finish.",
    "summary": "Summary",
    "save": "Save run",
    "save_name": "Name of the saved run",
    "save_overwrite": "Replace a saved run with the same name",
    "saved": "Saved as {name}.",
    "save_failed": "The run could not be saved: {message}",
    "settings_problem": "A setting on the Tasks page is not valid: {message}",
    "compare": "Also compare with simpler models",
    "compare_help": "Also trains, on the same folds, the same network on each outcome alone and a 500-tree "
                    "random forest per outcome, so the Results page can say honestly whether learning the "
                    "outcomes together helped. Takes several times longer than training alone.",
    "compared": "The comparison with simpler models took {seconds:.0f} s more; see it on the Results page.",
    "comparing": "Comparing with simpler models (the same network on each outcome alone, random forests): "
                 "{seconds} s so far. This takes several times longer than the training itself.",
    "comparing_no_stop": "The comparison cannot be stopped once it has started; it ends by itself.",
    "finishing": "Working out the predictions and measures...",
    "weights_title": "Loss weights in use",
    "weights_note": "How much each outcome counts in the loss at every epoch, in the numbers of your weights "
                    "(point at a line for the value the network used, scaled to average 1). With your weights the "
                    "lines stay flat; learned weightings move them as training goes on.",
    "curves_title": "Loss",
}

RESULTS = {
    "title": "How good are the predictions?",
    "intro": "Every outcome is measured on students the network did not learn from, beside a simple guess "
             "(the class average for numbers, the class rates for categories).",
    "run_line": "{source}: {students}, {evaluation}, {epochs}, {seconds:.1f} s.",
    "tabs": {"overview": "Overview", "detail": "Each outcome", "comparison": "Simpler models",
             "fairness": "Fairness", "learning": "Learning curves"},
    "overview": "Outcomes at a glance",
    "gain_over_guess": "How much better than guessing",
    "gain_over_guess_note": "0 % is as good as guessing from the class (its average, or its most common outcome); "
                            "100 % would be no error at all; below 0 the model does worse than guessing. Point at a "
                            "bar for the measures behind it.",
    "card_link": "What this run was trained on and what it is not for is on its model card.",
    "col_outcome": "outcome",
    "col_kind": "kind",
    "col_measure": "measure",
    "col_model": "model",
    "col_baseline": "guessing",
    "col_verdict": "verdict",
    "col_labelled": "students with a known outcome",
    "col_found": "at-risk students found",
    "col_precision": "flagged who really were",
    "share_of": "{share} ({part} of {whole})",
    "flag_note_chosen": "Yes/no outcomes: a student is flagged when their chance of the at-risk outcome reaches a "
                        "level the model chose on students it did not learn from (each outcome's sentence above "
                        "says which). **at-risk students found**: how many of the students who really had it were "
                        "flagged; **flagged who really were**: how many of the flagged students really had it.",
    "flag_note": "Yes/no outcomes: a student is flagged when their chance of the at-risk outcome is at least the "
                 "class's rate of it. **at-risk students found**: how many of the students who really had it were "
                 "flagged; **flagged who really were**: how many of the flagged students really had it.",
    "measure_names": {"mae": "average error", "rmse": "typical error (big misses count more)",
                      "r2": "share of the differences explained", "accuracy": "right answers",
                      "balanced_accuracy": "right answers, every outcome counted equally",
                      "roc_auc": "ranking (0.5 = chance, 1 = perfect)",
                      "f1": "balance of students found and false alarms", "brier": "error of the chances (0 = none)",
                      "macro_f1": "balance across categories",
                      "ece": "calibration gap (0 = chances mean what they say)",
                      "recall": "at-risk students found", "precision": "flagged who really were at risk",
                      "flagged": "share of students flagged", "flag_threshold": "chance at which a student is flagged"},
    "exact_names": "Exact names of the measures",
    "col_plain": "name on this page",
    "col_exact": "exact name",
    "verdict_words": {"better": "better than guessing", "same": "no better than guessing",
                      "ranks": "ranks usefully; as yes/no, not better than guessing",
                      "worse": "worse than guessing"},
    "task_pick": "Outcome",
    "metrics": "All measures",
    "col_metric": "measure",
    "col_model_sd": "± spread across folds",
    "col_higher": "higher is better",
    "scatter": "Predicted and actual",
    "scatter_note": "Each dot is a student the network did not learn from; on the diagonal the prediction is exact.",
    "confusion": "Which outcomes get confused",
    "roc": "How well it ranks students",
    "learning": "Learning curves",
    "learning_pick": "Outcome",
    "warnings": "Warnings from the data check",
    "stopped_note": "Training was stopped early by you; the results describe the best network reached by then.",
    "holdout_note": "Only the held-out students are measured; the others helped the network learn.",
    "aux_note": "Training only, not reported: {names}. They helped the network learn the other outcomes.",
    "weights": "Loss weights used at each epoch",
    "comparison": "Is multi-task learning worth it here?",
    "comparison_intro": "On the same folds and students: **multi-task**, this network learning every outcome "
                        "together; **single-task**, the same network trained on each outcome alone; **random "
                        "forest**, 500 trees per outcome; **guessing**, the class average or rates. ± is the spread "
                        "across folds.",
    "comparison_absent": "To compare with simpler models, tick **Also compare with simpler models** on the Train "
                         "page and train again.",
    "col_task": "outcome",
    "col_best": "best",
    "col_gain": "multi-task vs single-task",
    "models": {"multi-task": "multi-task", "single-task": "single-task", "random forest": "random forest",
               "baseline": "guessing"},
    "best_names": {"single-task": "same network trained on this outcome alone", "random forest": "random forest"},
    "best_multi": "{task}: the multi-task network is best ({measure} {value}; single-task {single}, random "
                  "forest {forest}, guessing {baseline}).",
    "best_other": "{task}: the {best} is best ({measure} {value}, against {multi} for the multi-task network). "
                  "Learning the outcomes together did not help this one.",
    "best_baseline": "{task}: guessing from the class ({baseline}) is as good as any model here; none of them "
                     "learned anything useful for this outcome.",
    "within_noise": " The difference is smaller than the spread across folds, so it may be chance.",
    "multi_within_noise": " Its lead over the next best model ({runner_up}) is smaller than the spread across "
                          "folds, so it may be chance.",
    "multi_not_better": " The multi-task network is no better than guessing for this outcome: do not rely on it.",
    "lower_better": "lower is better",
    "higher_better": "higher is better",
    "gain_title": "Gain of the multi-task network over the same network on each outcome alone",
    "gain_note": "Bars above zero: learning the outcomes together helped that outcome; below zero: it hurt.",
    "similarity_title": "Which outcomes help each other",
    "similarity_note": "Tasks that pull the shared network the same way help each other (1: the same way, 0: "
                       "unrelated, -1: against each other).",
    "fairness": "Fairness: does the model serve every group equally well?",
    "fairness_intro": "Every outcome measured separately for each group of a sensitive column, on students the "
                      "network did not learn from, beside the whole class. For outcomes with an at-risk label: "
                      "**missed** is the share of students really at risk that the model did not flag; **false "
                      "alarms** the share of students doing fine that it flagged. Flagged means the same as in **at-risk "
                      "students found** on each outcome's tab: for a yes/no outcome, a chance at or above the threshold "
                      "the model chose.",
    "fairness_none": "No column is marked **sensitive**. Mark columns such as gender or age as **sensitive** on "
                     "the **Data** page (role column) to see whether the model serves every group equally well.",
    "fairness_no_frame": "The fairness audit needs the class table this run was trained on. Load it on the "
                         "**Data** page and open the run again.",
    "fairness_unavailable": "The fairness audit is not available for this run: {message}",
    "fairness_column": "Sensitive column",
    "fairness_ok": "No large gap between groups with at least {min_group} students.",
    "fairness_too_small": "No group has {min_group} or more students with a known outcome, so the groups are too "
                          "small to judge whether the model serves them equally well.",
    "fairness_small": "Groups with fewer than {min_group} students are shown but never flagged: with so few "
                      "students a gap is often chance. Read them with care.",
    "fairness_flag": {  # {n}: the students of the group the measure is computed on
        "missed": "For {task}, of the {n} struggling students in group {group} ({column}), {value} were missed, "
                  "against {overall} for the whole class.",
        "false alarms": "For {task}, of the {n} students in group {group} ({column}) who were doing fine, {value} "
                        "were flagged as at risk, against {overall} for the whole class.",
        "accuracy": "For {task}, predictions for the {n} students in group {group} ({column}) were right {value} of "
                    "the time, against {overall} for the whole class.",
        "mae": "For {task}, predictions for the {n} students in group {group} ({column}) were off by {value} on "
               "average, against {overall} for the whole class.",
        "other": "For {task}, {measure} for the {n} students in group {group} ({column}) is {value}, against "
                 "{overall} for the whole class.",
    },
    "measures": {"missed": "missed (struggling students not flagged)",
                 "false alarms": "false alarms (students doing fine flagged)"},
    "measures_short": {"missed": "missed", "false alarms": "false alarms"},
    "col_group": "group",
    "col_students": "students",
    "col_measure_group": "measure",
    "col_value": "in group",
    "col_overall": "class",
    "col_gap": "gap",
    "col_measured": "measured on",
    "col_note": "note",
    "note_flag": "large gap",
    "note_small": "few students",
    # --- the comparison with gradient boosting, leads within fold noise, calibration (dashboard/comparison_view.py,
    # dashboard/calibration_view.py). Plain text (escaped whole): lead_*, mtl_*, calibration_verdict_*.
    "comparison_intro_trees": "On the same folds and students: **multi-task**, this network learning every outcome "
                              "together; **single-task**, the same network trained on each outcome alone; **random "
                              "forest**, 500 trees per outcome; **gradient boosting**, boosted trees per outcome "
                              "(scikit-learn's HistGradientBoosting); **guessing**, the class average or rates. ± is "
                              "the spread across folds; a lead smaller than the differences between folds is marked "
                              "as possibly chance.",
    "models_more": {"gradient boosting": "gradient boosting"},
    "versus_names": {"multi-task": "the multi-task network", "single-task": "the same network trained on this "
                     "outcome alone", "random forest": "the random forest", "gradient boosting": "gradient "
                     "boosting", "baseline": "guessing from the class"},
    "col_lead": "lead of the best",
    "lead_value": "{margin} ({share}) over {versus}",
    "lead_points": "{points} points over {versus}",
    "lead_chance": "{lead}, may be chance",
    "lead_multi": "{task}: the multi-task network is best ({measure} {value}), ahead of {versus} ({other}) by {lead}.",
    "lead_other": "{task}: {best} is best ({measure} {value}), ahead of the multi-task network ({multi}) by {lead}.",
    "lead_noise": " The lead is smaller than the differences between folds, so it may be chance.",
    "mtl_helped": " Learning the outcomes together helped this one: {multi} against {single} for the same network "
                  "on this outcome alone.",
    "mtl_hurt": " Learning the outcomes together did not help this one: the same network on this outcome alone "
                "did better ({single} against {multi}).",
    "mtl_unclear": " Learning the outcomes together made no clear difference to this one ({multi} against {single} "
                   "alone, within the differences between folds).",
    "gain_note_noise": "Bars above zero: learning the outcomes together helped that outcome; below zero: it hurt. "
                       "Grey bars: the difference is within the differences between folds, so it may be chance.",
    "calibration_title": "Are the probabilities honest?",
    "calibration_intro": "Students are grouped by the chance the model gave them; each dot is one group: across, "
                         "the chance the model gave; up, how many really had it. On the diagonal, a 30 % chance "
                         "means 30 % of those students had it. Dot size: students in the group.",
    "calibration_binary": "chance of '{label}'",
    "calibration_top": "chance of the most likely outcome",
    "calibration_observed": "share for whom it came true",
    "calibration_verdict_good": "{task}: the probabilities are honest: on average they are {ece} away from what "
                                "really happened (calibration error; 0 is perfect, up to 5 points is good).",
    "calibration_verdict_fair": "{task}: the probabilities are roughly honest: on average they are {ece} away from "
                                "what really happened (calibration error; above 5 points, read them as rough).",
    "calibration_verdict_poor": "{task}: the probabilities are not reliable: on average they are {ece} away from "
                                "what really happened. Read them as a ranking of students, not as chances.",
    "calibration_small": " Only {n} students with a known outcome: the calibration error is rough.",
    "calibration_none": "No student with a known outcome was predicted by a network that did not see them, so "
                        "calibration cannot be measured.",
}

VERDICT = {
    "regression": {
        "better": "{task}: predicts within {model} points on average; guessing the class average is off by {baseline}.",
        "same": "{task}: no better than guessing the class average. Predictions are off by {model} points on "
                "average, guessing the class average by {baseline}. Do not rely on these predictions.",
        "worse": "{task}: worse than guessing the class average. Predictions are off by {model} points on "
                 "average, guessing the class average only by {baseline}. Do not use these predictions.",
    },
    "binary": {
        "better": "{task}: right for {accuracy} of students as a yes/no call (always answering {common}: "
                  "{base_accuracy}); its chances are {gain} closer to what happened than the class's rate.",
        "ranks": "{task}: it ranks students usefully (its chances are {gain} closer to what happened than the "
                 "class's rate) but, as a yes/no call, is right less often than always saying {common} "
                 "({accuracy} against {base_accuracy}). Use it to choose whom to look at first, not as a yes/no "
                 "answer.",
        "same": "{task}: no better than guessing from the class's rate (right for {accuracy} of students as a "
                "yes/no call; always answering {common}: {base_accuracy}). Do not rely on these predictions.",
        "worse": "{task}: worse than guessing from the class's rate (right for {accuracy} of students as a yes/no "
                 "call; always answering {common}: {base_accuracy}). Do not use these predictions.",
    },
    "multiclass": {
        "better": "{task}: the right category for {model} of students; always guessing the most common one is "
                  "right for {baseline}.",
        "same": "{task}: no better than always guessing the most common category ({model} right versus "
                "{baseline}). Do not rely on these predictions.",
        "worse": "{task}: worse than always guessing the most common category ({model} right versus "
                 "{baseline}). Do not use these predictions.",
    },
    "few_labels": "{task}: only {n} students have a known outcome, so these numbers are unreliable "
                  "({needed} or more are needed).",
    "within_noise": " The gain over guessing is smaller than the spread across folds, so it may be chance: "
                    "read these predictions with care.",
    "no_labels": "{task}: no student the network did not learn from has a known outcome, so it cannot be measured.",
    "flag": " Flagging the students whose chance of '{label}' is at least {threshold} (the class's rate of "
            "'{label}'), it flags {flagged} and finds {found} of the {at_risk} who really had '{label}' ({recall}); "
            "{precision} of those flagged really had it, against {rate} of students picked at random.",
    "flag_nobody": " No student's chance of '{label}' reaches the class's rate of it ({threshold}), so it flags "
                   "nobody and finds none of the {at_risk} who really had '{label}'.",
    "flag_chosen": " Flagging the students whose chance of '{label}' is at least about {threshold} (a level the "
                   "model chose on students it did not learn from, to find as many of them as it can without too "
                   "many false alarms), it flags {flagged} and finds {found} of the {at_risk} who really had "
                   "'{label}' ({recall}); {precision} of those flagged really had it, against {rate} of students "
                   "picked at random.",
    "flag_nobody_chosen": " No student's chance of '{label}' reaches the level the model chose for flagging "
                          "(about {threshold}), so it flags nobody and finds none of the {at_risk} who really had "
                          "'{label}'.",
    "flag_guess_none": " Always answering {common} finds none of them.",
    "flag_guess_all": " Always answering {common} flags everyone.",
    "quoted": "'{label}'",
    "common_fallback": "the most common outcome",
}

STUDENTS = {
    "title": "Students",
    "intro": "One row per student: every prediction and a risk flag. Click a row, or choose a student below, "
             "to see why and what might help.",
    "computing": "Working out reasons and suggested actions for every student (a few seconds, once per run)...",
    "search": "Search by name or ID",
    "risk_filter": "Risk",
    "risk_placeholder": "Choose risk levels",
    "sort": "Sort by",
    "sort_risk": "risk (highest first)",
    "sort_name": "name",
    "sort_id": "ID",
    "shown": {"one": "{shown} of {n} student shown.", "other": "{shown} of {n} students shown."},
    "pick": "Student",
    "label_join": " · ",
    "label_row": "#{row}",
    "label_repeated": "{label} #{row}",
    "profile": "Student profile",
    "col_risk": "risk",
    "col_risk_score": "risk score",
    "col_risk_detail": "chance, or predicted score",
    "col_risk_detail_help": "For a yes/no or category outcome, the model's chance of the at-risk label, rounded to "
                            "what a class of this size can support. For a number (a score), the predicted value "
                            "beside the class's real average: high risk at one standard deviation or more on the "
                            "bad side of the average, medium at half of that.",
    "detail_class": "{chance} chance of {labels}",
    "detail_value": "predicted {value} (class average {average})",
    "risk_value_note": "This risk comes from a predicted score, not from a chance: high when the prediction is at "
                       "least one standard deviation of the class on the bad side of its average, medium at half "
                       "of that.",
    "col_risk_task": "risk from",
    "col_actions": "suggested actions",
    "col_sample": "not seen in training",
    "risk_line": {
        "high": "High risk: {what}.",
        "medium": "Medium risk: {what}.",
        "low": "Low risk: {what}.",
    },
    "risk_what_class": "{percent} chance of {labels} in {task}",
    "risk_what_value": "predicted {task} is {value}, against a class average of {average}",
    "risk_none": "No outcome with a risky label was chosen, so risk comes from predicted values",
    "in_sample": "This student was used to train every network, so their predictions are more optimistic "
                 "than for new students.",
    "predictions": "Predictions",
    "chance_range_note": "The range after a chance: among the students with a known outcome whose chances were "
                         "within {within} points of it (the {n} closest when there are more; each predicted by networks "
                         "that never saw them), the share that really had it, 8 times in 10 within that range. A "
                         "wide range means the class is too small to pin the chance down; a range that leaves out "
                         "the chance means the model's chances there run high or low; \"too few to check\" means "
                         "fewer than {minimum} students had a chance that close, so nothing checks it.",
    "col_task": "outcome",
    "col_prediction": "prediction",
    "col_detail": "details",
    "col_actual": "actual",
    "reasons": "What pushed the prediction",
    "reasons_task": "Outcome to explain",
    "reasons_note": "Bars show how much each column moved this student's prediction away from the model's "
                    "prediction for a student with the class's typical values ({typical}). This describes the "
                    "model, not the cause.",
    "reasons_class_rate": " In the class, {rate} of the students with a known outcome really had {labels}.",
    "reasons_class_average": " The class's real average of {task} is {average}.",
    "actions": "Suggested actions",
    "actions_none": "No suggested action is expected to help this student noticeably.",
    "actions_note": "Estimated effects are what the model associates with the change, not proof that the change "
                    "causes it.",
    "effect": "associated with {effects}",
    "effect_value": "{task} about {value} points{spread}",
    "effect_risk": "P({labels}) in {task} about {value} percentage points{spread}",
    "spread": " (from {low} to {high})",
    "uncertain": ", uncertain",
    "labels_or": " or ",
    "label_quoted": "'{label}'",
    "change": "{column}: {current} → {target}",
    "chance_of": "P({labels})",
    "chance_label": "{task}: {chance}",
    "points_change": "{value:+.1f}",
    "percent_points_change": "{value:+.0f} pp",
    "untrusted": "The Results page says not to rely on the predictions for {tasks} (no better than guessing, "
                 "yes/no calls right less often than always giving the most common answer, or too few students "
                 "with a known outcome). Risk flags and suggested actions that come from them are "
                 "shown below, but do not act on them alone.",
    "effect_none": "no noticeable change in the predictions",
    "action_line": "**{action}** ({change})",
    "action_line_uncertain": "**Uncertain:** {action} ({change}). The model's networks do not agree that it helps.",
    "actions_spread_note": "Each effect is the model's estimate, with the range where 8 in 10 of its networks put "
                           "it. **Uncertain** means that range crosses zero: some networks see the change help, "
                           "others see it hurt, so the model cannot say it helps.",
    "whatif": "What if...",
    "whatif_help": "Move a slider to see the predictions change at once. Only columns a teacher or student can "
                   "change are offered.",
    "whatif_none": "This model has no changeable input (attendance, homework, study time, ...) to try.",
    "whatif_reset": "Back to this student's values",
    "whatif_before": "Now: {value}",
    "whatif_likely": "most likely: {label}",
    "whatif_spread_value": "change about {value}{spread}",
    "whatif_spread_risk": "change about {value} pp{spread}",
    "whatif_uncertain": "uncertain: the model's networks disagree on whether it goes up or down",
    "downloads": "Download the recommendations",
    "download_named": "With names and IDs",
    "download_codes": "With codes instead of names and IDs (the same student always gets the same code in this "
                      "session)",
    "download_file": "recommendations",
    "download_file_codes": "recommendations with codes",
}

RUNS = {
    "title": "Saved runs",
    "intro": "Runs saved from the Train page. Open one to see its results and students, or score a new class "
             "file with it without training again.",
    "none": "No saved runs yet. Train a model and press **Save run** on the Train page.",
    "table": "Saved runs",
    "col_name": "name",
    "col_created": "saved",
    "col_tasks": "outcomes",
    "col_students": "students",
    "col_evaluation": "checked by",
    "col_ok": "usable",
    "col_problem": "problem",
    "pick": "Run",
    "load": "Use this run",
    "loaded": "Now using the saved run {name}. The Results, Students and Model card pages show it.",
    "load_failed": "This run cannot be opened: {message}",
    "source": "saved run '{name}'",
    "metrics": "Outcomes and quality of this run",
    "active": "The run in use: {name}.",
    "score": "Score a new class file with this run",
    "score_help": "The file needs the input columns the run was trained with. Nothing is retrained.",
    "scored": "Scored {rows} from {name}.",
    "score_failed": "The file could not be scored.",
    "col_risk": "risk",
    "space": "Your space: **{space}** — bookmark this page to find your saved runs again.",
    "space_help": "Saved runs are kept per space, so teachers sharing this computer do not see each other's "
                  "runs. Anyone who knows a space's name can open it.",
    "space_switch": "Switch to another space",
    "space_switch_help": "Type the name of a space (a new name makes a new, empty space).",
    "space_switched": "Now in the space {space}.",
    "space_invalid": "'{space}' cannot be a space name: use letters, digits, spaces, '-' or '_', at most 80 "
                     "characters, not starting with a dot.",
    "space_from_url_invalid": "The space in the address ('{space}') is not a valid name, so a new space was made.",
    "model_card": "Model card of this run",
    "predictions_file": "predictions {name}",
}

CARD = {
    "title": "Model card",
    "intro": "What the run in use was trained on, how good it is and what it is not for. Share it with anyone "
             "who will read its predictions.",
    "heading": "Model card: {name}",
    "made": "Trained on {date} by EduMTL from {source}.",
    "fingerprint": "Data fingerprint (SHA-256 of the training table): {fingerprint}",
    "data": "Training data",
    "data_line": "{students}, {inputs}; checked with {evaluation}.",
    "inputs": "Input columns",
    "outcomes": "Outcomes predicted",
    "quality": "How good it is (students the model did not learn from)",
    "sensitive": "Sensitive columns",
    "sensitive_none": "No column was recognised as sensitive.",
    "sensitive_found": "Recognised as sensitive: {names}.",
    "sensitive_unused": "None of them is used as an input; they serve only to check fairness.",
    "sensitive_used": "Used as inputs: {names}. Predictions depend on them; check the fairness audit on the "
                      "Results page.",
    "sensitive_chosen": "Used as inputs because you chose to: {names}. Predictions depend on them; check the "
                        "fairness audit on the Results page.",
    "intended": "Intended use",
    "intended_text": "Help a teacher notice which students may need support, and start a conversation about what "
                     "could help. Predictions are estimates learned from one class; suggested actions show what "
                     "the model associates with better outcomes, not proven causes.",
    "not_for": "Not for",
    "not_for_text": "Grading, admission, placement, discipline or any decision about a student made without a "
                    "teacher's judgement; classes very different from the one it was trained on.",
    "settings": "Settings",
    "col_setting": "setting",
    "col_value": "value",
    "setting_names": {"architecture": "architecture", "weighting": "loss weighting",
                      "ensemble": "networks per fold", "epochs": "most epochs", "epochs_run": "epochs trained",
                      "learning_rate": "learning rate", "early_stopping": "when to stop", "seed": "random seed"},
    "early_stopping": {"per_task": "each outcome at its own best epoch", "joint": "one stopping point for all"},
    "download": "Download the model card (Markdown)",
    "file": "model card {name}",
}

CHARTS = {
    "count": "students",
    "epoch": "epoch",
    "loss": "loss (1.0 = guessing)",
    "train": "learned from",
    "validation": "checked on",
    "guess_line": "guessing",
    "actual": "actual",
    "predicted": "predicted",
    "perfect": "exact prediction",
    "confusion_x": "predicted",
    "confusion_y": "actual",
    "roc_x": "false alarms (share of others flagged)",
    "roc_y": "found (share of '{label}' flagged)",
    "roc_model": "model (AUC {auc:.2f})",
    "roc_model_no_auc": "model",
    "roc_chance": "guessing (AUC 0.50)",
    "calibration_x": "predicted chance of '{label}'",
    "calibration_y": "share that really had '{label}'",
    "calibration_ideal": "honest probabilities",
    "calibration_model": "model",
    "contribution": "pushed the prediction by",
    "metric": "{metric}, while learning (students used to decide when to stop)",
    "weight": "weight",
    "weight_used": "used by the network",
    "gain": "gain over single-task",
    "similarity": "similarity",
    "whole_class": "whole class",
    "better_than_guess": "better than guessing",
    "model_vs_guess": "model {model}, guessing {baseline}",
}

TASK_ERRORS = {  # ConfigError texts of dashboard.task_table (shown as plain text)
    "numbers": "{what} must be numbers separated by commas, like 55, 65. Got '{text}' instead.",
    "widths": "{what} must be whole numbers separated by commas, like 64, 32. Got '{text}' instead.",
    "cut_points": "Cut points",
    "shared_widths": "Shared layer sizes",
    "head_widths": "Outcome layer sizes",
    "threshold": "Give the threshold as a number, like 60.",
    "two_labels": "Give two different labels, like 'fail' and 'pass'.",
    "name_taken": "An outcome named '{name}' already exists. Choose another name.",
    "weight": "Outcome '{name}': the weight must be a number of 0 or more. Got {weight!r}.",
    "repeated": "Outcome names must be different; repeated: {names}. Rename one of them.",
    "all_auxiliary": "At least one outcome must be reported, not only 'training only'.",
    "no_weight": "At least one outcome needs a weight above 0.",
    "unknown_preset": "Unknown preset '{preset}'. Available: {available}.",
}

JOBS = {  # work kept by the space across tabs and reloads (dashboard/jobs.py, dashboard/space_view.py)
    "running_since": "Training since {time} on {label}. It goes on if you close or reload this page: every tab of "
                     "this space shows it, and its results wait here when it ends.",
    "progress_waiting": "Preparing the data and the network. The time left is shown once the first epoch ends.",
    "progress": "Epoch {epoch} of at most {max_epochs}, about {eta} left (estimated from the epochs so far)",
    "seconds": {"one": "{n} second", "other": "{n} seconds"},
    "minutes": {"one": "{n} minute", "other": "{n} minutes"},
    "lost_running": "The training started {time} on {label} was interrupted: the EduMTL server was restarted "
                    "while it ran, and nothing of it was kept. Start it again on the Train page.",
    "lost_finished": "The results of the training started {time} on {label} were not saved, and EduMTL no longer "
                     "holds them (the server was restarted, or this space was unused for {hours} hours). Train "
                     "again, and save the runs you want to keep on the Train page.",
    "lost_dismiss": "Understood",
    "lost_unknown_file": "a class file",
}

LOGIN = {  # the sign-in page of a shared server (dashboard/auth.py)
    "title": "Sign in to EduMTL",
    "intro": "This EduMTL server is shared on a network, so each teacher signs in: your classes, trainings and "
             "saved runs are kept in your own space, which no one else can open.",
    "name": "Account name",
    "password": "Password",
    "submit": "Sign in",
    "wrong": "The account name or the password is not right. Check both and try again.",
    "paused": "Too many wrong passwords for this account: wait {seconds} seconds, then try again.",
    "no_accounts": "No accounts have been made on this server yet. The person who runs it adds one per teacher "
                   "with `{command}` (or starts EduMTL for this computer only).",
    "help": "Forgot your password? The person who runs this server can set a new one with "
            "`{command}`.",
    "oidc": "Sign in with your school account",
    "oidc_named": "Sign in with {provider}",
    "signed_in": "Signed in as {name}",
    "sign_out": "Sign out",
    "space": "Your space belongs to your account **{name}**: only you see its saved runs.",
}

ROSTER = {  # the Students page of a large class (dashboard/views/students.py, dashboard/student_view.py)
    "preparing": {"one": "Preparing the list of {n} student...", "other": "Preparing the list of {n} students..."},
    "per_student": "With {n} students (more than {limit}), reasons and suggested actions are worked out for each "
                   "student when you open their profile below, in a second or two, rather than for everyone at once "
                   "(that would take minutes).",
    "profile_computing": "Working out this student's reasons and suggested actions (a second or two)...",
    "pick_limit": "The list below holds the first {limit} of the {n} students shown; search or filter the table "
                  "above to reach the others.",
    "download_large": "For a class of {n} students (more than {limit}), the download holds every student's "
                      "predictions and risk; each student's reasons and suggested actions are in their profile.",
    "prepare_downloads": "Prepare the downloads",
}

LOG = {  # the answer-log mode of every page (dashboard/log_*.py). Plain text (escaped whole, no Markdown): verdict_*,
    # plan_reason*, hard_reason*, relation_*, calibration_gap, upload_read_as_*, chart_*, col_*, *_file
    # data page
    "data_title": "Answer log",
    "data_intro": "One row per answer a student gave to an exercise tagged with a skill. EduMTL guessed what every "
                  "column is for; check the roles below and change any that are wrong.",
    "tasks_title": "What to predict, and how",
    "mode": "What kind of data is this?",
    "mode_class": "Class table (one row per student)",
    "mode_log": "Answer log (one row per answer)",
    "mode_help": "A class table predicts each student's outcomes (grade, pass/fail...). An answer log (one row "
                 "per answer to an exercise tagged with a skill) predicts, for every student and skill, how well "
                 "the skill is mastered and what to practise next. EduMTL picks the kind when a file is loaded; "
                 "change it here if it guessed wrong: the latest file you uploaded is then read as the other kind.",
    "upload": "Upload an answer log (CSV, Excel or Parquet)",
    "upload_help": "One row per answer: who answered, which skill (several skills separated by ';'), whether the "
                   "answer was right (0/1, yes/no, or a score with a pass mark) and when (a time or an attempt "
                   "number); an exercise column is optional. The file stays on this computer.",
    "use_sample_log": "Use the sample answer log",
    "use_sample_class": "Use the sample class",
    "sample_loaded": "This is the sample answer log: 150 made-up students answering maths exercises over a term. "
                     "Upload your own log above.",
    "none_loaded": "Load an answer log to begin.",
    "loaded": "Loaded **{name}**: {answers} of {students} on {skills}.",
    "upload_read_as_log": "{name} has many rows per student, so it was read as an answer log. If it is a class "
                          "table, choose 'Class table' above.",
    "upload_read_as_class": "{name} has about one row per student, so it was read as a class table. If it is an "
                            "answer log, choose 'Answer log' above.",
    "roles": "What is each column?",
    "roles_help": "EduMTL guessed each column's role from its name and values. Change a role in the table if it "
                  "guessed wrong; every problem of the log is listed below.",
    "roles_words": {"student": "student", "skill": "skill", "correct": "right or wrong", "order": "order",
                    "item": "exercise", "ignore": "ignore"},
    "roles_explained": {"student": "who answered (one column of student IDs).",
                        "skill": "the skill the exercise practises; several skills in one cell are separated by "
                                 "the separator below.",
                        "correct": "whether the answer was right: 0/1, yes/no, true/false, or a score with a "
                                   "pass mark.",
                        "order": "when the answer was given: a date and time, or an attempt number.",
                        "item": "which exercise or question was answered (optional).",
                        "ignore": "not used."},
    "roles_legend": "What the roles mean",
    "col_example": "example",
    "pass_mark": "Pass mark (for a score column)",
    "pass_mark_help": "If the right-or-wrong column holds scores, a score at or above this mark counts as right. "
                      "Leave empty for a 0/1 or yes/no column.",
    "pass_mark_none": "none: the column is right/wrong",
    "separator": "Skill separator",
    "separator_help": "The character between several skills in one cell, e.g. ';' in 'fractions;ratios'.",
    "go_settings": "Choose the model on the Tasks page",
    "need_log": "Load an answer log on the **Data** page first.",
    # tasks page
    "predicted": "What is predicted",
    "predicted_line": "For every student and every skill in **{skill}**: will the student's next answer be right? "
                      "Learned from **{correct}**, in the order of each student's answers (**{student}**).",
    "predicted_note": "One network learns every skill together: answers on one skill help predict the others. "
                      "Mastery is the predicted chance that the next answer on a skill is right.",
    "settings": "How the model is trained",
    "model": "Model",
    "models": {"dkt": "Deep knowledge tracing (LSTM)", "dkt_gru": "Deep knowledge tracing (GRU, lighter)",
               "attention": "Attentive knowledge tracing"},
    "model_notes": {"dkt": "A recurrent network reads each student's answers in order (Piech et al. 2015). The "
                           "recommended choice.",
                    "dkt_gru": "As deep knowledge tracing, with a smaller recurrent unit: a little faster.",
                    "attention": "Each question looks back at the student's earlier answers on similar skills, recent "
                                 "ones weighing more (after Ghosh et al. 2020)."},
    "validation": "How the predictions are checked",
    "validation_holdout": "Hold back some students",
    "validation_kfold": "Every student once (k-fold)",
    "test_size": "Share of students held back",
    "k": "Folds",
    "epochs": "At most this many epochs",
    "epochs_help": "Training stops earlier once the held-back part of the training students stops improving.",
    "seed": "Random seed",
    "seed_help": "The same seed gives the same split and the same model.",
    "advanced": "More settings",
    "window": "Longest stretch of answers read at once",
    "window_help": "Longer histories are cut into overlapping windows; each answer is still predicted from at "
                   "least half a window of earlier answers.",
    "next_skill": "Weight of predicting the next skill (0 = off)",
    "next_skill_help": "An extra task that can help: also predict which skill a student practises next.",
    "items": "Also use the exercise column",
    "items_help": "When the log names the exercise, the model also learns how hard each exercise is.",
    "defaults": "Back to the recommended settings",
    # train page
    "plan_line": "{model} on {answers} of {students}; {evaluation}; at most {epochs}.",
    "plan_note": "Students are split, never answers: every checked answer is predicted from that student's "
                 "earlier answers only, by a model that never saw the student. The per-skill base rate, PFA and "
                 "BKT are fitted on the same students, so the comparison is fair.",
    "blocked": {"one": "The log has {n} problem that must be fixed before training. The Data page lists it with "
                       "its column, rows and fix.",
                "other": "The log has {n} problems that must be fixed before training. The Data page lists each one "
                         "with its column, rows and fix."},
    "progress": "Part {fold} of {folds}, epoch {epoch} of at most {max_epochs}, about {eta} left (AUC on held-back "
                "students so far: {auc})",
    "finishing": "Fitting the base rate, PFA and BKT, and working out every student's mastery...",
    "curves_note": "Loss of predicting each answer (lower is better); the dotted line is guessing the overall "
                   "share of right answers. Solid: students used to decide when to stop; dashed: students learned "
                   "from.",
    "go_students": "See each student's mastery and practice plan",
    # results page
    "need_run": "Train a model on an answer log on the **Train** page first (or open a saved log run on the "
                "**Saved runs** page).",
    "run_line": "**{model}** trained on {source}: {answers} of {students}; {evaluation}; {seconds:.1f} s.",
    "honest_note": "Every figure is measured on students the model did not learn from.",
    "tabs": {"overview": "Overview", "calibration": "Calibration", "learning": "Learning curves",
             "skills": "Skills"},
    "baselines": {"base rate": "Per-skill base rate", "PFA": "PFA (earlier rights and wrongs per skill)",
                  "BKT": "BKT (Bayesian knowledge tracing)"},
    "baselines_short": {"base rate": "the per-skill base rate", "PFA": "PFA", "BKT": "BKT"},  # in sentences
    "verdict_useful": "{model} ranks a right answer above a wrong one {auc} of the time (50% is guessing): its "
                      "mastery figures carry real information.",
    "verdict_guessing": "{model} does no better than guessing ({auc}, where 50% is guessing): do not rely on its "
                        "mastery figures or practice plans.",
    "verdict_better": "Better than {baseline} (AUC {auc} against {other}).",
    "verdict_same": "About as good as {baseline} (AUC {auc} against {other}): the simpler model would do as well.",
    "verdict_worse": "Worse than {baseline} (AUC {auc} against {other}): for this log, {baseline} is the better "
                     "guide.",
    "verdict_unknown": "Not enough checked answers to compare with {baseline}.",
    "verdict_short": {"useful": "useful", "guessing": "no better than guessing", "better": "the model is better",
                      "same": "about the same", "worse": "the model is worse", "unknown": "not enough answers"},
    "comparison": "The model beside simpler methods",
    "comparison_note": "AUC: how often a right answer gets a higher predicted chance than a wrong one (0.5 is "
                       "guessing, 1 is perfect). Accuracy: share of answers predicted right or wrong correctly. "
                       "RMSE: the typical error of the predicted chance (lower is better).",
    "auc_title": "AUC of each method",
    "col_model": "method",
    "col_auc": "AUC",
    "col_auc_sd": "AUC spread across folds",
    "col_accuracy": "accuracy",
    "col_rmse": "RMSE",
    "col_verdict": "verdict",
    "calibration": "Are the predicted chances honest?",
    "calibration_note": "Each dot: answers given about the same predicted chance; its height is how many of them "
                        "were really right. Honest chances lie on the diagonal. Click a method in the legend to "
                        "show it.",
    "calibration_gap": "{model}'s predicted chances are off by {gap} percentage points on average.",
    "skills_note": "Right answers in the log, the class's mean mastery now, and the predicted chance for a new "
                   "student's first answer.",
    "col_right_rate": "right in the log",
    "col_start_mastery": "a new student",
    # students page
    "students_line": "Mastery from **{model}** trained on {source}.",
    "no_students": "This run has no students to show.",
    "student_title": "One student",
    "student_pick": "Student",
    "student_pick_help": "Type to search the student IDs.",
    "plan_title": "Next skills to practise",
    "plan_none": "{student} has mastered every skill: nothing to practise first.",
    "plan_reason": "Mastery {mastery} after {answers} answers, {right} right; the class averages {class_mastery}.",
    "plan_reason_below": "Mastery {mastery} after {answers} answers, {right} right: below the class average of "
                         "{class_mastery}.",
    "plan_reason_new": "Not practised yet: predicted chance {mastery} (the class averages {class_mastery}).",
    "mastery_title": "Mastery of every skill",
    "mastery_note": "Mastery: the predicted chance that the student's next answer on the skill is right. A skill "
                    "counts as mastered from {threshold}%. Answers: how many of the student's answers it rests on; "
                    "with few answers it leans on what the class does.",
    "hardest_title": "The class's hardest skills",
    "hard_reason": "Mean mastery {mastery}; {mastered} of students have mastered it; {right} of {answers} answers "
                   "were right.",
    "hard_reason_unpractised": "Mean mastery {mastery}; nobody has practised it yet.",
    "heatmap_title": "Mastery of every student and skill",
    "heatmap_search": "Show students whose ID contains",
    "heatmap_search_help": "Leave empty for the students with the lowest mastery first.",
    "heatmap_limited": {"one": "{shown} of {n} student shown, lowest mastery first.",
                        "other": "{shown} of {n} students shown, lowest mastery first; search to see others."},
    "heatmap_none": "No student matches.",
    "heatmap_note": "Red: low mastery, green: high. Point at a cell for the figure.",
    "relations_title": "Which skills help which",
    "relations_intro": "How much one right answer on a skill moves the predicted chance on another skill, for a "
                       "student with no other answers (the influence graph of the Deep Knowledge Tracing paper).",
    "relation_up": "A right answer on {source} raises the predicted chance on {target} by {points} points ({right} "
                   "after a right answer, {wrong} after a wrong one).",
    "relation_down": "A right answer on {source} lowers the predicted chance on {target} by {points} points "
                     "({right} after a right answer, {wrong} after a wrong one).",
    "relations_map": "Every pair of skills",
    "relations_note": "Rows: the skill answered right; columns: the skill predicted. Blue raises, red lowers.",
    "downloads": "Download mastery and practice plans",
    "mastery_file": "mastery",
    "col_skill": "skill",
    "col_mastery": "mastery",
    "col_answers": "answers",
    "col_right": "right",
    "col_class_mastery": "class mean",
    "col_mastered": "mastered",
    "col_rank": "order",
    "col_reason": "why",
    "col_student": "student",
    "col_p_correct": "chance right",
    "col_share_mastered": "mastered by",
    "col_students": "students",
    # saved runs page
    "runs_intro": "Log runs saved from the Train page. Open one to see its results and students, or score a new "
                  "answer log with it.",
    "runs_table": "Saved log runs",
    "runs_none": "No log run saved in this space yet. Train one on an answer log and save it on the Train page.",
    "score": "Score a new answer log",
    "score_help": "Upload a new log with the same columns (next term's class, or this week's answers). Every "
                  "answer gets the chance it would be right from that student's earlier rows in the file only; "
                  "no training is needed.",
    "score_problems": "{name} could not be scored:",
    "scored": "Scored {answers} of {students} in **{name}**.",
    "scored_file": "{name} scored",
    "scored_mastery": "Mastery after each student's last answer",
    # model card page
    "card_intro": "What this model was trained on, how good it is, and what it is not for.",
    "card_what": "What it is",
    "card_what_line": "**{model}**, trained on {source} ({created}). It predicts, for every student and skill, the "
                      "chance that the next answer on the skill is right.",
    "card_data": "Data",
    "card_data_line": "{answers} of {students} on {skills}; {evaluation}, split by student.",
    "col_role": "role",
    "col_column": "column",
    "card_quality": "How good it is",
    "card_limits": "What it is not for",
    "card_limits_lines": {
        "use": "Mastery is a prediction from past answers, not a grade: use it to choose what to "
            "practise, not to judge a student.",
        "few": "With few answers on a skill, a student's mastery leans on what the class does.",
        "unseen": "A skill the log never tags, or exercises far from the log's, are not covered.",
    },
    # charts
    "chart_fold": "part {n}",
    "chart_validation": "checked on",
    "chart_train": "learned from",
    "chart_guess": "guessing the overall rate",
    "chart_loss": "loss (lower is better)",
    "chart_auc": "AUC (0.5 = guessing)",
    "chart_guess_auc": "guessing",
    "chart_predicted": "predicted chance of a right answer",
    "chart_observed": "share really right",
    "chart_mastery": "mastery",
    "chart_points": "points",
    "chart_relation_hover": "%{y} right → %{x}: %{z:+.1f} points",
    "chart_after": "answered right",
    "chart_on": "predicted skill",
}
