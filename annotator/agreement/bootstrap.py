"""Confidence intervals for agreement figures: a percentile bootstrap over documents.

Agreement is measured on few documents, and a figure from five documents
says little without its uncertainty. Documents are resampled with
replacement (the unit that was sampled when the corpus was chosen, so the
dependence between the annotations of one document is kept), each
resample's counts are the merge of its documents' counts (every count of
:mod:`annotator.agreement.accumulate` merges), and the report is computed
from them as for the real set. The interval of a figure is the
``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` percentiles over the
resamples where it is defined (Efron & Tibshirani 1993, ch. 13; the same
scheme as the evaluation's intervals). Relations and document labels, which
need whole records, get none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from annotator.agreement.accumulate import State
from annotator.agreement.collect import Selection
from annotator.agreement.records import FileRecords
from annotator.agreement.report import Interval, Report
from annotator.tokencache import TokenCache


def figures(report: Report) -> dict[str, float | None]:
    """Every headline figure of ``report`` (the mean over annotator pairs), by a stable name."""
    out: dict[str, float | None] = {}
    for layer in report.spans:
        for m in layer.measures:
            out[f"{layer.layer}: {m.name}"] = m.summary.mean
        out[f"{layer.layer}: u-alpha"] = layer.ualpha
    for c in report.coefficients:
        out[f"{c.layer}: {c.name} alpha"] = c.alpha
        out[f"{c.layer}: {c.name} kappa"] = c.kappa.summary.mean
    for m in report.measures:
        out[f"{m.layer}: {m.name}"] = m.summary.mean
    return out


def document_states(
    selection: Selection, layers: Sequence[str], token_cache: TokenCache | None, source: FileRecords | None
) -> dict[str, State]:
    """Each selected document's counts on their own."""
    complete = set(selection.complete())
    found = (
        source.documents(selection.docs, None, None)
        if source is not None
        else ((doc, selection.docs[doc]) for doc in selection.docs)
    )
    out: dict[str, State] = {}
    for doc, records in found:
        state = State.empty(selection.annotators, selection.pairs(), layers, False, token_cache)
        state.update(doc, selection.texts[doc], records, doc in complete)
        out[doc] = state.finish()
    return out


def intervals(
    selection: Selection,
    layers: Sequence[str],
    report: Report,
    *,
    resamples: int,
    seed: int = 0,
    confidence: float = 0.95,
    token_cache: TokenCache | None = None,
    source: FileRecords | None = None,
) -> list[Interval]:
    """The percentile interval of every figure of ``report`` over ``resamples`` document resamples."""
    from annotator.agreement.compute import report_of

    states = document_states(selection, layers, token_cache, source)
    docs = [d for d in selection.docs if d in states]
    if not docs or resamples <= 0:
        return []
    rng = np.random.default_rng(seed)
    drawn: dict[str, list[float]] = {}
    for _ in range(resamples):
        sample = [docs[i] for i in rng.integers(0, len(docs), len(docs))]
        merged = states[sample[0]]
        for doc in sample[1:]:
            merged = merged.merge(states[doc])
        for name, value in figures(report_of(selection, layers, merged, documents=sample)).items():
            if value is not None:
                drawn.setdefault(name, []).append(value)
    lo_q, hi_q = 100 * (1 - confidence) / 2, 100 * (1 + confidence) / 2
    out = []
    for name, value in figures(report).items():
        values = drawn.get(name)
        if value is None or not values:
            continue
        lo, hi = np.percentile(values, [lo_q, hi_q])
        out.append(Interval(figure=name, value=value, lo=float(lo), hi=float(hi), resamples=len(values)))
    return out
