from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.corpus import Corpus
from annotator.errors import CorpusError, SchemeError
from annotator.scheme import load_scheme
from annotator.tokens import tokenize

ROOT = Path(__file__).resolve().parent.parent


def test_folder_corpus_keeps_text_exactly_as_on_disk(tmp_path):
    raw = "Line one\r\nCaf\u00e9 \u201cquoted\u201d\r\n".encode()
    (tmp_path / "doc-1.txt").write_bytes(raw)
    corpus = Corpus.load(tmp_path)
    assert corpus.get("doc-1").text.encode("utf-8") == raw


def test_seed_offsets_are_code_points_not_bytes(seeds):
    text = seeds.get("004_18ce445469fc81d2").text
    i = text.index("ISIL\u2019S`")
    assert text[i : i + 6] == "ISIL\u2019S"
    assert len(text) < len(text.encode("utf-8"))


def test_jsonl_corpus_reports_every_bad_line(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "ok-1", "text": "fine"}),
        "not json",
        json.dumps({"id": "../evil", "text": "x"}),
        json.dumps({"id": "ok-1", "text": "again"}),
        json.dumps({"id": "ok-2", "text": 3}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        Corpus.load(path)
    msg = str(info.value)
    assert f"{path}:2:" in msg
    assert f"{path}:3: unsafe document id '../evil'" in msg
    assert f"{path}:4: document 'ok-1' appears twice" in msg
    assert f'{path}:5: "text" must be a string' in msg


def test_unsafe_file_names_in_a_folder_are_refused(tmp_path):
    (tmp_path / "bad name.txt").write_text("x")
    with pytest.raises(CorpusError, match="unsafe document id 'bad name'"):
        Corpus.load(tmp_path)


def test_the_bundled_scheme_holds_the_corpus_vocabulary(scheme):
    assert [z.label for z in scheme.zones] == [
        "HEADLINE",
        "BODY",
        "SUBHEAD",
        "CAPTION",
        "BYLINE_DATELINE",
        "BOILERPLATE",
        "DUPLICATE",
    ]
    assert [e.label for e in scheme.entity_labels] == ["PER", "ORG", "GPE", "LOC", "FAC", "WEA", "VEH", "TIME", "DOC"]
    assert len(scheme.event_types) == 15
    assert scheme.allowed_roles("ATTACK", "WEA") == ["Instrument"]
    assert scheme.allowed_roles("ATTACK", "GPE") == ["Attacker", "Target", "Place"]
    assert scheme.default_attrs(scheme.event_attributes_for("DIE")) == {
        "realis": "ACTUAL",
        "polarity": "POSITIVE",
        "thwarted": "NONE",
        "aggregate": False,
    }


def _scheme_file(tmp_path, text: str) -> Path:
    path = tmp_path / "schema.toml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """
[scheme]
name = "tiny"
version = "2"
[[zones]]
label = "BODY"
description = "Body."
[[entity_labels]]
label = "PER"
description = "People."
key = "p"
"""


def test_another_project_can_bring_its_own_scheme(tmp_path):
    extra = """
[[event_types]]
name = "MEET"
description = "A meeting."
  [[event_types.roles]]
  name = "Who"
  description = "Participants."
  fillers = ["PER"]
"""
    scheme = load_scheme(_scheme_file(tmp_path, BASE + extra))
    assert scheme.id == "tiny/2"
    assert scheme.allowed_roles("MEET", "PER") == ["Who"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('[[entity_labels]]\nlabel = "PER"\ndescription = "Again."\n', "entity label 'PER' is defined twice"),
        ('[[entity_labels]]\nlabel = "ORG"\ndescription = "Orgs."\nkey = "p"\n', "entity label key 'p' is used twice"),
        (
            '[[event_types]]\nname = "X"\ndescription = "x"\n[[event_types.roles]]\nname = "R"\n'
            'description = "r"\nfillers = ["NOPE"]\n',
            "role 'R' names unknown entity label 'NOPE'",
        ),
        (
            '[[event_attributes]]\nname = "realis"\ndescription = "r"\nvalues = ["A", "B"]\ndefault = "C"\n',
            "default 'C' is not one of ['A', 'B']",
        ),
        ('[[zones]]\nlabel = "HEAD"\n', "description"),
    ],
)
def test_a_broken_scheme_is_refused_with_the_file_named(tmp_path, extra, expected):
    path = _scheme_file(tmp_path, BASE + extra)
    with pytest.raises(SchemeError) as info:
        load_scheme(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_scheme_that_is_not_toml_is_refused(tmp_path):
    with pytest.raises(SchemeError, match="not valid TOML"):
        load_scheme(_scheme_file(tmp_path, "[scheme\nname="))


def test_tokens_snap_selections_to_whole_tokens(seeds):
    doc = seeds.get("003_17ae0a9fe3fd3c77")
    idx = tokenize(doc.text)
    i = doc.text.index("A second batch")
    s, e = idx.snap(i + 3, i + 10)
    assert doc.text[s:e] == "second batch"
    assert idx.snap(i - 1, i) == (i - 1, i), "a range over whitespace alone stays as it is"


def test_sentences_split_at_line_breaks_and_full_stops(seeds):
    doc = seeds.get("003_17ae0a9fe3fd3c77")
    idx = tokenize(doc.text)
    sentences = [doc.text[s:e] for s, e in idx.sentences()]
    assert sentences[:5] == [
        "Connect with us",
        "Hi, what are you looking for?",
        "World",
        "More IS fighters leave Damascus district: monitor",
        "-",
    ]
    i = doc.text.index("The government has so far")
    assert doc.text[slice(*idx.sentence_bounds(i + 10))].endswith("during a brief ceasefire.")


def test_tokens_around_curly_quotes_and_em_dash(seeds):
    doc = seeds.get("004_18ce445469fc81d2")
    idx = tokenize(doc.text)
    i = doc.text.index("DAMASCUS \u2014")
    toks = [doc.text[s:e] for s, e in (idx.span_of(t, t) for t in idx.tokens_in(i, i + 10))]
    assert toks == ["DAMASCUS", "\u2014"]
    j = doc.text.index("\u201ccrush\u201d")
    toks = [doc.text[idx.starts[t] : idx.ends[t]] for t in idx.tokens_in(j, j + 7)]
    assert "crush" in toks
