"""``annotator assign --overlap 2`` over five annotators: every document twice, loads balanced."""

from __future__ import annotations

import json
from collections import Counter

from annotator.assign import assign
from annotator.cli import main
from annotator.project import Project

PEOPLE = ["ann", "bob", "cat", "dan", "eve"]


def test_overlap_two_over_five_annotators_is_balanced() -> None:
    docs = [f"d{i:02}" for i in range(23)]
    plan = assign(docs, PEOPLE, 2, seed=7)
    per_doc = Counter(d for ds in plan.values() for d in ds)
    assert set(per_doc) == set(docs) and set(per_doc.values()) == {2}
    assert all(len(set(ds)) == len(ds) for ds in plan.values())  # never twice to one person
    loads = [len(ds) for ds in plan.values()]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 46
    assert assign(docs, PEOPLE, 2, seed=7) == plan and assign(docs, PEOPLE, 2, seed=8) != plan


def test_assign_command_writes_once_and_refuses_to_overwrite(project: Project) -> None:
    args = ["--project", str(project.root), "assign", "--annotators", ",".join(PEOPLE), "--overlap", "2"]
    assert main([*args, "--seed", "1"]) == 0
    data = json.loads((project.gold_dir / "assignments.json").read_text())
    assert sum(len(d) for d in data["assignments"].values()) == 2 * len(project.corpus.ids())
    assert main([*args, "--seed", "2"]) == 1
    assert json.loads((project.gold_dir / "assignments.json").read_text()) == data
    assert main([*args[:-2], "--overlap", "6"]) == 1
