"""Per corpus group: the scores, the top five of the plan and what remains after it, for a closing note.

    python scripts/corpus_report.py [NAME ...] [--remains N] [--defects]

Reads ``tests/corpus/audits/`` (all groups, or the NAMEs given) through the one assessment every view
reads, and prints plain text the lead can paste. What remains is grouped by its reason, heaviest first.
``--defects`` adds, per group, the expectations marked as known defects in ``tests/corpus/expect/``: the
model's work list (``tests/test_corpus.py`` says whether each still fails).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from auditor.audits.model import load_audit
from auditor.content import yamlio
from auditor.content.loader import load_content
from auditor.engine.assessment import Assessment

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
AUDITS = CORPUS / "audits"
EXPECT = CORPUS / "expect"


def report(a: Assessment, name: str, remains: int) -> list[str]:
    c = a.content
    short = {t: c.threats[t].short for t in a.threats}
    lines = [f"## {name}: {a.audit.title}"]
    lines.append("scores (now -> after plan, remains): " + "; ".join(
        f"{short[t]} {s.score} -> {s.after_plan} ({s.residual})" for t, s in a.scores.items()))
    lines.append(f"top 5 of {len(a.plan)}:")
    for item in a.plan[:5]:
        p = item.proposal
        cuts = ", ".join(f"{short[t]} -{v}" for t, v in item.score_drop.items() if v)
        lines.append(f"  {item.rank}. [{item.tool_name}] {p.title} ({p.kind}, {p.effort}; {cuts or 'no score change'})")
    left = sorted(a.remaining, key=lambda x: -x.finding.total)
    lines.append(f"what remains ({len(left)}):")
    by_why: dict[str, list] = {}
    for x in left:
        by_why.setdefault(x.why, []).append(x)
    for why, found in by_why.items():
        shown = ", ".join(f"{x.finding.rule} {a.tool_name(x.finding.tool)}" for x in found[:remains])
        more = f" and {len(found) - remains} more" if len(found) > remains else ""
        lines.append(f"  {why} ({len(found)}): {shown}{more}")
    return lines


def _defect_order(marked: tuple[str, str, str]) -> tuple:
    number = marked[0].split(".")[-1]
    return (marked[0].split(".")[0], int(number) if number.isdigit() else 99, number, marked[1])


def defects(name: str) -> list[str]:
    data, _ = yamlio.load(EXPECT / f"{name}.yaml")
    marked = [(spec["known_defect"], spec["id"], spec["says"]) for spec in data.get("expect", []) if spec.get("known_defect")]
    marked += [(defect, key, "(universal check)") for key, defect in (data.get("universal") or {}).items()]
    return ["known defects:"] + [f"  {d}  {i}: {says}" for d, i, says in sorted(marked, key=_defect_order)] if marked else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="corpus groups (file names without .yaml); all when none")
    parser.add_argument("--remains", type=int, default=6, help="how many remaining findings to name per reason")
    parser.add_argument("--defects", action="store_true", help="also list the expectations marked as known defects")
    args = parser.parse_args(argv)
    content = load_content(lang="en")
    names = args.names or sorted(p.stem for p in AUDITS.glob("*.yaml"))
    out: list[str] = []
    for name in names:
        a = Assessment.of(load_audit(AUDITS / f"{name}.yaml", content), content)
        out += report(a, name, args.remains) + (defects(name) if args.defects else []) + [""]
    print("\n".join(out).rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
