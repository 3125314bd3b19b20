"""The scheme's relations and document labels, their guideline page, and the gazetteer file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from annotator.errors import AnnotatorError, SchemeError
from annotator.gazetteer import load_gazetteer
from annotator.project import Project
from annotator.scheme import load_scheme

ROOT = Path(__file__).resolve().parents[2]
GUIDES = ROOT / "guidelines"
RELATIONS = """
[[entity_labels]]
label = "PER"
description = "A person."
[[entity_labels]]
label = "ORG"
description = "An organisation."
"""


def scheme_with(tmp_path: Path, extra: str) -> Path:
    head = '[scheme]\nname = "t"\nversion = "1"\n[[zones]]\nlabel = "BODY"\ndescription = "Body."\n'
    path = tmp_path / "s.toml"
    path.write_text(head + RELATIONS + extra, encoding="utf-8")
    return path


def relation(name: str, a: str, b: str, sym: bool = False, a_labels: str = '["PER"]', b_labels: str = '["ORG"]') -> str:
    return (
        f'[[relations]]\nname = "{name}"\ndescription = "D."\nsymmetric = {str(sym).lower()}\n'
        f'  [[relations.args]]\n  role = "{a}"\n  labels = {a_labels}\n'
        f'  [[relations.args]]\n  role = "{b}"\n  labels = {b_labels}\n'
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (relation("R", "X", "X"), "a directed relation needs two different roles"),
        (relation("R", "X", "Y", sym=True), "a symmetric relation takes the same fillers on both sides"),
        (relation("R", "X", "Y", b_labels='["GPE"]'), "argument 'Y' names unknown entity label 'GPE'"),
        (relation("R", "X", "Y", b_labels="[]"), "argument 'Y' allows no filler"),
        (relation("R", "X", "Y") + relation("R", "X", "Y"), "relation 'R' is defined twice"),
        ('[[doc_labels]]\nlabel = "A"\ndescription = "A."\n' * 2, "document label 'A' is defined twice"),
    ],
)
def test_scheme_refuses_bad_relations_and_document_labels(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(SchemeError, match=re.escape(message)):
        load_scheme(scheme_with(tmp_path, extra))


def test_every_relation_role_and_document_label_is_in_the_guidelines(scheme) -> None:
    text = (GUIDES / "16_relations_and_document.md").read_text(encoding="utf-8")
    names = [r.name for r in scheme.relations] + [a.role for r in scheme.relations for a in r.args]
    names += [d.label for d in scheme.doc_labels]
    assert [n for n in names if f"`{n}`" not in text] == []
    assert scheme.doc_label_choice == "one" and scheme.discontinuous_mentions


def test_the_shipped_gazetteer_loads_and_prefix_search_finds_names_and_aliases() -> None:
    gazetteer = Project.find(ROOT).gazetteer
    assert gazetteer is not None
    assert [e.id for e in gazetteer.search("dae")] == ["syr:isil"], "an alias"
    assert "syr:sohr" in [e.id for e in gazetteer.search("observ")], "a word inside the name"
    assert [e.id for e in gazetteer.search("Alep")] == ["syr:aleppo"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("g.tsv", "x\tX\nx\tY\n", "g.tsv:2: id 'x' is listed twice"),
        ("g.tsv", "# c\nonly-id\n", "g.tsv:2: a gazetteer line needs an id and a name"),
        ("g.jsonl", '{"id": "x"}\n', 'g.jsonl:1: a gazetteer object needs string "id" and "name"'),
        ("g.jsonl", '{"id": "x", "name": "X", "aliases": "Y"}\n', 'g.jsonl:1: "aliases" must be a list'),
        ("g.jsonl", "{oops\n", "g.jsonl:1: not valid JSON"),
    ],
)
def test_a_bad_gazetteer_is_refused_with_file_and_line(tmp_path: Path, name: str, content: str, message: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(AnnotatorError, match=re.escape(message)):
        load_gazetteer(tmp_path / name)


def test_validate_names_a_knowledge_base_link_missing_from_the_gazetteer(project: Project, capsys: Any) -> None:
    from annotator.cli import main
    from annotator.store import write_records
    from tests.factories import sample_record

    (project.root / "guidelines" / "kb.tsv").write_text("Q2429253\tISIL\n", encoding="utf-8")
    (project.root / "pyproject.toml").write_text('[tool.annotator]\ngazetteer = "guidelines/kb.tsv"\n')
    record = sample_record(project.corpus.get("000_d246c74b127eef68"), "ann")
    write_records(project.gold_dir / "ann.jsonl", [record])
    assert main(["--project", str(project.root), "validate"]) == 0, "the sample's ISIL link is in the gazetteer"
    capsys.readouterr()
    data = record.to_json_dict()
    data["entities"][0]["kb"] = "Q999"
    write_records(project.gold_dir / "ann.jsonl", [record.model_validate(data)])
    assert main(["--project", str(project.root), "validate"]) == 1
    err = capsys.readouterr().err
    assert "ann.jsonl:1: doc 000_d246c74b127eef68: E1: knowledge-base link 'Q999' is not in the gazetteer" in err
