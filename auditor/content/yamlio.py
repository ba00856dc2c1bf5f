"""The one way auditor reads and writes YAML.

Safe loading only. Booleans follow YAML 1.2 (only ``true``/``false``), so an
answer of ``no`` or a country code ``NO`` stays a string instead of silently
turning into ``False``. Line numbers are recovered only when something is
wrong, so the fast path stays a plain C-accelerated safe load.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from auditor.errors import InputError, Problem, field_path
from auditor.i18n import _

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
# Nodes (scalars, lists, mappings) in one file. The whole catalog has under 4,000 and
# a 1,000-rule ruleset about 35,000; a 20,000-tool audit or a 500,000-item list is refused before it is built.
MAX_NODES = 100_000
# Numbers: counts, scales, factors, scores and points are all small. Anything beyond
# this (or NaN, or an infinity) is a mistake or an attack, refused where it is read.
MAX_NUMBER = 10**15
_MAX_DIGITS = len(str(MAX_NUMBER)) + 2  # checked before int() sees the text

_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class Loader(_BaseLoader):
    """Safe loader with YAML 1.2 booleans, no duplicate keys and only finite, bounded numbers.

    Unquoted dates stay text (the schemas check their shape), so ``2024-02-30``
    is a located "not a real date" instead of a crash in the date constructor.
    """

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple, int] = {}
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    continue
                ident = (key.tag, key.value)
                line = key.start_mark.line + 1
                if ident in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None,
                        f"duplicate key {key.value!r} (first at line {seen[ident]}, again at line {line}); "
                        "the second would silently replace the first: keep one",
                        key.start_mark,
                    )
                seen[ident] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        digits = re.sub(r"[^0-9a-fA-F]", "", str(node.value))
        if len(digits) > _MAX_DIGITS:
            raise _number_error(node, f"a number with {len(digits)} digits")
        value = super().construct_yaml_int(node)
        if abs(value) > MAX_NUMBER:
            raise _number_error(node, f"the number {value}")
        return value

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise _number_error(node, f"{node.value!r} (not a finite number)")
        if abs(value) > MAX_NUMBER:
            raise _number_error(node, f"the number {node.value}")
        return value

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a real date", node.start_mark) from None


def _number_error(node, what: str):
    return yaml.constructor.ConstructorError(
        None, None, f"{what} is out of range: numbers must be finite and at most {MAX_NUMBER:,}", node.start_mark
    )


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
Loader.add_constructor("tag:yaml.org,2002:float", Loader.construct_yaml_float)
Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)


class Dumper(_BaseDumper):
    """Safe dumper that keeps key order and writes readable block style."""


def _str_representer(dumper, data: str):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


Dumper.add_representer(str, _str_representer)


_NOT_A_FILE = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_non_file(mode: int, path) -> None:
    if stat.S_ISREG(mode):
        return
    what = next((name for test, name in _NOT_A_FILE if test(mode)), "not a regular file")
    raise InputError.one(path, f"is {what}, not a file; refusing to read it")


def read_input(path: str | Path, limit: int = 0) -> bytes:
    """The input gate: the bytes of a regular file, never more than ``limit`` (default MAX_BYTES).

    Every file auditor reads comes through here before any parsing. A folder,
    a FIFO, a device (``/dev/zero``), a socket or a symbolic-link loop is
    refused with a message; the file is opened without blocking and read up to
    the limit and one byte more, so a file that grows while it is read (or
    lies about its size) cannot make us read more than the cap.
    """
    path = Path(path)
    limit = limit or MAX_BYTES
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError.one(path, "file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError.one(path, "is a symbolic link that loops back on itself; refusing to follow it") from None
        raise InputError.one(path, f"cannot read: {exc.strerror}") from None
    _refuse_non_file(info.st_mode, path)
    check_size(info.st_size, path, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError.one(path, f"cannot read: {exc.strerror}") from None
    try:
        _refuse_non_file(os.fstat(fd).st_mode, path)  # swapped for something else since the stat
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError.one(path, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if total > limit:
        check_size(total, path, limit)
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """A text input file through the gate, decoded as UTF-8."""
    path = Path(path)
    data = read_input(path)
    if _looks_age(data):
        raise InputError.one(path, "is an age-encrypted file but its name does not end in .age; rename it to end in .age")
    return decode(data, path)


def _looks_age(data: bytes) -> bool:
    return data.startswith(b"age-encryption.org/") or data.lstrip().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")


def check_size(size: int, source: str | Path, limit: int = 0) -> None:
    """Refuse anything over the limit (MAX_BYTES) before reading or parsing it."""
    limit = limit or MAX_BYTES
    if size > limit:
        raise InputError.one(source, f"file is {size} bytes; the limit is {limit}; refusing to read it")


def decode(data: bytes, source: str | Path) -> str:
    """Bytes already in memory (a decrypted file) as text, under the same limits as read_text."""
    check_size(len(data), source)
    if b"\0" in data[:8192]:
        raise InputError.one(source, "is a binary file, not YAML text")
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
    except yaml.YAMLError as exc:
        raise _refusal(exc, source) from None
    # Raw control characters are not valid YAML; escapes ("\e", "\x1b") can still make them. Format
    # characters are valid YAML written raw, so one anywhere in the text is looked for in what it became.
    if "\\" in text or "\x85" in text or _FORMAT.search(text):
        _refuse_hidden_characters(data, text, source)
    return data


# Terminal control characters (tab, newline and carriage return are fine). Shown by
# `auditor score` or a report, "\e]0;...\a" or "\x9b..." would drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unicode's format characters (category Cf): bidi embeddings, overrides, isolates and marks reorder the
# sentence a name is printed in ("\u202eSignal" reverses the report's own words); zero-width and tag
# characters hide text, or a difference between two names that look alike. The joiners U+200C/U+200D are
# spelling in Persian and Indic scripts and glue emoji together, so they are refused only beside ASCII.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
    "|(?<![^\x00-\x7f])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f])"
)


def hidden_character(text: str) -> str | None:
    """Why ``text`` cannot be shown as written (the control or format character it holds, named), or None."""
    found = _CONTROL.search(text)
    if found:
        return f"contains the control character {found.group()!r}, which could drive the terminal it is shown in; remove it"
    found = _FORMAT.search(text)
    if found:
        char = found.group()
        return _("contains U+{code} ({name}), an invisible character that can reorder or hide the text around it; remove it").format(
            code=f"{ord(char):04X}", name=unicodedata.name(char, "format character"))
    return None


def _refuse_hidden_characters(data: Any, text: str, source) -> None:
    """Every text of a loaded file, keys included, held to ``hidden_character``: one rule for all of them."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and hidden_character(key):
                    stack.append((path, key))
                else:
                    stack.append((path + (key,), value))
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in enumerate(node))
        elif isinstance(node, str):
            why = hidden_character(node)
            if why:
                raise InputError([problem_at(source, text, path, why)])


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _scan(text: str, source) -> None:
    """Refuse alias bombs and deep nesting from the event stream, before anything is built.

    The event parser keeps its own stack (it does not recurse), so this is safe
    on any input, and it stops at the first limit crossed, ours or PyYAML's.
    """
    sizes: dict[str, int] = {}  # anchor -> nodes in the anchored subtree
    stack: list[list] = []  # [anchor, nodes so far] per open collection
    aliases = expanded = nodes = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise InputError.one(
                        source, f"more than {MAX_NODES:,} values in one file (a list or mapping that large is not an audit or "
                        "content file); refusing to read it", line=line,
                    )
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
    except yaml.YAMLError as exc:
        # A syntax error, or a limit of PyYAML's own (newer releases cap nesting in the scanner): either
        # way the file is refused here, with its line, before anything is built.
        raise _refusal(exc, source) from None


def _refusal(exc: yaml.YAMLError, source) -> InputError:
    """PyYAML's error as ours: the file, the line where it has one, and PyYAML's own words."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return InputError.one(source, f"not valid YAML: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    message = exc.problem or str(exc)
    if exc.context:
        message = f"{exc.context}: {message}"
    elif isinstance(exc, yaml.constructor.ConstructorError):
        return InputError.one(source, message, line=line)  # duplicate key, number out of range, bad date
    return InputError.one(source, f"not valid YAML: {message}", line=line)


def load(path: str | Path) -> tuple[Any, str]:
    """Read and parse a YAML file. Returns (data, text); text is kept for line lookups."""
    path = Path(path)
    text = read_text(path)
    return parse(text, path), text


@lru_cache(maxsize=4)
def _positions(text: str) -> dict[tuple, int] | None:
    """Line of every node, by path, from one parse of ``text`` (cached: a file with a
    thousand problems is composed once, not a thousand times).

    Mapping keys are stored as their text, list items by index; a mapping child's
    line is its key's line.
    """
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    if root is None:
        return None
    out: dict[tuple, int] = {(): root.start_mark.line + 1}
    stack = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    child = path + (key.value,)
                    if child not in out:
                        out[child] = key.start_mark.line + 1
                        stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                child = path + (i,)
                out[child] = value.start_mark.line + 1
                stack.append((child, value))
    return out


def line_of(text: str, parts: Iterable) -> int | None:
    """The 1-based line of the node at JSON path ``parts``, or of its nearest ancestor."""
    if text is None:
        return None
    positions = _positions(text)
    if positions is None:
        return None
    path: tuple = ()
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool) and path + (part,) in positions:
            path += (part,)
        elif path + (str(part),) in positions:
            path += (str(part),)
        elif isinstance(part, bool) and path + (str(part).lower(),) in positions:
            path += (str(part).lower(),)
        else:
            break
    return positions[path]


def problem_at(source: str | Path, text: str | None, parts, message: str) -> Problem:
    parts = list(parts)
    line = line_of(text, parts) if text is not None else None
    return Problem(str(source), message, line=line, field=field_path(parts) or None)


_COUNT = re.compile(r"[0-9]{1,15}")


def parse_count(text: str) -> int | None:
    """A count typed by a person, read the way a count in a file is: ASCII digits only
    (``²``, ``٣`` or ``1e3`` are not counts, though ``str.isdigit`` says some are), within MAX_NUMBER."""
    text = text.strip().replace("_", "")
    if not _COUNT.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_NUMBER else None


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
