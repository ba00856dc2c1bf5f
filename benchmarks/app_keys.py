"""Keypress latency in the app on a 40-tool audit (a script, not a test: timings on shared machines are noisy).

Drives the real app headless with Pilot and measures, for each press, the time from sending the key
to the app settling (every message the key caused handled, the screen refreshed): answering a
question (which saves and re-scores), moving between questions, and moving in the plan and findings
lists (which must re-score nothing). Goal: 50 ms per keypress.

Two figures per press: *CPU*, the processor time the process spent on it (the app's own work:
handlers, scoring, saving, layout and rendering; what a user waits for on an idle machine), and
*wall*, which also holds Pilot's idle detection (it sleeps until the process stops working) and
waiting for the shared machine. The same presses on a bare Textual app (an option list and a
footer) give the harness's own share.

Run: python benchmarks/app_keys.py [--presses 60] [--profile answer|plan|findings]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from auditor.audits.model import Audit, load_audit, questions_for
from auditor.content.loader import examples_dir, load_content
from auditor.tui.app import make_app
from example_audits import example_audit  # benchmarks/, beside this script


async def timed(pilot, key: str) -> tuple[float, float]:
    """(CPU, wall) seconds from sending ``key`` to the app settling."""
    cpu, wall = time.process_time(), time.perf_counter()
    await pilot.press(key)
    await pilot.pause()  # until the messages the key caused are handled
    return time.process_time() - cpu, time.perf_counter() - wall


async def bare(presses: int) -> list[tuple[float, float]]:
    """The harness alone: the same presses on a bare Textual app."""
    from textual.app import App
    from textual.widgets import Footer, OptionList

    class Bare(App):
        def compose(self):
            yield OptionList(*[f"option {i}" for i in range(100)])
            yield Footer()

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return [await timed(pilot, "down" if (i // 10) % 2 == 0 else "up") for i in range(presses)]


async def run(presses: int, profile: str | None) -> dict[str, list[tuple[float, float]]]:
    content = load_content()
    audit = example_audit(content, 40)
    folder = Path(tempfile.mkdtemp(prefix="auditor-bench-"))
    os.environ["HOME"] = str(folder)  # the state file and audits folder stay in the temp folder
    app = make_app(folder / "bench.yaml", content=content, audit=audit, data_dir=folder / "data")
    tool = audit.tools[0]
    choice = next(q for q in questions_for(tool, content)[1:] if q.type == "choice" and len(q.choices) > 2)
    out: dict[str, list[tuple[float, float]]] = {"answer": [], "next/prev question": [], "plan list": [], "findings list": []}
    profiler = cProfile.Profile() if profile else None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        app.open_tool(tool.id, choice.id)
        await pilot.pause()
        if profiler and profile == "answer":
            profiler.enable()
        for _ in range(presses):
            await pilot.press("down")  # another choice (not timed: moving the highlight in the field)
            out["answer"].append(await timed(pilot, "enter"))  # answer: saved, re-scored, next question
            out["next/prev question"].append(await timed(pilot, "left"))  # back to it
        if profiler:
            profiler.disable()

        for screen, name in (("plan", "plan list"), ("findings", "findings list")):
            app.go(screen)
            await pilot.pause()
            if profiler and profile == screen:
                profiler.enable()
            for i in range(presses):
                out[name].append(await timed(pilot, "down" if (i // 10) % 2 == 0 else "up"))
            if profiler:
                profiler.disable()
        await pilot.press("ctrl+q")
    if profiler:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(os.environ.get("BENCH_FILTER", "auditor|yaml|ruamel"), 40)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--profile", choices=("answer", "plan", "findings"), help="print a cProfile of that part")
    args = parser.parse_args()
    results = asyncio.run(run(args.presses, args.profile))
    results["bare Textual, move"] = asyncio.run(bare(args.presses))
    print(f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; 40 tools, 120x40, {args.presses} presses each")
    print(f"{'keypress':<20} {'CPU median':>10} {'CPU max':>8} {'wall median':>11} {'wall max':>9}   goal 50 ms")
    for name, times in results.items():
        cpu = [c * 1000 for c, _ in times]
        wall = [w * 1000 for _, w in times]
        print(f"{name:<20} {statistics.median(cpu):>8.1f}ms {max(cpu):>6.1f}ms {statistics.median(wall):>9.1f}ms {max(wall):>7.1f}ms")


if __name__ == "__main__":
    sys.exit(main())
