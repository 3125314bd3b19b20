from __future__ import annotations

import json

import pytest

from annotator.adjudicate import Decision, adjudicate
from annotator.cli import main
from annotator.store import load_records, write_records
from annotator.validate import validate_record
from tests.factories import record, sample_record

DOC000 = "000_d246c74b127eef68"


def two_versions(doc):
    a = sample_record(doc, "annotator-a")
    data = sample_record(doc, "annotator-b").to_json_dict()
    # B renumbers its ids (ids never decide agreement), labels ISIL's second mention the same,
    # calls "a monitor" PER instead of ORG, leaves out the Origin argument and marks v1 ACTUAL.
    for m in data["mentions"]:
        m["id"] = "b" + m["id"]
    data["mentions"][2]["label"] = "PER"
    data["mentions"][2]["attrs"] = {"level": "NOM"}
    data["entities"][0]["mentions"] = ["bm1", "bm5"]
    data["events"][0]["args"] = [{"role": "Transported", "ref": "bm2"}]
    data["events"][1]["args"] = []
    data["attributions"][0]["source"] = "bm3"
    data["attributions"][0]["role_claims"][0]["ref"] = "bm2"
    b = a.model_validate(data)
    return a, b


def test_agreed_items_pass_and_references_follow_the_spans(seeds, scheme):
    doc = seeds.get(DOC000)
    a, b = two_versions(doc)
    result = adjudicate(doc, {"annotator-a": a, "annotator-b": b}, prefer="annotator-a", scheme=scheme)
    gold = result.record
    assert validate_record(gold, doc, scheme) == []
    prov = gold.meta["provenance"]
    by_text = {m.text: m for m in gold.mentions}
    assert prov[by_text["ISIL"].id] == {"rule": "agreed", "by": ["annotator-a", "annotator-b"]}
    assert prov[by_text["a monitor"].id]["rule"] == "preferred"
    assert by_text["a monitor"].label == "ORG"
    assert gold.entities[0].mentions == tuple(
        sorted((m.id for m in gold.mentions if m.text == "ISIL"), key=lambda i: int(i[1:]))
    )
    event = next(e for e in gold.events if e.trigger.text == "evacuate")
    assert {(a.role, next(m.text for m in gold.mentions if m.id == a.ref)) for a in event.args} == {
        ("Transported", "more than 2,000 fighters"),
        ("Origin", "rebel-held parts of south Damascus"),
    }
    assert gold.attributions[0].source == by_text["a monitor"].id
    assert gold.hoppers[0].events == tuple(sorted(e.id for e in gold.events))
    assert result.counts["agreed"] >= 5
    assert {u["item"]: u["versions"] for u in result.unresolved} == {
        f"mention:{by_text['a monitor'].start}-{by_text['a monitor'].end}": {
            "annotator-a": "ORG level=NOM org_kind=NGO_MONITOR",
            "annotator-b": "PER level=NOM",
        },
        f"event:{event.trigger.start}-{event.trigger.end}": {
            "annotator-a": "EVACUATE [Origin='rebel-held parts of south Damascus', "
            "Transported='more than 2,000 fighters'] modality=PLANNED realis=OTHER thwarted=DELAYED",
            "annotator-b": "EVACUATE [Transported='more than 2,000 fighters'] "
            "modality=PLANNED realis=OTHER thwarted=DELAYED",
        },
    }


def test_a_decision_keeps_the_named_version_with_its_reason(seeds, scheme):
    doc = seeds.get(DOC000)
    a, b = two_versions(doc)
    monitor = next(m for m in a.mentions if m.text == "a monitor")
    trigger = next(e for e in a.events if e.trigger.text == "evacuate").trigger
    decisions = [
        Decision(doc=DOC000, item=f"mention:{monitor.start}-{monitor.end}", take="annotator-b", reason="guideline 2.1"),
        Decision(doc=DOC000, item=f"event:{trigger.start}-{trigger.end}", take=None, reason="not an event"),
    ]
    result = adjudicate(doc, {"annotator-a": a, "annotator-b": b}, decisions, prefer="annotator-a", scheme=scheme)
    gold = result.record
    kept = next(m for m in gold.mentions if m.text == "a monitor")
    assert kept.label == "PER"
    assert gold.meta["provenance"][kept.id] == {
        "rule": "decision",
        "by": ["annotator-b"],
        "proposed": ["annotator-a", "annotator-b"],
        "reason": "guideline 2.1",
    }
    assert [e.trigger.text for e in gold.events] == ["pullout"]
    assert gold.attributions[0].reports == ()
    assert result.unresolved == [], "every disagreement had a decision"


def test_cli_writes_gold_and_lists_unresolved_items(project, tmp_path, capsys):
    doc = project.corpus.get(DOC000)
    a, b = two_versions(doc)
    write_records(project.gold_dir / "annotator-a.jsonl", [a])
    write_records(project.gold_dir / "annotator-b.jsonl", [b])
    unresolved = tmp_path / "todo.txt"
    code = main(["--project", str(project.root), "adjudicate", "--unresolved", str(unresolved), "--format", "json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == [DOC000]
    lines = [json.loads(line) for line in unresolved.read_text(encoding="utf-8").splitlines()]
    assert lines == report["unresolved"] and len(lines) == 2
    assert {u["text"] for u in lines} == {"a monitor", "evacuate"}
    [gold] = load_records(project.gold_dir / "gold.jsonl")
    assert gold.annotator == "gold" and gold.meta["adjudicated_from"] == ["annotator-a", "annotator-b"]
    assert main(["--project", str(project.root), "validate"]) == 0


def test_cli_refuses_bad_decisions_and_a_single_annotator(project, tmp_path, capsys):
    doc = project.corpus.get(DOC000)
    a, b = two_versions(doc)
    write_records(project.gold_dir / "annotator-a.jsonl", [a])
    assert main(["--project", str(project.root), "adjudicate"]) == 1
    assert "needs two or more annotators" in capsys.readouterr().err
    write_records(project.gold_dir / "annotator-b.jsonl", [b])
    bad = tmp_path / "decisions.jsonl"
    bad.write_text('{"doc": "x", "item": "mention:1-2"}\n', encoding="utf-8")
    assert main(["--project", str(project.root), "adjudicate", "--decisions", str(bad)]) == 1
    assert f"{bad}:1:" in capsys.readouterr().err
    assert not (project.gold_dir / "gold.jsonl").exists()


def test_zones_split_line_by_line_agree_with_one_block_zone(seeds, scheme):
    doc = seeds.get("003_17ae0a9fe3fd3c77")
    start, mid = doc.text.index("Connect with us"), doc.text.index("Hi, what are you")
    end = mid + len("Hi, what are you looking for?")
    block = {"id": "z1", "label": "BOILERPLATE", "start": start, "end": end, "text": doc.text[start:end]}
    lines = [
        {"id": "z1", "label": "BOILERPLATE", "start": start, "end": start + 15, "text": "Connect with us"},
        {"id": "z2", "label": "BOILERPLATE", "start": mid, "end": end, "text": doc.text[mid:end]},
    ]
    a = record(doc, "annotator-a", zones=[block])
    b = record(doc, "annotator-b", zones=lines)
    result = adjudicate(doc, {"annotator-a": a, "annotator-b": b}, prefer="annotator-b", scheme=scheme)
    assert result.unresolved == []
    assert [(z.start, z.end, z.label) for z in result.record.zones] == [(start, end, "BOILERPLATE")]


def test_an_edit_decision_corrects_an_item_both_annotators_got_wrong(seeds, scheme):
    doc = seeds.get(DOC000)
    a, b = two_versions(doc)
    damascus = next(m for m in a.mentions if m.text == "rebel-held parts of south Damascus")
    start = doc.text.index("south Damascus", damascus.start)
    isil = next(m for m in a.mentions if m.text == "ISIL")
    decisions = [
        Decision(
            doc=DOC000,
            item=f"mention:{damascus.start}-{damascus.end}",
            take="annotator-a",
            edit={"start": start, "label": "GPE", "attrs": {"level": "NAM"}},
            reason="guidelines 1.1-03: the modifier stays outside",
        ),
        Decision(
            doc=DOC000,
            item=f"mention:{isil.start}-{isil.end}",
            take="annotator-a",
            edit={"attrs": {"level": "NAM", "org_kind": "NONSTATE_ARMED"}},
            reason="org_kind is required for armed groups",
        ),
    ]
    result = adjudicate(doc, {"annotator-a": a, "annotator-b": b}, decisions, prefer="annotator-a", scheme=scheme)
    gold = result.record
    assert validate_record(gold, doc, scheme) == []
    edited = next(m for m in gold.mentions if m.start == start)
    assert (edited.text, edited.label) == ("south Damascus", "GPE")
    prov = gold.meta["provenance"][edited.id]
    assert prov["rule"] == "decision" and prov["edited_from"] == "annotator-a" and prov["by"] == []
    event = next(e for e in gold.events if e.trigger.text == "evacuate")
    assert edited.id in {arg.ref for arg in event.args}, "references follow the edited item"
    first_isil = next(m for m in gold.mentions if m.start == isil.start)
    assert first_isil.attrs["org_kind"] == "NONSTATE_ARMED", "an agreed item can be corrected too"


def test_an_edit_that_breaks_the_item_is_refused(seeds, scheme):
    doc = seeds.get(DOC000)
    a, b = two_versions(doc)
    m = a.mentions[0]
    bad = Decision(doc=DOC000, item=f"mention:{m.start}-{m.end}", take="annotator-a", edit={"end": -1}, reason="x")
    with pytest.raises(ValueError, match="does not make a valid item"):
        adjudicate(doc, {"annotator-a": a, "annotator-b": b}, [bad], prefer="annotator-a", scheme=scheme)


def test_a_decision_adds_a_mention_every_annotator_missed(seeds, scheme):
    doc = seeds.get(DOC000)
    a, b = two_versions(doc)
    start = doc.text.index("Syrian authorities")
    key = f"mention:{start}-{start + 18}"
    assert all(key not in {f"mention:{m.start}-{m.end}" for m in r.mentions} for r in (a, b))
    added = Decision(
        doc=DOC000,
        item=key,
        take=None,
        edit={"label": "ORG", "attrs": {"level": "NOM", "org_kind": "STATE_CIVIL"}},
        reason="a state body",
    )
    gold = adjudicate(doc, {"annotator-a": a, "annotator-b": b}, [added], prefer="annotator-a", scheme=scheme).record
    assert validate_record(gold, doc, scheme) == []
    [new] = [m for m in gold.mentions if m.start == start]
    assert (new.text, new.label, new.attrs["level"]) == ("Syrian authorities", "ORG", "NOM")
    prov = gold.meta["provenance"][new.id]
    assert prov["added"] is True and prov["by"] == [] and prov["reason"] == "a state body"


def test_an_added_event_without_its_type_or_a_bad_added_item_is_refused(seeds, scheme):
    doc = seeds.get(DOC000)
    a, b = two_versions(doc)
    start = doc.text.index("Syrian authorities")
    records = {"annotator-a": a, "annotator-b": b}
    for item, message in (
        (f"event:{start}-{start + 18}", "an added event needs its type"),
        (f"mention:{start}-{len(doc.text) + 5}", "outside the document"),
    ):
        bad = Decision(doc=DOC000, item=item, take=None, edit={"label": "ORG"}, reason="x")
        with pytest.raises(ValueError, match=message):
            adjudicate(doc, records, [bad], prefer="annotator-a", scheme=scheme)
    unknown = Decision(doc=DOC000, item=f"mention:{start}-{start + 18}", take=None, edit={"label": "NOPE"}, reason="x")
    gold = adjudicate(doc, records, [unknown], prefer="annotator-a", scheme=scheme).record
    assert any("unknown entity label 'NOPE'" in p for p in validate_record(gold, doc, scheme)), (
        "the gate the command passes every gold record through refuses it"
    )


def test_a_cluster_decision_states_the_members_to_merge_what_no_annotator_grouped(seeds, scheme):
    doc = seeds.get(DOC000)
    a, b = two_versions(doc)
    data = a.to_json_dict()
    data["mentions"].append({**data["mentions"][0], "id": "m6", **_span(doc, "ISIL", 2)})
    data["mentions"].append({**data["mentions"][0], "id": "m7", **_span(doc, "ISIL", 3)})
    data["entities"].append({"id": "E2", "mentions": ["m6", "m7"], "name": None})
    a = a.model_validate(data)
    anchor = {m.id: f"mention:{m.start}-{m.end}" for m in a.mentions}
    key = "entity:" + ",".join(sorted(anchor[x] for x in ("m1", "m5")))
    merged = [anchor[x] for x in ("m1", "m5", "m6", "m7")]
    decision = Decision(doc=DOC000, item=key, take="annotator-a", edit={"members": merged}, reason="one ISIL")
    gold = adjudicate(doc, {"annotator-a": a, "annotator-b": b}, [decision], prefer="annotator-a", scheme=scheme)
    record = gold.record
    assert validate_record(record, doc, scheme) == []
    by_id = {m.id: f"mention:{m.start}-{m.end}" for m in record.mentions}
    clusters = [sorted(by_id[x] for x in e.mentions) for e in record.entities]
    assert sorted(merged) in clusters and len(clusters) == 1, "one cluster of four; the split pair is absorbed"
    [entity] = record.entities
    assert record.meta["provenance"][entity.id]["members"] == "stated by the decision"
    wrong = decision.model_copy(update={"edit": {"members": [*merged, "mention:1-2"]}})
    with pytest.raises(ValueError, match="members not in the gold: mention:1-2"):
        adjudicate(doc, {"annotator-a": a, "annotator-b": b}, [wrong], prefer="annotator-a", scheme=scheme)


def _span(doc, text, nth):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return {"start": start, "end": start + len(text), "text": text}


def test_a_decision_adds_a_hopper_both_annotators_left_apart(seeds, scheme):
    doc = seeds.get(DOC000)
    apart = []
    for version in two_versions(doc):
        data = version.to_json_dict()
        data["hoppers"] = []
        data["attributions"][0]["role_claims"][0]["hopper"] = "v1"
        apart.append(version.model_validate(data))
    a, b = apart
    anchors = [f"event:{e.trigger.start}-{e.trigger.end}" for e in a.events]
    key = "hopper:" + ",".join(sorted(anchors))
    records = {"annotator-a": a, "annotator-b": b}
    assert adjudicate(doc, records, [], prefer="annotator-a", scheme=scheme).record.hoppers == ()
    added = Decision(doc=DOC000, item=key, take=None, edit={"members": anchors}, reason="08 step 6: one occurrence")
    gold = adjudicate(doc, records, [added], prefer="annotator-a", scheme=scheme).record
    assert validate_record(gold, doc, scheme) == []
    [hopper] = gold.hoppers
    by_id = {e.id: f"event:{e.trigger.start}-{e.trigger.end}" for e in gold.events}
    assert sorted(by_id[x] for x in hopper.events) == sorted(anchors)
    prov = gold.meta["provenance"][hopper.id]
    assert prov["by"] == [] and prov["members"] == "stated by the decision" and prov["reason"].startswith("08")
    mismatched = added.model_copy(update={"edit": {"members": anchors[:1]}})
    with pytest.raises(ValueError, match="naming exactly the anchors of its item"):
        adjudicate(doc, records, [mismatched], prefer="annotator-a", scheme=scheme)
