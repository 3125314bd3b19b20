"""Run every measure over a selection and assemble the report.

:mod:`accumulate` counts (mergeable, per layer and pair); the figures are
computed here from the sums. A pair only ever sees the
documents both of its annotators annotated (see :mod:`collect`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from annotator.agreement.accumulate import State, accumulate
from annotator.agreement.attributes import AttributeAgreement
from annotator.agreement.attributions import AttributionPair
from annotator.agreement.collect import Selection
from annotator.agreement.events import EventPair
from annotator.agreement.records import FileRecords
from annotator.agreement.report import (
    Coefficient,
    ConfusionCell,
    LabelRow,
    Measure,
    PairValue,
    Report,
    SpanLayer,
    Spread,
)
from annotator.agreement.spans import MODES, PairSpans, mean_sd
from annotator.agreement.structures import doc_label_coefficients, structure_measures
from annotator.agreement.tokens import TokenAgreement
from annotator.agreement.unitizing import Continuum
from annotator.layers import LAYERS
from annotator.metrics.coref import METRICS, conll
from annotator.metrics.counts import ScoreTable
from annotator.scheme import Scheme
from annotator.tokencache import TokenCache

Pair = tuple[str, str]
MODE_NAMES = {
    "exact": "F1 exact",
    "overlap": "F1 overlap",
    "unlabeled": "F1 unlabeled (boundaries only)",
    "unlabeled_overlap": "F1 unlabeled overlap",
}


def measure(layer: str, name: str, values: dict[Pair, float | None], docs: dict[Pair, int], note: str = "") -> Measure:
    mean, sd = mean_sd(list(values.values()))
    present = sum(v is not None for v in values.values())
    pairs = [PairValue(a=a, b=b, docs=docs[(a, b)], value=v) for (a, b), v in values.items()]
    return Measure(layer=layer, name=name, summary=Spread(mean=mean, sd=sd, pairs=present), pairs=pairs, note=note)


def compute(
    selection: Selection,
    layers: Sequence[str] = LAYERS,
    *,
    disagreements: bool = False,
    include_in_progress: bool = False,
    jobs: int | None = None,
    scheme: Scheme | None = None,
    token_cache: TokenCache | None = None,
    source: FileRecords | None = None,
    dask: str | None = None,
) -> Report:
    """Every measure of ``layers`` over ``selection``; ``disagreements`` also lists each disagreement.

    ``scheme`` tells which relations are symmetric (without it all are directed).
    ``token_cache`` keeps the documents' tokens on disk between runs (:mod:`annotator.tokencache`);
    ``source`` reads the records a document at a time (:mod:`annotator.agreement.records`), the selection
    then holding only their heads; ``dask`` counts on that cluster (:mod:`annotator.cluster`).
    Relations, fragments, document labels and links need whole records: streamed files hold none
    (the command streams only files without them).
    """
    state = accumulate(
        selection, layers, disagreements=disagreements, jobs=jobs, token_cache=token_cache, source=source, dask=dask
    )
    return report_of(selection, layers, state, include_in_progress=include_in_progress, scheme=scheme, source=source)


def report_of(
    selection: Selection,
    layers: Sequence[str],
    state: State,
    *,
    include_in_progress: bool = False,
    scheme: Scheme | None = None,
    source: FileRecords | None = None,
    documents: Sequence[str] | None = None,
) -> Report:
    """The report of finished counts ``state`` over ``selection``'s documents, or over ``documents``
    (a resample of them, repeats allowed: :mod:`annotator.agreement.bootstrap`)."""
    annotators = selection.annotators
    pairs = selection.pairs()
    chosen = list(selection.docs) if documents is None else list(documents)
    shared = {p: set(selection.shared(*p)) for p in pairs}
    docs_of = {p: sum(1 for d in chosen if d in shared[p]) for p in pairs}
    everyone = set(selection.complete())
    complete = [d for d in chosen if d in everyone]
    report_spans = [
        _span_layer(layer, pairs, docs_of, state.spans, state.continua[layer], state.supports[layer], len(complete))
        for layer in state.span_layers
    ]
    coefficients = [_tokens(layer, t, docs_of) for layer, t in state.tokens.items()]
    for layer, agreement in state.attributes.items():
        coefficients += _attributes(layer, agreement, docs_of)
    whole = source is None and documents is None
    measures = (
        _triggers(report_spans)
        + (_events(state.events, docs_of) if "events" in layers else [])
        + (_hoppers(state.events, docs_of) if "hoppers" in layers else [])
        + _attributions(state.attributions, docs_of)
        + _coref(state.coref, docs_of)
        + (structure_measures(selection, scheme, layers, docs_of, measure) if whole else [])
    )
    if "doc_labels" in layers and whole:
        coefficients += doc_label_coefficients(selection, docs_of, measure)
    return Report(
        annotators=list(annotators),
        documents=list(selection.docs),
        pairs=[PairValue(a=a, b=b, docs=docs_of[(a, b)], value=None) for a, b in pairs],
        left_out=list(selection.left_out),
        layers=list(layers),
        include_in_progress=include_in_progress,
        spans=report_spans,
        coefficients=coefficients,
        measures=measures,
        disagreements=state.disagreements,
    )


def _span_layer(
    layer: str,
    pairs: list[Pair],
    docs_of: dict[Pair, int],
    counts: dict[tuple[str, Pair], PairSpans],
    continuum: Continuum,
    support: Counter[str],
    complete_docs: int,
) -> SpanLayer:
    merged = PairSpans()
    for p in pairs:
        merged = merged.merge(counts[(layer, p)])
    measures = [
        measure(layer, MODE_NAMES[mode], {p: counts[(layer, p)].modes[mode].f1 for p in pairs}, docs_of)
        for mode in MODES
    ]
    ualpha = continuum.alpha() if continuum.length else None
    labels = sorted(support)
    rows = [
        LabelRow(
            label=label,
            spans=support[label],
            exact_f1=merged.labels["exact"][label].f1,
            overlap_f1=merged.labels["overlap"][label].f1,
            ualpha=ualpha.categories[label].alpha if ualpha and label in ualpha.categories else None,
        )
        for label in labels
    ]
    unordered: Counter[tuple[str, str]] = Counter()
    for (x, y), n in merged.confusion.items():
        unordered[(min(x, y), max(x, y))] += n
    confusion = [ConfusionCell(a=x, b=y, count=n) for (x, y), n in sorted(unordered.items())]
    return SpanLayer(
        layer=layer,
        measures=measures,
        labels=rows,
        ualpha=ualpha.alpha if ualpha else None,
        ualpha_docs=complete_docs,
        confusion=confusion,
    )


def _tokens(layer: str, agreement: TokenAgreement, docs_of: dict[Pair, int]) -> Coefficient:
    kappas = {p: agreement.pairs[p].kappa() if p in agreement.pairs else None for p in docs_of}
    fleiss = agreement.fleiss
    return Coefficient(
        layer=layer,
        name="token labels",
        units=agreement.tokens,
        alpha=agreement.alpha.alpha(),
        fleiss=fleiss.kappa() if fleiss else None,
        fleiss_units=fleiss.units if fleiss else 0,
        kappa=measure(layer, "Cohen's kappa (tokens)", kappas, docs_of),
    )


def _attributes(layer: str, agreement: AttributeAgreement, docs_of: dict[Pair, int]) -> list[Coefficient]:
    out = []
    for name, coin in agreement.alpha.items():
        tables = agreement.pairs.get(name, {})
        kappas = {p: tables[p].kappa() if p in tables else None for p in docs_of}
        out.append(
            Coefficient(
                layer=layer,
                name=f"{name} on agreed units",
                units=coin.units,
                alpha=coin.alpha(),
                fleiss=None,
                fleiss_units=0,
                kappa=measure(layer, f"Cohen's kappa ({name})", kappas, docs_of),
            )
        )
    return out


def _triggers(spans: list[SpanLayer]) -> list[Measure]:
    """Trigger identification (boundaries) and classification (boundaries and type), named as such."""
    layer = next((s for s in spans if s.layer == "events"), None)
    if layer is None:
        return []
    by_name = {m.name: m for m in layer.measures}
    return [
        by_name[MODE_NAMES["unlabeled"]].model_copy(update={"layer": "events", "name": "trigger identification F1"}),
        by_name[MODE_NAMES["exact"]].model_copy(update={"layer": "events", "name": "trigger classification F1"}),
    ]


def _events(events: dict[Pair, EventPair], docs_of: dict[Pair, int]) -> list[Measure]:
    if not events:
        return []
    items = [
        ("argument identification F1", "argument_identification/exact"),
        ("argument role F1", "argument_classification/exact"),
        ("argument identification F1, attached to paired events", "argument_identification_attached/exact"),
        ("argument role F1, attached to paired events", "argument_classification_attached/exact"),
    ]
    return [
        measure("events", name, {p: e.arguments[key].f1 for p, e in events.items()}, docs_of) for name, key in items
    ]


def _cluster_measures(layer: str, tables: dict[Pair, ScoreTable], prefix: str, docs_of: dict[Pair, int], note: str):
    names = {"muc": "MUC F1", "b_cubed": "B-cubed F1", "ceaf_e": "CEAF-e F1"}
    out = [
        measure(layer, names[m], {p: t[f"{prefix}{m}"].f1 for p, t in tables.items()}, docs_of, note) for m in METRICS
    ]
    values = {p: conll({m: t[f"{prefix}{m}"] for m in METRICS}) for p, t in tables.items()}
    return [*out, measure(layer, "CoNLL F1", values, docs_of, note)]


def _hoppers(events: dict[Pair, EventPair], docs_of: dict[Pair, int]) -> list[Measure]:
    if not events:
        return []
    tables = {p: e.hoppers for p, e in events.items()}
    return _cluster_measures("hoppers", tables, "hopper_", docs_of, "documents where both made hoppers")


def _attributions(pairs: dict[Pair, AttributionPair], docs_of: dict[Pair, int]) -> list[Measure]:
    if not pairs:
        return []
    return [
        measure(
            "attributions",
            "relation F1 (source, cue, content)",
            {p: x.scores["joint/exact"].f1 for p, x in pairs.items()},
            docs_of,
        ),
        measure(
            "attributions", "reported-event link F1", {p: x.scores["reports"].f1 for p, x in pairs.items()}, docs_of
        ),
    ]


def _coref(pairs: dict[Pair, ScoreTable], docs_of: dict[Pair, int]) -> list[Measure]:
    if not pairs:
        return []
    return _cluster_measures("entities", pairs, "", docs_of, "documents where both made entities")
