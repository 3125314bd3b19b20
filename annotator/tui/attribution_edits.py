"""The annotate controller's attribution edits: a new attribution, its cue and other parts, the events it
reports and the role claims its source makes.

A mixin of :class:`~annotator.tui.controller.AnnotateController` (its state is
declared here for type checking). Reports and claims may name any event of the
document (claims any hopper too): those inside the content come first, then the others nearest first
(:func:`annotator.editing.events_by_reach`), since an attribution can report an
event told elsewhere (a pronoun's event, an earlier sentence).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

from annotator import editing as ed
from annotator.editing import Refused
from annotator.model import AnnotationRecord, Event, Hopper
from annotator.scheme import Scheme
from annotator.tui.pointer import Pointer


class Teller(Protocol):
    def tell(self, message: str, warning: bool = False) -> None: ...


class Reportable(NamedTuple):
    """An event an attribution may report, whether its trigger is inside the content, and whether it is reported."""

    event: Event
    inside: bool
    reported: bool


class ReportableHopper(NamedTuple):
    """A hopper an attribution may report or claim a role in: its events in text order, whether any of their
    triggers is inside the content, and whether the attribution reports the hopper."""

    hopper: Hopper
    events: tuple[Event, ...]
    inside: bool
    reported: bool


class AttributionEdits:
    record: AnnotationRecord
    text: str
    scheme: Scheme
    pointer: Pointer
    active_id: str | None
    listener: Teller

    if TYPE_CHECKING:

        def commit(self, after: AnnotationRecord, what: str) -> None: ...

        def commit_span_edit(self, after: AnnotationRecord, what: str) -> None: ...

        def current(self, kind: str) -> str: ...

        def active(self, kind: str, hint: str) -> str: ...

        def warn_in_proposed_zone(self, span: tuple[int, int], layer: str, what: str) -> None: ...

    def attribution(self, with_cue: bool) -> None:
        """A new attribution, on the selection as its cue or without one; it becomes the active item."""
        cue = self.pointer.target if with_cue else None
        after, ident = ed.add_attribution(self.record, self.text, self.scheme, cue)
        self.active_id = ident
        self.commit_span_edit(after, "attribution")
        if cue is not None:
            self.warn_in_proposed_zone(cue, "attributions", "cue")

    def cue(self) -> None:
        """The cue of the active attribution from the selection (``B``): see :meth:`toggle_cue`."""
        aid = self.active("attribution", "make an attribution active first (Enter on its cue or content)")
        self.toggle_cue(aid, self.pointer.target)

    def toggle_cue(self, aid: str, span: tuple[int, int]) -> None:
        """``span`` (the selection, else the token under the cursor) becomes the cue of ``aid``, replacing the
        one it had; on the cue itself it removes it (:func:`annotator.editing.set_cue` says what is refused)."""
        a = ed.attribution(self.record, aid)
        self.set_cue(aid, None if a.cue is not None and (a.cue.start, a.cue.end) == span else span)

    def set_cue(self, aid: str, span: tuple[int, int] | None) -> None:
        """Make ``span`` the cue of ``aid``; None leaves it cue-less."""
        after = ed.set_cue(self.record, self.text, self.scheme, aid, span)
        cue = ed.attribution(after, aid).cue
        if cue is None:
            self.commit_span_edit(after, f"{aid} without cue")
            self.listener.tell(f"{aid} has no cue now: set its cue_kind (HEADLINE_COLON, CONTINUATION, …)")
            return
        self.commit_span_edit(after, f"{aid} cue {cue.text!r}")
        self.warn_in_proposed_zone((cue.start, cue.end), "attributions", "cue")

    def set_part(self, aid: str, part: str, span: tuple[int, int]) -> None:
        """Fill (or clear) one part of attribution ``aid`` from what is under the cursor or ``span``."""
        r, text, s = self.record, self.text, self.scheme
        start, end = span
        if part == "cue":
            self.toggle_cue(aid, span)
        elif part == "nocue":
            self.set_cue(aid, None)
        elif part == "source":
            self.commit(ed.set_source(r, aid, self.current("mention")), "source")
        elif part == "implicit":
            self.commit(ed.set_source(r, aid, None), "implicit source")
        elif part == "content":
            self.commit_span_edit(ed.toggle_content(r, text, s, aid, start, end), "content")
            offered = ed.report_candidates(self.record, aid)
            if offered:
                names = ", ".join(f"{v.type} {v.trigger.text!r}" for v in offered)
                self.listener.tell(f"inside the content: {names}; u → reports to add")
        elif part == "supplement":
            self.commit_span_edit(ed.toggle_supplement(r, text, s, aid, start, end), "supplement")
        elif part == "via":
            self.commit(ed.set_via(r, aid, self.current("mention")), "via")
        elif part == "novia":
            self.commit(ed.set_via(r, aid, None), "no via")
        elif part == "parent":
            self.commit(ed.set_parent(r, aid, self.parent_here(aid)), "nested")
        elif part == "noparent":
            self.commit(ed.set_parent(r, aid, None), "not nested")
        else:
            raise Refused(f"{part!r} is not a part of an attribution")

    def parent_here(self, aid: str) -> str:
        """The attribution ``aid`` is to be nested in: the one whose cue is under the cursor, else (a
        continuation of a quote has no cue) another one whose content or source is there."""
        try:
            return self.current("attribution")
        except Refused:
            others = [a for a in ed.attributions_at(self.record, self.pointer.cursor_span[0]) if a != aid]
            if not others:
                raise Refused(
                    "put the cursor on the cue, content or source of the attribution it is nested in"
                ) from None
            return others[0]

    def reportable(self, aid: str) -> list[Reportable]:
        """Every event the attribution may report: inside its content first, then the others nearest first."""
        reports = ed.attribution(self.record, aid).reports
        found = [Reportable(v, inside, v.id in reports) for v, inside in ed.events_by_reach(self.record, aid)]
        if not found:
            raise Refused("this document has no event to report; mark the event first (e)")
        return found

    def toggle_report(self, aid: str, ident: str) -> None:
        self.commit(ed.toggle_report(self.record, aid, ident), f"reports {ident}")

    def claimable(self, aid: str, ref: str) -> list[tuple[Reportable | ReportableHopper, str]]:
        """(event or hopper, role) pairs whose role a mention ``ref`` can fill: reported ones first, then the
        others in :meth:`reportable` order, a hopper just before the first of its events.

        A hopper's roles are those :func:`annotator.editing.claim_roles` lets a claim on it take (a role
        of every type in it), so a hopper whose types do not take the mention's label is not offered."""
        label = ed.mention(self.record, ref).label
        events = self.reportable(aid)
        reach = {e.event.id: i for i, e in enumerate(events)}
        reports = ed.attribution(self.record, aid).reports
        targets: list[tuple[tuple[bool, int, int], Reportable | ReportableHopper, list[str]]] = []
        for e in events:
            roles = ed.allowed_roles(self.scheme, e.event.type, label)
            targets.append(((not e.reported, reach[e.event.id], 1), e, roles))
        for h in self.record.hoppers:
            members = [e for e in events if e.event.id in h.events]
            if not members:
                continue
            found = ReportableHopper(
                h,
                tuple(sorted((e.event for e in members), key=lambda v: v.trigger.start)),
                any(e.inside for e in members),
                h.id in reports,
            )
            first = min(reach[e.event.id] for e in members)
            targets.append(((not found.reported, first, 0), found, ed.claim_roles(self.record, self.scheme, h.id, ref)))
        targets.sort(key=lambda t: t[0])
        return [(target, role) for _, target, roles in targets for role in roles]

    def claim(self, aid: str, target: str, role: str, ref: str) -> None:
        """The source claims mention ``ref`` fills ``role`` of event or hopper ``target``; the attribution reports
        it too (the guidelines link the event or hopper a claim is about in ``reports``)."""
        record = self.record
        what = f"claim {role}"
        if target not in ed.attribution(record, aid).reports:
            record = ed.toggle_report(record, aid, target)
            what += f" (reports {target})"
        self.commit(ed.add_role_claim(record, self.scheme, aid, target, role, ref), what)
