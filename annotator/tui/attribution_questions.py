"""The questions of attribution edits: which part the cursor or selection fills, which event is reported,
which role of an event or hopper the source claims a mention fills.

Like :mod:`annotator.tui.questions`, each function reads what is under the
cursor *now* and returns a :class:`Question` whose answer edits through the
controller (:class:`~annotator.tui.attribution_edits.AttributionEdits`). Events
outside the attribution's content are offered after those inside it, nearest
first, and say so.
"""

from __future__ import annotations

from annotator import editing as ed
from annotator.editing import Refused
from annotator.tui.attribution_edits import Reportable, ReportableHopper
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
    Choice("claim", "role claim: mention under the cursor fills a role of an event or hopper"),
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


def _claim_shown(target: Reportable | ReportableHopper, role: str) -> str:
    """An event as ``ATTACK.Attacker 'strike' (v2)``, a hopper as ``hopper H2: ATTACK.Attacker 'strike' /
    'carried out'`` (every trigger, so it is told from its events' own choices)."""
    where = "" if target.inside or target.reported else f"  · {OUTSIDE}"
    reported = "✓ " if target.reported else ""
    if isinstance(target, ReportableHopper):
        types = "/".join(dict.fromkeys(v.type for v in target.events))
        triggers = " / ".join(repr(v.trigger.text) for v in target.events)
        return f"{reported}hopper {target.hopper.id}: {types}.{role} {triggers}{where}"
    v = target.event
    return f"{reported}{v.type}.{role} {v.trigger.text!r} ({v.id}){where}"


def claim(ctl: AnnotateController, aid: str) -> Question:
    """A role of an event or hopper that the source claims the mention under the cursor fills (reported ones
    first).

    Each choice shows the event's trigger as well as its id: ids alone left a curator unable to tell
    ``v1`` from ``v10`` (typing "v1" matches both). A hopper's choice shows every trigger in it."""
    ref = ctl.current("mention")
    m = ed.mention(ctl.record, ref)
    options: dict[str, tuple[str, str]] = {}
    choices: list[Choice] = []
    for target, role in ctl.claimable(aid, ref):
        ident = target.hopper.id if isinstance(target, ReportableHopper) else target.event.id
        value = f"{ident}|{role}"
        options[value] = (ident, role)
        choices.append(Choice(value, _claim_shown(target, role)))
    if not choices:
        raise Refused(f"no event has a role a {m.label} mention can fill")

    def answer(value: str) -> Ask:
        target, role = options[value]
        ctl.claim(aid, target, role, ref)
        return None

    return Question(f"Role claimed for {m.text!r}", tuple(choices), answer)
