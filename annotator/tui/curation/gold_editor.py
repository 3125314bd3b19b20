"""The annotation controller on the gold record, for the curator's argument, role-claim, cluster and new-item edits.

The annotation screen's questions run on :class:`GoldEditor` unchanged
(``questions.argument`` with the active event and the mention under the
cursor, ``attribution_questions.claim`` and ``attribution_questions.part``
(content, reports, nesting…) with the active attribution, the label picker
of a new mention over the selection, the type picker of a new event on it);
a commit hands the edited gold to :class:`annotator.curation.gold_edits.GoldEdits`,
which writes the decisions. :func:`cluster` is the curator's own cluster question: merge the
whole cluster of the mention here into another, or take the mention out,
through the annotation app's ``attach``/``detach``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from annotator import editing as ed
from annotator.adjudicate import Decision
from annotator.alignment import Key
from annotator.curation.gold_edits import GoldEdits
from annotator.curation.session import Curation
from annotator.editing import Refused
from annotator.model import AnnotationRecord
from annotator.tui import attribution_questions, questions
from annotator.tui.controller import AnnotateController
from annotator.tui.layout import quick_tokens
from annotator.tui.pointer import Pointer
from annotator.tui.question import Ask, Choice, Question


class Said:
    """What the annotation app's edits tell the annotator along the way (the reported events inside a new
    content, say), kept for the screen to show after the edit."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def tell(self, message: str, warning: bool = False) -> None:
        self.messages.append(message)

    def edited(self, what: str) -> None:
        """The edit is a decision, which the screen reports itself."""

    def opened(self) -> None:
        """There is one document here: nothing to open."""


class GoldEditor(AnnotateController):
    """The gold of ``doc`` under the screen's ``pointer``, with the event ``active`` (a key) made active.

    Like :class:`annotator.tui.curation.editing.ItemEditor` it skips
    :meth:`AnnotateController.__init__`: no session, store or undo here.
    """

    def __init__(self, curation: Curation, doc: str, pointer: Pointer, active: Key | None) -> None:
        self.edits = GoldEdits(curation, doc)
        self.scheme = curation.scheme
        self.record = self.edits.record
        self.text = curation.text(doc)
        self.pointer = pointer
        self.active_id = self.edits.gold_id(active) if active else None
        self.here_index = 0
        self.written: list[Decision] = []
        self.said = Said()
        self.listener = self.said

    def commit(self, after: AnnotationRecord, what: str) -> None:
        if after is self.record:
            return
        self.written += self.edits.write(after, what)
        self.record = after


class AddedEditor(GoldEditor):
    """The gold editor narrowed to ``key``, a mention, event or attribution the curator added, for ``r`` and
    ``=``: the annotation screen's label, type and attribute pickers run on it as on an annotator's version
    (:class:`annotator.tui.curation.editing.ItemEditor`), and the answer rewrites the decision adding it.

    The core's rules hold as when annotating: a type whose roles do not take the event's arguments is
    refused, naming the argument to take out first (``a`` on it), and nothing is written.
    """

    def __init__(self, curation: Curation, doc: str, key: Key) -> None:
        text = curation.text(doc)
        layer, span = key.split(":", 1)
        if layer not in ("mention", "event", "attribution"):
            raise Refused(f"a {layer} is decided, not edited: accept, reject or take a version")
        super().__init__(curation, doc, Pointer(text, quick_tokens(text, int(span.split("-")[0]))), None)
        ident = self.edits.gold_id(key)
        if ident is None:
            raise Refused(f"the gold holds no {key}: its decision is refused by adjudicate, change it first")
        self.key = key
        self.ident = ident
        self.active_id = ident if layer != "mention" else None

    def here(self) -> list[tuple[str, int, int]]:
        span = self.span_of(self.ident)
        return [(self.ident, *span)] if span is not None else []

    def commit(self, after: AnnotationRecord, what: str) -> None:
        """The app's words name the item by its key, as the decision does, not by the gold's passing id."""
        super().commit(after, re.sub(rf"\b{re.escape(self.ident)}\b", self.key, what))


def label(ctl: GoldEditor) -> Question:
    """A mention no annotator made: the selection (or the token here), with the label picked."""
    start, end = ctl.pointer.target

    def answer(value: str) -> Ask:
        ctl.label(value)
        return None

    choices = tuple(Choice(e.label, f"{e.label}  {e.description}") for e in ctl.scheme.entity_labels)
    return Question(f"Add a mention no annotator made: {ctl.text[start:end]!r}", choices, answer)


def new_attribution(ctl: GoldEditor) -> Key:
    """An attribution no annotator made, the selection (or the token here) its cue; its key, for ``u`` to go on."""
    start, end = ctl.pointer.target
    after, _ = ed.add_attribution(ctl.record, ctl.text, ctl.scheme, (start, end))
    ctl.commit(after, f"cue {ctl.text[start:end]!r}")
    return ctl.written[-1].item


def new_event(ctl: GoldEditor, added: Callable[[Key], None]) -> Question:
    """An event no annotator made, the selection (or the token here) its trigger, with the type picked; ``added``
    is told its key once it is written, so that ``a`` goes on to its arguments."""
    start, end = ctl.pointer.target
    shown = ctl.text[start:end]
    ctl.edits.new_trigger(start, end)

    def answer(etype: str) -> Ask:
        after, _ = ed.add_event(ctl.record, ctl.text, ctl.scheme, start, end, etype)
        ctl.commit_span_edit(after, f"trigger {shown!r}")
        key = ctl.written[-1].item
        ctl.said.tell(f"{key} added and active: a on a mention adds it as an argument")
        added(key)
        return None

    choices = tuple(Choice(t.name, f"{t.name}  {t.description}") for t in ctl.scheme.event_types)
    return Question(f"Add an event no annotator made: {shown!r} (its type)", choices, answer)


def argument_or_claim(ctl: GoldEditor) -> Question | None:
    """``a`` on a mention: an argument of the active event, or a role claim of the active attribution."""
    if ctl.active_id is not None and ctl.record.ids().get(ctl.active_id) == "attribution":
        return attribution_questions.claim(ctl, ctl.active_id)
    return questions.argument(ctl)


def attribution_part(ctl: GoldEditor) -> Question:
    """``u``: the annotation app's question on the active attribution's parts: content and supplement (the
    selection), source and via (the mention here), nested in (the attribution here), reports, role claims."""
    return attribution_questions.part(ctl)


def cluster(ctl: GoldEditor) -> Question:
    """Merge the cluster of the mention here (or the mention alone) into another, or take the mention out."""
    ident = ctl.current("mention")
    m = ed.mention(ctl.record, ident)
    own = ed.entity_of(ctl.record, ident)
    labels = {x.id: x.label for x in ctl.record.mentions}
    choices = [Choice("-detach", f"- take {m.text!r} out of its cluster")] if own is not None else []
    for e in ctl.record.entities:
        if e is not own and {labels.get(x) for x in e.mentions} <= {m.label}:
            verb = "merge its cluster with" if own is not None else "put it into"
            choices.append(Choice(e.id, f"{verb} {ed.entity_name(ctl.record, e)}  ({e.id}, {len(e.mentions)})"))
    if not choices:
        raise Refused(f"no cluster of {m.label} mentions to put {m.text!r} into, and it is in none")

    def answer(value: str) -> Ask:
        if value == "-detach":
            ctl.commit(ed.detach(ctl.record, ident), f"{m.text!r} taken out of its cluster")
            return None
        after = ctl.record
        for member in own.mentions if own is not None else (ident,):
            after, _ = ed.attach(after, member, value)
        ctl.commit(after, f"{m.text!r}'s cluster merged with {value}")
        return None

    return Question(f"Cluster of {m.text!r}", tuple(choices), answer)
