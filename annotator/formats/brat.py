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
- notes are ``#`` ``AnnotatorNotes`` lines on the item they target.

A span crossing line breaks is written as fragments split at the breaks (brat
draws one line at a time) and read back as one span when only line breaks
separate the fragments. brat's Python 3 server slices text by code point, as
the model does, so offsets are written unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.corpus import Document
from annotator.formats.base import Draft, Ids, Losses, ReadOptions, ReadResult, WriteOptions, read_text, span_problem
from annotator.formats.brat_conf import annotation_conf, attribute_name, visual_conf
from annotator.formats.spans import components
from annotator.layers import RecordIndex
from annotator.model import (
    AnnotationRecord,
    Argument,
    Attribution,
    AttrValue,
    Entity,
    Event,
    Hopper,
    Mention,
    Note,
    RoleClaim,
    Span,
    Zone,
)
from annotator.scheme import AttributeSpec, Scheme
from annotator.store import write_tree

NAME = "brat"
SUFFIX = ""
ATTRIBUTION = "Attribution"
CONTENT = "Content"
SUPPLEMENT = "Supplement"
NO_CUE = "NoCue"
_T_ID = re.compile(r"^T\d+$")
_E_ID = re.compile(r"^E\d+$")
_ROLE_SUFFIX = re.compile(r"\d+$")


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
        reserved = [m.id for m in (*record.zones, *record.mentions) if _T_ID.match(m.id)]
        reserved += [e.id for e in (*record.events, *record.attributions) if _E_ID.match(e.id)]
        self.ids = Ids(reserved)
        self.brat: dict[str, str] = {}
        self.counter = {"A": 0, "N": 0, "#": 0}

    def next(self, prefix: str) -> str:
        self.counter[prefix] += 1
        return f"{prefix}{self.counter[prefix]}"

    def t_line(self, ident: str, label: str, start: int, end: int) -> None:
        frags = _fragments(self.text, start, end)
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        covered = " ".join(self.text[s:e] for s, e in frags)
        self.lines.append(f"{ident}\t{label} {offsets}\t{covered}")

    def text_bound(self, item: Zone | Mention) -> None:
        ident = item.id if _T_ID.match(item.id) and item.id not in self.brat.values() else self.ids.new("T")
        self.brat[item.id] = ident
        self.t_line(ident, item.label, item.start, item.end)

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
        for item in (*r.zones, *r.mentions):
            self.text_bound(item)
        for event in (*r.events, *r.attributions):
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
        for hopper in r.hoppers:
            members = [self.brat[e] for e in hopper.events if e in self.brat]
            if len(members) > 1:
                self.lines.append("*\tHopper " + " ".join(members))
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


def write(records: Sequence[AnnotationRecord], docs: dict[str, Document], out: Path, options: WriteOptions) -> Losses:
    """A brat collection in folder ``out``: one sub-folder per annotator when there are several."""
    losses = Losses()
    annotators = sorted({r.annotator for r in records})
    files: dict[Path, bytes] = {
        Path("annotation.conf"): annotation_conf(options.scheme).encode("utf-8"),
        Path("visual.conf"): visual_conf(options.scheme).encode("utf-8"),
    }
    for r in records:
        folder = Path(r.annotator) if len(annotators) > 1 else Path()
        text = docs[r.doc].text
        files[folder / f"{r.doc}.txt"] = text.encode("utf-8")
        files[folder / f"{r.doc}.ann"] = write_ann(r, text, options.scheme, losses).encode("utf-8")
    write_tree(out, files)
    return losses


# ---------------------------------------------------------------- reading


@dataclass
class _T:
    line: int
    type: str
    frags: list[tuple[int, int]]


@dataclass
class _E:
    line: int
    type: str
    trigger: str
    args: list[tuple[str, str]]


@dataclass
class _Parsed:
    t: dict[str, _T] = field(default_factory=dict)
    e: dict[str, _E] = field(default_factory=dict)
    attrs: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    norms: list[tuple[int, str, str, str]] = field(default_factory=list)
    notes: list[tuple[int, str, str, str]] = field(default_factory=list)
    equivs: list[tuple[int, str, list[str]]] = field(default_factory=list)
    relations: int = 0


def _merge(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fragments joined where only line breaks (and blanks) separate them: brat's split of a long span."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        if out and out[-1][1] <= s and "\n" in text[out[-1][1] : s] and not text[out[-1][1] : s].strip():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _parse(ann: str, text: str, where: str, result: ReadResult) -> _Parsed:
    p = _Parsed()
    for lineno, line in enumerate(ann.split("\n"), 1):
        if not line.strip():
            continue
        at = f"{where}:{lineno}"
        fields = line.split("\t")
        ident = fields[0]
        body = fields[1] if len(fields) > 1 else ""
        extra = fields[2] if len(fields) > 2 else None
        head = ident[:1]
        try:
            if head == "T":
                label, _, offsets = body.partition(" ")
                frags: list[tuple[int, int]] = []
                for part in offsets.split(";"):
                    bits = part.split(" ")
                    if len(bits) != 2 or not all(b.isdigit() for b in bits):
                        raise ValueError(f"offsets {offsets!r} are not 'START END' pairs joined by ';'")
                    frags.append((int(bits[0]), int(bits[1])))
                for s, e in frags:
                    if (why := span_problem(text, s, e)) is not None:
                        raise ValueError(why)
                covered = " ".join(text[s:e] for s, e in frags)
                if extra is not None and extra != covered and extra.strip() != covered.strip():
                    raise ValueError(f"text {extra!r} does not match the .txt, which has {covered!r} there")
                if ident in p.t:
                    raise ValueError(f"id {ident} is used twice")
                p.t[ident] = _T(lineno, label, _merge(text, frags))
            elif head == "E":
                items = body.split()
                if not items or ":" not in items[0]:
                    raise ValueError("an event line reads 'TYPE:TRIGGER ROLE:ID …'")
                label, _, trig = items[0].partition(":")
                args = []
                for item in items[1:]:
                    role, sep, ref = item.partition(":")
                    if not sep or not ref:
                        raise ValueError(f"argument {item!r} is not ROLE:ID")
                    args.append((_ROLE_SUFFIX.sub("", role), ref))
                p.e[ident] = _E(lineno, label, trig, args)
            elif head in ("A", "M"):
                items = body.split(" ")
                if len(items) not in (2, 3):
                    raise ValueError("an attribute line reads 'NAME TARGET' or 'NAME TARGET VALUE'")
                p.attrs.append((lineno, items[0], items[1], items[2] if len(items) == 3 else None))
            elif head == "N":
                items = body.split(" ")
                if len(items) != 3 or ":" not in items[2]:
                    raise ValueError("a normalisation line reads 'Reference TARGET RESOURCE:ENTRY'")
                p.norms.append((lineno, items[1], items[2], extra or ""))
            elif head == "#":
                items = body.split(" ")
                if len(items) != 2:
                    raise ValueError("a note line reads 'TYPE TARGET<TAB>text'")
                p.notes.append((lineno, items[0], items[1], extra or ""))
            elif head == "*":
                items = body.split()
                if len(items) < 2:
                    raise ValueError("an equivalence line reads 'TYPE ID ID …'")
                p.equivs.append((lineno, items[0], items[1:]))
            elif head == "R":
                p.relations += 1
            else:
                raise ValueError(f"unknown annotation id {ident!r} (brat ids start with T, E, R, A, M, N, # or *)")
        except ValueError as exc:
            result.problems.append(f"{at}: {exc}")
    return p


class _Reader:
    def __init__(self, p: _Parsed, draft: Draft, where: str, scheme: Scheme, result: ReadResult) -> None:
        self.p = p
        self.d = draft
        self.where = where
        self.scheme = scheme
        self.result = result
        self.ours: dict[str, str] = {}
        self.attrs: dict[str, dict[str, AttrValue]] = {}
        self.ids = Ids([*p.t, *p.e])

    def problem(self, line: int, message: str) -> None:
        self.result.problems.append(f"{self.where}:{line}: {message}")

    def span(self, tid: str) -> Span:
        s, e = self.p.t[tid].frags[0]
        return Span.of(self.d.text, s, e)

    def run(self) -> None:
        p, scheme = self.p, self.scheme
        used = {e.trigger for e in p.e.values()}
        used |= {
            ref for e in p.e.values() for role, ref in e.args if e.type == ATTRIBUTION and role in (CONTENT, SUPPLEMENT)
        }
        for tid, t in p.t.items():
            if tid in used:
                continue
            if len(t.frags) > 1:
                self.result.warnings.append(
                    f"{self.where}:{t.line}: {tid} is discontinuous; discontinuous mentions are not mapped yet, skipped"
                )
            elif t.type in scheme.zone_by_label:
                self.ours[tid] = tid
                self.d.zones.append(Zone(id=tid, label=t.type, **self.span(tid).model_dump()))
            elif t.type in scheme.entity_by_label:
                self.ours[tid] = tid
                self.d.mentions.append(Mention(id=tid, label=t.type, **self.span(tid).model_dump()))
            else:
                self.result.unknown("entity type", t.type)
        self.ours.update({eid: eid for eid in p.e})
        self.read_attrs()
        for eid, e in p.e.items():
            if e.trigger not in p.t:
                self.problem(e.line, f"{eid} has trigger {e.trigger!r}, which is no text-bound annotation")
            elif e.type == ATTRIBUTION:
                self.attribution(eid, e)
            elif e.type not in scheme.event_by_type:
                self.result.unknown("event type", e.type)
            elif len(p.t[e.trigger].frags) > 1:
                self.problem(e.line, f"{eid}: a discontinuous trigger is not mapped yet")
            else:
                args = tuple(Argument(role=role, ref=self.ref(e.line, ref)) for role, ref in e.args)
                self.d.events.append(
                    Event(id=eid, type=e.type, trigger=self.span(e.trigger), args=args, attrs=self.attrs.get(eid, {}))
                )
        self.d.mentions = [m.model_copy(update={"attrs": self.attrs.get(m.id, {})}) for m in self.d.mentions]
        self.clusters()
        if p.relations:
            self.result.warnings.append(
                f"{self.where}: {p.relations} relation(s) (R lines): relations are not mapped yet, skipped"
            )

    def ref(self, line: int, ref: str) -> str:
        if ref not in self.ours:
            self.problem(line, f"refers to unknown or unmapped id {ref!r}")
        return self.ours.get(ref, ref)

    def read_attrs(self) -> None:
        specs: dict[str, AttributeSpec] = {}
        for s in (*self.scheme.mention_attributes, *self.scheme.event_attributes, *self.scheme.attribution_attributes):
            specs[s.name] = s
        for t in self.scheme.event_types:
            specs.update({s.name: s for s in t.attributes})
        for line, name, target, value in self.p.attrs:
            if target not in self.p.t and target not in self.p.e:
                self.problem(line, f"attribute {name!r} on unknown id {target!r}")
                continue
            if name not in specs and attribute_name(name) in specs:
                name = attribute_name(name)
            spec = specs.get(name)
            got: AttrValue = True if value is None else value
            if spec is not None and spec.type == "ref" and value is not None:
                got = value
            elif spec is not None and spec.type == "bool" and value is not None:
                got = value.lower() == "true"
            self.attrs.setdefault(target, {})[name] = got
        for line, kind, target, text in self.p.notes:
            if kind.startswith("attr:"):
                self.attrs.setdefault(target, {})[kind[5:]] = text
            elif kind not in ("EntityName", "RoleClaim"):
                if target not in self.p.t and target not in self.p.e:
                    self.problem(line, f"note on unknown id {target!r}")
                    continue
                self.d.notes.append(Note(target=target, text=text))

    def attribution(self, eid: str, e: _E) -> None:
        attrs = dict(self.attrs.get(eid, {}))
        no_cue = attrs.pop(NO_CUE, False)
        source = via = parent = None
        content: list[Span] = []
        supplement: list[Span] = []
        reports: list[str] = []
        for role, ref in e.args:
            if role in (CONTENT, SUPPLEMENT):
                if ref not in self.p.t:
                    self.problem(e.line, f"{eid}: {role} refers to unknown id {ref!r}")
                    continue
                spans = [Span.of(self.d.text, s, x) for s, x in self.p.t[ref].frags]
                (content if role == CONTENT else supplement).extend(spans)
            elif role == "Source":
                source = self.ref(e.line, ref)
            elif role == "Via":
                via = self.ref(e.line, ref)
            elif role == "Parent":
                parent = self.ref(e.line, ref)
            elif role == "Reports":
                reports.append(self.ref(e.line, ref))
            else:
                self.result.unknown("attribution role", role)
        claims = []
        for line, kind, target, text in self.p.notes:
            if kind == "RoleClaim" and target == eid:
                bits = text.split()
                if len(bits) != 3:
                    self.problem(line, "a RoleClaim note reads 'EVENT ROLE FILLER'")
                    continue
                claims.append(RoleClaim(hopper=self.ref(line, bits[0]), role=bits[1], ref=self.ref(line, bits[2])))
        self.d.attributions.append(
            Attribution(
                id=eid,
                source=source,
                cue=None if no_cue else self.span(e.trigger),
                content=tuple(content),
                supplement=tuple(supplement),
                via=via,
                parent=parent,
                reports=tuple(reports),
                role_claims=tuple(claims),
                attrs=attrs,
            )
        )

    def clusters(self) -> None:
        mentions = {m.id for m in self.d.mentions}
        events = {e.id for e in self.d.events}
        pairs: dict[str, list[tuple[str, str]]] = {"Equiv": [], "Hopper": []}
        for line, kind, members in self.p.equivs:
            if kind not in pairs:
                self.result.unknown("equivalence", kind)
                continue
            allowed = mentions if kind == "Equiv" else events
            bad = [m for m in members if m not in allowed]
            if bad:
                self.problem(
                    line, f"{kind} lists {', '.join(bad)}, which are not {'mentions' if kind == 'Equiv' else 'events'}"
                )
                continue
            pairs[kind] += [(members[0], m) for m in members]
        named: dict[str, tuple[str | None, str | None]] = {}
        for line, target, ref, name in self.p.norms:
            if target not in mentions:
                self.problem(line, f"normalisation of {target!r}, which is not a mention")
                continue
            resource, _, entry = ref.partition(":")
            named[target] = (name or None, entry if resource == "KB" else ref)
        for _line, kind, target, text in self.p.notes:
            if kind == "EntityName" and target in mentions:
                named[target] = (text, None)
        clusters = components(pairs["Equiv"])
        clustered = {m for c in clusters for m in c}
        clusters += [[m] for m in named if m not in clustered]
        for cluster in sorted(clusters, key=lambda c: min(self.p.t[m].frags[0] for m in c)):
            name, kb = next((named[m] for m in cluster if m in named), (None, None))
            self.d.entities.append(Entity(id=self.ids.new("C"), mentions=tuple(cluster), name=name, kb=kb))
        for cluster in components(pairs["Hopper"]):
            self.d.hoppers.append(Hopper(id=self.ids.new("H"), events=tuple(cluster)))


def read_ann(ann: str, text: str, doc: str, where: str, scheme: Scheme, result: ReadResult) -> Draft:
    """One document's draft from its ``.ann`` and ``.txt`` texts."""
    draft = Draft(where=where, doc=doc, text=text)
    before = len(result.problems)
    parsed = _parse(ann, text, where, result)
    if len(result.problems) == before:
        _Reader(parsed, draft, where, scheme, result).run()
    return draft


def ann_files(paths: Sequence[Path]) -> list[Path]:
    """The ``.ann`` files named, or found under the folders named."""
    out: list[Path] = []
    for path in paths:
        out += sorted(path.rglob("*.ann")) if path.is_dir() else [path]
    return out


def read(paths: Sequence[Path], options: ReadOptions) -> ReadResult:
    result = ReadResult()
    for ann_path in ann_files(paths):
        txt_path = ann_path.with_suffix(".txt")
        if ann_path.suffix != ".ann":
            result.problems.append(f"{ann_path}:1: not a brat .ann file")
            continue
        if not txt_path.is_file():
            result.problems.append(
                f"{ann_path}:1: no matching {txt_path.name} next to it (brat pairs NAME.txt with NAME.ann)"
            )
            continue
        ann = read_text(ann_path, result)
        text = read_text(txt_path, result)
        if ann is None or text is None:
            continue
        draft = read_ann(ann, text, ann_path.stem, str(ann_path), options.scheme, result)
        result.drafts.append(draft)
    return result
