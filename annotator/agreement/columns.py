"""A stretch of documents' spans kept in columns, so that each annotator pair is counted once per stretch.

Counting a pair document by document costs a Python matching per pair and
document (45 pairs x 5,000 documents for ten annotators). The accumulator
instead appends every document's spans to per-annotator integer columns and,
every few hundred documents, counts each pair over the whole stretch at once
(:meth:`annotator.agreement.spans.PairSpans.add_columns`). The counts are the
same sums, so states still merge as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence

import numpy as np

from annotator.agreement.spans import Columns, PairSpans
from annotator.matching import LabeledSpan

Pair = tuple[str, str]


class SpanStretch:
    """Spans of one layer for a stretch of documents: per annotator (document, start, end, label code)."""

    def __init__(self, annotators: Sequence[str]) -> None:
        self.annotators = list(annotators)
        self.clear()

    def clear(self) -> None:
        """Start an empty stretch."""
        annotators = self.annotators
        self.columns: dict[str, tuple[array, array, array, array]] = {
            a: (array("q"), array("q"), array("q"), array("q")) for a in annotators
        }
        self.present: list[frozenset[str]] = []
        self.codes: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.present)

    def add(self, spans: Mapping[str, Sequence[LabeledSpan]]) -> None:
        """One document's spans, for each annotator who annotated it."""
        doc = len(self.present)
        self.present.append(frozenset(spans))
        codes = self.codes
        for annotator, items in spans.items():
            docs, starts, ends, labels = self.columns[annotator]
            for s in items:
                code = codes.get(s.label)
                if code is None:
                    code = codes[s.label] = len(codes)
                docs.append(doc)
                starts.append(s.start)
                ends.append(s.end)
                labels.append(code)

    def count_into(self, counts: Mapping[Pair, PairSpans], pairs: Sequence[Pair]) -> None:
        """Add every pair's counts over the stretch to ``counts``, then start an empty stretch."""
        names = sorted(self.codes)
        rank = np.zeros(max(len(self.codes), 1), dtype=np.int64)
        for name, code in self.codes.items():
            rank[code] = names.index(name)
        present = np.array([[a in found for a in self.annotators] for found in self.present], dtype=bool).reshape(
            len(self.present), len(self.annotators)
        )
        arrays = {
            a: tuple(np.frombuffer(c, dtype=np.int64) if len(c) else np.zeros(0, np.int64) for c in cols)
            for a, cols in self.columns.items()
        }
        column = {a: k for k, a in enumerate(self.annotators)}
        for a, b in pairs:
            both = present[:, column[a]] & present[:, column[b]]
            counts[(a, b)].add_columns(
                _subset(arrays[a], both, rank), _subset(arrays[b], both, rank), names, int(both.sum())
            )
        self.clear()


def _subset(columns: tuple[np.ndarray, ...], docs: np.ndarray, rank: np.ndarray) -> Columns:
    """The spans of the documents ``docs`` marks, labels as ranks of their names."""
    doc, start, end, code = columns
    keep = docs[doc]
    return doc[keep], start[keep], end[keep], rank[code[keep]]
