"""brat standoff: a ``NAME.txt`` and ``NAME.ann`` per document, with ``annotation.conf`` and ``visual.conf``.

Mapping (both ways):

- zones and mentions are text-bound ``T`` lines typed with their label; the
  record's ``T<n>`` ids are kept when they already have that form;
- events are ``E`` lines ``TYPE:Ttrigger Role:ref…`` with a trigger ``T`` typed
  with the event type (events with the same type and trigger share it);
  repeated roles get numeric suffixes (``Theme``, ``Theme2``) that are stripped
  on reading, as brat does;
- attributes of mentions, events and attributions are ``A`` lines, binary for
  ``true`` (``false`` is the absence of the line), valued otherwise; a value
  with spaces, which an ``A`` line cannot hold, is an ``attr:NAME`` note;
- entities (coreference) are ``*\tEquiv`` lines, hoppers ``*\tHopper`` lines
  over event ids; an entity's kb link is an ``N`` line ``Reference T KB:ID``
  (or ``RES:ID`` when the link has a resource prefix) on its first mention,
  whose text is the entity name; a name without a link is an ``EntityName`` note;
- attributions are ``Attribution`` events: the cue is the trigger, roles
  ``Source``, ``Content``/``Content2``… (``Content`` text-bound spans, a
  discontinuous ``Content`` span gives several content spans), ``Supplement``,
  ``Via``, ``Parent`` and ``Reports``; role claims are ``RoleClaim`` notes
  (``Eevent Role Tfiller``); an attribution without a cue is anchored on its
  first content span and marked with a binary ``NoCue`` attribute;
- notes are ``#`` ``AnnotatorNotes`` lines on the item they target;
- relations are ``R`` lines ``TYPE Arg1:T Arg2:T`` (first and second argument
  in the scheme's order), between mentions; a discontinuous mention is a ``T``
  line with its fragments joined by ``;``.

A span crossing line breaks is written as fragments split at the breaks (brat
draws one line at a time) and read back as one span when only line breaks
separate the fragments. brat's Python 3 server slices text by code point, as
the model does, so offsets are written unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

from annotator.corpus import Document
from annotator.durable import write_tree
from annotator.formats.base import Ids, Losses, WriteOptions, annotators_of
from annotator.formats.brat_conf import annotation_conf, visual_conf
from annotator.formats.brat_read import ATTRIBUTION, CONTENT, NO_CUE, SUPPLEMENT, iter_drafts, read, read_ann
from annotator.layers import RecordIndex
from annotator.model import (
    AnnotationRecord,
    Attribution,
    AttrValue,
    Event,
    Mention,
    Span,
    Zone,
)
from annotator.scheme import AttributeSpec, Scheme

NAME = "brat"
SUFFIX = ""
_T_ID = re.compile(r"^T\d+$")
_E_ID = re.compile(r"^E\d+$")


# ---------------------------------------------------------------- writing


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split at line breaks, line breaks left out."""
    out: list[tuple[int, int]] = []
    pos = start
    for piece in text[start:end].split("\n"):
        if piece:
            out.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return out or [(start, end)]


class _Writer:
    def __init__(self, record: AnnotationRecord, text: str, scheme: Scheme, losses: Losses) -> None:
        self.r = record
        self.text = text
        self.scheme = scheme
        self.losses = losses
        self.lines: list[str] = []
        bounds: list[Zone | Mention] = [*record.zones, *record.mentions]
        frames: list[Event | Attribution] = [*record.events, *record.attributions]
        reserved = [m.id for m in bounds if _T_ID.match(m.id)]
        reserved += [e.id for e in frames if _E_ID.match(e.id)]
        self.ids = Ids(reserved)
        self.brat: dict[str, str] = {}
        self.counter = {"A": 0, "N": 0, "#": 0}

    def next(self, prefix: str) -> str:
        self.counter[prefix] += 1
        return f"{prefix}{self.counter[prefix]}"

    def t_line(self, ident: str, label: str, start: int, end: int, pieces: Sequence[Span] = ()) -> None:
        bounds = [(p.start, p.end) for p in pieces] or [(start, end)]
        frags = [f for s, e in bounds for f in _fragments(self.text, s, e)]
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        covered = " ".join(self.text[s:e] for s, e in frags)
        self.lines.append(f"{ident}\t{label} {offsets}\t{covered}")

    def text_bound(self, item: Zone | Mention) -> None:
        ident = item.id if _T_ID.match(item.id) and item.id not in self.brat.values() else self.ids.new("T")
        self.brat[item.id] = ident
        self.t_line(ident, item.label, item.start, item.end, item.fragments if isinstance(item, Mention) else ())

    def attrs(self, target: str, attrs: dict[str, AttrValue], specs: dict[str, AttributeSpec]) -> None:
        for name, value in attrs.items():
            if value is None or value is False:
                continue
            if value is True:
                self.lines.append(f"{self.next('A')}\t{name} {target}")
                continue
            spec = specs.get(name)
            shown = self.brat.get(str(value), str(value)) if spec is not None and spec.type == "ref" else str(value)
            if not shown or any(c.isspace() for c in shown):
                self.note(f"attr:{name}", target, shown)
            else:
                self.lines.append(f"{self.next('A')}\t{name} {target} {shown}")

    def note(self, kind: str, target: str, text: str) -> None:
        clean = " ".join(text.split())
        self.lines.append(f"{self.next('#')}\t{kind} {target}\t{clean}")

    def ref(self, ref: str, index: RecordIndex) -> str | None:
        """The brat id standing for ``ref``: a hopper is written as its first event."""
        if ref in self.brat:
            return self.brat[ref]
        hopper = index.hoppers.get(ref)
        if hopper is not None:
            first = next((self.brat[e] for e in hopper.events if e in self.brat), None)
            if first is not None:
                self.losses.add("hopper references written as their first event")
            return first
        return None

    def run(self) -> str:
        r = self.r
        bounds: list[Zone | Mention] = [*r.zones, *r.mentions]
        frames: list[Event | Attribution] = [*r.events, *r.attributions]
        for item in bounds:
            self.text_bound(item)
        for event in frames:
            self.brat[event.id] = event.id if _E_ID.match(event.id) else self.ids.new("E")
        index = RecordIndex.of(r)
        triggers: dict[tuple[str, int, int], str] = {}

        def trigger(label: str, span: Span) -> str:
            key = (label, span.start, span.end)
            if key not in triggers:
                triggers[key] = self.ids.new("T")
                self.t_line(triggers[key], label, span.start, span.end)
            return triggers[key]

        for event in r.events:
            roles = [(a.role, self.ref(a.ref, index)) for a in event.args]
            self.e_line(self.brat[event.id], event.type, trigger(event.type, event.trigger), roles)
        for a in r.attributions:
            self.attribution(a, index, trigger)
        for event in r.events:
            self.attrs(
                self.brat[event.id], event.attrs, {s.name: s for s in self.scheme.event_attributes_for(event.type)}
            )
        mention_specs = {s.name: s for s in self.scheme.mention_attributes}
        for m in r.mentions:
            self.attrs(self.brat[m.id], m.attrs, mention_specs)
        for entity in r.entities:
            members = [self.brat[m] for m in entity.mentions if m in self.brat]
            if len(members) > 1:
                self.lines.append("*\tEquiv " + " ".join(members))
            if members and entity.kb:
                resource, _, entry = entity.kb.rpartition(":")
                self.lines.append(
                    f"{self.next('N')}\tReference {members[0]} {resource or 'KB'}:{entry}\t{entity.name or ''}"
                )
            elif members and entity.name:
                self.note("EntityName", members[0], entity.name)
            elif len(members) < 2:
                self.losses.add("single-mention clusters without name or kb link")
        mentions = {m.id for m in r.mentions}
        for hopper in r.hoppers:
            members = [self.brat[e] for e in hopper.events if e in self.brat]
            if len(members) > 1:
                self.lines.append("*\tHopper " + " ".join(members))
        for n, rel in enumerate(r.relations, 1):
            args = [self.brat.get(a.ref) if a.ref in mentions else None for a in rel.args]
            if len(args) != 2 or None in args:
                self.losses.add("relations with an event argument")
                continue
            self.lines.append(f"R{n}\t{rel.type} Arg1:{args[0]} Arg2:{args[1]}")
        self.losses.add("document labels", len(r.doc_labels))
        for note in r.notes:
            target = self.brat.get(note.target) if note.target else None
            if target is None:
                self.losses.add("notes on the document, an entity or a hopper")
            else:
                self.note("AnnotatorNotes", target, note.text)
        return "".join(line + "\n" for line in self.lines)

    def e_line(self, ident: str, label: str, trigger: str, roles: list[tuple[str, str | None]]) -> None:
        seen: dict[str, int] = {}
        parts = [f"{label}:{trigger}"]
        for role, ref in roles:
            if ref is None:
                continue
            seen[role] = seen.get(role, 0) + 1
            parts.append(f"{role}{seen[role] if seen[role] > 1 else ''}:{ref}")
        self.lines.append(f"{ident}\t{' '.join(parts)}")

    def attribution(self, a: Attribution, index: RecordIndex, trigger: object) -> None:
        anchor = a.cue if a.cue is not None else (a.content[0] if a.content else None)
        if anchor is None:
            self.losses.add("attributions with neither cue nor content")
            return
        ident = self.brat[a.id]
        roles: list[tuple[str, str | None]] = []
        if a.source:
            roles.append(("Source", self.brat.get(a.source)))
        for label, spans in ((CONTENT, a.content), (SUPPLEMENT, a.supplement)):
            for span in spans:
                t = self.ids.new("T")
                self.t_line(t, label, span.start, span.end)
                roles.append((label, t))
        if a.via:
            via = self.brat.get(a.via)
            if via is None and (entity := next((e for e in self.r.entities if e.id == a.via), None)):
                via = next((self.brat[m] for m in entity.mentions if m in self.brat), None)
                self.losses.add("attribution 'via' entities written as their first mention")
            roles.append(("Via", via))
        if a.parent:
            roles.append(("Parent", self.brat.get(a.parent)))
        roles += [("Reports", self.ref(ref, index)) for ref in a.reports]
        self.e_line(ident, ATTRIBUTION, trigger(ATTRIBUTION, anchor), roles)  # type: ignore[operator]
        if a.cue is None:
            self.lines.append(f"{self.next('A')}\t{NO_CUE} {ident}")
        self.attrs(ident, a.attrs, {s.name: s for s in self.scheme.attribution_attributes})
        for claim in a.role_claims:
            about, filler = self.ref(claim.hopper, index), self.brat.get(claim.ref)
            if about and filler:
                self.note("RoleClaim", ident, f"{about} {claim.role} {filler}")


def write_ann(record: AnnotationRecord, text: str, scheme: Scheme, losses: Losses | None = None) -> str:
    """The ``.ann`` text of one record."""
    return _Writer(record, text, scheme, losses or Losses()).run()


def write(
    records: Collection[AnnotationRecord], docs: Mapping[str, Document], out: Path, options: WriteOptions
) -> Losses:
    """A brat collection in folder ``out``: one sub-folder per annotator when there are several.

    Each document's pair of files is made and written as its record is read,
    so no more than one record is held.
    """
    losses = Losses()
    several = len(annotators_of(records)) > 1

    def files() -> Iterator[tuple[Path, bytes]]:
        yield Path("annotation.conf"), annotation_conf(options.scheme).encode("utf-8")
        yield Path("visual.conf"), visual_conf(options.scheme).encode("utf-8")
        for r in records:
            folder = Path(r.annotator) if several else Path()
            text = docs[r.doc].text
            yield folder / f"{r.doc}.txt", text.encode("utf-8")
            yield folder / f"{r.doc}.ann", write_ann(r, text, options.scheme, losses).encode("utf-8")

    write_tree(out, files())
    return losses


__all__ = ["iter_drafts", "read", "read_ann", "write", "write_ann"]
