"""Who may open the dashboard, and which space is theirs.

EduMTL started on this computer only (``--server.address`` 127.0.0.1, ::1 or localhost: the default of
``.streamlit/config.toml`` and ``make run``) asks for nothing, as before: spaces come from the address
(:func:`dashboard.state.space`). Started for a network (any other address, e.g. ``0.0.0.0``), or with
``EDUMTL_LOGIN=1`` (a loopback server behind a proxy that others reach), it asks every visitor to sign in,
and each account has exactly one space, named after the account: nothing in the address can open another
account's space or make a teacher save into it. :func:`mode`:

* ``"oidc"``: ``.streamlit/secrets.toml`` has an ``[auth]`` section for an OpenID Connect provider (the
  school's Google, Microsoft or Keycloak login): Streamlit's own ``st.login`` / ``st.user`` (see
  Streamlit's documentation for the keys). The space is ``oidc-`` and a hash of the provider and the
  user's subject, so it never changes with a new e-mail address and tells nothing about the person.
* ``"password"``: otherwise, accounts in a local password file (:func:`accounts_file`; JSON with bcrypt
  hashes, readable by its owner only), added by the person who runs the server::

      .venv/bin/python -m dashboard.auth add alice      # asks for the password twice
      make account NAME=alice                           # the same

  The space is ``user-<name>``. A sign-in is remembered in the browser for :data:`REMEMBER_HOURS` hours
  (a random token in a cookie, known only to this server process: a restart signs everyone out), so a
  reload finds the teacher's work without a new sign-in. Five wrong passwords for one name in
  :data:`LOCKOUT_S` seconds pause that name's sign-ins.

This module draws the sign-in page (:func:`gate`) and never shows a server path.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import ipaddress
import json
import os
import re
import secrets
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import messages as M

REPO = Path(__file__).resolve().parents[1]
ACCOUNTS_ENV = "EDUMTL_ACCOUNTS"  # the password file; default <repo>/.streamlit/accounts.json
LOGIN_ENV = "EDUMTL_LOGIN"  # "1": ask for a sign-in on loopback too
ACCOUNT = "auth_account"  # st.session_state key of the signed-in Account
COOKIE = "edumtl_login"
REMEMBER_HOURS = 12
LOCKOUT_ATTEMPTS, LOCKOUT_S = 5, 60
NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
MIN_PASSWORD = 8
BCRYPT_ROUNDS = 12
ADD_COMMAND = "make account NAME=..."  # shown to teachers: what the person who runs the server types
PASSWORD_COMMAND = ".venv/bin/python -m dashboard.auth password NAME"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}

_tokens: dict[str, tuple[str, float]] = {}  # cookie token -> (account name, expiry): this process only
_failures: dict[str, list[float]] = {}  # account name -> times of recent wrong passwords
_lock = threading.Lock()


@dataclass(frozen=True)
class Account:
    """A signed-in teacher: ``name`` as shown ("alice", an e-mail address) and the ``space`` that is theirs."""

    name: str
    space: str
    kind: str = "password"  # or "oidc"


# --------------------------------------------------------------------------- when a login is needed

def is_loopback(address) -> bool:
    """Whether a ``server.address`` reaches this computer only. Unset or empty means every interface."""
    text = str(address or "").strip().strip("[]").lower()
    if not text:
        return False
    if text in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def server_address():
    import streamlit as st

    return st.get_option("server.address")


def required() -> bool:
    """Whether visitors must sign in: the server was started for a network, or ``EDUMTL_LOGIN=1``."""
    if os.environ.get(LOGIN_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    return not is_loopback(server_address())


def oidc_providers(secrets_mapping: Mapping | None = None) -> list[str | None]:
    """The OIDC providers ``[auth]`` in the secrets configures: ``[None]`` for a single unnamed one (``st.login()``),
    else the names of ``[auth.<name>]`` sections with a ``client_id``; ``[]`` when there is none."""
    if secrets_mapping is None:
        try:
            import streamlit as st

            secrets_mapping = st.secrets
            auth = secrets_mapping.get("auth") if "auth" in secrets_mapping else None
        except Exception:  # noqa: BLE001 - no secrets.toml, or one that does not parse: no OIDC
            return []
    else:
        auth = secrets_mapping.get("auth")
    if not isinstance(auth, Mapping):
        return []
    if auth.get("client_id") and auth.get("server_metadata_url"):
        return [None]
    return [name for name, section in auth.items()
            if isinstance(section, Mapping) and section.get("client_id") and section.get("server_metadata_url")]


def mode() -> str:
    """"open" (no login), "oidc" or "password"; see the module's docstring."""
    if not required():
        return "open"
    return "oidc" if oidc_providers() else "password"


# --------------------------------------------------------------------------- the password file

def accounts_file() -> Path:
    return Path(os.environ.get(ACCOUNTS_ENV) or REPO / ".streamlit" / "accounts.json")


def read_accounts(path: Path | None = None) -> dict[str, dict]:
    """name -> {"hash": bcrypt hash, "created": ISO time}; {} when the file is absent or unreadable."""
    path = path or accounts_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    accounts = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(accounts, dict):
        return {}
    return {str(name): entry for name, entry in accounts.items()
            if isinstance(entry, dict) and isinstance(entry.get("hash"), str)}


def _write_accounts(accounts: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"accounts": accounts}, handle, indent=1, sort_keys=True)
    os.replace(staging, path)


def check_name(name: str) -> str:
    """An account name: 1-40 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit."""
    name = str(name).strip()
    if not NAME_RULE.match(name):
        raise ValueError(f"'{name}' cannot be an account name. Use 1-40 lowercase letters, digits, '.', '_' or '-', "
                         "starting with a letter or a digit (for example: alice, m.chen, room-12).")
    return name


def hash_password(password: str) -> str:
    import bcrypt

    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


def add_account(name: str, password: str, path: Path | None = None, *, replace: bool = False) -> None:
    """Add (or with ``replace``, change the password of) an account. ValueError with the reason when it cannot."""
    name, path = check_name(name), path or accounts_file()
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"The password must have at least {MIN_PASSWORD} characters.")
    if len(password.encode("utf-8")) > 72:
        raise ValueError("The password must have at most 72 bytes (bcrypt reads no more).")
    accounts = read_accounts(path)
    if name in accounts and not replace:
        raise ValueError(f"The account '{name}' exists already; use 'password' to change its password.")
    accounts[name] = {"hash": hash_password(password),
                      "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    _write_accounts(accounts, path)


def remove_account(name: str, path: Path | None = None) -> bool:
    path = path or accounts_file()
    accounts = read_accounts(path)
    if accounts.pop(name, None) is None:
        return False
    _write_accounts(accounts, path)
    with _lock:
        for token in [t for t, (owner, _) in _tokens.items() if owner == name]:
            del _tokens[token]
    return True


_DUMMY_HASH: list[str] = []  # checked for unknown names, so a wrong name takes as long as a wrong password


def verify(name: str, password: str, path: Path | None = None) -> bool:
    """Whether ``password`` is ``name``'s (bcrypt; as slow for an unknown name as for a known one)."""
    import bcrypt

    entry = read_accounts(path).get(str(name).strip())
    if entry is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password(secrets.token_hex(8)))
        bcrypt.checkpw(password.encode("utf-8"), _DUMMY_HASH[0].encode("ascii"))
        return False
    try:
        return bcrypt.checkpw(password.encode("utf-8")[:72], entry["hash"].encode("ascii"))
    except ValueError:  # a damaged hash in the file
        return False


def locked_out(name: str, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    with _lock:
        recent = [t for t in _failures.get(name, []) if now - t < LOCKOUT_S]
        _failures[name] = recent
        return len(recent) >= LOCKOUT_ATTEMPTS


def _failed(name: str) -> None:
    with _lock:
        _failures.setdefault(name, []).append(time.time())


def sign_in(name: str, password: str, path: Path | None = None) -> Account | None:
    """The account, when ``password`` is right and the name is not paused after wrong passwords; else None."""
    name = str(name).strip().lower()
    if not name or locked_out(name):
        return None
    if not verify(name, password, path):
        _failed(name)
        return None
    with _lock:
        _failures.pop(name, None)
    return password_account(name)


def password_account(name: str) -> Account:
    return Account(name=name, space=f"user-{name}", kind="password")


def oidc_account(user: Mapping) -> Account | None:
    """The account of a signed-in OIDC user (``st.user``): named by e-mail (or name), spaced by issuer and subject."""
    subject = str(user.get("sub") or user.get("email") or "")
    if not subject:
        return None
    issuer = str(user.get("iss") or "")
    digest = hashlib.sha256(f"{issuer}|{subject}".encode("utf-8")).hexdigest()[:16]
    return Account(name=str(user.get("email") or user.get("name") or subject), space=f"oidc-{digest}", kind="oidc")


# --------------------------------------------------------------------------- remembered sign-ins

def issue_token(account: Account) -> str:
    token = secrets.token_urlsafe(32)
    with _lock:
        now = time.time()
        for old in [t for t, (_, expiry) in _tokens.items() if expiry < now]:
            del _tokens[old]
        _tokens[token] = (account.name, now + REMEMBER_HOURS * 3600)
    return token


def account_for_token(token: str | None, path: Path | None = None) -> Account | None:
    """The account a remembered sign-in stands for, while it is valid and the account still exists."""
    if not token:
        return None
    with _lock:
        entry = _tokens.get(str(token))
    if entry is None or entry[1] < time.time():
        return None
    if entry[0] not in read_accounts(path):
        return None
    return password_account(entry[0])


def revoke_token(token: str | None) -> None:
    with _lock:
        _tokens.pop(str(token or ""), None)


# --------------------------------------------------------------------------- the pages

TOKEN = "auth_token"  # st.session_state: this session's remembered sign-in (to set or clear its cookie)
COOKIE_ACTION = "auth_cookie"  # st.session_state: "set" or "clear", done by the next full run


def account() -> Account | None:
    """The signed-in account of this session, or None (no login needed, or nobody signed in yet)."""
    import streamlit as st

    value = st.session_state.get(ACCOUNT)
    return value if isinstance(value, Account) else None


def _cookie_script(action: str, token: str = "") -> str:
    """A fixed script (no text from anyone but this module) that sets or clears the sign-in cookie."""
    secure = "+(location.protocol==='https:'?'; Secure':'')"
    if action == "set" and re.fullmatch(r"[A-Za-z0-9_-]+", token):
        value = f"'{COOKIE}={token}; Max-Age={REMEMBER_HOURS * 3600}; Path=/; SameSite=Strict'{secure}"
    else:
        value = f"'{COOKIE}=; Max-Age=0; Path=/; SameSite=Strict'{secure}"
    return f"<script>document.cookie = {value};</script>"


def _apply_cookie() -> None:
    import streamlit as st

    action = st.session_state.get(COOKIE_ACTION)
    if action:
        with st.sidebar:
            st.html(_cookie_script(action, st.session_state.get(TOKEN, "")), unsafe_allow_javascript=True,
                    width="content")


def _remembered() -> Account | None:
    import streamlit as st

    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser (a page run on its own)
        token = None
    found = account_for_token(token)
    if found is not None:
        st.session_state[TOKEN] = token
    return found


def _on_sign_in() -> None:
    import streamlit as st

    name = str(st.session_state.get("auth_name", "")).strip().lower()
    found = sign_in(name, str(st.session_state.get("auth_password", "")))
    st.session_state["auth_password"] = ""
    if found is None:
        key = "paused" if locked_out(name) else "wrong"
        st.session_state["auth_problem"] = M.LOGIN[key].format(seconds=LOCKOUT_S)
        return
    st.session_state[ACCOUNT] = found
    st.session_state[TOKEN] = issue_token(found)
    st.session_state[COOKIE_ACTION] = "set"
    st.session_state["auth_problem"] = ""


def _on_sign_out() -> None:
    import streamlit as st

    found = account()
    if found is not None and found.kind == "oidc":
        st.logout()
        return
    revoke_token(st.session_state.get(TOKEN))
    for key in [k for k in st.session_state if k != COOKIE_ACTION]:
        del st.session_state[key]  # nothing of the signed-out teacher stays in this browser's session
    st.session_state[COOKIE_ACTION] = "clear"


def gate() -> Account | None:
    """Before any page: the signed-in account (None when no login is needed); else the sign-in page, then stop."""
    import streamlit as st

    how = mode()
    if how == "open":
        st.session_state.pop(ACCOUNT, None)
        return None
    found = account()
    if how == "oidc":
        user = st.user
        found = oidc_account(user.to_dict()) if user.is_logged_in else None
    elif found is None:
        found = _remembered()
    elif found.name not in read_accounts():  # the account was removed while signed in
        revoke_token(st.session_state.get(TOKEN))
        found = None
    _apply_cookie()
    if found is not None:
        st.session_state[ACCOUNT] = found
        with st.sidebar:
            st.caption(M.LOGIN["signed_in"].format(name=found.name))
            st.button(M.LOGIN["sign_out"], key="auth_sign_out", on_click=_on_sign_out)
        return found
    st.session_state.pop(ACCOUNT, None)
    st.title(M.LOGIN["title"])
    st.caption(M.LOGIN["intro"])
    if how == "oidc":
        for provider in oidc_providers():
            label = M.LOGIN["oidc"] if provider is None else M.LOGIN["oidc_named"].format(provider=provider)
            st.button(label, key=f"auth_oidc_{provider or 'default'}", type="primary", on_click=st.login,
                      args=() if provider is None else (provider,))
        st.stop()
    if not read_accounts():
        st.warning(M.LOGIN["no_accounts"].format(command=ADD_COMMAND))
    with st.form("auth_form", border=True):
        st.text_input(M.LOGIN["name"], key="auth_name", max_chars=40)
        st.text_input(M.LOGIN["password"], key="auth_password", type="password", max_chars=200)
        st.form_submit_button(M.LOGIN["submit"], type="primary", on_click=_on_sign_in)
    problem = st.session_state.get("auth_problem")
    if problem:
        st.error(problem)
    st.caption(M.LOGIN["help"].format(command=PASSWORD_COMMAND))
    st.stop()


# --------------------------------------------------------------------------- the command line

def _ask_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 8 characters): ")
    if getpass.getpass("The same password again: ") != first:
        raise ValueError("The two passwords differ; nothing was changed.")
    return first


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.auth",
        description="Accounts of an EduMTL dashboard shared on a network (a password file with bcrypt hashes). "
                    f"The file is ${ACCOUNTS_ENV}, else .streamlit/accounts.json in the repository. A password is "
                    "asked for on the terminal, or read from the first line of standard input.")
    commands = parser.add_subparsers(dest="command", required=True)
    for command, text in (("add", "add an account"), ("password", "change an account's password"),
                          ("remove", "remove an account (its saved runs stay on disk)")):
        commands.add_parser(command, help=text).add_argument("name")
    commands.add_parser("list", help="list the accounts")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for name, entry in sorted(read_accounts().items()):
                print(f"{name}\t{entry.get('created', '')}")
            return 0
        if args.command == "remove":
            if not remove_account(args.name):
                print(f"There is no account '{args.name}'.", file=sys.stderr)
                return 1
            print(f"Removed the account '{args.name}'.")
            return 0
        check_name(args.name)
        add_account(args.name, _ask_password(), replace=args.command == "password")
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{'Changed the password of' if args.command == 'password' else 'Added'} the account '{args.name}' "
          f"(space user-{args.name}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
