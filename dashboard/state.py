"""Per-teacher state: the keys of ``st.session_state`` and typed accessors for them.

Nothing a teacher loads or trains is shared between sessions. Keys (values):

========================  ==================================================================================
``TABLE``                 ``mtl_core.LoadedTable``: the class every page works on (the sample at first)
``IS_SAMPLE``             bool: ``TABLE`` is the bundled sample class
``UPLOAD``                ``(file name, bytes)`` of the last good upload, to read another Excel sheet
``LOAD_ERROR``            str: why the last upload failed (the previous data and run are kept), or ""
``SCHEMA``                ``mtl_core.Schema`` with the teacher's role changes
``TASKS_TABLE``           DataFrame of outcomes (``dashboard.task_table.COLUMNS``), or None before the Tasks page
``SETTINGS``              dict of Advanced settings (``dashboard.task_table.default_settings``), or None
``JOB``                   ``dashboard.jobs.TrainingJob`` of the latest training, or None
``RUN``                   :class:`ActiveRun`: the run the Results and Students pages show, or None
``SAVED``                 dict ``"<folder>|<created>"`` -> ``TrainedRun``: the saved run opened last on the Saved
                          runs page (one at most: a run holds its Keras models)
``SCORED``                :class:`Scored`: a new class scored with a saved run, or None
``SALT``                  random text for pseudonymised downloads in this session
``TABLE_VERSION``         int, counts loaded tables (so cached checks know when the data changed)
``CHECKED``               ((version, schema, tasks), problem table): the latest ``mtl_core.check`` result
``STUDENTS_SHOWN``        list of the row positions the Students table shows, in order (for row selection)
``NOTICES``               list of (page, level, text): messages from callbacks, shown once on that page
``SPACE``                 str: the space whose saved runs this session sees (also in the URL: ``?space=...``)
``SPACE_PROBLEM``         str: a space name from the URL that was not valid (a new space was made), or ""
``COMPARE``               bool: train with ``compare=True`` (the Train page's checkbox, kept across pages)
``LANGUAGE``              str: the session's language, "en" or "zh" (also in the URL: ``?lang=zh``; see
                          :func:`language`); ``dashboard.messages`` reads it to pick the catalogue
``STALE_DATA``            ((run table id, table version, table id), bool): whether the class loaded now differs
                          from the table the run on screen describes (see :func:`run_differences`)
``SEEN``                  ``(space, {key: value})``: the space this session is bound to and the values of
                          :data:`SPACE_KEYS` as last merged with it (see :func:`sync`)
========================  ==================================================================================

**Spaces** keep teachers who share one EduMTL server apart, and hold a teacher's work across tabs and
reloads. On a shared server (:mod:`dashboard.auth`: started for a network, a login is required) a space
belongs to the signed-in account and nothing in the address can change it. On the teacher's own computer
(loopback) each browser session without ``?space=`` in its address gets a new random one
(``class-7f3k2q``), which is put into the address so that a reload, a second tab with the same address and
a bookmark find the same work and saved runs again; there a space is a folder name, not a password.

**What a space shares** (:data:`SPACE_KEYS`: the class, its roles, outcomes, weights and settings, the
training job, the active run...) lives in the space's :class:`dashboard.jobs.Workspace` in the server
process; this session's ``st.session_state`` holds its working copy, merged key by key with the workspace
at the start and end of every full script run (:func:`sync`): a key this session changed is published to
the space, a key another tab (or the training thread) changed is taken from it. So a reload or a second
tab finds the running training and the settings, and the pages keep reading ``st.session_state`` as before
(a page run on its own, as in the AppTest tests, has no workspace and keeps everything in the session).

Widget keys are named after their page (``data_upload``, ``tasks_editor``, ``train_start``...). Streamlit
forgets a widget's value when its page is left, so values that must survive navigation are copied into
the keys above (or re-seeded with :func:`seed`).
"""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

import mtl_core

from . import auth, jobs, log_keys, sources
from . import messages as M
from . import task_table as tt

TABLE = "table"
IS_SAMPLE = "is_sample"
UPLOAD = "upload"
LOAD_ERROR = "load_error"
SCHEMA = "schema"
TASKS_TABLE = "tasks_table"
SETTINGS = "settings"
JOB = "job"
RUN = "run"
SAVED = "saved"
SCORED = "scored"
SALT = "salt"
NOTICES = "notices"
STUDENTS_SHOWN = "students_shown"
TABLE_VERSION = "table_version"
CHECKED = "checked"
SPACE = "space"
SPACE_PROBLEM = "space_problem"
COMPARE = "compare"
LANGUAGE = M.SESSION_KEY
SEEN = "space_seen"
# The session keys a space shares between its tabs and keeps across reloads (see sync). Everything else (widget
# values, notices, the language, the rows the Students table shows) belongs to one tab.
SPACE_KEYS = (TABLE, IS_SAMPLE, UPLOAD, LOAD_ERROR, SCHEMA, TASKS_TABLE, SETTINGS, COMPARE, TABLE_VERSION, CHECKED,
              JOB, RUN, SAVED, SCORED, SALT, *log_keys.SPACE_KEYS)  # the answer-log mode's: dashboard/log_keys.py
NOT_CARRIED = (JOB, SAVED, SCORED, *log_keys.NOT_CARRIED)  # what a session does not take into another, empty space
_MISSING = object()
LANGUAGE_PARAM = M.URL_PARAM  # the URL query parameter (?lang=zh)
SPACE_PARAM = "space"  # the URL query parameter
SPACE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: easy to read aloud and to copy
SPACE_LENGTH = 6

DATA_WIDGETS = ("data_roles", "data_column", "tasks_editor", "tasks_focus", "tasks_derived_column")
RUN_WIDGETS = ("results_task", "students_pick", "students_reason_task", "students_search",
               "results_fairness_column")
RUN_WIDGET_PREFIXES = ("students_table_rows",)  # the Students table's selection: a new key after each click
WHATIF_PREFIX = "whatif_"


@dataclass
class ActiveRun:
    """A trained or loaded run with the class it describes.

    Attributes:
        run: the ``mtl_core.TrainedRun``.
        frame: the class table its students come from (the training class, or for a loaded run the class
            loaded at the time, if it has the run's inputs); None when there is none.
        source: a plain-text description ("class.csv", "saved run 'term 1'").
        saved_as: the folder name once saved.
        training_class: whether ``frame`` is the class the run was trained on (so actual outcomes are known).
        recommendations: ``mtl_core.Recommendations`` of a small class, computed once (they take seconds).
        students: a large class's students (predictions and risk: ``student_view.class_students``), computed once.
        profiles: a large class's students opened so far, ``row -> (reasons, actions)`` (``student_view``).
        views: what the Students page derives from the run once (its table, the students' labels per language),
            so opening another student does not rebuild them.
        fairness: audits computed so far, ``columns tuple -> FairnessAudit or the error's message``.
        exports: download files made so far, ``(what, variant) -> ({extension: bytes}, make_excel)`` (made once
            per run, so the download buttons keep the same address on every rerun; see ``ui.download_buttons``).
    """

    run: object
    frame: pd.DataFrame | None
    source: str
    saved_as: str | None = None
    training_class: bool = True
    recommendations: object = None
    students: pd.DataFrame | None = None
    profiles: dict = field(default_factory=dict)
    views: dict = field(default_factory=dict)
    fairness: dict = field(default_factory=dict)
    exports: dict = field(default_factory=dict)


@dataclass
class Scored:
    """A new class file scored with a saved run (Saved runs page)."""

    run_name: str
    file_name: str
    predictions: pd.DataFrame
    files: dict = field(default_factory=dict)  # the download files, made once (see ui.download_buttons)


# --------------------------------------------------------------------------- init

def init() -> None:
    """Bind the session to its space's work, create every key once, load the sample class in a new space. Safe
    to call on every rerun (the app calls it at the start of each one; :func:`sync` at the end)."""
    state = st.session_state
    language()
    bind(space())
    for key, default in ((IS_SAMPLE, False), (UPLOAD, None), (LOAD_ERROR, ""), (TASKS_TABLE, None),
                         (SETTINGS, None), (JOB, None), (RUN, None), (SCORED, None)):
        state.setdefault(key, default)
    state.setdefault(SAVED, {})
    state.setdefault(SALT, secrets.token_hex(8))
    state.setdefault(COMPARE, False)
    if TABLE not in state:
        set_table(sources.sample_table(), is_sample=True)
    sync()


# --------------------------------------------------------------------------- the space's work

def workspace() -> jobs.Workspace | None:
    """The workspace of the space this session is bound to; None for a page run on its own (tests)."""
    bound = st.session_state.get(SEEN)
    return None if bound is None else jobs.workspace(bound[0])


def bind(name: str) -> None:
    """Bind this session to the space ``name``'s workspace (a no-op when it already is).

    A new session (a reload, a second tab) takes everything from the space. A session that moves to another
    space (the Saved runs page's box) takes that space's work when it has some; into an empty space it
    carries its class, settings and run along (not its job, opened runs or scored table), as before spaces
    held work."""
    state = st.session_state
    bound = state.get(SEEN)
    if bound is not None and bound[0] == name:
        return
    work = jobs.workspace(name)
    if bound is not None:
        with work.lock:
            empty = not work.values
        forget(*(NOT_CARRIED if empty else SPACE_KEYS))
    state[SEEN] = (name, {})
    sync()


def sync() -> None:
    """Merge this session's :data:`SPACE_KEYS` with its space's workspace, key by key, under the space's lock.

    For each key, compared by identity with the value last merged: changed here -> published to the space;
    else changed in the space (another tab, the training thread) -> taken into this session (a new class or
    run also forgets the widgets that showed the previous one). A page run on its own has no space: nothing
    happens."""
    state = st.session_state
    bound = state.get(SEEN)
    if bound is None:
        return
    name, seen = bound
    work = jobs.workspace(name)
    taken = set()
    with work.lock:
        if not work.values and seen:  # the space was let go while this tab stayed open: this tab's work refills it
            seen.clear()
            if state.get(JOB) is not None or state.get(RUN) is not None:
                work.lost = None  # nothing is lost: this tab still holds the job and the run
        for key in SPACE_KEYS:
            mine = state[key] if key in state else _MISSING
            last = seen.get(key, _MISSING)
            if mine is not last:
                _put(work.values, key, mine)
                _put(seen, key, mine)
                continue
            theirs = work.values.get(key, _MISSING)
            if theirs is not last:
                if theirs is _MISSING:
                    del state[key]
                else:
                    state[key] = theirs
                _put(seen, key, theirs)
                taken.add(key)
    if TABLE in taken:
        forget(*DATA_WIDGETS)
    if RUN in taken:
        forget_run_widgets()


def _put(values: dict, key: str, value) -> None:
    if value is _MISSING:
        values.pop(key, None)
    else:
        values[key] = value


def start_job(make):
    """Start the training ``make(on_done=...)`` builds (a ``TrainingJob``), unless the space trains already.

    Returns the space's running job: a second click, or a click in a second tab, keeps the one that runs.
    A page run on its own (no space) keeps the job in the session, as before."""
    work = workspace()
    if work is None:
        current = job()
        if current is not None and current.running:
            return current
        started = make(on_done=None).start()
        set_job(started)
        return started
    sync()  # a job another tab started is seen before deciding
    started = work.start(make, collect=lambda done: _collect_into(work, done))
    st.session_state[JOB] = started
    sync()
    return started


def _collect_into(work: jobs.Workspace, done) -> None:
    """In the training thread, as it ends: its run becomes the space's active run (every tab takes it up)."""
    if done.result is not None:
        with work.lock:
            work.values[RUN] = ActiveRun(done.result, done.frame, source=done.label)


def note_saved(run) -> None:
    """The run was saved: a restart of the server would no longer lose it."""
    work = workspace()
    if work is not None:
        work.saved(run)


def lost_work() -> dict | None:
    """What a restart of the server (or a space let go after hours unused) lost of this space's work, if anything
    (``jobs.Workspace.lost``)."""
    work = workspace()
    return None if work is None else work.lost


def dismiss_lost_work() -> None:
    work = workspace()
    if work is not None:
        jobs.dismiss_lost(work)


def seed(key: str, value):
    """The value of the keyed widget ``key``: the one it has, else ``value``, given to it now (Streamlit forgets
    a widget's value when it is not drawn, e.g. after a visit to another page).

    Pass the result to the widget as its default too (``value=``, or ``index=`` via :func:`seed_index`), not
    only through ``st.session_state``: a browser that first draws the widget from a later script run than the
    one that gave it its value shows the widget's default, and sends that back with the next click. Without
    this, a quick second rerun on opening the Tasks page could silently reset the settings to 1 epoch, 2 folds
    and no layers."""
    if key not in st.session_state:
        st.session_state[key] = value
    return st.session_state[key]


def seed_index(key: str, options, value) -> int:
    """:func:`seed` for a selectbox or radio: the position of the widget's value in ``options`` (0 if absent)."""
    current, options = seed(key, value), list(options)
    return options.index(current) if current in options else 0


def forget(*keys: str) -> None:
    for key in keys:
        st.session_state.pop(key, None)


# --------------------------------------------------------------------------- data

def table():
    """The loaded ``mtl_core.LoadedTable``, or None."""
    return st.session_state.get(TABLE)


def frame() -> pd.DataFrame | None:
    loaded = table()
    return None if loaded is None else loaded.frame


def is_sample() -> bool:
    return bool(st.session_state.get(IS_SAMPLE))


def set_table(loaded, *, is_sample: bool = False, upload: tuple | None = None) -> None:
    """Use a newly read class: infer its roles and start the outcomes afresh (the current run is kept)."""
    state = st.session_state
    previous = state.get(TABLE)
    settings = state.get(SETTINGS)
    if settings is not None and settings.get("k") == tt.recommended_folds(_students(previous)):
        settings["k"] = tt.recommended_folds(len(loaded.frame))  # still Recommended: for the new class's size
        forget("tasks_k")
    state[TABLE] = loaded
    state[TABLE_VERSION] = state.get(TABLE_VERSION, 0) + 1
    state[IS_SAMPLE] = is_sample
    state[UPLOAD] = upload
    state[LOAD_ERROR] = ""
    state[SCHEMA] = mtl_core.infer_schema(loaded.frame)
    state[TASKS_TABLE] = None
    forget(*DATA_WIDGETS)


def _students(loaded) -> int | None:
    return None if loaded is None else len(loaded.frame)


def students() -> int | None:
    """How many students the current class has (None before one is loaded)."""
    return _students(st.session_state.get(TABLE))


def schema():
    return st.session_state.get(SCHEMA)


def set_schema(value) -> None:
    st.session_state[SCHEMA] = value


def load_error() -> str:
    return st.session_state.get(LOAD_ERROR, "")


def set_load_error(message: str) -> None:
    st.session_state[LOAD_ERROR] = message


def upload():
    return st.session_state.get(UPLOAD)


# --------------------------------------------------------------------------- outcomes and settings

def tasks_table() -> pd.DataFrame | None:
    """The outcomes table, created from the roles the first time and kept in step with them."""
    data, roles = frame(), schema()
    if data is None or roles is None:
        return None
    current = st.session_state.get(TASKS_TABLE)
    synced = tt.sync_table(current, data, roles)
    if synced is not current:
        st.session_state[TASKS_TABLE] = synced
    return synced


def set_tasks_table(value: pd.DataFrame) -> None:
    st.session_state[TASKS_TABLE] = value


def tasks() -> tuple[list, list[str]]:
    """The ticked outcomes as TaskSpecs, and the problems of rows that cannot be used."""
    data = frame()
    if data is None:
        return [], []
    return tt.build_tasks(data, tasks_table())


STALE_DATA = "stale_data"  # (run frame's id, table version, current frame's id) -> whether the two tables differ


def _same_data(run_frame: pd.DataFrame | None) -> bool:
    """Whether the class loaded now is the table the run describes (the same values, columns and order).

    The job trains on a copy of the class, so identity is not enough; two tables are compared once per pair
    (``pandas.DataFrame.equals``, milliseconds for 30,000 students) and the answer kept for the session.
    """
    current = frame()
    if run_frame is None or current is None or run_frame is current:
        return True
    key = (id(run_frame), st.session_state.get(TABLE_VERSION, 0), id(current))
    cached = st.session_state.get(STALE_DATA)
    if cached is not None and cached[0] == key:
        return cached[1]
    same = list(run_frame.columns) == list(current.columns) and run_frame.reset_index(drop=True).equals(
        current.reset_index(drop=True))
    st.session_state[STALE_DATA] = (key, same)
    return same


def run_differences(run, run_frame: pd.DataFrame | None) -> dict[str, list[str]]:
    """What differs between ``run`` (trained on ``run_frame``) and the Data and Tasks pages now, so a page that
    shows the run can say its results no longer match: ``{"data": [], "roles": [columns], "outcomes": [names],
    "weights": [names]}``, only the kinds that differ (empty: the run matches).

    * data: the class loaded now is not the table the run describes (:func:`_same_data`);
    * roles: a column of the run's class has another role now (the run's outcome columns count as targets,
      as training makes them);
    * outcomes: an outcome was ticked or unticked, or its rule, kind or "training only" changed;
    * weights: an outcome's weight changed.
    """
    found: dict[str, list[str]] = {}
    if not _same_data(run_frame):
        found["data"] = []
    roles_now = schema()
    if roles_now is not None:
        outcome_columns = {t.column for t in run.tasks}
        changed = []
        for column in run.schema.columns:
            if column.name not in roles_now:
                continue
            now = roles_now[column.name].role
            if now == mtl_core.Role.INPUT and column.name in outcome_columns:
                now = mtl_core.Role.TARGET
            if now != column.role:
                changed.append(column.name)
        if changed:
            found["roles"] = changed
    if frame() is None:  # no class loaded: nothing to compare the outcomes with
        return found
    current, _ = tasks()
    before = {t.name: t for t in run.tasks}
    now = {t.name: t for t in current}
    outcomes = [name for name in [*before, *(n for n in now if n not in before)]
                if name not in before or name not in now
                or dataclasses.replace(before[name], weight=1.0) != dataclasses.replace(now[name], weight=1.0)]
    if outcomes:
        found["outcomes"] = outcomes
    weights = [name for name in before if name in now and name not in outcomes
               and float(before[name].weight) != float(now[name].weight)]
    if weights:
        found["weights"] = weights
    return found


def problems(tasks) -> pd.DataFrame:
    """``mtl_core.check`` of the class with the current roles and ``tasks``, remembered until one of them changes."""
    key = (st.session_state.get(TABLE_VERSION, 0), schema(), tuple(tasks))
    cached = st.session_state.get(CHECKED)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = mtl_core.check(frame(), schema(), list(tasks))
    st.session_state[CHECKED] = (key, found)
    return found


def settings() -> dict:
    if st.session_state.get(SETTINGS) is None:
        st.session_state[SETTINGS] = tt.default_settings(students())
    return st.session_state[SETTINGS]


# --------------------------------------------------------------------------- training and runs

def job():
    """The latest TrainingJob (None before the first training)."""
    return st.session_state.get(JOB)


def set_job(value) -> None:
    st.session_state[JOB] = value


def collect_job():
    """When the latest job has finished with a result, make it the active run (once). Returns the job.

    In the app the training thread has already made it the space's run as it ended (:func:`start_job`); this
    session takes it up. A page run on its own collects it into the session."""
    current = job()
    if current is None or not current.finished:
        return current
    with current.lock:
        if not current.collected:
            current.collected = True
            if current.result is not None:
                set_run(ActiveRun(current.result, current.frame, source=current.label))
    active = st.session_state.get(RUN)
    if current.result is not None and (active is None or active.run is not current.result):
        sync()
    return current


def active_run() -> ActiveRun | None:
    """The run the Results and Students pages show (a just-finished training is picked up first)."""
    collect_job()
    return st.session_state.get(RUN)


def set_run(value: ActiveRun | None) -> None:
    st.session_state[RUN] = value
    forget_run_widgets()


def forget_run_widgets() -> None:
    """Forget the widgets that showed the previous run (its outcomes, students, what-if values)."""
    forget(*RUN_WIDGETS)
    forget_prefixed(*RUN_WIDGET_PREFIXES)
    forget_whatif()


def forget_prefixed(*prefixes: str) -> None:
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


def forget_whatif() -> None:
    forget_prefixed(WHATIF_PREFIX)


def saved_runs() -> dict:
    return st.session_state.setdefault(SAVED, {})


def scored() -> Scored | None:
    return st.session_state.get(SCORED)


def set_scored(value: Scored | None) -> None:
    st.session_state[SCORED] = value


def salt() -> str:
    return st.session_state.setdefault(SALT, secrets.token_hex(8))


# --------------------------------------------------------------------------- spaces

def new_space() -> str:
    """A random, readable space name such as ``class-7f3k2q``."""
    return "class-" + "".join(secrets.choice(SPACE_ALPHABET) for _ in range(SPACE_LENGTH))


def space() -> str:
    """This session's space: the signed-in account's on a shared server, else kept in step with the address.

    With an account (:func:`dashboard.auth.account`) the space is the account's, whatever the address says,
    and the address carries none (a link never names, opens or changes a space). Without one (EduMTL on this
    computer only), a valid ``?space=`` in the address wins (a bookmark, a shared link); without it the session
    keeps the space it had (moving between pages drops the query parameter) or gets a new random one. The
    space is then written back into the address. An invalid name in the address is remembered in
    ``SPACE_PROBLEM``.
    """
    state = st.session_state
    account = auth.account()
    if account is not None:
        state[SPACE] = account.space
        if SPACE_PARAM in st.query_params:
            del st.query_params[SPACE_PARAM]
        return account.space
    current = state.get(SPACE)
    wanted = st.query_params.get(SPACE_PARAM)
    if wanted and wanted != current:
        try:
            current = mtl_core.check_run_name(wanted)
        except mtl_core.EduMTLError:
            state[SPACE_PROBLEM] = str(wanted)[:100]
    if not current:
        current = new_space()
    state[SPACE] = current
    if st.query_params.get(SPACE_PARAM) != current:
        st.query_params[SPACE_PARAM] = current
    return current


def space_is_an_account() -> bool:
    """Whether the space belongs to a signed-in account (and so cannot be switched)."""
    return auth.account() is not None


def set_space(name: str) -> str:
    """Switch this session to the space ``name`` (checked like a run name; ConfigError when it cannot be one, or
    when the space is a signed-in account's, which has only its own)."""
    if space_is_an_account():
        raise mtl_core.ConfigError("A signed-in account has one space, its own; it cannot be switched.")
    name = mtl_core.check_run_name(name)
    st.session_state[SPACE] = name
    st.session_state[SPACE_PROBLEM] = ""
    st.query_params[SPACE_PARAM] = name
    set_scored(None)  # a scored table belongs to a run of the previous space
    return name


def space_problem() -> str:
    return st.session_state.get(SPACE_PROBLEM, "")


# --------------------------------------------------------------------------- language

def browser_language() -> str:
    """The catalogue closest to the browser's language (``st.context.locale``, e.g. "zh-CN"); English otherwise."""
    try:
        locale = str(st.context.locale or "")
    except Exception:  # noqa: BLE001 - no browser (a page run on its own in a test)
        locale = ""
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in M.CATALOGUES else M.DEFAULT


def language() -> str:
    """This session's language, kept in step with the address, as the space is.

    A valid ``?lang=`` in the address wins (a bookmark, a shared link); without one the session keeps the
    language it had (moving between pages may drop the query parameter) or takes the browser's. The
    language is then written back into the address, so a bookmark opens the pages in it again. An unknown
    ``?lang=`` is replaced by the language in use.
    """
    state = st.session_state
    current = state.get(LANGUAGE)
    wanted = st.query_params.get(LANGUAGE_PARAM)
    if wanted in M.CATALOGUES:
        current = wanted
    if current not in M.CATALOGUES:
        current = browser_language()
    state[LANGUAGE] = current
    if st.query_params.get(LANGUAGE_PARAM) != current:
        st.query_params[LANGUAGE_PARAM] = current
    return current


def set_language(lang: str) -> str:
    """Switch this session to ``lang`` (a key of ``messages.CATALOGUES``; anything else keeps the current one)."""
    if lang in M.CATALOGUES:
        st.session_state[LANGUAGE] = lang
        st.query_params[LANGUAGE_PARAM] = lang
        forget("data_roles", "tasks_editor")  # their edits hold the previous language's words; already applied
    return st.session_state.get(LANGUAGE, M.DEFAULT)


def compare() -> bool:
    return bool(st.session_state.get(COMPARE, False))
