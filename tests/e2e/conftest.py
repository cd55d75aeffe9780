"""Browser tests: a real dashboard server driven by headless Chromium through Playwright.

Locally the tests skip with a clear reason when Chromium is not installed. In CI (CI=true or
EDUMTL_REQUIRE_BROWSER=1, set by .ci/run, which installs Chromium) a missing browser is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
NETGUARD = Path(__file__).resolve().parent / "netguard"


def _browser_required() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("EDUMTL_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    runs_dir: Path
    netguard_log: Path


def start_server(tmp_path: Path, *, guard_network: bool = True, extra_env: dict | None = None) -> Server:
    """Start `streamlit run dashboard/app.py` on a free port and wait until it is healthy."""
    port = _free_port()
    runs_dir = tmp_path / "runs"
    log = tmp_path / "netguard.log"
    env = {**os.environ, "EDUMTL_RUNS_DIR": str(runs_dir), "TF_CPP_MIN_LOG_LEVEL": "3",
           "EDUMTL_NETGUARD_LOG": str(log), **(extra_env or {})}
    if guard_network:
        env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), str(ROOT), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port)]
    output = open(tmp_path / "server.log", "w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(url, process, runs_dir, log)
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            break
    process.kill()
    raise RuntimeError(f"the dashboard did not start; see {tmp_path / 'server.log'}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    srv = start_server(folder)
    yield srv
    srv.process.terminate()
    try:
        srv.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        srv.process.kill()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if _browser_required():
            pytest.fail(message + "; browser tests must run in CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
