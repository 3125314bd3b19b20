"""Pairwise span agreement: F1 between two annotators, exact and overlap, labelled and not.

With two annotators neither is the reference, and F1 is symmetric:
``2 * matched / (spans of a + spans of b)``. Pairs come from
:func:`annotator.matching.match_spans`, the rule the evaluation module uses.
Counts (:class:`~annotator.metrics.counts.Prf`, the first annotator on the
gold side) are kept per pair and label and merged over documents; a layer's
figure is micro F1 over labels for each pair, then mean ± SD over pairs.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.matching import LabeledSpan, match_spans, match_spans_batch
from annotator.metrics.counts import Prf

Columns = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""Spans of many documents as (document, start, end, label code) arrays (see :func:`match_spans_batch`)."""

MODES: dict[str, tuple[str, bool]] = {
    "exact": ("exact", True),
    "overlap": ("overlap", True),
    "unlabeled": ("exact", False),
    "unlabeled_overlap": ("overlap", False),
}
"""Report name -> (matching mode, labelled). ``unlabeled`` compares boundaries only."""

NONE = "∅"
"""The 'label' of a span the other annotator did not mark, in the confusion counts."""


@dataclass
class LabelCounts:
    """Per-label matched / only-a / only-b counts (kept as Counters: cheap to update and merge)."""

    matched: Counter[str] = field(default_factory=Counter)
    spans_a: Counter[str] = field(default_factory=Counter)
    spans_b: Counter[str] = field(default_factory=Counter)

    def __getitem__(self, label: str) -> Prf:
        n = self.matched[label]
        return Prf.of(n, self.spans_b[label], self.spans_a[label])

    def __contains__(self, label: object) -> bool:
        return label in self.spans_a or label in self.spans_b

    def items(self) -> list[tuple[str, Prf]]:
        return [(label, self[label]) for label in sorted(self.spans_a.keys() | self.spans_b.keys())]

    def merge(self, other: LabelCounts) -> LabelCounts:
        return LabelCounts(self.matched + other.matched, self.spans_a + other.spans_a, self.spans_b + other.spans_b)


@dataclass
class PairSpans:
    """Everything span agreement needs from one annotator pair, summed over documents."""

    modes: dict[str, Prf] = field(default_factory=lambda: {m: Prf() for m in MODES})
    labels: dict[str, LabelCounts] = field(default_factory=lambda: {"exact": LabelCounts(), "overlap": LabelCounts()})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(label by a, label by b) over unlabelled overlap matches; NONE for unmatched."""
    docs: int = 0

    def update(self, a: Sequence[LabeledSpan], b: Sequence[LabeledSpan]) -> None:
        """Add one document's spans of the two annotators.

        The unlabelled and labelled overlap matchings give all four figures:
        overlap matching ranks identical boundaries first, so its exact pairs are
        exactly the pairs exact matching would make (``tests`` check this).
        """
        self.docs += 1
        if not a and not b:
            return
        labels_a = [s.label for s in a]
        labels_b = [s.label for s in b]
        unlabeled = match_spans(a, b, mode="overlap", labeled=False)
        labeled = labeled_pairs(a, b, unlabeled.pairs)
        for labeled_mode, pairs in ((False, unlabeled.pairs), (True, labeled)):
            exact = [(i, j) for i, j in pairs if a[i].start == b[j].start and a[i].end == b[j].end]
            names = ("overlap", "exact") if labeled_mode else ("unlabeled_overlap", "unlabeled")
            for name, chosen in zip(names, (pairs, exact), strict=True):
                self.modes[name] += Prf.of(len(chosen), len(b), len(a))
                if labeled_mode:
                    per = self.labels[name]
                    per.matched.update(labels_a[i] for i, _ in chosen)
                    per.spans_a.update(labels_a)
                    per.spans_b.update(labels_b)
        confusion = self.confusion
        confusion.update((labels_a[i], labels_b[j]) for i, j in unlabeled.pairs)
        confusion.update((labels_a[i], NONE) for i in unlabeled.gold_unmatched)
        confusion.update((NONE, labels_b[j]) for j in unlabeled.pred_unmatched)

    def add_columns(self, a: Columns, b: Columns, names: Sequence[str], docs: int) -> None:
        """Add ``docs`` documents at once: what :meth:`update` adds for each of them, summed.

        ``a`` and ``b`` hold the two annotators' spans of those documents, labels as
        codes into ``names`` (sorted, so codes rank as names do). Both matchings run
        over all documents in one batch (:func:`match_spans_batch`), and the labelled
        one directly, which :func:`labeled_pairs` is tested to equal.
        """
        self.docs += docs
        n_a, n_b = len(a[0]), len(b[0])
        if not n_a and not n_b:
            return
        codes_a, codes_b = a[3], b[3]
        unlabeled = match_spans_batch(a, b, mode="overlap", labeled=False)
        labeled = match_spans_batch(a, b, mode="overlap", labeled=True)
        for labeled_mode, (i, j) in ((False, unlabeled), (True, labeled)):
            exact = i[(a[1][i] == b[1][j]) & (a[2][i] == b[2][j])]
            names_of = ("overlap", "exact") if labeled_mode else ("unlabeled_overlap", "unlabeled")
            for name, chosen in zip(names_of, (i, exact), strict=True):
                self.modes[name] += Prf.of(len(chosen), n_b, n_a)
                if labeled_mode:
                    per = self.labels[name]
                    _count(per.matched, codes_a[chosen], names)
                    _count(per.spans_a, codes_a, names)
                    _count(per.spans_b, codes_b, names)
        i, j = unlabeled
        none = len(names)
        lone_a = np.ones(n_a, dtype=bool)
        lone_a[i] = False
        lone_b = np.ones(n_b, dtype=bool)
        lone_b[j] = False
        width = none + 1
        cells = np.concatenate(
            (codes_a[i] * width + codes_b[j], codes_a[lone_a] * width + none, none * width + codes_b[lone_b])
        )
        named = [*names, NONE]
        tally = np.bincount(cells)
        for cell in np.flatnonzero(tally).tolist():
            self.confusion[(named[cell // width], named[cell % width])] += int(tally[cell])

    def merge(self, other: PairSpans) -> PairSpans:
        out = PairSpans(docs=self.docs + other.docs)
        for part in (self, other):
            for mode, agr in part.modes.items():
                out.modes[mode] += agr
            out.confusion.update(part.confusion)
        out.labels = {mode: self.labels[mode].merge(other.labels[mode]) for mode in self.labels}
        return out


def _count(counter: Counter[str], codes: np.ndarray, names: Sequence[str]) -> None:
    tally = np.bincount(codes, minlength=0)
    for code in np.flatnonzero(tally).tolist():
        counter[names[code]] += int(tally[code])


def labeled_pairs(
    a: Sequence[LabeledSpan], b: Sequence[LabeledSpan], unlabeled: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The labelled overlap matching of ``a`` and ``b``, given their unlabelled one.

    ``match_spans`` ranks candidates by offsets and labels only, and with
    ``labeled=True`` spans of different labels never compete, so each label is
    matched on its own. For a label none of whose spans sits in a label-swapped
    pair of the unlabelled matching, the greedy pass saw exactly the labelled
    candidates in the same order and took the same pairs; only the labels that
    annotators swapped are matched again (through ``match_spans``), on their
    spans alone. ``tests`` check the result against a direct labelled matching.
    """
    dirty = {a[i].label for i, j in unlabeled if a[i].label != b[j].label}
    dirty |= {b[j].label for i, j in unlabeled if a[i].label != b[j].label}
    pairs = [(i, j) for i, j in unlabeled if a[i].label == b[j].label and a[i].label not in dirty]
    if dirty:
        ia = [i for i, s in enumerate(a) if s.label in dirty]
        ib = [j for j, s in enumerate(b) if s.label in dirty]
        again = match_spans([a[i] for i in ia], [b[j] for j in ib], mode="overlap", labeled=True)
        pairs += [(ia[x], ib[y]) for x, y in again.pairs]
    return sorted(pairs)


def mean_sd(values: Sequence[float | None]) -> tuple[float | None, float | None]:
    """Mean and sample SD (n - 1 in the denominator) of the defined values; SD 0 for a single value.

    Pairs of annotators are a sample of the pairs the guidelines will see, hence the sample SD;
    reports say so.
    """
    present = [v for v in values if v is not None]
    if not present:
        return None, None
    return statistics.fmean(present), statistics.stdev(present) if len(present) > 1 else 0.0
