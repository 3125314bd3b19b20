"""Uncertainty, for active learning: the least sure suggestions and documents come first.

A model's ``score`` is its confidence that an item is right, so an item's
uncertainty is ``1 - score``; a document's is the mean over its scored items.
Items without a score say nothing about uncertainty and are left out; a
document with no scored prediction (not predicted yet, or a model without
scores) has no uncertainty and comes after those that have one.
"""

from __future__ import annotations

from statistics import fmean

from annotator.model import AnnotationRecord


def mean_uncertainty(record: AnnotationRecord | None) -> float | None:
    """Mean of ``1 - score`` over the record's scored mentions, events and attributions; None if none is scored."""
    if record is None:
        return None
    scores = [x.score for group in (record.mentions, record.events, record.attributions) for x in group]
    known = [1.0 - s for s in scores if s is not None]
    return fmean(known) if known else None
