"""Reading brat standoff: ``.ann`` lines into drafts (the mapping is described in :mod:`annotator.formats.brat`).

Every malformed line is a ``file:line`` problem; types the scheme does not
define are collected as a scheme mismatch. Relations (``R``) become typed
relations and a discontinuous ``T`` of an entity label a discontinuous
mention (where the scheme allows them; otherwise it is skipped with a warning).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats.base import Draft, Ids, ReadOptions, ReadResult, span_problem
from annotator.formats.brat_conf import attribute_name
from annotator.formats.relations import relation_of
from annotator.formats.spans import components
from annotator.formats.textfiles import read_text
from annotator.model import (
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

ATTRIBUTION = "Attribution"
CONTENT = "Content"
SUPPLEMENT = "Supplement"
NO_CUE = "NoCue"
_ROLE_SUFFIX = re.compile(r"\d+$")


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
    relations: list[tuple[int, str, str, list[tuple[str | None, str]]]] = field(default_factory=list)


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
                    first, space, last = part.partition(" ")
                    if not (space and first.isdigit() and last.isdigit()):
                        raise ValueError(f"offsets {offsets!r} are not 'START END' pairs joined by ';'")
                    s, e = int(first), int(last)
                    if (why := span_problem(text, s, e)) is not None:
                        raise ValueError(why)
                    frags.append((s, e))
                covered = text[frags[0][0] : frags[0][1]] if len(frags) == 1 else " ".join(text[s:e] for s, e in frags)
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
                rtype, *pairs = body.split()
                args = [(role, ref) for role, sep, ref in (x.partition(":") for x in pairs) if sep and ref]
                if len(args) != len(pairs) or len(args) != 2:
                    raise ValueError("a relation line reads 'TYPE Arg1:ID Arg2:ID'")
                p.relations.append((lineno, ident, rtype, [(role, ref) for role, ref in args]))
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
            if len(t.frags) > 1 and not (t.type in scheme.entity_by_label and scheme.discontinuous_mentions):
                self.result.warnings.append(
                    f"{self.where}:{t.line}: {tid} is discontinuous, which the scheme does not allow here; skipped"
                )
            elif len(t.frags) > 1:
                self.ours[tid] = tid
                pieces = tuple(Span.of(self.d.text, a, b) for a, b in t.frags)
                extent = Span.of(self.d.text, pieces[0].start, pieces[-1].end)
                try:
                    self.d.mentions.append(Mention(id=tid, label=t.type, fragments=pieces, **extent.model_dump()))
                except ValueError as exc:
                    self.problem(t.line, f"{tid}: {exc}")
            elif t.type in scheme.zone_by_label or t.type in scheme.entity_by_label:
                self.ours[tid] = tid
                (a, b), text = t.frags[0], self.d.text
                if t.type in scheme.zone_by_label:
                    self.d.zones.append(Zone(id=tid, label=t.type, start=a, end=b, text=text[a:b]))
                else:
                    self.d.mentions.append(Mention(id=tid, label=t.type, start=a, end=b, text=text[a:b]))
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
        self.d.mentions = [
            m.model_copy(update={"attrs": self.attrs[m.id]}) if m.id in self.attrs else m for m in self.d.mentions
        ]
        self.clusters()
        for line, rid, rtype, rel_args in p.relations:
            at = f"{self.where}:{line}"
            skipped = [ref for _, ref in rel_args if ref in p.t and ref not in self.ours]
            if skipped:
                gone = ", ".join(skipped)
                self.result.warnings.append(f"{at}: relation {rid} ({rtype}) not imported: {gone} was skipped")
                continue
            refs = [(role, self.ref(line, ref)) for role, ref in rel_args]
            if (rel := relation_of(rid, rtype, refs, scheme, at, self.result)) is not None:
                self.d.relations.append(rel)

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
            entity_name, kb = next((named[m] for m in cluster if m in named), (None, None))
            self.d.entities.append(Entity(id=self.ids.new("C"), mentions=tuple(cluster), name=entity_name, kb=kb))
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


def iter_drafts(paths: Sequence[Path], options: ReadOptions, result: ReadResult) -> Iterator[Draft]:
    """The drafts of the ``.ann`` files under ``paths``, one document at a time, problems and warnings into ``result``.

    Only the document being read is held, so an import's memory does not grow
    with the corpus; ``result.drafts`` stays empty.
    """
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
        yield read_ann(ann, text, ann_path.stem, str(ann_path), options.scheme, result)


def read(paths: Sequence[Path], options: ReadOptions) -> ReadResult:
    result = ReadResult()
    result.drafts.extend(iter_drafts(paths, options, result))
    return result
