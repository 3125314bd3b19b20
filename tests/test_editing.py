"""Editing operations the TUI relies on, checked without Textual."""

from __future__ import annotations

import pytest

from annotator import editing as ed
from annotator.corpus import Document
from annotator.model import AnnotationRecord, RoleClaim, sha256_text
from annotator.scheme import Scheme
from annotator.validate import validate_record

TEXT = "Cookie notice.\nRebels attacked Aleppo on Monday, a monitor said. They killed 5 people.\n"


def blank(scheme: Scheme) -> AnnotationRecord:
    return AnnotationRecord(doc="d1", doc_sha256=sha256_text(TEXT), annotator="ann", scheme=scheme.id)


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def valid(record: AnnotationRecord, scheme: Scheme) -> list[str]:
    return validate_record(record, Document("d1", TEXT), scheme, strict=True)


def test_mentions_zones_and_refusals(scheme: Scheme) -> None:
    r, z = ed.add_zone(blank(scheme), TEXT, scheme, *at("Cookie notice."), "BOILERPLATE")
    with pytest.raises(ed.Refused, match="BOILERPLATE zone z1"):
        ed.add_mention(r, TEXT, scheme, *at("Cookie"), "ORG")
    with pytest.raises(ed.Refused, match="zones cannot overlap"):
        ed.add_zone(r, TEXT, scheme, *at("notice"), "BODY")
    r, m1 = ed.add_mention(r, TEXT, scheme, *at("Rebels"), "PER")
    r, m2 = ed.add_mention(r, TEXT, scheme, *at("Aleppo"), "GPE")
    assert (m1, m2, z) == ("m1", "m2", "z1")
    assert r.mentions[0].attrs == {"level": "NAM", "generic": False}
    with pytest.raises(ed.Refused, match="already a GPE mention"):
        ed.add_mention(r, TEXT, scheme, *at("Aleppo"), "GPE")
    with pytest.raises(ed.Refused, match="whitespace"):
        ed.add_mention(r, TEXT, scheme, 14, 15, "PER")
    r = ed.relabel_mention(r, scheme, "m2", "LOC")
    assert r.mentions[1].label == "LOC"
    r, value = ed.cycle_attr(r, scheme, "m1", "level")
    assert value == "NOM" and r.mentions[0].attrs["level"] == "NOM"
    with pytest.raises(ed.Refused, match="org_kind applies only"):
        ed.set_attr(r, scheme, "m1", "org_kind", "MEDIA")
    assert valid(r, scheme) == []


def test_coreference_is_type_locked_and_detach_drops_empty_clusters(scheme: Scheme) -> None:
    r = blank(scheme)
    r, _ = ed.add_mention(r, TEXT, scheme, *at("Rebels"), "PER")
    r, _ = ed.add_mention(r, TEXT, scheme, *at("They"), "PER")
    r, _ = ed.add_mention(r, TEXT, scheme, *at("Aleppo"), "GPE")
    r, e1 = ed.attach(r, "m1", None)
    r, same = ed.attach(r, "m2", e1)
    assert same == e1 and r.entities[0].mentions == ("m1", "m2")
    assert ed.entity_name(r, r.entities[0]) == "Rebels"
    with pytest.raises(ed.Refused, match="type-locked"):
        ed.attach(r, "m3", e1)
    with pytest.raises(ed.Refused, match="detach it first"):
        ed.relabel_mention(r, scheme, "m1", "ORG")
    r = ed.detach(r, "m1")
    r = ed.detach(r, "m2")
    assert r.entities == ()


def test_events_arguments_attributes_and_hoppers(scheme: Scheme) -> None:
    r = blank(scheme)
    for word, label in (("Rebels", "PER"), ("Aleppo", "GPE"), ("Monday", "TIME"), ("5 people", "PER")):
        r, _ = ed.add_mention(r, TEXT, scheme, *at(word), label)
    r, v1 = ed.add_event(r, TEXT, scheme, *at("attacked"), "ATTACK")
    assert r.events[0].attrs == {"realis": "ACTUAL", "polarity": "POSITIVE", "thwarted": "NONE", "aggregate": False}
    sentence = (at("Rebels")[0], at("said.")[1])
    assert [m.text for m in ed.candidate_arguments(r, scheme, v1, sentence)] == ["Rebels", "Aleppo", "Monday"]
    assert ed.allowed_roles(scheme, "ATTACK", "GPE") == ["Attacker", "Target", "Place"]
    assert ed.allowed_roles(scheme, "ATTACK", "TIME") == ["Time"]
    r = ed.add_argument(r, scheme, v1, "Attacker", "m1", sentence)
    r = ed.add_argument(r, scheme, v1, "Place", "m2", sentence)
    with pytest.raises(ed.Refused, match=r"ATTACK\.Instrument takes WEA, not PER"):
        ed.add_argument(r, scheme, v1, "Instrument", "m1", sentence)
    with pytest.raises(ed.Refused, match="ATTACK has no role 'Victim'"):
        ed.add_argument(r, scheme, v1, "Victim", "m1", sentence)
    with pytest.raises(ed.Refused, match="sentence-scoped"):
        ed.add_argument(r, scheme, v1, "Target", "m4", sentence)
    r, realis = ed.cycle_attr(r, scheme, v1, "realis")
    assert realis == "GENERIC"
    r, _ = ed.cycle_attr(r, scheme, v1, "realis")
    r, modality = ed.cycle_attr(r, scheme, v1, "modality")
    assert r.events[0].attrs["realis"] == "OTHER" and modality == "PLANNED"
    r, _ = ed.cycle_attr(r, scheme, v1, "realis")
    assert "modality" not in r.events[0].attrs, "modality is dropped once realis is no longer OTHER"
    r, v2 = ed.add_event(r, TEXT, scheme, *at("killed"), "DIE")
    r, h = ed.link_events(r, v1, v2)
    assert r.hoppers[0].events == (v1, v2)
    r = ed.unlink_event(r, v2)
    assert r.hoppers == ()
    r = ed.remove_argument(r, v1, "m2")
    assert [a.role for a in r.events[0].args] == ["Attacker"]
    assert h == "h1"
    assert valid(r, scheme) == []


def test_changing_event_type_keeps_fitting_arguments(scheme: Scheme) -> None:
    r = blank(scheme)
    r, _ = ed.add_mention(r, TEXT, scheme, *at("Rebels"), "PER")
    r, v = ed.add_event(r, TEXT, scheme, *at("attacked"), "ATTACK")
    r = ed.add_argument(r, scheme, v, "Attacker", "m1")
    r = ed.set_attr(r, scheme, v, "mode", "AIR")
    r2 = ed.set_event_type(r, scheme, v, "BATTLE")
    assert r2.events[0].type == "BATTLE" and "mode" in r2.events[0].attrs
    with pytest.raises(ed.Refused, match="DIE has no Attacker"):
        ed.set_event_type(r, scheme, v, "DIE")


def test_attribution_parts_reports_and_claims(scheme: Scheme) -> None:
    r = blank(scheme)
    r, src = ed.add_mention(r, TEXT, scheme, *at("a monitor"), "PER")
    r, reb = ed.add_mention(r, TEXT, scheme, *at("Rebels"), "PER")
    r, v = ed.add_event(r, TEXT, scheme, *at("attacked"), "ATTACK")
    r, a = ed.add_attribution(r, TEXT, scheme, at("said"))
    assert r.attributions[0].attrs == {
        "quote": "INDIRECT",
        "stance": "ASSERTS",
        "verification": "NEUTRAL",
        "cue_kind": "VERB",
    }
    r = ed.set_source(r, a, src)
    content = (at("Rebels")[0], at("Monday")[1])
    r = ed.toggle_content(r, TEXT, scheme, a, *content)
    assert [e.id for e in ed.report_candidates(r, a)] == [v]
    r = ed.toggle_report(r, a, v)
    assert ed.report_candidates(r, a) == []
    r = ed.add_role_claim(r, scheme, a, v, "Attacker", reb)
    with pytest.raises(ed.Refused, match=r"ATTACK\.Instrument takes WEA"):
        ed.add_role_claim(r, scheme, a, v, "Instrument", reb)
    r, stance = ed.cycle_attr(r, scheme, a, "stance")
    assert stance == "DENIES"
    assert valid(r, scheme) == []
    same = ed.toggle_content(r, TEXT, scheme, a, *content)
    assert same.attributions[0].content == ()
    r2, empty = ed.add_attribution(r, TEXT, scheme, None)
    assert r2.attributions[-1].cue is None and empty == "at2"
    r2 = ed.set_parent(r2, empty, a)
    with pytest.raises(ed.Refused, match="circle"):
        ed.set_parent(r2, a, empty)
    assert valid(r2, scheme) == []
    assert ed.delete(r2, a).attributions[0].parent is None
    # deleting the source mention and the event leaves no dangling reference
    r = ed.delete(ed.delete(r, src), v)
    att = r.attributions[0]
    assert att.source is None and att.reports == () and att.role_claims == ()
    assert valid(r, scheme) == []
    assert RoleClaim(hopper=v, role="Attacker", ref=reb) not in att.role_claims


def test_delete_mention_cleans_clusters_arguments_and_refs(scheme: Scheme) -> None:
    r = blank(scheme)
    r, m1 = ed.add_mention(r, TEXT, scheme, *at("5 people"), "PER")
    r, m2 = ed.add_mention(r, TEXT, scheme, *at("They"), "PER")
    r, _ = ed.attach(r, m1, None)
    r, v = ed.add_event(r, TEXT, scheme, *at("killed"), "DIE")
    r = ed.add_argument(r, scheme, v, "Victim", m1)
    r = ed.set_attr(r, scheme, v, "count", m1)
    r = ed.delete(r, m1)
    assert r.entities == () and r.events[0].args == () and "count" not in r.events[0].attrs
    assert [m.id for m in r.mentions] == [m2]
    assert [h[0] for h in ed.item_at(r, at("killed")[0])] == [v]


def test_history_undo_redo_across_documents(scheme: Scheme) -> None:
    h = ed.History()
    r0 = blank(scheme)
    r1, _ = ed.add_mention(r0, TEXT, scheme, *at("Rebels"), "PER")
    other = r0.model_copy(update={"doc": "d2"})
    r2 = ed.set_status(other, "done")
    h.push(ed.Change("d1", r0, r1, "label PER"))
    h.push(ed.Change("d2", other, r2, "mark done"))
    assert h.undo().doc == "d2"
    assert h.undo().before == r0
    with pytest.raises(ed.Refused, match="nothing to undo"):
        h.undo()
    assert h.redo().after == r1
    h.push(ed.Change("d1", r1, r1, "noop"))
    with pytest.raises(ed.Refused, match="nothing to redo"):
        h.redo()


@pytest.mark.parametrize(
    ("text", "level"),
    [("its", "PRO"), ("They", "PRO"), ("the Syrian military", "NOM"), ("Zahran Alloush", "NAM"), ("ISIL", "NAM")],
)
def test_new_mentions_start_with_a_guessed_level(scheme: Scheme, text: str, level: str) -> None:
    assert ed.guess_level(text, scheme) == {"level": level}


def test_linking_an_event_into_the_hopper_its_argument_names_is_refused(scheme: Scheme) -> None:
    """A REJECT whose Rejected is a hopper cannot join that hopper: the record would refer to itself."""
    r = blank(scheme)
    r, deal = ed.add_event(r, TEXT, scheme, *at("attacked"), "AGREEMENT")
    r, other = ed.add_event(r, TEXT, scheme, *at("killed"), "AGREEMENT")
    r, hopper = ed.link_events(r, deal, other)
    r, reject = ed.add_event(r, TEXT, scheme, *at("said"), "REJECT")
    r = ed.add_argument(r, scheme, reject, "Rejected", hopper)
    with pytest.raises(ed.Refused, match="leads back to it"):
        ed.link_events(r, reject, deal)
    assert valid(r, scheme) == []


def test_a_cue_or_trigger_is_moved_in_place_keeping_the_rest(scheme: Scheme) -> None:
    """Both the annotate screen (B) and curation (boundaries) mend a wrong cue or trigger through these."""
    r, _ = ed.add_zone(blank(scheme), TEXT, scheme, *at("Cookie notice."), "BOILERPLATE")
    r, src = ed.add_mention(r, TEXT, scheme, *at("a monitor"), "PER")
    r, v = ed.add_event(r, TEXT, scheme, *at("attacked"), "ATTACK")
    r, a = ed.add_attribution(r, TEXT, scheme, at("monitor"))
    r = ed.set_source(r, a, src)
    r = ed.toggle_content(r, TEXT, scheme, a, at("Rebels")[0], at("Monday")[1])
    r = ed.toggle_report(r, a, v)
    moved = ed.set_cue(r, TEXT, scheme, a, at("said"))
    after = moved.attributions[0]
    assert after.cue is not None and after.cue.text == "said"
    assert (after.source, after.content, after.reports) == (src, r.attributions[0].content, (v,))
    with pytest.raises(ed.Refused, match="BOILERPLATE"):
        ed.set_cue(r, TEXT, scheme, a, at("Cookie"))
    assert ed.set_cue(moved, TEXT, scheme, a, None).attributions[0].cue is None
    bare, b = ed.add_attribution(r, TEXT, scheme, at("said"))
    with pytest.raises(ed.Refused, match="nothing to stand on"):
        ed.set_cue(bare, TEXT, scheme, b, None)
    assert valid(moved, scheme) == []
    r = ed.move_trigger(r, TEXT, scheme, v, *at("attacked Aleppo"))
    assert r.events[0].trigger.text == "attacked Aleppo" and r.events[0].type == "ATTACK"
    with pytest.raises(ed.Refused, match="BOILERPLATE"):
        ed.move_trigger(r, TEXT, scheme, v, *at("notice"))
