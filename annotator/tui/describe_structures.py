"""Side-panel lines for relations, fragments, document labels and knowledge-base links (plain text)."""

from __future__ import annotations

from annotator.editing import entity_of, relations_of
from annotator.model import AnnotationRecord, Mention, Relation


def _arg(record: AnnotationRecord, ref: str) -> str:
    m = next((m for m in record.mentions if m.id == ref), None)
    if m is not None:
        return f"{m.text[:30]!r} {m.id}"
    v = next((v for v in record.events if v.id == ref), None)
    return f"{v.type} {v.trigger.text!r} {v.id}" if v is not None else ref


def relation_line(record: AnnotationRecord, rel: Relation) -> str:
    return f"{rel.type}: " + " — ".join(f"{a.role} {_arg(record, a.ref)}" for a in rel.args)


def structure_summaries(record: AnnotationRecord) -> list[tuple[str, str]]:
    """(id, line) for the document labels and each relation, after the other layers."""
    out: list[tuple[str, str]] = []
    if record.doc_labels:
        out.append(("", f"document: {', '.join(record.doc_labels)}"))
    out += [(r.id, relation_line(record, r)) for r in record.relations]
    return out


def mention_lines(record: AnnotationRecord, m: Mention) -> list[str]:
    """A mention's fragments, its cluster's link and the relations it is in."""
    lines = [f"fragment {f.text!r}" for f in m.fragments]
    cluster = entity_of(record, m.id)
    if cluster is not None and cluster.kb:
        lines.append(f"linked: {cluster.kb}")
    lines += [f"{r.id} {relation_line(record, r)}" for r in relations_of(record, m.id)]
    return lines


def relation_details(record: AnnotationRecord, ident: str) -> list[str]:
    rel = next(r for r in record.relations if r.id == ident)
    return [f"relation {rel.id} {rel.type}", *(f"  {a.role}: {_arg(record, a.ref)}" for a in rel.args)]
