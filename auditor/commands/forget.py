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
    """Whether a file carries the exact name auditor gives a report of this audit
    (DATE-STEM-summary|full[-N].EXT[.age]). Never used to delete: only to point at
    reports left alone because they record no audit id (made before reports did)."""
    for slug in slugs:
        pattern = rf"\d{{4}}-\d{{2}}-\d{{2}}-{re.escape(slug)}-(?:summary|full)(?:-\d+)?\.(?:md|html|json|csv)(?:\.age)?"
        if re.fullmatch(pattern, report_name):
            return True
    return False


REPORT_EXTENSIONS = (".md", ".html", ".json", ".csv")


def audit_id_of(path: Path, passphrase: str | None) -> str | None:
    """The id recorded in the audit (or cycle summary) at ``path``; None if it has none or
    cannot be read (an encrypted one without its passphrase)."""
    from auditor.audits.model import read_document

    if not path.is_file():
        return None
    try:
        data, _ = read_document(path, passphrase)
    except (InputError, OSError):
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) and found else None


def report_id(path: Path, passphrase: str | None) -> tuple[str | None, str | None]:
    """(the audit id a report records, why it could not be read)."""
    from auditor.audits import storage
    from auditor.content.yamlio import MAX_BYTES, read_input
    from auditor.reports import stamp

    try:
        if storage.uses_encryption(path):
            if not passphrase:
                return None, "encrypted, and no passphrase was given to read which audit it belongs to"
            data = storage.read_encrypted(path, passphrase)
        else:
            data = read_input(path, MAX_BYTES)
    except InputError as exc:
        if type(exc).__name__ == "WrongPassphrase":
            return None, "encrypted with another passphrase: cannot tell which audit it belongs to"
        return None, None  # not something auditor wrote
    except OSError as exc:
        return None, f"could not be read ({exc.strerror or exc})"
    return stamp.read(path.name, data.decode("utf-8", "replace")), None


def find_reports(audit_id: str | None, report_dirs: list[Path], passphrase: str | None, slugs: set[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(reports that record ``audit_id``, [(report left alone, why)]).

    Ownership is proven by the id inside the report, never by its name: encrypted reports
    are decrypted with the audit's passphrase to read it. Left alone and said: encrypted
    reports that do not open with it, and reports named like this audit's that record no id."""
    mine: list[Path] = []
    unproven: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for folder in report_dirs:
        if not folder.is_dir() or folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        for f in sorted(folder.iterdir()):
            if f.is_symlink() or not f.is_file() or not f.name.removesuffix(".age").endswith(REPORT_EXTENSIONS):
                continue
            found, why = report_id(f, passphrase)
            if audit_id and found == audit_id:
                mine.append(f)
            elif why:
                unproven.append((f, why))
            elif found is None and report_matches(f.name, slugs):
                unproven.append((f, "named like this audit's reports, but records no audit id (made before reports did)"))
    return mine, unproven


def _is_audit(path: Path) -> bool:
    """The file is an auditor audit or cycle summary (an .age file: age-encrypted)."""
    from auditor.audits import storage
    from auditor.content import yamlio

    if storage.uses_encryption(path):
        try:
            storage.read_ciphertext(path, need_key=False)  # a keyed audit whose key is lost is still an audit
        except InputError:
            return False
        return True
    try:
        data, _ = yamlio.load(path)
    except InputError:
        return False
    return isinstance(data, dict) and data.get("kind") in ("audit", "audit-summary")


def _variants(path: Path) -> list[Path]:
    """The audit under its plain and its .age name (`auditor encrypt` makes the second)."""
    base = path.name[: -len(".age")] if path.name.endswith(".age") else path.name
    return [path.parent / base, path.parent / f"{base}.age"]


def related_files(path: Path) -> list[Path]:
    """The audit (plain and .age), a keyed audit's key file, its temp and autosave files."""
    from auditor.audits import storage

    found: list[Path] = []
    for audit in _variants(path):
        if audit.is_file() and _is_audit(audit):
            found.append(audit)
        key = storage.key_file_for(audit)
        if audit.name.endswith(".age") and key.is_file() and storage.is_encrypted(key):
            found.append(key)  # a keyed audit's own key (docs/formats.md)
        found += storage.temp_files(audit)
        found += [audit.parent / pat.format(n=audit.name) for pat in _AUTOSAVE_PATTERNS if (audit.parent / pat.format(n=audit.name)).is_file()]
    unique: dict[Path, Path] = {}
    for f in found:
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


def _passphrase(path: Path, files: list[Path]) -> str | None:
    """An encrypted audit's passphrase, to read its id and its encrypted reports' ids; None
    without one (the audit is still forgotten: a lost passphrase must not keep it alive)."""
    from auditor.audits import storage
    from auditor.errors import PassphraseNeeded

    if not any(storage.uses_encryption(f) for f in files):
        return None
    try:
        return storage.ask_passphrase(path)
    except PassphraseNeeded:
        return None


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
    files = related_files(path)
    passphrase = _passphrase(path, files)
    audit_id = next(filter(None, (audit_id_of(f, passphrase) for f in _variants(path) if f in files)), None)
    reports, unproven = find_reports(audit_id, dirs, passphrase, _slugs(path))
    files += [r for r in reports if r not in files]
    if not files:
        raise InputError.one(path, _("nothing to forget: no audit, autosave, temp file or report found for it"))
    if not audit_id:
        print("Its reports could not be matched: the audit records no id (saved before audits had one)"
              + (", or it is encrypted and its passphrase was not given." if storage.uses_encryption(path) else "."))
    if unproven:
        print(_("Left alone, {n_unproven} file(s) in the reports folders that could not be proven to be this audit's:").format(n_unproven=len(unproven)))
        for f, why in unproven:
            print(f"  {shown(f)}: {why}")
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
