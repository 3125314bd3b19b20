"""What the annotate controller's next edit applies to: the items under the cursor, the one Tab targets,
the active event or attribution and what hangs off it.

A mixin of :class:`~annotator.tui.controller.AnnotateController` (its state is
declared here for type checking). Edits ask it for their target and refuse with
a hint when there is none; the screen asks it what to highlight as active and
what the header names as the target.
"""

from __future__ import annotations

from typing import Protocol

from annotator import editing as ed
from annotator.editing import Refused
from annotator.layers import anchor_key
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.tui.pending import Pending
from annotator.tui.pointer import Pointer


class Teller(Protocol):
    def tell(self, message: str, warning: bool = False) -> None: ...


class Targets:
    record: AnnotationRecord
    scheme: Scheme
    pointer: Pointer
    pending: Pending
    listener: Teller
    active_id: str | None
    here_index: int
    _kinds: tuple[AnnotationRecord | None, dict[str, str]] = (None, {})
    _here: tuple[AnnotationRecord | None, int, list[tuple[str, int, int]]] = (None, -1, [])
    _quoting: tuple[AnnotationRecord | None, int, list[str]] = (None, -1, [])

    def kinds(self) -> dict[str, str]:
        """Every id of the record mapped to its kind (:meth:`AnnotationRecord.ids`), built once per record.

        The footer's key checks, the details and the edit targets all ask for it on every key; on a long
        document building it each time costs more than the rest of a cursor move.
        """
        if self._kinds[0] is not self.record:
            self._kinds = (self.record, self.record.ids())
        return self._kinds[1]

    def active_ids(self) -> set[str]:
        """The active item and what hangs off it (arguments; source, via and reported events), and pending edits'."""
        if self.active_id is None:
            return self.pending.ids()
        ids = {self.active_id} | self.pending.ids()
        ev = next((v for v in self.record.events if v.id == self.active_id), None)
        if ev is not None:
            ids |= {a.ref for a in ev.args}
        at = next((a for a in self.record.attributions if a.id == self.active_id), None)
        if at is not None:
            ids |= {x for x in (at.source, at.via, *at.reports) if x}
        return ids

    def target_note(self) -> str:
        """Which of several items under the cursor the next edit applies to, e.g. "target m3 (2/3 here)"."""
        items = self.here()
        if len(items) < 2:
            return ""
        i = self.here_index % len(items)
        return f"target {items[i][0]} ({i + 1}/{len(items)} here)"

    def here(self) -> list[tuple[str, int, int]]:
        """Annotations under the cursor, innermost first.

        Kept per record and cursor offset: the details, the header's target and the edit all ask on one key,
        and each answer scans every annotation of the document.
        """
        record, offset = self.record, self.pointer.cursor_span[0]
        cached = self._here
        if cached[0] is not record or cached[1] != offset:
            cached = self._here = (record, offset, ed.item_at(record, offset))
        return list(cached[2])

    def quoting_here(self) -> list[str]:
        """Attributions whose content or source covers the cursor (:func:`annotator.editing.attributions_at`):
        the quotes the cursor is in, which Enter reaches when no trigger or cue is there. Kept per record and
        cursor offset, like :meth:`here`, since it is asked on every cursor move and scans every mention (about
        0.3 ms on a 2,000-mention document)."""
        record, offset = self.record, self.pointer.cursor_span[0]
        cached = self._quoting
        if cached[0] is not record or cached[1] != offset:
            found = ed.attributions_at(record, offset) if record.attributions else []
            cached = self._quoting = (record, offset, found)
        return list(cached[2])

    def current_id(self) -> str | None:
        items = self.here()
        if not items:
            return None
        return items[self.here_index % len(items)][0]

    def current(self, kind: str) -> str:
        """The annotation of ``kind`` the next edit applies to (or a refusal)."""
        cur = self.current_id()
        kinds = self.kinds()
        if cur is not None and kinds.get(cur) == kind:
            return cur
        for ident, _, _ in self.here():
            if kinds.get(ident) == kind:
                return ident
        raise Refused(f"put the cursor on a {kind} first")

    def target_of(self, *kinds: str) -> str:
        """What an attribute edit applies to: the targeted item under the cursor if it is of ``kinds``, else
        the first of ``kinds`` there, else the active item if it is of ``kinds`` (or a refusal)."""
        ids = self.kinds()
        here = [ident for ident, _, _ in self.here()]
        cur = self.current_id()
        for ident in ([cur] if cur else []) + here + ([self.active_id] if self.active_id else []):
            if ids.get(ident) in kinds:
                return ident
        raise Refused(f"put the cursor on a {' or '.join(kinds)} first")

    def active(self, kind: str, hint: str) -> str:
        """The active item if it is of ``kind``, else a refusal saying ``hint``."""
        if self.active_id is None or self.kinds().get(self.active_id) != kind:
            raise Refused(hint)
        return self.active_id

    def span_of(self, ident: str) -> tuple[int, int] | None:
        """Where an annotation is shown: its anchor (:func:`annotator.layers.anchor`); a cluster, its first mention."""
        for group in (self.record.zones, self.record.mentions, self.record.events, self.record.attributions):
            for item in group:
                if item.id == ident:
                    return anchor_key(item)
        for e in self.record.entities:
            if e.id == ident and e.mentions:
                return self.span_of(e.mentions[0])
        return None

    def candidate_offset(self, delta: int) -> int:
        """With an active event: the next (or previous) candidate argument's start in its sentence."""
        event = ed.event(self.record, self.active("event", "no active event"))
        sentence = self.pointer.tokens.sentence_bounds(event.trigger.start)
        cands = ed.candidate_arguments(self.record, self.scheme, event.id, sentence)
        if not cands:
            raise Refused("no candidate arguments in this sentence")
        here = self.pointer.cursor_span[0]
        starts = [m.start for m in cands]
        if delta > 0:
            return next((s for s in starts if s > here), starts[0])
        return next((s for s in reversed(starts) if s < here), starts[-1])

    def has_active(self, kind: str) -> bool:
        return self.kinds().get(self.active_id or "") == kind

    def activate(self) -> None:
        """Make the event or attribution under the cursor active (arguments and parts attach to it).

        Triggers and cues come first. An attribution with no cue has nothing else to press on, so its content
        (or its source mention) is the way back to it. Where several candidates share the spot (two attributions
        on one cue), pressing again moves on to the next, so none is out of reach.
        """
        kinds = self.kinds()
        candidates = [ident for ident, _, _ in self.here() if kinds.get(ident) in ("event", "attribution")]
        if not candidates:
            candidates = self.quoting_here()
        if not candidates:
            raise Refused("no event trigger, attribution cue or attribution content under the cursor")
        if self.active_id in candidates:
            self.active_id = candidates[(candidates.index(self.active_id) + 1) % len(candidates)]
        else:
            self.active_id = candidates[0]
        if len(candidates) > 1:
            self.listener.tell(f"{self.active_id} active ({len(candidates)} here: Enter again for the next)")

    def guideline_terms(self) -> list[str]:
        """Labels, types and roles of what is under the cursor, innermost first."""
        terms: list[str] = []
        kinds = self.kinds()
        for ident, _, _ in self.here():
            kind = kinds.get(ident)
            if kind == "mention":
                roles = [a.role for v in self.record.events for a in v.args if a.ref == ident]
                terms += [*roles, ed.mention(self.record, ident).label]
            elif kind == "event":
                terms.append(ed.event(self.record, ident).type)
            elif kind == "zone":
                terms.append(next(z.label for z in self.record.zones if z.id == ident))
        return terms
