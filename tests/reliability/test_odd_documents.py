"""Odd documents: Windows line ends, grapheme clusters, and texts past spaCy's million-character limit.

CRLF text used to show as blank lines (raw carriage returns reached the
terminal); a combining accent or a joined emoji could be split between two
tokens; a document over 1,000,000 characters crashed the app (in its
background tokenisation) and ``agreement``. Offsets stay code points of the
exact text throughout.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.model import AnnotationRecord, Mention
from annotator.project import Project
from annotator.store import read_records, write_records
from annotator.tokens import tokenize
from annotator.tui.app import AnnotatorApp
from annotator.tui.layout import quick_tokens
from annotator.tui.pointer import Pointer
from annotator.validate import validate_file
from tests.tui.tui_helpers import run_app, screen_text

CRLF_TEXT = "Kofi Annan met Assad in Damascus.\r\nRebels left Homs on Monday.\r\n\r\nThe end.\r\n"


def with_document(project: Project, doc_id: str, text: str) -> Project:
    (project.corpus_path / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
    return Project.find(project.root)


def test_crlf_text_shows_its_lines_and_a_mark_keeps_exact_offsets(project: Project) -> None:
    project = with_document(project, "crlf", CRLF_TEXT)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        shown = screen_text(app)
        assert "\r" not in shown
        rows = shown.splitlines()
        first = next(i for i, row in enumerate(rows) if "Kofi Annan met Assad in Damascus." in row)
        assert "Rebels left Homs on Monday." in rows[first + 1], "no blank line between the two lines"
        await pilot.press("down", "p")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc="crlf")
    [record] = read_records(project.gold_dir / "ann.jsonl").records.values()
    [mention] = record.mentions
    start = CRLF_TEXT.index("Rebels")
    assert (mention.start, mention.end, mention.text) == (start, start + len("Rebels"), "Rebels")
    assert validate_file(project.gold_dir / "ann.jsonl", project.corpus, project.scheme) == []


CLUSTERS = {
    "Cafe\u0301 au lait": ["Cafe\u0301", "au", "lait"],
    "Famille 👩\u200d👩\u200d👧 ici": ["Famille", "👩\u200d👩\u200d👧", "ici"],
    "Thumbs 👍🏽 up": ["Thumbs", "👍🏽", "up"],
    "Flags 🇫🇷🇩🇪 here": ["Flags", "🇫🇷", "🇩🇪", "here"],
    "Hindi नमस्ते दुनिया": ["Hindi", "नमस्ते", "दुनिया"],
}


def token_texts(text: str, index: Any) -> list[str]:
    return [text[s:e] for s, e in zip(index.starts, index.ends, strict=True)]


def test_grapheme_clusters_stay_whole_in_both_tokenisations() -> None:
    """The regex tokens of the first frame keep clusters whole too, but split Hindi words at conjuncts."""
    for text, expected in CLUSTERS.items():
        assert token_texts(text, tokenize(text)) == expected, text
        if text.isascii() or not text.startswith("Hindi"):
            assert token_texts(text, quick_tokens(text)) == expected, text


PIECES = st.sampled_from(
    [
        "a",
        "e",
        "Z",
        " ",
        "\r\n",
        "\n",
        ".",
        "\u0301",
        "\u0308",
        "\u200d",
        "👩",
        "👍",
        "🏽",
        "\ufe0f",
        "🇫",
        "🇷",
        "क",
        "ि",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_no_token_edge_splits_a_mark_from_its_base_or_a_zwj_sequence(text: str) -> None:
    for index in (tokenize(text), quick_tokens(text)):
        for edge in (*index.starts, *index.ends):
            if 0 < edge < len(text) and text[edge - 1] not in "\r\n":  # a mark after a line break stands alone
                assert unicodedata.category(text[edge]) not in ("Mn", "Mc", "Me"), (text, edge)
                assert text[edge] not in "\u200d\ufe0f🏽", (text, edge)
                assert not (text[edge - 1] == "\u200d" and text[edge] in "👩👍"), (text, edge)
        assert all(text[s:e].strip() for s, e in zip(index.starts, index.ends, strict=True))


def test_nudging_a_selection_edge_steps_over_a_whole_cluster() -> None:
    text = "Cafe\u0301 ok"
    pointer = Pointer(text, tokenize(text))
    pointer.toggle_mark()
    assert pointer.selection == (0, 5)
    pointer.nudge(1, -1)
    assert pointer.selection == (0, 3), "the end moves before the e and its accent together"
    pointer.nudge(1, 1)
    assert pointer.selection == (0, 5)


def huge_text(lines: int = 16_000) -> str:
    """About 1.2 million characters, past spaCy's ``nlp.max_length`` of one million."""
    line = "Rebels attacked the town of Douma on Monday, monitors said, and dozens were killed."
    return "\n".join(f"{line} Line {i}." for i in range(lines)) + "\n"


def test_tokenising_past_the_spacy_limit_matches_the_lines_one_by_one() -> None:
    text = huge_text()
    assert len(text) > 1_000_000
    index = tokenize(text)
    one = tokenize(text[: text.index("\n") + 1])
    assert len(index) == 16_000 * len(one), "every line has as many tokens as the first"
    assert text[index.starts[-1] : index.ends[-1]] == "."
    assert len(index.sentence_starts) >= 16_000


def test_agreement_and_the_app_handle_a_document_past_the_spacy_limit(project: Project, capsys: Any) -> None:
    text = huge_text()
    project = with_document(project, "huge", text)
    doc = project.corpus.get("huge")
    start = text.rindex("Douma")
    for who, label in (("alice", "GPE"), ("bob", "LOC")):
        mention = Mention(id="m1", start=start, end=start + 5, text="Douma", label=label, attrs={"level": "NAM"})
        record = AnnotationRecord(
            doc="huge",
            doc_sha256=doc.sha256,
            annotator=who,
            scheme=project.scheme.id,
            status="done",
            mentions=(mention,),
        )
        write_records(project.gold_dir / f"{who}.jsonl", [record])
    assert main(["--project", str(project.root), "agreement", "--format", "json", "--docs", "huge"]) == 0
    assert json.loads(capsys.readouterr().out)

    async def body(app: AnnotatorApp, pilot: Any) -> None:
        await pilot.press("end")
        await pilot.press("left", "left", "left", "left", "left", "left", "left", "p")
        await pilot.pause()
        await pilot.press("ctrl+q")

    run_app(project, body, doc="huge", annotator="carol")
    [record] = read_records(project.gold_dir / "carol.jsonl").records.values()
    [mention] = record.mentions
    assert mention.text == text[mention.start : mention.end] and mention.start > 1_000_000
    assert validate_file(project.gold_dir / "carol.jsonl", project.corpus, project.scheme) == []


def test_a_long_line_without_breaks_is_cut_for_spacy_on_a_blank(tmp_path: Path) -> None:
    text = " ".join(f"word{i}" for i in range(220_000))
    index = tokenize(text)
    assert len(index) == 220_000
    assert token_texts(text, index)[-1] == "word219999"
