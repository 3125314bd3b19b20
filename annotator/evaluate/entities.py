"""Mention scoring under the four SemEval-2013 task 9.1 schemes.

One alignment serves all four schemes: gold and predicted spans are paired by
:func:`annotator.matching.match_spans` in ``overlap`` mode (one-to-one, exact
boundaries first, then largest overlap, independent of input order). Each
pair is then classified per scheme:

========  =====================================  ==============
scheme    COR when                               otherwise
========  =====================================  ==============
strict    same boundaries and same label         INC
exact     same boundaries (label ignored)        INC
partial   same boundaries (label ignored)        PAR (half credit)
type      same label (any overlap)               INC
========  =====================================  ==============

Unpaired gold spans are MIS, unpaired predictions SPU. Per-label figures
score the spans of one label against the predictions of the same label (the
definition nervaluate uses), so a mistyped span counts as missed in its gold
label's row and spurious in the predicted label's row; the label confusion
matrix keeps the mistyping visible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.matching import LabeledSpan, Matching, match_spans, simple_overlap_pairs
from annotator.metrics.counts import SCHEMES, Counts, Prf

NONE_LABEL = "∅"
"""The row/column of the confusion matrix for missed and spurious spans."""


@dataclass(slots=True)
class ErrorItem:
    """One scored item that is not a correct match, for review (``--errors``)."""

    kind: str
    doc: str
    layer: str
    gold: tuple[int, int, str, str] | None = None
    pred: tuple[int, int, str, str] | None = None


def _scheme_counts() -> dict[str, Counts]:
    return {s: Counts() for s in SCHEMES}


def overall_counts(k: Sequence[int] | np.ndarray) -> dict[str, Counts]:
    """The four schemes from the six kinds of outcome.

    ``k`` = pairs with (same bounds, same label), (same bounds, other label),
    (other bounds, same label), (other bounds, other label), then missed and
    spurious spans. Every scheme is a different reading of the same six numbers.
    """
    same_same, same_other, other_same, other_other, mis, spu = k
    return {
        "strict": Counts(same_same, same_other + other_same + other_other, 0, mis, spu),
        "exact": Counts(same_same + same_other, other_same + other_other, 0, mis, spu),
        "partial": Counts(same_same + same_other, 0, other_same + other_other, mis, spu),
        "type": Counts(same_same + other_same, same_other + other_other, 0, mis, spu),
    }


def head_counts(k: Sequence[int]) -> Counts:
    """The ``head`` row: the strict reading of the six kinds counted on heads (same head and label: COR)."""
    return overall_counts(k)["strict"]


def label_counts(k: Sequence[int] | np.ndarray) -> dict[str, Counts]:
    """The four schemes for one label from (exact pairs, overlapping pairs, missed, spurious)."""
    exact, over, mis, spu = k
    return {
        "strict": Counts(exact, over, 0, mis, spu),
        "exact": Counts(exact, over, 0, mis, spu),
        "partial": Counts(exact, 0, over, mis, spu),
        "type": Counts(exact + over, 0, 0, mis, spu),
    }


@dataclass
class _MentionCounts:
    """Outcome kinds overall and per label, label confusion, and head outcomes (``--head``, else None)."""

    kinds: list[int] = field(default_factory=lambda: [0] * 6)
    labels: dict[str, list[int]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    head: list[int] | None = None

    @property
    def overall(self) -> dict[str, Counts]:
        return overall_counts(self.kinds)

    @property
    def per_label(self) -> dict[str, dict[str, Counts]]:
        return {lab: label_counts(k) for lab, k in self.labels.items()}


@dataclass
class MentionDoc(_MentionCounts):
    """The counts of one document (what the bootstrap resamples), kept as a few integers."""

    errors: list[ErrorItem] = field(default_factory=list)


def _item(s: LabeledSpan, text: str) -> tuple[int, int, str, str]:
    return (s.start, s.end, s.label, text)


def score_mentions(
    gold: Sequence[LabeledSpan],
    pred: Sequence[LabeledSpan],
    *,
    doc: str = "",
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
) -> MentionDoc:
    """Score one document's mentions; ``texts`` (gold, pred) turns on the error list."""
    simple = simple_overlap_pairs(gold, pred)
    if simple is not None and texts is None:
        return _score_simple(gold, pred, simple)
    out = MentionDoc()
    kinds, labels, confusion = out.kinds, out.labels, out.confusion
    if simple is not None:
        m = Matching.from_pairs(simple, len(gold), len(pred))
    else:
        m = match_spans(gold, pred, mode="overlap")
    for i, j in m.pairs:
        g, p = gold[i], pred[j]
        same_bounds = g.start == p.start and g.end == p.end
        same_label = g.label == p.label
        confusion[(g.label, p.label)] += 1
        kinds[(0 if same_bounds else 2) + (0 if same_label else 1)] += 1
        if texts is not None and not (same_bounds and same_label):
            kind = "mistyped" if same_bounds else ("partial" if same_label else "partial+mistyped")
            out.errors.append(ErrorItem(kind, doc, "mentions", _item(g, texts[0][i]), _item(p, texts[1][j])))
    kinds[4] = len(m.gold_unmatched)
    kinds[5] = len(m.pred_unmatched)
    for i in m.gold_unmatched:
        confusion[(gold[i].label, NONE_LABEL)] += 1
        if texts is not None:
            out.errors.append(ErrorItem("missed", doc, "mentions", _item(gold[i], texts[0][i]), None))
    for j in m.pred_unmatched:
        confusion[(NONE_LABEL, pred[j].label)] += 1
        if texts is not None:
            out.errors.append(ErrorItem("spurious", doc, "mentions", None, _item(pred[j], texts[1][j])))

    if simple is not None:
        lab = Matching.from_pairs([(i, j) for i, j in simple if gold[i].label == pred[j].label], len(gold), len(pred))
    else:
        lab = match_spans(gold, pred, mode="overlap", labeled=True)
    for i, j in lab.pairs:
        g, p = gold[i], pred[j]
        k = labels.get(g.label)
        if k is None:
            k = labels[g.label] = [0, 0, 0, 0]
        k[0 if g.start == p.start and g.end == p.end else 1] += 1
    for i in lab.gold_unmatched:
        k = labels.get(gold[i].label)
        if k is None:
            k = labels[gold[i].label] = [0, 0, 0, 0]
        k[2] += 1
    for j in lab.pred_unmatched:
        k = labels.get(pred[j].label)
        if k is None:
            k = labels[pred[j].label] = [0, 0, 0, 0]
        k[3] += 1
    return out


def _score_simple(gold: Sequence[LabeledSpan], pred: Sequence[LabeledSpan], pairs: list[tuple[int, int]]) -> MentionDoc:
    """One pass over the pairs when no span competes (the common case; same counts as the general path)."""
    out = MentionDoc()
    kinds, labels, confusion = out.kinds, out.labels, out.confusion
    g_left = [True] * len(gold)
    p_left = [True] * len(pred)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        gl, pl = g.label, p.label
        g_left[i] = p_left[j] = False
        confusion[(gl, pl)] += 1
        exact = g.start == p.start and g.end == p.end
        if gl == pl:
            kinds[0 if exact else 2] += 1
            k = labels.get(gl)
            if k is None:
                k = labels[gl] = [0, 0, 0, 0]
            k[0 if exact else 1] += 1
        else:
            kinds[1 if exact else 3] += 1
            k = labels.get(gl)
            if k is None:
                k = labels[gl] = [0, 0, 0, 0]
            k[2] += 1
            k = labels.get(pl)
            if k is None:
                k = labels[pl] = [0, 0, 0, 0]
            k[3] += 1
    for flags, spans, slot, none_first in ((g_left, gold, 4, False), (p_left, pred, 5, True)):
        for i, left in enumerate(flags):
            if left:
                label = spans[i].label
                kinds[slot] += 1
                confusion[(NONE_LABEL, label) if none_first else (label, NONE_LABEL)] += 1
                k = labels.get(label)
                if k is None:
                    k = labels[label] = [0, 0, 0, 0]
                k[slot - 2] += 1
    return out


def _add(into: list[int], other: Sequence[int]) -> None:
    for n, v in enumerate(other):
        into[n] += v


@dataclass
class MentionState(_MentionCounts):
    """Counts summed over documents; merge two states to combine corpora or workers."""

    docs: int = 0

    def _sum(self, kinds: Sequence[int], labels: dict[str, list[int]], confusion: Counter[tuple[str, str]]) -> None:
        _add(self.kinds, kinds)
        for label, k in labels.items():
            mine = self.labels.get(label)
            if mine is None:
                self.labels[label] = list(k)
            else:
                _add(mine, k)
        self.confusion.update(confusion)

    def _sum_head(self, head: list[int] | None) -> None:
        if head is not None:
            if self.head is None:
                self.head = [0] * 6
            _add(self.head, head)

    def update(self, doc: MentionDoc) -> None:
        self.docs += 1
        self._sum(doc.kinds, doc.labels, doc.confusion)
        self._sum_head(doc.head)

    def merge(self, other: MentionState) -> None:
        self.docs += other.docs
        self._sum(other.kinds, other.labels, other.confusion)
        self._sum_head(other.head)

    def macro(self, scheme: str) -> tuple[float | None, float | None, float | None]:
        """Unweighted mean of per-label precision, recall and F1 over labels seen on either side.

        A label seen on either side always has defined figures; with no label at all, all three are n/a.
        """
        if not self.labels:
            return (None, None, None)
        prfs: list[Prf] = [label_counts(k)[scheme].prf(scheme) for k in self.labels.values()]
        n = len(prfs)
        return (
            sum(p.precision or 0.0 for p in prfs) / n,
            sum(p.recall or 0.0 for p in prfs) / n,
            sum(p.f1 or 0.0 for p in prfs) / n,
        )
