"""Pairwise span agreement: F1 between two annotators, exact and overlap, labelled and not.

With two annotators neither is the reference, and F1 is symmetric:
``2 * matched / (spans of a + spans of b)``. Pairs come from
:func:`annotator.matching.match_spans`, the rule the evaluation module uses.
Counts are kept per pair and label and merged over documents; a layer's
figure is micro F1 over labels for each pair, then mean ± SD over pairs.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.matching import LabeledSpan, match_spans

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
class Agreement:
    """Matched spans and spans only one side marked: a mergeable count."""

    matched: int = 0
    only_a: int = 0
    only_b: int = 0

    def __iadd__(self, other: Agreement) -> Agreement:
        self.matched += other.matched
        self.only_a += other.only_a
        self.only_b += other.only_b
        return self

    @property
    def f1(self) -> float | None:
        total = 2 * self.matched + self.only_a + self.only_b
        return None if total == 0 else 2 * self.matched / total


@dataclass
class PairSpans:
    """Everything span agreement needs from one annotator pair, summed over documents."""

    modes: dict[str, Agreement] = field(default_factory=lambda: {m: Agreement() for m in MODES})
    labels: dict[str, dict[str, Agreement]] = field(default_factory=lambda: {"exact": {}, "overlap": {}})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(label by a, label by b) over unlabelled overlap matches; NONE for unmatched."""
    docs: int = 0

    def update(self, a: Sequence[LabeledSpan], b: Sequence[LabeledSpan]) -> None:
        """Add one document's spans of the two annotators.

        Two overlap matchings (labelled and not) give all four figures: overlap
        matching ranks identical boundaries first, so its exact pairs are exactly
        the pairs exact matching would make (``tests`` check this).
        """
        self.docs += 1
        if not a and not b:
            return
        labels_a = Counter(s.label for s in a)
        labels_b = Counter(s.label for s in b)
        for labeled, overlap_name, exact_name in (
            (True, "overlap", "exact"),
            (False, "unlabeled_overlap", "unlabeled"),
        ):
            m = match_spans(a, b, mode="overlap", labeled=labeled)
            exact = [pair for pair in m.pairs if m.is_exact(a, b, pair)]
            for name, pairs in ((overlap_name, m.pairs), (exact_name, exact)):
                self.modes[name] += Agreement(len(pairs), len(a) - len(pairs), len(b) - len(pairs))
                if name in self.labels:
                    matched = Counter(a[i].label for i, _ in pairs)
                    per = self.labels[name]
                    for label in labels_a.keys() | labels_b.keys():
                        n = matched[label]
                        per.setdefault(label, Agreement())
                        per[label] += Agreement(n, labels_a[label] - n, labels_b[label] - n)
            if not labeled:
                for i, j in m.pairs:
                    self.confusion[(a[i].label, b[j].label)] += 1
                for i in m.gold_unmatched:
                    self.confusion[(a[i].label, NONE)] += 1
                for j in m.pred_unmatched:
                    self.confusion[(NONE, b[j].label)] += 1

    def merge(self, other: PairSpans) -> PairSpans:
        out = PairSpans(docs=self.docs + other.docs)
        for part in (self, other):
            for mode, agr in part.modes.items():
                out.modes[mode] += agr
            for mode, per in part.labels.items():
                for label, agr in per.items():
                    out.labels[mode].setdefault(label, Agreement())
                    out.labels[mode][label] += agr
            out.confusion.update(part.confusion)
        return out


def mean_sd(values: Sequence[float | None]) -> tuple[float | None, float | None]:
    """Mean and sample SD of the defined values (SD 0 for a single value)."""
    present = [v for v in values if v is not None]
    if not present:
        return None, None
    return statistics.fmean(present), statistics.stdev(present) if len(present) > 1 else 0.0
