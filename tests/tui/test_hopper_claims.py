"""A role claim about a hopper, made in the annotation app (guidelines/11_role_claims.md: "pick the hopper (or
event), then the role"), and the hoppers the claim question leaves out."""

from __future__ import annotations

import json
from typing import Any

from tui_helpers import pick, run_app, screen_text, search, type_text

from annotator import editing as ed
from annotator.cli import main
from annotator.project import Project
from annotator.tui import attribution_questions
from annotator.tui.app import AnnotatorApp
from annotator.tui.controller import AnnotateController
from annotator.tui.session import Session

DOC = "000_d246c74b127eef68"
LINE = "{}hopper {}: ATTACK.Attacker 'airstrike' / 'airstrike'"


def saved(project: Project) -> dict[str, Any]:
    lines = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])


def test_the_source_claims_a_role_in_a_hopper_of_two_events(project: Project) -> None:
    """ "The Syrian military claimed responsibility" for the airstrike told twice, so for the hopper of both."""

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        annotate = app.screen
        await search(pilot, "airstrike that")
        await pick(pilot, "e", "attack")
        await search(pilot, "airstrike was")
        await pick(pilot, "e", "attack")
        await search(pilot, "airstrike that")
        await pilot.press("enter")
        await search(pilot, "airstrike was")
        await pilot.press("h")
        await pilot.press("escape")
        await search(pilot, "Syrian military")
        await pilot.press("shift+right", "o")
        await search(pilot, "claimed resp")
        await pilot.press("q")
        await search(pilot, "Syrian military")
        await pick(pilot, "u", "source")
        await pick(pilot, "u", "claim")
        await type_text(pilot, "attacker")
        shown = screen_text(app)
        hopper = annotate.record.hoppers[0].id
        assert LINE.format("", hopper) in shown, "the hopper, with both triggers"
        assert "ATTACK.Attacker 'airstrike' (ev1)" in shown, "the events are still offered one by one"
        await type_text(pilot, f" {hopper}")
        await pilot.press("enter")
        await pilot.pause()
        await pick(pilot, "u", "claim")
        await type_text(pilot, "attacker")
        assert f"✓ hopper {hopper}: ATTACK.Attacker 'airstrike' /" in screen_text(app), "it reports the hopper now"
        await pilot.press("escape")
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC, size=(160, 40))
    record = saved(project)
    (hopper,) = record["hoppers"]
    assert len(hopper["events"]) == 2
    (source,) = [m["id"] for m in record["mentions"] if m["text"] == "Syrian military"]
    (attribution,) = record["attributions"]
    assert attribution["role_claims"] == [{"hopper": hopper["id"], "role": "Attacker", "ref": source}]
    assert attribution["reports"] == [hopper["id"]], "a claim about a hopper reports the hopper"
    assert main(["--project", str(project.root), "validate", str(project.gold_dir / "ann.jsonl")]) == 0


class Quiet:
    def edited(self, what: str) -> None: ...

    def opened(self) -> None: ...

    def tell(self, message: str, warning: bool = False) -> None: ...


def _event(ctl: AnnotateController, word: str, etype: str) -> str:
    start = ctl.text.index(word)
    after, ident = ed.add_event(ctl.record, ctl.text, ctl.scheme, start, start + len(word.split()[0]), etype)
    ctl.commit(after, "event")
    return ident


def _mention(ctl: AnnotateController, words: str, label: str) -> str:
    start = ctl.text.index(words)
    after, ident = ed.add_mention(ctl.record, ctl.text, ctl.scheme, start, start + len(words), label)
    ctl.commit(after, "mention")
    return ident


def test_a_hopper_none_of_whose_types_takes_the_label_is_not_offered(project: Project) -> None:
    """A DOC mention can request (REQUEST.Requester) but fill no ATTACK role, so the hopper of two attacks is not
    offered for it while the request is; an ORG mention is offered the hopper's roles."""
    session = Session.open(project, "ann")
    try:
        ctl = AnnotateController(session, Quiet(), DOC)
        first = _event(ctl, "airstrike that", "ATTACK")
        second = _event(ctl, "airstrike was", "ATTACK")
        _event(ctl, "purporting", "REQUEST")
        ctl.commit(ed.link_events(ctl.record, first, second)[0], "hopper")
        message = _mention(ctl, "a new message", "DOC")
        military = _mention(ctl, "Syrian military", "ORG")
        hopper = ctl.record.hoppers[0].id
        after, aid = ed.add_attribution(ctl.record, ctl.text, ctl.scheme, None)
        ctl.commit(ed.set_source(after, aid, military), "attribution")

        def offered(ref: str) -> list[str]:
            m = ed.mention(ctl.record, ref)
            ctl.pointer.place(ctl.pointer.tokens.token_at(m.start))
            return [c.prompt for c in attribution_questions.claim(ctl, aid).choices]

        for_message = offered(message)
        assert any("REQUEST.Requester" in shown for shown in for_message)
        assert not any("hopper" in shown for shown in for_message), for_message
        assert [s for s in offered(military) if "hopper" in s] == [
            f"hopper {hopper}: ATTACK.Attacker 'airstrike' / 'airstrike'  · outside the content",
            f"hopper {hopper}: ATTACK.Target 'airstrike' / 'airstrike'  · outside the content",
        ]
    finally:
        session.close()
