"""The report as JSON: the report document itself, stable key order, documented by
``auditor/schemas/report.schema.json``."""

from __future__ import annotations

import json


def render(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
