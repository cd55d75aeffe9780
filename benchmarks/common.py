"""What every benchmark script shares: where the data is, what machine ran it, how to print a table.

The scripts are run as files (``python benchmarks/uci_portuguese.py``), so this module also puts the
repository root on ``sys.path``: EduMTL is not installed as a package, and the benchmarks must use the
working tree they describe.

Timings on a shared machine are noisy, so every script reports *ratios measured in the same process*
beside the absolute seconds, and prints the machine and the exact command above every table.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import platform
import resource
import shlex
import sys
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def data_path(*parts: str) -> Path:
    """The path of a shared data file, or exit (status 2) saying where it was expected.

    Example:
        >>> data_path("uci-student-por", "student-por.csv").name  # doctest: +SKIP
        'student-por.csv'
    """
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        raise SystemExit(
            f"error: benchmark data not found: expected {path}.\n"
            f"The benchmarks read the shared data folder next to the repository ({DATA_DIR}); "
            "it is not part of the repository. Put the dataset there (see docs/benchmarks.md) and run again."
        )
    return path


# --------------------------------------------------------------------------- machine and process

def cpu_model() -> str:
    """The CPU model from /proc/cpuinfo ("unknown" elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_count() -> int:
    """Cores this process may use (what `nproc` prints)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def versions() -> str:
    """Python, TensorFlow, Keras and scikit-learn versions (read from package metadata: nothing is imported)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"Python {platform.python_version()}"]
    for label, names in (("TensorFlow", ("tensorflow-cpu", "tensorflow")), ("Keras", ("keras",)),
                         ("scikit-learn", ("scikit-learn",))):
        for name in names:
            try:
                parts.append(f"{label} {version(name)}")
                break
            except PackageNotFoundError:
                continue
    return ", ".join(parts)


def command_line() -> str:
    """The command that started this process, as one could type it again from the repository root."""
    script = Path(sys.argv[0]).resolve()
    try:
        script = script.relative_to(REPO)
    except ValueError:
        pass
    return shlex.join(["python", str(script), *sys.argv[1:]])


@functools.lru_cache(maxsize=1)
def commit() -> str:
    """The short commit of the working tree when this process first asked, with "+changes" when mtl_core or
    benchmarks had uncommitted edits ("unknown" outside git). Asked once: the code a process runs is the code
    it imported, even if a commit is made while it runs."""
    import subprocess

    def git(*args):
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "mtl_core", "benchmarks")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + ("+changes" if dirty else "")


def header_lines() -> list[str]:
    """Machine, software, commit and command lines printed above every table."""
    return [
        f"machine: nproc={cpu_count()}, CPU {cpu_model()}, {platform.system()} {platform.release()}",
        f"software: {versions()}",
        f"commit: {commit()}",
        f"command: {command_line()}",
    ]


# --------------------------------------------------------------------------- configuration

def parse_config(items: Sequence[str], base=None):
    """A TrainConfig from ``KEY=VALUE`` strings, converted by the type of each field.

    Tuples are comma-separated (``hidden_units=128,64``); ``batch_size=none`` restores the automatic size;
    a field whose default is None takes ``none``, a number or a name.

    Example:
        >>> parse_config(["dropout=0.3", "hidden_units=128,64"]).hidden_units
        (128, 64)
    """
    from mtl_core import ConfigError, TrainConfig

    config = base or TrainConfig()
    fields = {f.name: f for f in dataclasses.fields(TrainConfig)}
    changes = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or key not in fields:
            raise ConfigError(f"--config expects KEY=VALUE with KEY one of {', '.join(fields)}. Got '{item}'.")
        changes[key] = _convert(getattr(config, key), text.strip(), key)
    return dataclasses.replace(config, **changes)


def _convert(current, text: str, key: str):
    from mtl_core import ConfigError

    try:
        if isinstance(current, tuple):  # widths (ints), or numbers of another kind
            return tuple(_optional(part.strip()) for part in text.split(",") if part.strip())
        if key == "batch_size" or current is None:  # an optional setting: none, a number or a name
            return _optional(text)
        if isinstance(current, bool):
            return text.lower() in ("1", "true", "yes")
        if isinstance(current, int):
            return int(text)
        if isinstance(current, float):
            return float(text)
    except ValueError:
        raise ConfigError(f"--config {key}= expects a value like {current!r}. Got '{text}'.") from None
    return text


def _optional(text: str):
    """None for "none"/"auto"/"", else an int, a float, or the text itself."""
    if text.lower() in ("", "none", "auto"):
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def describe_config(config, base=None) -> str:
    """The fields of ``config`` that differ from ``base`` (default TrainConfig()), or "default"."""
    from mtl_core import TrainConfig

    base = base or TrainConfig()
    changed = [f"{f.name}={_show(getattr(config, f.name))}" for f in dataclasses.fields(config)
               if getattr(config, f.name) != getattr(base, f.name)]
    return " ".join(changed) or "default"


def _show(value) -> str:
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


# --------------------------------------------------------------------------- tables

def render_table(headers: Sequence[str], rows: Sequence[Sequence], *, markdown: bool = False) -> str:
    """A plain fixed-width table, or a Markdown pipe table. Cells are printed with ``str``.

    Example:
        >>> print(render_table(["a", "b"], [[1, "x"]], markdown=True))
        | a | b |
        |---|---|
        | 1 | x |
    """
    cells = [[str(c) for c in row] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])
    widths = [max(len(str(h)), *(len(row[i]) for row in cells)) if cells else len(str(h))
              for i, h in enumerate(headers)]
    line = "  ".join(str(h).ljust(w) for h, w in zip(headers, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(text.rstrip() for text in [line, rule, *body])


def mean_sd(values: Sequence[float], digits: int = 2) -> str:
    """"m ± sd" over repetitions (sample sd), or just "m" for a single value."""
    import numpy as np

    values = [float(v) for v in values]
    if len(values) < 2:
        return f"{values[0]:.{digits}f}" if values else "-"
    return f"{np.mean(values):.{digits}f} ± {np.std(values, ddof=1):.{digits}f}"
