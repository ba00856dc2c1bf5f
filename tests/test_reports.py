"""Reports: what they contain, that user text stays literal and inert, and what the summary leaves out."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from jsonschema import Draft202012Validator

from auditor.audits.model import load_audit, parse_audit, unanswered
from auditor.content.loader import examples_dir, load_content
from auditor.reports import FORMATS, render
from auditor.reports.document import CAVEAT_HEAD, build
from auditor.reports.markdown import md
from auditor.engine.assessment import Assessment, assessment_dict
from auditor.content.schema import schema_json

DATE = "2026-11-20"
EXAMPLES = sorted(examples_dir().glob("*.yaml"))

HOSTILE_NAMES = ["<script>alert(1)</script> zebra", '"><img src=x onerror=alert(2)> okapi', "Slack [free tier] | pipe tapir"]
HOSTILE_NOTES = "Call notes </td><script>alert(3)</script>\nsecond line | with pipe & ampersand quokka"
MARKERS = ["zebra", "okapi", "tapir", "quokka", "wombat"]


@pytest.fixture(scope="module")
def content():
    return load_content()


def hostile_raw() -> dict:
    return {
        "kind": "audit",
        "format": 1,
        "title": "Spring <b>cycle</b> & \"friends\"",
        "profile": {"formation": "mutual_aid", "team_size": 12, "serves": ["under_18"]},
        "profile_notes": "Group notes <style>body{background:url(http://evil.example/x)}</style> wombat",
        "tools": [
            {
                "id": "t1",
                "name": HOSTILE_NAMES[0],
                "catalog": "whatsapp",
                "answers": {"data_kinds": ["caller_identity", "location"], "people_with_access": 40, "retention": "years"},
                "notes": HOSTILE_NOTES,
            },
            {
                "id": "t2",
                "name": HOSTILE_NAMES[1],
                "catalog": "google_sheets",
                "answers": {"data_kinds": ["situation_details", "minors_details"], "people_with_access": 1},
            },
            {"id": "t3", "name": HOSTILE_NAMES[2], "category": "team_chat", "answers": {"data_kinds": "unknown"}},
        ],
    }


@pytest.fixture(scope="module")
def hostile(content):
    audit = parse_audit(hostile_raw(), None, "hostile.yaml", content)
    return Assessment.of(audit, content)


@pytest.fixture(scope="module")
def examples(content):
    return {p.stem: Assessment.of(load_audit(p, content), content) for p in EXAMPLES}


# -- the document ------------------------------------------------------------


def test_document_matches_score_json(hostile):
    """The report re-uses the assessment: same scores, same findings, same plan in the same order."""
    base = assessment_dict(hostile)
    doc = build(hostile, date=DATE)
    assert [t["id"] for t in doc["threats"]] == list(base["threats"])
    for t in doc["threats"]:
        assert t["score"] == base["scores"][t["id"]]["score"]
        assert t["summary"] == base["threats"][t["id"]]["summary"] and t["summary"]
        assert t["after_plan"] == base["projected"]["all_proposals"][t["id"]]
    assert [p["key"] for p in doc["plan"]["proposals"]] == [p["key"] for p in base["proposals"]]
    assert len(doc["findings"]) == len({(f["rule"], f["tool"]) for f in base["findings"]})
    for f in doc["findings"]:
        for threat, pts in f["points"].items():
            assert any(g["rule"] == f["rule"] and g["tool"] == f["tool"] and g["points"].get(threat) == pts for g in base["findings"])


def test_exposure_lists_each_kind_with_where_how_long_and_who(hostile, content):
    exp = build(hostile, date=DATE)["exposure"]
    kinds = {k["id"]: k for k in exp["kinds"]}
    assert [w["tool"] for w in kinds["caller_identity"]["tools"]] == ["t1"]
    where = kinds["caller_identity"]["tools"][0]
    assert where["retention"] == {"value": "years", "label": content.questions["retention"].label_of("years"), "origin": "answer"}
    assert where["people"] == {"value": 40, "label": "40 people", "origin": "answer"}
    sheet = kinds["minors_details"]["tools"][0]
    assert sheet["tool"] == "t2" and sheet["people"]["label"] == "1 person"
    # Retention not answered for the sheet: the catalog default, and it says so.
    assert sheet["retention"]["origin"] == "catalog"
    assert sheet["retention"]["value"] == content.catalog["google_sheets"].facts["retention"].value
    assert "logistics" not in kinds
    # Kinds follow the checklist's order.
    order = [c.id for c in content.questions["data_kinds"].choices]
    assert [k["id"] for k in exp["kinds"]] == sorted(kinds, key=order.index)
    assert exp["unknown_contents"] == [{"tool": "t3", "tool_name": HOSTILE_NAMES[2], "origin": "answer"}]


def test_open_questions_cover_dont_know_and_unanswered(hostile, content):
    doc = build(hostile, date=DATE)
    opened = doc["open_questions"]
    assert {(o["tool"], o["question"]) for o in opened if o["status"] == "unanswered"} == set(unanswered(hostile.audit, content))
    assert {"tool": "t3", "question": "data_kinds"} in [{"tool": o["tool"], "question": o["question"]} for o in opened if o["status"] == "dont_know"]
    counts = doc["open_counts"]
    assert sum(counts.values()) == len(opened) and counts["dont_know"] >= 1 and counts["unanswered"] >= 1


def test_json_validates_against_the_shipped_schema(hostile, examples):
    validator = Draft202012Validator(schema_json("report"))
    Draft202012Validator.check_schema(schema_json("report"))
    for a in [hostile, *examples.values()]:
        for summary in (False, True):
            doc = json.loads(render(a, "json", summary, date=DATE))
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
            assert errors == []
            assert doc["report_format"] == 3 and doc["$schema"] == "auditor:report" and doc["report"] == ("summary" if summary else "full")


def test_schema_rejects_a_summary_that_carries_the_tool_map(hostile):
    validator = Draft202012Validator(schema_json("report"))
    doc = json.loads(render(hostile, "json", True, date=DATE))
    doc["tools"] = []
    assert list(validator.iter_errors(doc))


def test_json_output_is_stable(hostile):
    assert render(hostile, "json", date=DATE) == render(hostile, "json", date=DATE)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_carries_the_caveat_or_the_scores(fmt, hostile):
    out = render(hostile, fmt, date=DATE)
    if fmt == "csv":
        assert out.startswith("\ufeffrow_type,")  # after the byte-order mark
    else:
        assert CAVEAT_HEAD in out


def test_unknown_format_is_refused(hostile):
    with pytest.raises(ValueError):
        render(hostile, "pdf")


# -- HTML: self-contained, inert, escaped ---------------------------------------


class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.style: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        (self.style if self._in_style else self.text).append(data)


ALLOWED_TAGS = {
    "div", "colgroup", "col",
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "nav", "section", "article", "bdi", "details", "summary", "h1", "h2",
    "h3", "p", "ol", "ul", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "strong", "span", "br", "dl", "dt", "dd",
    "figure", "figcaption", "svg", "defs", "pattern", "rect", "line", "text", "tspan", "polyline", "circle", "path",
}


def parse(page: str) -> Collect:
    c = Collect()
    c.feed(page)
    c.close()
    return c


def assert_inert(page: str) -> Collect:
    c = parse(page)
    tags = {t for t, _ in c.tags}
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    for tag, attrs in c.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "href", "xlink:href", "action", "srcset"):
                assert value.startswith("#"), (tag, name, value)
            for ref in re.findall(r"url\(\s*['\"]?([^)'\"]*)", value or ""):
                assert ref.startswith("#"), (tag, name, value)
    css = "".join(c.style)
    assert "@import" not in css and "@font-face" not in css
    for ref in re.findall(r"url\(\s*['\"]?([^)'\"]*)", css):
        assert ref.startswith("#"), ref
    assert not re.search(r"(https?:)?//", css)
    return c


@pytest.mark.parametrize("summary", [False, True], ids=["full", "summary"])
def test_html_is_self_contained_and_has_no_scripts(summary, hostile, examples):
    for a in [hostile, *examples.values()]:
        page = render(a, "html", summary, date=DATE)
        c = assert_inert(page)
        assert any(t == "svg" for t, _ in c.tags), "the score chart is inline SVG"
        csp = [a["content"] for t, a in c.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
        assert "@media print" in page and "@page" in page


def test_html_shows_hostile_text_literally(hostile):
    page = render(hostile, "html", date=DATE)
    c = assert_inert(page)
    text = "".join(c.text)
    for name in HOSTILE_NAMES:
        assert name in text
    assert "</td><script>alert(3)</script>" in text
    assert "wombat" in text and "<style>" in text  # the group's notes, as text
    assert 'Spring <b>cycle</b> & "friends"' in text
    # And in the raw page only escaped forms.
    assert "<script>" not in page and "<img" not in page and "<b>cycle" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x" in page


def test_html_severity_is_written_in_words(hostile):
    doc = build(hostile, date=DATE)
    text = "".join(parse(render(hostile, "html", date=DATE)).text)
    for t in doc["threats"]:
        assert t["level"] in text
    assert re.search(r"\d+ \((none|low|moderate|high|severe)\)", text), "bars carry their level in words"


# -- Markdown ------------------------------------------------------------------------------


def test_markdown_escapes_user_text():
    assert md("Slack [free tier] | pipe") == "Slack \\[free tier\\] \\| pipe"
    assert md("a\nb\r\n  c") == "a b c"
    assert md("<script>x</script>") == "\\<script\\>x\\</script\\>"
    assert md("mandated_reporters") == "mandated_reporters"
    assert md("_emph_ *bold* `code` back\\slash") == "\\_emph\\_ \\*bold\\* \\`code\\` back\\\\slash"


def test_markdown_tables_survive_pipes_and_newlines(hostile):
    out = render(hostile, "md", date=DATE)
    assert "Slack \\[free tier\\] \\| pipe tapir" in out
    body = "\n".join(line for line in out.splitlines() if not line.startswith("> "))  # our own blockquote
    assert not re.search(r"(?<!\\)[<>]", body), "every angle bracket from user text is escaped"
    # the notes' newline is flattened, the second line stays with the first
    assert "Call notes \\</td\\>\\<script\\>alert(3)\\</script\\> second line \\| with pipe" in out


def test_markdown_row_widths_are_consistent(hostile):
    out = render(hostile, "md", date=DATE)
    blocks, current = [], []
    for line in out.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    assert blocks
    for block in blocks:
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in block}
        assert len(counts) == 1, block


def test_markdown_has_every_section(hostile):
    out = render(hostile, "md", date=DATE)
    headings = ("## Start here", "## Scores per threat", "## The plan", "## Findings", "## Tools and the group's practices",
                "## What exists to be exposed", "## Still open", "## Method")
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions), "start here first, the plan before the findings"
    for heading in headings:
        assert heading in out
    assert "Since last cycle" not in out  # no history in this audit


# -- CSV -----------------------------------------------------------------------------------


def test_csv_has_one_row_per_finding_and_per_proposal(hostile):
    doc = build(hostile, date=DATE)
    rows = list(csv.DictReader(io.StringIO(render(hostile, "csv", date=DATE).removeprefix("\ufeff"))))
    assert [r["row_type"] for r in rows] == (
        ["score"] * len(doc["threats"]) + ["finding"] * len(doc["findings"]) + ["proposal"] * len(doc["plan"]["proposals"])
    )
    assert {r["tool_name"] for r in rows if r["tool"] == "t3"} <= {"Slack [free tier] | pipe tapir"}
    findings = [r for r in rows if r["row_type"] == "finding"]
    assert all(r["reason"] and r["sources"] and r["rule"] for r in findings)
    proposals = [r for r in rows if r["row_type"] == "proposal"]
    assert [int(r["rank"]) for r in proposals] == list(range(1, len(proposals) + 1))


def test_csv_neutralises_spreadsheet_formulas(content):
    raw = hostile_raw()
    raw["tools"][0]["name"] = "=HYPERLINK(\"http://x\")"
    a = Assessment.of(parse_audit(raw, None, "f.yaml", content), content)
    rows = list(csv.DictReader(io.StringIO(render(a, "csv", date=DATE).removeprefix("\ufeff"))))
    names = {r["tool_name"] for r in rows if r["tool"] == "t1"}
    assert names == {"'=HYPERLINK(\"http://x\")"}


# -- the shareable summary ---------------------------------------------------------------------


def _strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_summary_has_no_tool_names_or_notes(fmt, hostile, examples):
    full = render(hostile, fmt, False, date=DATE)
    summary = render(hostile, fmt, True, date=DATE)
    carried = MARKERS if fmt != "csv" else MARKERS[:3]  # CSV has findings and the plan, no notes
    for marker in carried:
        assert marker in full  # the full report does carry them, so this test can fail
        assert marker not in summary
    for a in examples.values():
        out = render(a, fmt, True, date=DATE)
        for tool in a.audit.tools:
            assert tool.name not in out
            # An id can be an ordinary word ("hotline" is also in a rule title): look for it as an id.
            assert f"{tool.id}:" not in out and f'"{tool.id}"' not in out
            for line in filter(None, (s.strip() for s in tool.notes.splitlines())):
                assert line not in out
        for line in filter(None, (s.strip() for s in a.audit.profile_notes.splitlines())):
            assert line not in out


def test_summary_json_carries_no_tool_fields(hostile):
    doc = json.loads(render(hostile, "json", True, date=DATE))
    for key in ("tools", "exposure", "findings", "open_questions", "group_notes"):
        assert key not in doc
    assert "proposals" not in doc["plan"]
    strings = " ".join(_strings(doc))
    assert "t1" not in re.findall(r"\bt\d\b", strings)
    kinds = {k["kind"]: k["count"] for k in doc["plan"]["kinds"]}
    full = build(hostile, date=DATE)
    assert sum(kinds.values()) == full["plan"]["count"] == doc["plan"]["count"]
    for kind, n in kinds.items():
        assert n == sum(1 for p in full["plan"]["proposals"] if p["kind"] == kind)


def test_summary_keeps_scores_and_plan_effect(hostile):
    full, summary = build(hostile, date=DATE), build(hostile, True, date=DATE)
    assert full["threats"] == summary["threats"]
    assert summary["plan"]["after_plan"] == full["plan"]["after_plan"]


# -- history across cycles -------------------------------------------------------------------


@pytest.fixture
def with_history(content):
    raw = hostile_raw()
    raw["cycle"] = {"number": 3}
    raw["updated"] = "2026-11-01T10:00:00"
    raw["history"] = [
        {"cycle": 1, "date": "2026-01-10", "scores": {"subpoena": 80, "metadata": 60, "gossip": 70, "mandated_reporters": 40},
         "points": {}, "findings": 20, "tools": 6, "ruleset": {"fingerprint": "aaaaaaaaaaaa", "rulesets": {}}},
        {"cycle": 2, "date": "2026-05-01 <script>alert(4)</script>", "scores": {"subpoena": 5, "metadata": "lots", "gossip": True},
         "findings": 9, "tools": 4, "ruleset": {"fingerprint": "bbbbbbbbbbbb", "rulesets": {}}},
    ]
    hostile_entry = raw["history"].pop()
    audit = parse_audit(raw, None, "h.yaml", content)
    # The audit schema now refuses such an entry (issue 16); the report must not trust the history even so.
    audit.extra["history"].append(hostile_entry)
    audit.extra["history"].insert(1, "not a mapping, skipped")
    return Assessment.of(audit, content)


def test_history_compares_with_the_last_cycle(with_history):
    doc = build(with_history, date=DATE)
    h = doc["history"]
    assert [c["cycle"] for c in h["cycles"]] == [1, 2]
    assert h["cycles"][1]["scores"] == {"subpoena": 5}  # malformed values skipped, not trusted
    assert h["current"]["cycle"] == 3 and h["current"]["date"] == "2026-11-01"
    now = {t["id"]: t["score"] for t in doc["threats"]}
    by_threat = {c["threat"]: c for c in h["since_last"]}
    assert by_threat["subpoena"]["change"] == now["subpoena"] - 5
    assert by_threat["metadata"] == {"threat": "metadata", "before": None, "now": now["metadata"], "change": None, "direction": "not recorded"}
    assert h["rules_changed"] is True


def test_history_in_markdown_and_html(with_history):
    out = render(with_history, "md", date=DATE)
    assert "## Since last cycle" in out
    assert "Cycle 1 (2026-01-10)" in out and "\\<script\\>alert(4)" in out
    page = render(with_history, "html", date=DATE)
    c = assert_inert(page)
    svgs = [t for t, _ in c.tags if t == "svg"]
    assert len(svgs) == 2, "bar chart and the history line chart"
    assert any(t == "polyline" for t, _ in c.tags)
    assert "<script>alert(4)" not in page and "alert(4)" in "".join(c.text)
    summary = render(with_history, "md", True, date=DATE)
    assert "## Since last cycle" in summary


def test_no_history_means_no_section(hostile):
    assert build(hostile, date=DATE)["history"] is None
    assert "since-last-cycle" not in render(hostile, "html", date=DATE)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_printed_plans_carry_how_to_do_each_change_and_when_not_to_delete(fmt, examples):
    """The caveats live in each item's detail (what stays, when not to delete): paper must carry them."""
    a = examples["mutual-aid"]
    import html as _html

    out = render(a, fmt, False, date=DATE)
    out = _html.unescape(out) if fmt == "html" else out
    for item in a.plan[:10]:
        first_sentence = item.proposal.detail.split(". ")[0]
        assert first_sentence in out.replace("\n", " ") or md(first_sentence) in out, item.key
    assert "Before deleting: once legal process is known or expected" in out


def test_an_item_that_raises_a_score_says_so_with_a_plus_sign():
    """A switch of tool can raise one threat a little (more phones hold the details): the running column says
    "(+2)", never "(−-2)", in Markdown and HTML alike."""
    from auditor.reports import html as H
    from auditor.reports import text as T

    item = {"running": {"gossip": 51, "subpoena": 62}, "score_reduction": {"gossip": -2, "subpoena": 3}}
    assert T.running_cell(item, "gossip") == "51 (+2)" and T.running_cell(item, "subpoena") == "62 (\u22123)"
    assert re.sub(r"<[^>]+>", "", H._running(item, "gossip")) == "51 (+2)"
    assert T.cut_text(1.5) == "\u22121.5" and T.cut_text(-0.5) == "+0.5"
