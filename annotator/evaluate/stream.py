"""Reading gold and predictions side by side without holding either in memory.

Files in the canonical form the store writes (one line per document, sorted
by document id) are merged line by line: memory stays that of one document.
Other files (an append log, a hand-made file in any order) are still accepted;
then the predictions are loaded whole and looked up by document.

Every line is read with :func:`annotator.store.iter_records` and every
prediction is checked with :func:`annotator.validate.validate_record` in its
lenient mode (the rules of predictions), against the corpus text when a
corpus is given. Problems are collected, not raised one by one, so the user
sees all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.corpus import Corpus, Document
from annotator.errors import AnnotatorError, StoreError
from annotator.fastread import FastRecord, decode, decode_gold, gold_problems, lenient_problems, problems
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.store import iter_records, read_records

DOC_ID = re.compile(rb'"doc"\s*:\s*"([^"\\]*)"')


class EvaluationInputError(AnnotatorError):
    """Gold or predictions that cannot be scored (unknown documents, invalid records, wrong files)."""


@dataclass
class Inputs:
    """What was learnt while reading: problems, documents without predictions, layers present."""

    gold_path: Path
    pred_path: Path
    problems: list[str] = field(default_factory=list)
    unknown_docs: list[str] = field(default_factory=list)
    missing_docs: list[str] = field(default_factory=list)
    gold_layers: set[str] = field(default_factory=set)
    pred_layers: set[str] = field(default_factory=set)
    systems: set[str] = field(default_factory=set)
    gold_annotators: set[str] = field(default_factory=set)
    parts: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """``"gold"``/``"pred"``: (first byte, end byte, first line number) of one worker's share of that file."""
    edges: dict[str, list[str]] = field(default_factory=dict)
    """``"gold"``/``"pred"``: the first and last document id read, to check the shares were in order."""
    check_gold: bool = False
    """Hold every gold record to the checks of ``annotator validate`` (strict rules, drift) as it is read."""
    gold_dir: Path | None = None
    """The project's gold folder: a gold file in it must hold only the annotator it is named after."""

    def merge(self, other: Inputs) -> None:
        self.problems += other.problems
        self.unknown_docs += other.unknown_docs
        self.missing_docs += other.missing_docs
        self.gold_layers |= other.gold_layers
        self.pred_layers |= other.pred_layers
        self.systems |= other.systems
        self.gold_annotators |= other.gold_annotators

    def check(self) -> None:
        """Raise one error listing everything wrong with the inputs."""
        lines = list(self.problems)
        if self.unknown_docs:
            names = ", ".join(self.unknown_docs[:20]) + (" …" if len(self.unknown_docs) > 20 else "")
            lines.append(
                f"{self.pred_path}: predictions for {len(self.unknown_docs)} document(s) not in the gold "
                f"{self.gold_path}: {names}"
            )
        if len(self.systems) > 1:
            lines.append(f"{self.pred_path}: holds records of several systems ({', '.join(sorted(self.systems))})")
        if len(self.gold_annotators) > 1:
            lines.append(
                f"{self.gold_path}: holds records of several annotators ({', '.join(sorted(self.gold_annotators))})"
            )
        if self.check_gold and self.gold_dir is not None and self.gold_path.resolve().parent == self.gold_dir.resolve():
            lines += [
                f"{self.gold_path}: holds records of annotator {a!r}; files in {self.gold_dir.name}/ are named "
                "after their annotator"
                for a in sorted(self.gold_annotators - {self.gold_path.stem})
            ]
        if lines:
            raise EvaluationInputError("\n".join(lines))


def _sorted_ids(path: Path) -> bool:
    """Whether the file's document ids are strictly increasing (a cheap scan, no parsing)."""
    last = b""
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if not line.strip():
                    continue
                m = DOC_ID.search(line)
                if m is None:
                    return False
                doc = m.group(1)
                if doc <= last:
                    return False
                last = doc
    except OSError:
        return False
    return True


def _exists(path: Path) -> None:
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")


def _lines(path: Path, inputs: Inputs, side: str) -> Iterator[tuple[int, AnnotationRecord]]:
    edges: list[str] = []
    fast = decode_gold if side == "gold" and inputs.check_gold else decode
    for lineno, record, problem, torn in iter_records(path, fast=fast, part=inputs.parts.get(side)):
        if record is not None:
            if not edges:
                edges += [record.doc, record.doc]
                inputs.edges[side] = edges
            edges[1] = record.doc
            yield lineno, record
        elif torn:
            inputs.problems.append(f"{path}:{lineno}: torn last line (an interrupted write)")
        else:
            inputs.problems.append(problem or f"{path}:{lineno}: unreadable")


def _document(corpus: Corpus | None, doc_id: str) -> Document | None:
    """The corpus text of a document, read for this one check and not kept (None: no corpus, or not in it)."""
    return corpus.read(doc_id) if corpus is not None and doc_id in corpus else None


def _check_gold(
    gold: AnnotationRecord, lineno: int, inputs: Inputs, scheme: Scheme, corpus: Corpus | None, doc: Document | None
) -> None:
    """The checks of ``annotator validate`` on one gold record (when asked for), each problem as ``file:line:``."""
    inputs.gold_annotators.add(gold.annotator)
    if inputs.check_gold:
        found = gold_problems(gold, scheme, doc, corpus=corpus is not None)
        inputs.problems += [f"{inputs.gold_path}:{lineno}: {p}" for p in found]


def _check_pred(
    pred: AnnotationRecord,
    gold: AnnotationRecord,
    lineno: int,
    inputs: Inputs,
    scheme: Scheme,
    doc: Document | None,
) -> None:
    where = f"{inputs.pred_path}:{lineno}"
    if pred.doc_sha256 != gold.doc_sha256:
        inputs.problems.append(
            f"{where}: doc {pred.doc}: made on a different text than the gold "
            f"(sha256 {pred.doc_sha256[:12]}… vs {gold.doc_sha256[:12]}…); offsets would not line up"
        )
        return
    inputs.pred_layers |= pred.layers_present()
    inputs.systems.add(pred.annotator)
    found = problems(pred, scheme, doc) if isinstance(pred, FastRecord) else lenient_problems(pred, doc, scheme)
    inputs.problems += [f"{where}: {p}" for p in found]


def both_sorted(gold_path: Path, pred_path: Path) -> bool:
    """Whether both files can be merged line by line (the store's canonical form)."""
    _exists(gold_path)
    _exists(pred_path)
    return _sorted_ids(gold_path) and _sorted_ids(pred_path)


def paired_records(
    gold_path: Path,
    pred_path: Path,
    scheme: Scheme,
    corpus: Corpus | None,
    inputs: Inputs,
    *,
    merge: bool | None = None,
) -> Iterator[tuple[AnnotationRecord, AnnotationRecord | None]]:
    """(gold, prediction or None) for every gold document, in document order.

    Files not in canonical form are read whole with
    :func:`annotator.store.read_records`, so a later line for a document
    supersedes an earlier one, as everywhere else in the project.

    ``merge=True`` assumes the canonical sorted form and raises
    :class:`OutOfOrder` at the first line that breaks it; None checks first.
    """
    _exists(gold_path)
    _exists(pred_path)
    if merge is None:
        merge = both_sorted(gold_path, pred_path)
    if merge:
        yield from _merge(gold_path, pred_path, scheme, corpus, inputs)
        return
    result = read_records(pred_path)
    inputs.problems += result.problems
    if result.torn_tail is not None:
        inputs.problems.append(f"{pred_path}: torn last line (an interrupted write)")
    preds = {doc: (result.lines[key], rec) for key, rec in result.records.items() for doc in [key[1]]}
    gold_result = read_records(gold_path)
    inputs.problems += gold_result.problems
    if gold_result.torn_tail is not None:
        inputs.problems.append(f"{gold_path}: torn last line (an interrupted write)")
    golds = sorted(gold_result.lines.items(), key=lambda kv: kv[0][1])
    seen: set[str] = set()
    for key, gold_line in golds:
        gold = gold_result.records[key]
        doc = _document(corpus, gold.doc)
        _check_gold(gold, gold_line, inputs, scheme, corpus, doc)
        seen.add(gold.doc)
        got = preds.get(gold.doc)
        if got is None:
            inputs.missing_docs.append(gold.doc)
            yield gold, None
            continue
        _check_pred(got[1], gold, got[0], inputs, scheme, doc)
        yield gold, got[1]
    inputs.unknown_docs += sorted(d for d in preds if d not in seen)


def _merge(
    gold_path: Path, pred_path: Path, scheme: Scheme, corpus: Corpus | None, inputs: Inputs
) -> Iterator[tuple[AnnotationRecord, AnnotationRecord | None]]:
    preds = _lines(pred_path, inputs, "pred")
    pending = next(preds, None)
    last = ""
    for gold_line, gold in _lines(gold_path, inputs, "gold"):
        if gold.doc <= last:
            raise OutOfOrder(f"{gold_path}: document {gold.doc} is out of order; run `annotator compact`")
        last = gold.doc
        doc = _document(corpus, gold.doc)
        _check_gold(gold, gold_line, inputs, scheme, corpus, doc)
        while pending is not None and pending[1].doc < gold.doc:
            inputs.unknown_docs.append(pending[1].doc)
            pending = _next_sorted(preds, pending, pred_path)
        if pending is not None and pending[1].doc == gold.doc:
            lineno, pred = pending
            _check_pred(pred, gold, lineno, inputs, scheme, doc)
            pending = _next_sorted(preds, pending, pred_path)
            yield gold, pred
        else:
            inputs.missing_docs.append(gold.doc)
            yield gold, None
    while pending is not None:
        inputs.unknown_docs.append(pending[1].doc)
        pending = _next_sorted(preds, pending, pred_path)


class OutOfOrder(StoreError):
    """A file expected in canonical (sorted) order is not; the caller may read it the slow way."""


def _next_sorted(
    preds: Iterator[tuple[int, AnnotationRecord]], current: tuple[int, AnnotationRecord], path: Path
) -> tuple[int, AnnotationRecord] | None:
    nxt = next(preds, None)
    if nxt is not None and nxt[1].doc <= current[1].doc:
        raise OutOfOrder(f"{path}:{nxt[0]}: document {nxt[1].doc} is out of order; run `annotator compact`")
    return nxt
