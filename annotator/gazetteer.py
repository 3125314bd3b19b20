"""A project's gazetteer: the knowledge-base entries entities may be linked to, with typed prefix search.

The file is the ``gazetteer`` setting of ``[tool.annotator]``: a TSV (``id``,
``name``, then aliases separated by ``|``; lines starting with ``#`` are
comments) or a JSONL file of ``{"id", "name", "aliases"}`` objects. A bad line
is refused with its file and line number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()

    def label(self) -> str:
        extra = f" ({', '.join(self.aliases)})" if self.aliases else ""
        return f"{self.name}{extra}  [{self.id}]"


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[Entry, ...]

    def search(self, prefix: str, limit: int = 50) -> list[Entry]:
        """Entries with a name, alias or id starting with ``prefix`` (case-insensitive), or with a word that does."""
        p = prefix.strip().casefold()
        if not p:
            return list(self.entries[:limit])
        starts: list[Entry] = []
        words: list[Entry] = []
        for e in self.entries:
            forms = [f.casefold() for f in (e.name, *e.aliases, e.id)]
            if any(f.startswith(p) for f in forms):
                starts.append(e)
            elif any(w.startswith(p) for f in forms for w in f.split()):
                words.append(e)
        return (starts + words)[:limit]

    def get(self, ident: str) -> Entry | None:
        return next((e for e in self.entries if e.id == ident), None)

    def ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.entries)


def load_gazetteer(path: str | Path) -> Gazetteer:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise AnnotatorError(f"{path}: gazetteer file not found") from None
    except UnicodeDecodeError as exc:
        raise AnnotatorError(f"{path}: not UTF-8 text: {exc}") from None
    entries: list[Entry] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        entry = _jsonl_entry(path, n, line) if path.suffix == ".jsonl" else _tsv_entry(path, n, line)
        if entry.id in seen:
            raise AnnotatorError(f"{path}:{n}: id {entry.id!r} is listed twice")
        seen.add(entry.id)
        entries.append(entry)
    return Gazetteer(tuple(entries))


def _tsv_entry(path: Path, n: int, line: str) -> Entry:
    cells = line.split("\t")
    if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
        raise AnnotatorError(f"{path}:{n}: a gazetteer line needs an id and a name separated by a tab")
    aliases = tuple(a.strip() for a in cells[2].split("|") if a.strip()) if len(cells) > 2 else ()
    return Entry(cells[0].strip(), cells[1].strip(), aliases)


def _jsonl_entry(path: Path, n: int, line: str) -> Entry:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise AnnotatorError(f"{path}:{n}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("name"), str):
        raise AnnotatorError(f'{path}:{n}: a gazetteer object needs string "id" and "name"')
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise AnnotatorError(f'{path}:{n}: "aliases" must be a list of strings')
    return Entry(data["id"], data["name"], tuple(aliases))
