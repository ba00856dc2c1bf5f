"""Time from launch to the first interactive screen: auditor's app against a bare Textual app.

Each run is a fresh Python process (imports included, as a user would see it), started
headless; the clock stops when the first screen has mounted and can take keys. Both
apps are measured alternately in the same run so machine load affects them alike.

    python benchmarks/tui_startup.py [--runs N]

Target: auditor's median at most 1.5x the bare app's median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
import time, sys
from textual.app import App
from textual.widgets import Footer, Label, OptionList
class Bare(App):
    def compose(self):
        yield Label("bare")
        yield OptionList("one", "two")
        yield Footer()
    def on_ready(self):
        self.exit()
Bare().run(headless=True)
"""

AUDITOR = """
import time, sys
from pathlib import Path
from auditor.tui.app import make_app
from auditor.tui.screens.start import StartScreen
app = make_app(data_dir=Path(sys.argv[1]))
def check():
    if isinstance(app.screen, StartScreen) and app.screen.is_mounted:
        app.exit()
    else:
        app.call_after_refresh(check)
app.call_later(check)
app.run(headless=True)
"""


def once(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env={**os.environ, "TEXTUAL": ""})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bare, ours = [], []
    with tempfile.TemporaryDirectory() as tmp:
        once(BARE)  # warm the file cache for both
        once(AUDITOR, tmp)
        for _ in range(args.runs):
            bare.append(once(BARE))
            ours.append(once(AUDITOR, tmp))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare Textual app: median {b * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"auditor app:      median {o * 1000:.0f} ms (min {min(ours) * 1000:.0f})")
    print(f"ratio: {o / b:.2f}x (target <= 1.5x) over {args.runs} runs each")
    return 0 if o / b <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
