"""The report as one self-contained, printable HTML file.

Inline CSS (with a print stylesheet), inline SVG charts, no scripts and nothing
that loads from anywhere: a Content-Security-Policy forbids it as a second
line of defence. Every string is escaped with ``html.escape(quote=True)``,
including our own, so a tool called ``"><img src=x>`` is shown, not run.
Severity is always written in words; colour only repeats it.

Layout: a confidential banner, then "start here" (what to do first and what
remains), scores, the plan, ranked findings, the tools and the group's own
practices, what exists, what is open, and a method appendix. Print: A4/Letter
with page numbers and the confidential line in every page header (CSS paged
media margin boxes). Phone: tables become stacked cards (each cell labelled),
the score chart scales to the screen with its values, long names wrap.
"""

from __future__ import annotations

from html import escape

from auditor.content.model import brief_name
from auditor.engine.scoring import level as score_level
from auditor.i18n import _, current, ngettext

from . import stamp, svg, vocab
from . import text as T
from .document import CAVEAT_BODY, CAVEAT_HEAD, CONFIDENTIAL, card_sections, named_few, threat_titles
from .inventory import grouped_open_questions, status_words


def e(value: object) -> str:
    return escape(str(value), quote=True)


def user(value: object) -> str:
    """User-entered free text: escaped, isolated (``<bdi>``: a right-to-left name never reorders the sentence
    around it), line breaks kept by CSS (white-space: pre-wrap)."""
    return f'<bdi class="user">{e(str(value).strip())}</bdi>'


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #ffffff; color: #1f2328;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.2rem 1.5rem 4rem; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: .2rem 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid #d0d7de; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; break-after: avoid; }
p { margin: .45rem 0; }
a { color: #24476b; }
main, td, th, li, dd, p, h1, h2, h3 { overflow-wrap: break-word; }
.banner { margin: 0 0 .8rem; padding: .35rem .7rem; border: 2px solid #8a1212; color: #8a1212; font-weight: 700;
  text-align: center; letter-spacing: .02em; }
.kicker { margin: 0; color: #57606a; text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; }
.meta { color: #57606a; margin: 0; }
.start { border: 3px solid #24476b; border-radius: .5rem; padding: .3rem 1.1rem .8rem; margin: 1rem 0 1.4rem; }
.start h2 { border: 0; margin-top: .5rem; }
.lead { font-size: 1.1rem; }
.top { margin: .3rem 0; padding-left: 1.6rem; }
.top li { margin: .35rem 0; }
.remains { border-left: 6px solid #57606a; padding: .2rem .8rem; margin: .6rem 0; }
.caveat { border-left: 6px solid #8a6d00; background: #fff8e1; padding: .6rem 1rem; margin: 1rem 0; }
.note { color: #57606a; font-size: .9rem; }
th .note { display: block; font-weight: normal; margin-top: .15rem; }
nav ol { columns: 2; margin: .4rem 0; padding-left: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .45rem; border-bottom: 1px solid #d0d7de; }
thead th { background: #f3f4f6; border-bottom: 2px solid #afb8c1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total th, tr.total td { border-top: 2px solid #afb8c1; font-weight: 600; }
ul.changes { margin: .15rem 0 0; padding-left: 1.1rem; }
.overdue { color: #8a1212; }
table.actions td.blank { min-width: 6rem; border-bottom: 1px solid #57606a; } /* a line to write on, printed */
.level { display: inline-block; min-width: 4.6rem; padding: 0 .4rem; border: 1px solid; border-radius: .3rem;
  font-size: .85rem; text-align: center; }
.level-none { color: #3b6e22; border-color: #3b6e22; }
.level-low { color: #3b5b7a; border-color: #3b5b7a; }
.level-moderate { color: #7a5c00; border-color: #7a5c00; }
.level-high { color: #8a3b12; border-color: #8a3b12; font-weight: 600; }
.level-severe { color: #ffffff; background: #8a1212; border-color: #8a1212; font-weight: 600; }
.status-done { color: #3b6e22; font-weight: 600; }
.status-dropped { color: #57606a; text-decoration: line-through; }
figure { margin: .8rem 0; max-width: 100%; overflow-x: auto; }
figcaption { color: #57606a; font-size: .9rem; }
svg.chart { display: block; width: 100%; max-width: 560px; height: auto; font-family: inherit; }
.finding { border: 1px solid #d0d7de; border-radius: .4rem; padding: .5rem .9rem; margin: .6rem 0; }
.finding h3 { margin: 0 0 .2rem; }
.finding .where { color: #57606a; margin: 0 0 .3rem; }
.finding ul { margin: .1rem 0 .2rem; padding-left: 1.2rem; }
.finding p { margin: .2rem 0; }
.user { white-space: pre-wrap; overflow-wrap: anywhere; }
/* Details fold away on screen (a phone shows the page in a few screens) and all print open. */
details > summary { cursor: pointer; }
details.more > summary, details.how > summary { color: #24476b; font-size: .9rem; margin: .2rem 0; }
details.finding > summary { list-style-position: outside; margin-left: 1rem; }
details.finding > summary h3 { display: inline; }
.how, .effort { color: #3d444d; }
table.plan { table-layout: fixed; }
table.plan td:first-child, td.run { white-space: nowrap; }
td.run .nm { white-space: normal; display: inline-block; }
table.plan thead th { font-size: .8rem; overflow-wrap: normal; }
ul.rules { padding-left: 1.1rem; }
ul.rules li { margin: .15rem 0; }
ol.sources { padding-left: 1.6rem; font-size: .9em; color: #57606a; }
dl.notes dt, dl.gloss dt { font-weight: 600; margin-top: .3rem; }
dl.notes dd, dl.gloss dd { margin: 0 0 0 1.2rem; }
footer { margin-top: 2.5rem; color: #57606a; font-size: .9rem; border-top: 1px solid #d0d7de; padding-top: .6rem; }
/* Phone: every table row becomes a card whose cells carry their column's name; nothing is cut off. */
@media screen and (max-width: 40rem) {
  main { padding: .8rem .8rem 3rem; }
  h1 { font-size: 1.5rem; }
  nav ol { columns: 1; }
  .start { padding: .2rem .7rem .6rem; }
  table.stack, table.stack tbody, table.stack tr, table.stack th, table.stack td { display: block; width: 100%; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { border: 1px solid #d0d7de; border-radius: .4rem; margin: 0 0 .6rem; padding: .3rem .5rem; }
  table.stack th, table.stack td { border: 0; padding: .15rem 0; text-align: left; }
  table.stack td.num { text-align: left; }
  table.stack td[data-label]::before, table.stack th[data-label]::before { content: attr(data-label) ": ";
    font-weight: 600; color: #57606a; font-size: .85rem; }
  table.plan td:first-child, td.run .nm { white-space: normal; }
  table.stack td.run { display: inline-block; width: 49%; white-space: normal; }
}
@page {
  margin: 10mm 12mm 10mm 12mm;
  @top-center { content: "Confidential \\2014  keep it among those who need it"; font: 700 8.5pt system-ui, sans-serif; color: #8a1212; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8.5pt system-ui, sans-serif; color: #57606a; }
  @bottom-left { content: "Threat assessment"; font: 8.5pt system-ui, sans-serif; color: #57606a; }
}
@media print {
  html, body { background: #ffffff; }
  body { font-size: 9pt; line-height: 1.25; }
  body.summary { font-size: 8.5pt; line-height: 1.25; }
  body.summary h2 { margin: .5rem 0 .2rem; }
  body.summary figure { display: none; } /* the score table below says every number; the chart printed legibly needs half a page */
  body.summary p { margin: .25rem 0; }
  body.summary .note, body.summary table { font-size: 7.8pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h1 { font-size: 17pt; }
  h2 { font-size: 13pt; margin: 1rem 0 .35rem; }
  h3 { font-size: 10.5pt; margin: .6rem 0 .2rem; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .start { margin: .6rem 0 .8rem; padding: .1rem .8rem .5rem; }
  .lead { font-size: 10.5pt; }
  table { font-size: 8pt; line-height: 1.22; margin: .3rem 0 .5rem; }
  footer { margin-top: .6rem; padding-top: .2rem; font-size: 7.5pt; }
  footer p { margin: 0; }
  #action-plan .note { display: none; } /* the blank lines say it on paper */
  footer p + p { display: none; } /* "keep it private": every printed page says so in its header */
  .caveat, .remains { margin: .4rem 0; padding-top: .1rem; padding-bottom: .1rem; }
  th, td { padding: .18rem .3rem; }
  .note, figcaption, .finding .where { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, .finding, .caveat, .remains, table.keep, .top li { break-inside: avoid; page-break-inside: avoid; }
  figure { break-inside: avoid; overflow: visible; }
  svg.chart { max-width: 110mm; } /* its 12-unit labels print at 9 pt */
  figure.trend svg.chart { max-width: 120mm; }
  .finding { padding: .1rem .5rem .15rem; margin: .2rem 0; font-size: 8.1pt; line-height: 1.18; }
  .finding h3 { font-size: 9.5pt; margin: 0; }
  .finding .where { margin: 0; }
  .finding ul { margin: 0; }
  .finding p { margin: 0; }
  .finding .src { display: none; }
  table.plan thead th { font-size: 7.5pt; }
  table.plan thead th.num { font-size: 6.8pt; padding-left: 1px; padding-right: 1px; }
  table.plan .how { font-size: 7pt; line-height: 1.1; }
  table.plan td { padding-top: .1rem; padding-bottom: .1rem; line-height: 1.15; }
  ul.rules, dl.gloss, ol.sources { font-size: 7.8pt; line-height: 1.18; }
  ol.sources { columns: 2; column-gap: 6mm; }
  ol.sources li { break-inside: avoid; }
  ul.rules { columns: 2; column-gap: 6mm; }
  ul.rules li { break-inside: avoid; }
  ul.rules li { margin: 0; }
  dl.gloss { columns: 3; column-gap: 5mm; }
  /* run in: "Term: meaning", one entry a paragraph */
  dl.gloss dt { display: inline; margin: 0; break-after: avoid; }
  dl.gloss dt::after { content: ": "; }
  dl.gloss dd { display: inline; margin: 0; break-before: avoid; }
  dl.gloss dd::after { content: ""; display: block; margin-bottom: .15rem; }
  .caveat { background: none; }
  details::details-content { content-visibility: visible; display: block; }
  details.more > summary, details.how > summary { display: none; }
  details.finding > summary { list-style: none; margin-left: 0; }
  details.finding > summary h3 { display: block; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# No script, no network, no frames: even if something slipped through escaping, it could not run or load.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def level(word: str) -> str:
    return f'<span class="level level-{e(word)}">{e(vocab.level(word))}</span>'

def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css() -> str:
    """The print stylesheet with its page headers and footers in the report's language."""
    before, _sep, after = _("Page {page} of {pages}").partition("{page}")
    middle, _sep, end = after.partition("{pages}")
    return (
        CSS.replace('"Confidential \\2014  keep it among those who need it"', _css_string(_(CONFIDENTIAL)))
        .replace('"Page " counter(page) " of " counter(pages)', f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) {_css_string(end)}")
        .replace('content: "Threat assessment";', f"content: {_css_string(_('Threat assessment'))};")
    )


def column_titles(doc: dict) -> dict[str, str]:
    """Each threat's name for a narrow column header: its title when short, else its ruleset's short name."""
    return {t["id"]: brief_name(t["title"], t["short"]) for t in doc["threats"]}


def more_summary(words: str) -> str:
    """Opens a part that folds away on screen (a phone shows the page in a few screens) and prints open."""
    return f'<details class="more"><summary>{e(words)}</summary>'


def td(content: str, label: str, cls: str = "") -> str:
    """A table cell that names its column on a phone (the stacked layout shows the label)."""
    c = f' class="{cls}"' if cls else ""
    return f'<td{c} data-label="{e(label)}">{content}</td>'


def render(doc: dict) -> str:
    summary = doc["report"] == "summary"
    titles = threat_titles(doc)
    title = doc["audit"]["title"] or _("untitled audit")  # the summary's is empty: it names no group
    body: list[str] = []
    add = body.append

    kind = _("Shareable summary") if summary else _("Full report")
    add(f'<p class="banner" role="note">{e(doc["confidential"])}</p>')
    add("<header>")
    add(f'<p class="kicker">{e(_("Threat assessment"))} · {e(kind)}</p>')
    add(f"<h1>{e(_('Threat assessment summary'))}</h1>" if summary else f"<h1>{user(title)}</h1>")
    meta = [doc["date"]]
    if doc["audit"]["cycle"] is not None:
        meta.append(_("cycle {n}").format(n=doc['audit']['cycle']))
    meta.append(_("{n} tools").format(n=doc['audit']['tools']))
    add(f'<p class="meta">{e(" · ".join(meta))}</p>')
    add("</header>")

    _start_here(doc, titles, add, summary)

    sections = [("start-here", _("Start here")), ("scores", _("Scores per threat"))]
    if doc["history"]:
        sections.append(("since-last-cycle", _("Since last cycle")))
    if summary:
        sections += [("plan", _("What the plan proposes")), ("found", _("What the audit found")), ("method", _("How to read this"))]
    else:
        sections += [
            ("plan", _("The plan")),
            ("action-plan", _("Action plan")),
            ("findings", _("Findings")),
            ("tools", _("Tools and the group's practices")),
            ("exposure", _("What exists to be exposed")),
            ("open", _("Still open")),
            ("method", _("Method")),
        ]
    add(f'<nav aria-label="{e(_("Contents"))}"><ol>' + "".join(f'<li><a href="#{i}">{e(n)}</a></li>' for i, n in sections) + "</ol></nav>")

    _scores(doc, add)
    if doc["history"]:
        _history(doc, titles, add)
    if summary:
        _summary_body(doc, titles, add)
    else:
        _full_body(doc, titles, add)
    _method(doc, titles, add, summary)

    versions = ", ".join(f"{k} {v}" for k, v in doc["ruleset"]["rulesets"].items())
    add("<footer>")
    add("<p>" + e(_("Scored by auditor {version} with the rules {rules} (fingerprint {fingerprint}).").format(
        version=doc['auditor'], rules=versions, fingerprint=doc['ruleset']['fingerprint'])) + " "
        + e(_("Every point of every score comes from a finding: a rule, the answers that triggered it and a reason with its source.")) + "</p>")
    if not summary:
        add("<p>" + e(_("This full report maps the group's tools and practices: keep it private, like the audit file itself.")) + "</p>")
    add("</footer>")

    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(current())}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        + stamp.html(doc)
        + '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(_('Threat assessment summary') if summary else _('Threat assessment report: {title}').format(title=title))}</title>\n"
        f"<style>{page_css()}</style>\n</head>\n<body class=\"{'summary' if summary else 'full'}\">\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _start_here(doc: dict, titles: dict, add, summary: bool) -> None:
    sh = doc["start_here"]
    add('<section id="start-here" class="start" aria-labelledby="start-here-h">')
    add(f'<h2 id="start-here-h">{e(_("Start here"))}</h2>')
    add(f'<p class="lead">{e(sh["most_exposed"])}</p>')
    if sh["top"]:
        add("<h3>" + e(T.top_heading(doc)) + "</h3>")
        add('<ol class="top">')
        if summary:
            for line in T.top_lines(sh["top"], titles):
                add(f"<li>{e(line)}</li>")
        for item in sh["top"] if not summary else []:
            words = "; ".join(item["change_words"])
            where = user(item["tool_name"]) if item["copies"] <= 1 else e(T.copies_text(item))
            tracking = f' · <span class="status-{e(item["status"])}">{e(T.action_text(item["action"]))}</span>' if item["action"] else ""
            add(
                f'<li><a href="#plan-{item["rank"]}"><strong>{e(item["title"])}</strong></a> &mdash; {where}'
                f'<br><span>{e(words)}</span>'
                f'<br><span class="note">{e(vocab.effort(item["effort"]))} · {e(_("lowers {threats}").format(threats=T.lowers_text(item, titles)))}{tracking}</span></li>'
            )
        add("</ol>")
        closed = T.closed_lines(doc)
        if closed:
            add('<ul class="closed">' + "".join(f'<li><strong>{e(label)}:</strong> {e(text)}</li>' for label, text in closed) + "</ul>")
        if T.top_deletes(doc):
            add(f'<p class="note"><strong>{e(_(T.LEGAL_HOLD))}</strong></p>')
        after = " · ".join(f"{titles[t]} {T.projected(v)}" for t, v in sh["after_top"].items())
        now = " · ".join(f"{t['title']} {t['score']}" for t in doc["threats"])
        add(f"<p><strong>{e(_('After these {n}:').format(n=len(sh['top'])))}</strong> {e(after)} <span class=\"note\">"
            + e(_("(now: {scores})").format(scores=now)) + "</span></p>")
    else:
        add(f"<p>{e(_(T.NO_PLAN))}</p>")
    add("<h3>" + e(_("What remains")) + "</h3>")
    add('<div class="remains">')
    for r in doc["residual"]["items"]:
        holder = f" ({user(r['holder'])})" if r["holder"] and not summary else ""
        add(f"<p><strong>{e(r['title'])}</strong>{holder}: {e(r['why'])}</p>")
    add(f"<p>{e(T.remains_text(doc))}</p>")
    add("</div>")
    add(f'<p class="caveat"><strong>{e(_(CAVEAT_HEAD))}</strong> {e(_(CAVEAT_BODY))}</p>')
    if summary:
        add(f'<p class="note">{e(doc["summary_note"])}</p>')
    add("</section>")


def _scores(doc: dict, add) -> None:
    add('<section id="scores">')
    add(f"<h2>{e(_('Scores per threat'))}</h2>")
    n = len(doc["start_here"]["top"])
    caption = _("after the first {n} changes").format(n=n) if n else _("after the plan")
    rows = [
        {
            "title": t["title"], "score": t["score"], "level": t["level"], "after": t["after_top"],
            "after_level": score_level(t["after_top"]), "after_text": _(T.NOT_MEASURED) if t["after_top"] == 0 else "",
        }
        for t in doc["threats"]
    ]
    add("<figure>")
    add(svg.bar_chart(rows, after_caption=caption, uid="bars"))
    add("<figcaption>" + e(_("Each threat's score now and {after} (0 to 100, lower is less exposed).").format(after=caption)) + "</figcaption>")
    add("</figure>")
    add('<table class="keep stack">')
    add(f'<thead><tr><th scope="col">{e(_("Threat and what it means"))}</th><th scope="col" class="num">{e(_("Score"))}</th>'
        f'<th scope="col">{e(_("Level"))}</th><th scope="col" class="num">{e(_("After agreed changes"))}</th><th scope="col" class="num">{e(_("After the whole plan"))}</th></tr></thead>')
    add("<tbody>")
    for t in doc["threats"]:
        add(
            f'<tr><th scope="row">{e(t["title"])}<span class="note">{e(t["summary"])}</span></th>{td(str(t["score"]), _("Score"), "num")}'
            f'{td(level(t["level"]), _("Level"))}{td(e(T.projected(t["after_agreed"])), _("After agreed changes"), "num")}'
            f'{td(e(T.projected(t["after_plan"])), _("After the whole plan"), "num")}</tr>'
        )
    add("</tbody></table>")
    add(f'<p class="note">{e(doc["scale"])} ' + e(_("A projection is never a promise of zero: what remains is shown under “What remains”.")) + "</p>")
    add("</section>")


def _history(doc: dict, titles: dict, add) -> None:
    h = doc["history"]
    cycles = h["cycles"] + [h["current"]]
    add('<section id="since-last-cycle">')
    add(f"<h2>{e(_('Since last cycle'))}</h2>")
    x_labels = []
    for i, c in enumerate(cycles):
        first = _cycle_name(c)
        if i == len(cycles) - 1:
            first = _("Now ({cycle})").format(cycle=first.lower()) if c.get("cycle") is not None else _("Now")
        x_labels.append((first, c.get("date", "")))
    series = [(t["title"], [c["scores"].get(t["id"]) for c in cycles]) for t in doc["threats"]]
    if len(cycles) >= 3:  # with two cycles the table below says it more plainly than a chart
        add('<figure class="trend">')
        add(svg.line_chart(x_labels, series, uid="history"))
        add("<figcaption>" + e(_("Score per threat at each evaluation cycle (0 to 100, lower is less exposed).")) + "</figcaption>")
        add("</figure>")
    add('<table class="keep stack">')
    heads = "".join(
        f'<th scope="col" class="num">{e(_cycle_name(c))}<span class="note">{e(c["date"])}</span></th>' for c in h["cycles"]
    )
    add(f'<thead><tr><th scope="col">{e(_("Threat"))}</th>{heads}<th scope="col" class="num">{e(_("Now"))}</th><th scope="col">{e(_("Change since last cycle"))}</th></tr></thead>')
    add("<tbody>")
    for t, change in zip(doc["threats"], h["since_last"]):
        past = "".join(td(e(c["scores"].get(t["id"], "–")), f"{_cycle_name(c)} ({c['date']})", "num") for c in h["cycles"])
        add(f'<tr><th scope="row">{e(t["title"])}</th>{past}{td(str(h["current"]["scores"][t["id"]]), _("Now"), "num")}'
            f'{td(e(T.history_direction(change)), _("Change since last cycle"))}</tr>')
    add("</tbody></table>")
    if h["rules_changed"]:
        add(f'<p class="note">{e(_(T.RULES_CHANGED))}</p>')
    line = T.actions_line(doc["actions"])
    if line:
        add(f"<p>{e(line)}</p>")
    add("</section>")


def _cycle_name(c: dict) -> str:
    return _("Cycle {n}").format(n=c['cycle']) if c.get("cycle") is not None else _("Earlier")


def _summary_body(doc: dict, titles: dict, add) -> None:
    plan = doc["plan"]
    add('<section id="plan">')
    add(f"<h2>{e(_('What the plan proposes'))}</h2>")
    if plan["count"]:
        add(f"<p>{e(T.plan_intro(plan))}</p>")
        add(f'<table class="keep stack"><thead><tr><th scope="col">{e(_("Kind of change"))}</th><th scope="col">{e(_("How many"))}</th></tr></thead><tbody>')
        for k in plan["kinds"]:
            add(f"<tr>{td(e(k['label']), _('Kind of change'))}{td(e(T.plan_kind_text(k)), _('How many'))}</tr>")
        add("</tbody></table>")
    else:
        add(f"<p>{e(_(T.NO_PLAN))}</p>")
    if not doc["history"]:
        line = T.actions_line(doc["actions"])
        if line:
            add(f"<p>{e(line)}</p>")
    add("</section>")
    add('<section id="found">')
    add(f"<h2>{e(_('What the audit found'))}</h2>")
    add(f"<p>{e(T.findings_line(doc['finding_counts']))}</p>")
    counts = doc["finding_counts"]["by_threat"]
    add(f"<p>{e(T.by_threat_line(counts, titles))}</p>")
    open_line = T.open_line(doc["open_counts"])
    if open_line:
        add(f"<p>{e(open_line)}</p>")
    add("</section>")


def _plan_table(doc: dict, titles: dict, add) -> None:
    plan = doc["plan"]
    threats = [t["id"] for t in doc["threats"]]
    add('<table class="plan stack">')
    tracked = any(p["action"] for p in plan["proposals"])
    # The how-to is what people read, so the change takes the room; its effort follows the title (a column of
    # its own wrapped "a lot of effort" over three lines); a threat's column fits "68 (−5)".
    each = 30 / max(len(threats), 1)
    change = 67 - (12 if tracked else 0)
    add(f'<colgroup><col style="width:3%"><col style="width:{change}%">'
        + "".join(f'<col style="width:{each:.2f}%">' for _col in threats) + ('<col style="width:12%">' if tracked else "") + "</colgroup>")
    columns = column_titles(doc)
    heads = "".join(f'<th scope="col" class="num">{e(columns[t])}</th>' for t in threats)
    status_head = f'<th scope="col">{e(_("Status"))}</th>' if tracked else ""
    add(f'<thead><tr><th scope="col" class="num">#</th><th scope="col">{e(_("Change"))}</th>{heads}'
        f"{status_head}</tr></thead><tbody>")
    first_with: dict[str, int] = {}
    how = e(_("How"))
    for p in plan["proposals"]:
        # How to do it, with its caveats (what stays, when not to delete); the answer-by-answer change is in the
        # JSON and CSV, and a group practice's title already says it.
        words = p["detail"]
        if words and words in first_with:  # the same how-to on another copy: said once, pointed to after
            words = _("as for #{rank}").format(rank=first_with[words])
        elif words:
            first_with[words] = p["rank"]
        cells = "".join(td(_running(p, t), _("{threat} after this").format(threat=titles[t]), "num run") for t in threats)
        status = p["status"]
        add(
            f'<tr id="plan-{p["rank"]}">{td(str(p["rank"]), _("Plan item"), "num")}'
            + td(f'<strong>{e(p["title"])}</strong> &mdash; {user(p["tool_name"])}'
                 f' <span class="effort">· {e(vocab.effort(p["effort"]))}</span>'
                 + (f'<details class="how"><summary>{how}</summary>{e(words)}</details>' if words else ""), _("Change"))
            + cells
            + (td(f'<span class="status-{e(status)}">{e(T.action_text(p["action"]))}</span>', _("Status")) if tracked else "")
            + "</tr>"
        )
    add("</tbody></table>")


def _action_plan(doc: dict, add) -> None:
    """Who does what by when, overdue first; blank who / by-when cells are lines to write on once printed."""
    rows = doc["action_plan"]
    if not rows:
        return
    add('<section id="action-plan">')
    add(f"<h2>{e(_('Action plan'))}</h2>")
    add(f'<p class="note">{e(_(T.ACTION_PLAN_NOTE))}</p>')
    heads = (_("Plan item"), _("Status"), _("Who (a role)"), _("By when"))
    add('<table class="actions stack"><thead><tr>' + "".join(f'<th scope="col">{e(h)}</th>' for h in heads) + "</tr></thead><tbody>")
    for r in rows:
        status = e(vocab.status(r["status"])) + (f' <strong class="overdue">{e(_("overdue"))}</strong>' if r["overdue"] else "")
        if r["reason"]:
            status += f"<br>{user(r['reason'])}"
        item = f'<a href="#plan-{r["rank"]}">#{r["rank"]}</a> {e(r["title"])} &mdash; {user(r["tool_name"])}'
        who = user(r["role"]) if r["role"] else ""
        state = f'<span class="status-{e(r["status"])}">{status}</span>'
        add(f'<tr>{td(item, heads[0])}{td(state, heads[1])}'
            f'{td(who, heads[2], "" if r["role"] else "blank")}{td(e(r["due"]), heads[3], "" if r["due"] else "blank")}</tr>')
    add("</tbody></table>")
    add("</section>")


def _running(p: dict, threat: str) -> str:
    now = p["running"][threat]
    cut = p["score_reduction"].get(threat)
    shown = f'<span class="nm">{e(T.NOT_MEASURED)}</span>' if now == 0 else str(now)
    return shown + (f" <span class=\"cut\">({e(T.cut_cell(p, cut))})</span>" if cut else "")


def _full_body(doc: dict, titles: dict, add) -> None:
    threats = [t["id"] for t in doc["threats"]]
    plan = doc["plan"]
    add('<section id="plan">')
    add(f"<h2>{e(_('The plan'))}</h2>")
    if plan["proposals"]:
        add("<p>" + e(_("Ranked by risk removed per effort; collecting less, keeping less and fewer people come before new tools. "
            "Each line says what changes; the threat columns show the scores once this change and every one above it "
            "are made (running projection), with what this change lowers in brackets."))
            + ("" if any(p["action"] for p in plan["proposals"]) else " " + e(_("None of these changes is agreed yet.")))
            + "</p>")
        add(more_summary(_("Show all {n} changes").format(n=plan["count"])))
        _plan_table(doc, titles, add)
        add('<p class="note">' + e(_("“{not_measured}”: the rules find nothing left, but what remains "
            "(carriers' logs, devices, testimony) is not measured yet; see “What remains”.").format(not_measured=_(T.NOT_MEASURED))) + "</p>")
        add("</details>")
    else:
        add(f"<p>{e(_(T.NO_PLAN))}</p>")
    add("</section>")

    _action_plan(doc, add)

    cards = doc["cards"]
    add('<section id="findings">')
    add("<h2>" + e(_("Findings ({n} rules, ranked by weight)").format(n=len(cards))) + "</h2>")
    if cards:
        add('<p class="note">' + e(_("One card per rule, heaviest first, listing every place it applies and the plan items that fix it. "
            "Every rule's source is also listed in the method appendix.")) + "</p>")
    if not cards:
        add("<p>" + e(_("No rule found anything. That still does not mean safe (see the note at the top).")) + "</p>")
    else:
        add(more_summary(_("Show the {n} findings").format(n=len(cards))))
    full, minor, elsewhere = card_sections(cards)
    for c in full:
        add(f'<details class="finding" id="finding-{e(c["rule"])}"><summary>')
        pts = ", ".join(f"{titles.get(t, t)} +{vocab.points(p)}" for t, p in c["points"].items())
        add(f"<h3>{c['rank']}. {e(c['title'])}</h3>")
        fixed = ", ".join(f'<a href="#plan-{r}">#{r}</a>' for r in c["fixed_by"][:T.SHOWN_LINKS]) or e(_("no plan item yet"))
        if c["unfixed_why"]:
            fixed += " (" + e(c["unfixed_why"]) + ")"
        if len(c["fixed_by"]) > T.SHOWN_LINKS:
            more = len(c["fixed_by"]) - T.SHOWN_LINKS
            fixed += " " + e(ngettext("and {n} more", "and {n} more", more).format(n=more))
        add(f'<p class="where">{e(vocab.severity(c["severity"]))} · {e(_("adds {points} points").format(points=pts))} · {e(_("rule {rule}").format(rule=c["rule"]))} · {e(_("fixed by"))} {fixed}</p>')
        add("</summary>")
        add("<ul>")
        groups = T.where_groups(c)
        for w in groups[:T.SHOWN_PLACES]:
            unsure = e(_(" (uncertain: a \"don't know\" answer)")) if w["uncertain"] else ""
            add(f"<li><strong>{e(T.places_text(w['names']))}</strong>{unsure}: {e(w['because'])}</li>")
        rest = sum(len(w["names"]) for w in groups[T.SHOWN_PLACES:])
        if rest:
            add("<li>" + e(_("and {n} more places, for other answers (the CSV lists every one)").format(n=rest)) + "</li>")
        add("</ul>")
        add(f"<p><strong>{e(_('Why it matters:'))}</strong> {e(c['reason'])}</p>")
        if c["amplified_by"]:
            add(f"<p><strong>{e(_('Weighs more because:'))}</strong> {e(T.sentences(c['amplified_by']))}</p>")
        add(f'<p class="note src">{e(_("Source:"))} {e("; ".join(c["sources"]))}</p>')
        add("</details>")
    if minor:
        add(f"<h3>{e(_('Smaller findings'))}</h3>")
        add('<ul class="minor">')
        for c in minor:
            where = e(named_few([w["tool_name"] for w in c["where"]]))
            pts = ", ".join(f"{titles.get(t, t)} +{vocab.points(p)}" for t, p in c["points"].items() if p)
            add(f"<li>{e(c['rule'])} {e(c['title'])} ({where}): {e(pts)}. {e(c['reason'])}</li>")
        add("</ul>")
    if elsewhere:
        names = "; ".join(f'{x["rule"]} {x["title"]}' for x in elsewhere)
        add('<p class="note">' + e(_("Also found, adding no points because a rule above already counts the same exposure: {names}.").format(names=names)) + "</p>")
    if cards:
        add("</details>")
    add("</section>")

    add('<section id="tools">')
    add("<h2>" + e(_("Tools and the group's practices")) + "</h2>")
    add(more_summary(_("Show this section")))
    add("<p>" + e(_("Points per threat from each tool and from the group's own practices; together they make each threat's total, "
        "and the total makes the score.")) + "</p>")
    add('<table class="stack">')
    columns = column_titles(doc)
    heads = "".join(f'<th scope="col" class="num">{e(columns[t])}</th>' for t in threats)
    add(f'<thead><tr><th scope="col">{e(_("Where"))}</th><th scope="col">{e(_("What it is"))}</th>{heads}<th scope="col" class="num">{e(_("Rules"))}</th></tr></thead>')
    add("<tbody>")
    for tool in doc["tools"]:
        cells = "".join(td(vocab.points(tool["points"][t]), titles[t], "num") for t in threats)
        what = tool["catalog_name"] or tool["category"] or _("own entry")
        add(f'<tr><th scope="row">{user(tool["name"])}</th>{td(e(what), _("What it is"))}{cells}{td(str(tool["findings"]), _("Rules"), "num")}</tr>')
    g = doc["group_practices"]
    cells = "".join(td(vocab.points(g["points"][t]), titles[t], "num") for t in threats)
    add(f'<tr><th scope="row">{e(g["name"])}</th>{td(e(_("not tied to one tool")), _("What it is"))}{cells}{td(str(g["findings"]), _("Rules"), "num")}</tr>')
    cells = "".join(td(vocab.points(t["points"]), t["title"], "num") for t in doc["threats"])
    add(f'<tr class="total"><th scope="row">{e(_("Total points"))}</th>{td("", "")}{cells}{td("", "")}</tr>')
    cells = "".join(td(str(t["score"]), t["title"], "num") for t in doc["threats"])
    add(f'<tr class="total"><th scope="row">{e(_("Score (0-100)"))}</th>{td(e(_("from the total points")), _("How"))}{cells}{td("", "")}</tr>')
    add("</tbody></table>")
    noted = [t for t in doc["tools"] if t["notes"].strip()]
    if noted:
        add(f'<h3>{e(_("Notes"))}</h3><dl class="notes">')
        same: dict[str, list[str]] = {}  # one note written on several copies is printed once
        for t in noted:
            same.setdefault(t["notes"].strip(), []).append(t["name"])
        for note, names in same.items():
            add(f"<dt>{user(names[0]) if len(names) == 1 else e(T.places_text(names))}</dt><dd>{user(note)}</dd>")
        add("</dl>")
    if doc["group_notes"].strip():
        add(f"<p><strong>{e(_('Notes about the group:'))}</strong> {user(doc['group_notes'])}</p>")
    add("</details>")
    add("</section>")

    add('<section id="exposure">')
    add(f"<h2>{e(_('What exists to be exposed'))}</h2>")
    add(more_summary(_("Show this section")))
    add("<p>" + e(_("Data you do not hold cannot be subpoenaed, leaked or reported. This is what the group holds, where it lives, "
        "how long it stays there and how many people can see it.")) + "</p>")
    exp = doc["exposure"]
    if exp["by_tool"]:
        add('<table class="stack">')
        add(f'<thead><tr><th scope="col">{e(_("Where it lives"))}</th><th scope="col">{e(_("What it holds"))}</th><th scope="col">{e(_("How long it stays"))}</th>'
            f'<th scope="col">{e(_("Who can see it"))}</th></tr></thead><tbody>')
        # Tools that hold the same for as long, seen by as many, share a row (copies of a sheet are one line).
        rows: dict[tuple, list[str]] = {}
        for w in exp["by_tool"]:
            same = ("; ".join(w["kinds"]), T.answer_with_origin(w["retention"]), T.answer_with_origin(w["people"]))
            rows.setdefault(same, []).append(w["tool_name"])
        for (kinds, kept, seen), names in rows.items():
            add(f'<tr><th scope="row">{e(T.places_text(names))}</th>{td(e(kinds), _("What it holds"))}'
                f"{td(e(kept), _('How long it stays'))}{td(e(seen), _('Who can see it'))}</tr>")
        add("</tbody></table>")
    else:
        add("<p>" + e(_("No tool is recorded as holding any of the kinds of data asked about.")) + "</p>")
    if exp["unknown_contents"]:
        names = e(named_few([u["tool_name"] for u in exp["unknown_contents"]]))
        add("<p>" + _("Not known what goes into: {names}. Until answered, these count as holding everything.").format(names=names) + "</p>")
    add("</details>")
    add("</section>")

    add('<section id="open">')
    add("<h2>" + e(_("Still open: \"don't know\" and unanswered")) + "</h2>")
    add(more_summary(_("Show this section")))
    if doc["open_questions"]:
        add("<p>" + e(_("These count as exposure until answered; answering them may lower scores or clear findings.")) + "</p>")
        add(f'<table class="stack"><thead><tr><th scope="col">{e(_("Question"))}</th><th scope="col">{e(_("Status"))}</th><th scope="col">{e(_("Where"))}</th></tr></thead><tbody>')
        for o in grouped_open_questions(doc["open_questions"]):
            places = e(named_few(o["places"]))
            add(f"<tr>{td(e(o['prompt']), _('Question'))}{td(e(status_words(o['status'])), _('Status'))}{td(places, _('Where'))}</tr>")
        add("</tbody></table>")
    else:
        add("<p>" + e(_("Every question has an answer.")) + "</p>")
    add("</details>")
    add("</section>")


def _method(doc: dict, titles: dict, add, summary: bool) -> None:
    m = doc["method"]
    add(f'<section id="method" class="{"" if summary else "appendix"}">')
    add("<h2>" + e(_("How to read this") if summary else _("Method")) + "</h2>")
    if not summary:
        add(more_summary(_("Show this section")))
    scales = ", ".join(f"{titles.get(t, t)} {v:g}" for t, v in m["scales"].items())
    add(f"<p><strong>{e(_('How scores work.'))}</strong> {e(m['scoring'])} <span class=\"note\">{e(_('Scales: {scales}.').format(scales=scales))}</span></p>")
    add("<p><strong>" + e(_("What \"don't know\" does.")) + f"</strong> {e(m['dont_know'])}</p>")
    if not summary:
        add(f"<p><strong>{e(_('How the plan is measured.'))}</strong> {e(m['plan'])}</p>")
    if not summary:  # the summary says it under "What remains"
        add(f"<p><strong>{e(_('What residual means.'))}</strong> {e(m['residual'])}</p>")
    if not summary:
        # Each source once, numbered: the same report sections back most rules, and printing them in full
        # under every rule tripled the appendix.
        numbers: dict[str, int] = {}
        for r in m["rules"]:
            for src in r["sources"]:
                numbers.setdefault(src, len(numbers) + 1)
        add("<h3>" + e(_("Rules that fired, with their sources")) + "</h3>")
        add('<ul class="rules">')
        for r in m["rules"]:
            refs = ", ".join(str(numbers[src]) for src in r["sources"])
            # Severity is on each finding above; here a rule needs only its sources (one line, not two).
            add(f'<li><strong>{e(r["rule"])}</strong> {e(r["title"])} <span class="note">'
                + e(_("(sources {refs})").format(refs=refs)) + "</span></li>")
        add("</ul>")
        add('<ol class="sources">' + "".join(f"<li>{e(src)}</li>" for src in numbers) + "</ol>")
        add("<h3>" + e(_("Glossary")) + "</h3>")
        add('<dl class="gloss">' + "".join(f"<dt>{e(g['term'])}</dt><dd>{e(g['meaning'])}</dd>" for g in m["glossary"]) + "</dl>")
        add("</details>")
    add("</section>")
