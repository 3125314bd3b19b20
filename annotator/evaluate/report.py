"""The report: one pydantic object for the terminal, CI, notebooks and HTML.

Floats are rounded to six decimals and every mapping is sorted, so the JSON
of two runs on the same inputs is byte-identical (a CI diff shows only real
changes).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from annotator.evaluate.entities import MentionState, head_counts
from annotator.evaluate.masking import MAIN
from annotator.evaluate.scorer import EvalState, SectionState
from annotator.metrics.coref import METRICS, conll
from annotator.metrics.counts import SCHEMES, Counts, Prf

LAYER_OF = {
    "coref": "entities",
    "events": "events",
    "hoppers": "hoppers",
    "attributions": "attributions",
    "relations": "relations",
    "doc_labels": "doc_labels",
    "fragments": "mentions",
    "links": "entities",
}


def _r(x: float | None) -> float | None:
    """Six decimals; None (shown as "n/a") stays None: see :mod:`annotator.metrics.counts`."""
    return None if x is None else _n(x)


def _n(x: float) -> float:
    return round(float(x), 6)


def _ci(ci: tuple[float, float] | None) -> tuple[float, float] | None:
    return (_n(ci[0]), _n(ci[1])) if ci else None


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Score(_Model):
    """Precision, recall, F1 and their fractions; ``ci`` is the bootstrap interval of F1."""

    precision: float | None
    recall: float | None
    f1: float | None
    p_num: float
    p_den: float
    r_num: float
    r_den: float
    ci: tuple[float, float] | None = None

    @classmethod
    def of(cls, prf: Prf, ci: tuple[float, float] | None = None) -> Score:
        return cls(
            precision=_r(prf.precision),
            recall=_r(prf.recall),
            f1=_r(prf.f1),
            p_num=_n(prf.p_num),
            p_den=_n(prf.p_den),
            r_num=_n(prf.r_num),
            r_den=_n(prf.r_den),
            ci=_ci(ci),
        )


class SchemeScore(_Model):
    """SemEval-2013 9.1 counts and figures for one scheme."""

    cor: int
    inc: int
    par: int
    mis: int
    spu: int
    pos: int
    act: int
    precision: float | None
    recall: float | None
    f1: float | None
    ci: tuple[float, float] | None = None

    @classmethod
    def of(cls, c: Counts, scheme: str, ci: tuple[float, float] | None = None) -> SchemeScore:
        prf = c.prf(scheme)
        return cls(
            cor=c.cor,
            inc=c.inc,
            par=c.par,
            mis=c.mis,
            spu=c.spu,
            pos=c.possible,
            act=c.actual,
            precision=_r(prf.precision),
            recall=_r(prf.recall),
            f1=_r(prf.f1),
            ci=_ci(ci),
        )


class Macro(_Model):
    precision: float | None
    recall: float | None
    f1: float | None
    ci: tuple[float, float] | None = None


class MentionReport(_Model):
    schemes: dict[str, SchemeScore]
    macro: dict[str, Macro]
    per_label: dict[str, dict[str, SchemeScore]]
    confusion: dict[str, dict[str, int]] = Field(description="gold label -> predicted label -> paired spans")


class Section(_Model):
    mentions: MentionReport | None = None
    coref: dict[str, Score] | None = None
    conll: float | None = None
    events: dict[str, Score] | None = None
    hoppers: dict[str, Score] | None = None
    hopper_conll: float | None = None
    attributions: dict[str, Score] | None = None
    relations: dict[str, Score] | None = Field(default=None, description="per relation type, strict on both arguments")
    doc_labels: dict[str, Score] | None = Field(default=None, description="accuracy, micro and per-label P/R/F")
    fragments: dict[str, Score] | None = Field(default=None, description="mentions matched fragment by fragment")
    links: dict[str, Score] | None = Field(default=None, description="knowledge-base links on mentions and clusters")


class ErrorEntry(_Model):
    kind: str
    doc: str
    layer: str
    gold: tuple[int, int, str, str] | None = None
    pred: tuple[int, int, str, str] | None = None


class Report(_Model):
    """Everything ``annotator evaluate`` says about one system against one gold."""

    gold: str
    predictions: str
    system: str | None
    documents: int
    documents_without_prediction: list[str]
    layers_scored: list[str]
    layers_absent: list[str] = Field(description="layers the gold has but the predictions never mention")
    main: Section
    separate: dict[str, Section] = Field(description="zones reported apart from the main figures (CAPTION)")
    leakage: dict[str, int] = Field(description="predictions masked by BOILERPLATE/DUPLICATE zones, by layer:zone")
    bootstrap: dict[str, Any] | None = None
    errors: list[ErrorEntry] | None = None
    failures: list[str] = Field(default_factory=list, description="documents the extractor failed on")
    notes: list[str] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def _mentions(state: MentionState, cis: dict[str, tuple[float, float]]) -> MentionReport:
    confusion: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(state.confusion.items()):
        confusion.setdefault(g, {})[p] = n
    schemes = {s: SchemeScore.of(state.overall[s], s, cis.get(f"mentions/{s}")) for s in SCHEMES}
    if state.head is not None:
        schemes["head"] = SchemeScore.of(head_counts(state.head), "strict", cis.get("mentions/head"))
    return MentionReport(
        schemes=schemes,
        macro={s: _macro(state, s, cis.get(f"mentions/{s}/macro")) for s in SCHEMES},
        per_label={
            lab: {s: SchemeScore.of(c[s], s, cis.get(f"mentions/{s}/{lab}")) for s in SCHEMES}
            for lab, c in sorted(state.per_label.items())
        },
        confusion=confusion,
    )


def _macro(state: MentionState, scheme: str, ci: tuple[float, float] | None) -> Macro:
    p, r, f = state.macro(scheme)
    return Macro(precision=_r(p), recall=_r(r), f1=_r(f), ci=_ci(ci))


def _section(state: SectionState, layers: set[str], cis: dict[str, tuple[float, float]]) -> Section:
    groups: dict[str, dict[str, Score]] = {}
    for key in sorted(state.scores):
        group, name = key.split("/", 1)
        if LAYER_OF.get(group) in layers:
            groups.setdefault(group, {})[name] = Score.of(state.scores[key], cis.get(key))
    entity_conll = hopper_conll = None
    if "coref" in groups:
        entity_conll = _r(conll({m: state.scores[f"coref/{m}"] for m in METRICS}))
    if "hoppers" in groups:
        hopper_conll = _r(conll({m: state.scores[f"hoppers/hopper_{m}"] for m in METRICS}))
    return Section(
        mentions=_mentions(state.mentions, cis) if "mentions" in layers else None,
        coref=groups.get("coref"),
        conll=entity_conll,
        events=groups.get("events"),
        hoppers=groups.get("hoppers"),
        hopper_conll=hopper_conll,
        attributions=groups.get("attributions"),
        relations=groups.get("relations"),
        doc_labels=groups.get("doc_labels"),
        fragments=groups.get("fragments"),
        links=groups.get("links"),
    )


def _intervals(state: EvalState, resamples: int, seed: int, confidence: float) -> dict[str, tuple[float, float]]:
    """Bootstrap intervals of every main F1, per-label F1s and the macro averages included.

    From the state's Poisson bootstrap sums when it has them (drawn as the documents streamed by, with
    the resamples and seed it was built with), else by resampling its per-document counts.
    """
    if resamples <= 0:
        return {}
    if state.poisson is not None:
        keys = state.poisson.figures()
        if not keys:
            return {}
        samples = state.poisson.f1_samples(keys)
    else:
        vec = state.vectors
        if vec is None or not vec.n_docs:
            return {}
        import numpy as np

        from annotator.evaluate.bootstrap import bootstrap_samples

        keys = sorted(vec.rows)
        data = np.zeros((vec.n_docs, len(keys), 4))
        for k, key in enumerate(keys):
            idx, vals = vec.rows[key]
            data[np.frombuffer(idx, dtype=np.int64), k] = np.frombuffer(vals, dtype=np.float64).reshape(-1, 4)
        samples = bootstrap_samples(data, resamples, seed)
    from annotator.evaluate.bootstrap import percentile_interval

    out = dict(zip(keys, percentile_interval(samples, confidence), strict=True))
    main = state.sections.get(MAIN)
    labels = sorted(main.mentions.labels) if main is not None else []
    column = {key: k for k, key in enumerate(keys)}
    for scheme in SCHEMES:
        cols = [column[f"mentions/{scheme}/{lab}"] for lab in labels if f"mentions/{scheme}/{lab}" in column]
        if cols and len(cols) == len(labels):
            out[f"mentions/{scheme}/macro"] = percentile_interval(samples[:, cols].mean(axis=1), confidence)[0]
    return out


def build_report(
    state: EvalState,
    *,
    gold: str,
    predictions: str,
    system: str | None,
    layers: set[str],
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    failures: list[str] | None = None,
    errors: bool = False,
) -> Report:
    """Compute every figure from summed counts; layers no prediction mentions are reported, not scored."""
    from annotator.evaluate.scorer import LAYERS

    present = set(state.pred_layers)
    if "mentions" in present or "entities" in present:
        present.add("mentions")
    scored: list[str] = [x for x in LAYERS if x in layers and x in present]
    absent: list[str] = [x for x in LAYERS if x in layers and x not in present and x in state.gold_layers]
    cis = _intervals(state, resamples, seed, confidence)
    notes = []
    if "entities" in scored:
        notes.append("coreference is scored on documents where both sides have clusters")
    return Report(
        gold=gold,
        predictions=predictions,
        system=system,
        documents=state.docs,
        documents_without_prediction=state.docs_without_prediction,
        layers_scored=scored,
        layers_absent=absent,
        main=_section(state.sections.get(MAIN, SectionState()), set(scored), cis),
        separate={k: _section(v, set(scored), {}) for k, v in sorted(state.sections.items()) if k != MAIN},
        leakage=dict(sorted(state.leakage.items())),
        bootstrap={"resamples": resamples, "seed": seed, "confidence": confidence, "unit": "document"} if cis else None,
        errors=[ErrorEntry(kind=e.kind, doc=e.doc, layer=e.layer, gold=e.gold, pred=e.pred) for e in state.errors]
        if errors
        else None,
        failures=failures or [],
        notes=notes,
    )
