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

from annotator.evaluate.counts import SCHEMES, Counts, Prf
from annotator.matching import LabeledSpan, match_spans

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


@dataclass
class MentionDoc:
    """The counts of one document (what the bootstrap resamples)."""

    overall: dict[str, Counts] = field(default_factory=_scheme_counts)
    per_label: dict[str, dict[str, Counts]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[ErrorItem] = field(default_factory=list)

    def label(self, name: str) -> dict[str, Counts]:
        got = self.per_label.get(name)
        if got is None:
            got = self.per_label[name] = _scheme_counts()
        return got


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
    out = MentionDoc()
    ov = out.overall
    strict, exact, partial, typed = ov["strict"], ov["exact"], ov["partial"], ov["type"]
    m = match_spans(gold, pred, mode="overlap")
    for i, j in m.pairs:
        g, p = gold[i], pred[j]
        same_bounds = g.start == p.start and g.end == p.end
        same_label = g.label == p.label
        out.confusion[(g.label, p.label)] += 1
        if same_bounds:
            exact.cor += 1
            partial.cor += 1
            if same_label:
                strict.cor += 1
                typed.cor += 1
            else:
                strict.inc += 1
                typed.inc += 1
        else:
            exact.inc += 1
            partial.par += 1
            strict.inc += 1
            if same_label:
                typed.cor += 1
            else:
                typed.inc += 1
        if texts is not None and not (same_bounds and same_label):
            kind = "mistyped" if same_bounds else ("partial" if same_label else "partial+mistyped")
            out.errors.append(ErrorItem(kind, doc, "mentions", _item(g, texts[0][i]), _item(p, texts[1][j])))
    n_mis, n_spu = len(m.gold_unmatched), len(m.pred_unmatched)
    for c in ov.values():
        c.mis += n_mis
        c.spu += n_spu
    for i in m.gold_unmatched:
        out.confusion[(gold[i].label, NONE_LABEL)] += 1
        if texts is not None:
            out.errors.append(ErrorItem("missed", doc, "mentions", _item(gold[i], texts[0][i]), None))
    for j in m.pred_unmatched:
        out.confusion[(NONE_LABEL, pred[j].label)] += 1
        if texts is not None:
            out.errors.append(ErrorItem("spurious", doc, "mentions", None, _item(pred[j], texts[1][j])))

    lab = match_spans(gold, pred, mode="overlap", labeled=True)
    for i, j in lab.pairs:
        g, p = gold[i], pred[j]
        c = out.label(g.label)
        if g.start == p.start and g.end == p.end:
            for s in SCHEMES:
                c[s].cor += 1
        else:
            c["strict"].inc += 1
            c["exact"].inc += 1
            c["partial"].par += 1
            c["type"].cor += 1
    for i in lab.gold_unmatched:
        for cnt in out.label(gold[i].label).values():
            cnt.mis += 1
    for j in lab.pred_unmatched:
        for cnt in out.label(pred[j].label).values():
            cnt.spu += 1
    return out


@dataclass
class MentionState:
    """Counts summed over documents; merge two states to combine corpora or workers."""

    overall: dict[str, Counts] = field(default_factory=_scheme_counts)
    per_label: dict[str, dict[str, Counts]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    docs: int = 0

    def update(self, doc: MentionDoc) -> None:
        self.docs += 1
        for s in SCHEMES:
            self.overall[s].add(doc.overall[s])
        for label, counts in doc.per_label.items():
            mine = self.per_label.get(label)
            if mine is None:
                mine = self.per_label[label] = _scheme_counts()
            for s in SCHEMES:
                mine[s].add(counts[s])
        self.confusion.update(doc.confusion)

    def merge(self, other: MentionState) -> None:
        self.docs += other.docs
        for s in SCHEMES:
            self.overall[s].add(other.overall[s])
        for label, counts in other.per_label.items():
            mine = self.per_label.get(label)
            if mine is None:
                mine = self.per_label[label] = _scheme_counts()
            for s in SCHEMES:
                mine[s].add(counts[s])
        self.confusion.update(other.confusion)

    def macro(self, scheme: str) -> tuple[float, float, float]:
        """Unweighted mean of per-label precision, recall and F1 over labels seen on either side."""
        if not self.per_label:
            return (0.0, 0.0, 0.0)
        prfs: list[Prf] = [c[scheme].prf(scheme) for c in self.per_label.values()]
        n = len(prfs)
        return (
            sum(p.precision for p in prfs) / n,
            sum(p.recall for p in prfs) / n,
            sum(p.f1 for p in prfs) / n,
        )
