"""Attribution agreement beyond its spans: whole relations and reported-event links, per annotator pair.

Source, cue and content agreement are span agreement on the
``attributions`` span layer (labels SOURCE, CUE, CONTENT), and token-level
alpha over {SOURCE, CUE, CONTENT, O} is computed like the other token layers.
The relation and link figures are those of evaluation
(:func:`annotator.metrics.attributions.score_attributions`), the first
annotator of the pair as the reference: a relation matches when its source,
cue and every content span are the same; a reported-event link when both its
attribution and its event were paired.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.metrics.attributions import score_attributions
from annotator.metrics.counts import ScoreTable
from annotator.metrics.events import score_events
from annotator.model import AnnotationRecord

RELATION_SCORES = ("joint/exact", "reports")


@dataclass
class AttributionPair:
    scores: ScoreTable = field(default_factory=ScoreTable)

    def update(self, a: AnnotationRecord, b: AnnotationRecord, event_pairs: dict[str, str] | None = None) -> None:
        """Add one document; ``event_pairs`` (b's event id -> a's) when the caller has scored the events already."""
        if not a.attributions and not b.attributions:
            return
        pairs = event_pairs if event_pairs is not None else score_events(a, b, a.events, b.events, None).pairs
        scored = score_attributions(a, b, a.attributions, b.attributions, None, pairs)
        self.scores.update({k: v for k, v in scored.scores.items() if k in RELATION_SCORES})

    def merge(self, other: AttributionPair) -> AttributionPair:
        return AttributionPair(self.scores.merge(other.scores))
