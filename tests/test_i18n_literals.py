"""No untranslated string literal reaches a user through the app or the reports.

An AST scan, precise rather than broad: it looks only where text is shown (widget constructors, ``notify``,
``Content``, dialogs, ``Binding`` descriptions and tooltips, input placeholders, the reports' ``add(...)``
lines and table headers) and module-level constants in those modules. A string counts when, with
``{placeholders}``, HTML tags and entities removed, it still has a word in it; ids, styles, keys and
markup-only strings do not. What is deliberately left in English is listed in ALLOWED, with why.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import auditor

PACKAGE = Path(auditor.__file__).parent
SCANNED = sorted(
    [p for p in (PACKAGE / "tui").rglob("*.py")]
    + [PACKAGE / "reports" / "markdown.py", PACKAGE / "reports" / "html.py", PACKAGE / "reports" / "svg.py"]
    + [PACKAGE / "textout.py", PACKAGE / "interview" / "plain.py"]
)
# Calls whose positional arguments are shown as text (the first one for these; all listed indexes below).
SHOWN = {
    "Static": (0,), "Label": (0,), "Button": (0,), "Content": (0,), "styled": (0,), "notify": (0,),
    "Option": (0,), "update": (0,), "ChoiceDialog": (0, 1), "ConfirmDialog": (0,), "MessageDialog": (0, 1),
    "TextDialog": (0,), "join": None, "literal": (), "say": (0,), "line": (0,), "ask": (0,), "add": (0,),
    "table": (1,), "Binding": (2,), "tabulate": (), "PathDialog": (0,), "PassphraseDialog": (0,),
    "append": (0,),  # parts.append(...) of a text being assembled
}
SHOWN_KEYWORDS = {"tooltip", "placeholder", "explain", "yes", "no", "title", "headers", "description", "label"}
NEVER_TEXT_KEYWORDS = {"id", "classes", "name", "variant", "severity", "style", "key", "action", "group"}
# Deliberately English, with why.
ALLOWED = {
    "auditor",  # the program's name
    "0-100",  # a scale, the same in every language
}
TAG = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;|[\w-]+=\"[^\"]*\"")  # tags, entities, attributes
ID = re.compile(r"^[a-z0-9#_][a-z0-9_.#:+-]*$")  # ids, keys, styles, colours: one lower-case token
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[A-Za-z]{2,}")


def has_words(text: str) -> bool:
    if ID.match(text.strip()):
        return False
    text = TAG.sub(" ", PLACEHOLDER.sub(" ", text))
    return text.strip() not in ALLOWED and bool(WORD.search(text))


def _strings(node) -> list[ast.AST]:
    """String literals and f-strings in a shown argument, not inside a call (a call's own args are its business)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, (ast.BinOp, ast.IfExp, ast.BoolOp)):
        children = [node.left, node.right] if isinstance(node, ast.BinOp) else [node.body, node.orelse] if isinstance(node, ast.IfExp) else node.values
        return [s for c in children for s in _strings(c)]
    if isinstance(node, (ast.List, ast.Tuple)):
        elts = node.elts[:1] if isinstance(node, ast.Tuple) and len(node.elts) == 2 else node.elts  # (text, style)
        return [s for e in elts for s in _strings(e)]
    return []


def _text(node) -> str:
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def flag(node, where: str) -> None:
        for s in _strings(node):
            if has_words(_text(s)):
                found.append(f"{path.relative_to(PACKAGE)}:{s.lineno}: {where}: {_text(s)[:60]!r}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node)
            if name in ("_", "N_", "ngettext"):
                continue
            if name in SHOWN:
                indexes = range(len(node.args)) if SHOWN[name] is None else SHOWN[name]
                for i in indexes:
                    if i < len(node.args):
                        flag(node.args[i], f"{name}() argument {i}")
            if name in SHOWN or name[:1].isupper():
                for kw in node.keywords:
                    if kw.arg in SHOWN_KEYWORDS and kw.arg not in NEVER_TEXT_KEYWORDS:
                        flag(kw.value, f"{name}({kw.arg}=)")
        # parts += ["...", ("...", "bold")]: a text being assembled.
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and isinstance(node.value, ast.List):
            flag(node.value, "+= [...]")
        # (id, "Label") pairs: the choices of every menu and dialog.
        if isinstance(node, ast.Tuple) and len(node.elts) == 2 and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            key, label = (e.value for e in node.elts)
            if ID.match(key) and has_words(label) and not ID.match(label):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: (id, label) pair: {label[:60]!r}")
    # Module-level constants of shown text must be marked N_() (translated where shown).
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            name = node.targets[0].id
            if name in ("CSS", "CSP", "DEFAULT_CSS", "CSS_PATH", "TITLE", "BINDINGS", "COMMANDS"):
                continue  # styles, policy, file names; BINDINGS are checked as Binding() calls above
            values = node.value.values if isinstance(node.value, ast.Dict) else [node.value]
            for v in values:
                if not (isinstance(v, ast.Call) and _name(v) == "N_"):
                    flag(v, f"constant {name}")
    return found


def test_no_untranslated_literal_is_shown():
    found = [line for path in SCANNED for line in untranslated(path)]
    assert found == [], "wrap these in _() (N_() for module constants), or allow them in ALLOWED with why:\n" + "\n".join(found)


def test_the_scan_catches_what_it_should(tmp_path):
    """A scan that finds nothing proves nothing: plant each kind of mistake and see it caught."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from auditor.i18n import _, N_\n"
        "EMPTY = 'No tools yet'\n"
        "FINE = N_('Marked for later')\n"
        "def f(app, n):\n"
        "    app.notify('Saved your answer')\n"
        "    app.notify(_('Translated'))\n"
        "    Static(f'{n} tools')\n"
        "    Binding('f1', 'help', 'Help', id='app.help', tooltip='What each threat means')\n"
        "    Static('·', id='marker-only')\n"
        "    add('<section id=\"plan\">')\n"
        "    join(('Why we ask: ', 'bold'), 'x')\n"
        "    choices = [('md', 'Markdown report')]\n"
    )
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        found = untranslated(sample)
    finally:
        PACKAGE = saved
    text = "\n".join(found)
    for expected in ("constant EMPTY", "Saved your answer", "{} tools", "'Help'", "What each threat means", "Why we ask", "Markdown report"):
        assert expected in text, (expected, text)
    for fine in ("Marked for later", "Translated", "·", "section"):
        assert fine not in text, (fine, text)
