"""The one way auditor reads and writes YAML.

Safe loading only. Booleans follow YAML 1.2 (only ``true``/``false``), so an
answer of ``no`` or a country code ``NO`` stays a string instead of silently
turning into ``False``. Line numbers are recovered only when something is
wrong, so the fast path stays a plain C-accelerated safe load.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import yaml

from auditor.errors import InputError, Problem, field_path

try:  # libyaml is much faster; fall back to pure Python where it is missing.
    _BaseLoader = yaml.CSafeLoader
    _BaseDumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader
    _BaseDumper = yaml.SafeDumper

# Files larger than this are refused before parsing: no audit, checklist or
# rule file comes close, and it keeps a hostile file from eating memory.
MAX_BYTES = 5 * 1024 * 1024
# YAML aliases can expand exponentially ("billion laughs"). Real content needs none.
MAX_ALIASES = 100

_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class Loader(_BaseLoader):
    """Safe loader with YAML 1.2 booleans."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))


class Dumper(_BaseDumper):
    """Safe dumper that keeps key order and writes readable block style."""


def _str_representer(dumper, data: str):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


Dumper.add_representer(str, _str_representer)


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError.one(path, "file not found") from None
    except OSError as exc:
        raise InputError.one(path, f"cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise InputError.one(path, f"file is {size} bytes; the limit is {MAX_BYTES}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.one(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError.one(path, f"cannot read: {exc.strerror}") from None


def parse(text: str, source: str | Path) -> Any:
    """Parse YAML text safely; errors name the file and line."""
    if text.count("*") and _count_aliases(text, source) > MAX_ALIASES:
        raise InputError.one(source, f"more than {MAX_ALIASES} YAML aliases; refusing to expand them")
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = exc.problem or str(exc)
        if exc.context:
            message = f"{exc.context}: {message}"
        raise InputError.one(source, f"not valid YAML: {message}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError.one(source, f"not valid YAML: {exc}") from None


def _count_aliases(text: str, source) -> int:
    count = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                count += 1
                if count > MAX_ALIASES:
                    break
    except yaml.YAMLError:
        return 0  # parse() will report the syntax error with its line
    return count


def load(path: str | Path) -> tuple[Any, str]:
    """Read and parse a YAML file. Returns (data, text); text is kept for line lookups."""
    path = Path(path)
    text = read_text(path)
    return parse(text, path), text


def line_of(text: str, parts: Iterable) -> int | None:
    """The 1-based line of the node at JSON path ``parts``, or of its nearest ancestor."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in parts:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part or (isinstance(part, str) and str(key.value) == part):
                    child, line = value, key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def problem_at(source: str | Path, text: str | None, parts, message: str) -> Problem:
    parts = list(parts)
    line = line_of(text, parts) if text is not None else None
    return Problem(str(source), message, line=line, field=field_path(parts) or None)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
