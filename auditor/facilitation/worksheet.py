"""The printable worksheet: the checklists on paper, for groups that fill in an audit by hand.

Self-contained HTML (inline CSS, no scripts, no external references) that prints to a few
A4 or Letter pages. Every question in plain words with why we ask it, a tick box per choice,
"don't know" always, "not for this kind of tool" where the question is only asked of some
kinds of tool, and four tool columns. There is no place to write people's names or phone
numbers: roles and counts only.
"""

from __future__ import annotations

from html import escape

from auditor.content.model import Content, Question
from auditor.i18n import N_, _, current

TOOL_COLUMNS = 4
DONT_KNOW = N_("don't know")
NOT_FOR_TOOL = N_("not for this kind of tool")

CSS = """
@page { size: auto; margin: 12mm 11mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.6pt; line-height: 1.25; color: #000; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 1.5pt solid #000; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 9.5pt; margin: 2.5mm 0 1mm; break-after: avoid; page-break-after: avoid; }
.notice { border: 1.5pt solid #000; padding: 2mm 3mm; margin: 0 0 2mm; }
.notice strong { font-size: 10pt; }
.q { break-inside: avoid; page-break-inside: avoid; margin: 0 0 2mm; }
.prompt { font-weight: bold; }
.why { font-style: italic; color: #222; margin: 0.3mm 0 0.8mm; }
.only { font-size: 7.6pt; color: #333; }
.profile, .tools { column-count: 2; column-gap: 6mm; }
.choices { list-style: none; margin: 0; padding: 0; }
.choices li { margin: 0.3mm 0; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.9pt solid #000; vertical-align: -0.5mm; margin-right: 1.2mm; }
.count { display: inline-block; width: 16mm; border-bottom: 0.9pt solid #000; height: 4mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.6pt solid #555; padding: 0.5mm 1mm; vertical-align: middle; }
th { font-weight: normal; text-align: left; }
td.tick { width: 9mm; text-align: center; }
thead th { text-align: center; font-size: 7.8pt; }
.toolhead { height: 9mm; vertical-align: bottom; }
.dk td, .na td { font-style: italic; }
footer, .foot { font-size: 7.6pt; color: #333; margin-top: 3mm; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def _choices(q: Question) -> list[tuple[str, str]]:
    if q.type == "yesno":
        return [("yes", _("yes")), ("no", _("no"))]
    return [(c.id, c.label) for c in q.choices]


def _categories(q: Question, content: Content) -> str:
    if q.categories is None:
        return ""
    labels = [content.categories.get(c, c) for c in q.categories]
    return '<div class="only">' + _("Only for: {categories}. Otherwise tick &ldquo;{not_for_tool}&rdquo;.").format(
        categories=escape(", ".join(labels)), not_for_tool=escape(_(NOT_FOR_TOOL))) + "</div>"


def _profile_question(q: Question) -> str:
    parts = [f'<div class="q" data-question="{escape(q.id)}">', f'<div class="prompt">{escape(q.prompt)}</div>']
    if q.why:
        parts.append('<div class="why">' + escape(_("Why we ask: {why}").format(why=q.why)) + "</div>")
    parts.append('<ul class="choices">')
    if q.type == "count":
        unit = escape(q.unit or "")
        parts.append("<li>" + _('How many: {box} {unit} (a number, not names)').format(box='<span class="count"></span>', unit=unit) + "</li>")
    else:
        if q.type == "multi":
            parts.append('<li class="only">' + escape(_("Tick every one that applies.")) + "</li>")
        for _cid, label in _choices(q):
            parts.append(f'<li><span class="box"></span>{escape(label)}</li>')
    parts.append(f'<li class="dk"><span class="box"></span>{escape(_(DONT_KNOW))}</li>')
    parts.append("</ul></div>")
    return "".join(parts)


def _tool_question(q: Question, content: Content) -> str:
    cells = '<td class="tick"><span class="box"></span></td>' * TOOL_COLUMNS
    parts = [f'<div class="q" data-question="{escape(q.id)}">', f'<div class="prompt">{escape(q.prompt)}</div>']
    if q.why:
        parts.append('<div class="why">' + escape(_("Why we ask: {why}").format(why=q.why)) + "</div>")
    parts.append(_categories(q, content))
    parts.append("<table>")
    heads = "".join(f"<th>{i}</th>" for i in range(1, TOOL_COLUMNS + 1))
    head = _("tick every one that applies") if q.type == "multi" else _("answer")
    parts.append(f"<thead><tr><th>{escape(head)}</th>{heads}</tr></thead><tbody>")
    if q.type == "count":
        unit = escape(q.unit or "")
        count_cells = '<td class="tick"><span class="count"></span></td>' * TOOL_COLUMNS
        parts.append("<tr><th>" + _("How many {unit} (a number, not names)").format(unit=unit) + f"</th>{count_cells}</tr>")
    else:
        for _cid, label in _choices(q):
            parts.append(f"<tr><th>{escape(label)}</th>{cells}</tr>")
    parts.append(f'<tr class="dk"><th>{escape(_(DONT_KNOW))}</th>{cells}</tr>')
    if q.categories is not None:
        parts.append(f'<tr class="na"><th>{escape(_(NOT_FOR_TOOL))}</th>{cells}</tr>')
    parts.append("</tbody></table></div>")
    return "".join(parts)


def by_section(questions: list[Question], content: Content) -> list[tuple[str, list[Question]]]:
    """``questions`` grouped as the sheet prints them: (section heading, its questions in their order),
    sections in the checklists' section order, any unknown section after them (under its own name, or
    "Other questions" when it has none). The app's paper entry walks the sheet in this same order."""
    order = list(content.sections)
    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.section, []).append(q)
    keys = sorted(groups, key=lambda s: order.index(s) if s in order else len(order))
    return [(content.sections.get(k, k or _("Other questions")), groups[k]) for k in keys]


def render(content: Content) -> str:
    """The worksheet as one self-contained HTML page."""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(current())}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>" + escape(_("Worksheet: what could our tools expose?")) + "</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>" + escape(_("Worksheet: what could our tools expose about the people who call us?")) + "</h1>",
        '<div class="notice">' + _("<strong>Do not write anyone&rsquo;s name or phone number on this sheet.</strong> "
        "Roles and counts only (&ldquo;3 volunteers&rdquo;, &ldquo;the on-call phone&rdquo;), never names, numbers or the "
        "details of any call. This sheet describes how your group works: keep it somewhere safe and shred it once the "
        "answers are typed in. &ldquo;Don&rsquo;t know&rdquo; is always a fine answer: it is counted as exposure until "
        "someone finds out.") + "</div>",
        "<h2>" + escape(_("Part 1. About your group")) + "</h2>",
        '<div class="profile">',
    ]
    for title, qs in by_section(content.profile_questions, content):
        out.append(f"<h3>{escape(title)}</h3>")
        out.extend(_profile_question(q) for q in qs)
    out.append("</div>")
    out.append("<h2>" + escape(_("Part 2. Each tool you use")) + "</h2>")
    out.append(
        '<div class="notice">' + _("Write one tool per column, by what it is (&ldquo;WhatsApp dispatch chat&rdquo;, "
        "&ldquo;paper notebook&rdquo;, &ldquo;hotline phone&rdquo;), not by whose it is.") + "</div>"
    )
    heads = "".join('<td class="tick toolhead">' + escape(_("tool {n}").format(n=i)) + "</td>" for i in range(1, TOOL_COLUMNS + 1))
    out.append("<table><tbody><tr><th>" + _("Tool (what it is; no one&rsquo;s name)") + f"</th>{heads}</tr></tbody></table>")
    out.append('<div class="tools">')
    for title, qs in by_section(content.tool_questions, content):
        out.append(f"<h3>{escape(title)}</h3>")
        out.extend(_tool_question(q, content) for q in qs)
    out.append("</div>")
    out.append(
        '<p class="foot">' + escape(_("More than four tools? Use another copy of Part 2. Made by auditor, offline, from its "
        "checklists; the answers can be typed into the app section by section, in this order.")) + "</p>"
    )
    out.append("</body></html>")
    return "\n".join(out) + "\n"
