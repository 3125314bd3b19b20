"""Round trips through every format, on the shipped gold and on files written in each tool's documented shape."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import load_records
from tests.formats.helpers import flat, semantic

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
ROOT = Path(__file__).resolve().parents[2]


def run(project, *args):
    return main(["--project", str(project.root), *args])


@pytest.fixture
def with_gold(project):
    shutil.copy(ROOT / "gold" / "gold.jsonl", project.gold_dir / "gold.jsonl")
    return project


def _records(project, name):
    return {r.doc: r for r in load_records(project.gold_dir / f"{name}.jsonl")}


def test_gold_to_brat_and_back_keeps_every_layer(with_gold, tmp_path, capsys):
    out = tmp_path / "brat"
    assert run(with_gold, "export", "--format", "brat", "--gold", "--out", str(out)) == 0
    assert (out / "annotation.conf").is_file() and (out / "visual.conf").is_file()
    assert run(with_gold, "import", "--format", "brat", str(out), "--as", "back") == 0
    assert run(with_gold, "validate", str(with_gold.gold_dir / "back.jsonl")) == 0
    gold, back = _records(with_gold, "gold"), _records(with_gold, "back")
    assert gold.keys() == back.keys()
    for doc, record in gold.items():
        assert semantic(back[doc]) == semantic(record, hopper_refs_as_first_event=True), doc


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "labelstudio"])
def test_gold_through_span_formats_keeps_mentions_events_and_clusters(with_gold, tmp_path, fmt, capsys):
    out = tmp_path / f"gold.{fmt}"
    assert run(with_gold, "export", "--format", fmt, "--gold", "--out", str(out)) == 0
    assert run(with_gold, "import", "--format", fmt, str(out)) == 1
    assert "already has a record" in capsys.readouterr().err
    assert run(with_gold, "import", "--format", fmt, str(out), "--as", "back") == 0
    back = _records(with_gold, "back")
    original = {r.doc: r for r in load_records(ROOT / "gold" / "gold.jsonl")}
    assert back.keys() == original.keys()
    for doc, record in original.items():
        assert flat(back[doc]) == flat(record), doc


def test_span_formats_keep_several_annotators_apart(with_gold, tmp_path):
    for name in ("annotator-a", "annotator-b"):
        shutil.copy(ROOT / "gold" / f"{name}.jsonl", with_gold.gold_dir / f"{name}.jsonl")
    out = tmp_path / "ab.json"
    assert (
        run(
            with_gold, "export", "--format", "labelstudio", "--annotators", "annotator-a,annotator-b", "--out", str(out)
        )
        == 0
    )
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 5 and all(len(t["annotations"]) == 2 for t in tasks)
    (with_gold.gold_dir / "annotator-a.jsonl").unlink()
    (with_gold.gold_dir / "annotator-b.jsonl").unlink()
    assert run(with_gold, "import", "--format", "labelstudio", str(out)) == 0
    for name in ("annotator-a", "annotator-b"):
        original = {r.doc: r for r in load_records(ROOT / "gold" / f"{name}.jsonl")}
        back = _records(with_gold, name)
        assert {d: flat(r) for d, r in back.items()} == {d: flat(r) for d, r in original.items()}


def _mentions(record):
    return sorted((m.label, m.text) for m in record.mentions)


def test_gold_to_conll_and_docbin_keeps_token_aligned_mentions(with_gold, tmp_path):
    original = {r.doc: r for r in load_records(ROOT / "gold" / "gold.jsonl")}
    out = tmp_path / "gold.spacy"
    assert run(with_gold, "export", "--format", "docbin", "--gold", "--out", str(out)) == 0
    assert run(with_gold, "import", "--format", "docbin", str(out), "--as", "fromspacy") == 0
    back = _records(with_gold, "fromspacy")
    from annotator.tokens import tokenize

    for doc, record in original.items():
        index = tokenize(with_gold.corpus.get(doc).text)
        aligned = [m for m in record.mentions if (m.start, m.end) == index.snap(m.start, m.end)]
        assert set(_mentions(back[doc])) >= {(m.label, m.text) for m in aligned}
        assert len(back[doc].mentions) == len(record.mentions)
        assert {(z.label, z.start, z.end) for z in back[doc].zones} == {(z.label, z.start, z.end) for z in record.zones}
    conll = tmp_path / "gold.conll"
    assert run(with_gold, "export", "--format", "conll", "--gold", "--nested", "levels", "--out", str(conll)) == 0
    assert run(with_gold, "import", "--format", "conll", str(conll), "--as", "fromconll") == 0
    back = _records(with_gold, "fromconll")
    for doc, record in original.items():
        index = tokenize(with_gold.corpus.get(doc).text)
        widened = {(m.label, *index.snap(m.start, m.end)) for m in record.mentions}
        assert {(m.label, m.start, m.end) for m in back[doc].mentions} <= widened
        assert len(back[doc].mentions) >= 0.95 * len(record.mentions)


def test_conll_bioes_and_outer_mode(with_gold, tmp_path):
    out = tmp_path / "gold.conll"
    assert run(with_gold, "export", "--format", "conll", "--gold", "--tags", "bioes", "--out", str(out)) == 0
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "-DOCSTART- 000_d246c74b127eef68"
    tags = {line.split("\t")[1][:2] for line in lines if "\t" in line}
    assert tags == {"O", "B-", "I-", "E-", "S-"}
    assert all(line.count("\t") == 1 for line in lines if "\t" in line)


# ---------------------------------------------------------------- files written by the tools


def _normal_ann(folder: Path) -> dict[str, set]:
    """A brat .ann as sets of lines with T and E ids replaced by what they stand for (R lines aside)."""
    out = {}
    for ann in folder.glob("*.ann"):
        lines = [line.split("\t") for line in ann.read_text(encoding="utf-8").splitlines() if line]
        t = {f[0]: (f[1]) for f in lines if f[0].startswith("T")}
        e = {
            f[0]: f[1].split()[0].split(":")[0] + "@" + t[f[1].split()[0].split(":")[1]]
            for f in lines
            if f[0].startswith("E")
        }

        def name(ident, t=t, e=e):
            return t.get(ident) or e.get(ident) or ident

        normal = set()
        for f in lines:
            head = f[0][0]
            if head == "T":
                normal.add(("T", f[1], f[2]))
            elif head == "E":
                items = f[1].split()
                args = sorted((r.rstrip("0123456789"), name(i)) for r, i in (x.split(":") for x in items[1:]))
                normal.add(("E", name(f[0]), tuple(args)))
            elif head == "*":
                kind, *members = f[1].split()
                normal.add(("*", kind, frozenset(name(m) for m in members)))
            elif head in "AMN#":
                kind, target, *rest = f[1].split()
                normal.add((head.replace("M", "A"), kind, name(target), tuple(rest), tuple(f[2:])))
        out[ann.stem] = normal
    return out


def test_brat_file_to_ours_to_brat_is_the_same_file_up_to_ids_and_order(project, tmp_path, capsys):
    assert run(project, "import", "--format", "brat", str(DATA / "brat" / "news"), "--as", "brat") == 0
    assert "new document(s)" in capsys.readouterr().out
    [record] = load_records(project.gold_dir / "brat.jsonl")
    assert record.doc == "aleppo" and (project.corpus_path / "aleppo.txt").is_file()
    assert {m.text for m in record.mentions} >= {"Zürich Street", "Aleppo"}
    [aleppo] = [e for e in record.entities if e.kb]
    assert aleppo.kb == "Wikidata:Q41183" and aleppo.name == "Aleppo"
    assert [a.parent for a in record.attributions if a.parent] == ["E2"]
    out = tmp_path / "again"
    assert run(project, "export", "--format", "brat", "--annotators", "brat", "--out", str(out)) == 0
    assert _normal_ann(out) == _normal_ann(DATA / "brat" / "news")
    assert (out / "aleppo.txt").read_bytes() == (DATA / "brat" / "news" / "aleppo.txt").read_bytes()


def _event_project(project, tmp_path):
    scheme = tmp_path / "bionlp.toml"
    src = DATA / "brat" / "events"
    assert run(project, "import", "--format", "brat", str(src), "--scheme-out", str(scheme)) == 0
    shutil.copy(scheme, project.root / "guidelines" / "schema.toml")
    return src


def test_brat_event_corpus_imports_with_a_scheme_generated_from_its_annotation_conf(project, tmp_path, capsys):
    src = DATA / "brat" / "events"
    assert run(project, "import", "--format", "brat", str(src), "--as", "bio") == 1
    err = capsys.readouterr().err
    assert "scheme mismatch" in err and "'Protein'" in err and "--scheme-out" in err
    assert not (project.gold_dir / "bio.jsonl").exists()
    _event_project(project, tmp_path)
    (project.root / "seeds").mkdir(exist_ok=True)
    for f in (project.root / "seeds").glob("*.txt"):
        f.unlink()
    assert run(project, "import", "--format", "brat", str(src), "--as", "bio") == 0
    err = capsys.readouterr().err
    assert "discontinuous" in err and "relation" in err
    [record] = load_records(project.gold_dir / "bio.jsonl")
    events = {e.id: e for e in record.events}
    assert [a.role for a in events["E3"].args] == ["Theme", "Cause"] and events["E3"].args[0].ref == "E1"
    assert events["E5"].attrs == {"negation": True} and events["E3"].attrs == {"confidence": "High"}
    assert events["E1"].trigger == events["E2"].trigger
    assert [sorted(e.mentions) for e in record.entities if len(e.mentions) > 1] == [["T2", "T3"]]
    assert [e.kb for e in record.entities if e.kb] == ["UniProt:Q99717"]
    assert [n.text for n in record.notes] == ["not regulated: negative evidence"]
    out = tmp_path / "bio-out"
    assert run(project, "export", "--format", "brat", "--annotators", "bio", "--out", str(out)) == 0
    original = _normal_ann(src)["PMID-1"]
    kept = {x for x in original if not (x[0] == "T" and ";" in x[1])}
    assert _normal_ann(out)["PMID-1"] == {("A", *x[1:]) if x[0] == "A" else x for x in kept if x[0] != "A"} | {
        ("A", "negation", x[2], (), ()) if x[1] == "Negation" else ("A", "confidence", x[2], x[3], ())
        for x in kept
        if x[0] == "A"
    }


def test_conll_file_to_ours_to_conll_is_the_same_file(project, tmp_path):
    assert run(project, "import", "--format", "conll", str(DATA / "example.conll"), "--as", "conll") == 0
    records = {r.doc: r for r in load_records(project.gold_dir / "conll.jsonl")}
    assert sorted(records) == ["reuters-1", "reuters-2"]
    assert ("GPE", "São Paulo") in _mentions(records["reuters-1"])
    out = tmp_path / "again.conll"
    assert run(project, "export", "--format", "conll", "--annotators", "conll", "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8") == (DATA / "example.conll").read_text(encoding="utf-8")


def _prodigy_view(path: Path) -> list:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        if task.get("answer") != "accept":
            continue
        spans = sorted((s["start"], s["end"], s["label"], s["token_start"], s["token_end"]) for s in task["spans"])
        rels = sorted(
            (r["head"], r["child"], r["label"], r["head_span"]["start"], r["child_span"]["start"])
            for r in task["relations"]
        )
        out.append((task["text"], task["_session_id"], spans, rels, [t["text"] for t in task["tokens"]]))
    return out


def test_prodigy_file_to_ours_to_prodigy_keeps_spans_relations_and_answers(project, tmp_path, capsys):
    assert run(project, "import", "--format", "prodigy", str(DATA / "prodigy.jsonl")) == 0
    assert "answer 'reject', skipped" in capsys.readouterr().err
    out = tmp_path / "again.jsonl"
    assert run(project, "export", "--format", "prodigy", "--annotators", "rel_news-alice", "--out", str(out)) == 0
    assert _prodigy_view(out) == _prodigy_view(DATA / "prodigy.jsonl")


def _doccano_view(path: Path) -> list:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if "label" in obj:
            ents = {str(i): (s, e, lab) for i, (s, e, lab) in enumerate(obj["label"])}
        else:
            ents = {str(x["id"]): (x["start_offset"], x["end_offset"], x["label"]) for x in obj["entities"]}
        rels = sorted((ents[str(r["from_id"])], ents[str(r["to_id"])], r["type"]) for r in obj.get("relations", []))
        out.append((obj["text"], sorted(ents.values()), rels))
    return out


@pytest.mark.parametrize("name", ["doccano_label.jsonl", "doccano_relation.jsonl"])
def test_doccano_file_to_ours_to_doccano_keeps_entities_and_relations(project, tmp_path, name):
    assert run(project, "import", "--format", "doccano", str(DATA / name), "--as", "dc") == 0
    out = tmp_path / "again.jsonl"
    assert run(project, "export", "--format", "doccano", "--annotators", "dc", "--out", str(out)) == 0
    assert _doccano_view(out) == _doccano_view(DATA / name)


def _ls_view(path: Path, key: str = "annotations") -> list:
    out = []
    for task in json.loads(path.read_text(encoding="utf-8")):
        for ann in task[key]:
            if ann.get("was_cancelled"):
                continue
            regions = {
                r["id"]: (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
                for r in ann["result"]
                if r["type"] == "labels"
            }
            rels = sorted(
                (regions[r["from_id"]], regions[r["to_id"]], r["labels"][0])
                for r in ann["result"]
                if r["type"] == "relation"
            )
            out.append((task["data"]["text"], sorted(regions.values()), rels))
    return sorted(out)


def test_label_studio_annotators_stay_apart_and_predictions_become_suggestions(project, tmp_path, capsys):
    src = DATA / "labelstudio.json"
    assert run(project, "import", "--format", "labelstudio", str(src)) == 0
    assert "cancelled" in capsys.readouterr().err
    assert sorted(project.annotators()) == ["ls-user-1", "ls-user-2"]
    out = tmp_path / "again.json"
    assert (
        run(project, "export", "--format", "labelstudio", "--annotators", "ls-user-1,ls-user-2", "--out", str(out)) == 0
    )
    assert _ls_view(out) == _ls_view(src)
    assert run(project, "import", "--format", "labelstudio", str(src), "--as-suggestions") == 0
    [suggested] = load_records(project.gold_dir / "suggestions" / "labelstudio.jsonl")
    assert [(m.label, m.text) for m in suggested.mentions] == [("GPE", "Idlib")]


def test_docbin_export_looks_up_msgpack_entry_points_once_not_per_document(with_gold, tmp_path, monkeypatch):
    """spaCy's serialiser would scan every installed package's entry points for each document."""
    import catalogue
    from srsly.msgpack import msgpack_encoders

    scans: list[str] = []
    real = catalogue.Registry._get_entry_points

    def counted(self):
        if self.namespace[0] == "srsly":
            scans.append(".".join(self.namespace))
        return real(self)

    monkeypatch.setattr(catalogue.Registry, "_get_entry_points", counted)
    out = tmp_path / "gold.spacy"
    assert run(with_gold, "export", "--format", "docbin", "--gold", "--out", str(out)) == 0
    assert len(with_gold.corpus.ids()) == 5 and len(scans) <= 3, scans
    assert msgpack_encoders.entry_points, "the registry is left as spaCy set it up"
    scans.clear()
    assert run(with_gold, "import", "--format", "docbin", str(out), "--as", "fromspacy") == 0
    assert len(scans) <= 3, scans
