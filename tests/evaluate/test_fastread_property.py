"""The fast reader and the validator give the same verdict on every line.

Valid records are generated on the seed texts (and one made-up text with
characters outside the Basic Multilingual Plane, where code-point offsets
differ from UTF-16 ones), then broken in the ways a predictions file gets
broken: moved offsets, wrong text, labels the scheme does not have, repeated
and malformed ids, wrong types, missing and extra keys, a changed
``doc_sha256``, duplicate JSON keys, NaN. Each line is read twice through
:func:`annotator.store.iter_records`, once as evaluation reads it (with the
fast reader) and once the ordinary way (pydantic), and the lenient problems
evaluation reports must be the same. Over a run the test sees well over
10,000 lines, both verdicts in quantity, and every kind of damage.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.corpus import Corpus, Document
from annotator.fastread import (
    FastRecord,
    decode,
    decode_gold,
    gold_problems,
    lenient_problems,
    plainly_valid,
    problems,
)
from annotator.model import AnnotationRecord
from annotator.scheme import Scheme
from annotator.store import iter_records
from annotator.validate import validate_record

EXAMPLES = 120
PER_EXAMPLE = 90
"""Lines per hypothesis example: records are made and checked in bulk, so a run stays within seconds."""
ASTRAL = "Dr. 𝒜lice Ünal met 👩‍👩‍👧 at the Café\u0301 in 東京 on Monday.\nThe 🚀 convoy left Aleppo.\n"
WORD = re.compile(r"\w+(?:[ -]\w+){0,2}")
ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"


@dataclass
class Case:
    kind: str
    line: bytes
    may_decline: bool
    """The damage makes a line the model coerces (a string for a number, NaN): the fast reader may pass it on."""


@dataclass
class World:
    scheme: Scheme
    corpus: Corpus
    docs: list[Document]


def _spans(rng: random.Random, text: str, n: int) -> list[tuple[int, int]]:
    """``n`` spans of ``text``: mostly runs of words, sometimes any stretch (empty or overlapping)."""
    words = [m.span() for m in WORD.finditer(text)]
    out = []
    for _ in range(n):
        if rng.random() < 0.85 and words:
            out.append(rng.choice(words))
        else:
            a = rng.randrange(len(text) + 1)
            out.append((a, min(len(text), a + rng.randrange(0, 12))))
    return out


def _attr_value(rng: random.Random, spec: Any, ids: list[str]) -> Any:
    if spec.type == "enum":
        return rng.choice(spec.values)
    if spec.type == "bool":
        return rng.random() < 0.5
    if spec.type == "ref":
        return rng.choice(ids) if ids else None
    return rng.choice(["2024-03-04", "PRESENT_REF", "", "x" * rng.randrange(1, 5)])


def _attrs(rng: random.Random, scheme: Scheme, label: str, ids: list[str]) -> dict[str, Any]:
    """Attributes a lenient validator accepts for ``label`` (absent ones stand for their default)."""
    specs = scheme.mention_attributes
    effective = scheme.default_attrs(specs, label)
    out: dict[str, Any] = {}
    for spec in specs:
        if rng.random() < 0.5 and spec.applies(effective, label):
            out[spec.name] = None if rng.random() < 0.1 else _attr_value(rng, spec, ids)
            effective[spec.name] = out[spec.name]
    return out


def valid_record(rng: random.Random, world: World) -> dict[str, Any]:
    doc = rng.choice(world.docs)
    text = doc.text
    scheme = world.scheme
    zones = []
    for i, (a, b) in enumerate(sorted(_spans(rng, text, rng.choice([0, 0, 0, 1, 2, 3]))), 1):
        zones.append(
            {"start": a, "end": b, "text": text[a:b], "id": f"z{i}", "label": rng.choice(list(scheme.zone_by_label))}
        )
    spans = _spans(rng, text, rng.choice([0, 1, 2, 3, 5, 8, 12]))
    ids = [f"m{i}" if rng.random() < 0.9 else f"T{i}.x-{i}" for i in range(1, len(spans) + 1)]
    plain = rng.random() < 0.5
    mentions = []
    for mid, (a, b) in zip(ids, spans, strict=True):
        label = rng.choice(list(scheme.entity_by_label))
        m: dict[str, Any] = {"start": a, "end": b, "text": text[a:b], "id": mid, "label": label}
        if not plain:
            m["attrs"] = _attrs(rng, scheme, label, ids)
        elif rng.random() < 0.3:
            m["attrs"] = {}
        mentions.append(m)
    data: dict[str, Any] = {
        "format": "annotator/1",
        "doc": doc.id,
        "doc_sha256": doc.sha256,
        "annotator": rng.choice(["system", "ner-v2.1", "gold"]),
        "scheme": scheme.id,
        "status": rng.choice(["in_progress", "done", "skipped"]),
        "updated": "2026-01-01T00:00:00.000000Z",
        "zones": zones,
        "mentions": mentions,
    }
    for key in ("format", "status", "updated", "zones"):
        if rng.random() < 0.2:
            del data[key]
    if rng.random() < 0.2:
        data.update({"entities": [], "events": [], "hoppers": [], "attributions": [], "notes": [], "meta": {}})
    if rng.random() < 0.1:
        data["meta"] = {"layers": ["mentions"], "system": {"version": 2}}
    return data


# ---------------------------------------------------------------- damage
# Each takes the record (a deep copy) and returns it changed, or the JSON line itself.

Mutation = Callable[[random.Random, dict[str, Any], World], dict[str, Any] | bytes]


def _item(rng: random.Random, data: dict[str, Any]) -> dict[str, Any] | None:
    items = data.get("mentions", []) + data.get("zones", [])
    return rng.choice(items) if items else None


def _text_of(data: dict[str, Any], world: World) -> str:
    return world.corpus.get(data["doc"]).text if data["doc"] in world.corpus else ""


def shift(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """Offsets moved, text kept: the span no longer points at its words (or, by luck, still does)."""
    if (it := _item(rng, data)) is not None:
        d = rng.choice([-2, -1, 1, 2, 7])
        it["start"] += d
        it["end"] += d
    return data


def move(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """Offsets moved and the text re-read from the document: still valid."""
    if (it := _item(rng, data)) is not None:
        text = _text_of(data, world)
        a = rng.randrange(len(text) + 1)
        b = min(len(text), a + rng.randrange(0, 9))
        it.update(start=a, end=b, text=text[a:b])
    return data


def one_end(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    if (it := _item(rng, data)) is not None:
        key = rng.choice(["start", "end"])
        it[key] = max(0, it[key] + rng.choice([-1, 1]))
    return data


def retext(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """Same length, other characters (case, a neighbour's words, an astral character)."""
    if (it := _item(rng, data)) is not None and it["text"]:
        t = it["text"]
        it["text"] = rng.choice([t.swapcase(), t[::-1], "x" * len(t), "🚀" + t[1:], t[:-1] + " "])
    return data


def text_length(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    if (it := _item(rng, data)) is not None:
        it["text"] = rng.choice([it["text"] + " ", it["text"][1:], ""])
    return data


def past_end(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    if (it := _item(rng, data)) is not None:
        n = len(_text_of(data, world))
        a = n - rng.randrange(0, 3)
        b = a + rng.randrange(1, 4)
        it.update(start=max(0, a), end=b, text="x" * (b - max(0, a)))
    return data


def negative(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    if (it := _item(rng, data)) is not None:
        it["start"], it["end"] = -1, it["end"] - it["start"] - 1
    return data


def backwards(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    if (it := _item(rng, data)) is not None:
        it["start"], it["end"] = it["end"] + 1, it["start"]
    return data


def bad_label(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """A label the scheme does not have, or one of another kind (a zone label on a mention)."""
    zones, entities = list(world.scheme.zone_by_label), list(world.scheme.entity_by_label)
    if data.get("mentions") and rng.random() < 0.7:
        m = rng.choice(data["mentions"])
        m["label"] = rng.choice(["ALIEN", "per", "", "PER ", zones[0], "ORG\n"])
    elif data.get("zones"):
        rng.choice(data["zones"])["label"] = rng.choice(["ALIEN", entities[0], "body"])
    return data


def duplicate_id(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    items = data.get("mentions", []) + data.get("zones", [])
    if len(items) >= 2:
        a, b = rng.sample(items, 2)
        b["id"] = a["id"]
    return data


def bad_id(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    if (it := _item(rng, data)) is not None:
        it["id"] = rng.choice(["m 2", "", "_m1", "m1\n", "m1\nm2", "é1", "-x", "a" * 129, "a" * 128, "m/1", "M1"])
    else:
        data[rng.choice(["doc", "annotator"])] = rng.choice(["x y", "", "../etc", "a" * 129])
    return data


def attribute(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """An attribute the scheme lacks, a value outside its type, or one that does not apply to the label."""
    mentions = data.get("mentions")
    if not mentions:
        return data
    m = rng.choice(mentions)
    name, value = rng.choice(
        [
            ("mood", "ok"),
            ("level", "XYZ"),
            ("level", 1),
            ("level", True),
            ("level", None),
            ("level", "NOM"),
            ("generic", "yes"),
            ("generic", 1),
            ("generic", 0.0),
            ("generic", False),
            ("generic", None),
            ("org_kind", "IGO"),
            ("org_kind", "NGO"),
            ("value", "2024"),
            ("value", 2024),
            ("value", None),
            ("value", 1.5),
            ("Level", "NAM"),
            ("scope", "WIDE"),
            ("scope", "ALL"),
            ("kind", "GENERIC"),
        ]
    )
    m.setdefault("attrs", {})[name] = value
    return data


def dangling_ref(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """A reference attribute naming no mention (``m1`` when no mention has that id), a zone, or the mention
    itself (allowed)."""
    mentions = data.get("mentions")
    if mentions:
        m = rng.choice(mentions)
        target = rng.choice(["m999", "m1", m["id"], *(z["id"] for z in data.get("zones", []))])
        if target == "m1" and rng.random() < 0.5:
            for other in mentions:
                if other["id"] == "m1":
                    other["id"] = "x1"
        m.setdefault("attrs", {})["same_as"] = target
    return data


def other_layers(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """Other layers (the fast reader passes them on): clusters of real or unknown mentions."""
    ids = [m["id"] for m in data.get("mentions", [])]
    members = rng.sample(ids, min(len(ids), 2)) if ids and rng.random() < 0.5 else ["m999"]
    data["entities"] = [{"id": "e1", "mentions": members}]
    return data


def wrong_type(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    where = _item(rng, data) if rng.random() < 0.7 else data
    if where is None:
        where = data
    key = rng.choice([k for k in where if k != "attrs"] or ["doc"])
    where[key] = rng.choice([None, 3, "3", 3.0, 3.5, True, [], {}, "", [where.get(key)]])
    return data


def missing_key(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    where = _item(rng, data) if rng.random() < 0.5 else data
    if where is None:
        where = data
    del where[rng.choice(list(where))]
    return data


def extra_key(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    where = _item(rng, data) if rng.random() < 0.6 else data
    if where is None:
        where = data
    where[rng.choice(["colour", "confidence", "Text", "label ", "attr"])] = rng.choice([0.9, "red", None])
    return data


def sha(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """A different text's digest (drift), or one that is not a digest at all."""
    good = data["doc_sha256"]
    other = rng.choice([d.sha256 for d in world.docs])
    data["doc_sha256"] = rng.choice([other, good.upper(), good[:-1], good + "0", "0" * 64, good[::-1]])
    return data


def other_doc(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """The record names another document (drift, wrong spans) or one the corpus lacks."""
    data["doc"] = rng.choice([d.id for d in world.docs] + ["not-in-corpus", "doc9"])
    return data


def header(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    key, value = rng.choice(
        [
            ("status", "later"),
            ("status", "done"),
            ("format", "annotator/2"),
            ("format", "annotator/1"),
            ("scheme", "some-other/9"),
            ("updated", 5),
            ("updated", "yesterday"),
            ("meta", []),
            ("meta", {"layers": "mentions"}),
            ("meta", {"layers": ["zones"]}),
        ]
    )
    data[key] = value
    return data


def overlap(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """Zones or mentions that overlap (the lenient rules allow it today)."""
    text = _text_of(data, world)
    group = rng.choice(["zones", "mentions"])
    items = data.setdefault(group, [])
    if not items or not text:
        return data
    base = rng.choice(items)
    a = max(0, base["start"] - 1)
    b = min(len(text), max(base["end"], a) + 2)
    new = {k: v for k, v in base.items() if k != "attrs"} | {"start": a, "end": b, "text": text[a:b]}
    new["id"] = ("z" if group == "zones" else "m") + str(len(items) + 100)
    items.append(new)
    return data


def empty_layers(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    data["mentions"] = []
    data["zones"] = [] if rng.random() < 0.5 else data.get("zones", [])
    return data


def duplicate_json_key(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """A key written twice: JSON readers keep the last value, both readers must agree on which."""
    line = json.dumps(data, ensure_ascii=False)
    key, value = rng.choice(
        [
            ('"doc": ', json.dumps(rng.choice(world.docs).id)),
            ('"scheme": ', '"other"'),
            ('"start": ', "0"),
            ('"label": ', '"ALIEN"'),
            ('"label": ', '"PER"'),
            ('"text": ', '"x"'),
        ]
    )
    at = line.find(key)
    if at < 0:
        return line.encode()
    return (line[:at] + key + value + ", " + line[at:]).encode()


def non_finite(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """NaN, Infinity and huge numbers, which Python's JSON and pydantic accept and msgspec does not."""
    if data.get("mentions") and rng.random() < 0.7:
        rng.choice(data["mentions"]).setdefault("attrs", {})["generic"] = float("nan")
    else:
        data["meta"] = {"score": float(rng.choice(["inf", "-inf", "nan"]))}
    line = json.dumps(data, ensure_ascii=False)
    if rng.random() < 0.3:
        line = line.replace("NaN", "1e400", 1)
    return line.encode()


def escaped(rng: random.Random, data: dict[str, Any], world: World) -> dict[str, Any] | bytes:
    """The same record with non-ASCII characters escaped (a different but equal line): still valid."""
    return json.dumps(data, ensure_ascii=True).encode()


MUTATIONS: dict[str, tuple[Mutation, bool]] = {
    "shift": (shift, False),
    "move": (move, False),
    "one_end": (one_end, False),
    "retext": (retext, False),
    "text_length": (text_length, False),
    "past_end": (past_end, False),
    "negative": (negative, False),
    "backwards": (backwards, False),
    "bad_label": (bad_label, False),
    "duplicate_id": (duplicate_id, False),
    "bad_id": (bad_id, False),
    "attribute": (attribute, False),
    "dangling_ref": (dangling_ref, False),
    "other_layers": (other_layers, True),
    "wrong_type": (wrong_type, True),
    "missing_key": (missing_key, False),
    "extra_key": (extra_key, False),
    "sha": (sha, False),
    "other_doc": (other_doc, False),
    "header": (header, False),
    "overlap": (overlap, False),
    "empty_layers": (empty_layers, False),
    "duplicate_json_key": (duplicate_json_key, False),
    "non_finite": (non_finite, True),
    "escaped": (escaped, False),
}


def make_case(rng: random.Random, world: World) -> Case:
    """A valid record (one time in six), or one with one to three kinds of damage."""
    data = valid_record(rng, world)
    if rng.random() < 1 / 6:
        return Case("none", json.dumps(data, ensure_ascii=False).encode(), False)
    names = rng.sample(list(MUTATIONS), rng.choice([1, 1, 1, 2, 3]))
    names.sort(key=lambda n: n in ("duplicate_json_key", "non_finite", "escaped"))
    result: dict[str, Any] | bytes = data
    may_decline = False
    for name in names:
        fn, declines = MUTATIONS[name]
        if isinstance(result, bytes):
            break
        try:
            result = fn(rng, copy.deepcopy(result), world)
        except (TypeError, KeyError, AttributeError, IndexError, ValueError):
            continue  # an earlier damage took away what this one works on
        may_decline |= declines
    line = result if isinstance(result, bytes) else json.dumps(result, ensure_ascii=False).encode()
    return Case("+".join(names), line, may_decline)


# ---------------------------------------------------------------- the property


def _without_updated(record: AnnotationRecord) -> dict[str, Any]:
    """The record as data; ``updated`` is left out, as the model fills it with the time when it is missing."""
    return record.model_dump(exclude={"updated"})


def _refers(record: FastRecord, scheme: Scheme) -> bool:
    """Whether a mention refers to another (the one case the quick yes leaves to the full check)."""
    refs = {s.name for s in scheme.mention_attributes if s.type == "ref"}
    return any(m.attrs.get(name) is not None for m in record.mentions for name in refs)


def _found(record: AnnotationRecord | None, problem: str | None, doc: Document | None, scheme: Scheme) -> list[str]:
    """What evaluation reports for a line the model read (``record``) or could not read (``problem``)."""
    if record is not None:
        return lenient_problems(record, doc, scheme)
    assert problem is not None
    return [problem]


def check_batch(cases: list[Case], world: World, folder: Path, seen: Counter[str]) -> None:
    path = folder / "pred.jsonl"
    path.write_bytes(b"".join(c.line + b"\n" for c in cases))
    slow = list(iter_records(path))
    fast = list(iter_records(path, fast=decode))
    assert len(slow) == len(fast) == len(cases)
    for case, (_, model, problem, _), (_, light, fast_problem, _) in zip(cases, slow, fast, strict=True):
        what = f"{case.kind}: {case.line.decode(errors='replace')}"
        record = model if model is not None else light
        doc = world.corpus.get(record.doc) if record is not None and record.doc in world.corpus else None
        slow_found = _found(model, problem, doc, world.scheme)
        if isinstance(light, FastRecord):
            assert model is not None, f"the fast reader decoded a line the model rejects ({problem}): {what}"
            assert _without_updated(light.to_model()) == _without_updated(model), what
            fast_found = problems(light, world.scheme, doc)
            quick = plainly_valid(light, world.scheme, doc)
            assert not quick or not slow_found, f"quick yes to a record with problems {slow_found}: {what}"
            if not slow_found and not light.zones and not _refers(light, world.scheme):
                assert quick, f"a valid plain record missed the quick yes: {what}"
            seen["decoded"] += 1
            seen["quick yes"] += quick
        else:
            assert (light is None) == (model is None) and fast_problem == problem, what
            fast_found = _found(light, fast_problem, doc, world.scheme)
            if model is not None and not case.may_decline:
                assert model.entities or model.events or model.hoppers or model.attributions or model.notes, (
                    f"the fast reader passed on a plain record the model reads: {what}"
                )
        assert fast_found == slow_found, what
        check_as_gold(case, world, folder, seen)
        seen["cases"] += 1
        seen["accepted" if not slow_found else "rejected"] += 1
        for name in case.kind.split("+"):
            seen[f"kind {name}"] += 1


def _compact(line: bytes) -> bytes:
    """The line as the store writes it (no spaces), where it is JSON: the layout the gold reader scans."""
    try:
        return json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        return line


def check_as_gold(case: Case, world: World, folder: Path, seen: Counter[str]) -> None:
    """Read as a gold (strict rules, the compact layout): the gold reader's verdict is the validator's."""
    path = folder / "gold.jsonl"
    path.write_bytes(_compact(case.line) + b"\n")
    ((_, model, _, _),) = iter_records(path)
    ((_, light, _, _),) = iter_records(path, fast=decode_gold)
    has_corpus = len(world.corpus) > 0
    record = model if model is not None else light
    doc = world.corpus.get(record.doc) if record is not None and record.doc in world.corpus else None
    if model is None:
        assert light is None, case.kind
        return
    want = validate_record(model, doc, world.scheme, strict=True)
    if not has_corpus:
        want = [p for p in want if not p.endswith("document not found in the corpus")]
    assert gold_problems(light if light is not None else model, world.scheme, doc, corpus=has_corpus) == want, (
        f"{case.kind}: {case.line.decode(errors='replace')}"
    )
    if isinstance(light, FastRecord):
        seen["gold decoded"] += 1
        seen["gold accepted"] += not want
        seen["gold attributes scanned"] += getattr(light.mentions, "attr_keys", None) is not None


def _world(scheme: Scheme, seeds: Corpus) -> World:
    docs = [*seeds, Document("astral-1", ASTRAL)]
    return World(scheme, Corpus({d.id: d for d in docs}), docs)


def _richer(scheme: Scheme) -> Scheme:
    """The project scheme plus the mention attributes it lacks: a reference to another mention, and one
    in force only while another holds a value, here its default (absent means the default)."""
    extra = [
        {"name": "same_as", "description": "The mention this one repeats.", "type": "ref"},
        {
            "name": "scope",
            "description": "In force while kind is SPECIFIC, its default.",
            "values": ["WIDE", "NARROW"],
            "when": {"kind": "SPECIFIC"},
        },
        {
            "name": "kind",
            "description": "A condition with a default.",
            "values": ["SPECIFIC", "GENERIC"],
            "default": "SPECIFIC",
        },
    ]
    data = scheme.model_dump()
    data["mention_attributes"] = [*data["mention_attributes"], *extra]
    return Scheme.model_validate(data)


def test_fast_reader_and_validator_agree_on_every_generated_line(scheme: Scheme, seeds: Corpus, tmp_path: Path) -> None:
    world = _world(scheme, seeds)
    seen: Counter[str] = Counter()
    richer = _richer(scheme)

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.integers(0, 2**64 - 1), st.booleans(), st.booleans())
    def check(seed: int, with_corpus: bool, rich: bool) -> None:
        rng = random.Random(seed)
        here = World(richer if rich else scheme, world.corpus if with_corpus else Corpus({}), world.docs)
        check_batch([make_case(rng, here) for _ in range(PER_EXAMPLE)], here, tmp_path, seen)

    check()
    assert seen["cases"] >= 10_000
    assert seen["accepted"] >= 1_000 and seen["rejected"] >= 3_000
    assert seen["decoded"] >= 5_000 and seen["quick yes"] >= 500
    assert seen["gold decoded"] >= 5_000 and seen["gold accepted"] >= 300, seen
    assert seen["gold attributes scanned"] >= 3_000, seen
    assert all(seen[f"kind {name}"] >= 100 for name in [*MUTATIONS, "none"]), seen
