"""Sign-in on a shared server (dashboard/auth.py): when it is needed, the password file, remembered sign-ins."""

from __future__ import annotations

import io
import stat

import pytest

from dashboard import auth


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    path = tmp_path / "accounts.json"
    monkeypatch.setenv(auth.ACCOUNTS_ENV, str(path))
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)  # the lowest cost: tests need no slow hashes
    auth._failures.clear()
    return path


@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("", False), (None, False), ("192.168.1.20", False), ("::", False), ("school.example", False),
])
def test_which_addresses_reach_this_computer_only(address, loopback):
    assert auth.is_loopback(address) is loopback


def test_a_login_is_required_for_a_network_or_when_asked(monkeypatch):
    monkeypatch.delenv(auth.LOGIN_ENV, raising=False)
    monkeypatch.setattr(auth, "server_address", lambda: "127.0.0.1")
    assert not auth.required()
    monkeypatch.setenv(auth.LOGIN_ENV, "1")  # a loopback server behind a proxy others reach
    assert auth.required()
    monkeypatch.setenv(auth.LOGIN_ENV, "0")  # cannot switch the login off for a network
    monkeypatch.setattr(auth, "server_address", lambda: "0.0.0.0")
    assert auth.required()


def test_oidc_is_used_only_when_a_provider_is_configured():
    assert auth.oidc_providers({}) == []
    assert auth.oidc_providers({"auth": {"redirect_uri": "x", "cookie_secret": "y"}}) == []
    single = {"auth": {"client_id": "a", "client_secret": "b", "server_metadata_url": "https://idp/.well-known"}}
    assert auth.oidc_providers(single) == [None]
    named = {"auth": {"redirect_uri": "x", "google": {"client_id": "a", "server_metadata_url": "u"},
                      "broken": {"client_secret": "no id"}}}
    assert auth.oidc_providers(named) == ["google"]


def test_accounts_are_stored_hashed_readable_by_their_owner_only(accounts):
    auth.add_account("alice", "correct horse")
    text = accounts.read_text()
    assert "correct horse" not in text and "$2b$" in text
    assert stat.S_IMODE(accounts.stat().st_mode) == 0o600
    assert auth.verify("alice", "correct horse") and not auth.verify("alice", "wrong horse")
    assert not auth.verify("mallory", "correct horse")
    with pytest.raises(ValueError, match="exists already"):
        auth.add_account("alice", "another one")
    auth.add_account("alice", "another one", replace=True)
    assert auth.verify("alice", "another one") and not auth.verify("alice", "correct horse")


@pytest.mark.parametrize("name", ["Alice", "al ice", "../bob", ".hidden", "", "x" * 41, "名字"])
def test_account_names_are_plain(accounts, name):
    with pytest.raises(ValueError, match="cannot be an account name"):
        auth.add_account(name, "long enough")


def test_short_passwords_are_refused(accounts):
    with pytest.raises(ValueError, match="at least 8"):
        auth.add_account("alice", "short")


def test_sign_in_gives_the_account_s_own_space_and_pauses_after_wrong_passwords(accounts):
    auth.add_account("alice", "correct horse")
    account = auth.sign_in("Alice ", "correct horse")
    assert account == auth.Account(name="alice", space="user-alice", kind="password")
    for _ in range(auth.LOCKOUT_ATTEMPTS):
        assert auth.sign_in("alice", "wrong") is None
    assert auth.locked_out("alice")
    assert auth.sign_in("alice", "correct horse") is None  # even the right password waits
    assert not auth.locked_out("alice", now=__import__("time").time() + auth.LOCKOUT_S + 1)


def test_a_remembered_sign_in_ends_with_sign_out_or_the_account(accounts):
    auth.add_account("alice", "correct horse")
    token = auth.issue_token(auth.password_account("alice"))
    assert auth.account_for_token(token).space == "user-alice"
    assert auth.account_for_token("forged") is None and auth.account_for_token(None) is None
    auth.revoke_token(token)
    assert auth.account_for_token(token) is None
    token = auth.issue_token(auth.password_account("alice"))
    auth.remove_account("alice")
    assert auth.account_for_token(token) is None


def test_oidc_spaces_follow_issuer_and_subject_not_the_address():
    first = auth.oidc_account({"iss": "https://idp", "sub": "123", "email": "a@school.example"})
    again = auth.oidc_account({"iss": "https://idp", "sub": "123", "email": "new@school.example"})
    other = auth.oidc_account({"iss": "https://other-idp", "sub": "123"})
    assert first.space == again.space != other.space
    assert first.space.startswith("oidc-") and "school" not in first.space
    assert first.name == "a@school.example"
    assert auth.oidc_account({}) is None


def test_the_cookie_script_holds_only_a_token():
    script = auth._cookie_script("set", "abc_DEF-123")
    assert "edumtl_login=abc_DEF-123" in script and "SameSite=Strict" in script
    assert "edumtl_login=;" in auth._cookie_script("set", "x'; alert(1); '")  # not a token: the cookie is cleared
    assert "Max-Age=0" in auth._cookie_script("clear")


def test_the_command_line_adds_lists_and_removes_accounts(accounts, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert auth.main(["add", "m.chen"]) == 0
    assert "space user-m.chen" in capsys.readouterr().out
    assert auth.verify("m.chen", "a long password")
    assert auth.main(["list"]) == 0
    assert capsys.readouterr().out.startswith("m.chen\t")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert auth.main(["add", "Bad Name"]) == 1
    assert "cannot be an account name" in capsys.readouterr().err
    assert auth.main(["remove", "m.chen"]) == 0
    assert auth.main(["remove", "m.chen"]) == 1
    assert auth.read_accounts() == {}


def test_only_the_sign_in_runs_a_script_and_it_holds_no_outside_text():
    """st.html with JavaScript is used once: auth.py's cookie script, built from fixed text and a checked token."""
    from tests.synthetic import ROOT

    users = [path.name for path in sorted((ROOT / "dashboard").rglob("*.py"))
             if "st.html(" in path.read_text(encoding="utf-8") or "unsafe_allow_javascript" in path.read_text(
                 encoding="utf-8")]
    assert users == ["auth.py"]
