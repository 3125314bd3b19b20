"""One line of an annotation file: a record as one canonical JSON line, and back.

Every reader parses a line here, so a line means the same to the app, to
evaluation, to agreement and to the format readers: strict JSON (no duplicate
keys, no NaN, no BOM, no lone surrogate), then the record model; a problem is
worded ``file:line: reason``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.model import AnnotationRecord


def dumps_record(record: AnnotationRecord) -> str:
    """One record as one canonical JSON line (without the newline)."""
    return json.dumps(record.canonical().to_json_dict(), ensure_ascii=False, separators=(",", ":"))


class NotStrictJSON(ValueError):
    """A line that lenient parsers accept but JSON (RFC 8259) does not, or that could not be written back."""


_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile(rb"\\u[dD][89abcdefABCDEF]|\xed[\xa0-\xbf]")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise NotStrictJSON(f"duplicate key {dup!r} in one object (a reader would keep only the last)")
    return obj


def _constant(name: str) -> Any:
    raise NotStrictJSON(f"{name} is not valid JSON (numbers must be finite)")


def strict_json(line: bytes) -> Any:
    """``line`` parsed as strict JSON: no duplicate keys, no NaN or Infinity, no BOM, no lone surrogate.

    Lenient parsers keep the last of two equal keys and accept ``NaN``, so a
    file could say two things at once or hold a value that is written back as
    invalid JSON; a lone surrogate cannot be written back as UTF-8 at all.
    Raises :class:`NotStrictJSON` naming the problem, or ``ValueError`` when
    the line is not JSON at all (the caller words that).
    """
    if line.startswith(_BOM):
        raise NotStrictJSON("starts with a UTF-8 byte order mark (BOM); save the file as UTF-8 without BOM")
    data = json.loads(line, object_pairs_hook=_pairs, parse_constant=_constant)
    if _SURROGATE.search(line) is not None:
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise NotStrictJSON(f"lone surrogate {exc.object[exc.start]!r} in a string (not Unicode text)") from None
    return data


def _error_text(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    more = exc.error_count() - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def parse_line(
    path: Path, lineno: int, line: bytes, fast: Callable[[bytes], Any] | None = None
) -> tuple[Any, str | None, bool]:
    """One line of an annotation file as ``(record, problem, torn)``, as :func:`annotator.store.iter_records` yields it.

    For readers that find the lines themselves (by byte offset, say) and must
    still parse them exactly as every other reader does.
    """
    if fast is not None and (light := fast(line)) is not None:
        return light, None, False
    try:
        data = strict_json(line)
    except NotStrictJSON as exc:
        return None, f"{path}:{lineno}: {exc}", False
    except ValueError:
        data = line
    try:
        if data is line:
            return AnnotationRecord.model_validate_json(line), None, False
        return AnnotationRecord.model_validate(data), None, False
    except ValidationError as exc:
        if not line.endswith(b"\n"):
            return None, line.decode("utf-8", errors="replace"), True
        if exc.errors()[0]["type"] == "json_invalid":
            reason = f"not valid JSON ({exc.errors()[0]['msg'].removeprefix('Invalid JSON: ')})"
        else:
            reason = _error_text(exc)
        return None, f"{path}:{lineno}: {reason}", False
