"""Frictions annotators reported on the annotate screen, pressed as they pressed them, checked on screen and disk."""

from __future__ import annotations

import json
from typing import Any

from tui_helpers import pick, run_app, screen_text, search, type_text

from annotator.project import Project
from annotator.tui.app import AnnotatorApp

DOC = "000_d246c74b127eef68"


def saved(project: Project) -> dict[str, Any]:
    lines = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])


def told(app: AnnotatorApp) -> list[str]:
    return [n.message for n in app._notifications]


def test_the_attribute_filter_picks_the_named_attributes_value_typed_in_full(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "killed")
        await pick(pilot, "e", "die")
        await pick(pilot, "equals_sign", "polarity NEGATIVE")
        await pick(pilot, "equals_sign", "realis = OTHER")
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    attrs = saved(project)["events"][0]["attrs"]
    assert attrs["polarity"] == "NEGATIVE"
    assert attrs["realis"] == "OTHER"


def _lines_with(app: AnnotatorApp, *needles: str) -> list[int]:
    lines = screen_text(app).splitlines()
    return [next(i for i, line in enumerate(lines) if needle in line) for needle in needles]


def test_reports_and_claims_offer_events_outside_the_content_nearest_first(project: Project) -> None:
    """ "The Syrian military claimed responsibility." reports the airstrike of the sentence before."""

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "killed, a monitor")
        await pick(pilot, "e", "die")
        await search(pilot, "killed in an air")
        await pick(pilot, "e", "die")
        await search(pilot, "airstrike that")
        await pick(pilot, "e", "attack")
        await pilot.press("escape")
        await search(pilot, "Syrian military")
        await pilot.press("shift+right", "o")
        await search(pilot, "claimed resp")
        await pilot.press("q")
        await search(pilot, "Syrian military")
        await pick(pilot, "u", "source")
        await search(pilot, "responsibility")
        await pilot.press("shift+right")
        await pick(pilot, "u", "content")
        await pick(pilot, "u", "reports")
        shown = screen_text(app)
        assert "ATTACK 'airstrike' (ev3)  · outside the content" in shown, "an event outside the content is offered"
        near, middle, far = _lines_with(app, "(ev3)", "(ev2)", "(ev1)")
        assert near < middle < far, "nearest first"
        await pilot.press("enter")
        await search(pilot, "Syrian military")
        await pick(pilot, "u", "claim")
        assert "✓ ATTACK.Attacker 'airstrike' (ev3)" in screen_text(app), "the reported event's roles come first"
        assert "DIE.Agent 'killed' (ev2)  · outside the content" in screen_text(app), "each with its trigger"
        await pilot.press("escape")
        await pick(pilot, "u", "claim")
        await type_text(pilot, "ev2 agent")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    attribution = saved(project)["attributions"][0]
    assert attribution["reports"] == ["ev3", "ev2"], "claiming a role of an unreported event reports it too"
    assert [(c["hopper"], c["role"]) for c in attribution["role_claims"]] == [("ev2", "Agent")]


def test_a_mention_in_proposed_boilerplate_is_kept_with_a_warning_naming_the_zone(project: Project) -> None:
    """Nothing is annotated in BOILERPLATE (guidelines/01_zones.md); a proposal is only the app's guess."""

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Russia and the West")
        await pilot.press("g")
        await pilot.pause()
        warned = [m for m in told(app) if "proposed BOILERPLATE zone" in m]
        assert warned and "'Russia'" in warned[0], "the warning names the zone and the mention"
        await pilot.press("x")
        await search(pilot, "the West")
        await pilot.press("right", "l")
        await pilot.pause()
        assert len([m for m in told(app) if "proposed BOILERPLATE" in m]) == 1, "a rejected proposal warns no more"
        await pilot.press("ctrl+q")

    run_app(project, body, doc="002_f595e0b5b551e8a6")
    assert [m["text"] for m in saved(project)["mentions"]] == ["Russia", "West"]


def test_typing_an_attribute_and_its_value_ranks_that_value_first_for_every_value(project: Project) -> None:
    """Every enum value of an ATTACK event (whose ``mode`` also has an OTHER, like ``realis``) is reached by
    typing its attribute and value, with or without ``=``, before any other attribute's value or description."""
    from annotator import editing as ed
    from annotator.tui import questions
    from annotator.tui.controller import AnnotateController
    from annotator.tui.screens.picker import ranked
    from annotator.tui.session import Session

    class Quiet:
        def edited(self, what: str) -> None: ...

        def opened(self) -> None: ...

        def tell(self, message: str, warning: bool = False) -> None: ...

    session = Session.open(project, "ann")
    try:
        ctl = AnnotateController(session, Quiet(), DOC)
        start = ctl.text.index("airstrike that")
        ctl.commit(ed.add_event(ctl.record, ctl.text, ctl.scheme, start, start + 9, "ATTACK")[0], "event")
        ctl.pointer.place(ctl.pointer.tokens.token_at(start))
        specs = [s for s in ctl.scheme.event_attributes_for("ATTACK") if s.type == "enum" and s.name != "modality"]
        assert {"realis", "polarity", "mode"} <= {s.name for s in specs}
        for spec in specs:
            for value in spec.values:
                for typed in (f"{spec.name} {value}", f"{spec.name} = {value}"):
                    question = questions.attributes(ctl)
                    first = ranked(list(question.choices), typed)[0]
                    assert first.value == f"{spec.name}|{value!r}", f"{typed!r} picked {first.prompt!r}"
    finally:
        session.close()
