from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("open", help="open an audit file in the app")
    p.add_argument("file", type=Path)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.tui.app import run as run_app

    # `auditor present` runs through here too: this is the one command module that reaches the app.
    return run_app(getattr(args, "file", None), present=getattr(args, "present", False), extra_rules=tuple(getattr(args, "rules", None) or ()))
