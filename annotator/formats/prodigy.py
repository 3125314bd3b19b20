"""Prodigy JSONL: one task per line with ``text``, ``tokens``, ``spans`` and ``relations``.

Written in the shape of Prodigy's ``rel.manual`` / ``spans.manual`` output:
tokens from the project's tokenizer (``start``, ``end``, ``id``, ``ws``), spans
with character offsets and token indices (``token_end`` inclusive),
relations with ``head``/``child`` (the last token of each span) and
``head_span``/``child_span``; ``answer`` is ``accept``, ``_session_id`` the
annotator and ``meta.doc`` the document id. Spans and relations carry what
:mod:`annotator.formats.spans` maps (mentions, triggers, arguments,
coreference and hopper chains).

Reading keeps accepted tasks only (``reject`` and ``ignore`` answers are
reported and skipped) and takes the annotator from ``_session_id``.
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
from annotator.tokens import tokenize

NAME = "prodigy"
SUFFIX = ".jsonl"


def task(record: AnnotationRecord, text: str, losses: Losses) -> dict[str, Any]:
    index = tokenize(text)
    n = len(index)
    tokens = [
        {
            "text": text[s:e],
            "start": s,
            "end": e,
            "id": i,
            "ws": (i + 1 < n and index.starts[i + 1] > e) or (i + 1 == n and e < len(text)),
        }
        for i, (s, e) in enumerate(zip(index.starts, index.ends, strict=True))
    ]
    spans, relations = flatten(record, losses)
    by_key: dict[str, dict[str, Any]] = {}
    out_spans = []
    for s in spans:
        toks = index.tokens_in(s.start, s.end)
        first, last = (toks.start, toks.stop - 1) if toks else (index.token_at(s.start), index.token_at(s.start))
        obj = {
            "start": s.start,
            "end": s.end,
            "text": text[s.start : s.end],
            "token_start": first,
            "token_end": last,
            "label": s.label,
        }
        by_key[s.key] = obj
        out_spans.append(obj)
    out_rel = [
        {
            "head": by_key[r.head]["token_end"],
            "child": by_key[r.child]["token_end"],
            "head_span": by_key[r.head],
            "child_span": by_key[r.child],
            "label": r.label,
        }
        for r in relations
    ]
    return {
        "text": text,
        "meta": {"doc": record.doc},
        "tokens": tokens,
        "spans": out_spans,
        "relations": out_rel,
        "answer": "accept",
        "_view_id": "relations",
        "_session_id": record.annotator,
    }


def write(
    records: Collection[AnnotationRecord], docs: Mapping[str, Document], out: Path, options: WriteOptions
) -> Losses:
    losses = Losses()
    lines = [json.dumps(task(r, docs[r.doc].text, losses), ensure_ascii=False) + "\n" for r in records]
    atomic_write(out, "".join(lines).encode("utf-8"))
    return losses


def _key(span: Any) -> str:
    return f"{span.get('start')}:{span.get('end')}:{span.get('label')}"


def iter_drafts(paths: Sequence[Path], options: ReadOptions, result: ReadResult) -> Iterator[Draft]:
    """The drafts of the accepted tasks in ``paths``, one line at a time, problems and warnings into ``result``."""
    return json_line_drafts(
        paths,
        result,
        lambda path, lineno, obj: _draft(f"{path}:{lineno}", f"{path.stem}-{lineno}", obj, options, result),
    )


def read(paths: Sequence[Path], options: ReadOptions) -> ReadResult:
    result = ReadResult()
    result.drafts.extend(iter_drafts(paths, options, result))
    return result


def _draft(where: str, fallback_id: str, obj: dict[str, Any], options: ReadOptions, result: ReadResult) -> Draft | None:
    """The draft of one task; None (with a problem or a warning) for a task without text or not accepted."""
    text = obj.get("text")
    if not isinstance(text, str):
        result.problems.append(f'{where}: a task needs a "text" string')
        return None
    answer = obj.get("answer", "accept")
    if answer != "accept":
        result.warnings.append(f"{where}: answer {answer!r}, skipped")
        return None
    meta_raw = obj.get("meta")
    meta = meta_raw if isinstance(meta_raw, dict) else {}
    doc = safe_name(meta.get("doc") or meta.get("id")) or fallback_id
    annotator = safe_name(obj.get("_session_id"))
    draft = Draft(where=where, doc=doc, text=text, annotator=annotator or "", named=annotator is not None)
    spans: list[tuple[str, FlatSpan]] = []
    for s in obj.get("spans") or []:
        if not isinstance(s, dict) or "label" not in s:
            result.problems.append(f"{where}: a span needs start, end and label")
            continue
        claimed = s.get("text")
        offsets_given = isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
        if isinstance(claimed, str) and offsets_given and text[s["start"] : s["end"]] != claimed:
            result.problems.append(
                f"{where}: span {s['start']}-{s['end']} says {claimed!r} but the text has "
                f"{text[s['start'] : s['end']]!r} (text mismatch)"
            )
            continue
        spans.append((where, FlatSpan(_key(s), s.get("start"), s.get("end"), str(s["label"]))))
    by_token_end = {s.get("token_end"): _key(s) for s in obj.get("spans") or [] if isinstance(s, dict)}
    relations: list[tuple[str, FlatRelation]] = []
    for r in obj.get("relations") or []:
        if not isinstance(r, dict) or "label" not in r:
            result.problems.append(f"{where}: a relation needs head, child and label")
            continue
        head = _key(r["head_span"]) if isinstance(r.get("head_span"), dict) else by_token_end.get(r.get("head"))
        child = _key(r["child_span"]) if isinstance(r.get("child_span"), dict) else by_token_end.get(r.get("child"))
        relations.append((where, FlatRelation(str(head), str(child), str(r["label"]))))
    unflatten(draft, spans, relations, options.scheme, result)
    return draft
