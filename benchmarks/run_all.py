"""Every start-up, size and memory figure of docs/benchmarks.md, each against its floor in the same run.

Whole commands in fresh processes (imports count, as a user sees them), each paired with its floor and run
alternately, so the load of a shared machine hits both alike; medians of --runs runs. Prints one line per
figure: the two medians, the ratio or the figure, and the goal. Exit 1 if a goal is missed.

    python benchmarks/run_all.py [--runs 7]

Bytecode is written on the warm-up run (a pip install compiles it too; PYTHONDONTWRITEBYTECODE is dropped),
so no figure includes compiling the sources.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from example_audits import example_audit  # noqa: E402 - benchmarks/, beside this script
from tui_startup import AUDITOR as TUI_AUDITOR, BARE as TUI_BARE  # noqa: E402

from auditor.audits.model import dump_audit  # noqa: E402
from auditor.content.loader import examples_dir, load_content  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"TEXTUAL": ""}
FLOOR = "import yaml, jsonschema, tabulate"
NEEDED = "import yaml, jsonschema"  # what `auditor score` cannot do without: YAML and the audit's schema check
# Peak memory of a command: run it in process, then ask the kernel for this process's maximum resident size.
PEAK = "import resource, sys; from auditor.cli import main; main(sys.argv[1:]); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"


def signal_audit(n: int) -> str:
    """n Signal groups of varied sizes (people_with_access 0-49) under the mutual-aid example's profile."""
    profile = yaml.safe_load((examples_dir() / "mutual-aid.yaml").read_text())["profile"]
    tools = [{"id": f"t{i}", "name": f"Tool {i}", "catalog": "signal", "answers": {"people_with_access": i % 50}} for i in range(n)]
    return yaml.safe_dump({"kind": "audit", "format": 1, "title": f"{n} Signal groups", "profile": profile, "tools": tools}, sort_keys=False)


def wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def paired(ours: list[str], floor: list[str], runs: int) -> tuple[float, float]:
    wall(ours), wall(floor)  # warm: page cache and bytecode
    a, b = [], []
    for _ in range(runs):
        a.append(wall(ours))
        b.append(wall(floor))
    return statistics.median(a), statistics.median(b)


def alone(args: list[str], runs: int) -> float:
    wall(args)
    return statistics.median(wall(args) for _ in range(runs))


def peak_mb(args: list[str]) -> float:
    proc = subprocess.run([sys.executable, "-c", PEAK, *args], check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(proc.stderr.strip().splitlines()[-1]) / 1024  # KiB on Linux


def size_kb(args: list[str]) -> float:
    return len(subprocess.run([sys.executable, *args], check=True, env=ENV, capture_output=True).stdout) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = args.runs
    content = load_content()
    rows: list[tuple[str, str, bool]] = []

    def ratio(what: str, ours: list[str], floor: list[str], goal: float | None, floor_name: str) -> None:
        o, f = paired(ours, floor, runs)
        said = f"goal <= {goal}x" if goal else "for comparison"
        rows.append((what, f"{o * 1000:.0f} ms vs {f * 1000:.0f} ms ({floor_name}): {o / f:.2f}x ({said})", goal is None or o / f <= goal))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        forty, hundred, thousand = folder / "forty.yaml", folder / "hundred.yaml", folder / "thousand.yaml"
        forty.write_text(dump_audit(example_audit(content, 40)))
        hundred.write_text(signal_audit(100))
        thousand.write_text(signal_audit(1000))
        example = str(examples_dir() / "mutual-aid.yaml")
        score = ["-m", "auditor", "score"]

        ratio("score mutual-aid.yaml", score + [example], ["-c", FLOOR], 1.6, FLOOR)
        ratio("score mutual-aid.yaml, the needed floor", score + [example], ["-c", NEEDED], None, NEEDED)
        ratio("app's first screen", ["-c", TUI_AUDITOR, tmp], ["-c", TUI_BARE], 1.3, "bare Textual app")
        ratio("score --json, 40 tools", score + ["--json", str(forty)], ["-c", FLOOR], 2.0, FLOOR)
        kb = size_kb(score + ["--json", str(forty)])
        rows.append(("score --json, 40 tools: size", f"{kb:,.0f} KB (goal < 400 KB)", kb < 400))
        for fmt, extra in (("text", []), ("--json", ["--json"])):
            t = alone(score + extra + [str(thousand)], max(3, runs // 2))
            goal = 2.5 if extra else None
            rows.append((f"score {fmt}, 1,000 tools", f"{t:.2f} s" + (f" (goal <= {goal} s)" if goal else ""), goal is None or t <= goal))
        for fmt, extra in (("text", []), ("--json", ["--json"])):
            small, big = peak_mb(["score", *extra, str(hundred)]), peak_mb(["score", *extra, str(thousand)])
            rows.append((f"score {fmt}: peak memory, 100 / 1,000 tools", f"{small:.0f} / {big:.0f} MB (goal < 200 MB at 1,000)", big < 200))
        kb = size_kb(score + ["--json", str(thousand)])
        rows.append(("score --json, 1,000 tools: size", f"{kb / 1000:,.1f} MB", True))

    width = max(len(r[0]) for r in rows)
    for what, figure, ok in rows:
        print(f"{what:<{width}}  {figure}{'' if ok else '  MISSED'}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{runs} runs each; Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load:.1f}")
    return 0 if all(ok for _, _, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
