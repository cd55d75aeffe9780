"""A dashboard started for a network asks for a sign-in, and each account sees only its own space.

The server is bound to 0.0.0.0 (every interface: "for a network") and reached on 127.0.0.1; accounts come from
a password file with bcrypt hashes made by dashboard.auth, as `make account` makes them.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from dashboard import auth
from tests.e2e.conftest import start_server
from tests.e2e.helpers import go, keyed, no_exception, settle, start_training, upload, wait_grid, wait_trained
from tests.synthetic import make_tiny_class

PASSWORDS = {"alice": "alice-secret-1", "bob": "bob-secret-22"}
RUN_NAME = "alice term 1"


@pytest.fixture(scope="module")
def network_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("network")
    accounts = folder / "accounts.json"
    for name, password in PASSWORDS.items():
        auth.add_account(name, password, accounts)
    server = start_server(folder, address="0.0.0.0", extra_env={auth.ACCOUNTS_ENV: str(accounts)})
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


def sign_in(page, name: str, password: str) -> None:
    expect(page.get_by_text("Sign in to EduMTL")).to_be_visible(timeout=60_000)
    keyed(page, "auth_name").locator("input").fill(name)
    keyed(page, "auth_password").locator("input").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    settle(page)


def shows_no_server_path(page, server) -> None:
    text = page.locator("body").inner_text()
    for folder in (server.runs_dir, server.runs_dir.parent):
        assert str(folder) not in text, f"the page shows the server folder {folder}"


def test_two_accounts_cannot_see_each_other_s_runs(open_page, network_server, tmp_path):
    server = network_server
    tiny = tmp_path / "tiny class.csv"
    make_tiny_class().to_csv(tiny, index=False)
    alice, bob = open_page(), open_page()

    # Nothing is shown before a sign-in, and a wrong password is refused.
    alice.goto(server.url)
    expect(alice.get_by_text("Sign in to EduMTL")).to_be_visible(timeout=60_000)
    expect(keyed(alice, "data_preview")).to_have_count(0)
    sign_in(alice, "alice", "not-her-password")
    expect(alice.get_by_text("The account name or the password is not right")).to_be_visible()
    expect(keyed(alice, "data_preview")).to_have_count(0)

    # Alice signs in, following a crafted link that names Bob's space: her work goes to her own space.
    alice.goto(f"{server.url}/?space=user-bob")
    sign_in(alice, "alice", PASSWORDS["alice"])
    expect(keyed(alice, "data_preview")).to_be_visible(timeout=60_000)
    expect(alice.get_by_text("Signed in as alice")).to_be_visible()
    assert "space=" not in alice.url
    upload(alice, "data_upload", tiny)
    expect(alice.get_by_text("tiny class.csv: 120 students, 9 columns")).to_be_visible()
    go(alice, "Train")
    start_training(alice)
    wait_trained(alice)
    name = keyed(alice, "train_save_name").locator("input")
    name.fill(RUN_NAME)
    name.press("Enter")
    settle(alice)
    keyed(alice, "train_save").locator("button").click()
    expect(alice.get_by_text(f"Saved as {RUN_NAME}.")).to_be_visible()
    assert (server.runs_dir / "user-alice" / RUN_NAME).is_dir()
    assert not (server.runs_dir / "user-bob").exists()
    go(alice, "Saved runs")
    expect(alice.get_by_text("Your space belongs to your account alice")).to_be_visible()
    expect(keyed(alice, "runs_space")).to_have_count(0)  # no box to switch to another space
    wait_grid(alice, "runs_table", lambda f: RUN_NAME in set(f["name"]))
    shows_no_server_path(alice, server)

    # Bob, with a link naming Alice's space, sees none of her work.
    bob.goto(f"{server.url}/runs?space=user-alice")
    sign_in(bob, "bob", PASSWORDS["bob"])
    expect(bob.get_by_text("Signed in as bob")).to_be_visible(timeout=60_000)
    go(bob, "Saved runs")
    expect(bob.get_by_text("Your space belongs to your account bob")).to_be_visible()
    expect(bob.get_by_text("No saved runs yet.")).to_be_visible()
    expect(bob.get_by_text(RUN_NAME)).to_have_count(0)
    go(bob, "Data")
    expect(bob.get_by_text("The sample class (300 made-up students) is loaded")).to_be_visible()
    expect(bob.get_by_text("tiny class.csv")).to_have_count(0)
    go(bob, "Results")
    expect(bob.get_by_text("Train a model on the Train page first")).to_be_visible()
    shows_no_server_path(bob, server)
    no_exception(bob)

    # A reload keeps Alice signed in, with her run; after signing out, a reload asks for a sign-in again.
    alice.reload()
    expect(alice.get_by_text("Signed in as alice")).to_be_visible(timeout=60_000)
    go(alice, "Results")
    expect(alice.get_by_text(re.compile(r"tiny class\.csv: 120 students,"))).to_be_visible()
    keyed(alice, "auth_sign_out").locator("button").click()
    settle(alice)
    expect(alice.get_by_text("Sign in to EduMTL")).to_be_visible()
    alice.reload()
    expect(alice.get_by_text("Sign in to EduMTL")).to_be_visible(timeout=60_000)
    expect(alice.get_by_text("tiny class.csv")).to_have_count(0)
    no_exception(alice)
