"""Uncertainty, for active learning: the least sure suggestions and documents come first.

A model's ``score`` is its confidence that an item is right, so an item's
uncertainty is ``1 - score``; a document's is the mean over its scored items.
Items without a score say nothing about uncertainty and are left out; a
document with no scored prediction (not predicted yet, or a model without
scores) has no uncertainty and comes after those that have one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import fmean

from annotator.model import AnnotationRecord


def mean_uncertainty(record: AnnotationRecord | None) -> float | None:
    """Mean of ``1 - score`` over the record's scored mentions, events and attributions; None if none is scored."""
    if record is None:
        return None
    scores = [x.score for group in (record.mentions, record.events, record.attributions) for x in group]
    known = [1.0 - s for s in scores if s is not None]
    return fmean(known) if known else None


def least_sure_first(ids: Sequence[str], predicted: Callable[[str], AnnotationRecord | None]) -> list[str]:
    """``ids`` ordered by their predictions' mean uncertainty, highest first; the rest after, in their order."""
    values = {d: mean_uncertainty(predicted(d)) for d in ids}
    return sorted(ids, key=lambda d: (values[d] is None, -(values[d] or 0.0)))
