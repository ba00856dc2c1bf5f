"""A generated corpus of hostile input files, and a worker that runs every command over it.

Nothing here is checked in as data: ``generate(folder)`` writes the corpus
(about 1,500 files: audits, rulesets, checklists, catalogs, cycle summaries,
age files, and things that are not files at all) from the shipped examples and
content, by replacing one field at a time with a hostile value, plus duplicate
keys, special files (FIFO, folder, symlink loop, /dev/zero), size and count
bombs and hostile age headers.

``run(cases, ...)`` drives ``auditor.cli.main`` in this one process (many
inputs, one process: fast) with a timeout per run, and returns one record per
run: exit code, seconds, whether the message names the file. Run as a script
it first limits its own memory with ``resource.setrlimit`` and prints a JSON
summary; tests/test_hostile_corpus.py and scripts/hostile_probe.py use it.

    python tests/hostile_corpus.py --all            # every file through every command
    python tests/hostile_corpus.py --sample 7       # a deterministic sample (the test suite's)
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import resource
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTINEL = "HOSTILE_VALUE_SENTINEL"
PASSPHRASE = "corpus passphrase"

# Raw YAML text put in place of one value at a time.
VALUES = {
    "huge-int": "1" + "0" * 5000,
    "long-int": "9" * 4000,
    "big-int": "123456789012345678901234567890",
    "hex-int": "0x" + "f" * 40,
    "negative": "-5",
    "zero": "0",
    "nan": ".nan",
    "inf": ".inf",
    "neg-inf": "-.inf",
    "float": "2.5",
    "big-float": "1.0e+300",  # YAML 1.1 needs the sign: 1.0e300 is text
    "text": "garbage",
    "empty-text": "''",
    "null": "null",
    "list": "[1, 2]",
    "nested-list": "[[a, b]]",
    "map": "{a: 1}",
    "map-of-lists": "{a: [1], b: {c: .nan}}",
    "bool": "true",
    "bad-date": "2024-02-30",
    "far-date": "'9999-12-31'",
    "timestamp-tag": "!!timestamp 2024-13-01",
    "control": '"\\e]0;HIJACK\\a"',
    "binary": "!!binary aGVsbG8=",
    "set": "!!set {a, b}",
}

# Values that must never be accepted, wherever they are: exit 2 is required.
MUST_REFUSE = {"huge-int", "long-int", "big-int", "hex-int", "nan", "inf", "neg-inf", "big-float", "timestamp-tag", "control"}

AUDIT_PATHS = [
    ("title",), ("created",), ("updated",), ("format",), ("kind",), ("cycle",), ("profile",), ("profile_notes",),
    ("profile_carried_over",), ("tools",), ("plan",), ("progress",), ("ruleset",), ("history",),
    ("cycle", "number"), ("cycle", "started"), ("cycle", "review_every_months"), ("cycle", "review_due"), ("cycle", "previous"),
    ("profile", "team_size"), ("profile", "serves"), ("profile", "formation"),
    ("tools", 0), ("tools", 0, "id"), ("tools", 0, "name"), ("tools", 0, "catalog"), ("tools", 0, "category"),
    ("tools", 0, "answers"), ("tools", 0, "answers", "people_with_access"), ("tools", 0, "answers", "data_kinds"),
    ("tools", 0, "notes"), ("tools", 0, "carried_over"),
    ("plan", "agreed"), ("plan", "whatif"), ("progress", "screen"), ("progress", "tool"),
    ("ruleset", "rulesets"), ("ruleset", "fingerprint"), ("ruleset", "rules"),
    ("history", 0), ("history", 0, "scores"), ("history", 0, "scores", "subpoena"), ("history", 0, "points"),
    ("history", 0, "points", "subpoena"), ("history", 0, "cycle"), ("history", 0, "date"), ("history", 0, "findings"),
    ("history", 0, "tools"), ("history", 0, "ruleset"),
]
SUMMARY_PATHS = [
    ("summary",), ("summary", "scores"), ("summary", "scores", "subpoena"), ("summary", "points", "subpoena"),
    ("summary", "cycle"), ("summary", "date"), ("summary", "findings"), ("summary", "ruleset"),
    ("summary", "ruleset", "rulesets"), ("cycle", "number"), ("cycle", "started"), ("forgotten",), ("history",),
]
RULESET_PATHS = [
    ("threats", 0, "scale"), ("threats", 0, "order"), ("threats", 0, "id"), ("threats",), ("rules",),
    ("rules", 0, "severity"), ("rules", 0, "threats"), ("rules", 0, "when"), ("rules", 0, "amplify", 0, "factor"),
    ("rules", 0, "amplify", 0, "when"), ("rules", 0, "id"), ("version",),
]
CHECKLIST_PATHS = [("sections",), ("sections", 0, "questions", 0, "id"), ("sections", 0, "questions", 0, "type"), ("sections", 0, "questions", 0, "choices")]
CATALOG_PATHS = [("tools",), ("tools", 0, "id"), ("tools", 0, "facts"), ("tools", 0, "category")]


@dataclass
class Case:
    name: str
    path: Path
    kind: str  # audit, summary, ruleset, checklist, catalog, age, special
    value: str = ""  # which hostile value (MUST_REFUSE decides whether exit 0 is allowed)
    must_refuse: bool = True
    commands: list[list[str]] = field(default_factory=list)


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    if isinstance(node, list) and path[-1] >= len(node):
        node.append(value)
    else:
        node[path[-1]] = value


def _has(data, path) -> bool:
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, (dict, list))


def _mutations(base: dict, paths, kind: str, folder: Path, stem: str, suffix: str = ".yaml") -> list[Case]:
    from auditor.content import yamlio

    out = []
    for path in paths:
        if not _has(base, path):
            continue
        for vname, raw in VALUES.items():
            data = copy.deepcopy(base)
            _set(data, path, SENTINEL)
            text = yamlio.dump(data).replace(SENTINEL, raw, 1)
            label = "-".join(map(str, path))
            f = folder / f"{stem}--{label}--{vname}{suffix}"
            f.write_text(text)
            out.append(Case(f.name, f, kind, vname, vname in MUST_REFUSE))
    return out


def _duplicates(folder: Path, audit_text: str, ruleset_text: str) -> list[Case]:
    cases = []
    dups = {
        "dup-title": audit_text.replace("\ntitle:", "\ntitle: first\ntitle:", 1),
        "dup-kind": audit_text.replace("kind: audit", "kind: audit\nkind: audit", 1),
        "dup-tools": audit_text + "tools: []\n",
        "dup-answer": audit_text.replace("    recording: sometimes", "    recording: sometimes\n    recording: never", 1),
        "dup-cycle-number": audit_text.replace("  number: 2", "  number: 2\n  number: 3", 1),
        "dup-quoted": audit_text.replace("\ntitle:", "\n'title': first\ntitle:", 1),
    }
    for name, text in dups.items():
        f = folder / f"audit--{name}.yaml"
        f.write_text(text)
        cases.append(Case(f.name, f, "audit", name))
    f = folder / "ruleset--dup-scale.yaml"
    f.write_text(ruleset_text.replace("    scale: 30", "    scale: 30\n    scale: 1", 1))
    cases.append(Case(f.name, f, "ruleset", "dup-scale"))
    return cases


def _age(folder: Path) -> list[Case]:
    header = b"age-encryption.org/v1\n-> scrypt bm90IGEgcmVhbCBzYWx0 %s\nAAAA\n--- AAAA\n" + b"\0" * 64
    cases = []
    for name, wf in {"wf22": b"22", "wf30": b"30", "wf-digits": b"9" * 5000, "wf-neg": b"-1", "wf-text": b"x"}.items():
        f = folder / f"age--{name}.yaml.age"
        f.write_bytes(header % wf)
        cases.append(Case(f.name, f, "age", name))
    f = folder / "age--x25519.yaml.age"
    f.write_bytes(b"age-encryption.org/v1\n-> X25519 AAAA\nAAAA\n--- AAAA\n" + b"\0" * 32)
    cases.append(Case(f.name, f, "age", "x25519"))
    f = folder / "age--plaintext-named-age.yaml.age"
    f.write_text("kind: audit\nformat: 1\nprofile: {}\ntools: []\n")
    cases.append(Case(f.name, f, "age", "not-age"))
    f = folder / "age--age-named-yaml.yaml"
    f.write_bytes(header % b"18")
    cases.append(Case(f.name, f, "age", "age-as-yaml"))
    f = folder / "age--armored-garbage.yaml.age"
    f.write_text("-----BEGIN AGE ENCRYPTED FILE-----\n!!!not base64!!!\n-----END AGE ENCRYPTED FILE-----\n")
    cases.append(Case(f.name, f, "age", "armor"))
    f = folder / "age--truncated.yaml.age"
    f.write_bytes(b"age-encryption.org/v1\n-> scrypt")
    cases.append(Case(f.name, f, "age", "truncated"))
    f = folder / "age--huge-header.yaml.age"
    f.write_bytes(b"age-encryption.org/v1\n" + b"-> scrypt a 18\n" * 100_000)
    cases.append(Case(f.name, f, "age", "huge-header"))
    return cases


def _special(folder: Path, audit_text: str) -> list[Case]:
    cases = []

    def add(name, path, value=""):
        cases.append(Case(name, path, "special", value or name))

    fifo = folder / "special--fifo.yaml"
    os.mkfifo(fifo)
    add("fifo", fifo)
    d = folder / "special--folder.yaml"
    d.mkdir()
    add("folder", d)
    loop = folder / "special--loop.yaml"
    loop.symlink_to(loop.name)
    add("symlink-loop", loop)
    for dev in ("/dev/zero", "/dev/urandom", "/dev/null"):
        link = folder / f"special--{Path(dev).name}.yaml"
        link.symlink_to(dev)
        add(Path(dev).name, link)
    for name, data in {
        "empty": b"",
        "binary": bytes(range(256)) * 4,
        "latin1": "title: caf\xe9\n".encode("latin-1"),
        "nul": b"kind: audit\0\n",
        "only-comment": b"# nothing\n",
        "scalar": b"just text\n",
        "list": b"- 1\n- 2\n",
        "big": b"kind: audit\nnotes: " + b"x" * (6 * 1024 * 1024) + b"\n",
        "deep": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "items-500k": b"kind: audit\nformat: 1\nprofile: {}\ntools: []\nplan:\n  agreed: [" + b",".join(b"x%d" % i for i in range(500_000)) + b"]\n",
        "bomb": (
            b"kind: audit\nformat: 1\nprofile: {}\ntools: []\nhistory:\n  - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + b"".join(b"  - &a%d [" % i + b", ".join([b"*a%d" % (i - 1)] * 9) + b"]\n" for i in range(1, 9))
        ),
    }.items():
        f = folder / f"special--{name}.yaml"
        f.write_bytes(data)
        add(name, f)
    # 20,000 tools: a valid-looking audit far beyond any group's inventory.
    tools = "".join(f"- id: t{i}\n  name: Tool {i}\n  catalog: signal\n  answers: {{people_with_access: {i % 50}}}\n" for i in range(20_000))
    f = folder / "special--tools-20k.yaml"
    f.write_text("kind: audit\nformat: 1\nprofile: {}\ntools:\n" + tools)
    add("tools-20k", f)
    # A valid audit whose file name would drive the terminal.
    f = folder / "special--\x1b]0;HIJACK\x07.yaml"
    f.write_text(audit_text)
    cases.append(Case("escape-name", f, "special", "escape-name", must_refuse=False))
    return cases


def _base_summary(folder: Path) -> Path:
    from auditor.cli import main

    src = folder / "_base-cycle-1.yaml"
    shutil.copy(ROOT / "examples" / "mutual-aid-cycle-1.yaml", src)
    out = folder / "_base-summary.yaml"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["cycle", "forget", str(src), "-o", str(out), "--yes"]) == 0
    return out


def generate(folder: Path) -> list[Case]:
    """Write the corpus into ``folder`` (which must be empty) and return its cases."""
    from auditor.content.yamlio import parse

    class yaml:  # noqa: N801 - the loader auditor itself uses (libyaml reads what the shipped files contain)
        safe_load = staticmethod(lambda text: parse(text, "corpus base"))

    folder.mkdir(parents=True, exist_ok=True)
    audit_text = (ROOT / "examples" / "mutual-aid-cycle-2.yaml").read_text()
    ruleset_text = (ROOT / "rulesets" / "mandated_reporters.yaml").read_text()
    audit = yaml.safe_load(audit_text)
    ruleset = yaml.safe_load(ruleset_text)
    ruleset["ruleset"] = "corpus"  # an extra rule file must not clash with the shipped one
    for rule in ruleset["rules"]:
        rule["id"] = "C" + rule["id"]
    ruleset["rules"].sort(key=lambda r: "amplify" not in r)
    cases = _mutations(audit, AUDIT_PATHS, "audit", folder, "audit")
    summary = yaml.safe_load(_base_summary(folder).read_text())
    cases += _mutations(summary, SUMMARY_PATHS, "summary", folder, "summary")
    cases += _mutations(ruleset, RULESET_PATHS, "ruleset", folder, "ruleset")
    checklist = yaml.safe_load((ROOT / "checklists" / "profile.yaml").read_text())
    cases += _mutations(checklist, CHECKLIST_PATHS, "checklist", folder, "checklist")
    catalog = yaml.safe_load((ROOT / "catalog" / "tools.yaml").read_text())
    catalog["tools"] = catalog["tools"][:3]
    cases += _mutations(catalog, CATALOG_PATHS, "catalog", folder, "catalog")
    cases += _duplicates(folder, audit_text, ruleset_text)
    cases += _age(folder)
    cases += _special(folder, audit_text)
    return cases


# -- running ----------------------------------------------------------------------

BASE_AUDIT = ROOT / "examples" / "mutual-aid-cycle-2.yaml"

# diff and history refuse to print an encrypted file without --plaintext, before reading it: with the
# flag, a hostile .age file reaches the reader, which is what the corpus tests.
COMMANDS = {
    "audit": [
        ["validate", "{f}"], ["score", "{f}"], ["score", "--json", "{f}"], ["report", "{f}", "-f", "json", "-o", "{out}.json"],
        ["report", "{f}", "-f", "md", "-o", "{out}.md"], ["diff", "{base}", "{f}", "--plaintext"], ["history", "{f}", "{base}", "--plaintext"],
        ["cycle", "new", "{f}", "-o", "{out}.yaml"], ["cycle", "confirm", "--all", "{copy}"],
        ["cycle", "set-review", "{copy}", "--every", "3"], ["cycle", "forget", "{copy}", "--yes"],
        ["cycle", "forget", "{f}", "-o", "{out}.yaml", "--yes"],
    ],
    "summary": [["validate", "{f}"], ["history", "{f}", "--plaintext"], ["diff", "{f}", "{base}", "--plaintext"], ["score", "{f}"]],
    "ruleset": [["validate", "{f}"], ["score", "--rules", "{f}", "{base}"], ["score", "--json", "--rules", "{f}", "{base}"]],
    "checklist": [["validate", "{f}"]],
    "catalog": [["validate", "{f}"]],
}
COMMANDS["age"] = COMMANDS["audit"] + [["encrypt", "{copy}"], ["forget", "{copy}", "--yes"]]
COMMANDS["special"] = COMMANDS["audit"] + [["encrypt", "{copy}"], ["rules", "--rules", "{f}"]]


@dataclass
class Run:
    case: str
    kind: str
    value: str
    must_refuse: bool
    argv: list[str]
    code: int
    seconds: float
    names_file: bool
    stderr: str


def _argv(template: list[str], case: Case, work: Path, n: int) -> tuple[list[str], Path]:
    out = []
    target = case.path
    copy_path = None
    for part in template:
        if part == "{copy}":
            copy_path = work / f"copy-{n}{''.join(case.path.suffixes[-2:]) or '.yaml'}"
            if case.path.is_file() and not case.path.is_symlink():
                shutil.copy(case.path, copy_path)
                part = target = copy_path
            else:
                part = str(case.path)  # special files are used in place: nothing can write through them
        out.append(str(part).replace("{f}", str(case.path)).replace("{out}", str(work / f"out-{n}")).replace("{base}", str(BASE_AUDIT)))
    return out, Path(target)


class _Timeout(BaseException):
    pass


def _cached_content():
    """The shipped content loaded once for the whole corpus (every run would load the same)."""
    from auditor.content import loader, validate

    real = loader.load_content
    cache = {}

    def load(extra_rules=(), files=None):
        if extra_rules or files is not None:
            return real(extra_rules=extra_rules, files=files)
        if "c" not in cache:
            cache["c"] = real()
        return cache["c"]

    loader.load_content = load
    validate.load_content = load


def run(cases: list[Case], work: Path, timeout: int = 10, commands: dict | None = None) -> list[Run]:
    from auditor.cli import main
    from auditor.errors import shown

    commands = commands or COMMANDS
    os.environ["AUDITOR_PASSPHRASE"] = PASSPHRASE
    work.mkdir(parents=True, exist_ok=True)
    old = signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(_Timeout()))
    here = os.getcwd()
    os.chdir(work)  # default report folders land here
    _cached_content()
    runs: list[Run] = []
    n = 0
    try:
        for case in cases:
            for template in commands[case.kind]:
                if template[0] == "encrypt" and not case.must_refuse:
                    continue  # a valid file would really be encrypted: seconds of scrypt, not input handling
                n += 1
                argv, target = _argv(template, case, work, n)
                err = io.StringIO()
                start = time.perf_counter()
                signal.alarm(timeout)
                try:
                    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                        code = main(argv)
                except _Timeout:
                    code = -1
                except SystemExit as exc:  # argparse
                    code = exc.code if isinstance(exc.code, int) else 2
                except BaseException as exc:  # noqa: BLE001 - a traceback is what we are looking for
                    code = -2
                    err.write(f"escaped: {type(exc).__name__}: {exc}")
                finally:
                    signal.alarm(0)
                seconds = time.perf_counter() - start
                if os.environ.get("CORPUS_VERBOSE"):
                    print(f"{code:3} {seconds:6.2f}s {' '.join(argv)[-100:]!r}", file=sys.__stderr__, flush=True)
                text = err.getvalue()
                names = shown(target) in text or shown(target.name) in text
                runs.append(Run(case.name, case.kind, case.value, case.must_refuse, argv, code, seconds, names, text[-400:]))
    finally:
        os.chdir(here)
        signal.signal(signal.SIGALRM, old)
    return runs


def limit_memory(gigabytes: float = 2.0) -> None:
    """Cap this process's address space: a run that tries to take more fails instead of swapping."""
    cap = int(gigabytes * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def verdicts(runs: list[Run]) -> dict[str, list[Run]]:
    """Runs grouped by what is wrong with them (empty lists: all is well)."""
    return {
        "exit-70": [r for r in runs if r.code == 70],
        "escaped": [r for r in runs if r.code == -2],
        "timeout": [r for r in runs if r.code == -1],
        "slow": [r for r in runs if r.seconds > 10],
        "other-code": [r for r in runs if r.code not in (0, 2, 70, -1, -2)],
        # `forget` deletes the user's own (hostile) age file on request: that is not accepting its content.
        "accepted-hostile": [r for r in runs if r.code == 0 and r.must_refuse and r.argv[0] != "forget"],
        "unnamed": [r for r in runs if r.code == 2 and not r.names_file],
        "traceback": [r for r in runs if "Traceback" in r.stderr],
    }


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--all", action="store_true", help="every case (default: a sample)")
    p.add_argument("--sample", type=int, default=7, help="seed of the deterministic sample")
    p.add_argument("--size", type=int, default=120, help="how many mutated files in the sample (special and age files are always in)")
    p.add_argument("--memory-gb", type=float, default=2.0)
    p.add_argument("--timeout", type=int, default=10)
    args = p.parse_args(argv)
    limit_memory(args.memory_gb)
    with tempfile.TemporaryDirectory(prefix="auditor-corpus-") as tmp:
        cases = generate(Path(tmp) / "corpus")
        chosen = cases if args.all else sample(cases, args.size, args.sample)
        start = time.perf_counter()
        runs = run(chosen, Path(tmp) / "work", args.timeout)
        total = time.perf_counter() - start
        bad = verdicts(runs)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report = {
            "files": len(chosen),
            "corpus": len(cases),
            "runs": len(runs),
            "seconds": round(total, 1),
            "slowest": round(max((r.seconds for r in runs), default=0), 2),
            "slowest_run": max(runs, key=lambda r: r.seconds).argv if runs else None,
            "peak_rss_mb": round(peak_mb),
            "exit_codes": {str(c): sum(1 for r in runs if r.code == c) for c in sorted({r.code for r in runs})},
            "problems": {k: [{"argv": r.argv, "code": r.code, "stderr": r.stderr} for r in v[:40]] for k, v in bad.items() if v},
            "counts": {k: len(v) for k, v in bad.items()},
        }
    print(json.dumps(report, indent=1, ensure_ascii=True))
    return 1 if any(bad.values()) else 0


def sample(cases: list[Case], size: int, seed: int) -> list[Case]:
    """Every special and age case, plus ``size`` mutated files chosen with ``seed`` (at least one per hostile value)."""
    rng = random.Random(seed)
    fixed = [c for c in cases if c.kind in ("special", "age") or c.name.startswith(("audit--dup", "ruleset--dup"))]
    rest = [c for c in cases if c not in fixed]
    by_value: dict[str, list[Case]] = {}
    for c in rest:
        by_value.setdefault(c.value, []).append(c)
    picked = [rng.choice(v) for v in by_value.values()]
    others = [c for c in rest if c not in picked]
    picked += rng.sample(others, max(0, min(len(others), size - len(picked))))
    return fixed + picked


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
