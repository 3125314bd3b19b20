"""`annotator migrate` on a copy of the shipped gold, and `validate` explaining a scheme-version mismatch."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.project import Project
from annotator.scheme import load_scheme
from annotator.validate import validate_file

ROOT = Path(__file__).resolve().parents[2]
RENAMES = """
[zones]
SUBHEAD = "HEADLINE"
[entity_labels]
ORG = "ORGANISATION"
[event_types]
ATTACK = "STRIKE"
[roles]
Place = "Location"
[values.realis]
OTHER = "NOT_ACTUAL"
"""


def version_2(text: str) -> str:
    """The shipped scheme with ORG, ATTACK, Place and realis OTHER renamed and SUBHEAD merged into HEADLINE."""
    text = text.replace('version = "1"', 'version = "2"').replace('"ORG"', '"ORGANISATION"')
    text = text.replace('name = "ATTACK"', 'name = "STRIKE"').replace('name = "Place"', 'name = "Location"')
    text = text.replace('values = ["ACTUAL", "GENERIC", "OTHER"]', 'values = ["ACTUAL", "GENERIC", "NOT_ACTUAL"]')
    text = text.replace('when = { realis = "OTHER" }', 'when = { realis = "NOT_ACTUAL" }')
    return re.sub(r'\[\[zones\]\]\nlabel = "SUBHEAD"\n(?:[^\n]+\n)*', "", text)


@pytest.fixture
def shipped(tmp_path: Path) -> Project:
    """A copy of the repository's project with its gold, and the version-2 scheme and map beside it."""
    (tmp_path / "guidelines").mkdir()
    scheme = (ROOT / "guidelines" / "schema.toml").read_text(encoding="utf-8")
    (tmp_path / "guidelines" / "schema.toml").write_text(scheme, encoding="utf-8")
    (tmp_path / "v2.toml").write_text(version_2(scheme), encoding="utf-8")
    (tmp_path / "renames.toml").write_text(RENAMES, encoding="utf-8")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "gold").mkdir()
    for f in ("annotator-a.jsonl", "annotator-b.jsonl", "gold.jsonl"):
        shutil.copy(ROOT / "gold" / f, tmp_path / "gold" / f)
    return Project.find(tmp_path)


def expected(item: dict[str, Any], kind: str) -> dict[str, Any]:
    """What the map makes of one item of the old file, worked out on the JSON."""
    out = json.loads(json.dumps(item))
    if kind == "zones" and out["label"] == "SUBHEAD":
        out["label"] = "HEADLINE"
    if kind == "mentions" and out["label"] == "ORG":
        out["label"] = "ORGANISATION"
    if kind == "events":
        out["type"] = "STRIKE" if out["type"] == "ATTACK" else out["type"]
        for arg in out["args"]:
            arg["role"] = "Location" if arg["role"] == "Place" else arg["role"]
    if "realis" in out.get("attrs", {}) and out["attrs"]["realis"] == "OTHER":
        out["attrs"]["realis"] = "NOT_ACTUAL"
    if kind == "attributions":
        for claim in out["role_claims"]:
            claim["role"] = "Location" if claim["role"] == "Place" else claim["role"]
    return out


def lines(path: Path) -> dict[str, dict[str, Any]]:
    return {d["doc"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_a_migration_maps_every_item_of_the_shipped_gold(shipped: Project, capsys) -> None:
    root = shipped.root
    before = {p.name: lines(p) for p in shipped.annotation_files()}
    v2 = load_scheme(root / "v2.toml")
    mismatch = validate_file(root / "gold" / "gold.jsonl", shipped.corpus, v2)
    assert not any("unknown entity label" in p for p in mismatch)
    assert any("use names scheme 'conflict-news/2' does not define (ATTACK" in p and "ORG ×" in p for p in mismatch)
    assert any("`annotator migrate --to SCHEME.toml --map RENAMES.toml`" in p for p in mismatch)

    code = main(["--project", str(root), "migrate", "--to", str(root / "v2.toml"), "--map", str(root / "renames.toml")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "entity label ORG → ORGANISATION: 248" in out and "zone SUBHEAD → HEADLINE: 1" in out
    assert "realis value OTHER → NOT_ACTUAL: 50" in out
    changed = 0
    for name, old in before.items():
        new = lines(root / "gold" / name)
        assert sorted(new) == sorted(old)
        for doc, rec in old.items():
            after = new[doc]
            assert after["scheme"] == "conflict-news/2"
            for kind in ("zones", "mentions", "entities", "events", "hoppers", "attributions"):
                assert len(after[kind]) == len(rec[kind])
                for item in rec[kind]:
                    mine = next(x for x in after[kind] if x["id"] == item["id"])
                    want = expected(item, kind)
                    assert mine == want, (name, doc, item["id"])
                    changed += mine != item
            assert {k: v for k, v in after.items() if k not in ("scheme", "updated")} == {
                k: v for k, v in rec.items() if k not in ("scheme", "updated")
            } | {k: after[k] for k in ("zones", "mentions", "entities", "events", "hoppers", "attributions")}
        assert validate_file(root / "gold" / name, shipped.corpus, v2) == []
    assert changed > 700


def test_a_map_that_leaves_names_unknown_writes_nothing(shipped: Project, capsys) -> None:
    root = shipped.root
    (root / "partial.toml").write_text(RENAMES.replace('ATTACK = "STRIKE"', ""), encoding="utf-8")
    before = {p: p.read_bytes() for p in shipped.annotation_files()}
    code = main(["--project", str(root), "migrate", "--to", str(root / "v2.toml"), "--map", str(root / "partial.toml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "could not be mapped (nothing was written)" in err
    assert re.search(r"gold\.jsonl:\d+: .*ATTACK", err)
    assert {p: p.read_bytes() for p in shipped.annotation_files()} == before


def test_a_dry_run_reports_and_writes_nothing(shipped: Project, capsys) -> None:
    root = shipped.root
    before = {p: p.read_bytes() for p in shipped.annotation_files()}
    args = ["--to", str(root / "v2.toml"), "--map", str(root / "renames.toml"), "--dry-run"]
    assert main(["--project", str(root), "migrate", *args]) == 0
    assert "dry run:" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in shipped.annotation_files()} == before


def test_a_bad_rename_map_is_refused_with_its_file(shipped: Project, capsys) -> None:
    root = shipped.root
    (root / "bad.toml").write_text("[labels]\nORG = 'X'\n", encoding="utf-8")
    assert (
        main(["--project", str(root), "migrate", "--to", str(root / "v2.toml"), "--map", str(root / "bad.toml")]) == 1
    )
    assert "bad.toml: labels: Extra inputs are not permitted" in capsys.readouterr().err


def test_the_decisions_are_migrated_so_adjudication_still_makes_the_migrated_gold(shipped: Project, capsys) -> None:
    from annotator.adjudicate import adjudicate
    from annotator.adjudicate_cli import load_decisions
    from annotator.store import load_records

    root = shipped.root
    (root / "gold" / "adjudication").mkdir()
    decisions = root / "gold" / "adjudication" / "decisions.jsonl"
    shutil.copy(ROOT / "gold" / "adjudication" / "decisions.jsonl", decisions)
    assert '"realis": "OTHER"' in decisions.read_text(encoding="utf-8"), "some edits set an old value"
    code = main(["--project", str(root), "migrate", "--to", str(root / "v2.toml"), "--map", str(root / "renames.toml")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"decisions.jsonl: \d+ decision\(s\)", out)
    text = decisions.read_text(encoding="utf-8")
    assert '"realis":"OTHER"' not in text.replace(": ", ":") and '"realis":"NOT_ACTUAL"' in text.replace(": ", ":")
    v2 = load_scheme(root / "v2.toml")
    a, b = ({r.doc: r for r in load_records(root / "gold" / f"{n}.jsonl")} for n in ("annotator-a", "annotator-b"))
    gold = {r.doc: r for r in load_records(root / "gold" / "gold.jsonl")}
    for doc_id, committed in gold.items():
        made = adjudicate(
            shipped.corpus.get(doc_id),
            {"annotator-a": a[doc_id], "annotator-b": b[doc_id]},
            load_decisions(decisions),
            prefer="annotator-a",
            scheme=v2,
        ).record
        assert made.canonical().model_copy(update={"updated": committed.updated}) == committed, doc_id
