"""What each operating system offers for private, durable files, and where auditor keeps its own.

- Private files. On Linux and macOS a file is created 0600 by the call that creates it
  (``os.open``'s mode, through ``tempfile.mkstemp``) and set 0600 again with ``os.fchmod``
  where it exists. Windows has no file modes (no ``os.fchmod`` before Python 3.13): a file
  is as private as the folder it is created in. auditor's own folder there is in the
  user's profile (``%LOCALAPPDATA%``), which only that user and administrators can read;
  a file saved anywhere else inherits that folder's permissions.
- Durable writes. macOS ``fsync`` leaves data in the drive's cache; ``F_FULLFSYNC`` asks the
  drive to write it. Elsewhere ``fsync`` is enough.
- Is a process still running? ``os.kill(pid, 0)`` asks that on POSIX without signalling;
  on Windows it would send Ctrl+C, so there the process is opened (``OpenProcess``), and a
  process that cannot be asked about counts as running.
- Folders: data and cache from platformdirs (never a synced Documents folder; on Windows the
  local, non-roaming app-data folder). Linux: ``~/.local/share/auditor`` (``$XDG_DATA_HOME``),
  as before. macOS: ``~/Library/Application Support/auditor``; an older install's
  ``~/.local/share/auditor`` is read while it exists and the new folder does not.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

APP = "auditor"
PRIVATE_MODE = 0o600
WINDOWS = sys.platform == "win32"


def create_private(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new, empty file in ``folder`` only this user can read: (open descriptor, path)."""
    fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)  # O_EXCL, mode 0600
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        fchmod(fd, PRIVATE_MODE)  # the umask can only remove bits; this says the mode outright
    return fd, path


def fsync(fd: int) -> None:
    """Flush ``fd`` to the disk itself (macOS: ``F_FULLFSYNC``, else ``fsync``)."""
    full = getattr(fcntl, "F_FULLFSYNC", None) if fcntl is not None else None
    if full is not None:
        try:
            fcntl.fcntl(fd, full)
            return
        except OSError:  # a filesystem without it (some network shares)
            pass
    os.fsync(fd)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running; never sends it a signal. Unknown counts as alive."""
    if pid == os.getpid():
        return True
    if WINDOWS:
        return _windows_alive(pid) if _windows_alive is not None else True
    kill = getattr(os, "kill", None)
    if kill is None:
        return True
    try:
        kill(pid, 0)  # signal 0 on POSIX: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def _open_process_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    query_limited_information, still_active, invalid_parameter = 0x1000, 259, 87
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() != invalid_parameter  # 87: no such process; else (denied) it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


_windows_alive = _open_process_alive if WINDOWS else None


def _dirs():
    """platformdirs for this OS, picked here (not at platformdirs' import) so tests can choose."""
    if sys.platform == "win32":
        from platformdirs.windows import Windows as Dirs
    elif sys.platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.unix import Unix as Dirs
    return Dirs(APP, appauthor=False, roaming=False)


def _legacy_data_dir() -> Path:
    """Where auditor kept its data on every OS before it used platformdirs."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / APP


def data_dir() -> Path:
    """auditor's own data folder (audits, the small state file)."""
    new = Path(_dirs().user_data_dir)
    if sys.platform == "darwin" and not new.exists() and _legacy_data_dir().is_dir():
        return _legacy_data_dir()  # an install from before platformdirs: keep its audits in reach
    return new


def cache_dir() -> Path:
    """auditor's cache folder (content it can always rebuild; never anything about an audit)."""
    return Path(_dirs().user_cache_dir)
