"""The audit id every report carries, and reading it back (for `auditor forget`).

A report records the id of the audit file it was made from (``doc["audit"]["id"]``), so
``forget`` deletes the reports it can prove belong to that audit and nothing else, whatever
their names. Each format keeps it where a reader of that format expects metadata:
HTML a ``<meta name="auditor-audit-id">`` tag, Markdown an HTML comment (invisible when
rendered), JSON the ``audit.id`` field, CSV an ``audit_id`` column on every row (a comment
line is not CSV: spreadsheets would show it as a data row, and a column survives sorting and
filtering). A file saved before audits had ids has none, and its reports carry none.
An exercises page (`auditor exercise -f html`) carries the same meta tag (``html_tag``).
"""

from __future__ import annotations

import csv
import io
import json
import re

NAME = "auditor-audit-id"
CSV_COLUMN = "audit_id"
_ID = re.compile(r"^[0-9a-f]{32}$")
_HTML = re.compile(r'<meta name="auditor-audit-id" content="([0-9a-f]{32})">')
_MARKDOWN = re.compile(r"^<!-- auditor-audit-id: ([0-9a-f]{32}) -->$", re.MULTILINE)


def html(doc: dict) -> str:
    """The meta tag for a report's page head, or "" when the audit has no id."""
    return html_tag(doc["audit"].get("id"))


def html_tag(audit_id: str | None) -> str:
    """The meta tag naming ``audit_id`` for any page auditor writes from an audit, or "" without an id."""
    return f'<meta name="{NAME}" content="{audit_id}">\n' if audit_id else ""


def markdown(doc: dict) -> str:
    audit_id = doc["audit"].get("id")
    return f"<!-- {NAME}: {audit_id} -->\n" if audit_id else ""


def read(name: str, text: str) -> str | None:
    """The audit id a report (named ``name``, decrypted ``text``) records, or None."""
    name = name.removesuffix(".age")
    if name.endswith(".json"):
        try:
            doc = json.loads(text)
            found = doc.get("audit", {}).get("id") if isinstance(doc, dict) and isinstance(doc.get("audit"), dict) else None
        except ValueError:
            return None
        return found if isinstance(found, str) and _ID.match(found) else None
    if name.endswith(".csv"):
        try:
            row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))), None)  # the BOM (csvdoc.BOM)
        except csv.Error:
            return None
        found = (row or {}).get(CSV_COLUMN) or ""
        return found if _ID.match(found) else None
    pattern = _HTML if name.endswith(".html") else _MARKDOWN
    m = pattern.search(text[: 64 * 1024])  # both stamps sit at the top
    return m.group(1) if m else None
