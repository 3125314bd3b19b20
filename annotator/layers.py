"""What each annotation layer is: its name, its items, where they sit in the text, what they point at.

Every part of the program that needs to know a layer asks here: the
commands' ``--layers`` (one spelling for all), evaluation, agreement,
adjudication, validation, editing and the app. The facts decided here once:

- **Names.** The layers are the record's fields: ``zones``, ``mentions``,
  ``entities`` (coreference clusters of mentions), ``events`` (triggers,
  types, arguments and attributes), ``hoppers`` (event coreference) and
  ``attributions``, ``relations`` (typed links between two mentions or
  events) and ``doc_labels`` (labels of the whole document). ``coref`` and ``triggers``, spellings of earlier
  versions, are read as ``entities`` and ``events``.
- **Anchor.** The span that places an item in the text (and so in a zone):
  a zone or mention is its own span, an event its trigger, an attribution its
  cue, or its earliest content span when it has no cue.
- **Filler.** The span an event argument or a role claim stands for: a
  mention's span, an event's trigger, or the earliest trigger of a hopper's
  events. Mentions, events and hoppers alike: no filler is dropped.
- **Clusters.** Entities are sets of mention ids, hoppers sets of event ids;
  an item in no cluster is a cluster of its own.
- **Relations** have no span of their own: a relation stands on its
  arguments' fillers; ``doc_labels`` have no place in the text at all.
- **Zone.** An item falls in the zone that holds its anchor's start (an empty
  anchor included).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from annotator.model import (
    RECORD_LAYERS,
    AnnotationRecord,
    Attribution,
    Event,
    Hopper,
    Mention,
    RecordLayer,
    Span,
    Zone,
    natural_key,
)

LayerName = RecordLayer
LAYERS: tuple[LayerName, ...] = RECORD_LAYERS
"""Every layer, in the order reports list them."""
ALIASES: dict[str, LayerName] = {"coref": "entities", "triggers": "events"}
"""Spellings of earlier versions, still read."""
SCORED_LAYERS: tuple[LayerName, ...] = (
    "mentions",
    "entities",
    "events",
    "hoppers",
    "attributions",
    "relations",
    "doc_labels",
)
"""What evaluation scores: zones come from the gold and are never predicted."""


class UnknownLayer(ValueError):
    """A ``--layers`` value that names no layer."""


def parse_layers(values: Iterable[str] | str | None, allowed: Sequence[LayerName] = LAYERS) -> tuple[LayerName, ...]:
    """The layers a user asked for: repeated or comma-separated names, in report order; all when none.

    Raises :class:`UnknownLayer` naming the offending value and the choices.
    """
    if values is None:
        return tuple(allowed)
    items = [values] if isinstance(values, str) else list(values)
    asked = [x.strip() for item in items for x in item.split(",") if x.strip()]
    if not asked:
        return tuple(allowed)
    chosen: set[str] = set()
    for name in asked:
        layer = ALIASES.get(name, name)
        if layer not in allowed:
            raise UnknownLayer(f"unknown layer {name!r}; choose from {', '.join(allowed)}")
        chosen.add(layer)
    return tuple(x for x in allowed if x in chosen)


def anchor(item: Zone | Mention | Event | Attribution) -> Span | None:
    """The span that places an item in the text; None for an attribution with neither cue nor content."""
    if isinstance(item, Event):
        return item.trigger
    if isinstance(item, Attribution):
        if item.cue is not None:
            return item.cue
        return min(item.content, key=lambda s: (s.start, s.end)) if item.content else None
    return item


def anchor_key(item: Zone | Mention | Event | Attribution) -> tuple[int, int] | None:
    span = anchor(item)
    return None if span is None else (span.start, span.end)


@dataclass(frozen=True)
class RecordIndex:
    """A record's mentions, events and hoppers by id: what references resolve against."""

    mentions: dict[str, Mention]
    events: dict[str, Event]
    hoppers: dict[str, Hopper]

    @classmethod
    def of(cls, record: AnnotationRecord) -> RecordIndex:
        return cls(
            {m.id: m for m in record.mentions},
            {e.id: e for e in record.events},
            {h.id: h for h in record.hoppers},
        )

    def filler(self, ref: str) -> Span | None:
        """The span an argument or claim pointing at ``ref`` stands for; None when it resolves to nothing."""
        if ref in self.mentions:
            return self.mentions[ref]
        if ref in self.events:
            return self.events[ref].trigger
        hopper = self.hoppers.get(ref)
        if hopper is None:
            return None
        triggers = [self.events[e].trigger for e in hopper.events if e in self.events]
        return min(triggers, key=lambda s: (s.start, s.end)) if triggers else None


def filler_span(record: AnnotationRecord, ref: str) -> Span | None:
    """:meth:`RecordIndex.filler` for one lookup (build a :class:`RecordIndex` for many)."""
    return RecordIndex.of(record).filler(ref)


@dataclass(frozen=True)
class EventArgument:
    """One argument of one event, with the span its filler stands for."""

    event: Event
    role: str
    ref: str
    filler: Span


def event_arguments(record: AnnotationRecord, events: Iterable[Event] | None = None) -> list[EventArgument]:
    """Every argument of ``events`` (default: all the record's) whose filler resolves."""
    index = RecordIndex.of(record)
    out: list[EventArgument] = []
    for e in record.events if events is None else events:
        for arg in e.args:
            span = index.filler(arg.ref)
            if span is not None:
                out.append(EventArgument(e, arg.role, arg.ref, span))
    return out


def _clusters(groups: Iterable[Iterable[str]], members: Sequence[str]) -> list[list[str]]:
    present = set(members)
    placed: set[str] = set()
    out: list[list[str]] = []
    for group in groups:
        cluster = [x for x in dict.fromkeys(group) if x in present and x not in placed]
        placed.update(cluster)
        if cluster:
            out.append(cluster)
    out += [[x] for x in members if x not in placed]
    return out


def entity_clusters(record: AnnotationRecord, mentions: Sequence[Mention] | None = None) -> list[list[str]]:
    """Mention ids by entity, among ``mentions`` (default: all); a mention in no entity is alone."""
    ids = [m.id for m in (record.mentions if mentions is None else mentions)]
    return _clusters((e.mentions for e in record.entities), ids)


def hopper_clusters(record: AnnotationRecord, events: Sequence[Event] | None = None) -> list[list[str]]:
    """Event ids by hopper, among ``events`` (default: all); an event in no hopper is alone."""
    ids = [e.id for e in (record.events if events is None else events)]
    return _clusters((h.events for h in record.hoppers), ids)


def zone_at(zones: Sequence[Zone], span: Span | None) -> Zone | None:
    """The zone that holds ``span``'s start (the first, if zones overlap)."""
    if span is None:
        return None
    return next((z for z in zones if z.start <= span.start < z.end), None)


def zone_of(item: Zone | Mention | Event | Attribution, zones: Sequence[Zone]) -> Zone | None:
    """The zone an item falls in, by its anchor."""
    return zone_at(zones, anchor(item))


def argument_graph(record: AnnotationRecord) -> dict[str, list[str]]:
    """The graph argument loops live in: events to the events and hoppers their arguments name, hoppers to events.

    An argument naming a hopper stands for every event in it, so an event whose
    argument is its own hopper refers to itself.
    """
    kinds = record.ids()
    graph: dict[str, list[str]] = {h.id: list(h.events) for h in record.hoppers}
    for v in record.events:
        graph[v.id] = [a.ref for a in v.args if kinds.get(a.ref) in ("event", "hopper") and a.ref != v.id]
    return graph


def reaches(graph: dict[str, list[str]], start: str, goal: str) -> bool:
    """Whether ``goal`` can be reached from ``start`` along the graph's edges (``start`` itself counts)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return False


def graph_cycles(edges: dict[str, list[str]], starts: Callable[[str], bool] = bool) -> list[list[str]]:
    """Each cycle of the graph once, written from its first node that ``starts`` (natural id order) back to it.

    Validation names a loop of nesting or of arguments this way, the same loop always in the same words.
    """
    state: dict[str, int] = {}
    found: list[list[str]] = []
    for root in sorted(edges, key=natural_key):
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            targets = edges.get(node, [])
            if i == len(targets):
                state[node] = 2
                path.pop()
                continue
            stack.append((node, i + 1))
            nxt = targets[i]
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                first = min((c for c in cycle if starts(c)), key=natural_key, default=cycle[0])
                k = cycle.index(first)
                found.append([*cycle[k:], *cycle[:k], first])
            elif nxt not in state and nxt in edges:
                stack.append((nxt, 0))
    return found
