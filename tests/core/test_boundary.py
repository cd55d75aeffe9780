"""Architecture boundaries: mtl_core never imports the UI, the dashboard never imports TensorFlow,
and reading/checking data works without loading TensorFlow at all."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE_FILES = sorted((ROOT / "mtl_core").rglob("*.py"))
DASHBOARD_FILES = sorted((ROOT / "dashboard").rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (``import a.b`` and ``from a.b import c`` give ``a``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_the_scan_finds_the_files_and_sees_imports():
    assert len(CORE_FILES) >= 20 and ROOT / "mtl_core" / "loop.py" in CORE_FILES
    assert {"tensorflow", "keras"} <= imported_modules(ROOT / "mtl_core" / "loop.py")
    assert "streamlit" in imported_modules(ROOT / "dashboard" / "app.py")


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_the_ui(path):
    assert not imported_modules(path) & {"streamlit", "plotly"}


@pytest.mark.parametrize("path", DASHBOARD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dashboard_never_imports_tensorflow(path):
    assert not imported_modules(path) & {"tensorflow", "keras", "tf_keras"}


PROBE = """
import json, sys
import mtl_core
after_import = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))
frame = mtl_core.read_table("sample_data/class.csv")
schema = mtl_core.infer_schema(frame)
task = mtl_core.make_task(frame, "final_exam")
passed = mtl_core.make_task(frame, "passed")
problems = mtl_core.check(frame, schema, [task, passed])
methods = [i.name for i in mtl_core.ARCHITECTURES.infos()] + [i.name for i in mtl_core.WEIGHTINGS.infos()]
after_use = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))
print(json.dumps(dict(after_import=after_import, after_use=after_use, rows=len(frame),
                      id=schema.id_column, kind=task.kind.value, classes=list(passed.classes),
                      errors=int((problems["severity"] == "error").sum()), methods=methods)))
"""


def test_reading_and_checking_data_never_loads_tensorflow():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["after_import"] == []
    assert found["after_use"] == []
    assert found["rows"] == 300 and found["id"] == "student_id"
    assert found["kind"] == "regression" and found["classes"] == ["fail", "pass"]
    assert found["errors"] == 0
    assert {"shared_bottom", "mmoe", "cgc", "manual", "uncertainty", "gradnorm"} <= set(found["methods"])
