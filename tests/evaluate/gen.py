"""Generated gold and noisy predictions on a token grid, for cross-checks against reference libraries.

Gold spans never overlap each other and are at least three tokens apart, and a
prediction overlaps at most one gold span (and a gold span at most one
prediction): the data on which every reasonable matching rule agrees, so the
figures of nervaluate and seqeval must equal ours exactly.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from annotator.matching import LabeledSpan

LABELS = ("PER", "ORG", "GPE", "LOC", "TIME")
WIDTH = 4
"""Every token is three characters and a space: token k covers [4k, 4k+3)."""


@dataclass
class GenDoc:
    n_tokens: int
    gold: list[LabeledSpan]
    pred: list[LabeledSpan]

    def text(self) -> str:
        return " ".join(f"t{k % 100:02d}" for k in range(self.n_tokens))


def _span(first: int, last: int, label: str) -> LabeledSpan:
    """Tokens ``first..last`` inclusive as a character span."""
    return LabeledSpan(first * WIDTH, last * WIDTH + 3, label)


def tokens_of(s: LabeledSpan) -> tuple[int, int]:
    return (s.start // WIDTH, (s.end - 3) // WIDTH)


def generate(rng: random.Random, n_docs: int, max_spans: int = 12) -> list[GenDoc]:
    docs = []
    for _ in range(n_docs):
        n = rng.randint(0, max_spans)
        pos = rng.randint(0, 3)
        gold: list[tuple[int, int, str]] = []
        for _ in range(n):
            length = rng.randint(1, 4)
            gold.append((pos, pos + length - 1, rng.choice(LABELS)))
            pos += length + rng.randint(3, 5)
        n_tokens = pos + 2
        pred: list[LabeledSpan] = []
        for first, last, label in gold:
            r = rng.random()
            if r < 0.15:
                continue
            if r < 0.30:
                label = rng.choice([x for x in LABELS if x != label])
            if rng.random() < 0.3:
                first = max(0, first + rng.choice((-1, 0, 1)))
                last = last + rng.choice((-1, 0, 1))
                if last < first:
                    last = first
            pred.append(_span(first, last, label))
        gaps = [(a[1] + 2, b[0] - 2) for a, b in itertools.pairwise(gold)]
        for lo, hi in gaps:
            if hi - lo >= 0 and rng.random() < 0.2:
                k = rng.randint(lo, hi)
                pred.append(_span(k, k, rng.choice(LABELS)))
        rng.shuffle(pred)
        docs.append(GenDoc(n_tokens, [_span(a, b, lab) for a, b, lab in gold], pred))
    return docs


def bio(doc: GenDoc, spans: list[LabeledSpan]) -> list[str]:
    tags = ["O"] * doc.n_tokens
    for s in spans:
        first, last = tokens_of(s)
        tags[first] = f"B-{s.label}"
        for k in range(first + 1, last + 1):
            tags[k] = f"I-{s.label}"
    return tags
