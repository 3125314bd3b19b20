"""Suggestions: zones, mentions and triggers offered to the annotator, accepted with ``y``.

They come from an extractor's predictions (``annotate --suggest``) and from the
app's own zone proposals. A rejected suggestion is remembered by its
:attr:`Suggestion.key` in the session state, so the stored form stays a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from annotator import editing as ed
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.tui.session import suggestion_key

SuggestionKind = Literal["zone", "mention", "event"]


@dataclass(frozen=True)
class Suggestion:
    """A zone, mention or event trigger (``label`` is its zone label, entity label or event type)."""

    kind: SuggestionKind
    start: int
    end: int
    label: str
    source: str = field(default="", compare=False)
    """Who proposes it, in words (an extractor's name, the app's zone proposals); not part of its identity."""

    @property
    def key(self) -> str:
        """How a rejection is stored in the session state."""
        return suggestion_key(self.kind, self.start, self.end, self.label)

    def covers(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def accept(self, record: AnnotationRecord, text: str, scheme: Scheme) -> AnnotationRecord:
        """``record`` with the suggestion added as an ordinary annotation (or :class:`Refused`)."""
        if self.kind == "zone":
            return ed.add_zone(record, text, scheme, self.start, self.end, self.label)[0]
        if self.kind == "mention":
            return ed.add_mention(record, text, scheme, self.start, self.end, self.label)[0]
        return ed.add_event(record, text, scheme, self.start, self.end, self.label)[0]


def open_suggestions(
    record: AnnotationRecord,
    suggested: AnnotationRecord | None,
    rejected: set[str],
    proposals: list[Suggestion] | None = None,
    occurrences: list[Suggestion] | None = None,
) -> list[Suggestion]:
    """Suggested zones, mentions and triggers that are neither annotated yet nor rejected.

    ``proposals`` are the app's own zone proposals; a proposal or suggested zone
    overlapping a zone the annotator already marked is not shown. ``occurrences``
    (:mod:`annotator.tui.occurrences`) are shown until their span is a mention.
    """

    def zoned(s: Suggestion) -> bool:
        return any(z.start < s.end and s.start < z.end for z in record.zones)

    out = [s for s in proposals or [] if s.key not in rejected and not zoned(s)]
    marked = {(m.start, m.end) for m in record.mentions}
    out += [s for s in occurrences or [] if s.key not in rejected and (s.start, s.end) not in marked]
    if suggested is None:
        return out
    have = {Suggestion("mention", m.start, m.end, m.label) for m in record.mentions}
    have |= {Suggestion("event", v.trigger.start, v.trigger.end, v.type) for v in record.events}
    src = f"{suggested.annotator}'s predictions (--suggest)"
    items = [Suggestion("mention", m.start, m.end, m.label, src) for m in suggested.mentions]
    items += [Suggestion("event", v.trigger.start, v.trigger.end, v.type, src) for v in suggested.events]
    items += [s for z in suggested.zones if not zoned(s := Suggestion("zone", z.start, z.end, z.label, src))]
    out += [s for s in items if s not in have and s.key not in rejected]
    return out


def explain(suggestion: Suggestion, scheme: Scheme, keys: dict[str, str]) -> list[str]:
    """What the side panel says about the suggestion under the cursor: what, from whom, what it means, which keys.

    ``keys`` maps the actions ``accept``, ``reject`` and ``accept_all`` to the keys bound to them now.
    """
    if suggestion.kind == "zone":
        meaning = next((z.description for z in scheme.zones if z.label == suggestion.label), "")
    elif suggestion.kind == "mention":
        meaning = next((e.description for e in scheme.entity_labels if e.label == suggestion.label), "")
    else:
        meaning = next((t.description for t in scheme.event_types if t.name == suggestion.label), "")
    kind = {"zone": "zone", "mention": "mention", "event": "event trigger"}[suggestion.kind]
    lines = [f"SUGGESTED {kind} {suggestion.label}", f"{suggestion.start}-{suggestion.end}"]
    if suggestion.source:
        lines.append(f"from: {suggestion.source}")
    if meaning:
        lines.append(f"{suggestion.label}: {meaning}")
    lines.append(
        f"{keys.get('accept', 'y')} accept · {keys.get('reject', 'x')} reject · "
        f"{keys.get('accept_all', '?')} accept every {suggestion.label}"
    )
    return lines
