"""Helpers for the dashboard tests: run one page with AppTest on preset session state."""

from __future__ import annotations

import io

import pandas as pd

from tests.synthetic import ROOT

PAGES = ROOT / "dashboard" / "views"
TIMEOUT = 60


def page(name: str):
    """An AppTest for one page file (AppTest cannot drive st.navigation, so each page runs on its own)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)


def csv_upload(frame: pd.DataFrame, name: str = "class.csv") -> tuple[str, bytes, str]:
    """A (file name, bytes, mime type) triple for ``file_uploader.set_value``."""
    return name, frame.to_csv(index=False).encode("utf-8"), "text/csv"


def loaded_table(frame: pd.DataFrame, name: str = "class.csv"):
    import mtl_core

    return mtl_core.load_table(frame.to_csv(index=False).encode("utf-8"), name=name)


def preset(at, loaded=None, *, run=None, run_frame=None, settings=None, is_sample=False, tasks_table=None):
    """Put a class (a ``LoadedTable``), settings and an active run into an AppTest's session state."""
    import mtl_core
    from dashboard import state

    if loaded is not None:
        at.session_state[state.TABLE] = loaded
        at.session_state[state.SCHEMA] = mtl_core.infer_schema(loaded.frame)
        at.session_state[state.IS_SAMPLE] = is_sample
    if tasks_table is not None:
        at.session_state[state.TASKS_TABLE] = tasks_table
    if settings is not None:
        at.session_state[state.SETTINGS] = settings
    if run is not None:
        at.session_state[state.RUN] = state.ActiveRun(run, run_frame, source="test class")
    return at


def drawn_default(widget):
    """The value a browser shows for ``widget`` when it draws it from this script run's message without being
    told its value (``set_value``): the widget's default, as the option a selectbox or radio would show."""
    default = widget.proto.default
    kind = type(widget).__name__
    if kind in ("Selectbox", "Radio"):
        return widget.options[default]
    if kind == "Slider":
        return list(default)[0]
    if kind == "SelectSlider":
        return widget.options[int(list(default)[0])]
    return default


def shown_value(widget):
    """``widget``'s value as :func:`drawn_default` gives it (the option label for a selectbox or radio)."""
    kind = type(widget).__name__
    if kind in ("Selectbox", "Radio"):
        return widget.options[widget.index]
    if kind == "SelectSlider":
        return widget.format_func(widget.value)
    return widget.value


def quick_settings(**changes) -> dict:
    """Settings that train in a few seconds: a hold-out check, one network, few epochs."""
    from dashboard import task_table as tt

    settings = tt.default_settings()
    settings.update(epochs=4, ensemble_size=1, validation="holdout", hidden_units="8", head_units="4")
    settings.update(changes)
    return settings


def texts(elements) -> list[str]:
    return [str(e.value) for e in elements]


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def _decoded(value):
    """Plotly's JSON keeps arrays as ``{"dtype": ..., "bdata": base64}``; turn them back into lists."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    if isinstance(value, dict):
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def chart_data(at, key: str) -> tuple:
    """The traces of the Plotly chart drawn by ``dashboard.ui.chart(..., key=key)`` (read from its JSON spec)."""
    import json

    import plotly.graph_objects as go

    spec = json.loads(at.get_by_key(f"{key}_plot").proto.spec)
    return go.Figure(data=_decoded(spec["data"])).data
