"""Scoring benchmark (a script, not a test: timings on shared machines are noisy).

1. Scoring alone, generated audits of 10, 100 and 1,000 tools against the shipped
   rules plus 1,000 synthetic rules (target: 1,000 x 1,000 <= 100 ms).
2. The whole assessment in process (score, ranked plan with running projection,
   after-plan projection, what remains) of a 40-tool audit (target <= 60 ms).
3. `auditor score FILE` (the whole command, plan included) on audits of 100,
   500 and 1,000 tools built from the examples' tools (target: 1,000 tools
   <= 2 s, growing linearly). 1,000 tools is the most an audit file may hold
   (and 100,000 values): larger files are refused before parsing.
4. `auditor score` on an example against `python -c "import yaml, jsonschema,
   tabulate"` (the import floor) in the same run (target: ratio <= 1.6).

Run: python benchmarks/score_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from auditor.content import yamlio
from auditor.audits.model import Audit, Tool
from auditor.content.loader import examples_dir, load_content, shipped_files

from auditor.audits.model import dump_audit, load_audit
from auditor.content.model import UNKNOWN
from auditor.engine.assessment import Assessment
from auditor.engine.scoring import score
from example_audits import example_audit  # benchmarks/, beside this script


def synthetic_rules(content, n: int, rng: random.Random) -> dict:
    """A ruleset of n rules with random (valid, monotone) conditions over the real questions."""
    tool_qs = [q for q in content.tool_questions]
    threats = list(content.threats)
    rules = []
    seen = set()
    while len(rules) < n:
        leaves = []
        for q in rng.sample(tool_qs, rng.randint(1, 3)):
            if q.type == "multi":
                leaves.append({"answer": q.id, "contains_any": sorted(rng.sample(q.choice_ids, min(2, len(q.choice_ids))))})
            elif q.type == "count":
                leaves.append({"answer": q.id, "at_least": rng.randint(1, 50)})
            else:
                leaves.append({"answer": q.id, "at_least": rng.choice(q.choice_ids)})
        when = {"all": leaves} if len(leaves) > 1 else leaves[0]
        # A never-true branch with a unique bound keeps each rule distinct from the shipped ones.
        when = {"any": [when, {"answer": "people_with_access", "at_least": 100000 + len(rules)}]}
        key = repr(leaves)
        if key in seen:
            continue
        seen.add(key)
        rules.append({
            "id": f"SYN-{len(rules):03d}" if len(rules) < 1000 else f"SYX-{len(rules) - 1000:03d}",
            "threats": [rng.choice(threats)],
            "title": "Synthetic rule",
            "severity": rng.choice(["low", "medium", "high"]),
            "scope": "tool",
            "exposure": rng.choice(["content", "copies", "provider_metadata", "membership", "accounts"]),
            "when": when,
            "reason": "Synthetic, for benchmarking.",
            "sources": [{"report": "Threat Assessment"}],
        })
    return {"kind": "ruleset", "format": 1, "ruleset": "synthetic", "version": "0", "title": "Synthetic", "rules": rules}


def random_audit(content, n_tools: int, rng: random.Random) -> Audit:
    def value(q):
        if rng.random() < 0.1:
            return UNKNOWN
        if q.type == "count":
            return rng.randint(0, 60)
        if q.type == "multi":
            return sorted(rng.sample(q.choice_ids, rng.randint(0, len(q.choice_ids))))
        return rng.choice(q.choice_ids)

    catalog = sorted(content.catalog)
    categories = sorted(content.categories)
    tools = []
    for i in range(n_tools):
        cat = rng.choice(catalog) if rng.random() < 0.7 else None
        tools.append(Tool(
            id=f"t{i}", name=f"Tool {i}", catalog=cat, category=None if cat else rng.choice(categories),
            answers={q.id: value(q) for q in content.tool_questions if rng.random() < 0.8},
        ))
    return Audit(profile={q.id: value(q) for q in content.profile_questions}, tools=tools)


def assess(audit, content):
    a = Assessment.of(audit, content)
    return a.plan, a.scores, a.remaining


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2026)
    base = load_content()
    with tempfile.TemporaryDirectory() as tmp:
        rules_file = Path(tmp) / "synthetic.yaml"
        rules_file.write_text(yamlio.dump(synthetic_rules(base, 1000, rng)))
        start = time.perf_counter()
        content = load_content(extra_rules=[rules_file])
        load_time = time.perf_counter() - start
    print(f"content: {len(base.rules)} shipped + 1000 synthetic = {len(content.rules)} rules "
          f"({len(shipped_files())} files + 1 synthetic loaded and validated in {load_time * 1000:.0f} ms)")
    print()
    print("| tools | rules | scoring time (best of %d) | per tool |" % args.repeat)
    print("| ---: | ---: | ---: | ---: |")
    totals = []
    for n in (10, 100, 1000):
        audit = random_audit(content, n, rng)
        t = best_of(lambda: score(audit, content), args.repeat)
        totals.append(t)
        print(f"| {n} | {len(content.rules)} | {t * 1000:.1f} ms | {t / n * 1e6:.0f} µs |")
    print(f"\n1000 tools x {len(content.rules)} rules, scoring alone: {totals[2] * 1000:.0f} ms (target <= 100 ms); "
          f"1000/100 tools: {totals[2] / totals[1]:.1f}x")

    forty = example_audit(base, 40)
    t40 = best_of(lambda: assess(forty, base), args.repeat)
    a = Assessment.of(forty, base)
    print(f"\n40-tool audit, whole assessment in process (score + {len(a.plan)}-item ranked plan with running "
          f"projection + after-plan + what remains): {t40 * 1000:.0f} ms (target <= 60 ms)")

    with tempfile.TemporaryDirectory() as tmp:
        print("\n| tools | `auditor score FILE` (median of %d) | per tool |" % args.repeat)
        print("| ---: | ---: | ---: |")
        walls = {}
        for n in (100, 500, 1000):
            path = Path(tmp) / f"bench-{n}.yaml"
            path.write_text(dump_audit(example_audit(base, n)))
            cmd = [sys.executable, "-m", "auditor", "score", str(path)]
            walls[n] = wall(cmd, args.repeat)
            print(f"| {n} | {walls[n]:.2f} s | {walls[n] / n * 1000:.2f} ms |")
        print(f"\n1,000 tools: {walls[1000]:.2f} s (target <= 2 s); 1,000/500: {walls[1000] / walls[500]:.1f}x (2.0 is linear)")

    example = examples_dir() / "mutual-aid.yaml"
    # Interleave the two commands so machine noise hits both alike.
    baseline_cmd = [sys.executable, "-c", "import yaml, jsonschema, tabulate"]
    score_cmd = [sys.executable, "-m", "auditor", "score", str(example)]
    wall(score_cmd, 1)  # warm the page cache and .pyc files
    b, s = [], []
    for _ in range(args.repeat):
        b.append(wall(baseline_cmd, 1))
        s.append(wall(score_cmd, 1))
    base_t, score_t = statistics.median(b), statistics.median(s)
    print(f"\n`auditor score {example.name}`: {score_t * 1000:.0f} ms; import floor "
          f"`python -c \"import yaml, jsonschema, tabulate\"`: {base_t * 1000:.0f} ms; ratio {score_t / base_t:.2f} (target <= 1.6)")


if __name__ == "__main__":
    main()
