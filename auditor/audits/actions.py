"""Tracked actions: an agreed plan item with a role, a due date and a status.

Stored in the audit file under ``plan.actions`` (``{key: {status, role, due,
reason}}``). A role names a job in the group ("on-call coordinator"), never a
person: the audit is a subpoena target too. ``agreed``, ``in_progress`` and
``done`` keep the key in ``plan.agreed`` (so projections count it); ``dropped``
takes it out, and the action record keeps why. ``accepted`` is a decision not to
make the change, an accepted risk: it needs its reason, stays out of the plan
the group is carrying out, and every view and the next cycle keep it.
"""

from __future__ import annotations

import datetime as _dt
import re

from auditor.audits.model import Audit
from auditor.errors import InputError

STATUSES = ("agreed", "in_progress", "done", "dropped", "accepted")
NOT_DOING = ("dropped", "accepted")  # out of plan.agreed: given up, or decided against (an accepted risk)
COMMITTED = ("agreed", "in_progress", "done")
MAX_ROLE, MAX_REASON = 80, 300

# Things a role must not contain: an email address, a phone-like number, a handle.
_CONTACT = re.compile(r"@|\d[\d .()-]{5,}\d|https?://")


def check_role(role: str) -> str:
    role = " ".join(role.split())
    if len(role) > MAX_ROLE:
        raise InputError.one("--role", f"at most {MAX_ROLE} characters: a role such as 'on-call coordinator'")
    if _CONTACT.search(role):
        raise InputError.one("--role", "looks like contact details; write a role ('on-call coordinator'), never a name, number or address")
    return role


def check_due(due: str) -> str:
    try:
        _dt.date.fromisoformat(due)
    except ValueError:
        raise InputError.one("--due", f"expected YYYY-MM-DD, got {due!r}") from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
        raise InputError.one("--due", f"expected YYYY-MM-DD, got {due!r}")
    return due


def status_of(audit: Audit, key: str) -> str:
    """"proposed", or the tracked status; an agreed key without a record is "agreed"."""
    record = audit.actions.get(key)
    if record and record.get("status") in STATUSES:
        return record["status"]
    return "agreed" if key in audit.agreed else "proposed"


def set_action(
    audit: Audit,
    key: str,
    *,
    status: str | None = None,
    role: str | None = None,
    due: str | None = None,
    reason: str | None = None,
) -> dict:
    """Update one plan item's tracking and keep ``audit.agreed`` in step. Empty strings clear a field."""
    if status is not None and status not in STATUSES:
        raise InputError.one("--status", f"one of: {', '.join(STATUSES)}")
    record = dict(audit.actions.get(key) or {})
    record["status"] = status or record.get("status") or "agreed"
    for name, value, check in (("role", role, check_role), ("due", due, check_due)):
        if value is None:
            continue
        if value.strip():
            record[name] = check(value)
        else:
            record.pop(name, None)
    if reason is not None:
        reason = " ".join(reason.split())
        if len(reason) > MAX_REASON:
            raise InputError.one("--reason", f"at most {MAX_REASON} characters")
        if reason:
            record["reason"] = reason
        else:
            record.pop("reason", None)
    if record["status"] == "accepted" and not record.get("reason"):
        raise InputError.one("--reason", "say why the group decided not to make this change (an accepted risk needs its reason)")
    audit.actions[key] = {k: record[k] for k in ("status", "role", "due", "reason") if k in record}
    if record["status"] in COMMITTED and key not in audit.agreed:
        audit.agreed.append(key)
    if record["status"] in NOT_DOING and key in audit.agreed:
        audit.agreed.remove(key)
    return audit.actions[key]


def tracked(audit: Audit, key: str) -> dict | None:
    """What a report shows for one plan item: status, role, due, reason (None if never agreed)."""
    status = status_of(audit, key)
    if status == "proposed":
        return None
    record = audit.actions.get(key) or {}
    return {"status": status, "role": str(record.get("role", "")), "due": str(record.get("due", "")), "reason": str(record.get("reason", ""))}
