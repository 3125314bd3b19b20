"""Label Studio JSON export: a list of tasks, each with ``data.text``, ``annotations`` and ``predictions``.

Every annotation (one per annotator) is a list of results: ``labels``
regions (``value`` with ``start``, ``end``, ``text``, ``labels``) and
``relation`` results (``from_id``, ``to_id``, ``labels``), as Label Studio's
NER-with-relations template produces them (``from_name`` ``label``,
``to_name`` ``text``). The regions and relations carry what
:mod:`annotator.formats.spans` maps. Export writes one task per document with
one annotation per exported annotator (``completed_by`` holds the annotator
as ``email`` ``NAME@annotator``). Reading gives each annotation's author its
own annotator (the ``email`` name, else ``ls-user-ID``); cancelled
annotations are skipped; with ``--as-suggestions`` the predictions are read
instead. Label Studio counts offsets in code points since its fix for
astral characters; the region's ``text`` is checked against the text.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.corpus import Document
from annotator.formats.base import Draft, Losses, ReadOptions, ReadResult, WriteOptions, annotators_of, safe_name
from annotator.formats.spans import FlatRelation, FlatSpan, flatten, unflatten
from annotator.formats.textfiles import iter_json_array
from annotator.model import AnnotationRecord
from annotator.store import atomic_write

NAME = "labelstudio"
SUFFIX = ".json"
EMAIL_DOMAIN = "@annotator"


def results(record: AnnotationRecord, text: str, losses: Losses) -> list[dict[str, Any]]:
    spans, relations = flatten(record, losses)
    out: list[dict[str, Any]] = [
        {
            "id": s.key,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s.start, "end": s.end, "text": text[s.start : s.end], "labels": [s.label]},
        }
        for s in spans
    ]
    out += [
        {"from_id": r.head, "to_id": r.child, "type": "relation", "direction": "right", "labels": [r.label]}
        for r in relations
    ]
    return out


def write(
    records: Collection[AnnotationRecord], docs: Mapping[str, Document], out: Path, options: WriteOptions
) -> Losses:
    losses = Losses()
    users = {name: i for i, name in enumerate(annotators_of(records), 1)}
    tasks: dict[str, dict[str, Any]] = {}
    for r in records:
        text = docs[r.doc].text
        task = tasks.setdefault(
            r.doc, {"id": len(tasks) + 1, "data": {"text": text, "doc": r.doc}, "annotations": [], "predictions": []}
        )
        task["annotations"].append(
            {
                "id": len(task["annotations"]) + 1,
                "completed_by": {"id": users[r.annotator], "email": r.annotator + EMAIL_DOMAIN},
                "result": results(r, text, losses),
                "was_cancelled": False,
            }
        )
    atomic_write(out, (json.dumps(list(tasks.values()), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return losses


def _author(value: Any) -> str | None:
    if isinstance(value, dict):
        email = value.get("email")
        if isinstance(email, str) and email:
            return safe_name(email.split("@")[0])
        value = value.get("id")
    return safe_name(f"ls-user-{value}") if value is not None else None


def iter_drafts(paths: Sequence[Path], options: ReadOptions, result: ReadResult) -> Iterator[Draft]:
    """The drafts of the annotations (or predictions) of the tasks in ``paths``, one task at a time.

    The file's text is read whole (see :func:`annotator.formats.textfiles.iter_json_array`);
    each task is decoded, made drafts and checked before the next is decoded,
    and ``result.drafts`` stays empty.
    """
    for path in paths:
        for lineno, task in iter_json_array(path, result):
            where = f"{path}:{lineno}"
            data_raw = task.get("data")
            data = data_raw if isinstance(data_raw, dict) else {}
            text = data.get("text")
            if not isinstance(text, str):
                text = next((v for v in data.values() if isinstance(v, str)), None)
            if not isinstance(text, str):
                result.problems.append(f'{where}: task {task.get("id")} has no text in "data"')
                continue
            doc = safe_name(data.get("doc")) or f"{path.stem}-{task.get('id', lineno)}"
            key = "predictions" if options.suggestions else "annotations"
            for n, ann in enumerate(task.get(key) or [], 1):
                if not isinstance(ann, dict):
                    result.problems.append(f"{where}: {key} entry {n} is not an object")
                    continue
                if ann.get("was_cancelled"):
                    result.warnings.append(f"{where}: annotation {ann.get('id')} was cancelled, skipped")
                    continue
                author = None if options.suggestions else _author(ann.get("completed_by"))
                draft = Draft(
                    where=f"{where} ({key[:-1]} {n})",
                    doc=doc,
                    text=text,
                    annotator=author or "",
                    named=author is not None,
                )
                spans: list[tuple[str, FlatSpan]] = []
                relations: list[tuple[str, FlatRelation]] = []
                for item in ann.get("result") or []:
                    if not isinstance(item, dict):
                        continue
                    if item.get("type") == "relation":
                        for label in item.get("labels") or ["related"]:
                            relations.append(
                                (draft.where, FlatRelation(str(item.get("from_id")), str(item.get("to_id")), label))
                            )
                        continue
                    value_raw = item.get("value")
                    value = value_raw if isinstance(value_raw, dict) else {}
                    labels = value.get(item.get("type") or "labels") or value.get("labels")
                    if not isinstance(labels, list) or "start" not in value:
                        result.warnings.append(
                            f"{draft.where}: result of type {item.get('type')!r} is not a text span, skipped"
                        )
                        continue
                    start, end = value.get("start"), value.get("end")
                    claimed = value.get("text")
                    if (
                        isinstance(claimed, str)
                        and isinstance(start, int)
                        and isinstance(end, int)
                        and text[start:end] != claimed
                    ):
                        result.problems.append(
                            f"{draft.where}: region {start}-{end} says {claimed!r} but the text has "
                            f"{text[start:end]!r} (text mismatch)"
                        )
                        continue
                    for label in labels:
                        spans.append((draft.where, FlatSpan(str(item.get("id")), start, end, str(label))))
                unflatten(draft, spans, relations, options.scheme, result)
                yield draft


def read(paths: Sequence[Path], options: ReadOptions) -> ReadResult:
    result = ReadResult()
    result.drafts.extend(iter_drafts(paths, options, result))
    return result
