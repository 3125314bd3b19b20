"""doccano JSONL, in both of its sequence-labelling shapes.

- ``label`` form: ``{"text": …, "label": [[start, end, "LABEL"], …]}`` (mentions and triggers only);
- relation form (doccano's "JSONL (Relation)"): ``"entities"`` with ``id``,
  ``label``, ``start_offset``, ``end_offset`` and ``"relations"`` with ``id``,
  ``from_id``, ``to_id``, ``type``; entity ids are local to the line.

Export writes the relation form (it holds arguments and coreference through
:mod:`annotator.formats.spans`), with the document id in ``doc`` and the
annotator in ``username``: doccano keeps unknown keys as metadata. Reading
accepts both forms; the annotator comes from ``username`` when present.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.corpus import Document
from annotator.formats.base import Draft, Losses, ReadOptions, ReadResult, WriteOptions, safe_name
from annotator.formats.spans import FlatRelation, FlatSpan, flatten, unflatten
from annotator.formats.textfiles import json_line_drafts
from annotator.model import AnnotationRecord
from annotator.store import atomic_write

NAME = "doccano"
SUFFIX = ".jsonl"


def line(n: int, record: AnnotationRecord, text: str, losses: Losses) -> dict[str, Any]:
    spans, relations = flatten(record, losses)
    number = {s.key: i for i, s in enumerate(spans, 1)}
    return {
        "id": n,
        "text": text,
        "entities": [
            {"id": number[s.key], "label": s.label, "start_offset": s.start, "end_offset": s.end} for s in spans
        ],
        "relations": [
            {"id": i, "from_id": number[r.head], "to_id": number[r.child], "type": r.label}
            for i, r in enumerate(relations, 1)
        ],
        "doc": record.doc,
        "username": record.annotator,
    }


def write(
    records: Collection[AnnotationRecord], docs: Mapping[str, Document], out: Path, options: WriteOptions
) -> Losses:
    losses = Losses()
    body = [
        json.dumps(line(n, r, docs[r.doc].text, losses), ensure_ascii=False) + "\n" for n, r in enumerate(records, 1)
    ]
    atomic_write(out, "".join(body).encode("utf-8"))
    return losses


def iter_drafts(paths: Sequence[Path], options: ReadOptions, result: ReadResult) -> Iterator[Draft]:
    """The drafts of the lines of ``paths``, one line at a time, problems and warnings into ``result``."""
    return json_line_drafts(
        paths,
        result,
        lambda path, lineno, obj: _draft(
            f"{path}:{lineno}", f"{path.stem}-{obj.get('id', lineno)}", obj, options, result
        ),
    )


def read(paths: Sequence[Path], options: ReadOptions) -> ReadResult:
    result = ReadResult()
    result.drafts.extend(iter_drafts(paths, options, result))
    return result


def _draft(where: str, fallback_id: str, obj: dict[str, Any], options: ReadOptions, result: ReadResult) -> Draft | None:
    """The draft of one line, in either shape; None (with a problem) for a line without text."""
    text = obj.get("text")
    if not isinstance(text, str):
        result.problems.append(f'{where}: a line needs a "text" string')
        return None
    doc = safe_name(obj.get("doc")) or fallback_id
    annotator = safe_name(obj.get("username"))
    draft = Draft(where=where, doc=doc, text=text, annotator=annotator or "", named=annotator is not None)
    spans: list[tuple[str, FlatSpan]] = []
    relations: list[tuple[str, FlatRelation]] = []
    if "label" in obj and isinstance(obj["label"], list):
        for item in obj["label"]:
            if not isinstance(item, list) or len(item) != 3:
                result.problems.append(f'{where}: a label entry reads [start, end, "LABEL"], found {item!r}')
                continue
            spans.append((where, FlatSpan(f"{item[0]}:{item[1]}:{item[2]}", item[0], item[1], str(item[2]))))
    else:
        for ent in obj.get("entities") or []:
            if not isinstance(ent, dict) or not {"id", "label", "start_offset", "end_offset"} <= ent.keys():
                result.problems.append(f"{where}: an entity needs id, label, start_offset and end_offset")
                continue
            spans.append((where, FlatSpan(str(ent["id"]), ent["start_offset"], ent["end_offset"], str(ent["label"]))))
        for rel in obj.get("relations") or []:
            if not isinstance(rel, dict) or not {"from_id", "to_id", "type"} <= rel.keys():
                result.problems.append(f"{where}: a relation needs from_id, to_id and type")
                continue
            relations.append((where, FlatRelation(str(rel["from_id"]), str(rel["to_id"]), str(rel["type"]))))
    unflatten(draft, spans, relations, options.scheme, result)
    return draft
