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
    assert len(CORE_FILES) >= 20 and ROOT / "mtl_core" / "tabular" / "loop.py" in CORE_FILES
    assert {"tensorflow", "keras"} <= imported_modules(ROOT / "mtl_core" / "tabular" / "loop.py")
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


def module_graph(package: str) -> dict[str, set[str]]:
    """The project's own imports: module -> the modules of ``package`` it imports (relative ones resolved,
    ``from . import x`` counted as importing the module ``x`` when there is one)."""
    files = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for p in (ROOT / package).rglob("*.py")}
    graph = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = name.split(".") if is_package else name.split(".")[:-1]
                    base = ".".join(parts[:len(parts) - node.level + 1])
                    module = f"{base}.{node.module}" if node.module else base
                else:
                    module = node.module or ""
                deps.add(module)
                deps |= {f"{module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                deps |= {alias.name for alias in node.names}
        graph[name] = {d for d in deps if d in files and d != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (as a path that ends where it starts), or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                return path[path.index(dep):] + [dep]
            if dep not in state and (found := visit(dep, path + [dep])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_cycle_finder_sees_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    graph = module_graph("mtl_core")
    assert "mtl_core.tabular.training" in graph["mtl_core.cli"] and "mtl_core.tabular.loop" in graph


@pytest.mark.parametrize("package", ["mtl_core", "dashboard"])
def test_imports_run_one_way(package):
    """No module imports one that (directly or through others) imports it."""
    assert find_cycle(module_graph(package)) is None


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout (an unpacked copy has no ignore rules to check)")
def test_no_source_file_is_hidden_by_an_ignore_rule():
    """A source file that ``.gitignore`` hides works here and is missing from every clean clone."""
    sources = [str(p.relative_to(ROOT)) for folder in ("mtl_core", "dashboard", "tests", "benchmarks", "sample_data")
               for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(sources) > 50
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=ROOT, input="\n".join(sources),
                             capture_output=True, text=True).stdout.split()
    assert ignored == [], f"ignored by .gitignore, so absent from a clean clone: {ignored}"
