"""Disagreements as adjudication input: one entry per place, every annotator's version."""

from __future__ import annotations

from annotator.agreement.disagreements import find_disagreements
from annotator.matching import LabeledSpan

TEXT = "Russian jets struck Idlib on Monday, the Syrian Observatory for Human Rights said."


def at(phrase: str, label: str, ref: str = "") -> LabeledSpan:
    s = TEXT.index(phrase)
    return LabeledSpan(s, s + len(phrase), label, ref or phrase)


def test_each_place_is_one_disagreement_of_one_kind() -> None:
    spans = {
        "a": [at("Russian", "GPE"), at("Idlib", "GPE"), at("Monday", "TIME"), at("the Syrian Observatory", "ORG")],
        "b": [at("Russian", "GPE"), at("Idlib", "LOC"), at("Syrian Observatory for Human Rights", "ORG")],
        "c": [at("Russian", "GPE"), at("Idlib", "GPE"), at("Monday", "TIME"), at("Syrian Observatory", "ORG"),
              at("Human Rights", "ORG")],
    }  # fmt: skip
    found = find_disagreements("mentions", "d1", TEXT, spans)
    # c's extra "Human Rights" pairs with nobody (matching is one-to-one), so it is a place of its own.
    assert [(d.kind, d.text) for d in found] == [
        ("label", "Idlib"), ("missing", "Monday"), ("boundary", "the Syrian Observatory for Human Rights"),
        ("missing", "Human Rights"),
    ]  # fmt: skip
    assert found[-1].absent == ("a", "b")
    by_kind = {d.kind: d for d in found[:3]}
    label = by_kind["label"]
    assert (label.start, label.end, label.text) == (20, 25, "Idlib")
    assert [(v.annotator, v.label) for v in label.versions] == [("a", "GPE"), ("b", "LOC"), ("c", "GPE")]
    missing = by_kind["missing"]
    assert missing.absent == ("b",) and [v.annotator for v in missing.versions] == ["a", "c"]
    boundary = by_kind["boundary"]
    assert boundary.text == "the Syrian Observatory for Human Rights"
    assert sorted(v.text for v in boundary.versions) == [
        "Syrian Observatory", "Syrian Observatory for Human Rights", "the Syrian Observatory"
    ]  # fmt: skip
    assert all(d.doc == "d1" and d.layer == "mentions" for d in found)


def test_full_agreement_yields_nothing() -> None:
    same = [at("Russian", "GPE"), at("Idlib", "GPE")]
    assert find_disagreements("mentions", "d1", TEXT, {"a": same, "b": list(same)}) == []
