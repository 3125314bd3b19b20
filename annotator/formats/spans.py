"""Records as flat spans and binary relations, the shape Prodigy, doccano and Label Studio share.

Mentions become spans labelled with their entity label and event triggers
spans labelled with their event type. Event arguments become relations from
the trigger to the filler labelled with the role; coreference and event
coreference become chains of ``COREF`` and ``HOPPER`` relations between
consecutive members. Typed relations are relations labelled with their type,
from the first argument to the second. Zones, attributions, attributes, entity
names and kb links, document labels and notes have no place in these formats
and are counted as losses; a discontinuous mention is written as its extent.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from annotator.formats.base import Draft, Ids, Losses, ReadResult, span_problem
from annotator.formats.relations import relation_of
from annotator.layers import RecordIndex, entity_clusters, hopper_clusters
from annotator.model import AnnotationRecord, Argument, Entity, Event, Hopper, Mention, Span
from annotator.scheme import Scheme

COREF = "COREF"
HOPPER = "HOPPER"


@dataclass(frozen=True)
class FlatSpan:
    """A labelled span as a file states it: offsets are the file's values, checked by ``span_problem`` on use."""

    key: str
    start: Any
    end: Any
    label: str


@dataclass(frozen=True)
class FlatRelation:
    head: str
    child: str
    label: str


def flatten(record: AnnotationRecord, losses: Losses) -> tuple[list[FlatSpan], list[FlatRelation]]:
    """The spans and relations of ``record``; what they cannot hold is added to ``losses``."""
    spans = [FlatSpan(m.id, m.start, m.end, m.label) for m in record.mentions]
    spans += [FlatSpan(e.id, e.trigger.start, e.trigger.end, e.type) for e in record.events]
    spans.sort(key=lambda s: (s.start, s.end, s.label, s.key))
    index = RecordIndex.of(record)
    relations: list[FlatRelation] = []
    for event in record.events:
        for arg in event.args:
            if arg.ref in index.hoppers:
                members = [e for e in index.hoppers[arg.ref].events if e in index.events]
                if not members:
                    continue
                losses.add("hopper fillers written as their first event")
                relations.append(FlatRelation(event.id, members[0], arg.role))
            elif arg.ref in index.mentions or arg.ref in index.events:
                relations.append(FlatRelation(event.id, arg.ref, arg.role))
    relations += [FlatRelation(r.args[0].ref, r.args[1].ref, r.type) for r in record.relations if len(r.args) == 2]
    starts = {s.key: (s.start, s.end) for s in spans}
    for label, clusters in ((COREF, entity_clusters(record)), (HOPPER, hopper_clusters(record))):
        for cluster in clusters:
            chain = sorted(cluster, key=lambda k: starts[k])
            relations += [FlatRelation(a, b, label) for a, b in itertools.pairwise(chain)]
    losses.add("zones", len(record.zones))
    losses.add("attributions", len(record.attributions))
    losses.add("notes", len(record.notes))
    losses.add("document labels", len(record.doc_labels))
    losses.add("discontinuous mentions (written as their extent)", sum(1 for m in record.mentions if m.fragments))
    losses.add("entity names or kb links", sum(1 for e in record.entities if e.name or e.kb))
    losses.add("mentions with attributes", sum(1 for m in record.mentions if m.attrs))
    losses.add("events with attributes", sum(1 for e in record.events if e.attrs))
    return spans, relations


def unflatten(
    draft: Draft,
    spans: list[tuple[str, FlatSpan]],
    relations: list[tuple[str, FlatRelation]],
    scheme: Scheme,
    result: ReadResult,
) -> None:
    """Fill ``draft`` from spans and relations (each with its ``file:line``); problems go to ``result``."""
    text = draft.text
    ids = Ids()
    ours: dict[str, str] = {}
    for where, s in spans:
        why = span_problem(text, s.start, s.end)
        if why:
            result.problems.append(f"{where}: {why}")
            continue
        span = Span.of(text, s.start, s.end)
        if s.label in scheme.entity_by_label:
            mention = Mention(id=ids.new("m"), label=s.label, **span.model_dump())
            draft.mentions.append(mention)
            ours[s.key] = mention.id
        elif s.label in scheme.event_by_type:
            event = Event(id=ids.new("v"), type=s.label, trigger=span)
            draft.events.append(event)
            ours[s.key] = event.id
        else:
            result.unknown("label", s.label)
    events = {e.id: e for e in draft.events}
    args: dict[str, list[Argument]] = {}
    groups: dict[str, list[tuple[str, str]]] = {COREF: [], HOPPER: []}
    for where, r in relations:
        head, child = ours.get(r.head), ours.get(r.child)
        if head is None or child is None:
            missing = r.head if head is None else r.child
            if r.head in {s.key for _, s in spans} and r.child in {s.key for _, s in spans}:
                continue
            result.problems.append(f"{where}: relation {r.label!r} refers to unknown span {missing!r}")
            continue
        if r.label in groups:
            groups[r.label].append((head, child))
        elif head in events and r.label not in scheme.relation_by_name:
            args.setdefault(head, []).append(Argument(role=r.label, ref=child))
        elif rel := relation_of(ids.new("r"), r.label, [(None, head), (None, child)], scheme, where, result):
            draft.relations.append(rel)
    draft.events = [e.model_copy(update={"args": tuple(args.get(e.id, ()))}) for e in draft.events]
    for cluster in components(groups[COREF]):
        draft.entities.append(Entity(id=ids.new("E"), mentions=tuple(cluster)))
    for cluster in components(groups[HOPPER]):
        draft.hoppers.append(Hopper(id=ids.new("H"), events=tuple(cluster)))


def components(pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Connected components of an undirected graph given by edges, members in first-seen order."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    out: dict[str, list[str]] = {}
    for x in parent:
        out.setdefault(root(x), []).append(x)
    return list(out.values())
