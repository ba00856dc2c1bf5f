"""Issue 16: hostile files and hard kills, second pass.

Each test here failed before its fix: duplicate keys were silently accepted,
NaN and 5,000-digit numbers became exit 70, a FIFO hung, `forget` deleted files
that were not its own, and a killed `cycle forget` left zero bytes.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from auditor.audits import cycles, storage
from auditor.cli import main
from auditor.content import yamlio
from auditor.content.loader import content_root, examples_dir, load_content
from auditor.errors import InputError

CYCLE1 = examples_dir() / "mutual-aid-cycle-1.yaml"
CYCLE2 = examples_dir() / "mutual-aid-cycle-2.yaml"
AUDIT = "kind: audit\nformat: 1\nprofile: {}\ntools: []\n"


@pytest.fixture(scope="module")
def content():
    return load_content()


# -- YAML: duplicates, numbers, dates ----------------------------------------------------


def test_duplicate_keys_are_an_error_naming_both_lines():
    with pytest.raises(InputError) as err:
        yamlio.parse("kind: audit\ntitle: first\nformat: 1\ntitle: second\n", "a.yaml")
    (problem,) = err.value.problems
    assert problem.line == 4 and "line 2" in problem.message and "'title'" in problem.message


def test_quoted_and_plain_duplicates_are_the_same_key():
    with pytest.raises(InputError, match="duplicate key"):
        yamlio.parse("a: 1\n'a': 2\n", "a.yaml")


def test_merge_keys_are_not_duplicates():
    assert yamlio.parse("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", "a.yaml")["other"] == {"x": 1, "y": 2}


@pytest.mark.parametrize("raw", [".nan", ".NaN", ".inf", "-.inf", "1.0e+400", "1" + "0" * 5000, "9" * 4000, "0x" + "f" * 40, "123456789012345678901"])
def test_non_finite_and_huge_numbers_are_refused_with_their_line(raw):
    with pytest.raises(InputError) as err:
        yamlio.parse(f"kind: ruleset\nscale: {raw}\n", "r.yaml")
    assert err.value.problems[0].line == 2


def test_impossible_dates_are_located_errors_not_crashes():
    with pytest.raises(InputError, match="not a real date"):
        yamlio.parse("d: !!timestamp 2024-02-30\n", "a.yaml")
    assert yamlio.parse("d: 2024-02-30\n", "a.yaml") == {"d": "2024-02-30"}  # text; the schemas check dates


def test_nan_in_a_ruleset_or_history_is_exit_2_not_70(tmp_path, capsys):
    rules = tmp_path / "r.yaml"
    rules.write_text((content_root() / "rulesets" / "gossip.yaml").read_text().replace("scale: 30", "scale: .nan", 1))  # shipped content, installed or not
    assert main(["validate", str(rules)]) == 2
    audit = tmp_path / "a.yaml"
    audit.write_text(CYCLE2.read_text().replace("subpoena: ", "subpoena: .nan #", 1))
    for argv in (["history", str(audit)], ["score", "--json", str(audit)], ["diff", str(CYCLE1), str(audit)]):
        assert main(argv) == 2, argv
        assert str(audit) in capsys.readouterr().err


# -- the input gate ------------------------------------------------------------------------


def _specials(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    return {"named pipe": fifo, "folder": folder, "loops": loop, "character device": zero}


def test_gate_refuses_what_is_not_a_regular_file(tmp_path):
    for words, path in _specials(tmp_path).items():
        with pytest.raises(InputError, match=words):
            yamlio.read_input(path)
        assert not storage.is_encrypted(path)  # never opens a FIFO to look


def test_gate_reads_no_more_than_the_cap(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_bytes(b"x" * 100)
    assert len(yamlio.read_input(f, 100)) == 100
    with pytest.raises(InputError, match="limit is 99"):
        yamlio.read_input(f, 99)


def test_age_file_with_a_yaml_name_and_plain_file_with_an_age_name(tmp_path, capsys):
    age = tmp_path / "a.yaml"
    age.write_bytes(b"age-encryption.org/v1\n-> scrypt c2FsdA 18\nAAAA\n--- AAAA\n")
    plain = tmp_path / "b.yaml.age"
    plain.write_text(AUDIT)
    assert main(["validate", str(age)]) == 2  # read as the age file it is: it asks for the passphrase
    assert "passphrase" in capsys.readouterr().err
    with pytest.raises(InputError, match="rename it to end in .age"):  # where only plain YAML can go
        yamlio.read_text(age)
    assert main(["score", str(plain)]) == 2
    assert "not an age-encrypted file" in capsys.readouterr().err


@pytest.mark.parametrize("factor", [b"21", b"22", b"9" * 5000])
def test_scrypt_work_factor_above_what_we_write_is_refused_before_any_key(tmp_path, factor, monkeypatch):
    import pyrage

    monkeypatch.setattr(pyrage.passphrase, "decrypt", lambda *a: pytest.fail("scrypt was reached"))
    f = tmp_path / "a.yaml.age"
    f.write_bytes(b"age-encryption.org/v1\n-> scrypt c2FsdA " + factor + b"\nAAAA\n--- AAAA\n")
    with pytest.raises(InputError):
        storage.read_encrypted(f, "pw")


def test_age_header_without_an_end_or_with_many_scrypt_stanzas_is_refused(tmp_path, monkeypatch):
    import pyrage

    monkeypatch.setattr(pyrage.passphrase, "decrypt", lambda *a: pytest.fail("scrypt was reached"))
    for body in (b"-> scrypt a 18\n" * 10_000, b"-> scrypt a 18\n-> scrypt b 18\n--- x\n"):
        f = tmp_path / "a.yaml.age"
        f.write_bytes(b"age-encryption.org/v1\n" + body)
        with pytest.raises(InputError, match="damaged age file"):
            storage.read_encrypted(f, "pw")


def test_empty_folder_is_not_zero_files_valid(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "folder" in capsys.readouterr().err


def test_file_names_are_printed_with_control_characters_escaped(tmp_path, capsys):
    bad = tmp_path / "\x1b]0;HIJACK\x07.yaml"
    bad.write_text("kind: audit\n")
    assert main(["score", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;HIJACK\\x07.yaml" in err


def test_counts_and_lists_are_bounded(tmp_path):
    big = tmp_path / "a.yaml"
    big.write_text("kind: audit\nplan:\n  agreed: [" + ",".join("x" for _ in range(150_000)) + "]\n")
    with pytest.raises(InputError, match="more than 100,000 values"):
        yamlio.load(big)


def test_error_location_composes_the_file_once(monkeypatch, content):
    """A file with hundreds of problems is located from one position map, not one parse per problem."""
    calls = []
    real = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: calls.append(1) or real(*a, **k))
    yamlio._positions.cache_clear()
    tools = "".join(f"- id: t{i}\n  name: T\n  answers: {{bogus_{i}: x}}\n" for i in range(300))
    text = "kind: audit\nformat: 1\nprofile: {}\ntools:\n" + tools
    from auditor.audits.model import parse_audit

    with pytest.raises(InputError) as err:
        parse_audit(yamlio.parse(text, "a.yaml"), text, "a.yaml", content)
    problems = err.value.problems
    assert len(problems) == 21 and "280 more problems" in problems[-1].message  # shown: the first 20, and how many more
    assert problems[19].line == 5 + 3 * 19 + 2  # the answer's own line
    assert len(calls) == 1


# -- forget touches only what it made -------------------------------------------------------


def test_forget_refuses_a_file_that_is_not_an_audit(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    other = tmp_path / "budget.txt"
    other.write_text("not ours")
    assert main(["forget", str(other), "--yes"]) == 2
    assert other.read_text() == "not ours"
    assert "not an auditor audit" in capsys.readouterr().err


def test_forget_deletes_the_reports_recording_its_audit_id_whatever_their_names(tmp_path, monkeypatch, capsys, content):
    from auditor.audits.model import load_audit, save_audit

    monkeypatch.chdir(tmp_path)
    for name in ("md.yaml", "notes.yaml"):
        save_audit(load_audit(CYCLE2, content), tmp_path / name)  # the first save gives each file its id
    reports = tmp_path / "reports"
    for fmt in ("md", "html", "json", "csv"):
        for name in ("md.yaml", "notes.yaml"):
            assert main(["report", name, "-f", fmt]) == 0
    assert main(["report", "md.yaml", "-f", "md", "-o", "reports/budget.md"]) == 0  # renamed: still md's
    keep = {"meeting-notes.txt": "x", "x.md": "# notes", "2026-01-01-md-full.md": "# named like md's, no id"}
    for name, text in keep.items():
        (reports / name).write_text(text)
    notes_reports = sorted(p.name for p in reports.iterdir() if "notes-" in p.name)
    capsys.readouterr()
    assert main(["forget", "md.yaml", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "reports/2026-01-01-md-full.md: named like this audit's reports, but records no audit id" in out
    assert sorted(p.name for p in reports.iterdir()) == sorted(list(keep) + notes_reports)
    assert len(notes_reports) == 4
    assert main(["forget", "notes.yaml", "--yes"]) == 0
    assert sorted(p.name for p in reports.iterdir()) == sorted(keep)


def test_forget_opens_encrypted_reports_with_the_audit_passphrase_to_prove_them(tmp_path, monkeypatch, capsys, content, fast_age):
    from auditor.audits.model import load_audit, save_audit

    monkeypatch.chdir(tmp_path)
    save_audit(load_audit(CYCLE2, content), tmp_path / "a.yaml.age", passphrase="a passphrase")
    save_audit(load_audit(CYCLE2, content), tmp_path / "b.yaml.age", passphrase="a passphrase")
    assert main(["report", "a.yaml.age", "-f", "md"]) == 0
    assert main(["report", "b.yaml.age", "-f", "json"]) == 0  # same passphrase, another audit
    monkeypatch.setenv("AUDITOR_PASSPHRASE", "another one")
    assert main(["cycle", "set-review", "b.yaml.age", "--every", "3"]) == 2  # sanity: wrong passphrase is refused
    storage.write_encrypted(tmp_path / "reports" / "2026-01-01-a-full.html.age", "<p>", "another one")
    monkeypatch.setenv("AUDITOR_PASSPHRASE", "a passphrase")
    capsys.readouterr()
    assert main(["forget", "a.yaml.age", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "2026-01-01-a-full.html.age: encrypted with another passphrase" in out
    left = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert len(left) == 2 and any(n.endswith(".json.age") for n in left)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["b.yaml.age", "b.yaml.age.key"]


def test_forget_says_what_it_could_not_overwrite(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    audit = tmp_path / "a.yaml"
    audit.write_text(AUDIT)
    twin = tmp_path / "elsewhere.yaml"
    os.link(audit, twin)
    assert main(["forget", str(audit), "--yes"]) == 0
    out = capsys.readouterr()
    assert "hard link" in out.err and "overwrote 0" in out.out
    assert twin.read_text() == AUDIT  # the other name's bytes were not zeroed


# -- cycle forget is crash-safe ----------------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL at one step (nothing after it runs)."""


@pytest.mark.parametrize("step", ["link", "replace", "shred"])
def test_cycle_forget_killed_at_any_step_leaves_old_cycle_or_summary(tmp_path, monkeypatch, content, step):
    path = tmp_path / "c1.yaml"
    path.write_text(CYCLE1.read_text())
    original = path.read_bytes()
    audit = cycles.load_cycle_file(path, content)
    summary = cycles.reduce_to_summary(audit, content)
    real = {"link": os.link, "replace": os.replace, "shred": storage.shred}

    def die(*a, **k):
        raise Killed()

    target = {"link": (os, "link"), "replace": (os, "replace"), "shred": (storage, "shred")}[step]
    if step == "replace":
        calls = []
        # the first os.replace is the summary's own atomic write; kill at the swap
        monkeypatch.setattr(os, "replace", lambda *a, **k: die() if calls.append(1) or len(calls) > 1 else real["replace"](*a, **k))
    else:
        monkeypatch.setattr(*target, die)
    with pytest.raises(Killed):
        cycles.replace_with_summary(path, summary)
    monkeypatch.undo()
    data = path.read_bytes()
    assert data == original or yaml.safe_load(data)["kind"] == "audit-summary"
    # The next run finishes the job: no hidden copy of the old cycle remains.
    item = cycles.load_cycle_file(path, content)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c1.yaml"]
    if data != original:
        assert isinstance(item, cycles.CycleSummary)
    else:
        assert path.read_bytes() == original


def test_a_killed_summary_write_leaves_nothing_after_the_next_run(tmp_path, content):
    path = tmp_path / "c1.yaml"
    path.write_text(CYCLE1.read_text())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    (tmp_path / f"..summary-c1.yaml.{dead}.abcdefgh.tmp").write_text("half a summary")  # found by scripts/kill_loops.py
    cycles.load_cycle_file(path, content)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c1.yaml"]


# -- the generated corpus ------------------------------------------------------------------------


def test_hostile_corpus_sample_every_command_exit_2_and_names_the_file():
    """A sample of the generated corpus (every special file and age header, every hostile value,
    duplicate keys) through every command, in one process limited to 2 GB with setrlimit and a
    10 s alarm per run. The whole corpus: scripts/hostile_probe.sh."""
    corpus = Path(__file__).parent / "hostile_corpus.py"
    proc = subprocess.run(
        [sys.executable, str(corpus), "--size", "30", "--sample", "16"],
        capture_output=True, text=True, timeout=900, env=dict(os.environ, AUDITOR_DEBUG=""),
    )
    report = json.loads(proc.stdout)
    assert report["files"] >= 65 and report["runs"] >= 700
    assert report["counts"] == {k: 0 for k in report["counts"]}, json.dumps(report["problems"], indent=1)[:4000]


# -- numbers typed in the app ---------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [("3", 3), (" 12 ", 12), ("²", None), ("٣", None), ("1e3", None), ("-1", None), ("", None), ("9" * 20, None)])
def test_app_counts_are_parsed_the_way_the_core_parses_them(text, value):
    assert yamlio.parse_count(text) == value


def test_count_field_uses_the_core_parser():
    source = (Path(yamlio.__file__).parents[1] / "interview" / "answers.py").read_text()  # the app reads counts through it
    assert "parse_count(text)" in source and ".isdigit()" not in source


def test_score_json_never_prints_nan(tmp_path, capsys):
    assert main(["score", "--json", str(CYCLE2)]) == 0
    json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))


# -- encrypted audits get encrypted reports; folders are private ------------------------------------


@pytest.fixture
def fast_age(monkeypatch):
    """pyrage's passphrase (scrypt) encryption replaced by a fake with the same header shape, so
    tests do not spend seconds per file; keyed audits (X25519) stay real."""
    import base64
    import hashlib

    import pyrage

    def encrypt(data, pw):
        tag = hashlib.sha256(pw.encode()).hexdigest().encode()
        return storage.AGE_MAGIC + b"-> scrypt c2FsdA 10\nZmFrZQ\n--- " + tag + b"\n" + base64.b64encode(data)

    def decrypt(data, pw):
        head, _, body = data.partition(b"\n--- ")
        tag, _, payload = body.partition(b"\n")
        if tag != hashlib.sha256(pw.encode()).hexdigest().encode():
            raise pyrage.DecryptError("wrong passphrase")
        return base64.b64decode(payload)

    monkeypatch.setattr(pyrage.passphrase, "encrypt", encrypt)
    monkeypatch.setattr(pyrage.passphrase, "decrypt", decrypt)
    monkeypatch.setattr(storage, "_UNLOCKED", {})
    monkeypatch.setenv("AUDITOR_PASSPHRASE", "a passphrase")


def test_report_of_an_encrypted_audit_is_encrypted(tmp_path, monkeypatch, fast_age, content, capsys):
    from auditor.audits.model import load_audit, save_audit

    monkeypatch.chdir(tmp_path)
    audit = tmp_path / "group.yaml.age"
    save_audit(load_audit(CYCLE2, content), audit, passphrase="a passphrase")
    assert main(["report", str(audit), "-f", "md"]) == 0
    assert main(["report", str(audit), "-f", "md", "-o", "r.md"]) == 0
    written = sorted(p for p in (tmp_path / "reports").iterdir()) + [tmp_path / "r.md.age"]
    assert all(p.name.endswith(".md.age") and p.read_bytes().startswith(b"age-encryption.org") for p in written)
    assert stat.S_IMODE((tmp_path / "reports").stat().st_mode) == 0o700
    assert main(["report", str(audit), "-f", "md", "-o", "plain.md", "--plaintext"]) == 0
    plain = (tmp_path / "plain.md").read_text()
    assert "warning" in capsys.readouterr().err and "# Threat assessment report" in plain


def test_age_output_name_is_always_encrypted(tmp_path, monkeypatch, fast_age):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(CYCLE2), "-f", "md", "-o", "r.md.age"]) == 0
    assert (tmp_path / "r.md.age").read_bytes().startswith(b"age-encryption.org")


def test_folders_auditor_creates_are_private(tmp_path):
    storage.write_private(tmp_path / "a" / "b" / "f.yaml", "x")
    for d in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700


# -- encrypted autosave never says "saved" early --------------------------------------------------


def test_encrypted_autosave_reports_saved_only_when_the_file_landed(tmp_path, monkeypatch, content):
    from auditor.audits.model import load_audit
    from auditor.interview.session import Session

    session = Session(load_audit(CYCLE2, content), tmp_path / "a.yaml.age", content, passphrase="pw")
    monkeypatch.setattr(storage, "write_private", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    assert "No space left" in session.set_title("first")
    assert session.last_saved == "" and session.save_error  # nothing landed: never "saved"
    monkeypatch.undo()
    assert session.set_title("second") is None and session.last_saved and session.save_error is None
    assert load_audit(tmp_path / "a.yaml.age", content, "pw").title == "second"


def test_kill_9_sample_of_every_writing_command_leaves_sound_files():
    """A small sample of scripts/kill_loops.py (which does 200+ kills): SIGKILL each writing
    command at a random moment; the audit is the old one, a complete new one, or a complete
    summary, 0600, and the next run leaves no temp or half-forget file."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "kill_loops.py"
    proc = subprocess.run([sys.executable, str(script), "--kills", "14", "--seed", "3"], capture_output=True, text=True, timeout=600)
    report = json.loads(proc.stdout.split("\nrc")[0])
    assert report["runs"] == 14 and report["broken"] == 0, report["broken_runs"]


def test_each_audit_file_has_its_own_id_and_its_summary_keeps_it(tmp_path, content):
    """Per file, not per group: forgetting cycle 1 must not take cycle 2's reports."""
    import re

    from auditor.audits.model import load_audit, save_audit

    first = load_audit(CYCLE1, content)
    assert first.id == ""  # the shipped examples have none; the first save gives one
    save_audit(first, tmp_path / "c1.yaml")
    assert re.fullmatch(r"[0-9a-f]{32}", first.id)
    again = load_audit(tmp_path / "c1.yaml", content)
    save_audit(again, tmp_path / "c1.yaml")
    assert again.id == first.id
    nxt = cycles.start_next_cycle(again, content)
    save_audit(nxt, tmp_path / "c2.yaml")
    assert nxt.id and nxt.id != first.id
    summary = cycles.reduce_to_summary(again, content)
    cycles.replace_with_summary(tmp_path / "c1.yaml", summary)
    assert yaml.safe_load((tmp_path / "c1.yaml").read_text())["id"] == first.id


# -- an encrypted audit's report-like output is never printed in the clear by default ---------


def test_report_and_exercise_to_stdout_of_an_encrypted_audit_need_plaintext(tmp_path, monkeypatch, capsys, content, fast_age):
    from auditor.audits.model import load_audit, save_audit

    monkeypatch.chdir(tmp_path)
    audit = load_audit(CYCLE2, content)
    audit.title = "marker title 5e1"
    save_audit(audit, tmp_path / "a.yaml.age", passphrase="a passphrase")
    for argv in (["report", "a.yaml.age", "-f", "md", "-o", "-"], ["exercise", "a.yaml.age"], ["exercise", "a.yaml.age", "-o", "-"]):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert "marker title" not in out and "--plaintext" in err
        assert main(argv + ["--plaintext"]) == 0
        out, err = capsys.readouterr()
        assert "warning" in err and "plaintext" in err
    assert not (tmp_path / "reports").exists()
    # Written exercises of an encrypted audit are encrypted; a .age name always is.
    assert main(["exercise", "a.yaml.age", "-f", "html"]) == 0
    (written,) = (tmp_path / "reports").iterdir()
    assert written.name.endswith("-a-exercises.html.age") and storage.is_encrypted(written)
    assert main(["exercise", "a.yaml.age", "-f", "html", "--plaintext", "-o", "x.html.age"]) == 0
    assert storage.is_encrypted(tmp_path / "x.html.age")
    # score prints (it is what the user asked to see) but warns when stdout is not a terminal.
    assert main(["score", "a.yaml.age"]) == 0
    assert "is encrypted" in capsys.readouterr().err


def test_diff_and_history_of_an_encrypted_audit_need_plaintext(tmp_path, monkeypatch, capsys, content, fast_age):
    """diff and history print what an encrypted file holds (tool names, findings, the plan; scores): like
    report -o - and exercise, refused unless --plaintext, and then said on stderr. Refused before the
    file is decrypted, and named, whichever side it is on."""
    from auditor.audits.model import load_audit, save_audit

    monkeypatch.chdir(tmp_path)
    audit = load_audit(CYCLE2, content)
    audit.title = "marker title 5e2"
    for tool in audit.tools:
        tool.name = "marker tool 5e2"
    save_audit(audit, tmp_path / "a.yaml.age", passphrase="a passphrase")
    runs = (
        ["diff", str(CYCLE1), "a.yaml.age"], ["diff", "--json", "a.yaml.age", str(CYCLE1)],
        ["history", "a.yaml.age"], ["history", "--json", str(CYCLE1), "a.yaml.age"],
    )
    real_read = storage.read_encrypted
    for argv in runs:
        monkeypatch.setattr(storage, "read_encrypted", lambda *a: pytest.fail("decrypted before refusing"))
        assert main(argv) == 2, argv
        out, err = capsys.readouterr()
        assert out == "" and "a.yaml.age" in err and "--plaintext" in err and "Traceback" not in err
        assert "-o NAME.age" not in err  # these commands write no file: no option to offer
        monkeypatch.setattr(storage, "read_encrypted", real_read)
        assert main(argv + ["--plaintext"]) == 0, argv
        out, err = capsys.readouterr()
        assert "warning" in err and "a.yaml.age" in err and "plaintext" in err
        if argv[0] == "diff":
            assert "marker tool 5e2" in out or "marker title 5e2" in out
    # Plain files print as before, without a flag or a warning.
    assert main(["diff", str(CYCLE1), str(CYCLE2)]) == 0 and main(["history", str(CYCLE1)]) == 0
    assert capsys.readouterr().err == ""


def test_cycle_forget_of_a_keyed_audit_shreds_its_key_too(tmp_path, monkeypatch, content, fast_age):
    from auditor.audits.model import load_audit, save_audit

    path = tmp_path / "c1.yaml.age"
    save_audit(load_audit(CYCLE1, content), path, passphrase="a passphrase")
    old_copy = path.read_bytes()  # a backup of the old cycle
    assert main(["cycle", "forget", str(path), "--yes"]) == 0
    assert not storage.key_file_for(path).exists()
    assert cycles.load_cycle_file(path, content, "a passphrase").summary
    (tmp_path / "backup.yaml.age").write_bytes(old_copy)
    with pytest.raises(InputError, match="missing"):
        storage.read_encrypted(tmp_path / "backup.yaml.age", "a passphrase")


def test_forget_removes_a_keyed_audit_whose_key_file_is_lost(tmp_path, monkeypatch, content, fast_age):
    from auditor.audits.model import load_audit, save_audit

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.yaml.age"
    save_audit(load_audit(CYCLE1, content), path, passphrase="a passphrase")
    storage.key_file_for(path).unlink()
    assert main(["forget", str(path), "--yes"]) == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "work-factor-40", "no-key-inside", "huge", "not-age"])
def test_a_hostile_key_file_is_a_clear_exit_2(tmp_path, monkeypatch, capsys, content, fast_age, kind):
    from auditor.audits.model import load_audit, save_audit

    path = tmp_path / "a.yaml.age"
    save_audit(load_audit(CYCLE1, content), path, passphrase="a passphrase")
    key = storage.key_file_for(path)
    key.unlink()
    storage._UNLOCKED.clear()
    if kind == "fifo":
        os.mkfifo(key)
    elif kind == "work-factor-40":
        key.write_bytes(storage.AGE_MAGIC + b"-> scrypt c2FsdHNhbHRzYWx0c2FsdA 40\nAAAA\n--- AAAA\n")
    elif kind == "no-key-inside":
        storage.write_encrypted(key, "kind: audit\n", "a passphrase")
    elif kind == "huge":
        key.write_bytes(storage.AGE_MAGIC + b"-> scrypt c2FsdA 10\nAAAA\n--- AAAA\n" + b"\0" * (1 << 20))
    else:
        key.write_text("AGE-SECRET-KEY-1 in the clear\n")
    assert main(["score", str(path)]) == 2
    err = capsys.readouterr().err
    assert "a.yaml.age" in err and "internal error" not in err and "Traceback" not in err
