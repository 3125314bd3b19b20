"""Reading the text files formats come in, one line or one object at a time where the format allows.

Every reader refuses a file the same way (binary, not UTF-8, unreadable),
naming the file and line, and a streaming reader refuses exactly what reading
the whole text would: :func:`text_lines` checks the file before the first
line is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.formats.base import Draft, ReadResult


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


def json_line_drafts(
    paths: Sequence[Path], result: ReadResult, draft: Callable[[Path, int, dict[str, Any]], Draft | None]
) -> Iterator[Draft]:
    """The drafts ``draft`` makes of the objects of JSONL files, one line at a time (None: the line gives none).

    Only the line being read is held, so an import's memory does not grow
    with the file; ``result.drafts`` stays empty.
    """
    for path in paths:
        for lineno, obj in iter_json_lines(path, result):
            made = draft(path, lineno, obj)
            if made is not None:
                yield made
