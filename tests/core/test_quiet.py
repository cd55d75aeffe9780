"""Tests for mtl_core._quiet: TensorFlow's start-up noise is hidden, and stderr always comes back."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Stand-ins for keras and tensorflow: keras takes a moment to import (as the real one does) and
# imports tensorflow at its end, so a second thread arrives while the first has stderr silenced.
FAKE_KERAS = "import time\nimport sys\nprint('keras noise', file=sys.stderr)\ntime.sleep(0.6)\nimport tensorflow\n"
FAKE_TENSORFLOW = "import sys\nprint('tensorflow noise', file=sys.stderr)\n"

TWO_THREADS = textwrap.dedent("""
    import os, sys, threading, time
    from mtl_core._quiet import import_tensorflow

    results = []
    first = threading.Thread(target=lambda: results.append(import_tensorflow()))
    second = threading.Thread(target=lambda: results.append(import_tensorflow()))
    first.start()
    time.sleep(0.2)  # the first thread is inside the (slow) keras import, with fd 2 on /dev/null
    second.start()
    first.join()
    second.join()
    assert len(results) == 2 and results[0] is results[1]
    os.write(2, b"stderr is back\\n")
""")


def test_two_threads_importing_at_once_leave_stderr_working(tmp_path):
    for name, code in (("keras", FAKE_KERAS), ("tensorflow", FAKE_TENSORFLOW)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(code, encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]), "PATH": os.environ.get("PATH", "")}
    result = subprocess.run([sys.executable, "-c", TWO_THREADS], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "stderr is back" in result.stderr
    assert "noise" not in result.stderr  # the import itself stayed quiet
