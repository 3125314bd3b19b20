"""CoNLL: one token per line with its IOB2 (or BIOES) tag, a blank line between sentences.

Tokens and sentences come from the project's tokenizer and splitter
(:mod:`annotator.tokens`). A document starts with ``-DOCSTART- DOC`` (and the
annotator, ``-DOCSTART- DOC ANNOTATOR``, when the file holds several). A
mention that does not end on token boundaries is widened to the tokens it
touches. Nested mentions: ``--nested outer`` keeps the outermost (a crossing
mention loses to the earlier one), ``--nested levels`` writes one tag column
per nesting level. Only mentions are held; the rest is counted as lost.

Reading aligns the tokens to the corpus document named on the ``-DOCSTART-``
line; a document the corpus does not have gets the tokens joined by spaces,
one sentence per line, as its text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

from annotator.corpus import Document
from annotator.durable import atomic_writer
from annotator.formats.base import (
    Draft,
    Ids,
    Losses,
    ReadOptions,
    ReadResult,
    WriteOptions,
    annotators_of,
    nesting_levels,
    outermost,
)
from annotator.formats.textfiles import text_lines
from annotator.model import AnnotationRecord, Mention, Span
from annotator.tokens import TokenIndex, tokenize

NAME = "conll"
SUFFIX = ".conll"
DOCSTART = "-DOCSTART-"


def _tags(n: int, first: int, last: int, label: str, tags: list[str], bioes: bool) -> None:
    if bioes and first == last:
        tags[first] = f"S-{label}"
        return
    tags[first] = f"B-{label}"
    for i in range(first + 1, last + 1):
        tags[i] = f"I-{label}"
    if bioes:
        tags[last] = f"E-{label}"


def _columns(
    record: AnnotationRecord, index: TokenIndex, options: WriteOptions, losses: Losses
) -> tuple[list[list[str]], int]:
    n = len(index)
    if options.nested == "levels":
        levels = nesting_levels(record.mentions)
    else:
        kept, rest = outermost(record.mentions)
        levels = [kept]
        losses.add("nested or crossing mentions (use --nested levels)", len(rest))
    columns = []
    for level in levels:
        tags = ["O"] * n
        taken = -1
        for m in level:
            toks = index.tokens_in(m.start, m.end)
            if not toks:
                losses.add("mentions covering no token")
                continue
            if (index.starts[toks.start], index.ends[toks.stop - 1]) != (m.start, m.end):
                losses.add("mentions widened to token boundaries")
            if toks.start <= taken:
                losses.add("mentions sharing a token with a neighbour")
                continue
            _tags(n, toks.start, toks.stop - 1, m.label, tags, options.scheme_tags == "bioes")
            taken = toks.stop - 1
        columns.append(tags)
    return columns, len(levels)


def write(
    records: Collection[AnnotationRecord], docs: Mapping[str, Document], out: Path, options: WriteOptions
) -> Losses:
    """One CoNLL file, each document appended as its record is read (``levels``: a first pass finds the depth)."""
    losses = Losses()
    several = len(annotators_of(records)) > 1
    width = 1
    if options.nested == "levels":
        width = max((len(nesting_levels(r.mentions)) for r in records), default=1) or 1
    with atomic_writer(out) as fh:
        for r in records:
            text = docs[r.doc].text
            index = tokenize(text)
            columns, _depth = _columns(r, index, options, losses)
            losses.add("zones", len(r.zones))
            losses.add("events", len(r.events))
            losses.add("attributions", len(r.attributions))
            losses.add("entities (coreference)", len(r.entities))
            columns += [["O"] * len(index)] * (width - len(columns))
            head = f"{DOCSTART} {r.doc}" + (f" {r.annotator}" if several else "")
            parts = [head + "\n\n"]
            for s_start, s_end in index.sentences():
                toks = index.tokens_in(s_start, s_end)
                if not toks:
                    continue
                lines = [
                    "\t".join([text[index.starts[i] : index.ends[i]], *(c[i] for c in columns)]) + "\n" for i in toks
                ]
                parts.append("".join(lines) + "\n")
            fh.write("".join(parts).encode("utf-8"))
    return losses


def _spans(tags: list[str], where: list[str], result: ReadResult) -> list[tuple[int, int, str]]:
    """Token ranges (first, last inclusive) and labels from one tag column (IOB1, IOB2 and BIOES read alike)."""
    out: list[tuple[int, int, str]] = []
    open_: tuple[int, str] | None = None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if tag != "O" and (prefix not in ("B", "I", "E", "S") or not label):
            result.problems.append(f"{where[i]}: tag {tag!r} is not O, B-, I-, E- or S- followed by a label")
            continue
        continues = prefix in ("I", "E") and open_ is not None and open_[1] == label
        if open_ is not None and not continues:
            out.append((open_[0], i - 1, open_[1]))
            open_ = None
        if tag == "O":
            continue
        if not continues:
            open_ = (i, label)
        if prefix in ("E", "S") and open_ is not None:
            out.append((open_[0], i, open_[1]))
            open_ = None
    return out


def _document(
    path: Path,
    head: tuple[int, str, str | None],
    sentences: list[list[tuple[int, list[str]]]],
    options: ReadOptions,
    result: ReadResult,
) -> Draft | None:
    """The draft of one document, its tokens aligned to the corpus text (None, with a problem, when they are not)."""
    lineno, doc_id, annotator = head
    tokens = [tok for sent in sentences for tok in sent]
    if not tokens:
        return None
    corpus = options.corpus
    if corpus is not None and doc_id in corpus:
        text = corpus.get(doc_id).text
        starts: list[int] = []
        pos = 0
        for line, cols in tokens:
            found = text.find(cols[0], pos)
            if found < 0 or text[pos:found].strip():
                result.problems.append(
                    f"{path}:{line}: token {cols[0]!r} does not follow offset {pos} of document {doc_id} "
                    f"(text mismatch; the document has {text[pos : pos + 20]!r} there)"
                )
                return None
            starts.append(found)
            pos = found + len(cols[0])
    else:
        text = "\n".join(" ".join(cols[0] for _l, cols in sent) for sent in sentences) + "\n"
        starts = []
        pos = 0
        for sent in sentences:
            for _l, cols in sent:
                starts.append(pos)
                pos += len(cols[0]) + 1
    draft = Draft(
        where=f"{path}:{lineno}", doc=doc_id, text=text, annotator=annotator or "", named=annotator is not None
    )
    widths = {len(cols) for _l, cols in tokens}
    if len(widths) != 1:
        result.problems.append(f"{path}:{tokens[0][0]}: document {doc_id} has lines with different numbers of columns")
        return None
    ids = Ids()
    where = [f"{path}:{line}" for line, _ in tokens] + [f"{path}:{tokens[-1][0]}"]
    seen: set[tuple[int, int, str]] = set()
    for col in range(1, widths.pop()):
        for first, last, label in _spans([cols[col] for _l, cols in tokens], where, result):
            start, end = starts[first], starts[last] + len(tokens[last][1][0])
            if (start, end, label) in seen:
                continue
            seen.add((start, end, label))
            if label not in options.scheme.entity_by_label:
                result.unknown("entity label", label)
                continue
            draft.mentions.append(Mention(id=ids.new("m"), label=label, **Span.of(text, start, end).model_dump()))
    return draft


def iter_drafts(paths: Sequence[Path], options: ReadOptions, result: ReadResult) -> Iterator[Draft]:
    """The drafts of the documents in ``paths``, each given when the next ``-DOCSTART-`` (or the end) closes it.

    Only the document being read is held, so an import's memory does not
    grow with the file; ``result.drafts`` stays empty.
    """
    for path in paths:
        head: tuple[int, str, str | None] = (1, path.stem, None)
        sentences: list[list[tuple[int, list[str]]]] = [[]]
        count = 0
        for lineno, raw, _last in text_lines(path, result):
            line = raw.rstrip("\r")
            if line.startswith(DOCSTART):
                if draft := _document(path, head, [s for s in sentences if s], options, result):
                    yield draft
                bits = line.split()
                count += 1
                named = bits[1] if len(bits) > 1 and bits[1] not in ("-X-", "O") else f"{path.stem}-{count}"
                head = (lineno, named, bits[2] if len(bits) > 2 and bits[2] not in ("-X-", "O") else None)
                sentences = [[]]
            elif not line.strip():
                sentences.append([])
            else:
                cols = line.split("\t") if "\t" in line else line.split()
                if len(cols) < 2:
                    result.problems.append(f"{path}:{lineno}: expected a token and at least one tag, found {line!r}")
                    continue
                sentences[-1].append((lineno, [cols[0], *cols[1:]] if "\t" in line else [cols[0], cols[-1]]))
        if draft := _document(path, head, [s for s in sentences if s], options, result):
            yield draft


def read(paths: Sequence[Path], options: ReadOptions) -> ReadResult:
    result = ReadResult()
    result.drafts.extend(iter_drafts(paths, options, result))
    return result
