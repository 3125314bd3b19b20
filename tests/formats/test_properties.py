"""Random records (non-ASCII text, nested and overlapping spans) survive every format that can hold them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.corpus import Document
from annotator.formats import brat, doccano, labelstudio, prodigy
from annotator.formats.base import Losses, ReadOptions, ReadResult, WriteOptions
from annotator.model import AnnotationRecord, sha256_text
from annotator.scheme import Scheme
from tests.formats.helpers import flat, semantic

WORDS = ["Zürich", "Δελφοί", "Москва", "東京", "naïve", "😀", "rebels", "said", "Aleppo", "ḱ", "e\u0301"]
LABELS = ["PER", "ORG", "GPE", "LOC"]
TYPES = ["ATTACK", "DIE"]


@st.composite
def records(draw: st.DrawFn) -> tuple[AnnotationRecord, str]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))
    seps = draw(st.lists(st.sampled_from([" ", "\n", " \n", ", "]), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=True))
    bounds = []
    pos = 0
    for w, s in zip(words, seps, strict=True):
        bounds.append((pos, pos + len(w)))
        pos += len(w) + len(s)
    n = len(words)
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, 2), st.sampled_from(LABELS)),
            max_size=8,
            unique_by=lambda t: t[:2],
        )
    )
    mentions = []
    for i, (first, extra, label) in enumerate(spans, 1):
        last = min(n - 1, first + extra)
        start, end = bounds[first][0], bounds[last][1]
        mentions.append({"id": f"m{i}", "label": label, "start": start, "end": end, "text": text[start:end]})
    keyset = {(m["start"], m["end"], m["label"]) for m in mentions}
    mentions = [
        m
        for m in mentions
        if (m["start"], m["end"], m["label"]) in keyset and keyset.discard((m["start"], m["end"], m["label"])) is None
    ]
    triggers = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.sampled_from(TYPES)), max_size=3, unique_by=lambda t: t[0])
    )
    events = []
    for j, (w, etype) in enumerate(triggers, 1):
        s, e = bounds[w]
        args = []
        per = [m for m in mentions if m["label"] == "PER"]
        if etype == "DIE" and per:
            args.append({"role": "Victim", "ref": draw(st.sampled_from(per))["id"]})
        events.append(
            {"id": f"v{j}", "type": etype, "trigger": {"start": s, "end": e, "text": text[s:e]}, "args": args}
        )
    by_label: dict[str, list[str]] = {}
    for m in mentions:
        by_label.setdefault(m["label"], []).append(m["id"])
    entities = [
        {"id": f"E{k}", "mentions": ids, "name": draw(st.sampled_from([None, "Ελλάδα 😀"])), "kb": None}
        for k, ids in enumerate(by_label.values(), 1)
        if len(ids) > 1
    ]
    record = AnnotationRecord.model_validate(
        {
            "doc": "d1",
            "doc_sha256": sha256_text(text),
            "annotator": "a",
            "scheme": "conflict-news/1",
            "mentions": mentions,
            "events": events,
            "entities": entities,
            "hoppers": [{"id": "H1", "events": [e["id"] for e in events]}] if len(events) > 1 else [],
        }
    )
    return record, text


def _read_back(module, record: AnnotationRecord, text: str, scheme: Scheme, tmp_path) -> AnnotationRecord:
    out = tmp_path / f"out.{module.NAME}"
    if module is brat:
        out.mkdir(exist_ok=True)
    losses = module.write([record], {"d1": Document("d1", text)}, out, WriteOptions(scheme))
    assert isinstance(losses, Losses)
    result: ReadResult = module.read([out], ReadOptions(scheme))
    assert result.problems == [] and result.unknown_types == {}
    [draft] = result.drafts
    assert draft.text == text
    return draft.record("d1", "a", scheme.id)


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(records())
def test_brat_keeps_every_field_of_random_records(scheme, tmp_path, case):
    record, text = case
    assert semantic(_read_back(brat, record, text, scheme, tmp_path)) == semantic(record)


@SETTINGS
@given(records(), st.sampled_from([prodigy, doccano, labelstudio]))
def test_span_formats_keep_mentions_events_and_clusters_of_random_records(scheme, tmp_path, case, module):
    record, text = case
    assert flat(_read_back(module, record, text, scheme, tmp_path)) == flat(record)
