"""The decisions file, written as a curator decides: one JSON line per decision, on disk before it is shown.

It is the file ``annotator adjudicate --decisions`` reads, and the last
decision on an item wins there as here, so the app only ever appends: a
changed mind is a new line, and the history of a decision stays readable.
Each line is written with one ``write`` to a file opened for appending, then
``fsync``-ed; a line torn by a crash is the only thing a crash can lose, and
it is set aside (with a message) when the file is opened again.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.adjudicate import Decision
from annotator.adjudicate_cli import load_decisions
from annotator.durable import fsync_dir, write_all


class DecisionLog:
    """The decisions of one file, in order; :meth:`add` appends durably."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning = ""
        self.decisions: list[Decision] = []
        if path.exists():
            self._drop_torn_tail()
            self.decisions = load_decisions(path)

    def _drop_torn_tail(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data[: data.rfind(b"\n") + 1]
            torn = self.path.with_name(self.path.name + ".torn")
            torn.write_bytes(data[len(keep) :])
            self.path.write_bytes(keep)
            self.warning = f"{self.path}: an unfinished last line (a crash while writing) was moved to {torn}"

    def add(self, decision: Decision) -> None:
        """Append ``decision`` and return once it is on disk."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            line = decision.model_dump_json(exclude={"edit"} if decision.edit is None else set())
            write_all(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(self.path.parent)
        self.decisions.append(decision)

    def latest(self, doc: str) -> dict[str, Decision]:
        """The decision in force on each item of ``doc`` (the last one written)."""
        return {d.item: d for d in self.decisions if d.doc == doc}
