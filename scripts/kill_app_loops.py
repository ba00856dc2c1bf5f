"""Kill -9 the app right after it acknowledges an answer, then check the file.

    python scripts/kill_app_loops.py --kills 20          # plain audits
    python scripts/kill_app_loops.py --kills 20 --age    # keyed .age audits (passphrase typed in the app)

Each run starts the real app (``make_app``, driven by Pilot, headless) in a child process on a
copy of an audit; for an .age audit it types the passphrase into the app's dialog. The child
answers "how many people are in the team" with 101, 102, ... and prints ``ACK n`` each time the
app acknowledges an answer (the status line's "saved" state: ``session.last_saved`` set, no
save error), then at once answers the next one. The parent SIGKILLs the child right after the
k-th ACK (k random, 1-4), so the kill lands during the next answer's save. Then, in this
process with nothing cached, it opens the file and checks: it loads (not corrupt), and holds
the last acknowledged answer or the one in flight (no acknowledged answer lost).
Prints the figures as JSON; exit 1 on any corrupt file or lost answer.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSPHRASE = "kill loop passphrase"
FIRST = 101

CHILD = r'''
import asyncio, sys
from pathlib import Path
from textual import events
from auditor.tui.app import make_app
from auditor.content.loader import load_content

path, passphrase = Path(sys.argv[1]), sys.argv[2]

async def main():
    content = load_content()
    app = make_app(path, content=content, data_dir=path.parent)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if passphrase != "-":
            for _ in range(200):
                if app.focused is not None and getattr(app.focused, "password", False):
                    break
                await pilot.pause(0.05)
            app.focused.post_message(events.Paste(passphrase))
            await pilot.pause()
            await pilot.press("enter")
        for _ in range(400):
            if app.session is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        app.go("profile", question="team_size")
        await pilot.pause()
        value = {first}
        while True:
            app.focused.post_message(events.Paste(str(value)))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            s = app.session
            if s.audit.profile.get("team_size") == value and s.last_saved and not s.save_error:
                print("ACK", value, flush=True)
            else:
                print("NOACK", value, s.save_error, flush=True)
            value += 1
            app.go("profile", question="team_size")
            await pilot.pause()
            await pilot.press("ctrl+u")

asyncio.run(main())
'''.replace("{first}", str(FIRST))


def _check(path: Path, passphrase: str | None, last_ack: int) -> str | None:
    from auditor.audits import storage
    from auditor.audits.model import load_audit
    from auditor.content.loader import load_content

    storage._UNLOCKED.clear()  # read as a fresh process would
    try:
        audit = load_audit(path, load_content(), passphrase)
    except Exception as exc:  # noqa: BLE001 - any failure to load is a corrupt file
        return f"corrupt: {exc}"
    got = audit.profile.get("team_size")
    if not isinstance(got, int) or got < last_ack:
        return f"lost: acknowledged {last_ack}, file holds {got!r}"
    if got > last_ack + 1:
        return f"file holds {got}, never sent"
    return None


def main(argv=None) -> int:
    import argparse

    from auditor.audits.model import load_audit, save_audit
    from auditor.content.loader import examples_dir, load_content

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--age", action="store_true")
    p.add_argument("--seed", type=int, default=16)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=tempfile.gettempdir())
    env.pop("AUDITOR_PASSPHRASE", None)
    outcomes = {"runs": args.kills, "age": args.age, "acknowledged": 0, "corrupt": 0, "lost": 0, "no_ack": 0}
    problems = []
    with tempfile.TemporaryDirectory(prefix="auditor-app-kills-") as tmp:
        base = Path(tmp) / "base"
        base.mkdir(mode=0o700)
        name = "audit.yaml.age" if args.age else "audit.yaml"
        save_audit(load_audit(examples_dir() / "mutual-aid.yaml", load_content()), base / name, passphrase=PASSPHRASE if args.age else None)
        for i in range(args.kills):
            folder = Path(tmp) / f"k{i}"
            shutil.copytree(base, folder)
            path = folder / name
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(path), PASSPHRASE if args.age else "-"],
                env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            )
            want, acks, last_ack = rng.randint(1, 4), 0, None
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                line = child.stdout.readline()
                if not line:
                    break
                if line.startswith("ACK "):
                    acks += 1
                    last_ack = int(line.split()[1])
                    if acks == want:
                        os.kill(child.pid, signal.SIGKILL)
                        break
                elif line.startswith("NOACK"):
                    problems.append({"run": i, "problem": line.strip()})
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
            child.wait()
            if last_ack is None:
                outcomes["no_ack"] += 1
                problems.append({"run": i, "problem": "the app acknowledged no answer"})
                continue
            outcomes["acknowledged"] += acks
            problem = _check(path, PASSPHRASE if args.age else None, last_ack)
            if problem:
                outcomes["corrupt" if problem.startswith("corrupt") else "lost"] += 1
                problems.append({"run": i, "problem": problem})
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({**outcomes, "problems": problems[:20]}, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
