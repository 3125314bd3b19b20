"""Event and hopper agreement beyond trigger spans: arguments and hoppers, per annotator pair.

Trigger identification and classification are span agreement on the
``events`` span layer (unlabelled and labelled). Arguments and hoppers are
scored by :mod:`annotator.metrics.events`, the functions evaluation uses,
with the first annotator of the pair as the reference: an argument is its
filler's span (a mention, an event's trigger or a hopper's earliest trigger;
:mod:`annotator.layers`) keyed by its event's type, and by its role for role
agreement; the "attached to paired events" figures key it by the event it belongs to,
paired on trigger and type, so argument agreement is not dragged down by
trigger disagreement. Hoppers are clusters of events (an event in no hopper is
one of its own), compared where both annotators made hoppers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.metrics.counts import ScoreTable
from annotator.metrics.events import EventDoc, score_events, score_hoppers
from annotator.model import AnnotationRecord

ARGUMENT_SCORES = (
    "argument_identification/exact",
    "argument_classification/exact",
    "argument_identification_attached/exact",
    "argument_classification_attached/exact",
)


@dataclass
class EventPair:
    """Argument and hopper counts of one annotator pair, summed over documents."""

    arguments: ScoreTable = field(default_factory=ScoreTable)
    hoppers: ScoreTable = field(default_factory=ScoreTable)

    def update(self, a: AnnotationRecord, b: AnnotationRecord, scored: EventDoc | None = None) -> None:
        """Add one document; ``scored`` is :func:`score_events` of the pair when the caller has it already."""
        if not a.events and not b.events:
            return
        scored = scored or score_events(a, b, a.events, b.events, None)
        self.arguments.update({k: v for k, v in scored.scores.items() if k in ARGUMENT_SCORES})
        if a.hoppers and b.hoppers:
            self.hoppers.update(score_hoppers(a, b, a.events, b.events, scored.pairs))

    def merge(self, other: EventPair) -> EventPair:
        return EventPair(self.arguments.merge(other.arguments), self.hoppers.merge(other.hoppers))
