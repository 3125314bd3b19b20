"""Edits that used to leave a record the validator rejects (found by tests/test_editing_stateful.py).

Each case is one a user could reach in the app: the edit is now either refused
with a reason, or it takes the references it would break along with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import editing as ed
from annotator.corpus import Document
from annotator.model import AnnotationRecord, sha256_text
from annotator.scheme import Scheme, load_scheme
from annotator.validate import validate_record

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Cookie notice.\nRebels attacked Aleppo on Monday, a monitor said. They killed 5 people and rejected talks.\n"


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def valid(record: AnnotationRecord, scheme: Scheme) -> list[str]:
    return validate_record(record, Document("d1", TEXT), scheme, strict=True)


@pytest.fixture
def base(scheme: Scheme) -> AnnotationRecord:
    """Rebels (m1, PER), Aleppo (m2, GPE), attacked (ev1 ATTACK), killed (ev2 DIE), rejected (ev3 REJECT),
    and an attribution at1 cued by 'said'."""
    r = AnnotationRecord(doc="d1", doc_sha256=sha256_text(TEXT), annotator="ann", scheme=scheme.id)
    r, _ = ed.add_mention(r, TEXT, scheme, *at("Rebels"), "PER")
    r, _ = ed.add_mention(r, TEXT, scheme, *at("Aleppo"), "GPE")
    r, _ = ed.add_event(r, TEXT, scheme, *at("attacked"), "ATTACK")
    r, _ = ed.add_event(r, TEXT, scheme, *at("killed"), "DIE")
    r, _ = ed.add_event(r, TEXT, scheme, *at("rejected"), "REJECT")
    r, _ = ed.add_attribution(r, TEXT, scheme, at("said"))
    return r


def test_a_zone_cannot_close_over_annotations_of_a_layer_it_excludes(scheme: Scheme, base: AnnotationRecord) -> None:
    with pytest.raises(ed.Refused, match=r"m1 'Rebels' lies here and BOILERPLATE zones hold no mentions"):
        ed.add_zone(base, TEXT, scheme, *at("Rebels attacked"), "BOILERPLATE")
    with pytest.raises(ed.Refused, match=r"at1 'said' lies here and SUBHEAD zones hold no attributions"):
        ed.add_zone(base, TEXT, scheme, *at("said"), "SUBHEAD")
    r, _ = ed.add_zone(base, TEXT, scheme, *at("Cookie notice."), "BOILERPLATE")
    assert valid(r, scheme) == []


def test_a_required_attribute_cannot_be_cleared(scheme: Scheme, base: AnnotationRecord) -> None:
    with pytest.raises(ed.Refused, match="level is required"):
        ed.set_attr(base, scheme, "m1", "level", None)
    assert "generic" not in ed.set_attr(base, scheme, "m1", "generic", None).mentions[0].attrs


def test_a_cluster_that_disappears_takes_the_via_pointing_at_it(scheme: Scheme, base: AnnotationRecord) -> None:
    r, e = ed.attach(base, "m1", None)
    r = ed.set_via(r, "at1", e)
    for gone in (ed.delete(r, "m1"), ed.detach(r, "m1"), ed.delete(r, e)):
        assert gone.entities == () and gone.attributions[0].via is None
        assert valid(gone, scheme) == []


def test_attaching_a_mention_to_its_own_cluster_is_refused_not_lost(base: AnnotationRecord) -> None:
    r, e = ed.attach(base, "m1", None)
    with pytest.raises(ed.Refused, match=f"m1 is already in cluster {e}"):
        ed.attach(r, "m1", e)


def test_a_hopper_that_dissolves_takes_the_references_to_it(scheme: Scheme, base: AnnotationRecord) -> None:
    r, h = ed.link_events(base, "ev1", "ev2")
    r = ed.add_argument(r, scheme, "ev3", "Rejected", h)
    r = ed.toggle_report(r, "at1", h)
    for gone in (ed.unlink_event(r, "ev2"), ed.delete(r, "ev1")):
        assert gone.hoppers == () and gone.events[-1].args == () and gone.attributions[0].reports == ()
        assert valid(gone, scheme) == []


def test_merging_hoppers_points_references_at_the_hopper_kept(scheme: Scheme, base: AnnotationRecord) -> None:
    r, _ = ed.add_event(base, TEXT, scheme, *at("talks"), "NEGOTIATE_MEET")
    r, h1 = ed.link_events(r, "ev1", "ev2")
    r, h2 = ed.link_events(r, "ev3", "ev4")
    r = ed.toggle_report(ed.toggle_report(r, "at1", h1), "at1", h2)
    r, kept = ed.link_events(r, "ev1", "ev3")
    assert kept == h1 and [h.events for h in r.hoppers] == [("ev1", "ev2", "ev3", "ev4")]
    assert r.attributions[0].reports == (h1,)
    assert valid(r, scheme) == []


def test_edits_that_would_break_a_role_claim_are_refused(scheme: Scheme, base: AnnotationRecord) -> None:
    r = ed.add_role_claim(base, scheme, "at1", "ev1", "Attacker", "m1")
    with pytest.raises(ed.Refused, match=r"at1 claims m1 as Attacker of ev1: ATTACK\.Attacker takes"):
        ed.relabel_mention(r, scheme, "m1", "LOC")
    with pytest.raises(ed.Refused, match="'Attacker' is not a role of DIE"):
        ed.set_event_type(r, scheme, "ev1", "DIE")
    r, _ = ed.add_event(r, TEXT, scheme, *at("talks"), "ATTACK")
    r, h = ed.link_events(r, "ev1", "ev4")
    r = ed.add_role_claim(r, scheme, "at1", h, "Attacker", "m1")
    with pytest.raises(ed.Refused, match=f"at1 claims a role in {h}; linking would add another event type"):
        ed.link_events(r, "ev1", "ev2")
    assert valid(r, scheme) == []


def test_an_event_filling_a_role_blocks_a_type_whose_role_takes_only_mentions(tmp_path: Path) -> None:
    shipped = (ROOT / "guidelines" / "schema.toml").read_text(encoding="utf-8")
    disown = """
[[event_types]]
name = "DISOWN"
description = "Disowning an actor (a role named like REJECT's, but taking only mentions)."
color = "#af5fd7"
  [[event_types.roles]]
  name = "Rejected"
  description = "Who is disowned."
  fillers = ["ORG", "PER"]
"""
    (tmp_path / "schema.toml").write_text(shipped + disown, encoding="utf-8")
    scheme = load_scheme(tmp_path / "schema.toml")
    r = AnnotationRecord(doc="d1", doc_sha256=sha256_text(TEXT), annotator="ann", scheme=scheme.id)
    r, _ = ed.add_event(r, TEXT, scheme, *at("attacked"), "ATTACK")
    r, v = ed.add_event(r, TEXT, scheme, *at("rejected"), "REJECT")
    r = ed.add_argument(r, scheme, v, "Rejected", "ev1")
    with pytest.raises(ed.Refused, match="DISOWN has no Rejected that takes ev1"):
        ed.set_event_type(r, scheme, v, "DISOWN")
