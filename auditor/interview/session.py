"""The open audit, its file and everything the screens change: no Textual here.

Every change goes through a ``Session`` method, which saves the audit at once
with the core's atomic ``save_audit``. Quitting at any moment therefore loses
nothing: the file on disk is always the last answer given.

Parts written in parallel by others (cycles, reports, encryption, privacy
warnings) are reached through small guarded look-ups, so the app says clearly
that a feature is missing instead of crashing.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Callable

from auditor.audits import actions, cycles
from auditor.audits import conflicts, privacy
from auditor.audits import storage
from auditor.audits.model import (
    dump_audit,
    ANSWERED,
    CATALOG,
    UNANSWERED,
    Audit,
    Tool,
    answer_origin,
    load_audit,
    questions_for,
    save_audit,
    unanswered,
)
from auditor import i18n
from auditor.errors import InputError
from auditor.i18n import _
from auditor.content.model import UNKNOWN, Content, Question
from auditor.engine.assessment import Assessment
from auditor.engine.proposals import apply_plan
from auditor.engine.scoring import ScoreResult, score

SCREENS = ("profile", "tools", "tool", "findings", "plan", "progress")


def personal_data_warnings(text: str) -> list[str]:
    if not text.strip():
        return []
    try:
        return list(privacy.personal_data_warnings(text))
    except Exception:  # a checker bug must never cost the user their typing
        return []


def humanize(qid: str) -> str:
    special = {"e2ee": _("End-to-end encryption"), "mandated_with_access": _("Mandated reporters with access")}
    return special.get(qid, qid.replace("_", " ").capitalize())


def named_prompt(question: Question) -> str:
    """A question in a list of questions: "Retention: How long ...?" in English; the prompt alone elsewhere
    (a name made from the prompt would only repeat it)."""
    if i18n.current() == i18n.DEFAULT:
        return f"{humanize(question.id)}: {question.prompt}"
    return question.prompt


def short_name(question: Question) -> str:
    """A question's name in a list: from its id in English; in another language, from its translated prompt
    (an English id read out in a Spanish list would be the one English word on the screen)."""
    if i18n.current() == i18n.DEFAULT:
        return humanize(question.id)
    head = re.split(r"[?:(]", question.prompt, maxsplit=1)[0].strip(" ¿¡.")
    return head if len(head) <= 40 else head[:39].rstrip() + "…"


class Session:
    """One open audit: the file it lives in and every change made to it."""

    def __init__(self, audit: Audit, path: Path, content: Content, passphrase: str | None = None):
        self.audit = audit
        self.path = Path(path)
        self.content = content
        self.passphrase = passphrase
        self.revision = 0
        self.last_saved: str = ""
        self.save_error: str | None = None
        self._result: tuple[int, Assessment] | None = None
        self._whatif: tuple[int, dict[str, int]] | None = None
        self._progress_unsaved = False  # where the user is changed since the last save
        # Someone else wrote the file since it was read (FileChanged): nothing is saved until the
        # user chooses (``reload`` or ``keep_both``); ``on_conflict`` lets the app ask at once.
        self.conflict: conflicts.FileChanged | None = None
        self.on_conflict: Callable[[], None] | None = None

    # -- saving ------------------------------------------------------------
    def save(self) -> str | None:
        """Atomic, private save; encrypted audits go to their own key (scrypt once per session,
        then milliseconds: ``storage.keyed_ciphertext``). Returns an error message (never raises for
        disk trouble). ``last_saved`` changes only once the file is in place. A file someone
        else wrote since it was read is not replaced (see ``conflict``)."""
        try:
            if self.passphrase is not None:
                save_audit(self.audit, self.path, passphrase=self.passphrase)
            else:
                save_audit(self.audit, self.path)
        except conflicts.FileChanged as exc:
            self.conflict = exc
            self.save_error = _("{path} was changed by another program since it was opened here: what you entered since is not saved yet").format(path=self.path)
            if self.on_conflict is not None:
                self.on_conflict()
            return self.save_error
        except OSError as exc:
            self.save_error = _("could not save {path}: {error}").format(path=self.path, error=exc.strerror or exc)
            return self.save_error
        except InputError as exc:
            self.save_error = str(exc)
            return self.save_error
        self.save_error = None
        self.conflict = None
        self._progress_unsaved = False
        self.last_saved = _dt.datetime.now().strftime("%H:%M:%S")
        return None

    def changed(self) -> str | None:
        """Autosave after every change, before the app acknowledges it."""
        self.revision += 1
        return self.save()

    # -- reading -------------------------------------------------------------
    @property
    def assessment(self) -> Assessment:
        """The one assessment every screen reads, computed once per revision of the audit.

        Scores come first (cheap); the plan, projections and what remains are
        computed the first time a screen asks for them, then kept for the revision.
        """
        if self._result is None or self._result[0] != self.revision:
            self._result = (self.revision, Assessment.of(self.audit, self.content))
        return self._result[1]

    @property
    def result(self) -> ScoreResult:
        return self.assessment.result

    def whatif_scores(self) -> dict[str, int] | None:
        """Scores with the what-if changes made (None without any), cached per revision."""
        if not self.audit.whatif:
            return None
        if self._whatif is None or self._whatif[0] != self.revision:
            self._whatif = (self.revision, score(apply_plan(self.audit, self.audit.whatif, self.content), self.content).scores)
        return self._whatif[1]

    def previous_cycle_file(self, *folders: Path) -> Path | None:
        """Last cycle's file: next to this audit, else in ``folders``; None for a first cycle or if it is gone."""
        return cycles.previous_cycle_file(self.audit, self.path.parent, *folders)

    def questions(self, tool_id: str | None) -> list[Question]:
        if tool_id is None:
            return self.content.profile_questions
        return questions_for(self.audit.tool(tool_id), self.content)

    def tool(self, tool_id: str | None) -> Tool | None:
        return None if tool_id is None else self.audit.tool(tool_id)

    def origin(self, tool_id: str | None, qid: str) -> tuple[Any, str]:
        return answer_origin(self.tool(tool_id), qid, self.audit, self.content)

    def carried(self, tool_id: str | None, qid: str) -> bool:
        if tool_id is None:
            return qid in self.audit.profile_carried_over
        return qid in self.audit.tool(tool_id).carried_over

    def unanswered(self) -> list[tuple[str | None, str]]:
        return unanswered(self.audit, self.content)

    def counts(self) -> tuple[int, int]:
        """(answered, total) questions across the profile and every tool."""
        total = len(self.content.profile_questions) + sum(len(questions_for(t, self.content)) for t in self.audit.tools)
        return total - len(self.unanswered()), total

    def tool_counts(self, tool_id: str) -> tuple[int, int]:
        qs = self.questions(tool_id)
        done = sum(1 for q in qs if self.origin(tool_id, q.id)[1] != UNANSWERED)
        return done, len(qs)

    # -- changing ------------------------------------------------------------
    def answer(self, tool_id: str | None, qid: str, value: Any) -> str | None:
        q = self.content.questions[qid]
        problem = q.problem_with(value)
        if problem:
            return problem
        if tool_id is None:
            self.audit.profile[qid] = value
        else:
            self.audit.tool(tool_id).answers[qid] = value
        self._uncarry(tool_id, qid)
        return self.changed()

    def reset_to_catalog(self, tool_id: str, qid: str) -> str | None:
        tool = self.audit.tool(tool_id)
        tool.answers.pop(qid, None)
        self._uncarry(tool_id, qid)
        return self.changed()

    def confirm(self, tool_id: str | None, qid: str) -> str | None:
        self._uncarry(tool_id, qid)
        return self.changed()

    def confirm_many(self, tool_id: str | None, qids: list[str]) -> str | None:
        """Confirm several carried-over answers at once (one save)."""
        for qid in qids:
            self._uncarry(tool_id, qid)
        return self.changed()

    def _uncarry(self, tool_id: str | None, qid: str) -> None:
        if not self.carried(tool_id, qid):
            return
        cycles.confirm(self.audit, tool_id, qid)

    def add_catalog_tool(self, catalog_id: str, name: str | None = None) -> Tool:
        entry = self.content.catalog[catalog_id]
        name = name or entry.name
        tool = Tool(id=self.audit.new_tool_id(name), name=name, catalog=catalog_id)
        self.audit.tools.append(tool)
        self.changed()
        return tool

    def add_custom_tool(self, name: str, category: str) -> Tool:
        tool = Tool(id=self.audit.new_tool_id(name), name=name, category=category)
        self.audit.tools.append(tool)
        self.changed()
        return tool

    def remove_tool(self, tool_id: str) -> str | None:
        self.audit.tools = [t for t in self.audit.tools if t.id != tool_id]
        prefix = f"{tool_id}:"
        self.audit.agreed = [k for k in self.audit.agreed if not k.startswith(prefix)]
        self.audit.whatif = [k for k in self.audit.whatif if not k.startswith(prefix)]
        if self.audit.progress.get("tool") == tool_id:
            self.audit.progress = {"screen": "tools"}
        return self.changed()

    def rename_tool(self, tool_id: str, name: str) -> str | None:
        self.audit.tool(tool_id).name = name
        return self.changed()

    def set_notes(self, tool_id: str | None, text: str) -> str | None:
        if tool_id is None:
            self.audit.profile_notes = text
        else:
            self.audit.tool(tool_id).notes = text
        return self.changed()

    def set_title(self, title: str) -> str | None:
        self.audit.title = title
        return self.changed()

    def toggle(self, which: str, key: str) -> str | None:
        if which == "agreed" and key in self.audit.actions:  # a tracked item: its record follows (agreed <-> dropped)
            actions.set_action(self.audit, key, status="dropped" if key in self.audit.agreed else "agreed")
            return self.changed()
        keys = self.audit.whatif if which == "whatif" else self.audit.agreed
        if key in keys:
            keys.remove(key)
        else:
            keys.append(key)
        return self.changed()

    def track(self, key: str, *, status: str, role: str, due: str) -> str | None:
        """Status, role and due date of an agreed plan item, recorded as `auditor action` records them."""
        try:
            actions.set_action(self.audit, key, status=status, role=role, due=due)
        except InputError as exc:
            return str(exc)
        return self.changed()

    def set_progress(self, **where: Any) -> str | None:
        """Remember where the user is. Saved only once something was changed in this session:
        opening and looking around never rewrites the file."""
        where = {k: v for k, v in where.items() if v is not None}
        if where == self.audit.progress:
            return None
        self.audit.progress = where
        # Written with the next answer or on leaving, not now: a whole save per move between
        # questions cost more than the 50 ms a keypress may take on a 40-tool audit.
        self._progress_unsaved = self.revision > 0
        return None

    def close(self) -> str | None:
        """Leaving the audit (quit, open another): save if anything changed since it was opened.
        If someone else wrote the file meanwhile, this version is kept beside it (``keep_both``)."""
        self.on_conflict = None  # leaving: nobody is left to ask
        error = self.save() if self.revision > 0 or self._progress_unsaved or self.conflict else None
        if self.conflict is not None:
            old = self.path
            error = self.keep_both() or _("{path} was changed by another program; your version is saved as {copy}").format(path=old, copy=self.path)
        return error

    # -- another writer ----------------------------------------------------------
    def reload(self) -> str | None:
        """Read the file as it is now, dropping what was entered here since it was last saved.
        Returns an error message (the audit here is kept as it was)."""
        try:
            audit = load_audit(self.path, self.content, self.passphrase)
        except (InputError, OSError) as exc:
            return str(exc) if isinstance(exc, InputError) else f"{self.path}: {exc.strerror or exc}"
        audit.progress = self.audit.progress
        self.audit, self.conflict, self.save_error = audit, None, None
        self._progress_unsaved = False
        self.revision += 1
        return None

    def keep_both(self) -> str | None:
        """Save this version as a new private file next to the old one and keep working on it;
        the old file keeps what the other program wrote. Returns an error message."""
        self.path = conflicts.keep_both_path(self.path, "app-version")
        self.revision += 1
        return self.save()


def origin_label(origin: str) -> str:
    return {ANSWERED: _("answered"), CATALOG: _("catalog default"), UNANSWERED: _("not answered yet")}[origin]


__all__ = [
    "Audit",
    "Session",
    "UNKNOWN",
    "load_audit",
    "storage",
    "personal_data_warnings",
    "humanize",
    "short_name",
    "named_prompt",
    "origin_label",
    "CATALOG",
    "ANSWERED",
    "UNANSWERED",
]
