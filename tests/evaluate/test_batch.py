"""Batched NumPy scoring gives exactly the counts of document-by-document scoring."""

from __future__ import annotations

import itertools
import random

import numpy as np

from annotator.evaluate.masking import MAIN
from annotator.evaluate.scoring import score_stream
from annotator.matching import LabeledSpan
from annotator.model import AnnotationRecord, sha256_text
from tests.evaluate.gen import generate


def _record(doc_id: str, text: str, spans: list[LabeledSpan], who: str) -> AnnotationRecord:
    return AnnotationRecord.model_validate(
        {
            "doc": doc_id,
            "doc_sha256": sha256_text(text),
            "annotator": who,
            "scheme": "conflict-news/1",
            "mentions": [
                {"id": f"m{k}", "label": s.label, "start": s.start, "end": s.end, "text": text[s.start : s.end]}
                for k, s in enumerate(spans)
            ],
        }
    )


def noisy_pairs(seed: int):
    rng = random.Random(seed)
    out = []
    for n, d in enumerate(generate(rng, 300)):
        text = d.text()
        pred = list(d.pred)
        if d.gold and rng.random() < 0.2:
            a, b = d.gold[0], d.gold[-1]
            pred.append(LabeledSpan(a.start, b.end, a.label))
        if rng.random() < 0.05:
            pred.append(LabeledSpan(0, 0, "PER"))
        gold = _record(f"d{n:04d}", text, d.gold, "gold")
        out.append((gold, _record(f"d{n:04d}", text, pred, "sys") if rng.random() > 0.05 else None))
    return out


def test_batches_and_single_documents_agree(scheme):
    pairs = noisy_pairs(3)
    batched = score_stream(iter(pairs), scheme, {"mentions"})
    single = score_stream(iter(pairs), scheme, {"mentions"}, keep_doc_ids=True)
    a, b = batched.sections[MAIN].mentions, single.sections[MAIN].mentions
    assert (a.kinds, a.labels, a.confusion, a.docs) == (b.kinds, b.labels, b.confusion, b.docs)
    assert batched.docs == single.docs == 300
    assert a.kinds[3] > 0 and a.kinds[5] > 0
    for key in single.vectors.rows:

        def dense(state, key=key):
            idx, vals = state.vectors.rows[key]
            out = np.frombuffer(vals, dtype=np.float64).reshape(-1, 4)
            return out[np.argsort(np.frombuffer(idx, dtype=np.int64))]

        assert sorted(map(tuple, dense(batched))) == sorted(map(tuple, dense(single)))


def _write(path, records):
    from annotator.store import dumps_record

    path.write_text("".join(dumps_record(r) + "\n" for r in records), encoding="utf-8")


def test_workers_share_out_documents_and_fall_back_on_unsorted_files(scheme, tmp_path):
    from annotator.evaluate.parallel import score_files_parallel
    from annotator.evaluate.scoring import score_files

    pairs = noisy_pairs(5)[:80]
    _write(tmp_path / "gold.jsonl", [g for g, _ in pairs])
    preds = [p for _, p in pairs if p is not None]
    _write(tmp_path / "sorted.jsonl", preds)
    _write(tmp_path / "shuffled.jsonl", preds[::-1])
    one, _ = score_files(tmp_path / "gold.jsonl", tmp_path / "sorted.jsonl", scheme, layers=["mentions"])
    want = one.sections[MAIN].mentions
    for name in ("sorted.jsonl", "shuffled.jsonl"):
        got, _ = score_files_parallel(tmp_path / "gold.jsonl", tmp_path / name, scheme, layers=["mentions"], workers=2)
        m = got.sections[MAIN].mentions
        assert (m.kinds, m.labels, m.confusion) == (want.kinds, want.labels, want.confusion)
        assert sorted(got.docs_without_prediction) == sorted(one.docs_without_prediction)
        assert got.docs == 80


def test_an_append_log_gold_counts_each_document_once(scheme, tmp_path):
    from annotator.evaluate.scoring import score_files

    pairs = noisy_pairs(6)[:10]
    golds = [g for g, _ in pairs]
    _write(tmp_path / "gold.jsonl", [*golds, golds[0]])
    _write(tmp_path / "pred.jsonl", [p for _, p in pairs if p is not None])
    state, _ = score_files(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", scheme, layers=["mentions"])
    assert state.docs == 10


def test_workers_read_their_own_stretch_and_report_the_same_problems(scheme, tmp_path):
    """Shares cut at document ids: unknown documents at both ends and between, and a bad line late in the
    file, give the same error (same line numbers) on one process and on three."""
    import pytest

    from annotator.evaluate.parallel import score_files_parallel, shares
    from annotator.evaluate.scoring import score_files
    from annotator.evaluate.stream import EvaluationInputError
    from annotator.store import dumps_record

    pairs = noisy_pairs(7)[:60]
    _write(tmp_path / "gold.jsonl", [g for g, _ in pairs[1:-1] if g.doc != "d0030"])
    preds = [dumps_record(p) for _, p in pairs if p is not None]
    preds[45] = '{"doc": "d0046", "broken": '
    (tmp_path / "pred.jsonl").write_text("\n".join(preds) + "\n", encoding="utf-8")
    cuts = shares(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", 3)
    assert cuts[0][0][0] == cuts[0][1][0] == 0 and len(cuts) == 3
    assert all(a[0][1] == b[0][0] and a[1][1] == b[1][0] for a, b in itertools.pairwise(cuts))
    messages = []
    for run in (
        lambda: score_files(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", scheme, layers=["mentions"]),
        lambda: score_files_parallel(
            tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", scheme, layers=["mentions"], workers=3
        ),
    ):
        with pytest.raises(EvaluationInputError) as err:
            run()
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "pred.jsonl:46: not valid JSON" in messages[0]
    assert "d0000" in messages[0] and "d0030" in messages[0] and "d0059" in messages[0]


def test_workers_fall_back_when_the_stretches_overlap(scheme, tmp_path):
    """Each half sorted but the halves interleaved: no worker sees a document out of order, yet the
    result must be that of one process."""
    from annotator.evaluate.parallel import score_files_parallel
    from annotator.evaluate.scoring import score_files

    pairs = noisy_pairs(8)[:40]
    golds = [g for g, _ in pairs]
    _write(tmp_path / "gold.jsonl", golds[::2] + golds[1::2])
    _write(tmp_path / "pred.jsonl", [p for _, p in pairs if p is not None])
    one, _ = score_files(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", scheme, layers=["mentions"])
    two, _ = score_files_parallel(
        tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", scheme, layers=["mentions"], workers=2
    )
    a, b = one.sections[MAIN].mentions, two.sections[MAIN].mentions
    assert (a.kinds, a.labels, a.docs) == (b.kinds, b.labels, b.docs) and two.docs == 40


def test_large_files_are_scored_on_every_core_unless_workers_is_given(tmp_path):
    """Without ``--workers`` a large evaluation uses the machine's cores; a small one stays in one process."""
    from annotator.evaluate.parallel import PARALLEL_FROM_BYTES, default_workers

    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("{}\n")
    pred.write_text("{}\n")
    assert default_workers(gold, pred) == 1
    with open(pred, "r+b") as fh:
        fh.truncate(PARALLEL_FROM_BYTES)
    assert default_workers(gold, pred) == 0
    assert default_workers(gold, tmp_path / "missing.jsonl") == 1, "a missing file is reported by the reader"
