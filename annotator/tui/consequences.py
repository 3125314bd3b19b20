"""What an edit did besides its own change, in words, so nothing is lost silently.

Deleting a mention takes its references with it (an attribution's source
becomes implicit, an argument or a role claim disappears); the annotator must
be told, since the record stays valid and nothing else would show it.
"""

from __future__ import annotations

from annotator.model import AnnotationRecord


def lost_references(before: AnnotationRecord, after: AnnotationRecord) -> list[str]:
    """One line per reference present in ``before`` and gone in ``after`` (items that still exist only)."""
    out: list[str] = []
    kept = {a.id: a for a in after.attributions}
    for a in before.attributions:
        now = kept.get(a.id)
        if now is None:
            continue
        if a.source is not None and now.source is None:
            out.append(f"{a.id} lost its source {a.source}: now implicit")
        if a.via is not None and now.via is None:
            out.append(f"{a.id} lost its via {a.via}")
        lost = len(a.role_claims) - len(now.role_claims)
        if lost > 0:
            out.append(f"{a.id} lost {lost} role claim(s)")
        gone = [r for r in a.reports if r not in now.reports]
        if gone:
            out.append(f"{a.id} no longer reports {', '.join(gone)}")
    events = {v.id: v for v in after.events}
    for v in before.events:
        now_v = events.get(v.id)
        if now_v is None:
            continue
        refs = {x.ref for x in now_v.args}
        out += [f"{v.id} lost its argument {x.role} ({x.ref})" for x in v.args if x.ref not in refs]
    return out
