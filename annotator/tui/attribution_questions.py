"""The questions of attribution edits: which part the cursor or selection fills, which event is reported,
which role the source claims a mention fills.

Like :mod:`annotator.tui.questions`, each function reads what is under the
cursor *now* and returns a :class:`Question` whose answer edits through the
controller (:class:`~annotator.tui.attribution_edits.AttributionEdits`). Events
outside the attribution's content are offered after those inside it, nearest
first, and say so.
"""

from __future__ import annotations

from annotator import editing as ed
from annotator.editing import Refused
from annotator.tui.attribution_edits import Reportable
from annotator.tui.controller import AnnotateController
from annotator.tui.question import Ask, Choice, Question

PARTS = (
    Choice("source", "source: the mention under the cursor"),
    Choice("implicit", "source: implicit"),
    Choice("content", "content: the selection (again to remove)"),
    Choice("supplement", "supplement: the selection"),
    Choice("via", "via: the mention under the cursor"),
    Choice("novia", "via: none"),
    Choice("parent", "nested in: the attribution whose cue (without one: content) is under the cursor"),
    Choice("noparent", "nested in: nothing"),
    Choice("reports", "reports: an event (those in the content first)"),
    Choice("claim", "role claim: mention under the cursor fills a role of an event"),
    Choice("cue", "cue: the selection, replacing the cue (on the cue itself: remove it)"),
    Choice("nocue", "cue: none (a cue-less attribution)"),
)

OUTSIDE = "outside the content"


def part(ctl: AnnotateController) -> Question:
    """Which part of the active attribution the cursor or selection fills."""
    aid = ctl.active("attribution", "make an attribution active first (Enter on its cue)")
    span = ctl.pointer.target

    def answer(value: str) -> Ask:
        if value == "reports":
            return report(ctl, aid)
        if value == "claim":
            return claim(ctl, aid)
        ctl.set_part(aid, value, span)
        return None

    return Question(f"Part of attribution {aid}", PARTS, answer)


def _shown(e: Reportable) -> str:
    v = e.event
    where = "" if e.inside else f"  · {OUTSIDE}"
    return f"{'✓ ' if e.reported else ''}{v.type} {v.trigger.text!r} ({v.id}){where}"


def report(ctl: AnnotateController, aid: str) -> Question:
    """An event the attribution reports; a reported one is removed. Those in the content come first."""
    choices = tuple(Choice(e.event.id, _shown(e)) for e in ctl.reportable(aid))

    def answer(ident: str) -> Ask:
        ctl.toggle_report(aid, ident)
        return None

    return Question("Reported event (again to remove)", choices, answer)


def claim(ctl: AnnotateController, aid: str) -> Question:
    """A role of an event that the source claims the mention under the cursor fills (reported events first).

    Each choice shows the event's trigger as well as its id: ids alone left a curator unable to tell
    ``v1`` from ``v10`` (typing "v1" matches both)."""
    ref = ctl.current("mention")
    m = ed.mention(ctl.record, ref)
    options: dict[str, tuple[str, str]] = {}
    choices: list[Choice] = []
    for e, role in ctl.claimable(aid, ref):
        value = f"{e.event.id}|{role}"
        options[value] = (e.event.id, role)
        where = "" if e.inside or e.reported else f"  · {OUTSIDE}"
        reported = "✓ " if e.reported else ""
        trigger = e.event.trigger.text
        choices.append(Choice(value, f"{reported}{e.event.type}.{role} {trigger!r} ({e.event.id}){where}"))
    if not choices:
        raise Refused(f"no event has a role a {m.label} mention can fill")

    def answer(value: str) -> Ask:
        target, role = options[value]
        ctl.claim(aid, target, role, ref)
        return None

    return Question(f"Role claimed for {m.text!r}", tuple(choices), answer)
