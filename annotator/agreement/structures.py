"""Agreement on relations, discontinuous mentions, document labels and knowledge-base links.

Each pair of annotators is scored with the evaluation's own functions
(:mod:`annotator.metrics.structures`), the first annotator as reference, over
the documents both annotated; F1 does not depend on which one that is.
Document labels also get chance-corrected coefficients, one unit per
document with its label set as the value: Krippendorff's alpha over all
annotators (an annotator who gave no label is missing), Fleiss' kappa on the
documents every annotator labelled and Cohen's kappa per pair.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from annotator.agreement.coefficients import Coincidences, FleissState, PairTable
from annotator.agreement.collect import Selection
from annotator.agreement.report import Coefficient, Measure
from annotator.metrics.counts import Prf
from annotator.metrics.structures import score_structures
from annotator.scheme import Scheme

Pair = tuple[str, str]
MeasureOf = Callable[[str, str, dict[Pair, float | None], dict[Pair, int]], Measure]
"""How the agreement report builds a measure (:func:`annotator.agreement.compute.measure`)."""
NAMES = {
    "relations/all": ("relations", "relation F1 (strict on both arguments)"),
    "fragments/strict": ("mentions", "discontinuous mention F1 (all fragments exact)"),
    "fragments/partial": ("mentions", "discontinuous mention F1 (fragment overlap)"),
    "doc_labels/accuracy": ("doc_labels", "document label accuracy"),
    "doc_labels/micro": ("doc_labels", "document label F1 (micro)"),
    "links/mentions": ("entities", "knowledge-base link F1 (linked mentions)"),
    "links/clusters": ("entities", "knowledge-base link F1 (clusters)"),
}


def pair_scores(selection: Selection, scheme: Scheme | None, layers: Sequence[str]) -> dict[Pair, dict[str, Prf]]:
    """Summed structure scores of every annotator pair over the documents it shares."""
    out: dict[Pair, dict[str, Prf]] = {}
    for a, b in selection.pairs():
        sums: dict[str, Prf] = {}
        for doc in selection.shared(a, b):
            recs = selection.docs[doc]
            for key, prf in score_structures(recs[a], recs[b], scheme, layers).items():
                sums.setdefault(key, Prf()).add(prf)
        out[(a, b)] = sums
    return out


def structure_measures(
    selection: Selection, scheme: Scheme | None, layers: Sequence[str], docs_of: dict[Pair, int], measure: MeasureOf
) -> list[Measure]:
    """One measure per figure that some pair has (relation types one by one after the overall figure)."""
    scores = pair_scores(selection, scheme, layers)
    keys = sorted({k for table in scores.values() for k in table})
    ordered = [k for k in NAMES if k in keys] + [k for k in keys if k.startswith("relations/") and k not in NAMES]
    out = []
    for key in ordered:
        layer, name = NAMES.get(key, ("relations", f"{key.split('/', 1)[1]} relation F1"))
        values = {p: table[key].f1 if key in table else None for p, table in scores.items()}
        out.append(measure(layer, name, values, docs_of))
    return out


def _value(labels: tuple[str, ...]) -> Hashable:
    return "+".join(sorted(labels)) if labels else None


def doc_label_coefficients(selection: Selection, docs_of: dict[Pair, int], measure: MeasureOf) -> list[Coefficient]:
    """Alpha, Fleiss and Cohen on each document's label set; none when nobody labelled a document."""
    alpha = Coincidences()
    fleiss = FleissState(len(selection.annotators))
    tables: dict[Pair, PairTable] = {p: PairTable() for p in docs_of}
    labelled = 0
    for recs in selection.docs.values():
        values = {a: _value(r.doc_labels) for a, r in recs.items()}
        if all(v is None for v in values.values()):
            continue
        labelled += 1
        alpha.add_unit(values.values())
        if len(values) == len(selection.annotators) and all(v is not None for v in values.values()):
            fleiss.add_unit(list(values.values()))
        for a, b in tables:
            if values.get(a) is not None and values.get(b) is not None:
                tables[(a, b)].add(values[a], values[b])
    if not labelled:
        return []
    kappas = {p: t.kappa() for p, t in tables.items()}
    return [
        Coefficient(
            layer="doc_labels",
            name="document labels",
            units=labelled,
            alpha=alpha.alpha(),
            fleiss=fleiss.kappa() if fleiss.units else None,
            fleiss_units=fleiss.units,
            kappa=measure("doc_labels", "Cohen's kappa (document labels)", kappas, docs_of),
        )
    ]
