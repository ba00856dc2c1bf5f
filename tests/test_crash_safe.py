"""Crash-safe saves: kill a process in the middle of saving, many times, at random moments.

Each round starts a child that saves new versions of one file as fast as it
can, kills it with SIGKILL at a random moment, and checks that the file is a
complete version (the old one or a newer one, never a mix or a truncation).
Temp files left by killed saves are removed by the next save.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import MARKER

from auditor.audits import storage

CHILD = r"""
import sys
from auditor.audits.storage import write_private

def payload(n):
    return "version %d\n%s\nend %d\n" % (n, ("%08d" % n) * 40000, n)

path, n = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
while True:
    n += 1
    write_private(path, payload(n))
"""

ROUNDS = 60
BUDGET_SECONDS = 60  # bounds the loop on a slow machine; not an assertion


def payload(n: int) -> str:
    return "version %d\n%s\nend %d\n" % (n, ("%08d" % n) * 40000, n)


def version_of(path: Path) -> int:
    """The version the file holds; fails the test unless the file is exactly that version, complete."""
    text = path.read_text()
    first = text.split("\n", 1)[0]
    assert first.startswith("version "), f"broken file: starts {text[:40]!r}"
    n = int(first.split()[1])
    assert text == payload(n), f"version {n} is incomplete or mixed ({len(text)} bytes)"
    return n


def test_killed_saves_leave_old_or_new_file_never_broken(tmp_path, offline_env):
    target = tmp_path / "audit.yaml"
    storage.write_private(target, payload(0))
    rng = random.Random(7)
    version, rounds, mid_write, advanced = 0, 0, 0, 0
    unclean = 0  # rounds since a child completed a whole save, cleanup included
    start = time.monotonic()
    while rounds < ROUNDS and time.monotonic() - start < BUDGET_SECONDS:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), str(version)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=offline_env,
        )
        assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
        time.sleep(rng.uniform(0, 0.08))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        err = child.stderr.read().decode()
        child.stderr.close()
        assert MARKER not in err and "Traceback" not in err, err
        now = version_of(target)
        assert now >= version
        advanced += now > version
        # Two new versions mean the first save finished, cleanup included, before the kill.
        unclean = 1 if now >= version + 2 else unclean + 1
        version = now
        temps = storage.temp_files(target)
        mid_write += bool(temps)
        # At most one leftover per killed child since the last complete save cleaned up.
        assert len(temps) <= unclean, (temps, unclean)
        assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in temps)
        rounds += 1
    assert rounds >= 20, f"only {rounds} rounds ran in {BUDGET_SECONDS}s"
    # The kills really landed in the middle of saves (a temp file was left), and saves did land.
    assert advanced > 0 and mid_write > 0, (rounds, advanced, mid_write)
    print(f"\n{rounds} kills: {advanced} after at least one complete save, {mid_write} mid-write")
    # The next save removes what the killed saves left behind.
    storage.write_private(target, payload(version + 1))
    assert storage.temp_files(target) == []
    assert version_of(target) == version + 1


def test_save_in_progress_is_never_cleaned_up(tmp_path):
    target = tmp_path / "a.yaml"
    live = tmp_path / f".a.yaml.{os.getpid()}.abcdefgh.tmp"  # this process: alive
    dead = tmp_path / ".a.yaml.999999999.abcdefgh.tmp"  # no such pid
    legacy_old = tmp_path / ".a.yaml.xyz12345.tmp"  # no pid: removed only when old
    legacy_new = tmp_path / ".a.yaml.xyz67890.tmp"
    other = tmp_path / ".b.yaml.999999999.abcdefgh.tmp"  # another file's temp
    for p in (live, dead, legacy_old, legacy_new, other):
        p.write_text("x")
    os.utime(legacy_old, (time.time() - 7200, time.time() - 7200))
    storage.write_private(target, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.yaml", live.name, legacy_new.name, other.name])
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_failed_write_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "a.yaml"
    storage.write_private(target, "old")

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    try:
        storage.write_private(target, "new")
    except OSError:
        pass
    else:  # pragma: no cover
        raise AssertionError("the write should have failed")
    assert target.read_text() == "old"
    assert storage.temp_files(target) == []
