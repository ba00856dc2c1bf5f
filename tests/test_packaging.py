"""What an installed user (or the single-file build in an empty folder) has: the shipped examples by name,
the docs, shell completion, ``--version`` on every command; and the README's commands are what CI runs."""

from __future__ import annotations

import argparse
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import __version__
from auditor.audits import examples
from auditor.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_example_lists_each_shipped_example_with_a_description(tmp_path):
    done = run("example", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(None, 1) for line in done.stdout.splitlines()[:-1])
    assert set(lines) == {"mutual-aid", "mutual-aid-cycle-1", "mutual-aid-cycle-2", "peer-network", "politicized-social-service", "report-model"}
    assert lines["mutual-aid"].strip() == "neighbourhood mutual aid group"


def test_example_copies_privately_and_never_overwrites(tmp_path):
    first = run("example", "peer-network", cwd=tmp_path)
    second = run("example", "example:peer-network", cwd=tmp_path)
    assert first.returncode == second.returncode == 0
    assert [first.stdout.strip(), second.stdout.strip()] == ["peer-network.yaml", "peer-network-2.yaml"]
    copy = tmp_path / "peer-network.yaml"
    assert copy.read_bytes() == examples.shipped()["peer-network"].read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    mine = tmp_path / "mine.yaml"
    mine.write_text("my own work\n")
    refused = run("example", "mutual-aid", "-o", str(mine), cwd=tmp_path)
    assert refused.returncode == 2 and str(mine) in refused.stderr and "Traceback" not in refused.stderr
    assert mine.read_text() == "my own work\n"
    unknown = run("example", "nope", cwd=tmp_path)
    assert unknown.returncode == 2 and "nope" in unknown.stderr and "mutual-aid" in unknown.stderr


def test_readers_take_example_name_from_any_folder(tmp_path):
    score = run("score", "example:mutual-aid", "--json", cwd=tmp_path)
    assert score.returncode == 0, score.stderr
    assert '"threats"' in score.stdout or '"scores"' in score.stdout
    report = run("report", "example:peer-network", "--out-dir", str(tmp_path / "out"), cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert len(list((tmp_path / "out").iterdir())) == 1
    diff = run("diff", "example:mutual-aid-cycle-1", "example:mutual-aid-cycle-2", cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    missing = run("score", "example:nope", cwd=tmp_path)
    assert missing.returncode == 2 and "nope" in missing.stderr and "Traceback" not in missing.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing else written here


def test_a_writer_refuses_a_shipped_example_wherever_it_lives(tmp_path):
    for target in ("example:mutual-aid", str(ROOT / "examples" / "mutual-aid.yaml")):
        path = examples.audit_file(target)
        before = path.read_bytes(), path.stat().st_mode
        done = run("cycle", "set-review", target, "--every", "3", cwd=tmp_path)
        assert done.returncode == 2 and "shipped example" in done.stderr and "Traceback" not in done.stderr
        assert (path.read_bytes(), path.stat().st_mode) == before


def test_is_shipped_example_by_where_the_file_resolves(tmp_path):
    assert examples.is_shipped_example(ROOT / "examples" / "mutual-aid.yaml")
    assert examples.is_shipped_example(examples.shipped()["mutual-aid"])
    (tmp_path / "examples").mkdir()
    mine = tmp_path / "examples" / "mutual-aid.yaml"
    mine.write_bytes(examples.shipped()["mutual-aid"].read_bytes())
    assert not examples.is_shipped_example(mine)  # a group's own folder named examples is theirs


def test_docs_says_where_the_docs_are_and_lists_them(tmp_path):
    done = run("docs", cwd=tmp_path)
    assert done.returncode == 0
    folder, *names = done.stdout.splitlines()
    assert (Path(folder) / "formats.md").is_file()
    assert {"formats.md", "threat-model.md", "translations.md"} <= {n.strip() for n in names}


def subcommands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield prefix + (name,)
                yield from subcommands(child, prefix + (name,))


@pytest.mark.parametrize("command", list(subcommands(build_parser())), ids=" ".join)
def test_version_on_every_subcommand(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*command, "--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"auditor {__version__}"


def complete(words: str, tmp_path: Path) -> list[str]:
    """What bash completes for the last word of ``words``, with the script `auditor completion bash` prints."""
    script = tmp_path / "c.bash"
    script.write_text(run("completion", "bash", cwd=tmp_path).stdout)
    parts = words.split(" ")
    line = f'source {script}; COMP_WORDS=({" ".join(repr(p) for p in parts)}); COMP_CWORD={len(parts) - 1}; _auditor; printf "%s\\n" "${{COMPREPLY[@]}}"'
    return sorted(subprocess.run(["bash", "-c", line], capture_output=True, text=True, cwd=tmp_path, check=True).stdout.split())


@pytest.mark.skipif(os.name != "posix", reason="bash")
def test_bash_completion_completes_commands_and_their_options(tmp_path):
    assert complete("auditor rep", tmp_path) == ["report"]
    assert complete("auditor ex", tmp_path) == ["example", "exercise"]
    assert complete("auditor report --out", tmp_path) == ["--out-dir", "--output"]
    assert complete("auditor cycle s", tmp_path) == ["set-review"]
    assert complete("auditor --lang es score --j", tmp_path) == ["--json"]


def test_zsh_and_fish_scripts_name_every_command(tmp_path):
    for shell in ("zsh", "fish"):
        done = run("completion", shell, cwd=tmp_path)
        assert done.returncode == 0
        for name in ("score", "example", "completion", "set-review"):
            assert name in done.stdout


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    run_command, test_command = blocks[0], blocks[1]
    assert "\n" not in run_command and "\n" not in test_command
    assert run_command.endswith("auditor score example:mutual-aid")
    assert "--require-hashes -r requirements/test.lock" in test_command
    assert test_command in ci.splitlines()


def test_docs_prints_one_document(tmp_path):
    done = run("docs", "formats", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == (examples.examples_folder().parent / "docs" / "formats.md").read_text(encoding="utf-8")
    missing = run("docs", "nope.md", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.md" in missing.stderr and "formats.md" in missing.stderr


def test_plain_open_of_the_checkouts_example_answers_into_a_private_copy(tmp_path):
    example = ROOT / "examples" / "mutual-aid.yaml"
    before = example.read_bytes(), example.stat().st_mode
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": "", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "open", str(example)], input="1\nq\n", capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (example.read_bytes(), example.stat().st_mode) == before
    copies = list(tmp_path.rglob("mutual-aid*.yaml"))
    assert len(copies) == 1 and str(copies[0]) in done.stdout
    assert copies[0].read_bytes() != before[0]  # the answer went to the copy
