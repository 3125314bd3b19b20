"""Relations and discontinuous mentions through brat and Label Studio, and back."""

from __future__ import annotations

from pathlib import Path

from annotator import editing as ed
from annotator.cli import main
from annotator.formats.brat_conf import scheme_from_conf
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.store import load_records, write_records

ROOT = Path(__file__).resolve().parents[2]


def with_structures(record: AnnotationRecord, text: str, scheme: Scheme) -> AnnotationRecord:
    """The record with a MEMBER_OF, an ALLIED_WITH and a LOCATED_IN between its mentions, and one fragment more."""
    first = {}
    for m in record.mentions:
        first.setdefault(m.label, []).append(m)
    per, orgs, gpe = first["PER"][0], first["ORG"], first["GPE"][0]
    r, _ = ed.add_relation(record, scheme, "MEMBER_OF", per.id, orgs[0].id)
    r, _ = ed.add_relation(r, scheme, "ALLIED_WITH", orgs[1].id, orgs[0].id)
    r, _ = ed.add_relation(r, scheme, "LOCATED_IN", orgs[0].id, gpe.id)
    later = next(m for m in r.mentions if m.start > per.end and "\n" not in text[per.start : m.end])
    return ed.toggle_fragment(r, text, scheme, per.id, later.start, later.end)


def key(record: AnnotationRecord, ident: str) -> tuple:
    m = next(m for m in record.mentions if m.id == ident)
    return (m.label, tuple((p.start, p.end) for p in m.pieces))


def structures(record: AnnotationRecord) -> set[tuple]:
    return {(r.type, key(record, r.args[0].ref), key(record, r.args[1].ref)) for r in record.relations}


def project_with_structures(project, seeds, scheme) -> dict[str, AnnotationRecord]:
    gold = {r.doc: r for r in load_records(ROOT / "gold" / "gold.jsonl")}
    doc = "001_aab8a3634b40cb55"
    gold[doc] = with_structures(gold[doc], seeds.get(doc).text, scheme)
    write_records(project.gold_dir / "gold.jsonl", gold.values())
    return gold


def run(project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def test_brat_writes_r_lines_and_discontinuous_t_and_reads_them_back(project, seeds, scheme, tmp_path) -> None:
    gold = project_with_structures(project, seeds, scheme)
    out = tmp_path / "brat"
    assert run(project, "export", "--format", "brat", "--gold", "--out", str(out)) == 0
    ann = (out / "001_aab8a3634b40cb55.ann").read_text(encoding="utf-8")
    assert [line.split("\t")[1].split()[0] for line in ann.splitlines() if line.startswith("R")] == [
        "MEMBER_OF",
        "ALLIED_WITH",
        "LOCATED_IN",
    ]
    assert any(line.startswith("T") and ";" in line.split("\t")[1] for line in ann.splitlines())
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "MEMBER_OF\tArg1:PER|ORG, Arg2:ORG|GPE" in conf
    assert run(project, "import", "--format", "brat", str(out), "--as", "back") == 0
    assert run(project, "validate", str(project.gold_dir / "back.jsonl")) == 0
    back = {r.doc: r for r in load_records(project.gold_dir / "back.jsonl")}
    for doc, record in gold.items():
        assert structures(back[doc]) == structures(record), doc
        assert {key(back[doc], m.id) for m in back[doc].mentions} == {key(record, m.id) for m in record.mentions}
    assert len(structures(back["001_aab8a3634b40cb55"])) == 3


def test_label_studio_keeps_relations(project, seeds, scheme, tmp_path, capsys) -> None:
    gold = project_with_structures(project, seeds, scheme)
    out = tmp_path / "ls.json"
    assert run(project, "export", "--format", "labelstudio", "--gold", "--out", str(out)) == 0
    assert "1 discontinuous mentions (written as their extent)" in capsys.readouterr().out
    assert run(project, "import", "--format", "labelstudio", str(out), "--as", "back") == 0
    back = {r.doc: r for r in load_records(project.gold_dir / "back.jsonl")}

    def extents(record: AnnotationRecord) -> set[tuple]:
        spans = {m.id: (m.label, m.start, m.end) for m in record.mentions}
        return {(r.type, spans[r.args[0].ref], spans[r.args[1].ref]) for r in record.relations}

    for doc, record in gold.items():
        assert extents(back[doc]) == extents(record), doc


def test_a_brat_configuration_with_relations_gives_scheme_relations(tmp_path) -> None:
    conf = (
        "[entities]\nPerson\nOrganization\n[relations]\n"
        "Employment\tArg1:Person, Arg2:Organization\n"
        "Equiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive\n"
        "[events]\n[attributes]\n"
    )
    toml = scheme_from_conf(conf, "annotation.conf", "corpus")
    path = tmp_path / "s.toml"
    path.write_text(toml, encoding="utf-8")
    from annotator.scheme import load_scheme

    scheme = load_scheme(path)
    (rel,) = scheme.relations
    assert (rel.name, [(a.role, a.labels) for a in rel.args]) == (
        "Employment",
        [("Arg1", ("Person",)), ("Arg2", ("Organization",))],
    )


def test_bad_brat_relations_are_refused_with_file_and_line(project, seeds, tmp_path, capsys) -> None:
    doc = seeds.get("001_aab8a3634b40cb55")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
    a, b = doc.text.index("Zahran Alloush"), doc.text.index("Jaysh al-Islam")
    head = f"T1\tPER {a} {a + 14}\tZahran Alloush\nT2\tORG {b} {b + 14}\tJaysh al-Islam\n"
    for line, message in (
        ("R1\tMEMBER_OF Arg1:T1", "in/001_aab8a3634b40cb55.ann:3: a relation line reads 'TYPE Arg1:ID Arg2:ID'"),
        ("R1\tEMPLOYS Arg1:T1 Arg2:T2", "relation type 'EMPLOYS'"),
        ("R1\tMEMBER_OF Arg1:T1 Arg2:T9", "refers to unknown or unmapped id 'T9'"),
    ):
        (folder / f"{doc.id}.ann").write_text(head + line + "\n", encoding="utf-8")
        assert run(project, "import", "--format", "brat", str(folder), "--as", "x") == 1
        assert message in capsys.readouterr().err
        assert not (project.gold_dir / "x.jsonl").exists()
    (folder / f"{doc.id}.ann").write_text(head + "R1\tMEMBER_OF Member:T1 Group:T2\n", encoding="utf-8")
    assert run(project, "import", "--format", "brat", str(folder), "--as", "x") == 0
    [record] = load_records(project.gold_dir / "x.jsonl")
    assert [(r.type, [(x.role, x.ref) for x in r.args]) for r in record.relations] == [
        ("MEMBER_OF", [("Member", "T1"), ("Group", "T2")])
    ]
