"""Arguments, hoppers, attribution relations and reported-event links between two annotators."""

from __future__ import annotations

import pytest

from annotator.agreement.attributes import AttributeAgreement
from annotator.agreement.attributions import AttributionPair
from annotator.agreement.events import EventPair
from annotator.metrics.counts import Prf
from tests.agreement.builders import record

TEXT = (
    "Russian jets struck Idlib on Monday, killing 12 civilians, the Syrian Observatory said. "
    "The strike hit a market, activists said."
)
MENTIONS = [
    ("jets", "Russian jets", "WEA"),
    ("idlib", "Idlib", "GPE"),
    ("civ", "12 civilians", "PER"),
    ("mon", "Monday", "TIME"),
    ("sohr", "the Syrian Observatory", "ORG"),
    ("act", "activists", "PER"),
]


def counts(prf: Prf) -> tuple[float, float, float]:
    """(matched, only the first annotator's, only the second's)."""
    return (prf.r_num, prf.r_den - prf.r_num, prf.p_den - prf.p_num)


def rec(name: str, *, events, hoppers=(), attributions=()):
    return record("d1", TEXT, name, mentions=MENTIONS, events=events, hoppers=hoppers, attributions=attributions)


def test_arguments_roles_and_arguments_on_agreed_triggers() -> None:
    a = rec("a", events=[
        ("e1", "struck", "ATTACK", [("Instrument", "jets"), ("Place", "idlib"), ("Time", "mon")], {}),
        ("e2", "killing", "DIE", [("Victim", "civ")], {}),
    ])  # fmt: skip
    b = rec("b", events=[
        ("e1", "struck", "ATTACK", [("Attacker", "jets"), ("Place", "idlib")], {}),
        ("e2", "killing 12", "DIE", [("Victim", "civ")], {}),
    ])  # fmt: skip
    pair = EventPair()
    pair.update(a, b)
    # identification (filler span within the event type, as evaluation keys it): jets and Idlib under ATTACK,
    # the civilians under DIE (trigger boundaries differ, the type is the same) match; a's Time does not.
    assert counts(pair.arguments["argument_identification/exact"]) == (3, 1, 0)
    # roles: Place and Victim agree; Instrument/Attacker does not.
    assert counts(pair.arguments["argument_classification/exact"]) == (2, 2, 1)
    # attached to paired events: only "struck" pairs (same trigger and type), so the Victims no longer match.
    assert pair.arguments["argument_identification_attached/exact"].f1 == pytest.approx(2 * 2 / (4 + 3))
    assert pair.arguments["argument_classification_attached/exact"].f1 == pytest.approx(2 * 1 / (4 + 3))
    assert pair.hoppers.docs == 0


def test_hoppers_scored_with_b_cubed_when_both_made_them() -> None:
    events = [("e1", "struck", "ATTACK", [], {}), ("e2", "strike", "ATTACK", [], {}), ("e3", "killing", "DIE", [], {})]
    a = rec("a", events=events, hoppers=[("h1", ["e1", "e2"]), ("h2", ["e3"])])
    b = rec("b", events=events, hoppers=[("h1", ["e1"]), ("h2", ["e2"]), ("h3", ["e3"])])
    pair = EventPair()
    pair.update(a, b)
    assert pair.hoppers.docs == 1
    # recall (1/2 + 1/2 + 1)/3 = 2/3, precision 1.
    assert pair.hoppers["hopper_b_cubed"].f1 == pytest.approx(2 * (2 / 3) / (2 / 3 + 1))


def test_relations_and_reported_links() -> None:
    events = [("e1", "struck", "ATTACK", [], {}), ("e2", "killing", "DIE", [], {}), ("e3", "hit", "ATTACK", [], {})]
    a = rec("a", events=events, attributions=[
        ("a1", "sohr", "said", ["Russian jets struck Idlib on Monday, killing 12 civilians"], ["e1", "e2"],
         {"stance": "ASSERTS"}),
        ("a2", "act", "said#1", ["The strike hit a market"], ["e3"], {"stance": "ASSERTS"}),
    ])  # fmt: skip
    b = rec("b", events=events, attributions=[
        ("a1", "sohr", "said", ["Russian jets struck Idlib on Monday"], ["e1"], {"stance": "ASSERTS"}),
        ("a2", "act", "said#1", ["The strike hit a market"], ["e3"], {"stance": "DENIES"}),
    ])  # fmt: skip
    pair = AttributionPair()
    pair.update(a, b)
    assert counts(pair.scores["joint/exact"]) == (1, 1, 1)
    assert counts(pair.scores["reports"]) == (2, 1, 0)
    stance = AttributeAgreement("attributions", ["a", "b"])
    stance.update({"a": a, "b": b})
    assert stance.pairs["stance"][("a", "b")].counts == {("ASSERTS", "ASSERTS"): 1, ("ASSERTS", "DENIES"): 1}
