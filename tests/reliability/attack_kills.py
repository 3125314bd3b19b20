"""SIGKILL of writers and of ``annotator compact`` at random moments, shared by the CI tests and the long run.

A writer process saves edits through the app's save path (``Session.apply`` then
``Session.flush``, append + fsync) and prints ``ack DOC SEQ`` once a save has
returned; every 25 saves it also compacts. A compaction process is the real
``annotator compact`` command on a file grown by many superseded lines. Each is
killed with SIGKILL after a random delay. Then the file must read without a bad
line (a torn last line is allowed: it was never acknowledged), every
acknowledged edit must be there (the document's record carries that ``seq`` or
a later one), and the next writer to open the file must find the same.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from annotator.project import Project
from annotator.store import read_records

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
sys.path.insert(0, {root!r})
from annotator.project import Project
from annotator.tui.session import Session
from tests.factories import sample_record
project = Project.find({project!r})
session = Session.open(project, "ann")
docs = session.doc_ids()
full = sample_record(project.corpus.get("000_d246c74b127eef68"), annotator="ann")
print("ready", flush=True)
seq = {start}
while True:
    seq += 1
    doc = docs[seq % len(docs)]
    before = session.record(doc)
    base = full if doc == full.doc else before
    after = base.model_copy(update={{"meta": {{"seq": seq}}}})
    session.apply(before, after, "edit")
    session.flush()
    print("ack", doc, seq, flush=True)
    if seq % 25 == 0:
        session.store.compact()
"""


@dataclass
class KillTally:
    kills: int = 0
    acked: int = 0
    acked_lost: int = 0
    unreadable: int = 0
    problems: list[str] | None = None

    def note(self, what: str) -> None:
        if self.problems is None:
            self.problems = []
        self.problems.append(what)


def _last_seq(project: Project) -> tuple[dict[str, int], bool]:
    """Each document's ``seq`` in the file now, and whether every line but a torn tail reads."""
    result = read_records(project.gold_dir / "ann.jsonl")
    seqs = {doc: int(rec.meta.get("seq", -1)) for (_, doc), rec in result.records.items()}
    return seqs, not result.problems


def _check(project: Project, acked: dict[str, int], tally: KillTally, when: str) -> dict[str, int]:
    seqs, readable = _last_seq(project)
    if not readable:
        tally.unreadable += 1
        tally.note(f"{when}: unreadable lines")
    for doc, seq in acked.items():
        if seqs.get(doc, -1) < seq:
            tally.acked_lost += 1
            tally.note(f"{when}: {doc} acknowledged seq {seq}, file has {seqs.get(doc)}")
    return seqs


def kill_writer(project: Project, rng: random.Random, tally: KillTally, start: int) -> int:
    """One writer killed after a random delay; returns the last sequence number it may have used."""
    code = WRITER.format(root=str(ROOT), project=str(project.root), start=start)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    if ready.strip() != "ready":
        proc.kill()
        raise RuntimeError(f"writer did not start: {ready}{proc.communicate()[1]}")
    time.sleep(rng.uniform(0.0, 0.25))
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    tally.kills += 1
    acked: dict[str, int] = {}
    last = start
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ack":
            acked[parts[1]] = int(parts[2])
            last = max(last, int(parts[2]))
            tally.acked += 1
    _check(project, acked, tally, f"writer kill {tally.kills}")
    with project.store("ann") as store:
        store.close(compact=False)
    _check(project, acked, tally, f"reopen after writer kill {tally.kills}")
    return last + 1000


def kill_compact(project: Project, rng: random.Random, tally: KillTally) -> None:
    """``annotator compact ann`` killed after a random delay (imports included, so some kills miss)."""
    before, _ = _last_seq(project)
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "--project", str(project.root), "compact", "ann"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    time.sleep(rng.uniform(0.2, 1.2))
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    tally.kills += 1
    _check(project, before, tally, f"compact kill {tally.kills}")
    with project.store("ann") as store:
        store.close(compact=False)
    _check(project, before, tally, f"reopen after compact kill {tally.kills}")
    leftovers = [p.name for p in project.gold_dir.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        tally.note(f"temporary files left after the next writer opened: {leftovers}")


def run_kills(project: Project, writers: int, compactions: int, seed: int = 0) -> KillTally:
    """``writers`` writer kills, then ``compactions`` compaction kills, interleaved at random."""
    rng = random.Random(seed)
    tally = KillTally()
    plan = ["w"] * writers + ["c"] * compactions
    rng.shuffle(plan)
    start = 0
    for step in plan:
        if step == "w":
            start = kill_writer(project, rng, tally, start)
        else:
            kill_compact(project, rng, tally)
    return tally
