"""``ctrl+l`` in the curation screen: documents the annotators mark done while it runs join the set."""

from __future__ import annotations

from typing import Any

from annotator.model import AnnotationRecord, Mention
from annotator.project import Project
from annotator.store import load_records, write_records
from annotator.tui.curation.controller import CurationController
from tests.curation.test_curate_app import decisions
from tests.curation.test_curate_edit import curate, told
from tests.factories import find, record

LATER = "001_aab8a3634b40cb55"


def status(pilot: Any) -> str:
    return str(pilot.app.screen.query_one("#status").render())


def _alloush(project: Project, name: str, label: str, status: str) -> AnnotationRecord:
    doc = project.corpus.get(LATER)
    m = Mention(id="m1", label=label, attrs={"level": "NAM"}, **find(doc, "Zahran Alloush").model_dump())
    return record(doc, name, mentions=(m,), status=status)


def _with(project: Project, name: str, rec: AnnotationRecord) -> None:
    """``name``'s file with ``rec`` in place of their record of that document (as the annotation app saves)."""
    path = project.gold_dir / f"{name}.jsonl"
    kept = [r for r in load_records(path) if r.doc != rec.doc]
    write_records(path, [*kept, rec])


def test_a_document_finished_while_curating_is_picked_up_with_the_reload_key(two: Project) -> None:
    _with(two, "annotator-a", _alloush(two, "annotator-a", "PER", "done"))
    _with(two, "annotator-b", _alloush(two, "annotator-b", "ORG", "in_progress"))

    async def body(pilot: Any, ctl: CurationController) -> None:
        assert "(1/1)" in status(pilot), "B has not finished the second document yet"
        _with(two, "annotator-b", _alloush(two, "annotator-b", "ORG", "done"))
        await pilot.press("ctrl+n")
        assert "(1/1)" in status(pilot), "not picked up before reloading"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert told(pilot)[-1] == f"1 newly finished: {LATER} (2 to curate)"
        assert "(1/2)" in status(pilot) and "open 8/" in status(pilot), "still on the same document"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert f"curate {LATER} (2/2)" in status(pilot)
        assert ctl.cursor.current is not None and "conflict" in ctl.cursor.current.summary
        await pilot.press("2")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert told(pilot)[-1] == "no newly finished document (2 to curate)"
        assert f"curate {LATER} (2/2)" in status(pilot)

    path = curate(two, body)
    span = find(two.corpus.get(LATER), "Zahran Alloush")
    made = decisions(path)[f"mention:{span.start}-{span.end}"]
    assert made["doc"] == LATER and made["take"] == "annotator-b"


def test_reload_is_rebindable_and_an_invalid_file_leaves_the_set_as_it_was(two: Project) -> None:
    async def body(pilot: Any, ctl: CurationController) -> None:
        path = two.gold_dir / "annotator-b.jsonl"
        path.write_text(path.read_text() + "{not json\n")
        await pilot.press("ctrl+l")
        assert "(1/1)" in status(pilot) and not told(pilot), "ctrl+l is no longer reload"
        await pilot.press("f5")
        await pilot.pause()
        assert told(pilot)[-1].startswith("not reloaded:") and "annotator-b.jsonl:" in told(pilot)[-1]
        assert "(1/1)" in status(pilot) and "open 8/" in status(pilot)
        await pilot.press("y")
        assert ctl.curation.decided(ctl.doc), "curating goes on"

    curate(two, body, keymap={"curate.reload": "f5"})
