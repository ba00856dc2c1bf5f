"""Offline proof: every test fails if the process tries to reach the network.

The guard patches connect/connect_ex/sendto on socket objects, create_connection
and getaddrinfo. Unix sockets (asyncio's self-pipe, Textual's drivers) stay
allowed. Attempts raise *and* are recorded, so a test that swallows the error
still fails at teardown. Subprocesses get the same guard through
``offline_env()``: a sitecustomize that prints a marker to stderr and exits 99.
"""

from __future__ import annotations

import os
import socket
import pytest

MARKER = "AUDITOR-TEST-NETWORK-ATTEMPT"

_SITE = f'''
import os, socket, sys
def _refuse(what):
    sys.stderr.write("{MARKER}: " + what + "\\n"); sys.stderr.flush(); os._exit(99)
_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
def _guard(orig, name):
    def inner(self, *a, **k):
        if self.family != socket.AF_UNIX: _refuse(name + repr(a[:1]))
        return orig(self, *a, **k)
    return inner
socket.socket.connect = _guard(_connect, "connect")
socket.socket.connect_ex = _guard(_connect_ex, "connect_ex")
socket.socket.sendto = _guard(_sendto, "sendto")
socket.create_connection = lambda *a, **k: _refuse("create_connection" + repr(a[:1]))
socket.getaddrinfo = lambda *a, **k: _refuse("getaddrinfo" + repr(a[:1]))
'''


class NetworkAttempt(OSError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Autouse: yields the list of attempts; the test fails if any were made."""
    attempts: list[str] = []

    def refuse(what: str):
        attempts.append(what)
        raise NetworkAttempt(f"network access in a test: {what}")

    def guard(orig, name):
        def inner(self, *args, **kwargs):
            if self.family != socket.AF_UNIX:
                refuse(f"{name}{args[:1]!r}")
            return orig(self, *args, **kwargs)

        return inner

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, guard(getattr(socket.socket, name), name))
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(f"create_connection{a[:1]!r}"))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(f"getaddrinfo{a[:1]!r}"))
    yield attempts
    assert not attempts, f"the code under test tried to use the network: {attempts}"


@pytest.fixture(scope="session")
def offline_env(tmp_path_factory) -> dict[str, str]:
    """Environment for subprocesses that makes any network attempt exit 99 with MARKER on stderr."""
    site = tmp_path_factory.mktemp("offline-site")
    (site / "sitecustomize.py").write_text(_SITE)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH", "")]))
    return env
