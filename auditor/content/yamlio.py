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
# ...and counting aliases is not enough: nine levels of nine aliases each is only
# 72 aliases but a billion nodes for whatever walks the result. So the nodes the
# aliases stand for are counted too, before anything is built.
MAX_ALIAS_NODES = 100_000
# Deep nesting crashes the C composer (it recurses); real files nest about a dozen deep.
MAX_DEPTH = 100

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
    check_size(size, path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.one(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError.one(path, f"cannot read: {exc.strerror}") from None


def check_size(size: int, source: str | Path) -> None:
    """Refuse anything over MAX_BYTES before reading or parsing it."""
    if size > MAX_BYTES:
        raise InputError.one(source, f"file is {size} bytes; the limit is {MAX_BYTES}; refusing to read it")


def decode(data: bytes, source: str | Path) -> str:
    """Bytes already in memory (a decrypted file) as text, under the same limits as read_text."""
    check_size(len(data), source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.one(source, f"not UTF-8 text (byte {exc.start})") from None


def parse(text: str, source: str | Path) -> Any:
    """Parse YAML text safely; errors name the file and line."""
    if len(text) > MAX_BYTES:
        check_size(len(text.encode("utf-8", "surrogatepass")), source)
    _scan(text, source)
    try:
        data = yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = exc.problem or str(exc)
        if exc.context:
            message = f"{exc.context}: {message}"
        raise InputError.one(source, f"not valid YAML: {message}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError.one(source, f"not valid YAML: {exc}") from None
    # Raw control characters are not valid YAML; escapes ("\e", "\x1b") can still make them.
    if "\\" in text or "\x85" in text:
        _refuse_control_characters(data, text, source)
    return data


# Terminal control characters (tab, newline and carriage return are fine). Shown by
# `auditor score` or a report, "\e]0;...\a" or "\x9b..." would drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _refuse_control_characters(data: Any, text: str, source) -> None:
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _CONTROL.search(key):
                    stack.append((path, key))
                else:
                    stack.append((path + (key,), value))
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in enumerate(node))
        elif isinstance(node, str):
            found = _CONTROL.search(node)
            if found:
                raise InputError([problem_at(source, text, path, f"contains the control character {found.group()!r}, which could drive the terminal it is shown in; remove it")])


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _scan(text: str, source) -> None:
    """Refuse alias bombs and deep nesting from the event stream, before anything is built.

    The event parser keeps its own stack (it does not recurse), so this is safe
    on any input, and it stops at the first limit crossed. Syntax errors are
    left for the loader, which reports them with their line.
    """
    sizes: dict[str, int] = {}  # anchor -> nodes in the anchored subtree
    stack: list[list] = []  # [anchor, nodes so far] per open collection
    aliases = expanded = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                size = sizes.get(event.anchor, 1)
                expanded += size
                if aliases > MAX_ALIASES or expanded > MAX_ALIAS_NODES:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise InputError.one(
                        source,
                        f"YAML aliases would expand to at least {expanded:,} nodes by this point "
                        f"(limits: {MAX_ALIASES} aliases, {MAX_ALIAS_NODES:,} nodes); refusing to expand them",
                        line=line,
                    )
            elif isinstance(event, _OPEN):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise InputError.one(source, f"nested more than {MAX_DEPTH} levels deep; refusing to read it", line=line)
                continue
            elif isinstance(event, _CLOSE) and stack:
                anchor, size = stack.pop()
                if anchor:
                    sizes[anchor] = size
            else:
                continue
            if stack:
                stack[-1][1] = min(stack[-1][1] + size, 10**12)
    except yaml.YAMLError:
        return  # parse() reports the syntax error with its line


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
