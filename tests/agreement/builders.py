"""Records built from phrases of the seed texts, so tests read like annotations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.model import (
    AnnotationRecord,
    Argument,
    Attribution,
    Entity,
    Event,
    Hopper,
    Mention,
    Span,
    Zone,
    sha256_text,
)


def where(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def record(
    doc: str,
    text: str,
    annotator: str,
    *,
    status: str = "done",
    zones: Sequence[tuple[str, str]] = (),
    mentions: Sequence[tuple[str, str, str] | tuple[str, str, str, dict[str, Any]]] = (),
    entities: Sequence[tuple[str, Sequence[str]]] = (),
    events: Sequence[tuple[str, str, str, Sequence[tuple[str, str]], dict[str, Any]]] = (),
    hoppers: Sequence[tuple[str, Sequence[str]]] = (),
    attributions: Sequence[tuple[str, str | None, str | None, Sequence[str], Sequence[str], dict[str, Any]]] = (),
) -> AnnotationRecord:
    """``mentions``: (id, phrase, label[, attrs]); a phrase may end in ``#n`` for its n-th occurrence."""

    def span(phrase: str) -> Span:
        base, _, nth = phrase.partition("#")
        s, e = where(text, base, int(nth or 0))
        return Span.of(text, s, e)

    def at(phrase: str) -> dict[str, Any]:
        s = span(phrase)
        return {"start": s.start, "end": s.end, "text": s.text}

    return AnnotationRecord(
        doc=doc,
        doc_sha256=sha256_text(text),
        annotator=annotator,
        scheme="conflict-news/1",
        status=status,  # type: ignore[arg-type]
        zones=tuple(Zone(id=f"z{i}", label=label, **at(p)) for i, (p, label) in enumerate(zones, 1)),
        mentions=tuple(
            Mention(id=m[0], label=m[2], attrs=m[3] if len(m) > 3 else {"level": "NAM"}, **at(m[1]))  # type: ignore[misc]
            for m in mentions
        ),
        entities=tuple(Entity(id=i, mentions=tuple(ms)) for i, ms in entities),
        events=tuple(
            Event(id=i, type=t, trigger=span(p), args=tuple(Argument(role=r, ref=ref) for r, ref in args), attrs=attrs)
            for i, p, t, args, attrs in events
        ),
        hoppers=tuple(Hopper(id=i, events=tuple(es)) for i, es in hoppers),
        attributions=tuple(
            Attribution(
                id=i,
                source=src,
                cue=span(cue) if cue else None,
                content=tuple(span(c) for c in content),
                reports=tuple(reports),
                attrs=attrs,
            )
            for i, src, cue, content, reports, attrs in attributions
        ),
    )
