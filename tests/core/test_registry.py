"""Tests for mtl_core.registry and the two registries, ARCHITECTURES and WEIGHTINGS."""

from __future__ import annotations

import pytest

import mtl_core
from mtl_core import ConfigError
from mtl_core.registry import MethodInfo, Registry


class Alpha:
    name = "alpha"
    label = "Alpha method"
    summary = "Does alpha things."
    paper = "Someone, 2020"


class Beta:
    name = "beta"


def registry() -> Registry:
    methods = Registry("widget")
    methods.register(Alpha)
    methods.register(Beta)
    return methods


def test_get_returns_the_registered_class():
    assert registry().get("alpha") is Alpha
    assert registry().names() == ["alpha", "beta"]


def test_register_returns_the_class_so_it_works_as_a_decorator():
    methods = Registry("widget")

    @methods.register
    class Gamma:
        name = "gamma"

    assert methods.get("gamma") is Gamma


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(ConfigError) as caught:
        registry().get("alfa")
    assert str(caught.value) == "Unknown widget 'alfa'. Available: alpha, beta."


def test_duplicate_names_are_refused_and_the_first_is_kept():
    methods = registry()

    class Impostor:
        name = "alpha"

    with pytest.raises(ConfigError, match="Two widget classes are registered as 'alpha'."):
        methods.register(Impostor)
    assert methods.get("alpha") is Alpha


@pytest.mark.parametrize("name", [None, ""])
def test_a_class_without_a_name_is_refused(name):
    class Nameless:
        pass

    Nameless.name = name
    with pytest.raises(ConfigError, match="A widget class needs a 'name' attribute"):
        Registry("widget").register(Nameless)


def test_infos_fill_missing_attributes():
    assert registry().infos() == [
        MethodInfo("alpha", "Alpha method", "Does alpha things.", "Someone, 2020"),
        MethodInfo("beta", "beta", "", ""),
    ]


# --------------------------------------------------------------------------- the real registries


REGISTRIES = {"architecture": "ARCHITECTURES", "weighting": "WEIGHTINGS", "sequence model": "SEQUENCE_MODELS"}


@pytest.fixture(params=list(REGISTRIES), scope="module")
def real(request) -> Registry:
    return getattr(mtl_core, REGISTRIES[request.param])


def test_registered_methods():
    assert mtl_core.ARCHITECTURES.names() == ["shared_bottom", "mmoe", "cgc", "tabm", "tabm_mini"]
    assert mtl_core.WEIGHTINGS.names() == ["manual", "equal", "uncertainty", "dwa", "gradnorm"]
    assert mtl_core.SEQUENCE_MODELS.names()[0] == mtl_core.LogConfig().model  # the default first, as listed


def test_real_registry_unknown_name_lists_every_method(real):
    with pytest.raises(ConfigError) as caught:
        real.get("uncertanity")
    assert str(caught.value) == f"Unknown {real.kind} 'uncertanity'. Available: {', '.join(real.names())}."


def test_real_registry_refuses_a_second_registration(real):
    before = real.names()
    first = real.get(before[0])
    with pytest.raises(ConfigError, match=f"Two {real.kind} classes are registered as '{before[0]}'"):
        real.register(first)
    assert real.names() == before


def test_every_method_has_a_label_summary_and_paper(real):
    infos = real.infos()
    assert [info.name for info in infos] == real.names()
    for info in infos:
        assert info.label.strip() and info.label != info.name, info
        assert len(info.summary) > 20 and info.summary.endswith("."), info
        assert info.paper.strip(), info
    assert len({info.label for info in infos}) == len(infos), "labels must tell methods apart"


# --------------------------------------------------------------------------- one file and one line

PACKAGES = {"architecture": "mtl_core/tabular/architectures", "weighting": "mtl_core/weighting"}


@pytest.mark.parametrize("kind", list(PACKAGES))
def test_every_method_is_one_file_and_one_register_line(kind):
    """Each method file of a registry package defines its class and is registered by exactly one line of
    the package's __init__; no module of mtl_core compares anything with a method's name (no
    ``if name == ...`` chains: the trainer only calls the registry)."""
    import ast
    from pathlib import Path

    root = Path(mtl_core.__file__).parent.parent
    package = root / PACKAGES[kind]
    registry = getattr(mtl_core, REGISTRIES[kind])
    init = (package / "__init__.py").read_text(encoding="utf-8")
    register_lines = [line for line in init.splitlines() if ".register(" in line]
    assert len(register_lines) == len(registry.names())
    files = sorted(p.stem for p in package.glob("*.py") if p.stem not in ("__init__", "base"))
    assert len(files) == len(registry.names())
    for name in registry.names():
        cls = registry.get(name)
        assert cls.__module__.rsplit(".", 1)[1] in files, name
        assert sum(f".register({cls.__name__})" in line for line in register_lines) == 1, name
    names = set(registry.names())
    for path in (root / "mtl_core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                compared = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
                assert not compared & names, f"{path}:{node.lineno} compares with {compared & names}"


def test_a_new_architecture_is_one_file_and_one_line_and_trains(tmp_path, monkeypatch):
    """Write a new architecture file, register it with one line, and train a tiny real network with it."""
    import importlib

    import numpy as np

    from mtl_core import ARCHITECTURES, Holdout, TrainConfig, train
    from tests.synthetic import make_tiny_class, tiny_tasks

    (tmp_path / "wide_and_shallow.py").write_text(
        "from mtl_core.tabular.architectures.base import SHARED_PREFIX, Architecture\n"
        "from mtl_core.tabular.layers import dense_stack\n\n"
        "class WideAndShallow(Architecture):\n"
        "    name = 'wide_and_shallow'\n"
        "    label = 'Wide and shallow'\n"
        "    summary = 'One wide shared layer for all outcomes.'\n"
        "    paper = 'A test, 2026'\n\n"
        "    def build(self, features, n_tasks):\n"
        "        shared = dense_stack(features, (24,), dropout=0.0, l2=0.0, prefix=SHARED_PREFIX)\n"
        "        return [shared] * n_tasks\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("wide_and_shallow")
    ARCHITECTURES.register(module.WideAndShallow)  # the one line
    try:
        frame = make_tiny_class()
        frame.loc[::3, "score"] = np.nan  # masked labels
        run = train(frame, tiny_tasks(frame), config=TrainConfig(architecture="wide_and_shallow", epochs=3),
                    evaluation=Holdout())
        assert run.epochs == 3 and run.summary["model"].notna().all()
        assert run.predictor.model.get_layer("shared_dense0").units == 24
    finally:
        ARCHITECTURES._classes.pop("wide_and_shallow", None)
