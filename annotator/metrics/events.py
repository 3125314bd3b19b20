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

These are the one rule for events: ``annotator agreement`` calls the same
functions with the first annotator of a pair as the reference (F1 is
symmetric), so both commands pair arguments, fillers and hoppers alike.
Fillers and clusters come from :mod:`annotator.layers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.layers import event_arguments, hopper_clusters
from annotator.matching import LabeledSpan, MatchMode, match_spans
from annotator.metrics.coref import score_clusters
from annotator.metrics.counts import Prf
from annotator.model import AnnotationRecord, Event
from annotator.scheme import Scheme

MODES: tuple[MatchMode, ...] = ("exact", "overlap")
ATTRIBUTES = ("realis", "polarity", "modality")


def _trigger(e: Event, label: str) -> LabeledSpan:
    return LabeledSpan(e.trigger.start, e.trigger.end, label, e.id)


@dataclass
class EventDoc:
    scores: dict[str, Prf] = field(default_factory=dict)
    pairs: dict[str, str] = field(default_factory=dict)
    """Predicted event id -> gold event id (exact identification), for relations that point at events."""


def _args(record: AnnotationRecord, events: Sequence[Event], key: dict[str, str]) -> list[tuple[LabeledSpan, str]]:
    return [
        (LabeledSpan(a.filler.start, a.filler.end, key.get(a.event.id, f"unpaired:{a.event.id}"), a.role), a.event.type)
        for a in event_arguments(record, events)
    ]


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


def _attr(e: Event, name: str, scheme: Scheme | None) -> object:
    """The attribute's value; an absent one stands for its scheme default (None without a scheme)."""
    if name in e.attrs:
        return e.attrs[name]
    if scheme is None:
        return None
    spec = next((s for s in scheme.event_attributes_for(e.type) if s.name == name), None)
    return spec.default if spec else None


def score_events(
    gold_rec: AnnotationRecord,
    pred_rec: AnnotationRecord,
    gold: Sequence[Event],
    pred: Sequence[Event],
    scheme: Scheme | None,
) -> EventDoc:
    out = EventDoc()
    for mode in MODES:
        ident = match_spans([_trigger(e, "") for e in gold], [_trigger(e, "") for e in pred], mode=mode)
        out.scores[f"trigger_identification/{mode}"] = Prf.of(len(ident.pairs), len(pred), len(gold))
        cls = match_spans(
            [_trigger(e, e.type) for e in gold], [_trigger(e, e.type) for e in pred], mode=mode, labeled=True
        )
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
        g_args = _args(gold_rec, gold, g_key)
        p_args = _args(pred_rec, pred, p_key)
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

    def p_key(eid: str) -> tuple[str, str]:
        return ("g", pairs[eid]) if eid in pairs else ("p", eid)

    key = [[("g", e) for e in c] for c in hopper_clusters(gold_rec, gold)]
    response = [[p_key(e) for e in c] for c in hopper_clusters(pred_rec, pred)]
    return {f"hopper_{k}": v for k, v in score_clusters(key, response).items()}
