"""Event agreement beyond triggers: arguments, arguments on agreed triggers, hoppers.

Trigger identification and classification are span agreement on the
``triggers`` layer (unlabelled and labelled). An argument is the triple
(trigger span, filler span, role); the filler is a mention, or an event's
trigger when the argument points at an event. Identification ignores the
role, role agreement keeps it; both compare multisets of exact spans. The
conditional figures keep only arguments whose trigger both annotators marked
with the same boundaries, so that argument agreement is not dragged down by
trigger disagreement. Hopper agreement is B-cubed over triggers, on the
documents where both annotators made hoppers; an event in no hopper is a
hopper of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field

from annotator.agreement.coref import CorefCounts, b_cubed
from annotator.agreement.spans import Agreement
from annotator.model import AnnotationRecord

SpanKey = tuple[int, int]


def compare_multisets(a: Counter[Hashable], b: Counter[Hashable]) -> Agreement:
    matched = sum((a & b).values())
    return Agreement(matched, sum(a.values()) - matched, sum(b.values()) - matched)


def arguments(rec: AnnotationRecord) -> Counter[tuple[SpanKey, SpanKey, str]]:
    """(trigger span, filler span, role) for every argument whose filler can be located."""
    fillers: dict[str, SpanKey] = {m.id: (m.start, m.end) for m in rec.mentions}
    fillers.update({e.id: (e.trigger.start, e.trigger.end) for e in rec.events})
    out: Counter[tuple[SpanKey, SpanKey, str]] = Counter()
    for e in rec.events:
        for arg in e.args:
            if arg.ref in fillers:
                out[((e.trigger.start, e.trigger.end), fillers[arg.ref], arg.role)] += 1
    return out


def hopper_clusters(rec: AnnotationRecord) -> list[set[SpanKey]]:
    trigger = {e.id: (e.trigger.start, e.trigger.end) for e in rec.events}
    clusters: list[set[SpanKey]] = []
    placed: set[str] = set()
    for h in rec.hoppers:
        members = {trigger[e] for e in h.events if e in trigger}
        placed.update(h.events)
        if members:
            clusters.append(members)
    clusters += [{key} for ev, key in trigger.items() if ev not in placed]
    return clusters


@dataclass
class EventPair:
    """Argument and hopper agreement of one annotator pair, summed over documents."""

    arguments: Agreement = field(default_factory=Agreement)
    roles: Agreement = field(default_factory=Agreement)
    agreed_arguments: Agreement = field(default_factory=Agreement)
    agreed_roles: Agreement = field(default_factory=Agreement)
    hoppers: CorefCounts = field(default_factory=CorefCounts)
    hopper_docs: int = 0

    def update(self, a: AnnotationRecord, b: AnnotationRecord) -> None:
        if not a.events and not b.events:
            return
        args_a, args_b = arguments(a), arguments(b)
        self.roles += compare_multisets(args_a, args_b)
        self.arguments += compare_multisets(_unroled(args_a), _unroled(args_b))
        agreed = {(e.trigger.start, e.trigger.end) for e in a.events} & {
            (e.trigger.start, e.trigger.end) for e in b.events
        }
        on_a = Counter({k: n for k, n in args_a.items() if k[0] in agreed})
        on_b = Counter({k: n for k, n in args_b.items() if k[0] in agreed})
        self.agreed_roles += compare_multisets(on_a, on_b)
        self.agreed_arguments += compare_multisets(_unroled(on_a), _unroled(on_b))
        if a.hoppers and b.hoppers:
            self.hoppers += b_cubed(hopper_clusters(a), hopper_clusters(b))
            self.hopper_docs += 1

    def merge(self, other: EventPair) -> EventPair:
        out = EventPair(hopper_docs=self.hopper_docs + other.hopper_docs)
        for part in (self, other):
            out.arguments += part.arguments
            out.roles += part.roles
            out.agreed_arguments += part.agreed_arguments
            out.agreed_roles += part.agreed_roles
            out.hoppers += part.hoppers
        return out


def _unroled(args: Counter[tuple[SpanKey, SpanKey, str]]) -> Counter[tuple[SpanKey, SpanKey]]:
    out: Counter[tuple[SpanKey, SpanKey]] = Counter()
    for (trigger, filler, _), n in args.items():
        out[(trigger, filler)] += n
    return out
