"""``--dask``: the same figures and the same findings on a Dask cluster as in one process."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from distributed import LocalCluster

from annotator.evaluate.api import evaluate_files
from annotator.evaluate.cluster import score_files_dask
from annotator.evaluate.scoring import score_files
from annotator.evaluate.stream import EvaluationInputError
from annotator.store import dumps_record
from tests.evaluate.test_batch import noisy_pairs


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """Two single-thread workers in this process: starts in well under a second, unlike worker processes."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as local:
        yield local.scheduler_address


def _files(project, pairs, bad_line: int | None = None):
    gold = project.gold_dir / "gold.jsonl"
    gold.write_text("".join(dumps_record(g) + "\n" for g, _ in pairs), encoding="utf-8")
    preds = [dumps_record(p) for _, p in pairs if p is not None]
    if bad_line is not None:
        preds[bad_line - 1] = '{"doc": "d0046", "broken": '
    pred = project.root / "pred.jsonl"
    pred.write_text("\n".join(preds) + "\n", encoding="utf-8")
    return gold, pred


def test_report_on_the_cluster_is_the_local_report(project, cluster, scheme):
    gold, pred = _files(project, noisy_pairs(5)[:120])
    local = evaluate_files(gold, pred, scheme, resamples=200).to_json()
    remote = evaluate_files(gold, pred, scheme, resamples=200, dask=cluster).to_json()
    assert remote == local
    strict = json.loads(local)["main"]["mentions"]["schemes"]["strict"]
    assert strict["cor"] > 0 and strict["ci"] is not None


def test_problems_found_on_the_cluster_name_the_same_lines(project, cluster, scheme):
    gold, pred = _files(project, noisy_pairs(7)[:60], bad_line=46)
    messages = []
    for run in (
        lambda: score_files(gold, pred, scheme, layers=["mentions"]),
        lambda: score_files_dask(gold, pred, scheme, address=cluster, layers=["mentions"]),
    ):
        with pytest.raises(EvaluationInputError) as err:
            run()
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "pred.jsonl:46: not valid JSON" in messages[0]


def test_a_share_scored_on_a_cluster_worker_saves_the_digests_it_remembered(project, seeds, monkeypatch):
    """A cluster worker gets its own copy of the job (pickled), reads the corpus through it and must save
    the digests it remembered, as local workers do: else every run on the cluster hashes every file again."""
    import os
    import pickle

    import annotator.hashcache
    from annotator.evaluate.cluster import score_share_remotely
    from annotator.evaluate.parallel import scoring_job, shares
    from annotator.hashcache import cache_file
    from annotator.store import write_records
    from tests.evaluate.test_text_hashes import LONG_AGO, SEED, query
    from tests.factories import sample_record

    monkeypatch.setattr(annotator.hashcache, "WORTH_FROM_BYTES", 0)
    gold = sample_record(seeds.get(SEED), "gold")
    write_records(project.gold_dir / "gold.jsonl", [gold])
    write_records(project.root / "pred.jsonl", [gold.model_copy(update={"annotator": "sys"})])
    for path in project.corpus_path.iterdir():
        os.utime(path, (LONG_AGO, LONG_AGO))
    corpus = project.corpus
    cache = cache_file(project.root, project.corpus_path)
    corpus.remember_hashes(cache, project.root)
    job = scoring_job(project.gold_dir / "gold.jsonl", project.root / "pred.jsonl", project.scheme, None, corpus=corpus)
    [share] = [s for s in shares(job.gold, job.pred, 1)]
    state, inputs = score_share_remotely(share, pickle.loads(pickle.dumps(job)))
    assert state.docs == 1 and not inputs.problems
    assert [row[0] for row in query(cache, "SELECT name FROM entries")] == [f"{SEED}.txt"]
