"""Student data stays on this computer: nothing is fetched from or sent to the network during a whole flow."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, guarded_env, network_attempts
from tests.e2e.helpers import download_csv, go, keyed, no_exception, open_app, train, wait_grid

LOCAL_HOSTS = {"127.0.0.1"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def test_config_keeps_the_dashboard_local():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"


def test_the_network_guard_records_an_outbound_connection(tmp_path):
    """The guard the server runs under really blocks and logs (so an empty log below means something)."""
    log = tmp_path / "guard.log"
    env = guarded_env(log)
    script = ("import socket, urllib.request\n"
              "try:\n    urllib.request.urlopen('http://example.com', timeout=2)\nexcept OSError:\n    pass\n"
              "s = socket.socket()\n"
              "try:\n    s.connect(('93.184.216.34', 80))\nexcept OSError:\n    pass\n")
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    lines = network_attempts(log)
    assert any("example.com" in line for line in lines), lines
    assert any("93.184.216.34" in line for line in lines), lines


def test_command_line_training_and_scoring_touch_no_network(tmp_path):
    """Training, saving and scoring from the command line, with outbound connections blocked and logged."""
    from tests.synthetic import make_tiny_class

    data = tmp_path / "class.csv"
    make_tiny_class().to_csv(data, index=False)
    log = tmp_path / "guard.log"
    env = guarded_env(log, TF_CPP_MIN_LOG_LEVEL="3")
    commands = [["train", "--data", data, "--targets", "score,passed", "--id", "student_id", "--drop", "name",
                 "--cv", "2", "--epochs", "5", "--compare", "--quiet", "--out", tmp_path / "run"],
                ["predict", "--run", tmp_path / "run", "--data", data, "--out", tmp_path / "scored.csv"]]
    for args in commands:
        result = subprocess.run([sys.executable, "-m", "mtl_core", *map(str, args)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "scored.csv").stat().st_size > 0
    assert network_attempts(log) == [], "the command line went online"


def test_full_flow_touches_no_network(page, server, tmp_path):
    requests: list[str] = []
    sockets: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda ws: sockets.append(ws.url))

    open_app(page, server.url)
    go(page, "Tasks")
    go(page, "Train")
    train(page)
    go(page, "Results")
    wait_grid(page, "results_table", lambda f: len(f) > 0)
    go(page, "Students")
    expect(keyed(page, "students_table")).to_be_visible(timeout=120_000)
    rows = download_csv(page, "students_download_csv", tmp_path / "recommendations.csv")
    assert len(rows) == 300
    go(page, "Saved runs")
    no_exception(page)

    # The server: no connection and no name lookup outside this computer.
    assert network_attempts(server.netguard_log) == [], "the server went online"
    # The browser: every request and the websocket went to the dashboard's own address.
    assert requests and sockets
    outside = [u for u in requests + sockets
               if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).hostname not in LOCAL_HOSTS]
    assert outside == [], f"the page contacted other hosts: {sorted(set(outside))}"
