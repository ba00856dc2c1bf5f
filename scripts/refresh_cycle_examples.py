"""Refresh the recorded ruleset and cycle-1 history entry in the example cycle pair.

Run from the repo root after changing rules or checklists: python scripts/refresh_cycle_examples.py
Then regenerate the report golden files: UPDATE_GOLDEN=1 pytest tests/test_reports_golden.py
"""
from auditor.content.loader import load_content
from auditor.audits.model import load_audit, dump_audit
from auditor.audits import cycles
from auditor.content import yamlio
c = load_content()
p1, p2 = "examples/mutual-aid-cycle-1.yaml", "examples/mutual-aid-cycle-2.yaml"
s = open(p1).read()
s = s[: s.index("\nruleset:\n") + 1] + yamlio.dump({"ruleset": cycles.ruleset_record(c)})
open(p1, "w").write(s)
a1 = load_audit(p1, c)
a2 = load_audit(p2, c)
a2.extra["history"] = [cycles.summary_entry(a1, c)]
a2.extra["ruleset"] = cycles.ruleset_record(c)
# dump_audit keeps the file's header comment (it was read with the audit).
open(p2, "w").write(dump_audit(a2))
print(c.fingerprint)
