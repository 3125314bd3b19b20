"""Token-level labels per annotator, for alpha and kappa over every token of a document.

Each token (from :func:`annotator.tokens.tokenize`) gets the label of the
outermost span that covers any of its characters, or ``O``: nested mentions
do not double-count a token, and a span cut mid-token still claims it. The
units are all tokens of a document; an annotator who did not annotate the
document is missing for all of them, never "O".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.agreement.coefficients import Coincidences, FleissState, PairTable
from annotator.matching import LabeledSpan
from annotator.tokens import TokenIndex, tokenize

OUTSIDE = "O"


def token_labels(index: TokenIndex, spans: Sequence[LabeledSpan]) -> list[str]:
    """One label per token: the longest covering span's (ties: the earlier, then the smaller label)."""
    labels = [OUTSIDE] * len(index)
    ordered = sorted(spans, key=lambda s: (s.end - s.start, -s.start, s.label), reverse=False)
    for span in ordered:
        for t in index.tokens_in(span.start, span.end):
            labels[t] = span.label
    return labels


@dataclass
class TokenAgreement:
    """Alpha over all annotators, kappa per pair, Fleiss where everyone labelled: mergeable counts."""

    annotators: list[str]
    alpha: Coincidences = field(default_factory=Coincidences)
    pairs: dict[tuple[str, str], PairTable] = field(default_factory=dict)
    fleiss: FleissState | None = None
    tokens: int = 0

    def __post_init__(self) -> None:
        if self.fleiss is None:
            self.fleiss = FleissState(len(self.annotators))

    def update(self, text: str, spans: Mapping[str, Sequence[LabeledSpan]], index: TokenIndex | None = None) -> None:
        """Add one document; ``spans`` has an entry for each annotator who annotated it.

        ``index``: the text's tokens when the caller has them (a cache), else they are computed here.
        """
        index = index if index is not None else tokenize(text)
        self.tokens += len(index)
        if not any(spans.values()):
            self._all_outside(len(index), list(spans))
            return
        labels = {a: token_labels(index, s) for a, s in spans.items()}
        rows: list[list[str | None]] = [
            list(labels[a]) if a in labels else [None] * len(index) for a in self.annotators
        ]
        complete = all(a in labels for a in self.annotators)
        units = Counter(zip(*rows, strict=True))
        for unit, n in units.items():
            self.alpha.add_unit(unit, n)
            if complete and self.fleiss is not None:
                self.fleiss.add_unit(unit, n)
        for i, j in combinations(range(len(self.annotators)), 2):
            a, b = self.annotators[i], self.annotators[j]
            if a in labels and b in labels:
                counts = self.pairs.setdefault((a, b), PairTable()).counts
                for unit, n in units.items():
                    counts[(unit[i], unit[j])] += n

    def _all_outside(self, n: int, present: list[str]) -> None:
        """A document where nobody marked anything: every token is O for each of its annotators."""
        unit = tuple(OUTSIDE if a in present else None for a in self.annotators)
        self.alpha.add_unit(unit, n)
        if self.fleiss is not None and len(present) == len(self.annotators):
            self.fleiss.add_unit(unit, n)
        for a, b in combinations(self.annotators, 2):
            if a in present and b in present:
                self.pairs.setdefault((a, b), PairTable()).add(OUTSIDE, OUTSIDE, n)

    def merge(self, other: TokenAgreement) -> TokenAgreement:
        if other.annotators != self.annotators:
            raise ValueError("cannot merge token agreement over different annotators")
        pairs = dict(self.pairs)
        for key, table in other.pairs.items():
            pairs[key] = pairs[key].merge(table) if key in pairs else table
        fleiss = self.fleiss.merge(other.fleiss) if self.fleiss and other.fleiss else None
        return TokenAgreement(
            list(self.annotators), self.alpha.merge(other.alpha), pairs, fleiss, self.tokens + other.tokens
        )
