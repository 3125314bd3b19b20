"""One-line summaries and detail lines of annotations for the side panel (plain text)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from annotator.editing import entity_name, entity_of, hopper_of
from annotator.model import AnnotationRecord
from annotator.tui.describe_structures import mention_lines, relation_details, structure_summaries


def _text(record: AnnotationRecord, ref: str | None) -> str:
    if ref is None:
        return "(implicit)"
    m = next((m for m in record.mentions if m.id == ref), None)
    if m is not None:
        return f"{m.text!r} {m.id}"
    v = next((v for v in record.events if v.id == ref), None)
    if v is not None:
        return f"{v.type} {v.trigger.text!r} {v.id}"
    return ref


def summaries(record: AnnotationRecord, window: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """(id, one line) per annotation, grouped by layer in text order; mentions only inside ``window``.

    Long documents hold thousands of mentions; listing those on screen keeps the
    panel useful and cheap to rebuild.
    """
    out: list[tuple[str, str]] = []
    out += [(z.id, f"zone {z.label} {z.text[:30]!r}") for z in sorted(record.zones, key=lambda z: z.start)]
    lo, hi = window if window is not None else (0, float("inf"))
    for m in sorted(record.mentions, key=lambda m: (m.start, -m.end)):
        if lo <= m.start < hi:
            out.append((m.id, f"{m.label} {m.text[:40]!r}"))
    for e in record.entities:
        out.append((e.id, f"cluster {entity_name(record, e)[:30]!r} ({len(e.mentions)})"))
    for v in sorted(record.events, key=lambda v: v.trigger.start):
        out.append((v.id, f"{v.type} {v.trigger.text!r} · {len(v.args)} arg"))
    for a in record.attributions:
        cue = repr(a.cue.text) if a.cue else "(no cue)"
        out.append((a.id, f"says {cue} ← {_text(record, a.source)[:30]}"))
    noted = Counter(n.target for n in record.notes if n.target)
    out = [(ident, f"{text} ✎{noted[ident]}" if ident in noted else text) for ident, text in out]
    return out + structure_summaries(record)


def details(record: AnnotationRecord, ident: str | None, kinds: Mapping[str, str] | None = None) -> list[str]:
    """What the side panel shows about the focused annotation (``kinds``: the record's ids, if already known)."""
    if ident is None:
        return ["(nothing under the cursor)"]
    kind = (record.ids() if kinds is None else kinds).get(ident)
    attrs: dict = {}
    lines: list[str] = []
    if kind == "mention":
        m = next(m for m in record.mentions if m.id == ident)
        lines = [f"mention {m.id} {m.label}", repr(m.text)]
        cluster = entity_of(record, m.id)
        lines.append(f"cluster: {entity_name(record, cluster)} ({cluster.id})" if cluster else "cluster: none")
        roles = [f"{a.role} of {v.type} {v.id}" for v in record.events for a in v.args if a.ref == m.id]
        lines += [f"fills {r}" for r in roles]
        lines += mention_lines(record, m)
        attrs = m.attrs
    elif kind == "event":
        v = next(v for v in record.events if v.id == ident)
        hop = hopper_of(record, v.id)
        lines = [f"event {v.id} {v.type}", f"trigger {v.trigger.text!r}", f"hopper: {hop.id if hop else 'none'}"]
        lines += [f"  {a.role}: {_text(record, a.ref)}" for a in v.args] or ["  (no arguments)"]
        attrs = v.attrs
    elif kind == "attribution":
        a = next(a for a in record.attributions if a.id == ident)
        lines = [
            f"attribution {a.id}",
            f"cue: {a.cue.text if a.cue else '(none)'!r}",
            f"source: {_text(record, a.source)}",
            f"via: {_text(record, a.via) if a.via else '-'}",
        ]
        lines += [f"content: {s.text[:60]!r}" for s in a.content] or ["content: (none)"]
        lines += [f"supplement: {s.text[:60]!r}" for s in a.supplement]
        lines += [f"reports: {_text(record, r)}" for r in a.reports]
        lines += [f"claims {c.role} of {c.hopper} = {_text(record, c.ref)}" for c in a.role_claims]
        attrs = a.attrs
    elif kind == "zone":
        z = next(z for z in record.zones if z.id == ident)
        lines = [f"zone {z.id} {z.label}", repr(z.text[:80])]
    elif kind == "entity":
        e = next(e for e in record.entities if e.id == ident)
        lines = [f"cluster {e.id}: {entity_name(record, e)}"]
        lines += [f"  {_text(record, ref)}" for ref in e.mentions]
    elif kind == "relation":
        lines = relation_details(record, ident)
    else:
        lines = [ident]
    lines += [f"  {k} = {v}" for k, v in attrs.items()]
    lines += [f"note: {n.text}" for n in record.notes if n.target == ident]
    return lines


def around_lines(record: AnnotationRecord, idents: list[str], offset: int) -> list[str]:
    """One line per attribution ``idents`` whose content (or source) covers ``offset``: which quote the
    cursor is in, whose it is and by which cue, since content is drawn only as a faint underline."""
    by_id = {a.id: a for a in record.attributions}
    lines: list[str] = []
    for ident in idents:
        a = by_id[ident]
        inside = any(s.start <= offset < s.end for s in a.content)
        cue = repr(a.cue.text) if a.cue else "(no cue)"
        where = "in the content of" if inside else "source of"
        lines.append(f"{where} {a.id}: {cue} ← {_text(record, a.source)}")
    return lines
