"""Remember shipped content files that already passed validation, parsed.

Parsing and JSON Schema validation of the shipped checklists, rulesets and
catalog cost more than everything else `auditor score` does, and their text
rarely changes. So a shipped file whose exact text (together with the exact
schemas and auditor version) has passed before is read back from a JSON copy of
its parsed data instead of being parsed and validated again. Cross-checks
(ids, choices, sources) still run every time.

Only text that went through the full path (hostile-input scan, schema) is
ever remembered. The memo lives in the user's cache folder (0600) and is used
only for files inside auditor's content folders: a group's own rule files and every audit
are always parsed and validated in full, and nothing about an audit is ever
written here. Set AUDITOR_NO_CACHE=1 to turn it off.

Language: the memo holds the English files' data only, keyed by their exact text. A translation overlay
is laid on afterwards into new data (``overlay.apply``), never into what the memo holds, so a Spanish run
can never leave Spanish text under an English key. The content fingerprint is the English files' too:
the rules that score are the same in every language, so a cycle audited in another language compares
as the same rules.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from auditor import __version__

FILENAME = "content-memo.json"
MAX_ENTRIES = 64


def cache_dir() -> Path:
    from auditor.audits import portable

    return portable.cache_dir()


@lru_cache(maxsize=1)
def _schema_fingerprint() -> bytes:
    digest = hashlib.sha256(__version__.encode())
    folder = resources.files("auditor.content.schemas")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.digest()


class ValidationMemo:
    def __init__(self, path: Path | None = None):
        self.enabled = not os.environ.get("AUDITOR_NO_CACHE")
        self.path = path or cache_dir() / FILENAME
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        self._changed = False
        if self.enabled:
            try:
                loaded = json.loads(self.path.read_text("utf-8"))
                if isinstance(loaded, dict):
                    self._entries = loaded
            except (OSError, ValueError):
                self._entries = {}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(_schema_fingerprint() + text.encode("utf-8")).hexdigest()

    def get(self, text: str) -> Any | None:
        """The validated data for this exact text, or None."""
        if not self.enabled:
            return None
        key = self.key(text)
        data = self._entries.get(key)
        if isinstance(data, dict):
            self._used.add(key)
            return data
        return None

    def put(self, text: str, data: Any) -> None:
        if self.enabled:
            key = self.key(text)
            self._entries[key] = data
            self._used.add(key)
            self._changed = True

    def save(self) -> None:
        """Best effort: a read-only home just means validating again next time."""
        if not (self.enabled and self._changed):
            return
        from auditor.audits.storage import write_private

        # Keep what this run used, then others up to the cap.
        keep = {k: v for k, v in self._entries.items() if k in self._used}
        for k, v in self._entries.items():
            if len(keep) >= MAX_ENTRIES:
                break
            keep.setdefault(k, v)
        try:
            write_private(self.path, json.dumps(keep, separators=(",", ":")))
        except OSError:
            pass
