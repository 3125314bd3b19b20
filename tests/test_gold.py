"""The shipped gold standard: complete, valid, reproducible from its inputs, hard cases as the guidelines say."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.adjudicate import adjudicate
from annotator.adjudicate_cli import load_decisions
from annotator.store import load_records

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"


@pytest.fixture(scope="module")
def gold():
    return {r.doc: r for r in load_records(GOLD / "gold.jsonl")}


def by_annotator(name):
    return {r.doc: r for r in load_records(GOLD / f"{name}.jsonl")}


def test_two_independent_annotations_and_the_gold_cover_every_seed(seeds, gold):
    for name in ("annotator-a", "annotator-b"):
        records = by_annotator(name)
        assert sorted(records) == seeds.ids()
        assert all(r.status == "done" and r.annotator == name for r in records.values())
        assert all(len(r.mentions) > 50 and r.events and r.attributions for r in records.values())
    assert sorted(gold) == seeds.ids()


def test_gold_is_what_adjudication_makes_of_the_annotations_and_decisions(seeds, scheme, gold):
    a, b = by_annotator("annotator-a"), by_annotator("annotator-b")
    decisions = load_decisions(GOLD / "adjudication" / "decisions.jsonl")
    for doc_id, committed in gold.items():
        result = adjudicate(
            seeds.get(doc_id),
            {"annotator-a": a[doc_id], "annotator-b": b[doc_id]},
            decisions,
            prefer="annotator-a",
            scheme=scheme,
        )
        assert result.unresolved == [], f"{doc_id}: every disagreement has a decision"
        made = result.record.canonical().model_copy(update={"updated": committed.updated})
        assert made == committed


def test_every_gold_item_has_provenance(gold):
    for record in gold.values():
        prov = record.meta["provenance"]
        for item in (*record.zones, *record.mentions, *record.events, *record.attributions):
            p = prov[item.id]
            assert p["rule"] in ("agreed", "decision")
            assert p["by"] or p.get("added") or p.get("edited_from") in p.get("proposed", ()), (
                f"{record.doc} {item.id} names its source"
            )


def test_boilerplate_and_the_duplicated_body_stay_unannotated(seeds, gold):
    doc003 = gold["003_17ae0a9fe3fd3c77"]
    [dup] = [z for z in doc003.zones if z.label == "DUPLICATE"]
    assert (dup.start, dup.end) == (2721, 5331)
    for record in gold.values():
        closed = [z for z in record.zones if z.label in ("BOILERPLATE", "DUPLICATE", "BYLINE_DATELINE")]
        spans = [*record.mentions, *(e.trigger for e in record.events)]
        assert not [s for s in spans for z in closed if z.start < s.end and s.start < z.end]


def test_competing_attacker_claims_stay_on_the_attributions(gold):
    rec = gold["000_d246c74b127eef68"]
    mentions = {m.id: m for m in rec.mentions}
    [airstrike] = [e for e in rec.events if e.type == "ATTACK" and e.trigger.text == "airstrike"][:1]
    assert "Attacker" not in {a.role for a in airstrike.args}
    claims = [
        (mentions[a.source].text, mentions[c.ref].text)
        for a in rec.attributions
        for c in a.role_claims
        if c.role == "Attacker"
    ]
    claimants = {source for source, _ in claims}
    assert "The Syrian military" in claimants and "some sources" in claimants


def test_isil_aliases_form_one_cluster(gold):
    rec = gold["000_d246c74b127eef68"]
    mentions = {m.id: m for m in rec.mentions}
    clusters = [{mentions[m].text for m in e.mentions} for e in rec.entities]
    [isil] = [c for c in clusters if "ISIL" in c]
    assert "the Islamic State in Iraq and the Levant" in isil


def test_the_delayed_and_cancelled_pullout_is_one_hopper(gold):
    rec = gold["000_d246c74b127eef68"]
    events = {e.id: e for e in rec.events}
    thwarted = {events[v].attrs.get("thwarted") for h in rec.hoppers for v in h.events if events[v].type == "EVACUATE"}
    [pullout] = [h for h in rec.hoppers if any(events[v].trigger.text == "pullout" for v in h.events)]
    members = {events[v].trigger.text: events[v].attrs for v in pullout.events}
    assert members["evacuate"]["realis"] == "OTHER" and members["evacuate"]["thwarted"] == "DELAYED"
    assert {"DELAYED", "CANCELLED"} <= thwarted


def test_the_denied_deal_and_withheld_confirmation_in_003(gold):
    rec = gold["003_17ae0a9fe3fd3c77"]
    stances = {a.cue.text: a.attrs.get("stance") for a in rec.attributions if a.cue}
    assert stances["denied"] == "DENIES"
    assert "WITHHOLDS" in stances.values()


def test_round_two_brings_the_gold_to_guidelines_1_1(gold):
    """A few of the CHANGELOG 1.1 gold differences, fixed by edit decisions in round 2."""
    d000, d001, d003, d004 = (gold[k] for k in sorted(gold) if not k.startswith("002"))
    relative = "government forces who have been bolstered by the Russian military intervention in Syria"
    assert relative + " in the past few months" in {m.text for m in d000.mentions}
    assert not [e for e in d000.events if e.trigger.text == "fled"]
    assert "admit" in {a.cue.text for a in d003.attributions if a.cue}
    assert "have been accused" in {a.cue.text for a in d004.attributions if a.cue}
    m001 = {m.id: m.text for m in d001.mentions}
    [carried] = [e for e in d001.events if e.trigger.text == "carried out"]
    assert ("Attacker", "Russian") in {(a.role, m001[a.ref]) for a in carried.args}
    assert "Russian" not in {m001[c.ref] for a in d001.attributions for c in a.role_claims}
    m004 = {m.id: m.text for m in d004.mentions}
    attackers = {e.trigger.start: {m004[a.ref] for a in e.args if a.role == "Attacker"} for e in d004.events}
    assert attackers[1447] == {"ISIL"} and attackers[1731] == {"fighters"} and attackers[551]
    for record in gold.values():
        assert all(m.attrs.get("org_kind") for m in record.mentions if m.label == "ORG"), record.doc
        assert all(a.attrs.get("type") for a in record.attributions), record.doc


HELDOUT = Path(__file__).resolve().parent.parent / "gold" / "heldout"


def _heldout_files() -> list[Path]:
    return sorted(HELDOUT.glob("heldout-*.jsonl"))


def test_the_held_out_annotations_were_made_in_the_app_and_validate() -> None:
    """Every held-out record carries the app's own trace: its audit trail ends on the record's saved state.

    The app appends one audit line per saved edit, with the record's ``updated`` time;
    a record written any other way has no trail, or a trail that ends elsewhere.
    """
    from annotator.audit import audit_path, read_trail
    from annotator.corpus import Corpus
    from annotator.scheme import load_scheme
    from annotator.validate import read_checked

    root = HELDOUT.parent.parent
    files = _heldout_files()
    assert len(files) == 2, "two independent annotators of the held-out set"
    corpus = Corpus.load(root / "seeds" / "heldout")
    checked = read_checked(files, corpus, load_scheme(root / "guidelines" / "schema.toml"), strict=False)
    for path in files:
        records = checked[path].by_doc()
        assert records, f"{path} holds no record"
        trail = list(read_trail(audit_path(HELDOUT, path.stem)))
        for doc, record in records.items():
            edits = [e.time for e in trail if e.doc == doc]
            assert len(edits) >= 5, f"{path.stem} {doc}: {len(edits)} edits in the app's audit trail"
            assert max(edits) == record.updated, f"{path.stem} {doc}: the trail does not end on the saved record"


def test_the_held_out_gold_is_what_adjudication_makes_of_the_two_annotations_and_the_curators_decisions() -> None:
    """Curated in the app: every decision came from the curation screen; the batch path rebuilds the same gold."""
    from annotator.corpus import Corpus
    from annotator.scheme import load_scheme

    root = HELDOUT.parent.parent
    corpus = Corpus.load(root / "seeds" / "heldout")
    scheme = load_scheme(root / "guidelines" / "schema.toml")
    gold = {r.doc: r for r in load_records(HELDOUT / "gold.jsonl")}
    one, two = ({r.doc: r for r in load_records(p)} for p in _heldout_files())
    both_done = {d for d in one if d in two and one[d].status == two[d].status == "done"}
    assert set(gold) == both_done, "the held-out gold holds every document both annotators finished, and only those"
    decisions = load_decisions(HELDOUT / "adjudication" / "decisions.jsonl")
    for doc_id, committed in gold.items():
        assert one[doc_id].status == two[doc_id].status == "done"
        result = adjudicate(
            corpus.get(doc_id),
            {"heldout-1": one[doc_id], "heldout-2": two[doc_id]},
            decisions,
            prefer="heldout-1",
            scheme=scheme,
        )
        assert result.unresolved == [], f"{doc_id}: every disagreement was decided"
        assert result.record.canonical().model_copy(update={"updated": committed.updated}) == committed.canonical()
