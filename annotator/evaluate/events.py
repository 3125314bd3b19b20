"""Event scores: triggers, arguments, attributes and hoppers.

Triggers are paired by :func:`annotator.matching.match_spans`, in ``exact``
and in ``overlap`` mode. Identification ignores the type, classification
requires it. An argument is the filler's span (a mention, or the trigger of
the event or earliest event of the hopper it names) keyed by the event type
(identification) and also by the role (classification), as in the ACE and
TAC KBP evaluations; the *attached* variants key the argument by the gold
event its predicted event was paired with (trigger and type), so an argument
only counts when its event was found too. Realis, polarity and modality are
compared on trigger pairs (exact identification), an absent attribute standing
for its scheme default; modality only where the gold realis is OTHER.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.evaluate.coref import clusters_of, score_clusters
from annotator.evaluate.counts import Prf
from annotator.matching import LabeledSpan, MatchMode, match_spans
from annotator.model import AnnotationRecord, Event, Span
from annotator.scheme import Scheme

MODES: tuple[MatchMode, ...] = ("exact", "overlap")
ATTRIBUTES = ("realis", "polarity", "modality")


def _trigger(e: Event, label: str) -> LabeledSpan:
    return LabeledSpan(e.trigger.start, e.trigger.end, label, e.id)


def filler_span(record: AnnotationRecord, ref: str, index: dict[str, object] | None = None) -> Span | None:
    """The span an argument or claim points at: a mention, an event's trigger, a hopper's first trigger."""
    index = index if index is not None else _index(record)
    item = index.get(ref)
    if item is None:
        return None
    if isinstance(item, Event):
        return item.trigger
    if isinstance(item, Span):
        return item
    triggers = [index[e].trigger for e in item.events if isinstance(index.get(e), Event)]  # type: ignore[attr-defined]
    return min(triggers, key=lambda s: (s.start, s.end)) if triggers else None


def _index(record: AnnotationRecord) -> dict[str, object]:
    out: dict[str, object] = {m.id: m for m in record.mentions}
    out.update({e.id: e for e in record.events})
    out.update({h.id: h for h in record.hoppers})
    return out


@dataclass
class EventDoc:
    scores: dict[str, Prf] = field(default_factory=dict)
    pairs: dict[str, str] = field(default_factory=dict)
    """Predicted event id -> gold event id (exact identification), for relations that point at events."""


def _args(
    record: AnnotationRecord, events: Sequence[Event], key: dict[str, str], index: dict[str, object]
) -> list[tuple[LabeledSpan, str]]:
    out = []
    for e in events:
        for a in e.args:
            span = filler_span(record, a.ref, index)
            if span is not None:
                out.append((LabeledSpan(span.start, span.end, key.get(e.id, f"unpaired:{e.id}"), a.role), e.type))
    return out


def _score_args(
    gold: list[tuple[LabeledSpan, str]], pred: list[tuple[LabeledSpan, str]], mode: MatchMode, how: str
) -> Prf:
    def relabel(items: list[tuple[LabeledSpan, str]]) -> list[LabeledSpan]:
        out = []
        for s, etype in items:
            anchor = etype if how.startswith("type") else s.label
            label = f"{anchor}/{s.ref}" if how.endswith("role") else anchor
            out.append(LabeledSpan(s.start, s.end, label))
        return out

    m = match_spans(relabel(gold), relabel(pred), mode=mode, labeled=True)
    return Prf.of(len(m.pairs), len(pred), len(gold))


def _attr(e: Event, name: str, scheme: Scheme) -> object:
    if name in e.attrs:
        return e.attrs[name]
    spec = next((s for s in scheme.event_attributes_for(e.type) if s.name == name), None)
    return spec.default if spec else None


def score_events(
    gold_rec: AnnotationRecord,
    pred_rec: AnnotationRecord,
    gold: Sequence[Event],
    pred: Sequence[Event],
    scheme: Scheme,
) -> EventDoc:
    out = EventDoc()
    g_index, p_index = _index(gold_rec), _index(pred_rec)
    for mode in MODES:
        ident = match_spans([_trigger(e, "") for e in gold], [_trigger(e, "") for e in pred], mode=mode)
        out.scores[f"trigger_identification/{mode}"] = Prf.of(len(ident.pairs), len(pred), len(gold))
        cls = match_spans([_trigger(e, e.type) for e in gold], [_trigger(e, e.type) for e in pred],
                          mode=mode, labeled=True)
        out.scores[f"trigger_classification/{mode}"] = Prf.of(len(cls.pairs), len(pred), len(gold))
        if mode == "exact":
            out.pairs = {pred[j].id: gold[i].id for i, j in ident.pairs}
            for name in ATTRIBUTES:
                right = total = 0
                for i, j in ident.pairs:
                    g, p = gold[i], pred[j]
                    if name == "modality" and _attr(g, "realis", scheme) != "OTHER":
                        continue
                    total += 1
                    right += _attr(g, name, scheme) == _attr(p, name, scheme)
                out.scores[f"{name}_accuracy"] = Prf.of(right, total, total)
        g_key = {e.id: e.id for e in gold}
        p_key = {pred[j].id: gold[i].id for i, j in cls.pairs}
        g_args = _args(gold_rec, gold, g_key, g_index)
        p_args = _args(pred_rec, pred, p_key, p_index)
        out.scores[f"argument_identification/{mode}"] = _score_args(g_args, p_args, mode, "type")
        out.scores[f"argument_classification/{mode}"] = _score_args(g_args, p_args, mode, "type+role")
        out.scores[f"argument_identification_attached/{mode}"] = _score_args(g_args, p_args, mode, "event")
        out.scores[f"argument_classification_attached/{mode}"] = _score_args(g_args, p_args, mode, "event+role")
    return out


def score_hoppers(
    gold_rec: AnnotationRecord,
    pred_rec: AnnotationRecord,
    gold: Sequence[Event],
    pred: Sequence[Event],
    pairs: dict[str, str],
) -> dict[str, Prf]:
    """Hoppers as clusters of event mentions; predicted events keyed by the gold event they were paired with."""
    g_ids = {e.id for e in gold}
    p_ids = {e.id for e in pred}

    def p_key(eid: str) -> tuple[str, str]:
        return ("g", pairs[eid]) if eid in pairs else ("p", eid)

    key = clusters_of(
        ([("g", e) for e in h.events if e in g_ids] for h in gold_rec.hoppers), [("g", e.id) for e in gold]
    )
    response = clusters_of(
        ([p_key(e) for e in h.events if e in p_ids] for h in pred_rec.hoppers), [p_key(e.id) for e in pred]
    )
    return {f"hopper_{k}": v for k, v in score_clusters(key, response).items()}
