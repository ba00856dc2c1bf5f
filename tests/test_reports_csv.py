"""CSV for scripts and spreadsheets: a UTF-8 byte-order mark (LibreOffice and Excel then read "→" right),
a plan-key column (what `auditor action` takes), role, due date and status in columns of their own, and ids in
id columns with their labels beside them. Read with Python's csv module, as a script would."""

from __future__ import annotations

import csv
import io

import pytest

from auditor.audits import actions
from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.content.model import KIND_ORDER
from auditor.engine.assessment import Assessment
from auditor.reports import write
from auditor.reports.vocab import STATUS

DATE = "2026-11-20"


@pytest.fixture(scope="module")
def cycle2():
    content = load_content()
    return Assessment.of(load_audit(examples_dir() / "mutual-aid-cycle-2.yaml", content), content)


def read(path) -> tuple[bytes, list[dict]]:
    data = path.read_bytes()
    return data, list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("summary", [False, True], ids=["full", "summary"])
def test_the_file_starts_with_a_byte_order_mark(cycle2, tmp_path, summary):
    data, rows = read(write(cycle2, "csv", summary, out_dir=tmp_path, date=DATE))
    assert data.startswith(b"\xef\xbb\xbf")
    assert rows and "row_type" in rows[0]  # the mark is not part of the first column's name


def test_plan_rows_carry_key_role_due_and_status_in_their_own_columns(cycle2, tmp_path):
    _data, rows = read(write(cycle2, "csv", out_dir=tmp_path, date=DATE))
    plan = [r for r in rows if r["row_type"] == "proposal"]
    assert [r["key"] for r in plan] == [p.key for p in cycle2.plan]
    for r in plan:
        record = cycle2.audit.actions.get(r["key"], {})
        assert r["status"] == actions.status_of(cycle2.audit, r["key"]) and r["status"] in STATUS
        assert r["role"] == record.get("role", "") and r["due"] == record.get("due", "")
        assert r["status_reason"] == record.get("reason", "")
        assert r["kind"] in KIND_ORDER and r["kind_label"] and r["kind_label"] != r["kind"]
    assert any(r["role"] and r["due"] for r in plan), "the example tracks a role and a due date"


def test_summary_rows_keep_ids_and_labels_apart(cycle2, tmp_path):
    _data, rows = read(write(cycle2, "csv", True, out_dir=tmp_path, date=DATE))
    kinds = [r for r in rows if r["row_type"] in ("plan_kind", "top_action")]
    assert kinds
    for r in kinds:
        assert r["kind"] in KIND_ORDER and r["kind_label"]
        assert r["status"] in ("", *STATUS)
