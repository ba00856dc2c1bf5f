"""The printable worksheet: every question, "don't know" everywhere, no place for names, self-contained."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.content.loader import load_content
from auditor.facilitation import worksheet

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def page(content):
    return worksheet.render(content)


class _Blocks(HTMLParser):
    """Question blocks (data-question) with their text, and every tag and attribute seen."""

    def __init__(self):
        super().__init__()
        self.blocks: dict[str, str] = {}
        self.tags: list[tuple[str, dict]] = []
        self._current: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "div":
            if self._current is not None:
                self._depth += 1
            elif "data-question" in attrs:
                self._current, self._depth = attrs["data-question"], 0
                self.blocks[self._current] = ""

    def handle_endtag(self, tag):
        if tag == "div" and self._current is not None:
            if self._depth == 0:
                self._current = None
            else:
                self._depth -= 1

    def handle_data(self, data):
        if self._current is not None:
            self.blocks[self._current] += data


def _parse(page: str) -> _Blocks:
    p = _Blocks()
    p.feed(page)
    return p


def test_every_question_with_why_and_dont_know(content, page):
    blocks = _parse(page).blocks
    questions = content.profile_questions + content.tool_questions
    assert set(blocks) == {q.id for q in questions}
    for q in questions:
        text = " ".join(blocks[q.id].split())
        assert " ".join(q.prompt.split()) in text, q.id
        if q.why:
            assert " ".join(q.why.split()) in text, q.id
        assert text.count("don't know") == 1, q.id
        for choice in q.choices:
            assert " ".join(choice.label.split()) in text, (q.id, choice.id)
        if q.scope == "tool" and q.categories is not None:
            assert "not for this kind of tool" in text, q.id


def test_tick_boxes_for_four_tools(content, page):
    blocks = page.split('data-question="')
    by_id = {b.split('"', 1)[0]: b for b in blocks[1:]}
    for q in content.tool_questions:
        rows = len(q.choice_ids) if q.type != "count" else 0
        rows += 1 + (q.categories is not None)
        assert by_id[q.id].count('class="box"') == rows * worksheet.TOOL_COLUMNS, q.id


def test_no_place_for_names_or_phone_numbers(page):
    tags = _parse(page).tags
    assert not [t for t, _ in tags if t in ("input", "textarea", "select", "form")]
    for tag, attrs in tags:
        for value in attrs.values():
            assert not re.search(r"\b(name|phone|tel|email)\b", value or "", re.I), (tag, attrs)
    # the places to write say what to write: counts, and tools by what they are
    assert "Do not write anyone&rsquo;s name or phone number" in page
    assert "not names" in page
    assert not re.search(r"name:\s*_|phone:\s*_|your name|contact (name|number)", page, re.I)


def test_self_contained(page):
    lower = page.lower()
    assert "<script" not in lower and "javascript:" not in lower
    assert not re.search(r"""(src|href)\s*=""", lower)
    assert "@import" not in lower and "url(" not in lower and "http" not in lower
    assert "@page" in lower and "@media print" in lower


def test_command_writes_private_and_never_overwrites(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["worksheet"]) == 0
    written = sorted((tmp_path / "reports").glob("*-worksheet.html"))
    assert len(written) == 1
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o600
    assert main(["worksheet"]) == 0
    assert len(list((tmp_path / "reports").glob("*-worksheet*.html"))) == 2
    out = tmp_path / "sheet.html"
    assert main(["worksheet", "-o", str(out)]) == 0
    assert main(["worksheet", "-o", str(out)]) == 2
    assert "never overwritten" in capsys.readouterr().err


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed: the worksheet is not printed to PDF here")
def test_prints_to_a_few_pages(page, tmp_path):
    src = tmp_path / "worksheet.html"
    src.write_text(page, encoding="utf-8")
    pdf = tmp_path / "worksheet.pdf"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri(),
    ]
    try:
        subprocess.run(cmd, capture_output=True, timeout=90, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish printing within 90 s on this machine")
    if not pdf.exists():
        pytest.skip("chromium ran but wrote no PDF here")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 1 <= pages <= 10, pages
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def test_the_sheets_sections_come_from_one_public_function_the_paper_entry_shares(content):
    """``by_section``: each question once, in sections in the checklists' section order. The app's paper
    entry walks the sheet in the same order by calling it, not a private copy or a private name."""
    import ast

    import auditor

    assert worksheet.by_section.__doc__
    order = list(content.sections)
    for questions in (content.profile_questions, content.tool_questions):
        groups = worksheet.by_section(questions, content)
        assert sorted(q.id for _, qs in groups for q in qs) == sorted(q.id for q in questions)
        titles = [title for title, _ in groups]
        known = [t for t in titles if t in content.sections.values()]
        assert known == sorted(known, key=lambda t: order.index(next(k for k, v in content.sections.items() if v == t)))
        for title, qs in groups:
            assert all(content.sections.get(q.section, q.section or "Other questions") == title for q in qs)
    source = Path(auditor.__file__).parent / "tui" / "paper_entry.py"
    imported = {(node.module, a.name) for node in ast.walk(ast.parse(source.read_text())) if isinstance(node, ast.ImportFrom) for a in node.names}
    assert ("auditor.facilitation.worksheet", "by_section") in imported
    assert not [name for module, name in imported if (module or "").startswith("auditor") and name.startswith("_") and name not in ("_", "N_")]
