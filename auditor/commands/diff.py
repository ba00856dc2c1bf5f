"""`auditor diff OLD NEW`: what improved, what got worse and what is still open between two cycles."""

import json
from pathlib import Path

from auditor.commands import guard_plaintext_inputs, load_content, plaintext_option, rules_option
from auditor.i18n import N_, _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser(
        "diff",
        help=_("compare two audits of the same group: score changes, findings new/resolved/regressed, plan carried out"),
        description=_("Both audits are scored with the current rules so the comparison is fair; if they were saved "
        "under different rules, the output says which rules changed. Either file may be a forgotten cycle's summary."),
    )
    p.add_argument("old", type=audit_file, help=_("the earlier audit (or cycle summary)"))
    p.add_argument("new", type=audit_file, help=_("the later audit (or cycle summary)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    plaintext_option(p)
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.audits.cycles import load_cycle_file
    from auditor.audits.diff import compare, diff_text

    guard_plaintext_inputs([args.old, args.new], args.plaintext, N_("the comparison"))
    content = load_content(args)
    old = load_cycle_file(args.old, content)
    new = load_cycle_file(args.new, content)
    result = compare(old, new, content, old_file=str(args.old), new_file=str(args.new))
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(diff_text(result))
    return 0
