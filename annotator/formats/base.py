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

from collections.abc import Collection, Iterable, Mapping, Sequence
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


def safe_name(value: object) -> str | None:
    """An annotator or document name from a file, made a valid id; None when nothing usable is left."""
    import re

    if value is None or isinstance(value, bool):
        return None
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(value)).strip("-.")[:128]
    cleaned = cleaned.replace("..", ".")
    return cleaned if cleaned and cleaned[0].isalnum() else None
