"""Hostile input: bombs, huge and deep files, wrong types everywhere, markup in every field, fuzzing.

The contract: whatever the file, loading raises InputError (file, line, field,
message; exit 2) or succeeds. Nothing else escapes, and the CLI never prints a
traceback. Refusals happen before the expensive step (checked structurally: the
YAML loader or the file read is never reached), not by timing.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.content import yamlio
from auditor.audits.model import dump_audit, load_audit, parse_audit
from auditor.cli import main
from auditor.content.loader import examples_dir, load_content, shipped_files
from auditor.errors import InputError

EXAMPLE = examples_dir() / "peer-network.yaml"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def content():
    return load_content()


def billion_laughs(levels: int = 9) -> str:
    text = "kind: audit\nformat: 1\nprofile: {}\ntools: []\nhistory:\n"
    text += '  - &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for i in range(1, levels):
        text += f"  - &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    return text


@pytest.fixture
def no_yaml_load(monkeypatch):
    """Fail if anything gets as far as building Python objects from YAML."""

    def refuse(*args, **kwargs):
        raise AssertionError("the YAML loader was reached")

    monkeypatch.setattr(yaml, "load", refuse)


def test_billion_laughs_is_refused_before_loading(tmp_path, no_yaml_load, capsys):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs())
    assert billion_laughs().count("*") < yamlio.MAX_ALIASES  # the alias count alone would let it through
    with pytest.raises(InputError, match="aliases would expand") as err:
        yamlio.load(bomb)
    (problem,) = err.value.problems
    assert problem.file == str(bomb) and problem.line is not None
    for argv in (["validate", str(bomb)], ["score", str(bomb)]):
        assert main(argv) == 2
        assert f"auditor: {bomb}:" in capsys.readouterr().err


def test_a_few_aliases_are_still_fine():
    data = yamlio.parse("base: &b {x: 1}\none: *b\ntwo: *b\n", "ok.yaml")
    assert data["one"] == data["two"] == {"x": 1}


def test_six_megabyte_file_is_refused_without_reading_it(tmp_path, monkeypatch, capsys):
    big = tmp_path / "big.yaml"
    big.write_text("kind: audit\nnotes: " + "x" * (6 * 1024 * 1024) + "\n")

    real_text, real_bytes = Path.read_text, Path.read_bytes

    def guard(real):
        def read(self, *args, **kwargs):
            assert self.name not in ("big.yaml", "big.yaml.age"), "the file was read"
            return real(self, *args, **kwargs)

        return read

    monkeypatch.setattr(Path, "read_text", guard(real_text))
    monkeypatch.setattr(Path, "read_bytes", guard(real_bytes))
    assert main(["validate", str(big)]) == 2
    assert capsys.readouterr().err.startswith(f"auditor: {big}: file is {big.stat().st_size} bytes; the limit is")
    assert main(["score", str(big)]) == 2
    capsys.readouterr()
    # An encrypted file of that size is refused before decryption, too.
    big_age = tmp_path / "big.yaml.age"
    big.rename(big_age)
    assert main(["score", str(big_age)]) == 2
    assert f"auditor: {big_age}: file is" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "- " * 100_000 + "x", "{a: " * 50_000, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 300))],
    ids=["flow-seq", "block-seq", "flow-map", "block-map"],
)
def test_deep_nesting_is_refused(text, no_yaml_load):
    # Refused before anything is built, with the file and a line; the words may be ours or PyYAML's (newer
    # releases cap nesting in their own scanner, at a depth of their choosing), so only the behaviour is held.
    with pytest.raises(InputError) as err:
        yamlio.parse(text, "deep.yaml")
    (problem,) = err.value.problems
    assert problem.file == "deep.yaml" and problem.line is not None and problem.message


def test_deep_nesting_never_crashes_the_cli(tmp_path):
    # 100,000 levels used to segfault the C composer; in a subprocess so a crash cannot take pytest down.
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    before = sorted(tmp_path.iterdir())
    for command in ("validate", "score"):
        proc = subprocess.run([sys.executable, "-m", "auditor", command, str(deep)], capture_output=True, text=True)
        assert proc.returncode == 2, proc
        assert proc.stderr.startswith(f"auditor: {deep}:1:"), proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) <= 3, proc.stderr
    assert sorted(tmp_path.iterdir()) == before  # nothing written beside it


@pytest.mark.parametrize("escape", ["\\e[31m", "\\x1b]0;pwned\\a", "\\x9b2J", "\\0", "\\x7f"])
def test_terminal_control_characters_are_refused(escape, content):
    text = f'kind: audit\nformat: 1\nprofile: {{}}\ntools: []\ntitle: "spring {escape}"\n'
    with pytest.raises(InputError, match="control character") as err:
        parse_audit(yamlio.parse(text, "t.yaml"), text, "t.yaml", content)
    assert err.value.problems[0].line == 5 and err.value.problems[0].field == "title"


# -- wrong types everywhere -------------------------------------------------------

WRONG = [None, True, 0, -1, 2.5, float("nan"), "", "text", [], ["a", 1], {}, {"k": [1]}, [[[]]]]


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))


def _set(data, path, value):
    data = copy.deepcopy(data)
    if not path:
        return value
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def _parse_or_input_error(data, content):
    text = yamlio.dump(data) if isinstance(data, (dict, list)) else None
    try:
        parse_audit(data, text, "fuzz.yaml", content)
    except InputError as exc:
        assert exc.problems and all(p.file == "fuzz.yaml" and p.message for p in exc.problems)


def test_wrong_types_everywhere_in_an_audit(content):
    base, _ = yamlio.load(EXAMPLE)
    paths = list(_paths(base))
    assert len(paths) > 30
    for path in paths:
        for value in (None, True, 2.5, "text", [], {}, ["a", 1]):
            _parse_or_input_error(_set(base, path, value), content)


def _content_files():
    return [p for p in shipped_files()]


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_wrong_types_in_content_files(tmp_path_factory, data):
    files = _content_files()
    victim = data.draw(st.sampled_from(files))
    raw, _ = yamlio.load(victim)
    path = data.draw(st.sampled_from(list(_paths(raw))))
    value = data.draw(st.sampled_from(WRONG))
    folder = tmp_path_factory.mktemp("content")
    broken = folder / victim.name
    broken.write_text(yamlio.dump(_set(raw, path, value)))
    try:
        load_content(files=[f for f in files if f != victim] + [broken])
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


# -- markup and HTML in every user-entered field ---------------------------------

HOSTILE = ["[bold red]x[/]", "[/", "<script>alert(1)</script>", "| a | b |", "`code` **bold** _i_", "${HOME} $(rm -rf ~)", "&amp; &lt;", "{{ x }}"]


def test_markup_and_html_are_shown_literally(tmp_path, content, capsys):
    audit = load_audit(EXAMPLE, content)
    marks = {}
    audit.title = "title " + " ".join(HOSTILE)
    audit.profile_notes = "notes " + " ".join(HOSTILE)
    for i, tool in enumerate(audit.tools):
        tool.name = f"tool{i} " + HOSTILE[i % len(HOSTILE)]
        tool.notes = " ".join(HOSTILE)
        marks[tool.id] = tool.name
    path = tmp_path / "hostile.yaml"
    path.write_text(dump_audit(audit))
    assert load_audit(path, content).to_dict() == audit.to_dict()  # the file keeps every byte
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert audit.title in out
    for name in marks.values():
        assert name in out
    assert main(["score", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["audit"]["title"] == audit.title
    assert main(["validate", str(path)]) == 0


# -- fuzzing the loaders ------------------------------------------------------------

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_yaml_parse_only_raises_input_error(text):
    try:
        yamlio.parse(text, "fuzz.yaml")
    except InputError as exc:
        assert exc.problems[0].file == "fuzz.yaml"


yaml_ish = st.text(alphabet=st.sampled_from(list("ab:-[]{},&*!|>'\"#?\n \t\\0x1e%@`")), max_size=120)


@FUZZ
@given(yaml_ish)
def test_fuzz_yaml_syntax_soup(text):
    try:
        yamlio.parse(text, "fuzz.yaml")
    except InputError:
        pass


@FUZZ
@given(json_like)
def test_fuzz_parse_audit_on_any_structure(content, data):
    _parse_or_input_error(data, content)


@FUZZ
@given(st.data())
def test_fuzz_parse_audit_on_mutated_audits(content, data):
    base, _ = yamlio.load(EXAMPLE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(base))))
        base = _set(base, path, data.draw(json_like))
    _parse_or_input_error(base, content)


@settings(FUZZ, max_examples=60)
@given(st.data())
def test_fuzz_audit_files_through_the_cli(tmp_path_factory, data):
    base, _ = yamlio.load(EXAMPLE)
    path = data.draw(st.sampled_from(list(_paths(base))))
    mutated = _set(base, path, data.draw(json_like))
    file = tmp_path_factory.mktemp("cli") / "fuzz.yaml"
    file.write_text(yamlio.dump(mutated))
    rc = main(["score", "--json", str(file)])
    assert rc in (0, 2)
