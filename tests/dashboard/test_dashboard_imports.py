"""Architecture rules: the dashboard never imports TensorFlow/Keras and uses only mtl_core's public API."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import mtl_core
from tests.synthetic import ROOT

DASHBOARD = ROOT / "dashboard"
SOURCES = sorted(DASHBOARD.rglob("*.py"))
HELPERS = ["dashboard.state", "dashboard.messages", "dashboard.charts", "dashboard.text", "dashboard.sources",
           "dashboard.task_table", "dashboard.verdicts", "dashboard.student_view", "dashboard.evaluation_data",
           "dashboard.jobs", "dashboard.ui", "dashboard.comparison_view", "dashboard.fairness_view",
           "dashboard.calibration_view", "dashboard.auth", "dashboard.space_view", "dashboard.words",
           "dashboard.card_view", "dashboard.runs_view", "dashboard.messages.en", "dashboard.messages.zh",
           "dashboard.log_keys", "dashboard.log_state", "dashboard.log_jobs", "dashboard.log_verdicts",
           "dashboard.log_data", "dashboard.log_tasks", "dashboard.log_train", "dashboard.log_results",
           "dashboard.log_students", "dashboard.log_runs", "dashboard.log_card"]
FORBIDDEN = ("tensorflow", "keras")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node, "." * node.level + (node.module or "")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_tensorflow_and_only_the_public_mtl_core(path):
    for node, name in _imports(path):
        root = name.split(".")[0]
        assert root not in FORBIDDEN, f"{path.name}:{node.lineno} imports {name}"
        if root == "mtl_core":
            assert isinstance(node, ast.Import) and name == "mtl_core", (
                f"{path.name}:{node.lineno}: use `import mtl_core` and its public names, not {name}")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_names_in_mtl_core_all_are_used(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == "mtl_core"}
    assert used <= set(mtl_core.__all__), f"{path.name} uses private names: {sorted(used - set(mtl_core.__all__))}"


def test_no_html_is_ever_allowed():
    for path in SOURCES:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path.name


def test_importing_the_helper_modules_does_not_load_tensorflow():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in HELPERS)
            + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))\n"
              "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


PAGES_PROBE = """
import sys
from tests.dashboard.helpers import page, preset
import mtl_core

loaded = mtl_core.load_table("sample_data/class.csv")
for name in NAMES:
    at = preset(page(name), loaded, is_sample=True)
    at.session_state["tasks_advanced"] = True  # the Tasks page's Advanced expander, open
    at.run()
    assert not at.exception, (name, at.exception)
    assert at.title, name  # the page was drawn, not stopped before its heading
print("loaded:", ",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))))
"""


def test_data_tasks_and_train_pages_draw_without_loading_tensorflow():
    """A teacher's first pages stay fast: TensorFlow loads only when a training or a saved run needs it."""
    code = PAGES_PROBE.replace("NAMES", repr(["data", "tasks", "train", "card"]))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "loaded:"


FIRST_PAGE_PROBE = """
import sys
from tests.dashboard.helpers import page, preset
import mtl_core
from dashboard import jobs, sources
from dashboard import task_table as tt

jobs.workspace("first-page")  # what state.init does for a new tab: its space, its runs folder, the settings
sources.runs_root("first-page")
tt.make_config(tt.default_settings(300))
loaded = mtl_core.load_table("sample_data/class.csv")
at = preset(page("data"), loaded, is_sample=True)
at.run()
assert not at.exception, at.exception
print("loaded:", ",".join(sorted({m.split(".")[0] for m in sys.modules} & {"sklearn", "scipy", "tensorflow"})))
"""


def test_the_first_page_does_not_load_scikit_learn():
    """scikit-learn and SciPy take about 1 s to import on this machine: a new tab's first page (its space, the
    Recommended settings, the Data page) waits for neither; they load with the first split, metric or verdict."""
    result = subprocess.run([sys.executable, "-c", FIRST_PAGE_PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "loaded:"
