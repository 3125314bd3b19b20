"""Suggestions: every layer's items offered to the annotator, accepted with ``y``.

They come from an extractor's predictions (``annotate --suggest`` or a model
run in the app, ``annotate --model``) and from the app's own zone proposals. A
rejected suggestion is remembered by its :attr:`Suggestion.key` in the session
state, so the stored form stays a string. A suggestion keeps the model's
``score`` (0-1), so that the least sure come first and the surest can be
accepted together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from annotator import editing as ed
from annotator.editing import Refused
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.tui.session import suggestion_key

SuggestionKind = Literal["zone", "mention", "event", "argument", "attribution", "relation"]

Part = tuple[str, int, int, str]
"""A further span a suggestion brings along: (``trigger``/``filler``/``content``/``source``, start, end, label);
a relation's two arguments are ``mention``/``event`` parts, in the order of the scheme's roles."""

_ORDER: dict[str, int] = {"zone": 0, "mention": 1, "event": 1, "attribution": 2, "argument": 3, "relation": 3}
"""Which kinds must be in the record before others can attach to them (an argument needs its event)."""


@dataclass(frozen=True)
class Suggestion:
    """A suggested item, shown at ``start``-``end``.

    ``label`` is a zone's label, a mention's entity label, a trigger's event
    type, an argument's role (shown on its filler, the trigger in ``parts``),
    ``attribution`` (shown on the cue, else the first content span; content
    and source in ``parts``) or a relation's type (shown on its first argument,
    both arguments in ``parts``).
    """

    kind: SuggestionKind
    start: int
    end: int
    label: str
    source: str = field(default="", compare=False)
    """Who proposes it, in words (an extractor's name, the app's zone proposals); not part of its identity."""
    score: float | None = field(default=None, compare=False)
    """The model's confidence (0-1) when it gave one."""
    parts: tuple[Part, ...] = field(default=(), compare=False)
    """Spans it brings along; an argument's trigger is part of its :attr:`key`, an attribution is its anchor."""

    @property
    def key(self) -> str:
        """How a rejection is stored in the session state."""
        label = self.label
        if self.kind == "argument":
            label += "@" + ",".join(f"{s}-{e}:{lab}" for kind, s, e, lab in self.parts if kind == "trigger")
        if self.kind == "relation":
            label += "@" + ",".join(f"{s}-{e}:{lab}" for _, s, e, lab in self.parts)
        return suggestion_key(self.kind, self.start, self.end, label)

    def covers(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def part(self, kind: str) -> Part | None:
        return next((p for p in self.parts if p[0] == kind), None)

    def accept(self, record: AnnotationRecord, text: str, scheme: Scheme) -> AnnotationRecord:
        """``record`` with the suggestion added as an ordinary annotation (or :class:`Refused`)."""
        if self.kind == "zone":
            return ed.add_zone(record, text, scheme, self.start, self.end, self.label)[0]
        if self.kind == "mention":
            return ed.add_mention(record, text, scheme, self.start, self.end, self.label)[0]
        if self.kind == "event":
            return ed.add_event(record, text, scheme, self.start, self.end, self.label)[0]
        if self.kind == "argument":
            return self._accept_argument(record, text, scheme)
        if self.kind == "relation":
            return self._accept_relation(record, text, scheme)
        return self._accept_attribution(record, text, scheme)

    def _accept_relation(self, record: AnnotationRecord, text: str, scheme: Scheme) -> AnnotationRecord:
        refs = []
        for part in self.parts:
            if part[0] == "event":
                event = next((v for v in record.events if (v.trigger.start, v.trigger.end, v.type) == part[1:]), None)
                if event is None:
                    raise Refused(f"accept the {part[3]} trigger {text[part[1] : part[2]]!r} first")
                refs.append(event.id)
            else:
                record, ref = _mention(record, text, scheme, part)
                refs.append(ref)
        return ed.add_relation(record, scheme, self.label, refs[0], refs[1])[0]

    def _accept_argument(self, record: AnnotationRecord, text: str, scheme: Scheme) -> AnnotationRecord:
        trigger, filler = self.part("trigger"), self.part("filler")
        assert trigger is not None and filler is not None
        event = next((v for v in record.events if (v.trigger.start, v.trigger.end, v.type) == trigger[1:]), None)
        if event is None:
            raise Refused(f"accept the {trigger[3]} trigger {text[trigger[1] : trigger[2]]!r} first")
        record, ref = _mention(record, text, scheme, filler)
        return ed.add_argument(record, scheme, event.id, self.label, ref)

    def _accept_attribution(self, record: AnnotationRecord, text: str, scheme: Scheme) -> AnnotationRecord:
        cue = self.part("cue")
        record, ident = ed.add_attribution(record, text, scheme, cue[1:3] if cue else None)
        for _, start, end, _ in (p for p in self.parts if p[0] == "content"):
            record = ed.toggle_content(record, text, scheme, ident, start, end)
        source = self.part("source")
        if source is not None:
            record, ref = _mention(record, text, scheme, source)
            record = ed.set_source(record, ident, ref)
        return record


def _mention(record: AnnotationRecord, text: str, scheme: Scheme, part: Part) -> tuple[AnnotationRecord, str]:
    """The mention on ``part``'s span (any label), added with ``part``'s label when there is none."""
    _, start, end, label = part
    same = [m for m in record.mentions if (m.start, m.end) == (start, end)]
    found = next((m for m in same if m.label == label), same[0] if same else None)
    if found is not None:
        return record, found.id
    return ed.add_mention(record, text, scheme, start, end, label)


def predicted(record: AnnotationRecord, source: str) -> list[Suggestion]:
    """Every item of an extractor's record as suggestions, scores kept (zones left to the caller)."""
    mentions = {m.id: m for m in record.mentions}
    out = [Suggestion("mention", m.start, m.end, m.label, source, m.score) for m in record.mentions]
    for v in record.events:
        t = v.trigger
        out.append(Suggestion("event", t.start, t.end, v.type, source, v.score))
        for a in v.args:
            m = mentions.get(a.ref)
            if m is not None:
                pair = (("trigger", t.start, t.end, v.type), ("filler", m.start, m.end, m.label))
                out.append(Suggestion("argument", m.start, m.end, a.role, source, v.score, pair))
    for at in record.attributions:
        anchor = at.cue or (at.content[0] if at.content else None)
        if anchor is None:
            continue
        parts: list[Part] = [("cue", at.cue.start, at.cue.end, "")] if at.cue else []
        parts += [("content", s.start, s.end, "") for s in at.content]
        src = mentions.get(at.source or "")
        if src is not None:
            parts.append(("source", src.start, src.end, src.label))
        out.append(Suggestion("attribution", anchor.start, anchor.end, "attribution", source, at.score, tuple(parts)))
    events = {v.id: v for v in record.events}
    for rel in record.relations:
        args: list[Part] = []
        for a in rel.args:
            if (m := mentions.get(a.ref)) is not None:
                args.append(("mention", m.start, m.end, m.label))
            elif (ev := events.get(a.ref)) is not None:
                args.append(("event", ev.trigger.start, ev.trigger.end, ev.type))
        if len(args) == 2:
            out.append(Suggestion("relation", args[0][1], args[0][2], rel.type, source, rel.score, tuple(args)))
    return out


def annotated(record: AnnotationRecord) -> set[str]:
    """The keys of what ``record`` already has (an attribution counts as there when its anchor is)."""
    return {s.key for s in predicted(record, "")}


def by_uncertainty(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Least sure first (lowest score); suggestions without a score keep their order, after the scored ones."""
    return sorted(suggestions, key=lambda s: (s.score is None, s.score or 0.0))


def open_suggestions(
    record: AnnotationRecord,
    suggested: AnnotationRecord | None,
    rejected: set[str],
    proposals: list[Suggestion] | None = None,
    model: AnnotationRecord | None = None,
    model_source: str = "",
    occurrences: list[Suggestion] | None = None,
) -> list[Suggestion]:
    """Suggested items that are neither annotated yet nor rejected, least sure first.

    ``proposals`` are the app's own zone proposals; a proposal or suggested zone
    overlapping a zone the annotator already marked is not shown. ``suggested``
    comes from ``--suggest``, ``model`` from the model run in the app (named by
    ``model_source``); ``occurrences`` (:mod:`annotator.tui.occurrences`) are
    shown until their span is a mention.
    """

    def zoned(s: Suggestion) -> bool:
        return any(z.start < s.end and s.start < z.end for z in record.zones)

    out = [s for s in proposals or [] if s.key not in rejected and not zoned(s)]
    have: set[str] | None = None
    for rec, src in (
        (suggested, f"{suggested.annotator}'s predictions (--suggest)" if suggested else ""),
        (model, model_source),
    ):
        if rec is None:
            continue
        if have is None:
            have = annotated(record)
        items = predicted(rec, src)
        items += [s for z in rec.zones if not zoned(s := Suggestion("zone", z.start, z.end, z.label, src))]
        for s in items:
            if s.key not in have and s.key not in rejected:
                have.add(s.key)
                out.append(s)
    if occurrences:
        marked = {(m.start, m.end) for m in record.mentions}
        out += [s for s in occurrences if s.key not in rejected and (s.start, s.end) not in marked]
    return by_uncertainty(out)


def sure_ones(suggestions: Iterable[Suggestion], span: tuple[int, int], threshold: float) -> list[Suggestion]:
    """Suggestions inside ``span`` scoring at least ``threshold``, in the order they can be accepted."""
    inside = [
        s
        for s in suggestions
        if s.score is not None and s.score >= threshold and span[0] <= s.start and s.end <= span[1]
    ]
    return sorted(inside, key=lambda s: (_ORDER[s.kind], s.start))


def accept_each(
    record: AnnotationRecord, text: str, scheme: Scheme, suggestions: Iterable[Suggestion]
) -> tuple[AnnotationRecord, list[str]]:
    """``record`` with every suggestion accepted that can be, and why each other one was refused."""
    refused: list[str] = []
    for suggestion in suggestions:
        try:
            record = suggestion.accept(record, text, scheme)
        except Refused as exc:
            refused.append(f"{suggestion.label} {text[suggestion.start : suggestion.end]!r}: {exc}")
    return record, refused


def at(suggestions: Iterable[Suggestion], offset: int) -> Suggestion | None:
    """The suggestion ``y`` takes at ``offset``: of those covering it, one that can be accepted first
    (a mention before an argument it fills), the least sure of those."""
    here = [s for s in suggestions if s.covers(offset)]
    return min(here, key=lambda s: _ORDER[s.kind]) if here else None


def next_in_order(ordered: list[Suggestion], offset: int) -> int | None:
    """Where the next suggested place is, places ranked by their least sure suggestion, wrapping.

    A place is a suggestion's start; the current one is a suggestion starting at
    ``offset``, else one covering it; from nowhere, the least sure place comes first.
    """
    starts = list(dict.fromkeys(s.start for s in ordered))
    if not starts:
        return None
    here = next((s for s in ordered if s.start == offset), None) or next((s for s in ordered if s.covers(offset)), None)
    return starts[0] if here is None else starts[(starts.index(here.start) + 1) % len(starts)]


KIND_NAMES = {
    "zone": "zone",
    "mention": "mention",
    "event": "event trigger",
    "argument": "argument",
    "attribution": "attribution",
    "relation": "relation",
}


def explain(suggestion: Suggestion, scheme: Scheme, keys: dict[str, str]) -> list[str]:
    """What the side panel says about the suggestion under the cursor: what, from whom, what it means, which keys.

    ``keys`` maps the actions ``accept``, ``reject`` and ``accept_all`` to the keys bound to them now.
    """
    if suggestion.kind == "zone":
        meaning = next((z.description for z in scheme.zones if z.label == suggestion.label), "")
    elif suggestion.kind == "mention":
        meaning = next((e.description for e in scheme.entity_labels if e.label == suggestion.label), "")
    elif suggestion.kind == "event":
        meaning = next((t.description for t in scheme.event_types if t.name == suggestion.label), "")
    else:
        meaning = ""
    lines = [f"SUGGESTED {KIND_NAMES[suggestion.kind]} {suggestion.label}", f"{suggestion.start}-{suggestion.end}"]
    if suggestion.kind == "argument" and (trigger := suggestion.part("trigger")):
        lines.append(f"of the {trigger[3]} event at {trigger[1]}-{trigger[2]}")
    if suggestion.kind == "attribution":
        lines += [f"{kind} {start}-{end}" for kind, start, end, _ in suggestion.parts if kind != "cue"]
    if suggestion.kind == "relation":
        spec = scheme.relation_by_name.get(suggestion.label)
        roles = [a.role for a in spec.args] if spec else ["first", "second"]
        lines += [f"{role}: {lab} {s}-{e}" for role, (_, s, e, lab) in zip(roles, suggestion.parts, strict=False)]
    if suggestion.score is not None:
        lines.append(f"score: {suggestion.score:.2f}")
    if suggestion.source:
        lines.append(f"from: {suggestion.source}")
    if meaning:
        lines.append(f"{suggestion.label}: {meaning}")
    lines.append(
        f"{keys.get('accept', 'y')} accept · {keys.get('reject', 'x')} reject · "
        f"{keys.get('accept_all', '?')} accept every {suggestion.label}"
    )
    return lines
