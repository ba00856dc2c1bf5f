"""Every limit on an input file, crossed: the refusal is one short line naming the file, the field, the count and
the limit, and never the data (the 5,000-tool audit used to print its whole tools list, 480 KB in one message)."""

from __future__ import annotations

import copy

import pytest
import yaml

from auditor.cli import main
from auditor.content import yamlio
from auditor.content.loader import examples_dir

MAX_MESSAGE = 300


def _example() -> dict:
    return yaml.safe_load((examples_dir() / "mutual-aid.yaml").read_text())


def _with(**changes) -> str:
    audit = _example()
    audit.update(changes)
    return yaml.safe_dump(audit, sort_keys=False)


def _tools(n: int) -> str:
    tool = _example()["tools"][0]
    return _with(tools=[dict(copy.deepcopy(tool), id=f"tool-{i}", name=f"Tool {i}") for i in range(n)])


def _unknown_answers(n: int) -> str:
    audit = _example()
    audit["tools"][0]["answers"] = {f"q{i}": "yes" for i in range(n)}
    return yaml.safe_dump(audit, sort_keys=False)


def _nested(depth: int) -> str:
    return "kind: audit\nformat: 1\nnotes: " + "[" * depth + "]" * depth + "\n"


def _aliases(n: int) -> str:
    return "kind: audit\nformat: 1\nbase: &a [x]\nmany: [" + ", ".join("*a" for _ in range(n)) + "]\n"


def _values(n: int) -> str:
    return "kind: audit\nformat: 1\nmany: [" + ", ".join("1" for _ in range(n)) + "]\n"


# (what, the audit's text, what the message must hold: the count and the limit as people read them)
CASES = [
    ("tools", lambda: _tools(1_001), ("tools", "1,001", "1,000")),
    ("title", lambda: _with(title="x" * 5_000), ("title", "5,000", "200")),
    ("notes", lambda: _with(profile_notes="note " * 2_000), ("profile_notes", "10,000", "5,000")),
    ("rulesets", lambda: _with(ruleset={"rulesets": {f"r{i}": "1" for i in range(1_001)}}), ("ruleset.rulesets", "1,001", "1,000")),
    ("progress", lambda: _with(progress={f"k{i}": i for i in range(25)}), ("progress", "25", "20")),
    ("values", lambda: _values(yamlio.MAX_NODES + 10), (f"{yamlio.MAX_NODES:,}",)),
    ("aliases", lambda: _aliases(yamlio.MAX_ALIASES + 1), (str(yamlio.MAX_ALIASES),)),
    ("depth", lambda: _nested(yamlio.MAX_DEPTH + 5), (str(yamlio.MAX_DEPTH),)),
    ("number", lambda: _with(title=None, profile={"people_with_access": 10**16}), (f"{yamlio.MAX_NUMBER:,}",)),
    ("digits", lambda: "kind: audit\nformat: 1\nn: " + "9" * 400 + "\n", ("400", f"{yamlio.MAX_NUMBER:,}")),
    ("bytes", lambda: "kind: audit\nformat: 1\nnotes: '" + "x" * (yamlio.MAX_BYTES + 10) + "'\n", (str(yamlio.MAX_BYTES),)),
]


@pytest.mark.parametrize("what, text, expected", CASES, ids=[c[0] for c in CASES])
def test_a_refusal_is_one_short_line_with_the_count_and_the_limit(what, text, expected, tmp_path, capsys):
    path = tmp_path / f"over-{what}.yaml"
    path.write_text(text())
    assert main(["score", str(path)]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[:2000]
    assert len(lines[0]) < MAX_MESSAGE, lines[0]
    assert str(path) in lines[0]
    for part in expected:
        assert part in lines[0], lines[0]
    assert "xxxxxxxxxx" not in lines[0] and "note note note" not in lines[0] and "Tool 7" not in lines[0]


def test_a_thousand_wrong_answers_are_refused_in_a_screenful(tmp_path, capsys):
    path = tmp_path / "many-wrong.yaml"
    path.write_text(_unknown_answers(1_000))
    assert main(["score", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 21 and "980 more problems" in lines[-1]
    assert all(len(line) < MAX_MESSAGE for line in lines)
