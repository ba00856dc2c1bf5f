"""The JSON edge: shared text once, nothing lost, the same text whether written whole or in pieces."""

from __future__ import annotations

import copy
import io
import json

from auditor.reports import jsondoc


def _finding(i: int, reason: str = "Links get forwarded.") -> dict:
    return {"rule": "GOS-009", "tool": f"t{i}", "tool_name": f"Tool {i}", "title": "Anyone with the link", "severity": "high",
            "reason": reason, "sources": ["EFF"], "exposure": "content", "exposure_label": "what is written",
            "triggers": [{"question": "link_sharing", "prompt": "Can anyone with the link open it?", "value": "yes", "answer": "Yes", "origin": "answer"}]}


def _doc(n: int) -> dict:
    return {"audit": {"title": "", "updated": ""}, "tools": [{"id": f"t{i}", "name": f"Tool {i}"} for i in range(n)],
            "findings": [_finding(i) for i in range(n)]}


def test_a_rules_text_and_an_answer_are_written_once_and_a_different_one_is_kept():
    doc = _doc(3)
    doc["findings"].append(_finding(2, reason="A rule pack said it otherwise."))
    out = json.loads(jsondoc.dumps(doc))
    assert out["rules"] == {"GOS-009": {"title": "Anyone with the link", "severity": "high", "reason": "Links get forwarded.", "sources": ["EFF"]}}
    assert out["questions"] == {"link_sharing": {"prompt": "Can anyone with the link open it?"}}
    assert out["answers"] == [{"question": "link_sharing", "value": "yes", "answer": "Yes", "origin": "answer"}]
    assert [f["triggers"] for f in out["findings"]] == [[0]] * 4
    assert out["findings"][3]["reason"] == "A rule pack said it otherwise." and "reason" not in out["findings"][0]
    assert "tool_name" not in out["findings"][0]  # the name is in 'tools'
    assert out["audit"] == {"title": None, "updated": None}


def test_written_in_pieces_it_is_the_same_text():
    doc = _doc(2 * jsondoc.PIECE + 7)
    whole = jsondoc.dumps(copy.deepcopy(doc)) + "\n"
    pieces = io.StringIO()
    jsondoc.write(doc, pieces)
    assert pieces.getvalue() == whole and "\n" not in whole[:-1]
