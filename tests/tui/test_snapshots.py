"""Snapshots of every screen, reached with real key presses on a fixed record and fixed guidelines.

Nothing in them depends on the machine: the annotator is "tester", the record's
last edit time is fixed, the guidelines are written here, no keymap file is read
and the terminal is 110x32. ``pytest --snapshot-update`` rewrites the baselines in
``__snapshots__/`` after an intended change of the look.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from factories import sample_record
from textual.widgets import OptionList

from annotator.project import Project
from annotator.store import write_records
from annotator.tui.app import AnnotatorApp
from annotator.tui.session import Session

DOC = "000_d246c74b127eef68"
SIZE = (110, 32)
GUIDELINES = {
    "01_entities.md": "# Entities\n\nMark every name.\n\n## ORG\n\nOrganisations: armed groups, monitors, agencies.\n",
    "02_events.md": "# Events\n\n## EVACUATE\n\nPeople moved out of a place.\n",
}

RunBefore = Callable[[Any], Awaitable[None]]


@pytest.fixture
def app(project: Project, monkeypatch: pytest.MonkeyPatch) -> Iterator[AnnotatorApp]:
    """The app on seed 000 with one annotated record (every layer) and two guideline files."""
    for name in ("NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    record = sample_record(project.corpus.get(DOC), "tester").model_copy(update={"updated": "2026-01-02T03:04:05Z"})
    write_records(project.gold_dir / "tester.jsonl", [record])
    folder = project.scheme_path.parent
    for name, text in GUIDELINES.items():
        (folder / name).write_text(text, encoding="utf-8")
    session = Session.open(project, "tester")
    try:
        yield AnnotatorApp(session, DOC, keymap={})
    finally:
        session.close()


async def _until(pilot: Any, ready: Callable[[], bool]) -> None:
    """Pause until ``ready()`` (the side list is rebuilt on a timer, markdown loads in steps)."""
    for _ in range(400):
        if ready():
            return
        await pilot.pause(0.025)
    raise AssertionError("the screen did not get ready")


def keys(*presses: str, ready: Callable[[Any], bool] | None = None) -> RunBefore:
    """Wait for tokens and the side list, press ``presses``, then wait until ``ready(app)``."""

    async def run(pilot: Any) -> None:
        app = pilot.app
        await app.workers.wait_for_complete()
        await _until(pilot, lambda: app.screen.query_one("#items").option_count > 0)
        await pilot.press(*presses)
        await app.workers.wait_for_complete()
        if ready is not None:
            await _until(pilot, lambda: ready(app))
            await pilot.pause(0.1)

    return run


def _search(text: str) -> tuple[str, ...]:
    return ("slash", *text, "enter")


def test_annotate_screen(app: AnnotatorApp, snap_compare: Any) -> None:
    """Zones, nested mentions, triggers, an active attribution with content; the cursor on a mention."""
    run = keys(*_search("said"), "enter", *_search("ISIL"), ready=lambda a: a.screen.active_id == "a1")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_documents_screen(app: AnnotatorApp, snap_compare: Any) -> None:
    run = keys("ctrl+o", ready=lambda a: type(a.screen).__name__ == "DocumentsScreen")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_help_screen(app: AnnotatorApp, snap_compare: Any) -> None:
    run = keys("question_mark", ready=lambda a: type(a.screen).__name__ == "HelpScreen")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_guidelines_screen_opens_on_the_label_under_the_cursor(app: AnnotatorApp, snap_compare: Any) -> None:
    def shown(a: AnnotatorApp) -> bool:
        return type(a.screen).__name__ == "GuidelinesScreen" and bool(a.screen.query("MarkdownH2"))

    run = keys(*_search("ISIL"), "ctrl+g", ready=shown)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_picker_screen_filters_as_you_type(app: AnnotatorApp, snap_compare: Any) -> None:
    run = keys(*_search("evacuate"), "e", *"move", ready=lambda a: type(a.screen).__name__ == "PickerScreen")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_prompt_screen(app: AnnotatorApp, snap_compare: Any) -> None:
    run = keys("slash", *"Damascus", ready=lambda a: type(a.screen).__name__ == "PromptScreen")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_prompt_after_a_failed_search_stays_open_saying_so(app: AnnotatorApp, snap_compare: Any) -> None:
    """Enter on a phrase with no match keeps the prompt, the reason under it, and what is typed next in it."""

    def refused(a: AnnotatorApp) -> bool:
        return type(a.screen).__name__ == "PromptScreen" and not a.screen.query_one("#prompt-problem").has_class(
            "-empty"
        )

    run = keys(*_search("Damascuz"), *" pog", ready=refused)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_command_palette(app: AnnotatorApp, snap_compare: Any) -> None:
    def listed(a: AnnotatorApp) -> bool:
        return type(a.screen).__name__ == "CommandPalette" and a.screen.query_one("CommandList").option_count > 0

    run = keys("ctrl+p", *"undo", ready=listed)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_guidelines_scrolled_to_a_backticked_heading(
    app: AnnotatorApp, snap_compare: Any, size: tuple[int, int]
) -> None:
    folder = app.session.project.scheme_path.parent
    filler = "".join(f"Paragraph {i} of the overview.\n\n" for i in range(40))
    (folder / "00_manual.md").write_text(f"# Manual\n\n{filler}# `ORG`\n\nArmed groups are ORG.\n", encoding="utf-8")

    def shown(a: AnnotatorApp) -> bool:
        return type(a.screen).__name__ == "GuidelinesScreen" and bool(a.screen.query("MarkdownH1"))

    run = keys(*_search("ISIL"), "ctrl+g", ready=shown)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_escape_on_an_unfinished_attribution_asks(app: AnnotatorApp, snap_compare: Any, size: tuple[int, int]) -> None:
    def asked_and_listed(a: AnnotatorApp) -> bool:
        """The question is open and the side list (rebuilt on a timer) shows the new attribution."""
        if type(a.screen).__name__ != "PickerScreen":
            return False
        items = a.screen_stack[-2].query_one("#items", OptionList)
        return any("(implicit)" in str(items.get_option_at_index(i).prompt) for i in range(items.option_count))

    run = keys(*_search("Damascus"), "q", "escape", ready=asked_and_listed)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_documents_filtered_and_sorted(app: AnnotatorApp, snap_compare: Any, size: tuple[int, int]) -> None:
    def sorted_by_length(a: AnnotatorApp) -> bool:
        return type(a.screen).__name__ == "DocumentsScreen" and a.screen.sort_by == "length"

    run = keys("ctrl+o", "f", "s", "s", "s", "r", ready=sorted_by_length)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_corpus_search_lists_hits(app: AnnotatorApp, snap_compare: Any, size: tuple[int, int]) -> None:
    def listed(a: AnnotatorApp) -> bool:
        return type(a.screen).__name__ == "SearchScreen" and a.screen.query_one("#search-hits").option_count > 0

    run = keys("ctrl+f", *"ORG", "enter", ready=listed)
    assert snap_compare(app, terminal_size=size, run_before=run)


def test_cluster_name_prompt(app: AnnotatorApp, snap_compare: Any) -> None:
    """``E`` on a clustered mention asks for the cluster's name, saying the current one."""
    run = keys(*_search("ISIL"), "E", *"Islamic State", ready=lambda a: type(a.screen).__name__ == "PromptScreen")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_role_picker_for_an_event_filler(app: AnnotatorApp, snap_compare: Any) -> None:
    """``a`` on another event's trigger offers the roles of the active event that take events."""
    presses = (*_search("negotiate"), "e", *"reject", "enter", "home", *_search("pullout"), "a")

    def asked_and_listed(a: AnnotatorApp) -> bool:
        if type(a.screen).__name__ != "PickerScreen":
            return False
        items = a.screen_stack[-2].query_one("#items", OptionList)
        return any("'negotiate'" in str(items.get_option_at_index(i).prompt) for i in range(items.option_count))

    run = keys(*presses, ready=asked_and_listed)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)
