"""The benchmark loop: the cache, failing extractors, the leaderboard and the command."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest

from annotator.benchmark.cache import PredictionCache
from annotator.benchmark.extractor import Context, Outcome
from annotator.benchmark.leaderboard import build_leaderboard
from annotator.benchmark.runner import run_one
from annotator.cli import main
from annotator.corpus import Document
from annotator.store import write_records
from tests.benchmark.conftest import doc
from tests.factories import find, record


class Echo:
    """Predicts the gold (or a damaged copy), counting the documents it was asked for."""

    cacheable = True

    def __init__(
        self,
        ctx: Context,
        name: str = "echo",
        version: str = "1",
        drop: int = 0,
        fail_on: str | None = None,
        break_after: int | None = None,
    ) -> None:
        self.name, self.version, self.ctx, self.drop = name, version, ctx, drop
        self.fail_on, self.break_after = fail_on, break_after
        self.asked: list[str] = []

    def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
        by_doc = {g.doc: g for g in self.ctx.gold}
        for n, d in enumerate(docs):
            if self.break_after is not None and n >= self.break_after:
                raise RuntimeError("out of memory")
            self.asked.append(d.id)
            if d.id == self.fail_on:
                yield Outcome(d.id, failure="ValueError: cannot parse")
                continue
            g = by_doc[d.id]
            rec = g.model_copy(update={"annotator": self.name, "mentions": g.mentions[self.drop :]})
            yield Outcome(d.id, rec)


def test_cache_hits_and_misses_on_a_changed_document_or_version(small, tmp_path):
    cache = PredictionCache(tmp_path / "cache")
    first = Echo(small)
    run = run_one(first, "echo", small.documents, small.scheme, cache)
    assert (first.asked, run.cached) == (["d1", "d2", "d3"], 0)

    again = Echo(small)
    run = run_one(again, "echo", small.documents, small.scheme, cache)
    assert again.asked == [] and run.cached == 3
    assert sorted(run.records) == ["d1", "d2", "d3"]

    edited = (*small.documents[:2], doc("d3", small.documents[2].text.replace("Friday", "Sunday")))
    gold = (
        *small.gold[:2],
        small.gold[2].model_copy(update={"doc_sha256": edited[2].sha256, "mentions": small.gold[2].mentions[:1]}),
    )
    changed_doc = Echo(replace(small, gold=gold, documents=edited))
    run_one(changed_doc, "echo", edited, small.scheme, cache)
    assert changed_doc.asked == ["d3"]

    new_version = Echo(small, version="2")
    run_one(new_version, "echo", small.documents, small.scheme, cache)
    assert new_version.asked == ["d1", "d2", "d3"]


def test_a_failing_document_is_counted_and_retried_and_a_broken_adapter_fails_the_rest(small, tmp_path):
    cache = PredictionCache(tmp_path / "cache")
    run = run_one(Echo(small, fail_on="d2"), "echo", small.documents, small.scheme, cache)
    assert run.failures == {"d2": "ValueError: cannot parse"}
    assert sorted(run.records) == ["d1", "d3"]
    retry = Echo(small)
    run_one(retry, "echo", small.documents, small.scheme, cache)
    assert retry.asked == ["d2"]

    broken = run_one(
        Echo(small, name="broken", break_after=1), "x", small.documents, small.scheme, PredictionCache(None)
    )
    assert sorted(broken.records) == ["d1"]
    assert broken.failures == {"d2": "RuntimeError: out of memory", "d3": "RuntimeError: out of memory"}


def test_an_invalid_prediction_fails_its_document_only(small):
    class BadLabel(Echo):
        def run(self, docs: Sequence[Document]) -> Iterator[Outcome]:
            for out in super().run(docs):
                assert out.record is not None
                m = out.record.mentions[0].model_copy(update={"label": "NOPE"})
                yield Outcome(out.doc, out.record.model_copy(update={"mentions": (m, *out.record.mentions[1:])}))

    run = run_one(BadLabel(small, name="bad"), "x", small.documents[:1], small.scheme, PredictionCache(None))
    assert list(run.failures) == ["d1"] and "NOPE" in run.failures["d1"]


def test_leaderboard_ranks_reports_failures_and_compares_against_the_best(small):
    none = PredictionCache(None)
    runs = [
        run_one(Echo(small, name="worse", drop=2), "w", small.documents, small.scheme, none),
        run_one(Echo(small, name="perfect"), "p", small.documents, small.scheme, none),
        run_one(Echo(small, name="flaky", fail_on="d1"), "f", small.documents, small.scheme, none),
    ]
    board = build_leaderboard(runs, small.gold, small.scheme, gold_name="g", resamples=200)
    assert [r.system for r in board.rows] == ["perfect", "flaky", "worse"]
    assert [r.failed for r in board.rows] == [0, 1, 0]
    top, _, last = board.rows
    strict = "mentions/strict"
    assert top.metrics[strict].f1 == 1.0 and top.metrics[strict].p_vs_best is None
    assert board.best[strict] == "perfect"
    assert last.metrics[strict].f1 == pytest.approx(2 * (3 / 3) * (3 / 9) / (1 + 3 / 9), abs=1e-6)
    assert last.metrics[strict].diff_vs_best < 0 and 0 < last.metrics[strict].p_vs_best <= 1
    assert top.metrics["events/trigger_classification/exact"].f1 is None
    data = json.loads(board.to_json())
    assert data["rows"][1]["failures"] == {"d1": "ValueError: cannot parse"}
    assert data["rank_by"] == strict and data["rows"][0]["metrics"][strict]["ci"] == [1.0, 1.0]


def test_the_command_end_to_end_with_cache_and_formats(project, seeds, tmp_path, capsys):
    ids = ["000_d246c74b127eef68", "001_aab8a3634b40cb55"]
    docs = [seeds.get(i) for i in ids]
    gold = [record(d, "gold", mentions=[{"id": "m1", "label": "GPE", **find(d, "Syria").model_dump()}]) for d in docs]
    write_records(project.gold_dir / "gold.jsonl", gold)
    write_records(tmp_path / "same.jsonl", [g.model_copy(update={"annotator": "same"}) for g in gold])
    write_records(tmp_path / "half.jsonl", [gold[0].model_copy(update={"annotator": "half"})])
    argv = [
        "--project",
        str(project.root),
        "benchmark",
        "--extractor",
        f"same=file:{tmp_path / 'same.jsonl'}",
        "--extractor",
        f"half=file:{tmp_path / 'half.jsonl'}",
        "--extractor",
        "rules=rules",
        "--bootstrap",
        "50",
        "--cache",
        str(tmp_path / "cache"),
    ]
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][0]["system"] == "same"
    half = next(r for r in data["rows"] if r["system"] == "half")
    assert half["failed"] == 1 and "no record in" in half["failures"]["001_aab8a3634b40cb55"]
    assert main([*argv, "--format", "json"]) == 0
    rules = next(r for r in json.loads(capsys.readouterr().out)["rows"] if r["system"] == "rules")
    assert rules["cached"] == 2
    out = tmp_path / "board.md"
    assert main([*argv, "--format", "markdown", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("| # | system | failed |")
    assert main([*argv, "--format", "html", "--out", str(tmp_path / "b.html")]) == 0
    assert "<table>" in (tmp_path / "b.html").read_text(encoding="utf-8")
    assert main(["--project", str(project.root), "benchmark", "--extractor", "x=nonsense"]) == 1
    assert "unknown spec" in capsys.readouterr().err
    cached_before = sorted((tmp_path / "cache").rglob("*"))
    assert main([*argv, "--metric", "mentions/strict", "--metric", "mentions/stritc", "--rank-by", "events/nope"]) == 1
    err = capsys.readouterr().err
    assert "'mentions/stritc' is not a metric of this gold; did you mean mentions/strict" in err
    assert "'events/nope'" in err, "every unknown key is named, before any extractor runs"
    assert sorted((tmp_path / "cache").rglob("*")) == cached_before
    assert main([*argv, "--metric", "mentions/strict/GPE", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["metrics"] == ["mentions/strict/GPE"], "a per-label key is a metric"
