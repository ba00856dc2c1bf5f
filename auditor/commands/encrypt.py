"""`auditor encrypt FILE`: turn a plaintext audit into FILE.age and remove the plaintext."""

import sys
from pathlib import Path
from auditor.i18n import N_, _

HONEST_NOTE = N_(
    "note: the plaintext was overwritten before it was deleted, but on SSDs, copy-on-write filesystems, "
    "synced folders (Dropbox, iCloud, Google Drive) and backups, older copies may survive. "
    "See docs/THREAT-MODEL.md."
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "encrypt",
        help=_("encrypt an audit with a passphrase (age format) into FILE.age and remove the plaintext"),
        description=(
            _("Encrypts FILE in memory into FILE.age (age format, scrypt passphrase; `age -d FILE.age` opens it too), "
            "checks that it decrypts to the same bytes, then overwrites and deletes the plaintext. "
            "The passphrase is asked twice, or read from AUDITOR_PASSPHRASE for scripts. "
            "Every command that reads an audit accepts the .age file.")
        ),
    )
    p.add_argument("file", type=Path, help=_("plaintext audit file"))
    p.add_argument("--keep", action="store_true", help=_("keep the plaintext file (not recommended)"))
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.audits import storage
    from auditor.content import yamlio
    from auditor.errors import InputError, shown

    src: Path = args.file
    dest = Path(f"{src}{storage.ENCRYPTED_SUFFIX}")
    if storage.is_encrypted(src) or storage.wants_encryption(src):
        raise InputError.one(src, _("already encrypted"))
    plaintext = yamlio.read_text(src).encode("utf-8")
    data = yamlio.parse(plaintext.decode("utf-8"), src)
    if not isinstance(data, dict) or data.get("kind") != "audit":
        raise InputError.one(src, _("not an audit file (expected 'kind: audit'); nothing was changed"))
    if dest.exists():
        raise InputError.one(dest, _("already exists; move it away or run `auditor forget` on it first; nothing was changed"))
    passphrase = storage.ask_passphrase(dest, confirm=True)
    storage.write_encrypted(dest, plaintext, passphrase, new=True)
    # Read back what reached the disk before touching the only plaintext copy.
    try:
        ok = storage.read_encrypted(dest, passphrase) == plaintext
    except InputError:
        ok = False
    if not ok:
        storage.shred(dest)
        print(_("auditor: {dest}: the encrypted copy did not read back correctly; it was removed and {src} kept").format(dest=dest, src=src), file=sys.stderr)
        return 70
    print(_("encrypted: {dest}").format(dest=shown(dest)))
    if args.keep:
        print(_("kept the plaintext {src} (--keep): delete it yourself when you can").format(src=src), file=sys.stderr)
        return 0
    for leftover in storage.temp_files(src):
        storage.shred(leftover)
    why = storage.shred(src)
    print(_("removed the plaintext: {src}").format(src=shown(src)))
    if why:
        print(_("auditor: {src}: {why}").format(src=shown(src), why=why), file=sys.stderr)
    print(_(HONEST_NOTE), file=sys.stderr)
    return 0
