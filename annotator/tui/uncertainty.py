"""Uncertainty, for active learning: the least sure suggestions and documents come first.

A model's ``score`` is its confidence that an item is right, so an item's
uncertainty is ``1 - score``; a document's is the mean over its scored items.
A mean favours a short document with one doubtful item; a document's
*expected gain* is the total information its scored items would give if an
annotator settled them: the sum of their binary entropies
``H(p) = -p log2 p - (1 - p) log2 (1 - p)`` (uncertainty sampling by entropy,
summed over the document as in Settles & Craven 2008, "An Analysis of Active
Learning Strategies for Sequence Labeling Tasks"). Items without a score say
nothing about uncertainty and are left out; a document with no scored
prediction (not predicted yet, or a model without scores) has neither and
comes after those that have one.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import log2
from statistics import fmean

from annotator.model import AnnotationRecord


def _scores(record: AnnotationRecord) -> Iterator[float]:
    groups = (record.mentions, record.events, record.attributions, record.relations)
    return (x.score for group in groups for x in group if x.score is not None)


def mean_uncertainty(record: AnnotationRecord | None) -> float | None:
    """Mean of ``1 - score`` over the record's scored items; None if none is scored."""
    known = [1.0 - s for s in _scores(record)] if record is not None else []
    return fmean(known) if known else None


def entropy(p: float) -> float:
    """Binary entropy in bits: 0 for a sure item (0 or 1), 1 for a coin toss."""
    return 0.0 if p <= 0.0 or p >= 1.0 else -p * log2(p) - (1.0 - p) * log2(1.0 - p)


def expected_gain(record: AnnotationRecord | None) -> float | None:
    """Sum of the binary entropies of the record's scored items; None if none is scored."""
    known = [entropy(s) for s in _scores(record)] if record is not None else []
    return sum(known) if known else None
