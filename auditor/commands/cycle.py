"""`auditor cycle`: start the next evaluation cycle, confirm carried-over answers, set the review cadence, forget old cycles."""

import sys
from pathlib import Path

from auditor.audits import storage
from auditor.commands import load_content, rules_option
from auditor.i18n import _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser(
        "cycle",
        help=_("evaluation cycles: start the next one from the last, confirm answers, review dates, forget old cycles"),
        description=_("Groups pause to evaluate every few months. Start the next cycle from the last one, "
        "confirm what is still true, and reduce old cycles to their summary."),
    )
    csub = p.add_subparsers(dest="cycle_command", metavar="ACTION", required=True)

    new = csub.add_parser("new", help=_("start the next cycle from an audit: copies the tools and answers, marked 'carried over'"))
    new.add_argument("old", type=audit_file, help=_("last cycle's audit file"))
    new.add_argument("-o", "--output", type=Path, help=_("where to write the new audit (default: next to OLD, named ...-cycle-N.yaml)"))
    new.add_argument("--force", action="store_true", help=_("overwrite the output file if it exists"))
    rules_option(new)
    new.set_defaults(func=run_new)

    conf = csub.add_parser("confirm", help=_("confirm carried-over answers (with no option: list what still needs confirming)"))
    conf.add_argument("file", type=audit_file, help=_("audit file"))
    conf.add_argument("--all", action="store_true", help=_("confirm every carried-over answer (for scripts)"))
    conf.add_argument(
        "--answer", action="append", metavar="TOOL:QUESTION",
        help=_("confirm one answer, e.g. signal-group:retention, or profile:team_size for the group; repeatable"),
    )
    rules_option(conf)
    conf.set_defaults(func=run_confirm)

    rev = csub.add_parser("set-review", help=_("set how often the group reviews, and the next due date"))
    rev.add_argument("file", type=audit_file, help=_("audit file"))
    rev.add_argument("--every", type=int, required=True, metavar="MONTHS", help=_("months between reviews (1-36)"))
    rules_option(rev)
    rev.set_defaults(func=run_set_review)

    forget = csub.add_parser(
        "forget",
        help=_("reduce an old cycle to its summary (scores, counts, dates), deleting tool names, answers and notes"),
        description=_("Replaces FILE with a summary of its scores, counts and dates. Tool names, answers, notes and the "
        "plan are deleted. `auditor history` and `auditor diff` still read the summary."),
    )
    forget.add_argument("file", type=audit_file, help=_("an old cycle's audit file"))
    forget.add_argument("-o", "--output", type=Path, help=_("write the summary here instead of replacing FILE"))
    forget.add_argument("--force", action="store_true", help=_("with -o: overwrite the output file if it exists"))
    forget.add_argument("--yes", action="store_true", help=_("do not ask for confirmation (required when not run from a terminal)"))
    rules_option(forget)
    forget.set_defaults(func=run_forget)


def _load_full(path: Path, content):
    """(audit, passphrase): a full audit, never a summary; encrypted files ask for their passphrase once."""
    from auditor.audits.cycles import CycleSummary, load_cycle_file
    from auditor.errors import InputError

    passphrase = storage.ask_passphrase(path) if storage.uses_encryption(path) else None
    item = load_cycle_file(path, content, passphrase)
    if isinstance(item, CycleSummary):
        raise InputError.one(path, _("this cycle was reduced to its summary: it has no tools or answers left"), line=1, field="kind")
    return item, passphrase


def _refuse_existing(path: Path, force: bool) -> None:
    from auditor.errors import InputError

    if path.exists() and not force:
        raise InputError.one(path, _("already exists; choose another name with -o, or add --force to overwrite it"))


def _save(audit, path: Path, content, passphrase=None) -> None:
    from auditor.audits.cycles import record_ruleset, save_cycle_file

    record_ruleset(audit, content)
    save_cycle_file(audit, path, passphrase)


def run_new(args) -> int:
    from auditor.audits.cycles import cycle_number, needs_confirming, next_cycle_path, start_next_cycle

    content = load_content(args)
    old, passphrase = _load_full(args.old, content)
    new = start_next_cycle(old, content, previous_file=args.old)
    out = args.output or next_cycle_path(args.old, cycle_number(new))
    _refuse_existing(out, args.force)
    if storage.uses_encryption(out) and not passphrase:
        passphrase = storage.ask_passphrase(out, confirm=True)
    _save(new, out, content, passphrase if storage.uses_encryption(out) else None)
    pending = needs_confirming(new)
    print(_("Started cycle {number} in {out}").format(number=new.cycle['number'], out=out))
    print(_("{n_tools} tools and {n_pending} answers carried over from {name}; each is marked until confirmed or changed.").format(n_tools=len(new.tools), n_pending=len(pending), name=args.old.name))
    if new.cycle.get("review_due"):
        print(_("Next review due {review_due} (every {review_every_months} months).").format(review_due=new.cycle['review_due'], review_every_months=new.cycle['review_every_months']))
    else:
        print(_("No review cadence set: auditor cycle set-review {out} --every MONTHS").format(out=out))
    print(_("Compare later with: auditor diff {old} {out}").format(old=args.old, out=out))
    return 0


def _parse_answer(spec: str, audit, path: Path) -> tuple:
    from auditor.errors import InputError

    scope, sep, qid = spec.rpartition(":")
    if not sep or not scope or not qid:
        raise InputError.one(path, _("--answer {spec!r}: expected TOOL:QUESTION or profile:QUESTION").format(spec=spec))
    if scope == "profile":
        return None, qid
    if scope not in {t.id for t in audit.tools}:
        raise InputError.one(path, _("--answer {spec!r}: no tool with id {scope!r}; tool ids: {items}").format(spec=spec, scope=scope, items=', '.join((t.id for t in audit.tools))))
    return scope, qid


def run_confirm(args) -> int:
    from auditor.audits.cycles import confirm, confirm_all, needs_confirming
    from auditor.errors import InputError

    content = load_content(args)
    audit, passphrase = _load_full(args.file, content)
    if args.all:
        n = confirm_all(audit)
        if n:
            _save(audit, args.file, content, passphrase)
        print(_("Confirmed {n} carried-over answers in {file}.").format(n=n, file=args.file))
        return 0
    if args.answer:
        specs = [_parse_answer(s, audit, args.file) for s in args.answer]
        missing = [f"{t or 'profile'}:{q}" for t, q in specs if (t, q) not in needs_confirming(audit)]
        if missing:
            raise InputError.one(args.file, _("not marked as carried over: {items}").format(items=', '.join(missing)))
        for tool_id, qid in specs:
            confirm(audit, tool_id, qid)
        _save(audit, args.file, content, passphrase)
        print(_("Confirmed {n_specs} answers; {n_needs_confirming} still to confirm.").format(n_specs=len(specs), n_needs_confirming=len(needs_confirming(audit))))
        return 0
    pending = needs_confirming(audit, content)
    if not pending:
        print(_("Nothing to confirm: every answer has been confirmed or changed this cycle."))
        return 0
    from tabulate import tabulate

    names = {t.id: t.name for t in audit.tools}
    rows = []
    for tool_id, qid in pending:
        q = content.questions.get(qid)
        answers = audit.profile if tool_id is None else audit.tool(tool_id).answers
        value = answers.get(qid)
        rows.append([names.get(tool_id, "the group") if tool_id else "the group", f"{tool_id or 'profile'}:{qid}", q.prompt if q else qid, q.label_of(value) if q else value])
    print(_("{n_pending} answers carried over from last cycle and not yet confirmed:").format(n_pending=len(pending)))
    print(tabulate(rows, headers=[_("Where"), _("Id"), _("Question"), _("Last cycle's answer")], tablefmt="simple", maxcolwidths=[24, None, 50, 30]))
    print(_("Confirm with --answer ID (repeatable) or --all; changing an answer in the app confirms it."))
    return 0


def run_set_review(args) -> int:
    from auditor.audits.cycles import set_review
    from auditor.errors import InputError

    if not 1 <= args.every <= 36:
        raise InputError.one(args.file, _("--every {every}: choose 1 to 36 months").format(every=args.every), field="cycle.review_every_months")
    content = load_content(args)
    audit, passphrase = _load_full(args.file, content)
    due = set_review(audit, args.every)
    _save(audit, args.file, content, passphrase)
    print(_("Reviews every {every} months; next due {due}.").format(every=args.every, due=due))
    return 0


def run_forget(args) -> int:
    from auditor.audits.cycles import reduce_to_summary, replace_with_summary, save_cycle_file
    from auditor.errors import InputError

    content = load_content(args)
    audit, passphrase = _load_full(args.file, content)
    target = args.output or args.file
    if args.output:
        _refuse_existing(args.output, args.force)
        if storage.uses_encryption(args.output):
            passphrase = passphrase or storage.ask_passphrase(args.output, confirm=True)
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError.one(args.file, _("this deletes tool names, answers and notes; add --yes to confirm"))
        reply = input(f"Reduce {args.file} to its summary? Tool names, answers, notes and the plan are deleted. [y/N] ")
        if reply.strip().lower() not in ("y", "yes"):
            print(_("Nothing changed."))
            return 0
    summary = reduce_to_summary(audit, content)
    if args.output:
        save_cycle_file(summary, target, passphrase if storage.uses_encryption(target) else None)
    else:
        replace_with_summary(target, summary, passphrase if storage.uses_encryption(target) else None, expect=audit.seen)
    print(_("Cycle {number} reduced to its summary in {target}: scores, counts and dates only.").format(number=summary.cycle.get('number', 1), target=target))
    if args.output:
        print(_("{file} still holds the details; `auditor forget {file}` deletes it.").format(file=args.file))
    else:
        print(_("The old details were overwritten. Copies elsewhere (backups, synced folders, reports) are not touched;"))
        print(_("see `auditor forget --help` for what deletion cannot guarantee."))
    return 0
