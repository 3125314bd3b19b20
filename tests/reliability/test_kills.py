"""SIGKILL of writers (the app's save path) and of ``annotator compact`` at random moments: no acknowledged edit lost.

The short version of the long run in ``bench/reliability.py`` (200 kills there).
"""

from __future__ import annotations

from annotator.project import Project
from annotator.store import read_records
from tests.reliability.attack_kills import run_kills


def test_killed_writers_and_compactions_lose_no_acknowledged_edit(project: Project) -> None:
    tally = run_kills(project, writers=6, compactions=3, seed=17)
    assert tally.kills == 9
    assert tally.acked > 0, "the writers did save before being killed"
    assert (tally.acked_lost, tally.unreadable, tally.problems) == (0, 0, None)
    result = read_records(project.gold_dir / "ann.jsonl")
    assert not result.problems and result.torn_tail is None
    assert not [p for p in project.gold_dir.iterdir() if p.name.endswith(".tmp")]
