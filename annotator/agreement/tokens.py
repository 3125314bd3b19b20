"""Token-level labels per annotator, for alpha and kappa over every token of a document.

Each token (from :func:`annotator.tokens.tokenize`) gets the label of the
outermost span that covers any of its characters, or ``O``: nested mentions
do not double-count a token, and a span cut mid-token still claims it. The
units are all tokens of a document; an annotator who did not annotate the
document is missing for all of them, never "O".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.agreement.coded import add_coded
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
    """Alpha over all annotators, kappa per pair, Fleiss where everyone labelled: mergeable counts.

    :meth:`add` labels a document's tokens in arrays and holds them; :meth:`flush`
    counts every held token at once, by distinct row of labels (:func:`add_coded`).
    """

    annotators: list[str]
    alpha: Coincidences = field(default_factory=Coincidences)
    pairs: dict[tuple[str, str], PairTable] = field(default_factory=dict)
    fleiss: FleissState | None = None
    tokens: int = 0
    held: list[np.ndarray] = field(default_factory=list, repr=False)
    """Label codes of documents not counted yet, one (annotators x tokens) array each."""
    codes: dict[str, int] = field(default_factory=lambda: {OUTSIDE: 1}, repr=False)
    """Label -> code in :attr:`held` (0: the annotator did not annotate the document)."""

    def __post_init__(self) -> None:
        if self.fleiss is None:
            self.fleiss = FleissState(len(self.annotators))

    def update(self, text: str, spans: Mapping[str, Sequence[LabeledSpan]], index: TokenIndex | None = None) -> None:
        """Add and count one document; ``spans`` has an entry for each annotator who annotated it.

        ``index``: the text's tokens when the caller has them (a cache), else they are computed here.
        """
        self.add(text, spans, index)
        self.flush()

    def add(self, text: str, spans: Mapping[str, Sequence[LabeledSpan]], index: TokenIndex | None = None) -> None:
        """Label one document's tokens for every annotator (as :func:`token_labels` does) and hold them."""
        index = index if index is not None else tokenize(text)
        n = len(index)
        self.tokens += n
        rows = np.zeros((len(self.annotators), n), dtype=np.int64)
        ordered: list[tuple[int, int, str, int, int]] = []
        for r, a in enumerate(self.annotators):
            if a in spans:
                rows[r] = 1
                ordered += [(s.end - s.start, -s.start, s.label, r, s.end) for s in spans[a]]
        if ordered and n:
            ordered.sort()
            codes = self.codes
            table = np.array(
                [(-neg, end, r, codes.setdefault(label, len(codes) + 1)) for _, neg, label, r, end in ordered],
                dtype=np.int64,
            )
            starts, ends = np.asarray(index.starts), np.asarray(index.ends)
            first = np.searchsorted(ends, table[:, 0], "right")
            count = np.maximum(np.searchsorted(starts, table[:, 1], "left") - first, 0)
            total = int(count.sum())
            token = np.repeat(first, count) + np.arange(total) - np.repeat(np.cumsum(count) - count, count)
            winner = np.full(rows.size, -1, dtype=np.int64)
            np.maximum.at(winner, np.repeat(table[:, 2], count) * n + token, np.repeat(np.arange(len(table)), count))
            hit = winner >= 0
            rows.reshape(-1)[hit] = table[winner[hit], 3]
        self.held.append(rows)

    def flush(self) -> None:
        """Count every held token."""
        if not self.held:
            return
        matrix = np.concatenate(self.held, axis=1)
        self.held = []
        names: list[str | None] = [None] * (len(self.codes) + 1)
        for label, code in self.codes.items():
            names[code] = label
        add_coded(matrix, names, self.annotators, self.alpha, self.pairs, self.fleiss)

    def merge(self, other: TokenAgreement) -> TokenAgreement:
        """The counts of both (each flushed first)."""
        self.flush()
        other.flush()
        if other.annotators != self.annotators:
            raise ValueError("cannot merge token agreement over different annotators")
        pairs = dict(self.pairs)
        for key, table in other.pairs.items():
            pairs[key] = pairs[key].merge(table) if key in pairs else table
        fleiss = self.fleiss.merge(other.fleiss) if self.fleiss and other.fleiss else None
        return TokenAgreement(
            list(self.annotators), self.alpha.merge(other.alpha), pairs, fleiss, self.tokens + other.tokens
        )
