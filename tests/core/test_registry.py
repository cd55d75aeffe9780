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


REGISTRIES = {"architecture": "ARCHITECTURES", "weighting": "WEIGHTINGS"}


@pytest.fixture(params=list(REGISTRIES), scope="module")
def real(request) -> Registry:
    return getattr(mtl_core, REGISTRIES[request.param])


def test_registered_methods():
    assert mtl_core.ARCHITECTURES.names() == ["shared_bottom", "mmoe", "cgc"]
    assert mtl_core.WEIGHTINGS.names() == ["manual", "equal", "uncertainty", "dwa", "gradnorm"]


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
