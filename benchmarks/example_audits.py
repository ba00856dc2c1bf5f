"""Audits of any size made from the shipped examples' tools (real answers, not random ones), for benchmarks."""

from __future__ import annotations

import copy

from auditor.audits.model import Audit, load_audit
from auditor.content.loader import examples_dir


def example_audit(content, n_tools: int) -> Audit:
    """n tools cycled from the shipped examples' tools, and a real group profile (the politicized service's)."""
    sources = [load_audit(p, content) for p in sorted(examples_dir().glob("*.yaml"))]
    pool = [t for a in sources for t in a.tools]
    tools = []
    for i in range(n_tools):
        tool = copy.deepcopy(pool[i % len(pool)])
        tool.id, tool.name, tool.carried_over = f"{tool.id}-{i}", f"{tool.name} {i}", []
        tools.append(tool)
    profile = next(a.profile for a in sources if a.profile.get("formation") == "politicized_social_service")
    return Audit(title=f"Benchmark: {n_tools} tools", profile=dict(profile), tools=tools)
