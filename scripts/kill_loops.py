"""Kill -9 every writing command at random moments and check what is left on disk.

    python scripts/kill_loops.py --kills 200            # plain files
    python scripts/kill_loops.py --kills 20 --age       # .age files (each run spends seconds in scrypt)

For each kill: copy an example cycle into a fresh folder, start one writing
command (cycle forget / set-review / confirm / new, report, encrypt, forget),
SIGKILL it after a random delay, then check:
- the audit path holds the old bytes, or a complete new version that loads
  (for `cycle forget`: the old cycle or its complete summary, never zero bytes);
- every file auditor wrote is 0600;
- after the next run of any command on it, no temp or hidden half-forget file remains.
Prints the figures as JSON; exit 1 if any kill left something broken.
tests/test_hostile_files.py runs a small sample of this loop.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "mutual-aid-cycle-1.yaml"

COMMANDS = {
    "cycle-forget": ["cycle", "forget", "{a}", "--yes"],
    "cycle-set-review": ["cycle", "set-review", "{a}", "--every", "4"],
    "cycle-confirm": ["cycle", "confirm", "{a}", "--all"],
    "cycle-new": ["cycle", "new", "{a}", "-o", "{d}/next{s}"],
    "report": ["report", "{a}", "-f", "md", "-o", "{d}/r.md{s}"],
    "forget": ["forget", "{a}", "--yes"],
}
PLAIN_ONLY = {"encrypt": ["encrypt", "{a}"]}
AUDITOR = [sys.executable, "-c", "import sys; from auditor.cli import main; sys.exit(main())"]


def _check(folder: Path, audit: Path, original: bytes, env: dict, command: str) -> str | None:
    """None if what the kill left is sound, else what is wrong."""
    from auditor.content.yamlio import parse

    if command == "forget":  # deleting: the file is whole, being zeroed on its way out, or gone
        if audit.exists() and audit.read_bytes() not in (original,) and audit.read_bytes().strip(b"\0"):
            return "forget left a file that is neither the audit nor zeros"
        return None

    for f in folder.iterdir():
        if f.is_file() and stat.S_IMODE(f.stat().st_mode) & 0o077:
            return f"{f.name} is not private: {oct(f.stat().st_mode)}"
    if audit.exists():
        data = audit.read_bytes()
        if data != original:
            if audit.name.endswith(".age"):
                if not data.startswith(b"age-encryption.org/v1"):
                    return "the .age audit is not an age file"
            else:
                try:
                    doc = parse(data.decode("utf-8"), audit)
                except Exception as exc:  # noqa: BLE001
                    return f"the audit does not parse: {exc}"
                if not isinstance(doc, dict) or doc.get("kind") not in ("audit", "audit-summary"):
                    return f"the audit is neither the old cycle nor a summary: {data[:60]!r}"
        # The next run tidies whatever the kill left (temp files, a half-done forget).
        run = subprocess.run([*AUDITOR, "validate", str(audit)], capture_output=True, text=True, env=env, cwd=folder)
        if run.returncode not in (0, 2) or "internal error" in run.stderr:
            return f"validate after the kill: {run.returncode} {run.stderr[-200:]}"
        if run.returncode == 2:
            return f"the audit left by the kill does not validate: {run.stderr[-300:]}"
        run = subprocess.run([*AUDITOR, "cycle", "set-review", str(audit), "--every", "5"], capture_output=True, text=True, env=env, cwd=folder)
    elif not any(audit.parent.glob(f".*{audit.name}*")) and "forget" not in str(audit):
        pass
    leftovers = [f.name for f in folder.iterdir() if f.name.startswith(".") and audit.name in f.name]
    if audit.exists() and leftovers:
        return f"left behind after the next run: {leftovers}"
    return None


def main(argv=None) -> int:
    import argparse

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kills", type=int, default=200)
    p.add_argument("--age", action="store_true", help="encrypted audits (slow: scrypt on every run)")
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--max-delay", type=float, default=0.45, help="seconds; kills land anywhere from start-up to the write")
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    env = dict(os.environ, AUDITOR_PASSPHRASE="kill loop passphrase", PYTHONPATH=str(ROOT))
    commands = dict(COMMANDS, **({} if args.age else PLAIN_ONLY))
    outcomes = {"killed": 0, "finished": 0, "broken": 0}
    per_command: dict[str, dict[str, int]] = {}
    broken = []
    with tempfile.TemporaryDirectory(prefix="auditor-kills-") as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        source = base / "cycle.yaml"
        shutil.copy(SOURCE, source)
        os.chmod(source, 0o600)
        if args.age:
            subprocess.run([*AUDITOR, "encrypt", str(source)], env=env, check=True, capture_output=True)
            source = base / "cycle.yaml.age"
        original = source.read_bytes()
        for i in range(args.kills):
            name = list(commands)[i % len(commands)]
            folder = Path(tmp) / f"k{i}"
            folder.mkdir(mode=0o700)
            audit = folder / source.name
            shutil.copy(source, audit)
            os.chmod(audit, 0o600)
            suffix = ".yaml.age" if args.age else ".yaml"
            argv = [part.replace("{a}", str(audit)).replace("{d}", str(folder)).replace("{s}", suffix) for part in commands[name]]
            child = subprocess.Popen([*AUDITOR, *argv], env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.02, args.max_delay))
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
                outcomes["killed"] += 1
                kind = "killed"
            else:
                outcomes["finished"] += 1
                kind = "finished"
            child.wait()
            problem = _check(folder, audit, original, env, name)
            stats = per_command.setdefault(name, {"killed": 0, "finished": 0, "broken": 0})
            stats[kind] += 1
            if problem:
                outcomes["broken"] += 1
                stats["broken"] += 1
                broken.append({"command": name, "kill": kind, "problem": problem})
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"runs": args.kills, "age": args.age, **outcomes, "per_command": per_command, "broken_runs": broken[:20]}, indent=1))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
