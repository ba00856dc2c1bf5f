"""``auditor example [NAME] [-o PATH]``: the shipped example audits, for installed users too.

With no NAME, lists them; with NAME, copies that one privately and prints where, so a group can try the
app on it. Every command that reads an audit also takes ``example:NAME`` in place of a file."""

from pathlib import Path

from auditor.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser("example", help=_("list the shipped example audits, or copy one to work on"))
    p.add_argument("name", nargs="?", metavar="NAME", help=_("the example to copy (see the list); every command also reads example:NAME"))
    p.add_argument("-o", "--output", type=Path, metavar="PATH", help=_("where to write the copy (default: NAME.yaml in this folder, numbered if taken); never overwritten"))
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.audits import examples, storage
    from auditor.errors import InputError

    found = examples.shipped()
    if args.name is None:
        width = max(map(len, found), default=0)
        for name, path in found.items():
            print(f"{name:<{width}}  {examples.describe(path)}")
        print(_("Copy one with `auditor example NAME`, or read it in place: `auditor score example:NAME`."))
        return 0
    name = args.name.removeprefix(examples.SCHEME).removesuffix(".yaml")
    if name not in found:
        raise InputError.one(args.name, examples.unknown_example(name))
    try:
        if args.output is None:
            copy = examples.private_copy(found[name], Path("."))
        else:
            copy = storage.write_new_private(args.output, found[name].read_bytes())
    except FileExistsError:
        raise InputError.one(args.output, _("already exists and is never overwritten; choose another path; nothing was written")) from None
    except OSError as exc:
        raise InputError.one(args.output or Path("."), _("could not write the copy: {error}").format(error=exc.strerror or exc)) from None
    print(copy)
    return 0
