"""Mutated records through every reading command: refused with file and line, never a traceback or a hang.

The short version of the fuzzing in ``bench/reliability.py`` (10,000 records there):
every reader, ``agreement`` included, refuses every mutation ``validate`` refuses,
with no traceback and no hang.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.reliability.attack_fuzz import FuzzTally, fuzz_batch, make_project


def test_every_reader_refuses_mutated_records_without_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    rng = random.Random(5)
    tally = FuzzTally()
    while tally.fuzzed < 150:
        fuzz_batch(project, rng, tally, files=4)
    assert (tally.tracebacks, tally.hangs) == (0, 0), tally.failures
    assert tally.by_command == {}, tally.by_command
