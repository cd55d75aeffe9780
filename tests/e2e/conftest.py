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

from tests.synthetic import in_ci

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
NETGUARD = Path(__file__).resolve().parent / "netguard"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the test, so fixtures can tell whether it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


def guarded_env(log: Path, **extra: str) -> dict:
    """The environment of a process run under the network guard, logging to ``log``.

    Proxy settings are dropped, so that a connection attempt is logged with its real destination."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return {**env, "PYTHONPATH": os.pathsep.join([str(NETGUARD), str(ROOT), env.get("PYTHONPATH", "")]),
            "EDUMTL_NETGUARD_LOG": str(log), **extra}


def network_attempts(log: Path) -> list[str]:
    """The outbound connections and name lookups the network guard refused, from its log.

    Fails when the guard never loaded in the process that wrote the log (no "armed" line)."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    assert any(line.startswith("armed pid=") for line in lines), f"the network guard was not loaded ({log})"
    return [line for line in lines if not line.startswith("armed pid=")]


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


def start_server(tmp_path: Path, *, guard_network: bool = True, extra_env: dict | None = None,
                 address: str = "127.0.0.1") -> Server:
    """Start `streamlit run dashboard/app.py` on a free port and wait until it is healthy.

    ``address`` is the ``--server.address`` (another than loopback, e.g. "0.0.0.0", starts it "for a network",
    where a sign-in is required); the browser reaches it on 127.0.0.1 either way."""
    port = _free_port()
    runs_dir = tmp_path / "runs"
    log = tmp_path / "netguard.log"
    extra = {"EDUMTL_RUNS_DIR": str(runs_dir), "TF_CPP_MIN_LOG_LEVEL": "3", **(extra_env or {})}
    env = guarded_env(log, **extra) if guard_network else {**os.environ, **extra}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.address", address, "--server.port", str(port)]
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
        if in_ci():
            pytest.fail(message + "; browser tests must run in CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser):
    """A page in a new browser context (its own cookies and storage: a separate teacher)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def save_failure(page, folder: Path, name: str) -> None:
    """After a failed test: a screenshot of the page, to see what the browser showed."""
    try:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"\nscreenshot of the failed page: {path}")
    except Exception as error:  # noqa: BLE001 - the page may be gone; the failure itself matters more
        print(f"\nno screenshot: {error}")


def show_server_log(server: Server, lines: int = 40) -> None:
    log = server.runs_dir.parent / "server.log"
    if log.exists():
        tail = log.read_text(errors="replace").splitlines()[-lines:]
        print(f"\nlast lines of {log}:\n" + "\n".join(tail))


@pytest.fixture
def page(browser, request, tmp_path):
    page = new_page(browser)
    yield page
    if _failed(request):
        save_failure(page, tmp_path, "failed")
        if "server" in request.fixturenames:
            show_server_log(request.getfixturevalue("server"))
    page.context.close()


@pytest.fixture
def open_page(browser, request, tmp_path):
    """Make pages, each in its own browser context (separate teachers at once); all closed afterwards."""
    made = []

    def make():
        made.append(new_page(browser))
        return made[-1]

    yield make
    for number, page in enumerate(made):
        if _failed(request):
            save_failure(page, tmp_path, f"failed_{number}")
        page.context.close()
    if made and _failed(request) and "server" in request.fixturenames:
        show_server_log(request.getfixturevalue("server"))
