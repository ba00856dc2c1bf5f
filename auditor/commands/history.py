"""`auditor history FILE...`: one group's cycles, per-threat scores over time."""

import json
from pathlib import Path

from auditor.commands import guard_plaintext_inputs, load_content, plaintext_option, rules_option
from auditor.i18n import N_, _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser(
        "history",
        help=_("the cycles of one group: per-threat scores over time, with a sparkline per threat"),
        description=_("Reads each file (full audits are re-scored with the current rules; forgotten cycles give their "
        "recorded summary) and the earlier cycles recorded in the files' history."),
    )
    p.add_argument("files", type=audit_file, nargs="+", metavar="FILE", help=_("audit files or cycle summaries of one group"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    plaintext_option(p)
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.audits.cycles import load_cycle_file, timeline

    guard_plaintext_inputs(args.files, args.plaintext, N_("the history"))
    content = load_content(args)
    items = [(str(f), load_cycle_file(f, content)) for f in args.files]
    rows = timeline(items, content)
    data = {"ruleset": content.version_record(), "threats": {t: content.threats[t].title for t in content.threats}, "cycles": rows}
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(history_text(data))
    return 0


def history_text(data: dict) -> str:
    from tabulate import tabulate

    from auditor.audits.cycles import sparkline

    rows = data["cycles"]
    threats = dict(data["threats"])
    for row in rows:
        for t in row.get("scores", {}):
            threats.setdefault(t, t)
    current = data["ruleset"]["fingerprint"]
    table = []
    older = False
    for r in rows:
        same_rules = (r.get("ruleset") or {}).get("fingerprint", "") == current
        older = older or not same_rules
        source = r.get("source", "")
        if r.get("summary_only"):
            source += " (summary)"
        table.append(
            [r.get("cycle", "?"), r.get("date", "")]
            + [r["scores"].get(t, "-") for t in threats]
            + [r.get("findings", "-"), r.get("tools", "-"), "current" if same_rules else "earlier*", source]
        )
    lines = [tabulate(table, headers=["Cycle", "Date"] + list(threats.values()) + ["Findings", "Tools", "Rules", "From"], tablefmt="simple")]
    if older:
        lines.append(_("* scored at the time with earlier rules than the current ones; compare those rows with care."))
    lines.append("")
    width = max((len(v) for v in threats.values()), default=0)
    for t, title in threats.items():
        values = [r.get("scores", {}).get(t) for r in rows]
        known = [v for v in values if v is not None]
        trend = f"{known[0]} -> {known[-1]}" if len(known) > 1 else (str(known[0]) if known else "-")
        lines.append(f"{title.ljust(width)}  {sparkline(values)}  {trend}")
    lines.append(_("Scores run 0-100 per threat; lower is better."))
    return "\n".join(lines)
