from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("open", help="open an audit file in the app")
    p.add_argument("file", type=Path)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.tui.app import run as run_app

    return run_app(getattr(args, "file", None))
