"""Answer logs: one row per answer a student gave to a skill-tagged exercise.

A log has a *student* column, a *skill* column (several skills per answer are written
``skill_a;skill_b``), a *correct* column (0/1, yes/no, true/false, right/wrong, 对/错, or a score
with a pass mark) and an *order* column (attempt number or timestamp); an *item* (exercise or
question ID) column is optional.

* :func:`looks_like_log` says whether a table looks like a log ("many rows per student").
* :func:`infer_log_roles` guesses the columns (every guess can be changed with
  :meth:`LogRoles.with_roles`; :func:`log_roles_table` shows them with the reason of each guess).
* :func:`check_log` lists every problem at once, in the problem-table format of
  :mod:`mtl_core.data.validation` (severity, column, rows, problem, fix).
* :func:`prepare_log` checks and returns the cleaned :class:`AnswerLog` (or raises
  :class:`~mtl_core.errors.DataValidationError` carrying the problem table).

Example:
    >>> import pandas as pd
    >>> log = pd.DataFrame({"student": ["a"] * 3 + ["b"] * 3, "skill": ["x", "y", "x"] * 2,
    ...                     "correct": [0, 1, 1, 1, 0, 1], "attempt": [1, 2, 3] * 2})
    >>> roles = infer_log_roles(log)
    >>> (roles.student, roles.skill, roles.correct, roles.order)
    ('student', 'skill', 'correct', 'attempt')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from ..errors import ConfigError, DataValidationError
from .io import source_rows
from .validation import _Problems
from .values import numeric_values, suggest_column

ROLE_NAMES = ("student", "skill", "correct", "order", "item")
"""The roles of a log's columns; ``item`` is optional."""
REQUIRED_ROLES = ("student", "skill", "correct", "order")
SKILL_SEPARATORS = (";", ",", "|", "+", "~~")
MAX_SKILLS_PER_ANSWER = 8
MIN_STUDENTS = 10
MIN_ANSWERS = 50
LOG_MIN_ROWS_PER_STUDENT = 3  # median answers per student from which a table looks like a log
INFER_ROWS = 5000  # rows whose values are read to infer the correct and order columns

RIGHT_WORDS = {"1", "true", "yes", "y", "right", "correct", "pass", "passed", "t", "对", "正确", "是", "√", "✓"}
WRONG_WORDS = {"0", "false", "no", "n", "wrong", "incorrect", "fail", "failed", "f", "错", "错误", "否", "×", "✗"}

ROLE_HELP = {
    "student": "who answered (a student ID, repeated on every answer of that student)",
    "skill": "what the exercise practises; several skills in one cell are separated by ';'",
    "correct": "whether the answer was right: 0/1, yes/no, true/false, or a score with a pass mark",
    "order": "when it was answered: an attempt number or a date and time",
    "item": "optional: the exercise or question ID",
}

_HINTS = {
    "student": ("student", "student id", "studentid", "id student", "user", "user id", "userid", "learner",
                "pupil", "account", "学号", "学生", "考号", "用户"),
    "skill": ("skill", "skills", "kc", "knowledge component", "concept", "topic", "standard", "objective",
              "skill name", "知识点", "技能", "考点", "章节"),
    "correct": ("correct", "is correct", "right", "outcome", "score", "result", "points", "mark", "passed",
                "得分", "对错", "正确", "分数", "成绩", "结果"),
    "order": ("order", "attempt", "attempt number", "timestamp", "time", "date", "datetime", "submitted",
              "date submitted", "answered at", "seq", "sequence", "step", "start time", "时间", "顺序",
              "日期", "提交时间", "次序"),
    "item": ("item", "item id", "question", "question id", "problem", "problem id", "exercise", "exercise id",
             "assessment", "id assessment", "task", "题目", "题号", "试题", "习题"),
}


@dataclass(frozen=True)
class LogRoles:
    """Which column plays which role in an answer log.

    Args:
        student, skill, correct, order: column names (None when not found).
        item: the exercise/question column, or None.
        pass_mark: for a score column: a score at or above it counts as right. None: the column must be
            binary (0/1, yes/no, ...).
        skill_separator: the character between several skills in one cell. Default ";".
        reasons: ``(role, why)`` pairs saying why each column was chosen.
    """

    student: str | None = None
    skill: str | None = None
    correct: str | None = None
    order: str | None = None
    item: str | None = None
    pass_mark: float | None = None
    skill_separator: str = ";"
    reasons: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __post_init__(self):
        if self.pass_mark is not None and not (isinstance(self.pass_mark, (int, float, np.number))
                                               and not isinstance(self.pass_mark, bool)
                                               and np.isfinite(self.pass_mark)):
            raise ConfigError(f"The pass mark must be a number, e.g. 40. Got {self.pass_mark!r} instead.")
        if not isinstance(self.skill_separator, str) or not self.skill_separator:
            raise ConfigError(f"The skill separator must be a character such as ';'. Got {self.skill_separator!r}.")

    def with_roles(self, **changes) -> "LogRoles":
        """A copy with some roles changed, e.g. ``roles.with_roles(order="timestamp", pass_mark=40)``."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)} - {"reasons"})
        if unknown:
            raise ConfigError(f"Unknown log role(s): {', '.join(unknown)}. Available: {', '.join(ROLE_NAMES)}, "
                              "pass_mark, skill_separator.")
        why = dict(self.reasons)
        why.update({role: "set by you" for role in changes if role in ROLE_NAMES})
        return replace(self, **changes, reasons=tuple(why.items()))

    def column(self, role: str) -> str | None:
        return getattr(self, role)

    @property
    def columns(self) -> dict[str, str]:
        """``{role: column}`` of the roles that have a column."""
        return {role: getattr(self, role) for role in ROLE_NAMES if getattr(self, role)}

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "reasons"}

    @classmethod
    def from_dict(cls, data: dict) -> "LogRoles":
        return cls(**{k: data.get(k) for k in ("student", "skill", "correct", "order", "item", "pass_mark")},
                   skill_separator=data.get("skill_separator") or ";")


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames field by field is ambiguous
class AnswerLog:
    """A checked log, ready for training.

    Attributes:
        answers: one row per answer, sorted by student then order (file order breaks ties), with columns
            ``row`` (position in the input table), ``student`` (text), ``skills`` (tuple of skill names),
            ``correct`` (1.0, 0.0, or NaN when the answer has no correctness: such rows are not used),
            ``order`` (a number; timestamps as seconds) and ``item`` (text, or None without an item column).
        roles: the roles used.
        warnings: the problem table of warnings (errors raise instead).
        n_rows: rows in the input table.
    """

    answers: pd.DataFrame
    roles: LogRoles
    warnings: pd.DataFrame
    n_rows: int

    @property
    def skills(self) -> tuple[str, ...]:
        """Every skill of the log, sorted."""
        return tuple(sorted({s for skills in self.answers["skills"] for s in skills}))

    @property
    def students(self) -> tuple[str, ...]:
        """Every student, in order of first appearance in the sorted log."""
        return tuple(pd.unique(self.answers["student"]))

    @property
    def scored(self) -> pd.DataFrame:
        """The answers with a known correctness."""
        return self.answers[self.answers["correct"].notna()]


# --------------------------------------------------------------------------- inferring roles

def _words(name: str) -> str:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(name))
    return " " + " ".join(re.split(r"[^0-9a-z\u4e00-\u9fff]+", spaced.lower())).strip() + " "


def _hint(name: str, role: str) -> str | None:
    words, joined = _words(name), _words(name).replace(" ", "")
    for hint in _HINTS[role]:
        if re.search(r"[\u4e00-\u9fff]", hint):
            if hint in joined:
                return hint
        elif f" {hint} " in words or joined == hint.replace(" ", ""):
            return hint
    return None


def correctness(series: pd.Series, pass_mark: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read a correctness column.

    Returns:
        ``(values, unreadable, non_binary)``: values are 1.0 (right), 0.0 (wrong) or NaN (empty, or not
        readable); ``unreadable`` and ``non_binary`` are positions of cells that are neither a known word
        nor a number, and of numbers other than 0/1 when there is no pass mark.
    """
    n = len(series)
    values = np.full(n, np.nan)
    text = series.astype("string").str.strip().str.lower()
    filled = (series.notna() & text.ne("").fillna(False)).to_numpy()
    numbers = numeric_values(series).to_numpy(dtype=float)
    is_number = ~np.isnan(numbers)
    if pass_mark is not None:
        values[is_number] = (numbers[is_number] >= pass_mark).astype(float)
        non_binary = np.zeros(0, int)
    else:
        binary = is_number & np.isin(numbers, (0.0, 1.0))
        values[binary] = numbers[binary]
        non_binary = np.flatnonzero(is_number & ~binary)
    words = text.to_numpy(dtype=object, na_value="")
    right = np.fromiter((w in RIGHT_WORDS for w in words), bool, n) & ~is_number
    wrong = np.fromiter((w in WRONG_WORDS for w in words), bool, n) & ~is_number
    values[right], values[wrong] = 1.0, 0.0
    unreadable = np.flatnonzero(filled & ~is_number & ~right & ~wrong)
    return values, unreadable, non_binary


def order_values(series: pd.Series) -> tuple[np.ndarray, np.ndarray, str]:
    """Read an order column: numbers as they are, dates and times as seconds.

    Returns ``(values (NaN where missing or unreadable), unreadable positions, "number" | "time")``.
    """
    numbers = numeric_values(series)
    filled = series.notna().to_numpy() & series.astype("string").str.strip().ne("").fillna(False).to_numpy()
    if numbers.notna().sum() >= 0.8 * max(filled.sum(), 1) and not pd.api.types.is_datetime64_any_dtype(series):
        values = numbers.to_numpy(dtype=float)
        return values, np.flatnonzero(filled & np.isnan(values)), "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        values = _seconds(pd.to_datetime(series))
    else:
        text = series.astype("string").str.strip()
        values = _seconds(pd.to_datetime(text, errors="coerce", format="ISO8601"))  # fast; other spellings below
        retry = np.isnan(values) & filled
        if retry.any():
            values[retry] = _seconds(pd.to_datetime(text[retry], errors="coerce", format="mixed"))
    return values, np.flatnonzero(filled & np.isnan(values)), "time"


def _seconds(times: pd.Series) -> np.ndarray:
    """Seconds since 1970 of a datetime column (NaN where missing); time zones are read as UTC."""
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    seconds = (times - pd.Timestamp("1970-01-01")) / pd.Timedelta(seconds=1)
    return np.array(seconds.to_numpy(dtype=float, na_value=np.nan))  # a writable copy


def _correct_score(series: pd.Series, hint: str | None) -> float:
    """How well a column reads as correctness: the share of right/wrong values (or, with a name hint,
    of numbers, which may be scores needing a pass mark); 0 when it does not."""
    values, unreadable, _ = correctness(series)
    filled = series.notna().sum()
    if filled == 0 or len(unreadable) > 0.05 * filled:
        return 0.0
    binary = np.isfinite(values).sum() / filled
    if hint:
        return 2.0 * max(binary, numeric_values(series).notna().sum() / filled)
    return binary if binary > 0.9 else 0.0


def _rows_per_value(series: pd.Series) -> float:
    present = series.dropna().astype(str)
    return len(present) / max(present.nunique(), 1)


def _candidates(frame: pd.DataFrame, role: str) -> list[tuple[float, str, str]]:
    """(score, column, why) of every column that could play ``role``, best first."""
    found = []
    for name in frame.columns:
        series, hint = frame[name], _hint(str(name), role)
        if series.dropna().empty:
            continue
        score, why = 0.0, ""
        sample = series.head(INFER_ROWS)  # reading values is slow on long logs; names and a sample decide
        if role == "correct":
            score = _correct_score(sample, hint)
            why = f"'{hint}' in its name and right/wrong values" if hint else "its values read as right/wrong"
        elif role == "order":
            _, bad, kind = order_values(sample)
            readable = 1 - len(bad) / max(sample.notna().sum(), 1)
            numeric_ok = kind == "time" or hint is not None
            score = readable * (2.0 if hint else 0.6 if kind == "time" else 0.0) if numeric_ok else 0.0
            why = f"'{hint}' in its name" if hint else "its values are dates and times"
        elif role in ("student", "skill", "item"):
            repeated = _rows_per_value(series) >= 1.5
            distinct = series.dropna().astype(str).nunique()
            score = (2.0 if hint else 0.0) * repeated * (distinct >= (1 if role == "skill" else 2))
            why = f"'{hint}' in its name and its values repeat"
        if score > 0:
            found.append((score, str(name), why))
    return sorted(found, key=lambda c: -c[0])


def infer_log_roles(frame: pd.DataFrame) -> LogRoles:
    """Guess the student, skill, correct, order and item columns of an answer log from names and values.

    A role with no convincing column is None (the teacher sets it). Each column gets one role at most.
    A numeric correctness column that is not 0/1 keeps ``pass_mark=None``: :func:`check_log` then asks
    for a pass mark.
    """
    taken: set[str] = set()
    chosen, reasons = {}, []
    for role in ("correct", "order", "student", "skill", "item"):
        for _, name, why in _candidates(frame, role):
            if name not in taken:
                chosen[role] = name
                taken.add(name)
                reasons.append((role, why))
                break
    if "student" not in chosen:  # no name hint: the repeated text column with the most rows per value
        repeated = [(c, _rows_per_value(frame[c])) for c in frame.columns
                    if c not in taken and numeric_values(frame[c]).notna().mean() < 0.5
                    and 2 <= frame[c].dropna().astype(str).nunique()]
        if repeated:
            name = max(repeated, key=lambda item: item[1])[0]
            chosen["student"] = str(name)
            reasons.append(("student", "repeated values, like one ID per student"))
    separator = _separator(frame[chosen["skill"]]) if "skill" in chosen else ";"
    return LogRoles(**chosen, skill_separator=separator, reasons=tuple(reasons))


def _separator(series: pd.Series) -> str:
    text = series.dropna().astype(str).head(5000)
    counts = {sep: text.str.contains(sep, regex=False).mean() for sep in SKILL_SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ";"


def looks_like_log(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` looks like an answer log: a student column with many rows per student (median at
    least 3) and a right/wrong column. A class table (one row per student) is not a log."""
    if len(frame) < 2 * LOG_MIN_ROWS_PER_STUDENT:
        return False
    roles = infer_log_roles(frame)
    if not roles.student or not roles.correct or not roles.skill:
        return False
    per_student = frame[roles.student].dropna().astype(str).value_counts()
    return bool(len(per_student) and per_student.median() >= LOG_MIN_ROWS_PER_STUDENT)


def log_roles_table(frame: pd.DataFrame, roles: LogRoles) -> pd.DataFrame:
    """One row per column of ``frame``: column, role ("student", ..., or "ignore"), distinct values, an
    example value and why it has its role. Edit the ``role`` column and read it back with
    :func:`roles_from_table`."""
    role_of = {column: role for role, column in roles.columns.items()}
    why = dict(roles.reasons)
    rows = []
    for name in frame.columns:
        role = role_of.get(str(name), "ignore")
        present = frame[name].dropna()
        rows.append(dict(column=str(name), role=role, distinct=int(present.astype(str).nunique()),
                         example=str(present.iloc[0]) if len(present) else "",
                         why=why.get(role, "") if role != "ignore" else ""))
    return pd.DataFrame(rows, columns=["column", "role", "distinct", "example", "why"])


def roles_from_table(table: pd.DataFrame, roles: LogRoles) -> LogRoles:
    """The roles of an edited :func:`log_roles_table` (the pass mark and separator of ``roles`` are kept)."""
    changes: dict[str, str | None] = dict.fromkeys(ROLE_NAMES)
    for column, role in zip(table["column"], table["role"]):
        if role in ("", "ignore", None):
            continue
        if role not in ROLE_NAMES:
            raise ConfigError(f"Unknown log role '{role}' for column '{column}'. Available: "
                              f"{', '.join(ROLE_NAMES)}, ignore.")
        if changes[role] is not None:
            raise ConfigError(f"Two columns are marked '{role}' ('{changes[role]}' and '{column}'). "
                              "Mark one of them 'ignore'.")
        changes[role] = column
    changed = {role: column for role, column in changes.items() if column != roles.column(role)}
    return roles.with_roles(**changed) if changed else roles


# --------------------------------------------------------------------------- checking

def check_log(frame: pd.DataFrame, roles: LogRoles, *, training: bool = True) -> pd.DataFrame:
    """Every problem of an answer log at once; an empty problem table when all is well.

    Args:
        frame: the log.
        roles: its column roles.
        training: check what training needs too (enough students and answers, both right and wrong
            answers). False for a log that a saved run only scores. Default True.

    Errors (training cannot start): a role without a column, a column that is not in the table or has two
    roles, answers without a student or a skill, right/wrong values that cannot be read, scores without a
    pass mark, orders that are not numbers or dates, a single outcome, too few students or answers.
    Warnings: answers without correctness (left out), students with one answer, skills seen once, equal
    order values within a student (file order decides), a file not sorted in time order (the log is
    sorted; outputs keep the file's order), answers with very many skills.
    """
    return _check(frame, roles, training)[0]


def prepare_log(frame: pd.DataFrame, roles: LogRoles | None = None, *, training: bool = True) -> AnswerLog:
    """Check ``frame`` and return the cleaned :class:`AnswerLog`.

    Args:
        frame: the answer log as read (e.g. by :func:`mtl_core.load_table`).
        roles: the column roles; default :func:`infer_log_roles`.
        training: also check what training needs (see :func:`check_log`). Default True.

    Raises:
        DataValidationError: any error; it carries the whole problem table (errors and warnings).
    """
    roles = roles or infer_log_roles(frame)
    problems, answers = _check(frame, roles, training)
    if (problems["severity"] == "error").any():
        raise DataValidationError(problems)
    return AnswerLog(answers, roles, problems, len(frame))


def _check(frame: pd.DataFrame, roles: LogRoles, training: bool = True) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    found = _Problems(source_rows(frame))
    frame = frame.copy(deep=False)
    frame.columns = [str(c) for c in frame.columns]
    if not _check_columns(frame, roles, found):
        return found.table(), None
    student = frame[roles.student].astype("string").str.strip()
    skills = _skills(frame[roles.skill], roles.skill_separator)
    correct = _check_correct(frame[roles.correct], roles, found, training)
    order = _check_order(frame[roles.order], found)
    for name, missing in ((roles.student, student.isna() | student.eq("")),
                          (roles.skill, skills.map(len).eq(0))):
        rows = np.flatnonzero(missing.fillna(True).to_numpy())
        if len(rows):
            found.error(name, f"{len(rows)} answer(s) have no {'student' if name == roles.student else 'skill'}.",
                        "Fill these cells in, or delete the rows.", found.where(rows))
    many = np.flatnonzero(skills.map(len).to_numpy() > MAX_SKILLS_PER_ANSWER)
    if len(many):
        found.warning(roles.skill, f"{len(many)} answer(s) list more than {MAX_SKILLS_PER_ANSWER} skills; only the "
                      f"first {MAX_SKILLS_PER_ANSWER} are used.", f"Check the separator ('{roles.skill_separator}') "
                      "and the tags of these rows.", found.where(many))
    answers = pd.DataFrame({
        "row": np.arange(len(frame)), "student": student.fillna("").to_numpy(dtype=object),
        "skills": skills.map(lambda s: s[:MAX_SKILLS_PER_ANSWER]).to_numpy(), "correct": correct, "order": order,
        "item": (frame[roles.item].astype("string").str.strip().fillna("").to_numpy(dtype=object)
                 if roles.item else None),
    })
    valid = answers["student"].ne("") & answers["skills"].map(len).gt(0) & answers["order"].notna()
    _check_sequences(answers[valid], roles, found, training)
    if training:  # answers with a right/wrong cell count, readable or not (an unreadable one is its own error)
        filled = frame[roles.correct].notna().to_numpy() & frame[roles.correct].astype("string").str.strip().ne(
            "").fillna(False).to_numpy()
        _check_size(answers[valid & filled], roles, found)
    answers = answers[valid].sort_values(["student", "order", "row"], kind="stable", ignore_index=True)
    return found.table(), answers


def _check_columns(frame: pd.DataFrame, roles: LogRoles, found: _Problems) -> bool:
    ok = True
    if not frame.columns.is_unique:
        for name in frame.columns[frame.columns.duplicated()].unique():
            found.error(name, f"Several columns are named '{name}'.", "Give each column its own name in the file.")
        ok = False
    for role in REQUIRED_ROLES:
        if not roles.column(role):
            found.error("", f"No column is chosen as the {role} column ({ROLE_HELP[role]}).",
                        f"Choose the {role} column (on the command line: --{role} COLUMN).")
            ok = False
    used: dict[str, str] = {}
    for role, name in roles.columns.items():
        if name not in frame.columns:
            found.error(name, f"The {role} column '{name}' is not in the table.",
                        f"Check the spelling. {suggest_column(name, frame.columns)}")
            ok = False
        elif name in used:
            found.error(name, f"Column '{name}' is chosen both as the {used[name]} and the {role} column.",
                        "Give each role its own column.")
            ok = False
        used.setdefault(name, role)
    return ok


def _skills(series: pd.Series, separator: str) -> pd.Series:
    text = series.astype("string").str.strip().fillna("")
    parts = text.str.split(separator, regex=False)
    return parts.map(lambda items: tuple(dict.fromkeys(p.strip() for p in items if p.strip())))


def _check_correct(series: pd.Series, roles: LogRoles, found: _Problems, training: bool) -> np.ndarray:
    name = roles.correct
    values, unreadable, non_binary = correctness(series, roles.pass_mark)
    if len(unreadable):
        examples = ", ".join(f"'{v}'" for v in series.iloc[unreadable].astype(str).unique()[:3])
        found.error(name, f"Values that are not right/wrong ({examples}).",
                    "Use 1/0, yes/no, true/false or right/wrong, or scores with a pass mark.", found.where(unreadable))
    if len(non_binary):
        numbers = numeric_values(series.iloc[non_binary]).unique()[:3]
        shown = ", ".join(f"{v:g}" for v in numbers)
        found.error(name, f"Scores other than 0 and 1 ({shown}) and no pass mark, so right and wrong are unknown.",
                    "Give a pass mark (a score at or above it counts as right; on the command line "
                    "--pass-mark 40), or make the column 0/1.", found.where(non_binary))
        values[non_binary] = np.nan
    empty = np.flatnonzero(series.isna().to_numpy() | series.astype("string").str.strip().eq("").fillna(True).to_numpy())
    if len(empty) and len(empty) < len(series):
        found.warning(name, f"{len(empty)} answer(s) have no right/wrong value; they are left out of training and "
                      "get no prediction.", "Fill them in if they were marked.", found.where(empty))
    known = values[np.isfinite(values)]
    if training and len(known) and np.unique(known).size < 2:
        word = "right" if known[0] == 1 else "wrong"
        found.error(name, f"Every answer is {word}, so there is nothing to predict.",
                    "Check that the right column was chosen; a pass mark may be set too low or too high.")
    return values


def _check_order(series: pd.Series, found: _Problems) -> np.ndarray:
    values, unreadable, kind = order_values(series)
    name = str(series.name)
    if len(unreadable):
        examples = ", ".join(f"'{v}'" for v in series.iloc[unreadable].astype(str).unique()[:3])
        found.error(name, f"Values that are neither attempt numbers nor dates ({examples}).",
                    "Use attempt numbers (1, 2, 3, ...) or dates and times such as 2026-03-01 14:05.",
                    found.where(unreadable))
    missing = np.setdiff1d(np.flatnonzero(np.isnan(values)), unreadable)
    if len(missing):
        found.error(name, f"{len(missing)} answer(s) have no order, so it is unknown what came before them.",
                    "Fill in the attempt number or time, or delete the rows.", found.where(missing))
    return values


def _check_sequences(answers: pd.DataFrame, roles: LogRoles, found: _Problems, training: bool) -> None:
    if answers.empty:
        return
    counts = answers.groupby("student", sort=False)["row"].transform("size").to_numpy()
    single = np.flatnonzero(counts == 1)
    if len(single) and (len(single) < len(answers) or not training):
        found.warning(roles.student, f"{len(single)} student(s) have only one answer: nothing comes before it, so "
                      "their predictions are the class average.", "Check the student IDs of these rows.",
                      found.where(np.sort(answers["row"].to_numpy()[single])))
    if training and len(single) == len(answers):
        found.error(roles.student, "Every student has one row, so there is no history to learn from: this looks "
                    "like a class table (one row per student), not an answer log.",
                    "Load the log with one row per answer, or open this file as a class table.")
    skill_counts = answers["skills"].explode().value_counts()
    once = skill_counts[skill_counts == 1]
    if len(once):
        shown = ", ".join(f"'{s}'" for s in once.index[:5])
        found.warning(roles.skill, f"{len(once)} skill(s) appear in one answer only ({shown}{', ...' if len(once) > 5 else ''});"
                      " their predictions rest on almost nothing.", "Check the spelling of these skill tags, or "
                      "merge rare skills into broader ones.")
    order = answers[["student", "order", "row"]]
    tied = order.duplicated(["student", "order"], keep=False).to_numpy()
    if tied.any():
        found.warning(roles.order, f"{int(tied.sum())} answers share their order value with another answer of the "
                      "same student; they are taken in file order.", "Use an attempt number or a time with "
                      "seconds if the file order is not the answer order.", found.where(np.sort(order["row"].to_numpy()[tied])))
    backwards = order.groupby("student", sort=False)["order"].diff().lt(0).to_numpy()
    if backwards.any():
        students = order["student"][backwards].nunique()
        found.warning(roles.order, f"The file is not in answer order for {students} student(s); their answers are put "
                      f"in order of '{roles.order}' (outputs keep the file's row order).", "Nothing to do if "
                      f"'{roles.order}' is right.", found.where(np.sort(order["row"].to_numpy()[backwards])))


def _check_size(scored: pd.DataFrame, roles: LogRoles, found: _Problems) -> None:
    students = scored["student"].nunique()
    if students < MIN_STUDENTS:
        found.error(roles.student, f"The log has {students} student(s) with scored answers; training needs at least "
                    f"{MIN_STUDENTS}.", "Load the answers of the whole class.")
    if len(scored) < MIN_ANSWERS:
        found.error(roles.correct, f"The log has {len(scored)} scored answer(s); training needs at least "
                    f"{MIN_ANSWERS}.", "Load more answers.")

