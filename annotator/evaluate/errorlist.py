"""The review list (``--errors``) for events and attributions, item by item.

Every list comes from the alignment mentions use
(:func:`annotator.evaluate.entities.score_mentions`: one-to-one, identical
boundaries first, then largest overlap), so a reviewer sees the same
pairings the scores rest on. Kinds: ``missed``, ``spurious``, ``partial``
(overlapping, other boundaries), ``mistyped`` (same boundaries, other label:
the event type of a trigger, the role of an argument) and
``partial+mistyped``.

- Triggers: labelled by event type.
- Arguments: the filler's span, aligned within each event type (the key of
  argument identification), labelled ``TYPE/Role``; a filler given another
  role is ``mistyped``.
- Attribution components: the source mention, the cue, and the content
  (its extent, the text of its spans joined by `` … ``; content whose extent
  matches but whose spans differ is ``partial``), unlabelled, so only
  ``missed``, ``spurious`` and ``partial``; an item shows its attribution's id
  where other items show a label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.evaluate.entities import ErrorItem, score_mentions
from annotator.layers import event_arguments
from annotator.matching import LabeledSpan, match_spans
from annotator.model import AnnotationRecord, Attribution, Event, Span


def _aligned(doc: str, layer: str, gold: list[tuple[Span, str]], pred: list[tuple[Span, str]]) -> list[ErrorItem]:
    g = [LabeledSpan(s.start, s.end, label) for s, label in gold]
    p = [LabeledSpan(s.start, s.end, label) for s, label in pred]
    items = score_mentions(g, p, doc=doc, texts=([s.text for s, _ in gold], [s.text for s, _ in pred])).errors
    for item in items:
        item.layer = layer
    return items


def trigger_errors(doc: str, gold: Sequence[Event], pred: Sequence[Event]) -> list[ErrorItem]:
    """Missed, spurious, partial and mistyped triggers."""
    return _aligned(doc, "events", [(e.trigger, e.type) for e in gold], [(e.trigger, e.type) for e in pred])


def _arguments(record: AnnotationRecord, events: Sequence[Event]) -> dict[str, list[tuple[Span, str]]]:
    out: dict[str, list[tuple[Span, str]]] = {}
    for a in event_arguments(record, events):
        out.setdefault(a.event.type, []).append((a.filler, f"{a.event.type}/{a.role}"))
    return out


def argument_errors(
    doc: str, gold_rec: AnnotationRecord, pred_rec: AnnotationRecord, gold: Sequence[Event], pred: Sequence[Event]
) -> list[ErrorItem]:
    """Missed, spurious, partial and mistyped (wrong role) arguments, aligned within each event type."""
    g, p = _arguments(gold_rec, gold), _arguments(pred_rec, pred)
    items: list[ErrorItem] = []
    for etype in sorted(g.keys() | p.keys()):
        items += _aligned(doc, "event arguments", g.get(etype, []), p.get(etype, []))
    return items


def _content(a: Attribution) -> tuple[Span, str]:
    start = min(s.start for s in a.content)
    end = max(s.end for s in a.content)
    return Span.model_construct(start=start, end=end, text=" … ".join(s.text for s in a.content)), a.id


def _components(
    doc: str,
    layer: str,
    gold: list[tuple[Span, str]],
    pred: list[tuple[Span, str]],
    same: Callable[[int, int], bool] | None = None,
) -> list[ErrorItem]:
    """Unlabelled spans aligned by the one matching rule; items show the attribution's id as their label."""
    m = match_spans(
        [LabeledSpan(s.start, s.end, "") for s, _ in gold],
        [LabeledSpan(s.start, s.end, "") for s, _ in pred],
        mode="overlap",
    )

    def item(x: tuple[Span, str]) -> tuple[int, int, str, str]:
        return (x[0].start, x[0].end, x[1], x[0].text)

    items = [ErrorItem("missed", doc, layer, item(gold[i]), None) for i in m.gold_unmatched]
    items += [ErrorItem("spurious", doc, layer, None, item(pred[j])) for j in m.pred_unmatched]
    for i, j in m.pairs:
        g, p = gold[i][0], pred[j][0]
        if (g.start, g.end) != (p.start, p.end) or (same is not None and not same(i, j)):
            items.append(ErrorItem("partial", doc, layer, item(gold[i]), item(pred[j])))
    return items


def attribution_errors(
    doc: str,
    gold_rec: AnnotationRecord,
    pred_rec: AnnotationRecord,
    gold: Sequence[Attribution],
    pred: Sequence[Attribution],
) -> list[ErrorItem]:
    """Source, cue and content of attributions, each aligned on its own (as each is scored)."""
    g_ment = {m.id: m for m in gold_rec.mentions}
    p_ment = {m.id: m for m in pred_rec.mentions}
    items = _components(
        doc,
        "attribution sources",
        [(g_ment[a.source], a.id) for a in gold if a.source in g_ment],
        [(p_ment[a.source], a.id) for a in pred if a.source in p_ment],
    )
    items += _components(
        doc,
        "attribution cues",
        [(a.cue, a.id) for a in gold if a.cue is not None],
        [(a.cue, a.id) for a in pred if a.cue is not None],
    )
    g_with = [a for a in gold if a.content]
    p_with = [a for a in pred if a.content]

    def same_spans(i: int, j: int) -> bool:
        return [s.key for s in g_with[i].content] == [s.key for s in p_with[j].content]

    items += _components(
        doc, "attribution contents", [_content(a) for a in g_with], [_content(a) for a in p_with], same_spans
    )
    return items
