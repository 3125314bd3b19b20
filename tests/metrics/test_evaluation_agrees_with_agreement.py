"""Evaluation and agreement count the same things the same way.

``annotator evaluate --gold A --pred B`` and ``annotator agreement`` over A
and B must give identical counts on every layer both report. Evaluation
masks items by the gold's zones (a policy of scoring against a gold, which
agreement has no reason to copy), so the records are compared without zones.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.agreement.accumulate import accumulate
from annotator.agreement.collect import Selection
from annotator.corpus import Corpus
from annotator.evaluate.masking import MAIN
from annotator.evaluate.scorer import score_document
from annotator.layers import LAYERS, event_arguments
from annotator.metrics.counts import Prf
from annotator.model import AnnotationRecord, Argument, Event, Hopper, Span
from annotator.scheme import Scheme
from annotator.store import read_records
from tests.agreement.builders import record

ROOT = Path(__file__).resolve().parents[2]
Counts = tuple[float, float, float]


def counts(prf: Prf) -> Counts:
    """(credit on the first side, items of the first, items of the second)."""
    return (round(prf.r_num, 9), prf.r_den, prf.p_den)


def both_ways(
    a: dict[str, AnnotationRecord], b: dict[str, AnnotationRecord], texts: dict[str, str], scheme: Scheme
) -> tuple[dict[str, Counts], dict[str, Counts]]:
    docs = sorted(a.keys() & b.keys())
    unzoned = {d: (a[d].model_copy(update={"zones": ()}), b[d].model_copy(update={"zones": ()})) for d in docs}
    evaluated: dict[str, Prf] = {}
    for ra, rb in unzoned.values():
        section = score_document(ra, rb, scheme).sections[MAIN]
        strict = section.mentions.overall["strict"] if section.mentions else None
        doc_scores = dict(section.scores)
        if strict is not None:
            doc_scores["mentions"] = Prf.of(strict.cor, strict.actual, strict.possible)
        for key, prf in doc_scores.items():
            evaluated.setdefault(key, Prf()).add(prf)
    selection = Selection(
        annotators=["a", "b"],
        docs={d: {"a": ra, "b": rb} for d, (ra, rb) in unzoned.items()},
        texts={d: texts[d] for d in docs},
    )
    state = accumulate(selection, LAYERS, disagreements=False, jobs=1)
    pair = ("a", "b")

    def span_counts(layer: str, mode: str) -> Counts:
        agr = state.spans[(layer, pair)].modes[mode]
        return (agr.matched, agr.matched + agr.only_a, agr.matched + agr.only_b)

    from_agreement = {
        "mentions": span_counts("mentions", "exact"),
        "events/trigger_identification/exact": span_counts("events", "unlabeled"),
        "events/trigger_classification/exact": span_counts("events", "exact"),
    }
    events = state.events[pair]
    for key, prf in events.arguments.scores.items():
        from_agreement[f"events/{key}"] = counts(prf)
    for key, prf in events.hoppers.scores.items():
        from_agreement[f"hoppers/{key}"] = counts(prf)
    for key, prf in state.coref[pair].scores.items():
        from_agreement[f"coref/{key}"] = counts(prf)
    for key, prf in state.attributions[pair].scores.scores.items():
        from_agreement[f"attributions/{key}"] = counts(prf)
    from_evaluation = {k: counts(evaluated[k]) for k in from_agreement if k in evaluated}
    return from_evaluation, from_agreement


def test_shipped_annotations_give_identical_counts_in_both_commands(scheme: Scheme, seeds: Corpus) -> None:
    a = read_records(ROOT / "gold" / "annotator-a.jsonl").by_doc()
    b = read_records(ROOT / "gold" / "annotator-b.jsonl").by_doc()
    texts = {d.id: d.text for d in seeds}
    evaluated, agreed = both_ways(a, b, texts, scheme)
    assert set(evaluated) == set(agreed), "every figure agreement reports has its evaluation twin"
    layers = {k.split("/")[0] for k in agreed}
    assert layers == {"mentions", "events", "hoppers", "coref", "attributions"}
    assert evaluated == agreed
    arguments = agreed["events/argument_identification/exact"]
    hopper_fillers = sum(
        1
        for r in a.values()
        for arg in event_arguments(r)
        if arg.ref in {h.id for h in r.hoppers} or arg.ref in {e.id for e in r.events}
    )
    assert hopper_fillers > 0, "the shipped gold has arguments filled by events or hoppers"
    assert arguments[1] == sum(len(event_arguments(r)) for r in a.values()), "no argument is dropped"


TEXT = (
    "Russian jets struck Idlib on Monday, killing 12 civilians, the Syrian Observatory said. "
    "The attack followed a strike on Saraqeb that killed four, and residents fled after the bombing."
)
MENTIONS = [
    ("jets", "Russian jets", "WEA"),
    ("idlib", "Idlib", "GPE"),
    ("civ", "12 civilians", "PER"),
    ("sohr", "the Syrian Observatory", "ORG"),
    ("saraqeb", "Saraqeb", "GPE"),
    ("res", "residents", "PER"),
]
EVENTS = [
    ("e1", "struck", "ATTACK"),
    ("e2", "killing", "DIE"),
    ("e3", "attack", "ATTACK"),
    ("e4", "strike", "ATTACK"),
    ("e5", "killed", "DIE"),
    ("e6", "fled", "MOVE"),
    ("e7", "bombing", "ATTACK"),
]


def generated(name: str, rng: random.Random) -> AnnotationRecord:
    """A record with random events, hoppers and arguments whose fillers are mentions, events and hoppers."""
    chosen = [e for e in EVENTS if rng.random() < 0.85]
    ids = [e[0] for e in chosen]
    hoppers: list[tuple[str, list[str]]] = []
    pool = ids[:]
    rng.shuffle(pool)
    while pool:
        size = min(len(pool), rng.choice([1, 1, 2, 3]))
        hoppers.append((f"h{len(hoppers) + 1}", pool[:size]))
        pool = pool[size:]
    fillers = [m[0] for m in MENTIONS] + ids + [h for h, _ in hoppers]
    roles = ["Attacker", "Target", "Place", "Victim", "Cause", "Origin"]
    events = []
    for ident, phrase, etype in chosen:
        args = [(rng.choice(roles), rng.choice(fillers)) for _ in range(rng.randint(0, 3))]
        args = [(r, f) for r, f in args if f != ident]
        events.append((ident, phrase, etype, args, {}))
    base = record("g1", TEXT, name, mentions=MENTIONS, events=events)
    if rng.random() < 0.3 and base.events:
        moved = base.events[0]
        start = moved.trigger.start
        base = base.model_copy(
            update={"events": (moved.model_copy(update={"trigger": Span.of(TEXT, start, start + 3)}), *base.events[1:])}
        )
    hopper_objs = tuple(Hopper(id=h, events=tuple(es)) for h, es in hoppers)
    return base.model_copy(update={"hoppers": hopper_objs})


@pytest.mark.parametrize("seed", range(25))
def test_generated_event_and_hopper_fillers_give_identical_counts(scheme: Scheme, seed: int) -> None:
    rng = random.Random(seed)
    a, b = generated("a", rng), generated("b", rng)
    evaluated, agreed = both_ways({"g1": a}, {"g1": b}, {"g1": TEXT}, scheme)
    assert evaluated == agreed
    if a.events:
        total = agreed["events/argument_identification/exact"][1]
        assert total == sum(len(e.args) for e in a.events), "arguments filled by events and hoppers are counted"


def test_an_argument_filled_by_a_hopper_stands_for_its_earliest_trigger(scheme: Scheme) -> None:
    a = record(
        "g1",
        TEXT,
        "a",
        mentions=MENTIONS,
        events=[("e1", "struck", "ATTACK", [], {}), ("e4", "strike", "ATTACK", [], {}), ("e6", "fled", "MOVE", [], {})],
        hoppers=[("h1", ["e4", "e1"])],
    )
    a = a.model_copy(
        update={"events": (*a.events[:2], a.events[2].model_copy(update={"args": (Argument(role="Cause", ref="h1"),)}))}
    )
    b = a.model_copy(
        update={"events": (*a.events[:2], a.events[2].model_copy(update={"args": (Argument(role="Cause", ref="e1"),)}))}
    )
    evaluated, agreed = both_ways({"g1": a}, {"g1": b}, {"g1": TEXT}, scheme)
    assert agreed["events/argument_classification/exact"] == (1, 1, 1)
    assert evaluated == agreed
    assert isinstance(a.events[0], Event)
