"""Word wrap by terminal cells, nesting depth and incremental mark filing (no Textual)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from annotator.errors import AnnotatorError
from annotator.tui.keys import load_keymap
from annotator.tui.layout import Layout, Mark, nest_depths, quick_tokens, wrap


def test_wrap_measures_cjk_and_emoji_as_two_cells() -> None:
    text = "北京欢迎你 and 😀😀 ok\n\nnext"
    lines = wrap(text, 6)
    shown = [text[a:b] for a, b in lines]
    assert shown == ["北京欢", "迎你 ", "and ", "😀😀 ", "ok", "", "next"]
    assert all(cell_len(s.rstrip()) <= 6 for s in shown)


@given(st.text(alphabet="ab 北😀—“”\n", max_size=80), st.integers(min_value=4, max_value=30))
def test_wrap_covers_every_character_once_and_fits(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert "".join(text[a:b] for a, b in lines) == text.replace("\n", "")
    assert len(lines) == text.count("\n") + 1 + sum(1 for a, b in lines if b < len(text) and text[b] != "\n")
    assert all(cell_len(text[a:b].rstrip()) <= width for a, b in lines)


def test_nest_depths_and_incremental_update_match_a_full_rebucket() -> None:
    assert nest_depths([(0, 10), (2, 5), (3, 4), (6, 9), (20, 30)]) == [0, 1, 2, 1, 0]
    text = "one two three four five six seven eight nine ten " * 4
    layout = Layout.build(text, 20)
    marks = [Mark(i, i + 7, "mention", "PER", f"m{i}") for i in range(0, 150, 9)]
    layout.bucket(marks)
    new = [*marks[2:], Mark(40, 70, "mention", "ORG", "x")]
    touched = layout.update(set(marks) - set(new), set(new) - set(marks))
    fresh = Layout.build(text, 20)
    fresh.bucket(new)
    assert layout.buckets == fresh.buckets and layout.signatures == fresh.signatures
    assert touched == sorted(set(touched)) and touched


def test_quick_tokens_keep_abbreviations_whole() -> None:
    toks = quick_tokens("The U.S.-backed force took Raqa. Then it left.")
    words = [toks.text[a:b] for a, b in zip(toks.starts, toks.ends, strict=True)]
    assert words[:4] == ["The", "U.S.", "-", "backed"]
    assert toks.sentence_starts == (0, 33)


def test_keymap_file_rebinds_by_id_and_rejects_unknown_ids(tmp_path: Path) -> None:
    good = tmp_path / "keymap.toml"
    good.write_text('[keys]\n"edit.delete" = "backspace"\n', encoding="utf-8")
    assert load_keymap(good) == {"edit.delete": "backspace"}
    bad = tmp_path / "bad.toml"
    bad.write_text('[keys]\n"edit.nope" = "x"\n', encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"unknown binding id\(s\) edit\.nope"):
        load_keymap(bad)


_span = st.tuples(st.integers(0, 190), st.integers(1, 40)).map(lambda t: (t[0], min(t[0] + t[1], 200)))


@given(st.lists(_span, max_size=25), st.lists(_span, max_size=25), st.integers(8, 40))
def test_incremental_filing_equals_filing_from_scratch(old: list, new: list, width: int) -> None:
    text = ("word " * 40)[:200]
    before = [
        Mark(s, e, "mention", "PER", f"a{i}", d)
        for i, ((s, e), d) in enumerate(zip(old, nest_depths(old), strict=True))
    ]
    after = [
        Mark(s, e, "mention", "ORG", f"b{i}", d)
        for i, ((s, e), d) in enumerate(zip(new, nest_depths(new), strict=True))
    ]
    layout = Layout.build(text, width)
    layout.bucket(before)
    layout.update(set(before) - set(after), set(after) - set(before))
    fresh = Layout.build(text, width)
    fresh.bucket(after)
    assert layout.buckets == fresh.buckets


@given(st.lists(st.tuples(st.booleans(), _span), max_size=30))
def test_mention_marks_follow_adds_and_undos_exactly(steps: list) -> None:
    from annotator.model import Mention
    from annotator.tui.marks import MentionMarks

    text = "x" * 200
    incremental = MentionMarks()
    mentions: tuple[Mention, ...] = ()
    for n, (add, (s, e)) in enumerate(steps):
        if add or not mentions:
            mentions = (*mentions, Mention(id=f"m{n}", label="PER", start=s, end=e, text=text[s:e]))
        else:
            mentions = mentions[:-1]
        got = incremental(mentions)
        assert got == MentionMarks()(mentions)


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=40), _span), max_size=30))
def test_mention_marks_follow_deletions_anywhere_exactly(steps: list) -> None:
    """Deleting a mention from the middle (``d``), identical spans included, draws what a full rebuild draws."""
    from annotator.model import Mention
    from annotator.tui.marks import MentionMarks

    text = "x" * 200
    incremental = MentionMarks()
    mentions: tuple[Mention, ...] = ()
    for n, (pick, (s, e)) in enumerate(steps):
        if pick % 3 or not mentions:
            mentions = (*mentions, Mention(id=f"m{n}", label="PER", start=s, end=e, text=text[s:e]))
        else:
            k = pick % len(mentions)
            mentions = mentions[:k] + mentions[k + 1 :]
        assert incremental(mentions) == MentionMarks()(mentions)


@given(st.text(alphabet="ab .,-—“\n北😀", max_size=120), st.integers(min_value=4, max_value=30))
def test_fast_single_cell_wrap_matches_the_reference_loop(text: str, width: int) -> None:
    from annotator.tui.layout import _wrap_slow

    assert wrap(text, width) == _wrap_slow(text, width)
