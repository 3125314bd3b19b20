"""``ctrl+g`` on the shipped manual: the section of the label or type under the cursor is on screen."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tui_helpers import run_app, screen_text, search

from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.guidelines import find_section, guideline_files

ROOT = Path(__file__).resolve().parents[2]
DOC = "000_d246c74b127eef68"


def _shipped_guidelines(project: Project) -> None:
    folder = project.scheme_path.parent
    shutil.copytree(ROOT / "guidelines", folder, dirs_exist_ok=True)


async def _until_shown(app: AnnotatorApp, pilot: Any, text: str) -> str:
    for _ in range(100):
        await pilot.pause(0.05)
        shown = screen_text(app)
        if text in shown:
            return shown
    return screen_text(app)


def test_ctrl_g_scrolls_to_the_backticked_label_heading_of_the_shipped_manual(project: Project) -> None:
    _shipped_guidelines(project)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "ISIL")
        await pilot.press("o", "ctrl+g")
        shown = await _until_shown(app, pilot, "A formally organised body")
        assert "02_entities.md § ORG" in shown
        assert "A formally organised body" in shown, "the view is scrolled to the ORG section"
        assert "Entity labels (pass 2)" not in shown, "not left at the top of the page"
        await pilot.press("escape", "ctrl+q")

    run_app(project, body, doc=DOC, size=(120, 40))


def test_ctrl_g_on_a_trigger_opens_the_event_types_own_page(project: Project) -> None:
    _shipped_guidelines(project)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "evacuate")
        await pilot.press("e", *"EVACUATE", "enter")
        await pilot.pause()
        await pilot.press("ctrl+g")
        shown = await _until_shown(app, pilot, "People are moved, or move")
        assert "evacuate.md § EVACUATE" in shown
        assert "hard_cases" not in shown
        assert "People are moved, or move" in shown
        await pilot.press("escape", "ctrl+q")

    run_app(project, body, doc=DOC, size=(80, 24))


def test_every_label_type_and_zone_of_the_scheme_finds_its_own_heading(project: Project) -> None:
    files = guideline_files(ROOT / "guidelines")
    scheme = project.scheme
    names = [e.label for e in scheme.entity_labels] + [t.name for t in scheme.event_types]
    names += [z.label for z in scheme.zones]
    for name in names:
        found = find_section(files, [name])
        assert found is not None, name
        index, heading = found
        assert heading == name, f"{name}: landed on {files[index].name} § {heading}"
