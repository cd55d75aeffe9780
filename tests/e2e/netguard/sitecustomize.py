"""Loaded by the dashboard server in the privacy test (PYTHONPATH points here).

Every outbound connection that is not to this computer is refused and written to the file named by
EDUMTL_NETGUARD_LOG, so the test can prove that nothing is fetched from or sent to the network. The
first line of the log, "armed pid=...", shows the guard was loaded in that process (an empty log would
prove nothing).
"""

import os
import socket

_LOG = os.environ.get("EDUMTL_NETGUARD_LOG")
_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _is_local(address) -> bool:
    if isinstance(address, tuple) and address:
        return str(address[0]).startswith(_LOCAL)
    return True  # unix sockets


def _record(what) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{what}\n")


def _guarded_connect(self, address):
    if not _is_local(address):
        _record(f"connect {address!r}")
        raise OSError("EduMTL test: outbound network blocked")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_local(address):
        _record(f"connect_ex {address!r}")
        return 111
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not str(host).startswith(_LOCAL):
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror("EduMTL test: outbound network blocked")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo
_record(f"armed pid={os.getpid()}")
