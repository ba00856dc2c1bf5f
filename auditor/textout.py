"""Plain-text renderings for the terminal (tabulate tables, no colour needed)."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from auditor.content.model import CAPABILITIES, Content


def _wrap(text: str, indent: str = "      ", width: int = 100) -> str:
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent)


def score_text(data: dict, content: Content, top: int = 10) -> str:
    threats = list(data["threats"])
    title = lambda t: data["threats"][t]["title"]  # noqa: E731
    lines = []
    head = data["audit"]["title"] or data["audit"]["file"]
    lines.append(f"Audit: {head}  ({data['audit']['tools']} tools)")
    versions = ", ".join(f"{k} {v}" for k, v in data["ruleset"]["rulesets"].items())
    lines.append(f"Rules: {versions}  [fingerprint {data['ruleset']['fingerprint']}]")
    lines.append("")
    rows = [
        [title(t), data["scores"][t]["score"], data["scores"][t]["level"], data["scores"][t]["bar"], f"{data['scores'][t]['points']:g}",
         data["projected"]["all_proposals"][t]]
        for t in threats
    ]
    lines.append(tabulate(rows, headers=["Threat", "Score", "Level", "0-100", "Points", "After plan"], tablefmt="simple"))
    lines.append("Scores run 0-100 per threat; a low score is not the same as safe.")
    lines.append("")
    if data["tools"]:
        rows = [[t["name"]] + [t["scores"][th]["score"] for th in threats] for t in data["tools"]]
        lines.append("Per tool")
        lines.append(tabulate(rows, headers=["Tool"] + [title(t) for t in threats], tablefmt="simple"))
        lines.append("")
    findings = data["findings"]
    lines.append(f"Findings ({len(findings)})")
    grouped: dict[tuple, list[dict]] = {}
    for f in findings:
        grouped.setdefault((f["rule"], f["tool"]), []).append(f)
    for (rule, _tool), group in grouped.items():
        f = group[0]
        threats_pts = ", ".join(f"{title(g['threat'])} +{g['points']:g}" for g in group)
        unsure = "  (because of \"don't know\" answers)" if f["uncertain"] else ""
        lines.append(f"  {rule}  {f['tool_name']}: {f['title']}  [{threats_pts}]{unsure}")
        if f["triggers"]:
            because = "; ".join(
                f"{t['question']} = {t['answer']}" + (" (catalog default)" if t["origin"] == "catalog" else " (unanswered)" if t["origin"] == "unanswered" else "")
                for t in f["triggers"]
            )
            lines.append(_wrap(f"because: {because}"))
        if f["amplified_by"]:
            lines.append(_wrap("weighs more: " + "; ".join(f["amplified_by"])))
        lines.append(_wrap(f"why it matters: {f['reason']}"))
        lines.append(_wrap(f"source: {'; '.join(f['sources'])}"))
    lines.append("")
    proposals = data["proposals"]
    lines.append(f"Minimization plan: top {min(top, len(proposals))} of {len(proposals)} (ranked by risk removed per effort)")
    rows = []
    for p in proposals[:top]:
        cuts = ", ".join(f"{title(t)} -{v:g}" for t, v in p["reduction"].items())
        rows.append([p["rank"], p["tool_name"], p["title"], p["kind_label"], p["effort"], cuts])
    if rows:
        lines.append(tabulate(rows, headers=["#", "Where", "Change", "Kind", "Effort", "Points removed"], tablefmt="simple", maxcolwidths=[None, 22, 40, None, None, 40]))
    if data["unanswered"]:
        lines.append("")
        lines.append(f"Unanswered: {len(data['unanswered'])} questions (counted as exposure until answered).")
    return "\n".join(lines)


def rules_rows(content: Content) -> list[dict]:
    return [
        {
            "id": r.id,
            "threats": list(r.threats),
            "severity": r.severity,
            "scope": r.scope,
            "title": r.title,
            "reason": r.reason,
            "sources": [content.cite(s) for s in r.sources],
            "proposals": [{"id": p.id, "title": p.title, "kind": p.kind, "effort": p.effort} for p in r.proposals],
            "ruleset": r.ruleset,
            "file": r.file,
        }
        for r in content.rules
    ]


def rules_text(content: Content) -> str:
    rows = [[r["id"], ", ".join(r["threats"]), r["severity"], r["title"], "; ".join(r["sources"])] for r in rules_rows(content)]
    counts = {t: sum(1 for r in content.rules if t in r.threats) for t in content.threats}
    summary = ", ".join(f"{content.threats[t].title}: {n}" for t, n in counts.items())
    table = tabulate(rows, headers=["Rule", "Threats", "Severity", "Title", "Source"], tablefmt="simple", maxcolwidths=[None, 24, None, 50, 50])
    return f"{table}\n\n{len(content.rules)} rules ({summary})"


def catalog_rows(content: Content) -> list[dict]:
    out = []
    for tool in content.catalog.values():
        facts = {}
        for qid, fact in tool.facts.items():
            q = content.questions[qid]
            facts[qid] = {
                "value": fact.value,
                "answer": q.label_of(fact.value),
                "as_of": fact.as_of,
                "sources": [{"id": s, "title": content.sources[s].title, "where": content.sources[s].where} for s in fact.sources],
                "note": fact.note,
            }
            if fact.complete is not None:
                facts[qid]["complete"] = fact.complete
        capabilities = {
            cid: {
                "value": cap.value,
                "label": CAPABILITIES[cid],
                "as_of": cap.as_of,
                "sources": [{"id": s, "title": content.sources[s].title, "where": content.sources[s].where} for s in cap.sources],
                "note": cap.note,
            }
            for cid, cap in tool.capabilities.items()
        }
        out.append({"id": tool.id, "name": tool.name, "category": tool.category, "analog": tool.analog, "summary": tool.summary, "aliases": list(tool.aliases), "facts": facts, "capabilities": capabilities})
    return out


def catalog_text(content: Content) -> str:
    lines = []
    for tool in catalog_rows(content):
        lines.append(f"{tool['name']}  ({tool['id']}, {content.categories.get(tool['category'], tool['category'])})")
        lines.append(_wrap(tool["summary"], indent="  "))
        for qid, fact in tool["facts"].items():
            src = ", ".join(s["id"] for s in fact["sources"]) or "no source"
            note = f" ({fact['note']})" if fact["note"] else ""
            partial = " (at least these; others may exist)" if fact.get("complete") is False else ""
            lines.append(f"    {qid}: {fact['answer']}{partial}  [{src}; as of {fact['as_of']}]{note}")
        for cid, cap in tool["capabilities"].items():
            src = ", ".join(s["id"] for s in cap["sources"]) or "no source"
            note = f" ({cap['note']})" if cap["note"] else ""
            value = "don't know" if cap["value"] == "unknown" else cap["value"]
            lines.append(f"    can: {cap['label']}: {value}  [{src}; as of {cap['as_of']}]{note}")
        lines.append("")
    lines.append(f"{len(content.catalog)} tools. Sources:")
    for sid, src in content.sources.items():
        lines.append(f"  {sid}: {src.title}" + (f" - {src.where}" if src.where else ""))
    return "\n".join(lines)
