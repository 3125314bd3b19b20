"""Fuzzed annotator pairs: ``adjudicate`` writes gold that validates, or refuses with exit 1.

Each example mutates one annotator's record of one document as annotators
really disagree (relabelled, moved or dropped mentions, regrouped clusters,
retyped events, dropped arguments, shifted spans), adds a few decisions, and
runs the command. The gold it writes must pass ``validate``; when it refuses,
nothing is written. When both inputs pass ``validate`` and there are no
decisions, the merge itself must give valid gold (exit 0).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.model import AnnotationRecord
from annotator.project import Project
from annotator.store import read_records, write_records
from annotator.validate import validate_file

ROOT = Path(__file__).resolve().parents[2]
LABELS = ["PER", "ORG", "GPE", "LOC", "FAC"]
SHIPPED = {name: read_records(ROOT / "gold" / f"{name}.jsonl").by_doc() for name in ("annotator-a", "annotator-b")}
DOCS = sorted(SHIPPED["annotator-a"])


def relabel(data: dict[str, Any], text: str, i: int, k: int) -> None:
    if data["mentions"]:
        m = data["mentions"][i % len(data["mentions"])]
        m["label"] = LABELS[k % len(LABELS)]
        m["attrs"] = {"level": m["attrs"].get("level", "NOM")}


def regroup(data: dict[str, Any], text: str, i: int, k: int) -> None:
    """Move a mention into another cluster (or out of its own)."""
    if not data["mentions"] or not data["entities"]:
        return
    ident = data["mentions"][i % len(data["mentions"])]["id"]
    for e in data["entities"]:
        e["mentions"] = [x for x in e["mentions"] if x != ident]
    target = data["entities"][k % len(data["entities"])]
    if k % 3:
        target["mentions"].append(ident)
    data["entities"] = [e for e in data["entities"] if e["mentions"]]


def merge_clusters(data: dict[str, Any], text: str, i: int, k: int) -> None:
    if len(data["entities"]) >= 2:
        a = data["entities"][i % len(data["entities"])]
        b = data["entities"][k % len(data["entities"])]
        if a is not b:
            a["mentions"] += b["mentions"]
            data["entities"].remove(b)


def drop_mention(data: dict[str, Any], text: str, i: int, k: int) -> None:
    """Remove a mention and every reference to it."""
    if not data["mentions"]:
        return
    ident = data["mentions"].pop(i % len(data["mentions"]))["id"]
    for e in data["entities"]:
        e["mentions"] = [x for x in e["mentions"] if x != ident]
    data["entities"] = [e for e in data["entities"] if e["mentions"]]
    for v in data["events"]:
        v["args"] = [a for a in v["args"] if a["ref"] != ident]
        v["attrs"] = {n: (None if x == ident else x) for n, x in v["attrs"].items()}
    for a in data["attributions"]:
        a["source"] = None if a["source"] == ident else a["source"]
        a["via"] = None if a["via"] == ident else a["via"]
        a["role_claims"] = [c for c in a["role_claims"] if c["ref"] != ident]


def drop_argument(data: dict[str, Any], text: str, i: int, k: int) -> None:
    with_args = [v for v in data["events"] if v["args"]]
    if with_args:
        v = with_args[i % len(with_args)]
        v["args"].pop(k % len(v["args"]))


def retype_event(data: dict[str, Any], text: str, i: int, k: int) -> None:
    if data["events"]:
        other = [v["type"] for v in data["events"]]
        data["events"][i % len(data["events"])]["type"] = other[k % len(other)]


def shift_mention(data: dict[str, Any], text: str, i: int, k: int) -> None:
    if data["mentions"]:
        m = data["mentions"][i % len(data["mentions"])]
        end = min(len(text), max(m["start"] + 1, m["end"] + (k % 5) - 2))
        m["end"] = end
        m["text"] = text[m["start"] : end]


MUTATIONS = [relabel, regroup, merge_clusters, drop_mention, drop_argument, retype_event, shift_mention]

mutation = st.tuples(
    st.sampled_from(["annotator-a", "annotator-b"]),
    st.sampled_from(MUTATIONS),
    st.integers(0, 500),
    st.integers(0, 500),
)


def make_project(
    root: Path, doc: str, mutations: list[tuple[str, Any, int, int]], rulings: list[tuple[str, int, str | None]]
) -> Project:
    """The seeds, the scheme and both annotators' (mutated) records of ``doc``, plus ``decisions.jsonl``."""
    (root / "guidelines").mkdir()
    shutil.copy(ROOT / "guidelines" / "schema.toml", root / "guidelines" / "schema.toml")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "gold").mkdir()
    project = Project.find(root)
    text = project.corpus.get(doc).text
    data = {name: SHIPPED[name][doc].to_json_dict() for name in SHIPPED}
    for name, mutate, i, k in mutations:
        mutate(data[name], text, i, k)
    for name in SHIPPED:
        write_records(root / "gold" / f"{name}.jsonl", [AnnotationRecord.model_validate(data[name])])
    lines = []
    for name, i, take in rulings:
        mentions = data[name]["mentions"]
        if mentions:
            m = mentions[i % len(mentions)]
            item = {"doc": doc, "item": f"mention:{m['start']}-{m['end']}", "take": take, "reason": "fuzz"}
            lines.append(json.dumps(item) + "\n")
    (root / "decisions.jsonl").write_text("".join(lines), encoding="utf-8")
    return project


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=st.sampled_from(DOCS),
    mutations=st.lists(mutation, min_size=1, max_size=4),
    rulings=st.lists(
        st.tuples(
            st.sampled_from(["annotator-a", "annotator-b"]),
            st.integers(0, 500),
            st.sampled_from(["annotator-a", "annotator-b", None]),
        ),
        max_size=3,
    ),
)
def test_adjudicate_writes_valid_gold_or_refuses(
    doc: str, mutations: list[tuple[str, Any, int, int]], rulings: list[tuple[str, int, str | None]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp), doc, mutations, rulings)
        gold = project.gold_dir / "gold.jsonl"
        inputs_valid = all(
            validate_file(project.gold_dir / f"{n}.jsonl", project.corpus, project.scheme) == [] for n in SHIPPED
        )
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(
                ["--project", str(project.root), "adjudicate", "--decisions", str(Path(tmp) / "decisions.jsonl")]
            )
        event(f"exit {code}, inputs valid: {inputs_valid}, decisions: {bool(rulings)}")
        assert code in (0, 1), err.getvalue()
        if code == 1:
            assert not gold.exists(), "a refusal writes nothing"
            assert "Traceback" not in err.getvalue()
            assert rulings or not inputs_valid, (
                f"valid inputs without decisions must merge into valid gold:\n{err.getvalue()}"
            )
            return
        assert validate_file(gold, project.corpus, project.scheme) == []
