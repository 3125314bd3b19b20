"""Frictions of the held-out annotators' third sitting (gold/heldout/notes.md), pressed as they pressed them,
checked on screen and in the saved file: a cue changed in place, a failed search that keeps its prompt, the
quote the cursor is in named in the side panel."""

from __future__ import annotations

import json
from typing import Any

from tui_helpers import pick, run_app, screen_text, search, type_text, written

from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.details_box import DetailsBox

DOC = "000_d246c74b127eef68"


def saved(project: Project) -> dict[str, Any]:
    lines = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])


def cue_of(project: Project) -> str | None:
    cue = saved(project)["attributions"][0]["cue"]
    return None if cue is None else str(cue["text"])


def details(app: AnnotatorApp) -> list[str]:
    """The side panel's details box, line by line as given to it (the screen wraps them)."""
    box: DetailsBox = app.screen.query_one("#details", DetailsBox)
    return box.lines


def told(app: AnnotatorApp) -> list[str]:
    return [n.message for n in app._notifications]


async def wrong_cue_with_content(pilot: Any) -> None:
    """An attribution on the wrong cue ('monitoring' for 'said'), its content marked."""
    await search(pilot, "monitoring group said")
    await pilot.press("q")
    await search(pilot, "it was unclear")
    await pilot.press("shift+right", "shift+right")
    await pick(pilot, "u", "content")


def test_the_cue_is_replaced_removed_and_set_again_keeping_the_rest(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await wrong_cue_with_content(pilot)
        await pilot.press("S")
        await written(app, pilot)
        assert cue_of(project) == "monitoring"
        stance = saved(project)["attributions"][0]["attrs"]["stance"]

        await search(pilot, "said it was")
        await pilot.press("B")
        await written(app, pilot)
        assert cue_of(project) == "said", "B puts the cue on the token under the cursor"
        assert "cue: 'said'" in screen_text(app)
        kept = saved(project)["attributions"][0]
        assert [c["text"] for c in kept["content"]] == ["it was unclear"], "the content stays"
        assert kept["attrs"]["stance"] == stance, "the attributes stay"

        await pilot.press("B")
        await written(app, pilot)
        assert cue_of(project) is None, "B on the cue itself removes it"
        assert "cue: '(none)'" in screen_text(app)

        await pilot.press("ctrl+z")
        await written(app, pilot)
        assert cue_of(project) == "said", "undo brings the cue back"

        await pick(pilot, "u", "cue none")
        await written(app, pilot)
        assert cue_of(project) is None, "the part picker removes it too"
        await search(pilot, "monitoring group said")
        await pilot.press("shift+right", "shift+right")
        await pick(pilot, "u", "cue selection")
        await written(app, pilot)
        assert cue_of(project) == "monitoring group said", "the part picker sets it from the selection"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert saved(project)["attributions"][0]["id"] == "at1"
    assert len(saved(project)["attributions"]) == 1, "nothing was deleted and made again"


def test_a_cue_in_a_zone_closed_to_attributions_is_refused_and_the_old_one_kept(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "some sources told")
        await pilot.press("shift+right", "shift+right")
        await pick(pilot, "z", "caption")
        await wrong_cue_with_content(pilot)
        await search(pilot, "told Al")
        await pilot.press("B")
        await written(app, pilot)
        refusals = [m for m in told(app) if "CAPTION zone" in m]
        assert refusals and "'told'" in refusals[0], "the refusal names the cue and the zone"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert cue_of(project) == "monitoring"


def test_the_cue_key_needs_an_active_attribution_and_is_shown_only_then(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "monitoring group said")
        footer = screen_text(app).splitlines()[-1]
        assert "B Cue" not in footer
        await pilot.press("q")
        await written(app, pilot)
        assert "B Cue" in screen_text(app).splitlines()[-1]
        await pick(pilot, "escape", "leave")
        await pilot.pause()
        assert "B Cue" not in screen_text(app).splitlines()[-1]
        await search(pilot, "said it")
        await pilot.press("B")
        await written(app, pilot)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert cue_of(project) == "monitoring", "without an active attribution B changes nothing"


def test_keys_typed_after_a_failed_search_go_into_the_search_box_not_to_the_text(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Damascus")
        await pilot.press("g")
        await search(pilot, "weeks. A")
        await type_text(pilot, " pogl")
        await written(app, pilot)
        assert type(app.screen).__name__ == "PromptScreen", "the search stays open"
        shown = screen_text(app)
        assert "not found: 'weeks. A'" in shown
        assert "weeks. A pogl" in shown, "what was typed is in the search box"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "AnnotateScreen"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [(m["label"], m["text"]) for m in saved(project)["mentions"]] == [("GPE", "Damascus")]


def test_a_failed_search_corrected_in_its_box_finds_the_match(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Damascuz")
        await pilot.press("backspace", "s", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "AnnotateScreen"
        await pilot.press("g")
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [(m["label"], m["text"]) for m in saved(project)["mentions"]] == [("GPE", "Damascus")]


def test_the_side_panel_names_the_quote_under_the_cursor(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Syrian Observatory for Human Rights")
        await pilot.press(*["shift+right"] * 4, "o")
        await wrong_cue_with_content(pilot)
        await search(pilot, "Syrian Observatory")
        await pick(pilot, "u", "source")
        await pilot.press("escape")
        await search(pilot, "unclear")
        await written(app, pilot)
        assert "in the content of at1:" in screen_text(app)
        assert "in the content of at1: 'monitoring' ← 'Syrian Observatory for Human Rights' m1" in details(app)
        await search(pilot, "Observatory")
        assert "source of at1:" in screen_text(app)
        await search(pilot, "immediate")
        assert "at1:" not in screen_text(app), "only where the content or the source is"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    attribution = saved(project)["attributions"][0]
    assert attribution["source"] == "m1"
    assert [c["text"] for c in attribution["content"]] == ["it was unclear"]
