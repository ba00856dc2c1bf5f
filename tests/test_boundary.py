"""The headless core never imports Textual: only auditor.tui may."""

import ast
import subprocess
import sys
from pathlib import Path

import auditor

PACKAGE = Path(auditor.__file__).parent


def _core_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "tui":
            continue
        yield path


def test_no_core_module_imports_textual_or_network():
    offenders = []
    for path in _core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in {"textual", "rich", "socket", "urllib", "http", "requests", "ssl"}:
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
                if name.startswith("auditor.tui"):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    # The command that opens the app is the one core module allowed to reach the TUI, lazily.
    offenders = [o for o in offenders if not o.startswith("commands/open.py imports auditor.tui")]
    assert offenders == []


def test_scoring_an_example_does_not_load_textual():
    code = (
        "import sys; from auditor.cli import main; "
        "rc = main(['score', '--json', sys.argv[1]]); "
        "assert 'textual' not in sys.modules, 'textual was imported'; sys.exit(rc)"
    )
    from auditor.content.loader import examples_dir

    path = sorted(examples_dir().glob("*.yaml"))[0]
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
