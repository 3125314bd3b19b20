"""Frictions two annotators hit over tmux, pressed as they pressed them and checked on screen and on disk.

Keys sent in one burst (as tmux ``send-keys`` and SSH deliver them) are posted to
the app all at once, without waiting between them, like the terminal driver does.
"""

from __future__ import annotations

import json
from typing import Any

from textual import events
from tui_helpers import pick, run_app, screen_text, search, type_text

from annotator.project import Project
from annotator.tui.app import AnnotatorApp

DOC = "000_d246c74b127eef68"


def burst(app: AnnotatorApp, *keys: str) -> None:
    """Post ``keys`` to the app in one go, as a terminal delivers a fast burst."""
    named = {"space": " ", "equals_sign": "=", "slash": "/"}
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else named.get(key)))


async def until(pilot: Any, ready: Any) -> None:
    for _ in range(200):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


def told(app: AnnotatorApp) -> list[str]:
    return [n.message for n in app._notifications]


def saved(project: Project) -> dict[str, Any]:
    lines = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])


def _status(app: AnnotatorApp) -> str:
    return screen_text(app).splitlines()[0]


# ------------------------------------------------------------ 1. keys typed before a modal opens


def test_keys_typed_right_after_equals_go_into_the_picker_filter(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "Damascus")
        burst(app, "g", "equals_sign", "l", "e", "v", "e", "l", "space", "equals_sign", "space", "N", "O", "M", "enter")
        await until(pilot, lambda: screen.record.mentions and screen.record.mentions[0].attrs["level"] == "NOM")
        await pilot.pause()
        assert type(app.screen).__name__ == "AnnotateScreen", "the picker took Enter and closed"
        assert not any("put the cursor" in m for m in told(app)), "no typed letter ran as a command"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [(m["text"], m["label"], m["attrs"]["level"]) for m in saved(project)["mentions"]] == [
        ("Damascus", "GPE", "NOM")
    ]


def test_a_search_typed_in_one_burst_moves_the_cursor(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        burst(app, "slash", *"Labib", "enter", "p")
        await until(pilot, lambda: bool(screen.record.mentions))
        text = screen.controller.text
        assert [(m.start, m.text) for m in screen.record.mentions] == [(text.index("Labib"), "Labib")]
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


# ------------------------------------------------------------ 2. search


def test_search_from_home_finds_the_first_words_of_the_document(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        view = app.screen.view
        await search(pilot, "Labib")
        await pilot.press("home")
        await search(pilot, "a u.n.")
        assert view.cursor_span[0] == 0, "a match at the cursor itself is taken"
        await pilot.press("n")
        assert view.cursor_span[0] == 0
        assert any("search wrapped" in m for m in told(app)), "the only match again: said to have wrapped"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


def test_a_space_in_the_search_matches_a_line_break(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        text = app.screen.controller.text
        await search(pilot, "Saturday. The   planned")
        assert app.screen.view.cursor_span[0] == text.index("Saturday.\nThe planned")
        await search(pilot, "no such phrase anywhere")
        await pilot.pause()
        assert type(app.screen).__name__ == "PromptScreen", "a search with no match stays open"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.view.cursor_span[0] == text.index("Saturday.\nThe planned"), "the cursor stays"
        assert "not found: 'no such phrase anywhere' (the cursor stays where it was)" in told(app)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


# ------------------------------------------------------------ 3. Escape on an event without arguments


def test_escape_lets_go_of_an_event_without_arguments_and_keys_stay_commands(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "delayed")
        await pick(pilot, "e", "attack")
        assert screen.active_id == "ev1"
        burst(app, "escape", "right_parenthesis", "p")
        await until(pilot, lambda: bool(screen.record.mentions))
        assert type(app.screen).__name__ == "AnnotateScreen", "no question was asked"
        assert screen.active_id is None
        assert "active ev1" not in _status(app)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    record = saved(project)
    assert [v["id"] for v in record["events"]] == ["ev1"], "the event is kept"
    assert [m["text"] for m in record["mentions"]] == ["The"], "p after Escape labelled the next sentence's first token"


# ------------------------------------------------------------ 4. arguments


def test_a_on_a_mention_no_role_takes_is_refused_without_a_picker(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "delayed")
        await pick(pilot, "e", "attack")
        await search(pilot, "Saturday")
        await pilot.press("k")
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "AnnotateScreen", "no empty role picker"
        assert any("a DOC mention fills no role of" in m for m in told(app))
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert saved(project)["events"][0]["args"] == []


def test_an_event_fills_a_role_that_takes_events(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "negotiate")
        await pick(pilot, "e", "reject")
        await search(pilot, "deal")
        await pick(pilot, "e", "agreement")
        await search(pilot, "negotiate")
        await pilot.press("enter")
        assert screen.active_id == "ev1"
        await search(pilot, "deal")
        await pilot.press("a")
        await until(pilot, lambda: type(app.screen).__name__ == "PickerScreen")
        assert "Rejected" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    reject = next(v for v in saved(project)["events"] if v["type"] == "REJECT")
    assert reject["args"] == [{"role": "Rejected", "ref": "ev2"}]


# ------------------------------------------------------------ 5. attribute keys act on the item under the cursor


def test_realis_key_changes_the_event_under_the_cursor_not_the_active_one(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "delayed")
        await pick(pilot, "e", "attack")
        await search(pilot, "killed")
        await pick(pilot, "e", "die")
        await search(pilot, "delayed")
        await pilot.press("enter")
        assert screen.active_id == "ev1"
        await search(pilot, "killed")
        await pilot.press("R")
        await pilot.pause()
        panel = screen_text(app)
        assert panel.index("event ev2") < panel.index("ACTIVE event ev1"), "the panel shows the item here first"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    realis = {v["id"]: v["attrs"]["realis"] for v in saved(project)["events"]}
    assert realis == {"ev1": "ACTUAL", "ev2": "GENERIC"}


# ------------------------------------------------------------ 6. which of stacked items d acts on


def test_tab_chooses_which_stacked_item_d_deletes_and_the_header_names_it(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "President Bashar")
        await pilot.press("m", "right", "right", "right", "p")
        await pilot.press("home")
        await search(pilot, "President Bashar")
        await pilot.press("right", "p")
        assert "target m2 (1/2 here)" in _status(app)
        await pilot.press("tab")
        assert "target m1 (2/2 here)" in _status(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [m["text"] for m in saved(project)["mentions"]] == ["Bashar"], "the outer mention went, the inner stayed"


# ------------------------------------------------------------ 7. the attribute picker's filter


def test_attribute_filter_narrows_to_the_value_named_not_the_description(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "Labib")
        await pilot.press("p")
        await pick(pilot, "equals_sign", "level = PRO")
        await search(pilot, "killed")
        await pick(pilot, "e", "die")
        await pick(pilot, "equals_sign", "polarity NEG")
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    record = saved(project)
    assert record["mentions"][0]["attrs"]["level"] == "PRO"
    assert record["events"][0]["attrs"]["polarity"] == "NEGATIVE"


# ------------------------------------------------------------ 8. naming a cluster


def test_a_cluster_is_named_from_the_cluster_picker_and_with_its_key(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "ISIL")
        await pilot.press("o")
        await pick(pilot, "c", "new")
        await pick(pilot, "c", "name")
        await pilot.press(*["backspace"] * 4)
        await type_text(pilot, "Islamic State")
        await pilot.press("enter")
        await pilot.pause()
        assert "cluster: Islamic State (e1)" in screen_text(app)
        await pilot.press("E")
        await pilot.press(*["backspace"] * 20)
        await type_text(pilot, "ISIL group")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [(e["id"], e["name"]) for e in saved(project)["entities"]] == [("e1", "ISIL group")]


# ------------------------------------------------------------ 9. level guess for pronouns


def test_a_pronoun_is_guessed_pro(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "its chances")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [(m["text"], m["attrs"]["level"]) for m in saved(project)["mentions"]] == [("its", "PRO")]


# ------------------------------------------------------------ 10. the whole hyphenated word


def test_ctrl_w_selects_the_whole_hyphenated_word(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "rebel-held")
        await pilot.press("right")
        tokens = len(screen.view.tokens)
        await pilot.press("ctrl+w")
        start, end = screen.view.selection or (0, 0)
        assert screen.controller.text[start:end] == "rebel-held"
        assert len(screen.view.tokens) == tokens, "the tokenizer is unchanged"
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [m["text"] for m in saved(project)["mentions"]] == ["rebel-held"]


# ------------------------------------------------------------ 11. the blank screen after a burst


def test_a_double_enter_in_a_burst_never_blanks_the_screen(project: Project) -> None:
    """Two Enters reaching a picker before it closed dismissed it twice; the second popped the annotate screen."""

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "Labib")
        await pilot.press("p")
        burst(app, "c", "plus_sign", "enter", "enter")
        await until(pilot, lambda: bool(screen.record.entities))
        await pilot.pause(0.2)
        assert app.screen is screen
        assert "000_d246c74b127eef68" in _status(app), "the header is still drawn"
        burst(app, "ctrl+o")
        await until(pilot, lambda: type(app.screen).__name__ == "DocumentsScreen")
        burst(app, "enter", "enter")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause(0.2)
        assert app.screen is screen and "000_d246c74b127eef68" in _status(app)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    assert [len(e["mentions"]) for e in saved(project)["entities"]] == [1]


def test_keys_after_a_picker_closes_run_on_the_annotate_screen(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "Labib")
        burst(app, "p", "equals_sign", *"PRO", "enter", "right", "p")
        await until(pilot, lambda: len(screen.record.mentions) == 2)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    mentions = [(m["text"], m["attrs"]["level"]) for m in saved(project)["mentions"]]
    assert mentions == [("Labib", "PRO"), ("Nahhas", "NAM")], "Right and p after Enter moved and labelled"


def test_a_ref_attribute_offers_the_mentions_of_the_sentence(project: Project) -> None:
    """With ``=`` on the item under the cursor, a DIE count is picked from the sentence's mentions."""

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await search(pilot, "commander was")
        await pilot.press("p")
        await search(pilot, "killed")
        await pick(pilot, "e", "die")
        await pick(pilot, "equals_sign", "count commander")
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    record = saved(project)
    assert record["events"][0]["attrs"]["count"] == record["mentions"][0]["id"] == "m1"


def test_a_pronoun_behind_a_quote_is_guessed_pro(project: Project) -> None:
    from annotator.editing import guess_level

    assert guess_level('"We', project.scheme) == {"level": "PRO"}
    assert guess_level("(they)", project.scheme) == {"level": "PRO"}
    assert guess_level('"Zahran', project.scheme) == {"level": "NAM"}


# ------------------------------------------------------------ an attribution with no cue can be reached again


async def cueless_attribution_on_labib(app: AnnotatorApp, pilot: Any) -> None:
    """`Q` then content "Labib Nahhas, a senior"; leaves nothing active and the cursor at the start."""
    screen = app.screen
    await search(pilot, "Labib")
    await pilot.press("Q")
    await pilot.press(*["shift+right"] * 4)
    await pick(pilot, "u", "cont")
    await until(pilot, lambda: bool(screen.record.attributions and screen.record.attributions[0].content))
    await pilot.press("escape", "escape", "home")


def test_enter_on_the_content_of_a_cueless_attribution_makes_it_active_again(project: Project) -> None:
    """A cue-less attribution has no cue to press Enter on; its content is the way back to it."""

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await cueless_attribution_on_labib(app, pilot)
        assert screen.controller.active_id is None
        await search(pilot, "Labib")
        await pilot.press("right", "enter")
        await pilot.pause()
        assert screen.controller.active_id == "at1"
        assert "at1" in screen_text(app)
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    (attribution,) = saved(project)["attributions"]
    assert attribution["cue"] is None
    assert attribution["content"][0]["text"] == "Labib Nahhas, a senior"


def test_enter_again_on_a_shared_cue_moves_to_the_next_attribution(project: Project) -> None:
    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await search(pilot, "said")
        await pilot.press("q", "escape", "escape", "q", "escape", "escape")
        await until(pilot, lambda: len(screen.record.attributions) == 2)
        await pilot.press("enter")
        await pilot.pause()
        first = screen.controller.active_id
        await pilot.press("enter")
        await pilot.pause()
        second = screen.controller.active_id
        await pilot.press("enter")
        await pilot.pause()
        assert {first, second} == {"at1", "at2"}
        assert screen.controller.active_id == first, "a third press comes back round to the first"
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)


def test_an_attribution_nests_in_a_cueless_one_by_its_content(project: Project) -> None:
    """A quote's continuation has no cue; `u` → nested in takes the attribution whose content is under the cursor."""

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        screen = app.screen
        await cueless_attribution_on_labib(app, pilot)
        await search(pilot, "said")
        await pilot.press("q")
        await until(pilot, lambda: len(screen.record.attributions) == 2)
        assert screen.controller.active_id == "at2"
        await search(pilot, "Labib")
        await pick(pilot, "u", "nested in: the")
        await until(pilot, lambda: any(a.parent is not None for a in screen.record.attributions))
        await pilot.press("ctrl+q")

    run_app(project, body, doc=DOC)
    attributions = saved(project)["attributions"]
    (continuation,) = [a for a in attributions if a["cue"] is None]
    (nested,) = [a for a in attributions if a["cue"] is not None]
    assert nested["cue"]["text"] == "said" and nested["parent"] == continuation["id"]
