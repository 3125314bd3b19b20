"""Prodigy, doccano, CoNLL, DocBin and Label Studio imports stream and end exactly as their read lists do.

Each import is run twice on the same input in two copies of one project:
streamed (the format's ``read`` list is made unavailable) and through the
list ``read`` returns. The annotator file, the corpus and the errors must be
the same, byte for byte, but for the time each record was made.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.formats import command, get_format
from annotator.formats.base import Draft, Format, ReadOptions, ReadResult
from annotator.project import Project

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
ROOT = Path(__file__).resolve().parents[2]
STREAMED = ("prodigy", "doccano", "conll", "docbin", "labelstudio")
EXTRA = {"prodigy": "prodigy.jsonl", "doccano": "doccano_relation.jsonl", "conll": "example.conll"}
"""Files in each tool's own shape, appended to the export: documents the corpus lacks."""


UPDATED = re.compile(rb'"updated":"[0-9T:.Z-]+"')
"""When a record was made: the one byte run two imports of the same input cannot share."""


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): UPDATED.sub(b'"updated":"-"', p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".locks" not in p.parts
    }


def source(project: Project, tmp_path_factory: pytest.TempPathFactory, fmt: str) -> Path:
    """The shipped gold exported to ``fmt``, with the format's sample file after it."""
    shutil.copy(ROOT / "gold" / "gold.jsonl", project.gold_dir / "gold.jsonl")
    out = tmp_path_factory.mktemp("in") / f"in{get_format(fmt).SUFFIX}"
    assert main(["--project", str(project.root), "export", "--format", fmt, "--gold", "--out", str(out)]) == 0
    if fmt in EXTRA:
        with open(out, "ab") as fh:
            fh.write((DATA / EXTRA[fmt]).read_bytes())
    return out


def twin(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of ``project`` as it is now, for the list path's run."""
    copy = tmp_path_factory.mktemp("twin")
    shutil.rmtree(copy)
    shutil.copytree(project.root, copy)
    return Project.find(copy)


def streamed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], project: Project, fmt: str, *args: str
) -> tuple[int, str]:
    """``annotator import`` with the format's read list out of reach: only its stream can serve it."""

    def no_list(*_: Any) -> ReadResult:
        raise AssertionError(f"the {fmt} import read the whole input as a list")

    with monkeypatch.context() as m:
        m.setattr(get_format(fmt), "read", no_list)
        code = main(["--project", str(project.root), "import", "--format", fmt, *args])
    return code, capsys.readouterr().err


def listed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], project: Project, fmt: str, *args: str
) -> tuple[int, str]:
    """``annotator import`` through the list the format's ``read`` returns."""

    def drafts_of(fmt_: Format, paths: list[Path], options: ReadOptions) -> tuple[ReadResult, Iterator[Draft]]:
        result = fmt_.read(paths, options)
        return result, iter(result.drafts)

    with monkeypatch.context() as m:
        m.setattr(command, "drafts_of", drafts_of)
        code = main(["--project", str(project.root), "import", "--format", fmt, *args])
    return code, capsys.readouterr().err


def both(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    project: Project,
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str,
    *args: str,
) -> tuple[tuple[int, str, dict[str, bytes]], tuple[int, str, dict[str, bytes]]]:
    """The exit code, error output and project files after a streamed and a listed import of the same input."""
    other = twin(project, tmp_path_factory)
    code, err = streamed(monkeypatch, capsys, project, fmt, *args)
    code_l, err_l = listed(monkeypatch, capsys, other, fmt, *args)
    return (code, err.replace(str(project.root), "ROOT"), snapshot(project.root)), (
        code_l,
        err_l.replace(str(other.root), "ROOT"),
        snapshot(other.root),
    )


@pytest.mark.parametrize("fmt", STREAMED)
def test_a_streamed_import_writes_what_the_list_import_writes(
    fmt: str,
    project: Project,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = source(project, tmp_path_factory, fmt)
    before = snapshot(project.root)
    stream, listing = both(monkeypatch, capsys, project, tmp_path_factory, fmt, str(src), "--as", "x")
    assert stream[0] == listing[0] == 0, stream[1]
    assert stream[2] == listing[2]
    written = stream[2]["gold/x.jsonl"].decode("utf-8").splitlines()
    gold_docs = {json.loads(line)["doc"] for line in (ROOT / "gold" / "gold.jsonl").read_text().splitlines()}
    assert gold_docs <= {json.loads(line)["doc"] for line in written}
    new_texts = set(stream[2]) - set(before) - {"gold/x.jsonl"}
    assert bool(new_texts) == (fmt in EXTRA), new_texts


def _bad_line(fmt: str, src: Path) -> tuple[str, str]:
    """Damage a line near the end of ``src``; the ``file:line`` the damage is at and what the error says."""
    lines = src.read_bytes().split(b"\n")
    if fmt == "conll":
        at = len(lines) - 3
        token = lines[at].split(b"\t")[0]
        lines[at] = token + b"\tX-ORG"
        src.write_bytes(b"\n".join(lines))
        return f"{src}:{at + 1}:", "is not O, B-, I-, E- or S-"
    if fmt == "labelstudio":
        tasks = json.loads(src.read_bytes())
        tasks[-1]["annotations"][0]["result"][0]["value"]["start"] += 1
        text = json.dumps(tasks, indent=1)
        src.write_text(text, encoding="utf-8")
        return f"{src}:{text.count(chr(10), 0, text.rfind(chr(10) + ' {')) + 2} (annotation 1):", "text mismatch"
    at = max(i for i, line in enumerate(lines) if line and json.loads(line).get("answer", "accept") == "accept")
    obj = json.loads(lines[at])
    if fmt == "prodigy":
        obj["spans"][0]["end"] = 999
        obj["spans"][0].pop("text", None)
    else:
        obj["entities"][0]["end_offset"] = 999
    lines[at] = json.dumps(obj).encode("utf-8")
    src.write_bytes(b"\n".join(lines))
    return f"{src}:{at + 1}:", "past the end"


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conll", "labelstudio"])
def test_a_bad_line_is_named_and_nothing_is_written(
    fmt: str,
    project: Project,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = source(project, tmp_path_factory, fmt)
    where, what = _bad_line(fmt, src)
    before = snapshot(project.root)
    stream, listing = both(monkeypatch, capsys, project, tmp_path_factory, fmt, str(src), "--as", "x")
    assert stream[0] == listing[0] == 1
    assert where in stream[1] and what in stream[1], stream[1]
    assert stream[1] == listing[1]
    assert stream[2] == before


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conll"])
@pytest.mark.parametrize("damage", ["binary", "not utf-8"])
def test_a_file_that_is_not_text_is_refused_before_any_document(
    fmt: str,
    damage: str,
    project: Project,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = source(project, tmp_path_factory, fmt)
    data = src.read_bytes()
    lines = data.count(b"\n")
    src.write_bytes(data + (b"\x00\x01" if damage == "binary" else b"caf\xe9\n"))
    before = snapshot(project.root)
    stream, listing = both(monkeypatch, capsys, project, tmp_path_factory, fmt, str(src), "--as", "x")
    assert stream[0] == listing[0] == 1
    expected = f"{src}:1: a binary file" if damage == "binary" else f"{src}:{lines + 1}: not UTF-8 text (byte "
    assert expected in stream[1], stream[1]
    assert stream[1] == listing[1]
    assert stream[2] == before


@pytest.mark.parametrize("fmt", ["prodigy", "doccano"])
def test_a_document_given_twice_and_a_text_the_corpus_has_otherwise_are_refused_alike(
    fmt: str,
    project: Project,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = source(project, tmp_path_factory, fmt)
    lines = src.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[1])
    changed["text"] += " Updated."
    src.write_text("\n".join([*lines, lines[0], json.dumps(changed)]) + "\n", encoding="utf-8")
    before = snapshot(project.root)
    stream, listing = both(monkeypatch, capsys, project, tmp_path_factory, fmt, str(src), "--as", "x")
    assert stream[0] == listing[0] == 1
    assert f"{src}:{len(lines) + 1}: a second record of x" in stream[1], stream[1]
    assert f"{src}:{len(lines) + 2}: text mismatch" in stream[1], stream[1]
    assert stream[1] == listing[1]
    assert stream[2] == before


def _docbin(path: Path, docs: list[tuple[str, str, list[tuple[int, int, str]]]]) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    from annotator.formats.docbin import make_doc

    vocab = Vocab()
    out = DocBin(store_user_data=True)
    for doc_id, text, spans in docs:
        doc = make_doc(vocab, text)
        doc.spans["mentions"] = [doc.char_span(s, e, label=label) for s, e, label in spans]
        doc.user_data["doc_id"] = doc_id
        out.add(doc)
    path.write_bytes(out.to_bytes())


def test_docbin_unknown_labels_and_a_second_record_are_refused_alike(
    project: Project,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = tmp_path_factory.mktemp("in") / "in.spacy"
    good = ("new-1", "Rebels shelled Aleppo.", [(0, 6, "ORG"), (15, 21, "GPE")])
    _docbin(src, [good, ("new-2", "Rebels left.", [(0, 6, "REBEL_GROUP")]), good])
    before = snapshot(project.root)
    stream, listing = both(monkeypatch, capsys, project, tmp_path_factory, "docbin", str(src), "--as", "x")
    assert stream[0] == listing[0] == 1
    assert "scheme mismatch" in stream[1] and "'REBEL_GROUP' (1x)" in stream[1], stream[1]
    assert stream[1] == listing[1]
    assert stream[2] == before
    _docbin(src, [good, ("new-2", "Rebels left.", [(0, 6, "ORG")]), good])
    stream, listing = both(monkeypatch, capsys, project, tmp_path_factory, "docbin", str(src), "--as", "x")
    assert stream[0] == listing[0] == 1
    assert f"{src}:3: a second record of x on document new-1 (first at {src}:1)" in stream[1], stream[1]
    assert stream[1] == listing[1]
    assert stream[2] == before


@pytest.mark.parametrize("fmt", STREAMED)
def test_the_first_document_is_given_before_the_last_is_read(
    fmt: str, project: Project, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = source(project, tmp_path_factory, fmt)
    if fmt == "docbin":
        _docbin(src, [("a", "Rebels left.", [(0, 6, "ORG")]), ("b", "Rebels left.", [(0, 6, "REBEL_GROUP")])])
    else:
        _bad_line(fmt, src)
    result = ReadResult()
    stream = get_format(fmt).iter_drafts([src], ReadOptions(project.scheme, corpus=project.corpus), result)  # type: ignore[attr-defined]
    first = next(stream)
    assert first.text and not result.problems and not result.unknown_types
    rest = list(stream)
    assert rest and (result.problems or result.unknown_types)
    assert not result.drafts
