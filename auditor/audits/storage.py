"""Writing files the way a sensitive audit deserves: atomically, privately, encrypted if asked.

Every file auditor writes goes through ``write_private``: a temp file in the
same folder (so the rename stays on one filesystem), fsync, rename over the
target, fsync the folder. A crash leaves the old file or the new one, never a
half-written one. Files are created private: 0600 on Linux and macOS; on
Windows, which has no file modes, the folder's permissions protect them (see
``auditor.audits.portable`` for what each OS offers). A crash can leave a temp file behind (``.NAME.PID.XXXXXXXX.tmp``);
the next save of the same file removes temp files whose process is gone, and
``auditor forget`` removes them all.

Encryption uses the age format (https://age-encryption.org) through pyrage, a
binding to the Rust implementation. Encryption happens in memory: with a ``.age``
path, only ciphertext is ever written, temp files included. Two forms:

- Passphrase (scrypt): reports, summaries, ``auditor encrypt``, files made with
  ``age -p``. Each encryption or decryption derives a key with scrypt (about a
  second and hundreds of MiB, on purpose).
- Keyed audits: ``save_audit`` encrypts an audit to an age X25519 key kept next
  to it in ``AUDIT.age.key``, itself a passphrase (scrypt) age file. The key is
  unlocked once per process (``unlock_key``), so every later save is a fast
  encryption to its public half: the app saves each answer before saying so,
  without a second of scrypt per answer. ``age -d -i AUDIT.age.key AUDIT.age``
  opens it (age asks for the passphrase of the key file); see docs/formats.md.
  A passphrase-only audit is still read, and becomes keyed at its next save.

Deletion (``shred``) overwrites a file with zeros before unlinking it. That
helps on a plain spinning disk; on SSDs, copy-on-write filesystems (APFS, btrfs,
ZFS), synced folders and backups the old blocks or copies may survive. See
docs/THREAT-MODEL.md.
"""

from __future__ import annotations

import base64
import getpass
import os
import re
import stat
import sys
import time
from pathlib import Path

from auditor.audits import conflicts, portable
from auditor.errors import InputError, PassphraseNeeded, WrongPassphrase

# Folders auditor creates (reports/, the audits folder, the cache): other users on the
# machine must not even see the names, dates and sizes of what is in them.
PRIVATE_DIR_MODE = 0o700

ENCRYPTED_SUFFIX = ".age"
PASSPHRASE_ENV = "AUDITOR_PASSPHRASE"
AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
# age's scrypt work factor is log2(N); trying a passphrase takes 2**N * 1 KiB of memory.
# Our own files use whatever rage calibrates to about one second: 18-19 on a laptop
# (19 = 512 MiB). 20 (1 GiB) is the margin; anything above is refused before any key
# is derived, so a hostile file cannot freeze the machine of whoever opens it
# (22 took 4 GB and minutes).
MAX_SCRYPT_WORK_FACTOR = 20
# Ciphertext is a little larger than the plaintext (header, 16 bytes per 64 KiB chunk).
_AGE_OVERHEAD = 64 * 1024
# Temp files older than this whose writer cannot be identified are considered abandoned.
_STALE_AFTER_SECONDS = 3600


# -- atomic private writes ----------------------------------------------------


def write_private(path: str | Path, data: bytes | str, *, expect: conflicts.Seen | None = None) -> Path:
    """Write ``data`` to ``path`` atomically and privately. With ``expect`` (what a reader saw),
    raise ``conflicts.FileChanged`` instead if someone else wrote the file since."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    make_private_dirs(folder)
    fd, tmp = portable.create_private(folder, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            portable.fsync(fh.fileno())
        conflicts.check(path, expect)  # last moment before the rename: the window is microseconds
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)
    clean_stale_temps(path)
    return path


def make_private_dirs(folder: str | Path) -> None:
    """Create ``folder`` and any missing parents 0700 (mkdir's mode is masked by the umask;
    chmod is not). Folders that already exist are left as they are: they are the user's."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(d, PRIVATE_DIR_MODE)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_new_private(path: str | Path, data: bytes | str) -> Path:
    """Like write_private, but never replaces an existing file (for reports)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(str(path))
    return write_private(path, data)


def temp_files(path: str | Path) -> list[Path]:
    """Every temp file write_private may have left next to ``path`` (any process)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}."
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(folder / n for n in names if n.startswith(prefix) and n.endswith(".tmp") and len(n) > len(prefix) + 4)


def _writer_pid(tmp: Path, target_name: str) -> int | None:
    middle = tmp.name[len(target_name) + 2 : -len(".tmp")]
    head = middle.split(".", 1)[0]
    return int(head) if head.isdigit() and "." in middle else None


def stale_temps(path: str | Path) -> list[Path]:
    """Temp files next to ``path`` left by a save that was interrupted (its process is gone)."""
    path = Path(path)
    out = []
    for tmp in temp_files(path):
        pid = _writer_pid(tmp, path.name)
        if pid is not None:
            if not portable.process_alive(pid):
                out.append(tmp)
        else:
            try:
                if time.time() - tmp.stat().st_mtime > _STALE_AFTER_SECONDS:
                    out.append(tmp)
            except OSError:
                pass
    return out


def clean_stale_temps(path: str | Path) -> list[Path]:
    """Remove what interrupted saves left behind; never touches a save in progress."""
    removed = []
    for tmp in stale_temps(path):
        try:
            shred(tmp)
            removed.append(tmp)
        except OSError:
            pass
    return removed


def shred(path: str | Path) -> str | None:
    """Overwrite a file with zeros, fsync, then unlink it. Returns None when the bytes were
    overwritten, else why they were not (the name is removed either way).

    A file with another hard link is only unlinked: zeroing it would destroy the
    other name's content, and its bytes stay there. A read-only file is only
    unlinked too. Even an overwrite does NOT guarantee the old bytes are gone on
    SSDs (wear levelling writes elsewhere), copy-on-write filesystems (APFS,
    btrfs, ZFS keep the old blocks), journaling, snapshots, synced folders or
    backups.
    """
    path = Path(path)
    why: str | None = None
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            why = "not a regular file: only its name was removed"
        elif info.st_nlink > 1:
            why = f"it has {info.st_nlink - 1} other hard link(s): only this name was removed, the bytes remain under the other name(s)"
        else:
            size = info.st_size
            with open(path, "r+b", buffering=0) as fh:
                chunk = b"\0" * min(size, 1 << 20) if size else b""
                left = size
                while left > 0:
                    left -= fh.write(chunk[: min(left, len(chunk))])
                portable.fsync(fh.fileno())
    except FileNotFoundError:
        raise
    except OSError as exc:
        why = f"could not be overwritten ({exc.strerror}): only its name was removed"
    path.unlink()
    return why


# -- encryption -----------------------------------------------------------------


def wants_encryption(path: str | Path) -> bool:
    """A path ending in .age is written encrypted."""
    return str(path).endswith(ENCRYPTED_SUFFIX)


def looks_encrypted(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC) or data.lstrip().startswith(AGE_ARMOR)


def is_encrypted(path: str | Path) -> bool:
    """True when the file at ``path`` is in the age format (binary or armored).

    Only regular files are opened (a FIFO would block the open); anything else
    is False, and the input gate explains it when the file is read.
    """
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        head = os.read(fd, 64)
    except OSError:
        return False
    finally:
        os.close(fd)
    return looks_encrypted(head)


def encrypt(data: bytes | str, passphrase: str) -> bytes:
    """age ciphertext of ``data`` under ``passphrase`` (scrypt). Everything stays in memory."""
    import pyrage

    if not passphrase:
        raise ValueError("an empty passphrase protects nothing")
    if isinstance(data, str):
        data = data.encode("utf-8")
    return pyrage.passphrase.encrypt(data, passphrase)


def _header_lines(data: bytes) -> list[bytes] | None:
    if data.lstrip().startswith(AGE_ARMOR):
        body = b"".join(line for line in data.strip().splitlines()[1:] if not line.startswith(b"-----"))
        try:
            data = base64.b64decode(body)
        except ValueError:
            return None
    end = data.find(b"\n---", 0, 64 * 1024)
    if end == -1:
        return None
    return data[:end].split(b"\n")


_SCRYPT = re.compile(rb"^-> scrypt \S+ (\d{1,9})$")
_SCRYPT_ANY = re.compile(rb"^-> scrypt ")


_X25519 = re.compile(rb"^-> X25519 \S+$")
PASSPHRASE, KEYED = "passphrase", "keyed"


def check_ciphertext(data: bytes, source: str | Path, *, keyed: bool = False) -> str:
    """Refuse what auditor cannot open, before any passphrase is asked or tried.

    Returns PASSPHRASE for a scrypt file, or (with ``keyed``, for audits) KEYED for
    a file encrypted to one X25519 key, the form ``save_audit`` writes."""
    if not looks_encrypted(data):
        raise InputError.one(source, "not an age-encrypted file")
    lines = _header_lines(data)
    if lines is None:
        raise InputError.one(source, "damaged age file: no end of header in its first 64 KiB; refusing it")
    stanzas = [line for line in lines if line.startswith(b"-> ")]
    # rage adds one random "grease" stanza to files encrypted to keys; age ignores it.
    x25519 = [s for s in stanzas if _X25519.match(s)]
    if keyed and len(x25519) == 1 and len(stanzas) <= 2 and all(s in x25519 or b"-grease" in s for s in stanzas):
        return KEYED
    if any(_SCRYPT_ANY.match(s) for s in stanzas) and len(stanzas) != 1:
        raise InputError.one(source, f"damaged age file: a passphrase (scrypt) file has exactly one recipient, this one has {len(stanzas)}; refusing it")
    scrypt = [_SCRYPT.match(s) for s in stanzas]
    if any(_SCRYPT_ANY.match(s) and not m for s, m in zip(stanzas, scrypt)):
        raise InputError.one(source, "damaged age header (the scrypt work factor is not a small number); refusing it")
    if stanzas and not any(scrypt):
        raise InputError.one(source, "encrypted to an age key, not a passphrase; decrypt it with `age -d -i KEYFILE` first")
    for m in scrypt:
        if m and int(m.group(1)) > MAX_SCRYPT_WORK_FACTOR:
            raise InputError.one(source, f"scrypt work factor {int(m.group(1))} is above {MAX_SCRYPT_WORK_FACTOR}; refusing (it would take minutes and gigabytes)")
    return PASSPHRASE


def decrypt(data: bytes, passphrase: str | None, source: str | Path) -> bytes:
    """Plaintext of an age file encrypted with a passphrase; problems are InputErrors naming ``source``."""
    check_ciphertext(data, source)
    if not passphrase:
        raise PassphraseNeeded.one(source, f"this file is encrypted: set {PASSPHRASE_ENV} or run in a terminal to be asked for the passphrase")
    import pyrage

    try:
        return pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError:
        raise WrongPassphrase.one(source, "wrong passphrase, or the file is damaged; nothing was changed") from None


def read_ciphertext(path: str | Path, *, keyed: bool = True, limit: int | None = None, need_key: bool = True) -> bytes:
    """The bytes of an age file, size-limited like any input and checked with check_ciphertext
    (``keyed``: a keyed audit is accepted too; ``need_key``: its key file must be there)."""
    from auditor.content.yamlio import MAX_BYTES, read_input

    path = Path(path)
    data = read_input(path, limit or MAX_BYTES + _AGE_OVERHEAD)
    if not looks_encrypted(data):
        raise InputError.one(path, "its name ends in .age but it is not an age-encrypted file; rename it or encrypt it with `auditor encrypt`")
    if check_ciphertext(data, path, keyed=keyed) == KEYED and need_key and _signature(key_file_for(path)) is None:
        raise _missing_key(path)  # said before anyone is asked for a passphrase
    return data


def uses_encryption(path: str | Path) -> bool:
    """Read or write ``path`` as age: it ends in .age, or the file already is age."""
    return wants_encryption(path) or is_encrypted(path)


def read_encrypted(path: str | Path, passphrase: str | None) -> bytes:
    """Decrypt the age file at ``path`` into memory: a passphrase file, or a keyed audit
    (its key file unlocked with ``passphrase``, once per process)."""
    data = read_ciphertext(path)
    if check_ciphertext(data, path, keyed=True) == PASSPHRASE:
        return decrypt(data, passphrase, path)
    import pyrage

    identity = unlock_key(path, passphrase)
    try:
        return pyrage.decrypt(data, [identity])
    except pyrage.DecryptError:
        raise InputError.one(path, f"does not open with the key in {key_file_for(path).name}: the two files do not belong together, or this one is damaged; nothing was changed") from None


def write_encrypted(path: str | Path, data: bytes | str, passphrase: str, *, new: bool = False) -> Path:
    """Encrypt ``data`` with ``passphrase`` (scrypt) in memory and write only the ciphertext,
    atomically and 0600.

    For reports: ``write_encrypted(Path("reports/x.md.age"), text, passphrase, new=True)``
    never replaces an existing file (like write_new_private). Open the result with
    ``age -d FILE`` or ``auditor.audits.storage.read_encrypted``.
    """
    if new and Path(path).exists():
        raise FileExistsError(str(path))
    ciphertext = encrypt(data, passphrase)
    return write_new_private(path, ciphertext) if new else write_private(path, ciphertext)


# -- keyed audits: scrypt once per process, then fast saves ------------------------

KEY_SUFFIX = ".key"
_KEY_FILE_LIMIT = 64 * 1024
_SECRET = re.compile(r"^AGE-SECRET-KEY-1[0-9A-Z]+$", re.MULTILINE)
# Unlocked keys, by key file and passphrase digest, valid while the key file is unchanged
# (same inode, size and mtime): a key file replaced or deleted by someone else is read again.
_UNLOCKED: dict[tuple[str, str], tuple[tuple[int, int, int], object]] = {}


def key_file_for(path: str | Path) -> Path:
    """Where the key of the keyed audit at ``path`` lives: ``PATH.key``, next to it."""
    return Path(f"{path}{KEY_SUFFIX}")


def _cache_slot(keyfile: Path, passphrase: str) -> tuple[str, str]:
    import hashlib

    return str(keyfile.resolve()), hashlib.sha256(passphrase.encode("utf-8")).hexdigest()


def _signature(keyfile: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(keyfile)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def unlock_key(audit: str | Path, passphrase: str | None):
    """The X25519 identity a keyed audit is encrypted to, from its passphrase-protected key
    file. scrypt runs once per key file and passphrase in this process."""
    import pyrage

    keyfile = key_file_for(audit)
    if _signature(keyfile) is None:
        raise _missing_key(audit)
    if not passphrase:
        raise PassphraseNeeded.one(audit, f"this file is encrypted: set {PASSPHRASE_ENV} or run in a terminal to be asked for the passphrase")
    slot = _cache_slot(keyfile, passphrase)
    cached = _UNLOCKED.get(slot)
    if cached and cached[0] == _signature(keyfile):
        return cached[1]
    data = read_ciphertext(keyfile, keyed=False, limit=_KEY_FILE_LIMIT)
    text = decrypt(data, passphrase, audit).decode("utf-8", "replace")  # errors name what the user opened
    found = _SECRET.search(text)
    try:
        identity = pyrage.x25519.Identity.from_str(found.group(0)) if found else None
    except pyrage.IdentityError:
        identity = None
    if identity is None:
        raise InputError.one(keyfile, "decrypts, but holds no age key (AGE-SECRET-KEY-1...); it is not an auditor key file")
    _UNLOCKED[slot] = (_signature(keyfile), identity)
    return identity


def _missing_key(audit: str | Path) -> InputError:
    return InputError.one(
        audit, f"is encrypted to a key that auditor keeps in {key_file_for(audit).name}, and that file is missing: "
        "copy it next to the audit (it is protected by the audit's passphrase). If you encrypted this "
        "file yourself with `age -r`, decrypt it with `age -d -i YOUR-KEY-FILE` first",
    )


def _stanza_kind(path: Path) -> str | None:
    """PASSPHRASE or KEYED for an age file at ``path``, None when there is none (or it cannot be read)."""
    if not is_encrypted(path):
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    return KEYED if head.startswith(AGE_MAGIC + b"-> X25519 ") else PASSPHRASE


def _key_for_saving(path: Path, passphrase: str):
    """The key to encrypt the audit at ``path`` to. While the file there is keyed, its key file
    must stay as it is (the audit is only readable with it). Otherwise (a new audit, or a
    passphrase-only one being migrated) a fresh key is made and its key file written first:
    a save killed in between leaves the old file, still readable with the passphrase."""
    import pyrage

    if _stanza_kind(path) == KEYED:
        return unlock_key(path, passphrase)
    identity = pyrage.x25519.Identity.generate()
    keyfile = key_file_for(path)
    text = (
        "# auditor: the key of the encrypted audit next to this file, protected by its passphrase.\n"
        "# Without this file the audit cannot be opened. Open both with: age -d -i THIS-FILE AUDIT.age\n"
        f"# public key: {identity.to_public()}\n{identity}\n"
    )
    write_private(keyfile, encrypt(text, passphrase))
    _UNLOCKED[_cache_slot(keyfile, passphrase)] = (_signature(keyfile), identity)
    return identity


def keyed_ciphertext(path: str | Path, data: bytes | str, passphrase: str) -> bytes:
    """An audit encrypted to its key (see ``_key_for_saving``, which may write the key file);
    write it with ``write_private``. After the first save in a process this costs
    milliseconds, not a scrypt derivation."""
    import pyrage

    if not passphrase:
        raise ValueError("an empty passphrase protects nothing")
    identity = _key_for_saving(Path(path), passphrase)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return pyrage.encrypt(data, [identity.to_public()])


def ask_passphrase(path: str | Path, *, confirm: bool = False) -> str:
    """The passphrase for ``path``: AUDITOR_PASSPHRASE if set, else asked on the terminal.

    With ``confirm`` (when encrypting) it is asked twice. Without a terminal and
    without the variable, this raises PassphraseNeeded (exit 2), never hangs.
    """
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not (sys.stdin and sys.stdin.isatty()):
        raise PassphraseNeeded.one(path, f"a passphrase is needed: set {PASSPHRASE_ENV} or run in a terminal")
    first = getpass.getpass(f"Passphrase for {path}: ")
    if not first:
        raise PassphraseNeeded.one(path, "no passphrase given; nothing was changed")
    if confirm and getpass.getpass("Again, to be sure: ") != first:
        raise PassphraseNeeded.one(path, "the two passphrases differ; nothing was changed")
    return first
