"""What every format reader and writer shares: drafts of imported records, problems, losses.

A reader turns files into :class:`Draft` records (the document text it saw,
the annotator the file names, if any, and where in the file each came from)
and never touches the project: the import command resolves documents,
annotators and validation in one place (:mod:`annotator.formats.command`), so
every format gets the same checks and the same all-or-nothing write. A writer
turns records into files and returns what the format could not hold, so the
export command can say so instead of dropping it silently.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.corpus import Corpus, Document
from annotator.errors import AnnotatorError
from annotator.model import (
    AnnotationRecord,
    Attribution,
    Entity,
    Event,
    Hopper,
    Mention,
    Note,
    Relation,
    Zone,
    sha256_text,
)
from annotator.scheme import Scheme

PLACEHOLDER_ANNOTATOR = "imported"
"""The annotator of a draft whose file names none; the command replaces it."""


class FormatError(AnnotatorError):
    """Input a reader cannot make sense of; every problem reads ``file:line: reason``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Draft:
    """One document as one annotator labelled it in an imported file.

    ``doc`` is the id the file suggests (a file stem, a meta field, a line
    number); ``where`` is ``file:line`` for messages; ``named`` tells whether the
    file itself said who the annotator is.
    """

    where: str
    doc: str
    text: str
    annotator: str = PLACEHOLDER_ANNOTATOR
    named: bool = False
    zones: list[Zone] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    hoppers: list[Hopper] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    status: str = "done"

    def record(self, doc_id: str, annotator: str, scheme_id: str) -> AnnotationRecord:
        return AnnotationRecord.model_validate(
            {
                "doc": doc_id,
                "doc_sha256": sha256_text(self.text),
                "annotator": annotator,
                "scheme": scheme_id,
                "status": self.status,
                "zones": self.zones,
                "mentions": self.mentions,
                "entities": self.entities,
                "events": self.events,
                "hoppers": self.hoppers,
                "attributions": self.attributions,
                "relations": self.relations,
                "notes": self.notes,
            }
        )


@dataclass
class ReadResult:
    """Drafts plus what was read but not kept (warnings) and what was wrong (problems)."""

    drafts: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unknown_types: dict[str, int] = field(default_factory=dict)
    """Labels or types the scheme does not know, with how often they occur: a scheme mismatch."""

    def unknown(self, kind: str, name: str) -> None:
        key = f"{kind} {name!r}"
        self.unknown_types[key] = self.unknown_types.get(key, 0) + 1


@dataclass
class ReadOptions:
    scheme: Scheme
    suggestions: bool = False
    """Read the file's predictions (Label Studio) rather than its human annotations."""
    corpus: Corpus | None = None
    """Texts for formats that do not carry them (CoNLL): tokens are aligned to the corpus document."""


@dataclass
class WriteOptions:
    scheme: Scheme
    nested: str = "outer"
    """CoNLL: ``outer`` keeps the outermost mention, ``levels`` writes one column per nesting level."""
    scheme_tags: str = "iob2"
    """CoNLL: ``iob2`` or ``bioes``."""


@dataclass
class Losses:
    """What an export could not write, counted by kind, for the command to report."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        if n:
            self.counts[what] = self.counts.get(what, 0) + n

    def summary(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()))


class Format(Protocol):
    """A format module: ``read`` files into drafts, ``write`` records to ``out``.

    A module may also have ``iter_drafts(paths, options, result)``: the drafts
    one document at a time, problems and warnings into ``result``; ``annotator
    import`` then streams the input (:func:`annotator.formats.importing.drafts_of`)
    and ``read`` is best that stream made a list, so both say the same.

    ``write`` may get a collection read from disk as it is iterated
    (:class:`annotator.formats.records.ExportRecords`): iterate it once where
    the format allows, and hold one record at a time, so memory stays flat
    in corpus size.
    """

    NAME: str
    SUFFIX: str

    def read(self, paths: Sequence[Path], options: ReadOptions) -> ReadResult: ...

    def write(
        self, records: Collection[AnnotationRecord], docs: Mapping[str, Document], out: Path, options: WriteOptions
    ) -> Losses: ...


def annotators_of(records: Iterable[AnnotationRecord]) -> list[str]:
    """The annotators of ``records``, sorted; records read lazily for an export say so without being read again."""
    known = getattr(records, "annotators", None)
    return list(known) if known is not None else sorted({r.annotator for r in records})


def read_text(path: Path, result: ReadResult) -> str | None:
    """A file's text as strict UTF-8, or None with a problem naming the file (a binary file, say)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.problems.append(_unreadable(path, exc))
        return None
    if b"\x00" in data:
        result.problems.append(_binary(path))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(_not_utf8(path, data[: exc.start].count(b"\n") + 1, exc.start))
        return None


def _unreadable(path: Path, exc: OSError) -> str:
    return f"{path}: cannot read: {exc.strerror}"


def _binary(path: Path) -> str:
    return f"{path}:1: a binary file, not text"


def _not_utf8(path: Path, line: int, byte: int) -> str:
    return f"{path}:{line}: not UTF-8 text (byte {byte})"


def _text_problem(path: Path) -> str | None:
    """What :func:`read_text` would refuse ``path`` for, found reading one line at a time.

    A NUL byte anywhere makes the file binary, whatever comes before it, so
    the whole file is read before the first bad UTF-8 line is the verdict.
    """
    bad: str | None = None
    offset = 0
    try:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                if b"\x00" in raw:
                    return _binary(path)
                if bad is None:
                    try:
                        raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        bad = _not_utf8(path, lineno, offset + exc.start)
                offset += len(raw)
    except OSError as exc:
        return _unreadable(path, exc)
    return bad


def text_lines(path: Path, result: ReadResult) -> Iterator[tuple[int, str, bool]]:
    """The lines of a text file as ``read_text(path).split("\n")`` gives them, read one at a time.

    Each comes with its number and whether it is the last (a last line that
    is not blank had no final newline: a truncated file, perhaps). The file
    is read twice: first to refuse it as :func:`read_text` would (binary, not
    UTF-8) before any line is given, so a reader streaming it reports what
    its list reader reports; then line by line. Only the line being read is
    held, not the file.
    """
    problem = _text_problem(path)
    if problem is not None:
        result.problems.append(problem)
        return
    lineno = 0
    try:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.endswith(b"\n"):
                    yield lineno, raw.decode("utf-8"), True
                    return
                yield lineno, raw[:-1].decode("utf-8"), False
    except OSError as exc:
        result.problems.append(_unreadable(path, exc))
        return
    except UnicodeDecodeError as exc:
        result.problems.append(f"{path}:{lineno + 1}: changed while it was read ({exc.reason})")
        return
    yield lineno + 1, "", True


def span_problem(text: str, start: Any, end: Any, claimed: str | None = None) -> str | None:
    """Why ``start``-``end`` (and its claimed text) cannot be a span of ``text``; None when it can."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return f"offsets {start!r}-{end!r} are not whole numbers"
    if start < 0 or end < start:
        return f"offsets {start}-{end} are not an ordered range"
    if end > len(text):
        return f"offsets {start}-{end} run past the end of the text ({len(text)} characters)"
    if claimed is not None and text[start:end] != claimed:
        return f"offsets {start}-{end} hold {text[start:end]!r} but the file says {claimed!r}"
    return None


def outermost(items: Sequence[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Mentions that no other mention contains or crosses (longest first), and the rest."""
    kept: list[Mention] = []
    rest: list[Mention] = []
    last_end = -1
    for m in sorted(items, key=lambda m: (m.start, -m.end, m.label, m.id)):
        if m.start >= last_end and m.end > m.start:
            kept.append(m)
            last_end = m.end
        else:
            rest.append(m)
    return kept, rest


def nesting_levels(items: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions in layers: the outermost, then the outermost of what is left, and so on."""
    levels: list[list[Mention]] = []
    rest = list(items)
    while rest:
        kept, rest = outermost(rest)
        if not kept:
            break
        levels.append(kept)
    return levels


class Ids:
    """Fresh ids per prefix (``m1``, ``m2``…), skipping any already taken."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.counters: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        n = self.counters.get(prefix, 0)
        while True:
            n += 1
            ident = f"{prefix}{n}"
            if ident not in self.taken:
                self.taken.add(ident)
                self.counters[prefix] = n
                return ident

    def keep(self, ident: str, prefix: str) -> str:
        """``ident`` when still free, else a fresh one."""
        if ident not in self.taken:
            self.taken.add(ident)
            return ident
        return self.new(prefix)


def iter_json_lines(path: Path, result: ReadResult) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSONL file with their line numbers, one at a time; a bad line is a problem, not a crash."""
    import json

    for lineno, line, last in text_lines(path, result):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            truncated = " (truncated?)" if last or "Unterminated" in exc.msg else ""
            result.problems.append(f"{path}:{lineno}: not valid JSON{truncated}: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            result.problems.append(f"{path}:{lineno}: expected a JSON object per line")
            continue
        yield lineno, obj


def json_lines(path: Path, result: ReadResult) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a JSONL file with their line numbers (:func:`iter_json_lines` as a list)."""
    return list(iter_json_lines(path, result))


def iter_json_array(path: Path, result: ReadResult) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON array file, each with the line it starts on, decoded one at a time.

    The file's text is held whole (the standard library decodes from a
    string, and no dependency of the project reads a JSON array piecemeal);
    the objects are not: each is decoded when the one before has been used.
    """
    import json

    content = read_text(path, result)
    if content is None:
        return
    decoder = json.JSONDecoder()
    pos = len(content) - len(content.lstrip())
    if content[pos : pos + 1] != "[":
        if content[pos : pos + 1] == "{":
            del content
            yield from iter_json_lines(path, result)
            return
        result.problems.append(f"{path}:1: expected a JSON array of tasks")
        return
    pos += 1
    line, counted = 1, 0
    while True:
        while pos < len(content) and content[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(content):
            result.problems.append(f"{path}:{content.count(chr(10)) + 1}: the JSON array is not closed (truncated?)")
            return
        if content[pos] == "]":
            return
        line += content.count("\n", counted, pos)
        counted = pos
        try:
            obj, pos = decoder.raw_decode(content, pos)
        except json.JSONDecodeError as exc:
            result.problems.append(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}")
            return
        if not isinstance(obj, dict):
            result.problems.append(f"{path}:{line}: expected a task object")
            continue
        yield line, obj


def json_array(path: Path, result: ReadResult) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a JSON array file with the lines they start on (:func:`iter_json_array` as a list)."""
    return list(iter_json_array(path, result))


def safe_name(value: object) -> str | None:
    """An annotator or document name from a file, made a valid id; None when nothing usable is left."""
    import re

    if value is None or isinstance(value, bool):
        return None
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(value)).strip("-.")[:128]
    cleaned = cleaned.replace("..", ".")
    return cleaned if cleaned and cleaned[0].isalnum() else None
