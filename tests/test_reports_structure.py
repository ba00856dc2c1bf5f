"""Every HTML report is well-formed where it matters: each list and table closes with its own tag."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment
from auditor.reports import render

CONTAINERS = {"ol", "ul", "table", "section", "details", "dl", "figure"}


class Nesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in CONTAINERS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in CONTAINERS:
            top = self.open.pop() if self.open else None
            if top != tag:
                self.errors.append(f"<{top}> closed by </{tag}> at line {self.getpos()[0]}")


@pytest.mark.parametrize("summary", [False, True], ids=["full", "summary"])
@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_list_and_table_closes_with_its_own_tag(path, summary):
    content = load_content()
    page = render(Assessment.of(load_audit(path, content), content), "html", summary, date="2026-11-20")
    parser = Nesting()
    parser.feed(page)
    assert parser.errors == [] and parser.open == []


def test_markdown_lines_carry_no_padding():
    """A Markdown table is not padded to its longest cell (1,600-character lines of spaces at 40 tools)."""
    import re

    content = load_content()
    for path in sorted(examples_dir().glob("*.yaml")):
        page = render(Assessment.of(load_audit(path, content), content), "md", date="2026-11-20")
        assert not re.search(r" {3,}\|", page), path.stem
