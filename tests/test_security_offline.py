"""Offline proof. The autouse guard in conftest.py covers every test in the suite; these tests
show that it catches each way out, and run every command and the app under it."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys

import pytest
from conftest import MARKER, NetworkAttempt

from auditor.cli import build_parser, main
from auditor.content.loader import examples_dir

EXAMPLES = sorted(examples_dir().glob("*.yaml"))


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: socket.create_connection(("127.0.0.1", 9), timeout=0.1),
        lambda: socket.getaddrinfo("example.org", 443),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9)),
        lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM).connect_ex(("::1", 9)),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 53)),
    ],
    ids=["create_connection", "getaddrinfo", "tcp-connect", "tcp6-connect_ex", "udp-sendto"],
)
def test_guard_catches_every_way_out(no_network, attempt):
    with pytest.raises(NetworkAttempt):
        attempt()
    assert len(no_network) == 1
    no_network.clear()  # the attempt was the point of this test


def test_guard_records_attempts_that_code_swallows(no_network):
    try:
        socket.create_connection(("127.0.0.1", 9))
    except OSError:
        pass  # code that hides the error is still caught at teardown
    assert no_network
    no_network.clear()


def test_unix_sockets_stay_allowed(tmp_path):
    a, b = socket.socketpair()
    a.sendall(b"ok")
    assert b.recv(2) == b"ok"
    a.close(), b.close()
    path = str(tmp_path / "s")
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen()
    client = socket.socket(socket.AF_UNIX)
    client.connect(path)
    client.close(), server.close()


def _invocations(tmp_path) -> dict[str, list[list[str]]]:
    work = tmp_path / "work"
    work.mkdir()
    copies = []
    for ex in EXAMPLES:
        shutil.copy(ex, work / ex.name)
        copies.append(str(work / ex.name))
    first, second = copies[0], copies[-1]
    forget_me = work / "forget-me.yaml"
    shutil.copy(EXAMPLES[0], forget_me)
    return {
        "score": [["score", first], ["score", "--json", first]],
        "validate": [["validate"], ["validate", *copies]],
        "rules": [["rules"], ["rules", "--json"]],
        "catalog": [["catalog"], ["catalog", "--json"]],
        "report": [["report", first, "--format", fmt, "--out-dir", str(tmp_path / "reports")] for fmt in ("md", "html", "json", "csv")],
        "diff": [["diff", first, second]],
        "history": [["history", first, second]],
        "cycle": [["cycle", "new", first, "-o", str(work / "next.yaml")]],
        "forget": [["forget", "--yes", str(forget_me)]],
        # The full encryption path runs (under this same guard) in test_security_encryption.py;
        # here only the cheap refusal, so this test needs no scrypt.
        "encrypt": [["encrypt", str(work / "missing.yaml")]],
    }


def test_every_command_runs_offline(tmp_path, monkeypatch, capsys, no_network):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    table = _invocations(tmp_path)
    ran = []
    for name in commands:
        if name == "open":
            continue  # the app: test_app_runs_offline
        for argv in table.get(name, [[name, "--help"]]):
            try:
                rc = main(argv)
            except SystemExit as exc:  # --help
                rc = exc.code
            out, err = capsys.readouterr()
            assert "Traceback" not in err and "internal error" not in err, (argv, err)
            expected = 2 if name == "encrypt" else 0
            assert rc == expected, (argv, rc, err)
            ran.append(name)
    assert {"score", "validate", "rules", "catalog", "encrypt", "forget"} <= set(ran)
    assert no_network == []


def test_app_runs_offline(tmp_path, monkeypatch, no_network):
    pytest.importorskip("auditor.tui.app")
    from auditor.tui.app import make_app

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    path = tmp_path / "a.yaml"
    shutil.copy(EXAMPLES[0], path)

    async def drive():
        app = make_app(path, data_dir=tmp_path / "audits")
        async with app.run_test(size=(100, 36)) as pilot:
            await pilot.pause()
            for key in ("f3", "f4", "f5", "f6", "f2"):
                await pilot.press(key)
                await pilot.pause()
            await pilot.press("ctrl+q")
        return app

    app = asyncio.run(drive())
    assert app.return_code in (0, None)
    assert no_network == []


def test_subprocesses_can_be_held_offline_too(offline_env):
    code = "import socket; socket.create_connection(('127.0.0.1', 9))"
    proc = subprocess.run([sys.executable, "-c", code], env=offline_env, capture_output=True, text=True)
    assert proc.returncode == 99 and MARKER in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "auditor", "score", str(EXAMPLES[0])], env=offline_env, capture_output=True, text=True)
    assert proc.returncode == 0 and MARKER not in proc.stderr, proc.stderr
