"""The report as one self-contained, printable HTML file.

Inline CSS (with a print stylesheet), inline SVG charts, no scripts and nothing
that loads from anywhere: a Content-Security-Policy forbids it as a second
line of defence. Every string is escaped with ``html.escape(quote=True)``,
including our own, so a tool called ``"><img src=x>`` is shown, not run.
Severity is always written in words; colour only repeats it.
"""

from __future__ import annotations

from html import escape

from auditor.engine.scoring import level as score_level

from . import svg
from . import text as T
from .document import CAVEAT_BODY, CAVEAT_HEAD, threat_titles
from .inventory import STATUS_WORDS


def e(value: object) -> str:
    return escape(str(value), quote=True)


def user(value: object) -> str:
    """User-entered free text: escaped, line breaks kept by CSS (white-space: pre-wrap)."""
    return f'<span class="user">{e(str(value).strip())}</span>'


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1f2328;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 54rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: .2rem 0 .4rem; }
h2 { font-size: 1.4rem; margin: 2.4rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 1.08rem; margin: 0 0 .3rem; }
p { margin: .5rem 0; }
.kicker { margin: 0; color: #57606a; text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; }
.meta { color: #57606a; margin: 0; }
.caveat { border-left: 6px solid #8a6d00; background: #fff8e1; padding: .75rem 1rem; margin: 1.4rem 0; }
.note { color: #57606a; font-size: .95em; }
th .note { display: block; font-weight: normal; margin-top: .15rem; white-space: nowrap; }
th[scope=row] .note { white-space: normal; }
nav ol { columns: 2; margin: .4rem 0; padding-left: 1.4rem; }
nav a { color: #24476b; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .94rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #d0d7de; }
thead th { background: #f3f4f6; border-bottom: 2px solid #afb8c1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
th.tool, td.tool { min-width: 9rem; }
.level { display: inline-block; min-width: 4.6rem; padding: 0 .4rem; border: 1px solid; border-radius: .3rem;
  font-size: .85rem; text-align: center; }
.level-none { color: #3b6e22; border-color: #3b6e22; }
.level-low { color: #3b5b7a; border-color: #3b5b7a; }
.level-moderate { color: #7a5c00; border-color: #7a5c00; }
.level-high { color: #8a3b12; border-color: #8a3b12; font-weight: 600; }
.level-severe { color: #ffffff; background: #8a1212; border-color: #8a1212; font-weight: 600; }
figure { margin: 1rem 0; }
figcaption { color: #57606a; font-size: .9rem; }
svg.chart { display: block; width: 100%; max-width: 700px; height: auto; font-family: inherit; }
.finding { border: 1px solid #d0d7de; border-radius: .4rem; padding: .7rem 1rem; margin: .8rem 0; }
.finding .where { color: #57606a; margin: 0 0 .4rem; }
.finding dl { display: grid; grid-template-columns: 10.5rem 1fr; gap: .25rem .9rem; margin: 0; }
.finding dt { font-weight: 600; }
.finding dd { margin: 0; }
.user { white-space: pre-wrap; overflow-wrap: break-word; }
.agreed { font-weight: 600; }
dl.notes dt { font-weight: 600; margin-top: .4rem; }
dl.notes dd { margin: 0 0 0 1.2rem; }
footer { margin-top: 3rem; color: #57606a; font-size: .9rem; border-top: 1px solid #d0d7de; padding-top: .6rem; }
@media print {
  @page { margin: 16mm 14mm 16mm 14mm; }
  html, body { background: #ffffff; }
  body { font-size: 10.5pt; line-height: 1.4; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { margin-top: 1.4rem; break-after: avoid; page-break-after: avoid; }
  h3, h2 + p { break-after: avoid; page-break-after: avoid; }
  table { font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, .finding, figure, .caveat, table.keep { break-inside: avoid; page-break-inside: avoid; }
  .caveat { background: none; }
  .page-break { break-before: page; page-break-before: always; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# No script, no network, no frames: even if something slipped through escaping, it could not run or load.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def level(word: str) -> str:
    return f'<span class="level level-{e(word)}">{e(word)}</span>'


def render(doc: dict) -> str:
    summary = doc["report"] == "summary"
    titles = threat_titles(doc)
    title = doc["audit"]["title"] or "untitled audit"
    body: list[str] = []
    add = body.append

    kind = "Shareable summary" if summary else "Full report"
    add("<header>")
    add(f'<p class="kicker">Threat assessment · {kind}</p>')
    add(f"<h1>{e(title)}</h1>")
    meta = [doc["date"]]
    if doc["audit"]["cycle"] is not None:
        meta.append(f"cycle {doc['audit']['cycle']}")
    meta.append(f"{doc['audit']['tools']} tools")
    add(f'<p class="meta">{e(" · ".join(meta))}</p>')
    add("</header>")
    add(f'<p class="caveat"><strong>{e(CAVEAT_HEAD)}</strong> {e(CAVEAT_BODY)}</p>')
    if summary:
        add(f'<p class="note">{e(doc["summary_note"])}</p>')

    sections = [("scores", "Scores per threat")]
    if doc["history"]:
        sections.append(("since-last-cycle", "Since last cycle"))
    if summary:
        sections += [("plan", "What the plan proposes"), ("found", "What the audit found")]
    else:
        sections += [
            ("tools", "Tools"),
            ("exposure", "What exists to be exposed"),
            ("findings", "Findings"),
            ("plan", "Minimization plan"),
            ("open", "Still open"),
        ]
    add('<nav aria-label="Contents"><ol>' + "".join(f'<li><a href="#{i}">{e(n)}</a></li>' for i, n in sections) + "</ol></nav>")

    _scores(doc, add)
    if doc["history"]:
        _history(doc, titles, add)
    if summary:
        _summary_body(doc, titles, add)
    else:
        _full_body(doc, titles, add)

    versions = ", ".join(f"{k} {v}" for k, v in doc["ruleset"]["rulesets"].items())
    add("<footer>")
    add(f"<p>Scored by auditor {e(doc['auditor'])} with the rules {e(versions)} (fingerprint {e(doc['ruleset']['fingerprint'])}). "
        "Every point of every score comes from a finding: a rule, the answers that triggered it and a reason with its source.</p>")
    if not summary:
        add("<p>This full report maps the group's tools and practices: keep it private, like the audit file itself.</p>")
    add("</footer>")

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(f'Threat assessment {kind.lower()}: {title}')}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _scores(doc: dict, add) -> None:
    add('<section id="scores">')
    add("<h2>Scores per threat</h2>")
    rows = [
        {"title": t["title"], "score": t["score"], "level": t["level"], "after": t["after_plan"], "after_level": score_level(t["after_plan"])}
        for t in doc["threats"]
    ]
    add("<figure>")
    add(svg.bar_chart(rows, after_caption="after the whole plan", uid="bars"))
    add("<figcaption>Each threat's score now and as projected if every proposed change were carried out (0 to 100, lower is less exposed).</figcaption>")
    add("</figure>")
    add('<table class="keep">')
    add('<thead><tr><th scope="col">Threat and what it means</th><th scope="col" class="num">Score</th>'
        '<th scope="col">Level</th><th scope="col" class="num">After agreed changes</th><th scope="col" class="num">After the whole plan</th></tr></thead>')
    add("<tbody>")
    for t in doc["threats"]:
        add(
            f'<tr><th scope="row">{e(t["title"])}<span class="note">{e(t["summary"])}</span></th><td class="num">{t["score"]}</td>'
            f'<td>{level(t["level"])}</td><td class="num">{t["after_agreed"]}</td><td class="num">{t["after_plan"]}</td></tr>'
        )
    add("</tbody></table>")
    add(f'<p class="note">{e(doc["scale"])}</p>')
    add("</section>")


def _history(doc: dict, titles: dict, add) -> None:
    h = doc["history"]
    cycles = h["cycles"] + [h["current"]]
    add('<section id="since-last-cycle">')
    add("<h2>Since last cycle</h2>")
    x_labels = []
    for i, c in enumerate(cycles):
        first = _cycle_name(c)
        if i == len(cycles) - 1:
            first = f"Now ({first.lower()})" if c.get("cycle") is not None else "Now"
        x_labels.append((first, c.get("date", "")))
    series = [(t["title"], [c["scores"].get(t["id"]) for c in cycles]) for t in doc["threats"]]
    add("<figure>")
    add(svg.line_chart(x_labels, series, uid="history"))
    add("<figcaption>Score per threat at each evaluation cycle (0 to 100, lower is less exposed).</figcaption>")
    add("</figure>")
    add('<table class="keep">')
    heads = "".join(
        f'<th scope="col" class="num">{e(_cycle_name(c))}<span class="note">{e(c["date"])}</span></th>' for c in h["cycles"]
    )
    add(f'<thead><tr><th scope="col">Threat</th>{heads}<th scope="col" class="num">Now</th><th scope="col">Change since last cycle</th></tr></thead>')
    add("<tbody>")
    for t, change in zip(doc["threats"], h["since_last"]):
        past = "".join(f'<td class="num">{e(c["scores"].get(t["id"], "–"))}</td>' for c in h["cycles"])
        add(f'<tr><th scope="row">{e(t["title"])}</th>{past}<td class="num">{h["current"]["scores"][t["id"]]}</td><td>{e(T.history_direction(change))}</td></tr>')
    add("</tbody></table>")
    if h["rules_changed"]:
        add(f'<p class="note">{e(T.RULES_CHANGED)}</p>')
    add("</section>")


def _cycle_name(c: dict) -> str:
    return f"Cycle {c['cycle']}" if c.get("cycle") is not None else "Earlier"


def _summary_body(doc: dict, titles: dict, add) -> None:
    plan = doc["plan"]
    add('<section id="plan">')
    add("<h2>What the plan proposes</h2>")
    if plan["count"]:
        add(f"<p>{e(T.plan_intro(plan))}</p>")
        add('<table class="keep"><thead><tr><th scope="col">Kind of change</th><th scope="col">How many</th></tr></thead><tbody>')
        for k in plan["kinds"]:
            add(f"<tr><td>{e(k['label'])}</td><td>{e(T.plan_kind_text(k))}</td></tr>")
        add("</tbody></table>")
        add(f"<p>{e(T.after_plan(plan, titles))}</p>")
    else:
        add(f"<p>{e(T.NO_PLAN)}</p>")
    add("</section>")
    add('<section id="found">')
    add("<h2>What the audit found</h2>")
    add(f"<p>{e(T.findings_line(doc['finding_counts']))}</p>")
    open_line = T.open_line(doc["open_counts"])
    if open_line:
        add(f"<p>{e(open_line)}</p>")
    add("</section>")


def _full_body(doc: dict, titles: dict, add) -> None:
    threats = [t["id"] for t in doc["threats"]]
    add('<section id="tools">')
    add("<h2>Tools</h2>")
    if doc["tools"]:
        add("<table>")
        heads = "".join(f'<th scope="col" class="num">{e(titles[t])}</th>' for t in threats)
        add(f'<thead><tr><th scope="col" class="tool">Tool</th><th scope="col">What it is</th>{heads}<th scope="col" class="num">Findings</th></tr></thead>')
        add("<tbody>")
        for tool in doc["tools"]:
            cells = "".join(f'<td class="num">{tool["scores"][t]}</td>' for t in threats)
            what = tool["catalog_name"] or tool["category"] or "own entry"
            add(f'<tr><th scope="row" class="tool">{user(tool["name"])}</th><td>{e(what)}</td>{cells}<td class="num">{tool["findings"]}</td></tr>')
        add("</tbody></table>")
        add('<p class="note">Scores per tool use the same 0 to 100 scale, counting only that tool\'s findings.</p>')
        noted = [t for t in doc["tools"] if t["notes"].strip()]
        if noted:
            add('<h3>Notes</h3><dl class="notes">')
            for t in noted:
                add(f"<dt>{user(t['name'])}</dt><dd>{user(t['notes'])}</dd>")
            add("</dl>")
    else:
        add("<p>No tools listed yet.</p>")
    if doc["group_notes"].strip():
        add(f"<p><strong>Notes about the group:</strong> {user(doc['group_notes'])}</p>")
    add("</section>")

    add('<section id="exposure">')
    add("<h2>What exists to be exposed</h2>")
    add("<p>Data you do not hold cannot be subpoenaed, leaked or reported. This is what the group holds, where it lives, "
        "how long it stays there and how many people can see it.</p>")
    exp = doc["exposure"]
    if exp["kinds"]:
        add("<table>")
        add('<thead><tr><th scope="col">Kind of data</th><th scope="col">Where it lives</th><th scope="col">How long it stays</th>'
            '<th scope="col">Who can see it</th></tr></thead><tbody>')
        for k in exp["kinds"]:
            for i, w in enumerate(k["tools"]):
                head = f'<th scope="rowgroup" rowspan="{len(k["tools"])}">{e(k["label"])}</th>' if i == 0 else ""
                add(f"<tr>{head}<td>{user(w['tool_name'])}</td><td>{e(T.answer_with_origin(w['retention']))}</td>"
                    f"<td>{e(T.answer_with_origin(w['people']))}</td></tr>")
        add("</tbody></table>")
    else:
        add("<p>No tool is recorded as holding any of the kinds of data asked about.</p>")
    if exp["unknown_contents"]:
        names = ", ".join(user(u["tool_name"]) for u in exp["unknown_contents"])
        add(f"<p>Not known what goes into: {names}. Until answered, these count as holding everything.</p>")
    add("</section>")

    findings = doc["findings"]
    add('<section id="findings">')
    add(f"<h2>Findings ({len(findings)})</h2>")
    if not findings:
        add("<p>No rule found anything. That still does not mean safe (see the note at the top).</p>")
    for i, f in enumerate(findings, 1):
        add('<article class="finding">')
        add(f"<h3>{i}. {e(f['title'])}</h3>")
        add(f'<p class="where">{user(f["tool_name"])} · {e(T.SEVERITY.get(f["severity"], f["severity"]))} · rule {e(f["rule"])}</p>')
        add("<dl>")
        pts = ", ".join(f"{titles.get(t, t)} +{p:g} points" for t, p in f["points"].items())
        add(f"<dt>Adds</dt><dd>{e(pts)}</dd>")
        add(f"<dt>Why it matters</dt><dd>{e(f['reason'])}</dd>")
        if f["triggers"]:
            items = "".join(f"<li>{e(T.trigger_text(t))}</li>" for t in f["triggers"])
            add(f"<dt>Because of these answers</dt><dd><ul>{items}</ul></dd>")
        if f["uncertain"]:
            add("<dt>Uncertain</dt><dd>This fires because of &ldquo;don&rsquo;t know&rdquo; answers; answering them may clear it.</dd>")
        if f["amplified_by"]:
            add(f"<dt>Weighs more because</dt><dd>{e('; '.join(f['amplified_by']))}</dd>")
        add(f"<dt>Source</dt><dd>{e('; '.join(f['sources']))}</dd>")
        add("</dl></article>")
    add("</section>")

    plan = doc["plan"]
    add('<section id="plan">')
    add("<h2>Minimization plan</h2>")
    if plan["proposals"]:
        add("<p>Ranked by risk removed per effort; collecting less, keeping less and fewer people come before new tools. "
            "Score changes are measured by re-scoring with the change made.</p>")
        add("<table>")
        add('<thead><tr><th scope="col" class="num">#</th><th scope="col">Where</th><th scope="col">Change</th><th scope="col">Kind</th>'
            '<th scope="col">Effort</th><th scope="col">Scores lower by</th><th scope="col">Agreed</th></tr></thead><tbody>')
        for p in plan["proposals"]:
            detail = f"<br><span class=\"note\">{e(p['detail'])}</span>" if p["detail"] else ""
            changes = "; ".join(T.change_text(c) for c in p["changes"])
            add(
                f'<tr><td class="num">{p["rank"]}</td><td>{user(p["tool_name"])}</td>'
                f'<td>{e(p["title"])}{detail}<br><span class="note">{e(changes)}</span></td>'
                f'<td>{e(p["kind_label"])}</td><td>{e(T.EFFORT[p["effort"]])}</td><td>{e(T.score_change_text(p, titles))}</td>'
                f'<td>{"<span class=agreed>agreed</span>" if p["agreed"] else "not yet"}</td></tr>'
            )
        add("</tbody></table>")
        add("<h3>If the plan is carried out</h3>")
        add('<table class="keep"><thead><tr><th scope="col">Threat</th><th scope="col" class="num">Now</th>'
            f'<th scope="col" class="num">{e(T.agreed_heading(plan["agreed"]))}</th><th scope="col" class="num">After the whole plan</th></tr></thead><tbody>')
        for t in doc["threats"]:
            add(f'<tr><th scope="row">{e(t["title"])}</th><td class="num">{t["score"]}</td>'
                f'<td class="num">{plan["after_agreed"][t["id"]]}</td><td class="num">{plan["after_plan"][t["id"]]}</td></tr>')
        add("</tbody></table>")
    else:
        add("<p>No changes are proposed: no rule found something the group could collect, keep or share less of.</p>")
    add("</section>")

    add('<section id="open">')
    add("<h2>Still open: &ldquo;don&rsquo;t know&rdquo; and unanswered</h2>")
    if doc["open_questions"]:
        add("<p>These count as exposure until answered; answering them may lower scores or clear findings.</p>")
        add('<table><thead><tr><th scope="col">Where</th><th scope="col">Question</th><th scope="col">Status</th></tr></thead><tbody>')
        for o in doc["open_questions"]:
            add(f"<tr><td>{user(o['tool_name'])}</td><td>{e(o['prompt'])}</td><td>{e(STATUS_WORDS[o['status']])}</td></tr>")
        add("</tbody></table>")
    else:
        add("<p>Every question has an answer.</p>")
    add("</section>")
