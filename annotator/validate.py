"""Checks of a record against its document and the scheme.

Every problem names the document, the annotation id and what is wrong, so an
annotation lead can fix a file by reading the list. ``strict=False`` skips the
checks that only make sense for human annotation (required attributes, zone
rules), which is how extractor predictions are read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from annotator.corpus import Corpus, Document
from annotator.errors import AnnotatorError, LineError
from annotator.layers import argument_graph, graph_cycles
from annotator.model import AnnotationRecord, AttrValue, Span
from annotator.scheme import AttributeSpec, Scheme
from annotator.store import ReadResult, read_records
from annotator.validate_structures import check_structures


class _Checker:
    def __init__(self, record: AnnotationRecord, doc: Document | None, scheme: Scheme, strict: bool) -> None:
        self.r = record
        self.doc = doc
        self.scheme = scheme
        self.strict = strict
        self.problems: list[str] = []
        self.kinds = record.ids()
        self.mentions = {m.id: m for m in record.mentions}
        self.events = {e.id: e for e in record.events}
        self.hoppers = {h.id: h for h in record.hoppers}
        self.attr_verdicts: dict[tuple[object, ...], list[str]] = {}
        """Problems found with a (specs, label, attributes) combination: a record repeats a few of them."""

    def err(self, item: str | None, message: str) -> None:
        where = f"doc {self.r.doc}" + (f": {item}" if item else "")
        self.problems.append(f"{where}: {message}")

    def run(self) -> list[str]:
        self.check_header()
        self.check_ids()
        self.check_zones()
        self.check_mentions()
        self.check_entities()
        self.check_events()
        self.check_hoppers()
        self.check_attributions()
        self.check_cycles()
        for note in self.r.notes:
            if note.target is not None and note.target not in self.kinds:
                self.err(None, f"note refers to unknown id {note.target!r}")
        return self.problems

    def check_header(self) -> None:
        if self.r.scheme != self.scheme.id:
            self.err(None, f"made with scheme {self.r.scheme!r}, but the project scheme is {self.scheme.id!r}")
        if self.doc is None:
            self.err(None, "document not found in the corpus")
        elif self.r.doc_sha256 != self.doc.sha256:
            self.err(
                None,
                "drift: the document text changed since it was annotated "
                f"(record sha256 {self.r.doc_sha256[:12]}…, text now {self.doc.sha256[:12]}…); "
                "offsets may no longer point at the annotated words",
            )

    def check_ids(self) -> None:
        every = [
            i.id
            for group in (
                self.r.zones,
                self.r.mentions,
                self.r.entities,
                self.r.events,
                self.r.hoppers,
                self.r.attributions,
            )
            for i in group
        ]
        for ident, n in Counter(every).items():
            if n > 1:
                self.err(ident, f"id used {n} times")

    def span(self, item: str, what: str, span: Span) -> None:
        if self.doc is None:
            return
        n = len(self.doc.text)
        if span.end > n:
            self.err(item, f"{what} {span.start}-{span.end} runs past the end of the document ({n} characters)")
            return
        actual = self.doc.text[span.start : span.end]
        if actual != span.text:
            self.err(item, f"{what} {span.start}-{span.end} has text {span.text!r} but the document has {actual!r}")

    def closed_zone(self, span: Span, layer: str) -> str | None:
        """The label of a zone that excludes ``layer`` and overlaps ``span``."""
        for z in self.r.zones:
            spec = self.scheme.zone_by_label.get(z.label)
            if spec and layer not in spec.annotate and z.start < span.end and span.start < z.end:
                return f"{z.label} zone {z.id}"
        return None

    def attrs(
        self, item: str, attrs: dict[str, AttrValue], specs: tuple[AttributeSpec, ...], label: str | None
    ) -> None:
        """Check ``attrs``; an absent attribute stands for its scheme default.

        The problems depend on nothing but the arguments (and this record's mentions, fixed
        here), so a combination seen before in the record repeats its verdict.
        """
        key = (id(specs), label, *((k, type(v), v) for k, v in attrs.items()))
        known = self.attr_verdicts.get(key)
        if known is None:
            known = self.attr_verdicts[key] = self.attr_problems(attrs, specs, label)
        for message in known:
            self.err(item, message)

    def attr_problems(
        self, attrs: dict[str, AttrValue], specs: tuple[AttributeSpec, ...], label: str | None
    ) -> list[str]:
        found: list[str] = []
        by_name = {s.name: s for s in specs}
        effective = {**self.scheme.default_attrs(specs, label), **attrs}
        for name, value in attrs.items():
            spec = by_name.get(name)
            if spec is None:
                found.append(f"unknown attribute {name!r}")
                continue
            if not spec.applies(effective, label):
                if value is not None:
                    found.append(f"attribute {name!r} does not apply here" + _when(spec))
                continue
            if spec.type == "ref":
                if value is not None and value not in self.mentions:
                    found.append(f"attribute {name!r} refers to unknown mention {value!r}")
            elif (why := spec.check_value(value)) is not None:
                found.append(f"attribute {name!r}: {why}")
        if self.strict:
            for spec in specs:
                if spec.required and spec.applies(effective, label) and effective.get(spec.name) is None:
                    found.append(f"attribute {spec.name!r} is required")
        return found

    def check_zones(self) -> None:
        for z in self.r.zones:
            self.span(z.id, "zone", z)
            if z.label not in self.scheme.zone_by_label:
                self.err(z.id, f"unknown zone label {z.label!r}")
        ordered = sorted(self.r.zones, key=lambda z: (z.start, z.end, z.id))
        for before, z in pairwise(ordered):
            if z.start < before.end:
                self.err(z.id, f"zone overlaps zone {before.id} ({z.start}-{z.end} and {before.start}-{before.end})")

    def check_mentions(self) -> None:
        for m in self.r.mentions:
            self.span(m.id, "mention", m)
            if m.label not in self.scheme.entity_by_label:
                self.err(m.id, f"unknown entity label {m.label!r}")
            self.attrs(m.id, m.attrs, self.scheme.mention_attributes, m.label)
            if self.strict and (zone := self.closed_zone(m, "mentions")):
                self.err(m.id, f"mention {m.text!r} lies in {zone}, where mentions are not annotated")

    def check_entities(self) -> None:
        owner: dict[str, str] = {}
        for e in self.r.entities:
            labels = set()
            for ref in e.mentions:
                if self.kinds.get(ref) != "mention":
                    self.err(e.id, f"cluster member {ref!r} is not a mention")
                    continue
                if ref in owner:
                    self.err(e.id, f"mention {ref} is already in cluster {owner[ref]}")
                owner[ref] = e.id
                labels.add(self.mentions[ref].label)
            if len(labels) > 1:
                self.err(e.id, f"cluster mixes entity labels {sorted(labels)}; clusters are type-locked")

    def check_events(self) -> None:
        for v in self.r.events:
            self.span(v.id, "trigger", v.trigger)
            etype = self.scheme.event_by_type.get(v.type)
            if etype is None:
                self.err(v.id, f"unknown event type {v.type!r}")
                continue
            if self.strict and (zone := self.closed_zone(v.trigger, "events")):
                self.err(v.id, f"trigger {v.trigger.text!r} lies in {zone}, where events are not annotated")
            roles = self.scheme.roles_for(v.type)
            for arg in v.args:
                role = roles.get(arg.role)
                if role is None:
                    self.err(v.id, f"role {arg.role!r} is not a role of {v.type} (roles: {', '.join(roles)})")
                    continue
                kind = self.kinds.get(arg.ref)
                if kind == "mention":
                    label = self.mentions[arg.ref].label
                    if label not in role.fillers:
                        self.err(
                            v.id,
                            f"{arg.role} filler {arg.ref} is {label}; "
                            f"{v.type}.{arg.role} takes {', '.join(role.fillers)}",
                        )
                elif kind in ("event", "hopper") and role.events:
                    if arg.ref == v.id:
                        self.err(v.id, f"{arg.role} refers to the event itself")
                elif kind is None:
                    self.err(v.id, f"{arg.role} refers to unknown id {arg.ref!r}")
                else:
                    allowed = "a mention" + (", an event or a hopper" if role.events else "")
                    self.err(v.id, f"{arg.role} refers to {kind} {arg.ref}; it takes {allowed}")
            self.attrs(v.id, v.attrs, self.scheme.event_attributes_for(v.type), None)

    def check_hoppers(self) -> None:
        owner: dict[str, str] = {}
        for h in self.r.hoppers:
            for ref in h.events:
                if self.kinds.get(ref) != "event":
                    self.err(h.id, f"hopper member {ref!r} is not an event")
                elif ref in owner:
                    self.err(h.id, f"event {ref} is already in hopper {owner[ref]}")
                owner[ref] = h.id

    def _hopper_types(self, ref: str) -> set[str]:
        if ref in self.events:
            return {self.events[ref].type}
        return {self.events[e].type for e in self.hoppers[ref].events if e in self.events}

    def check_attributions(self) -> None:
        for a in self.r.attributions:
            if a.cue is not None:
                self.span(a.id, "cue", a.cue)
                if self.strict and (zone := self.closed_zone(a.cue, "attributions")):
                    self.err(a.id, f"cue {a.cue.text!r} lies in {zone}, where attributions are not annotated")
            for s in a.content:
                self.span(a.id, "content", s)
            for s in a.supplement:
                self.span(a.id, "supplement", s)
            if a.source is not None and self.kinds.get(a.source) != "mention":
                self.err(a.id, f"source {a.source!r} is not a mention")
            if a.via is not None and self.kinds.get(a.via) not in ("mention", "entity"):
                self.err(a.id, f"via {a.via!r} is not a mention or entity")
            if a.parent is not None and (self.kinds.get(a.parent) != "attribution" or a.parent == a.id):
                self.err(a.id, f"parent {a.parent!r} is not another attribution")
            for ref in a.reports:
                if self.kinds.get(ref) not in ("event", "hopper"):
                    self.err(a.id, f"reports {ref!r}, which is not an event or hopper")
            for claim in a.role_claims:
                if self.kinds.get(claim.hopper) not in ("event", "hopper"):
                    self.err(a.id, f"role claim about {claim.hopper!r}, which is not an event or hopper")
                    continue
                if self.kinds.get(claim.ref) != "mention":
                    self.err(a.id, f"role claim filler {claim.ref!r} is not a mention")
                    continue
                label = self.mentions[claim.ref].label
                for etype in self._hopper_types(claim.hopper):
                    if etype not in self.scheme.event_by_type:
                        continue
                    role = self.scheme.roles_for(etype).get(claim.role)
                    if role is None:
                        self.err(a.id, f"role claim: {claim.role!r} is not a role of {etype}")
                    elif label not in role.fillers:
                        self.err(a.id, f"role claim: {etype}.{claim.role} does not take a {label} filler")
            self.attrs(a.id, a.attrs, self.scheme.attribution_attributes, None)

    def check_cycles(self) -> None:
        """References that loop: a parent chain of attributions, events that are (through hoppers) their own argument.

        An argument naming a hopper stands for every event in it, so an event
        whose argument is its own hopper refers to itself.
        """
        parents = {a.id: [a.parent] for a in self.r.attributions if a.parent in self.kinds and a.parent != a.id}
        for loop in graph_cycles(parents):
            self.err(loop[0], "parent chain loops: " + " → ".join(loop))
        for loop in graph_cycles(argument_graph(self.r), lambda ident: ident in self.events):
            self.err(loop[0], "arguments loop: " + " → ".join(loop))


def _when(spec: AttributeSpec) -> str:
    if spec.when:
        return " (only when " + ", ".join(f"{k} = {v}" for k, v in spec.when.items()) + ")"
    if spec.labels:
        return f" (only for {', '.join(spec.labels)})"
    return ""


def validate_record(
    record: AnnotationRecord, doc: Document | None, scheme: Scheme, *, strict: bool = True
) -> list[str]:
    """Every problem of ``record`` against ``doc`` and ``scheme``; empty when valid."""
    return check_structures(record, doc, scheme, strict, _Checker(record, doc, scheme, strict).run())


def check_file(
    path: Path,
    corpus: Corpus | None,
    scheme: Scheme,
    *,
    strict: bool = True,
    gold_dir: Path | None = None,
    torn_ok: bool = False,
) -> tuple[ReadResult, list[str]]:
    """A file's records and every problem in it, each prefixed ``file:line:``.

    Without a corpus (``None``) the records are checked without their texts.
    A file in ``gold_dir`` must hold only the annotator it is named after.
    ``torn_ok`` leaves a torn last line to the store, which sets it aside.
    """
    result = read_records(path)
    problems = list(result.problems)
    if result.torn_tail is not None and not torn_ok:
        problems.append(f"{path}: the last line is torn (an interrupted write); it was never saved")
    not_found = "document not found in the corpus"
    for key, record in result.records.items():
        doc = corpus.get(record.doc) if corpus is not None and record.doc in corpus else None
        line = result.lines[key]
        found = validate_record(record, doc, scheme, strict=strict)
        if corpus is None:
            found = [p for p in found if not p.endswith(not_found)]
        problems += [f"{path}:{line}: {p}" for p in found]
    if gold_dir is not None and path.resolve().parent == gold_dir.resolve():
        problems += [
            f"{path}: holds records of annotator {a!r}; files in {gold_dir.name}/ are named after their annotator"
            for a in sorted({a for a, _ in result.records} - {path.stem})
        ]
    return result, problems


def validate_file(path: Path, corpus: Corpus, scheme: Scheme, *, strict: bool = True) -> list[str]:
    """Problems of a whole annotation file, each prefixed ``file:line:``."""
    return check_file(path, corpus, scheme, strict=strict)[1]


def read_checked(
    paths: Iterable[Path],
    corpus: Corpus | None,
    scheme: Scheme,
    *,
    strict: bool = True,
    gold_dir: Path | None = None,
    torn_ok: bool = False,
) -> dict[Path, ReadResult]:
    """The gate every command that reads annotation files goes through: the checks of ``annotator validate``.

    Returns each file's records, or raises :class:`LineError` with every
    problem of every file (drift included), so that no command ever builds
    output from a record ``validate`` would refuse. A missing file is a problem.
    """
    results: dict[Path, ReadResult] = {}
    problems: list[str] = []
    for path in paths:
        if not path.is_file():
            problems.append(f"{path}: no such file")
            continue
        results[path], found = check_file(path, corpus, scheme, strict=strict, gold_dir=gold_dir, torn_ok=torn_ok)
        problems += found
    if problems:
        raise LineError(problems)
    return results


def check_records(records: Iterable[AnnotationRecord], corpus: Corpus, scheme: Scheme, *, strict: bool = False) -> None:
    """Raise with every problem of ``records`` (used by tools that read predictions)."""
    problems: list[str] = []
    for record in records:
        doc = corpus.get(record.doc) if record.doc in corpus else None
        problems += validate_record(record, doc, scheme, strict=strict)
    if problems:
        raise AnnotatorError("\n".join(problems))
