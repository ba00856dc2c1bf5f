"""`auditor forget FILE`: remove an audit, its leftovers and the reports made from it."""

import argparse
import os
import re
import sys
from pathlib import Path

from auditor.errors import InputError
from auditor.i18n import N_, _

CANNOT_GUARANTEE = N_("""\
What deletion cannot guarantee:
- SSDs and flash drives move data around internally; overwritten blocks may survive until the drive reuses them.
- Copy-on-write filesystems (APFS on macOS, btrfs, ZFS) and snapshots (Time Machine local snapshots) keep old blocks.
- Synced folders (Dropbox, iCloud Drive, Google Drive, OneDrive, Nextcloud) keep copies on their servers and in
  their version history or trash; delete them there too.
- Backups, email attachments, chat uploads and copies on other people's machines are out of reach.
Full-disk encryption (FileVault, BitLocker, LUKS) is what protects deleted data on a lost or seized laptop.""")

# Names editors and autosaving apps use next to a file.
# ".summary-NAME" is the temp file of `auditor cycle forget` (auditor/cycles.py).
# ".forgetting-NAME" is the old cycle's hidden name while `cycle forget` swaps it (same module).
_AUTOSAVE_PATTERNS = ("{n}.autosave", ".{n}.autosave", "{n}~", "{n}.bak", ".{n}.swp", "#{n}#", ".summary-{n}", ".forgetting-{n}")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "forget",
        help=_("delete an audit (plain or .age), its autosave and temp files, and the reports made from it"),
        description=(
            _("Lists everything that belongs to the audit, asks before removing (unless --yes), overwrites each file "
            "and deletes it, then says what deletion cannot guarantee.")
        ),
        epilog=_(CANNOT_GUARANTEE),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, help=_("audit file (plain or .age)"))
    p.add_argument("--yes", "-y", action="store_true", help=_("do not ask for confirmation"))
    p.add_argument(
        "--reports", action="append", type=Path, metavar="DIR",
        help=_("also look for reports in DIR (default: reports/ here and next to the audit); repeatable"),
    )
    p.set_defaults(func=run)


def _slugs(path: Path) -> set[str]:
    name = path.name
    if name.endswith(".age"):
        name = name[: -len(".age")]
    bare = re.sub(r"\.(ya?ml)$", "", name)
    slug = lambda text: re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")  # noqa: E731
    return {s for s in (slug(bare), slug(name)) if s}


def report_matches(report_name: str, slugs: set[str]) -> bool:
    """Whether a file in a reports folder carries the exact name auditor gives a report of this audit.

    Reports are named DATE-STEM-summary|full[-N].EXT[.age] (auditor/reports). The
    whole name must have that shape with this audit's stem: never a substring,
    so forgetting ``md.yaml`` leaves ``budget.md`` alone and ``notes.yaml`` leaves
    ``meeting-notes.txt`` alone. (Reports do not yet record their audit's id, so
    a report of another audit with the same file stem also matches: the list is
    shown before anything is deleted.)
    """
    for slug in slugs:
        pattern = rf"\d{{4}}-\d{{2}}-\d{{2}}-{re.escape(slug)}-(?:summary|full)(?:-\d+)?\.(?:md|html|json|csv)(?:\.age)?"
        if re.fullmatch(pattern, report_name):
            return True
    return False


def _is_audit(path: Path) -> bool:
    """The file is an auditor audit or cycle summary (an .age file: age-encrypted)."""
    from auditor.audits import storage
    from auditor.content import yamlio

    if storage.uses_encryption(path):
        try:
            storage.read_ciphertext(path)
        except InputError:
            return False
        return True
    try:
        data, _ = yamlio.load(path)
    except InputError:
        return False
    return isinstance(data, dict) and data.get("kind") in ("audit", "audit-summary")


def related_files(path: Path, report_dirs: list[Path]) -> list[Path]:
    from auditor.audits import storage

    base = path.name[: -len(".age")] if path.name.endswith(".age") else path.name
    variants = [path.parent / base, path.parent / f"{base}.age"]
    found: list[Path] = []
    for audit in variants:
        if audit.is_file() and _is_audit(audit):
            found.append(audit)
        found += storage.temp_files(audit)
        found += [audit.parent / pat.format(n=audit.name) for pat in _AUTOSAVE_PATTERNS if (audit.parent / pat.format(n=audit.name)).is_file()]
    slugs = _slugs(path)
    for folder in report_dirs:
        if folder.is_dir():
            found += sorted(f for f in folder.iterdir() if f.is_file() and report_matches(f.name, slugs))
    unique: dict[Path, Path] = {}
    for f in found:
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


def run(args) -> int:
    from auditor.audits import storage
    from auditor.errors import shown

    path: Path = args.file
    if os.path.lexists(path) and not _is_audit(path):
        raise InputError.one(
            path, _("not an auditor audit (no 'kind: audit' or 'kind: audit-summary', and not an .age file): "
            "forget only deletes audits, their autosaves and their reports; nothing was changed"),
        )
    dirs = [Path("reports"), path.parent / "reports"] + list(args.reports or [])
    files = related_files(path, dirs)
    if not files:
        raise InputError.one(path, _("nothing to forget: no audit, autosave, temp file or report found for it"))
    print(_("These {n_files} file(s) will be overwritten and deleted:").format(n_files=len(files)))
    for f in files:
        print(f"  {shown(f)}")
    if not args.yes:
        if not (sys.stdin and sys.stdin.isatty()):
            raise InputError.one(path, _("not a terminal, so not asking: re-run with --yes to delete these files; nothing was changed"))
        answer = input("Delete them? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print(_("Nothing was deleted."))
            return 0
    failed, partial = [], []
    for f in files:
        try:
            why = storage.shred(f)
        except FileNotFoundError:
            continue
        except OSError as exc:
            failed.append(f)
            print(_("auditor: {f}: could not delete: {strerror}").format(f=shown(f), strerror=exc.strerror), file=sys.stderr)
            continue
        if why:
            partial.append(f)
            print(_("auditor: {f}: deleted but not overwritten: {why}").format(f=shown(f), why=why), file=sys.stderr)
    done = len(files) - len(failed)
    print(_("Deleted {done} file(s); overwrote {overwritten} of them before deleting.").format(done=done, overwritten=done - len(partial)))
    print()
    print(_(CANNOT_GUARANTEE))
    return 2 if failed else 0
