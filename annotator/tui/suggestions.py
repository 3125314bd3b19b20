"""Suggestions: zones, mentions and triggers offered to the annotator, accepted with ``y``.

They come from an extractor's predictions (``annotate --suggest``) and from the
app's own zone proposals. A rejected suggestion is remembered by its
:attr:`Suggestion.key` in the session state, so the stored form stays a string.
"""

from __future__ import annotations

from dataclasses import dataclass
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
) -> list[Suggestion]:
    """Suggested zones, mentions and triggers that are neither annotated yet nor rejected.

    ``proposals`` are the app's own zone proposals; a proposal or suggested zone
    overlapping a zone the annotator already marked is not shown.
    """

    def zoned(s: Suggestion) -> bool:
        return any(z.start < s.end and s.start < z.end for z in record.zones)

    out = [s for s in proposals or [] if s.key not in rejected and not zoned(s)]
    if suggested is None:
        return out
    have = {Suggestion("mention", m.start, m.end, m.label) for m in record.mentions}
    have |= {Suggestion("event", v.trigger.start, v.trigger.end, v.type) for v in record.events}
    items = [Suggestion("mention", m.start, m.end, m.label) for m in suggested.mentions]
    items += [Suggestion("event", v.trigger.start, v.trigger.end, v.type) for v in suggested.events]
    items += [s for z in suggested.zones if not zoned(s := Suggestion("zone", z.start, z.end, z.label))]
    out += [s for s in items if s not in have and s.key not in rejected]
    return out
