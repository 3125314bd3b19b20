"""Whole annotation files: streamed reading with every bad line reported, and atomic rewriting.

A later line for a document supersedes the earlier ones (the app appends a
whole record per save); a last line without its newline that does not parse
is a torn append, reported apart from real problems since it was never a
saved state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.durable import atomic_write, atomic_writer
from annotator.errors import LineError, StoreError
from annotator.model import AnnotationRecord
from annotator.store.lines import dumps_record, parse_line


@dataclass
class ReadResult:
    """What a JSONL annotation file holds, with everything wrong in it."""

    records: dict[tuple[str, str], AnnotationRecord] = field(default_factory=dict)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    torn_tail: str | None = None
    superseded: int = 0

    def by_doc(self) -> dict[str, AnnotationRecord]:
        return {doc: rec for (_, doc), rec in self.records.items()}


def iter_records(
    path: Path,
    select: Callable[[bytes], bool] | None = None,
    fast: Callable[[bytes], Any] | None = None,
    part: tuple[int, int, int] | None = None,
) -> Iterator[tuple[int, Any, str | None, bool]]:
    """Stream an annotation file line by line: ``(line number, record, problem, torn)``.

    Exactly one of ``record`` and ``problem`` is set. ``torn`` marks a last line
    without its newline that does not parse (an interrupted append). Memory
    stays that of one line, so scoring can read files of any size. ``select``
    skips lines before they are parsed (workers sharing out one file); ``fast``
    may return a lighter record for a line it vouches for (None: the line is
    parsed and checked by the model as usual). ``part`` = (first byte, end byte,
    number of the first line) reads only the lines starting in that stretch,
    so that workers can share out a file without each reading all of it.
    """
    try:
        fh = open(path, "rb", buffering=1 << 20)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    with fh:
        lines: Iterable[bytes] = fh
        first = 1
        if part is not None:
            fh.seek(part[0])
            lines, first = _until(fh, part[1] - part[0]), part[2]
        for lineno, line in enumerate(lines, first):
            if line.isspace() or (select is not None and not select(line)):
                continue
            record, problem, torn = parse_line(path, lineno, line, fast)
            yield lineno, record, problem, torn


def _until(fh: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The lines of ``fh`` that start within the next ``size`` bytes."""
    for line in fh:
        if size <= 0:
            return
        size -= len(line)
        yield line


def read_records(path: Path) -> ReadResult:
    """Parse an annotation file, reporting each bad line as ``file:line: reason``.

    A later line for the same (annotator, document) supersedes an earlier one.
    A last line without its newline that does not parse is a torn append: it is
    reported in ``torn_tail``, not as a problem, since it was never a saved state.
    """
    result = ReadResult()
    for lineno, record, problem, torn in iter_records(path):
        if record is None:
            if torn:
                result.torn_tail = problem
            else:
                result.problems.append(problem or "")
            continue
        key = (record.annotator, record.doc)
        if key in result.records:
            result.superseded += 1
        result.records[key] = record
        result.lines[key] = lineno
    return result


def load_records(path: Path) -> list[AnnotationRecord]:
    """All records of a file, or :class:`LineError` listing every bad line."""
    result = read_records(path)
    problems = list(result.problems)
    if result.torn_tail is not None:
        problems.append(f"{path}:{_count_lines(path)}: torn last line (an interrupted write), ignored")
    if problems:
        raise LineError(problems)
    return list(result.records.values())


def _count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1


def write_records(path: Path, records: Iterable[AnnotationRecord], *, inside: Path | None = None) -> None:
    """Write a whole exchange file atomically, sorted by annotator and document (``inside``: see atomic_write)."""
    ordered = sorted(records, key=lambda r: (r.annotator, r.doc))
    text = "".join(dumps_record(r) + "\n" for r in ordered)
    atomic_write(path, text.encode("utf-8"), inside=inside)


def write_lines(path: Path, lines: Iterable[bytes], *, inside: Path | None = None) -> None:
    """Write canonical record lines (each with its newline, already in file order) atomically, one at a time.

    For files too large to hold: only the line being written is in memory.
    """
    with atomic_writer(path, inside=inside) as fh:
        for line in lines:
            fh.write(line)
