"""`auditor action`: track an agreed plan item (a role, a due date, a status)."""

from pathlib import Path

from auditor.audits.actions import STATUSES
from auditor.commands import load_content, rules_option
from auditor.i18n import _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser(
        "action",
        help=_("track a plan item: status (agreed, in_progress, done, dropped, accepted), a role, a due date"),
        description=(
            _("Record who takes a plan item on (a role such as 'on-call coordinator', never a person's name), by when, "
            "and how far along it is. With only FILE, lists the plan's keys and their status. The next cycle "
            "(`auditor cycle new`) carries the actions over; `auditor diff` and the report show them.")
        ),
    )
    p.add_argument("file", type=audit_file, help=_("audit file"))
    p.add_argument("key", nargs="?", help=_("the plan item's key, e.g. requests-sheet:logistics-only (list them with FILE alone)"))
    p.add_argument("--status", choices=STATUSES, help=_("default: agreed; accepted: the group decided not to (give --reason)"))
    p.add_argument("--role", help=_("who takes it on, as a role ('on-call coordinator'); '' clears it"))
    p.add_argument("--due", metavar="YYYY-MM-DD", help=_("when it should be done; '' clears it"))
    p.add_argument("--reason", help=_("a short reason (e.g. why it was dropped); '' clears it"))
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from tabulate import tabulate

    from auditor.audits import actions
    from auditor.commands.cycle import _load_full, _save
    from auditor.engine.assessment import Assessment
    from auditor.errors import InputError
    from auditor.reports import vocab

    content = load_content(args)
    audit, passphrase = _load_full(args.file, content)
    keys = [p.key for p in Assessment.of(audit, content).proposals]
    if args.key is None:
        rows = []
        for key in dict.fromkeys(keys + list(audit.agreed) + list(audit.actions)):
            t = actions.tracked(audit, key) or {"status": "proposed", "role": "", "due": "", "reason": ""}
            rows.append([key, vocab.status(t["status"]), t["role"], t["due"], t["reason"]])
        print(tabulate(rows, headers=[_("Key"), _("Status"), _("Role"), _("Due"), _("Reason")], tablefmt="simple"))
        return 0
    if args.key not in keys and args.key not in audit.agreed and args.key not in audit.actions:
        near = [k for k in keys if args.key.split(":")[-1] in k][:5]
        hint = _("; did you mean {keys}?").format(keys=", ".join(near)) if near else _("; run `auditor action FILE` to list them")
        raise InputError.one(args.key, _("is not an item of this audit's plan") + hint)
    record = actions.set_action(audit, args.key, status=args.status, role=args.role, due=args.due, reason=args.reason)
    _save(audit, args.file, content, passphrase)
    parts = [vocab.status(record["status"])] + [record[k] for k in ("role", "due", "reason") if k in record]
    print(f"{args.key}: " + " · ".join(parts))
    return 0
