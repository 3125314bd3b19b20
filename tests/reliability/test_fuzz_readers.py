"""Mutated records against every reading command: refused with ``file:line:``, never a traceback, no output.

Each case mutates one line of ``gold/annotator-a.jsonl`` in a throwaway copy of
the project (byte flips, truncation, deleted keys, wrong types, offsets out of
range, duplicate keys and ids, NaN, BOM, CRLF, lone surrogates, very long
lines, reference loops, overlapping zones), asks ``annotator validate`` whether the file is valid, then runs
``stats``, ``agreement``, ``adjudicate`` and ``evaluate`` on it through the
command-line entry point. ``ANNOTATOR_FUZZ_CASES`` sets the number of cases
(default 150, for CI; ``ANNOTATOR_FUZZ_CASES=10000`` for a long run) and
``ANNOTATOR_FUZZ_SEED`` the seed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASES = int(os.environ.get("ANNOTATOR_FUZZ_CASES", "150"))
SEED = int(os.environ.get("ANNOTATOR_FUZZ_SEED", "17"))
PER_TEST = 25
"""Cases per test function, so that pytest-xdist can share the run out."""


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _items(obj: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair of a JSON value, depth first."""
    found: list[tuple[Any, Any]] = []
    stack = [obj]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for k in keys:
            found.append((node, k))
            stack.append(node[k])
    return found


def _spans(obj: Any) -> list[dict[str, Any]]:
    return [c[k] for c, k in _items(obj) if isinstance(c[k], dict) and "start" in c[k] and "end" in c[k]]


def flip_byte(rng: random.Random, line: bytes, data: Any) -> bytes:
    pos = rng.randrange(len(line))
    return line[:pos] + bytes([line[pos] ^ (1 << rng.randrange(8))]) + line[pos + 1 :]


def truncate(rng: random.Random, line: bytes, data: Any) -> bytes:
    return line[: rng.randrange(1, len(line))]


def delete_key(rng: random.Random, line: bytes, data: Any) -> bytes:
    dicts = [(c, k) for c, k in _items(data) if isinstance(c, dict)]
    container, key = rng.choice(dicts)
    del container[key]
    return _json(data)


def wrong_type(rng: random.Random, line: bytes, data: Any) -> bytes:
    container, key = rng.choice(_items(data))
    container[key] = rng.choice([None, 0, -1, 1.5, "", "x", True, [], {}, [1], {"a": 1}])
    return _json(data)


def offset_out_of_range(rng: random.Random, line: bytes, data: Any) -> bytes:
    span = rng.choice(_spans(data))
    shift = rng.choice([10**6, 10**12, -1, 1, len(span.get("text", "")) + 1])
    span["start"] = span["start"] + shift
    if rng.random() < 0.7:
        span["end"] = span["end"] + shift
    return _json(data)


def duplicate_key(rng: random.Random, line: bytes, data: Any) -> bytes:
    key = rng.choice(["status", "doc", "annotator", "zones", "label", "start", "id", "level", "realis"])
    marker = f'"{key}":'.encode()
    at = [i for i in range(len(line)) if line.startswith(marker, i)]
    if not at:
        return line[:1] + b'"status":"done",' + line[1:]
    i = rng.choice(at)
    end = line.find(b",", i)
    return line[:end] + b"," + line[i:end] + line[end:]


def duplicate_id(rng: random.Random, line: bytes, data: Any) -> bytes:
    owners = [c for c, k in _items(data) if isinstance(c, dict) and k == "id"]
    a, b = rng.sample(owners, 2)
    b["id"] = a["id"]
    return _json(data)


def nan(rng: random.Random, line: bytes, data: Any) -> bytes:
    constant = rng.choice([b"NaN", b"Infinity", b"-Infinity"])
    at = [i for i in range(len(line)) if line.startswith(b'"start":', i)]
    i = rng.choice(at) + len(b'"start":')
    return line[:i] + constant + line[line.find(b",", i) :]


def bom(rng: random.Random, line: bytes, data: Any) -> bytes:
    return b"\xef\xbb\xbf" + line


def crlf(rng: random.Random, line: bytes, data: Any) -> bytes:
    span = rng.choice(_spans(data))
    span["text"] = span["text"].replace("\n", "\r\n") if "\n" in span["text"] else span["text"] + "\r"
    return _json(data)


def surrogate(rng: random.Random, line: bytes, data: Any) -> bytes:
    strings = [(c, k) for c, k in _items(data) if isinstance(c[k], str)]
    container, key = rng.choice(strings)
    return _json(data).replace(_json(container[key]), b'"\\udc80' + _json(container[key])[1:], 1)


def long_line(rng: random.Random, line: bytes, data: Any) -> bytes:
    data.setdefault("meta", {})["padding"] = "x" * rng.choice([10**4, 10**5, 10**6])
    if rng.random() < 0.5:
        data["meta"]["padding"] += "\x00"
    return _json(data)


def cycle(rng: random.Random, line: bytes, data: Any) -> bytes:
    """A parent loop between two attributions, or an event whose argument is itself or its hopper."""
    attributions = data.get("attributions", [])
    if len(attributions) >= 2 and rng.random() < 0.5:
        a, b = rng.sample(attributions, 2)
        a["parent"], b["parent"] = b["id"], a["id"]
    else:
        event = rng.choice(data["events"])
        hopper = next((h["id"] for h in data["hoppers"] if event["id"] in h["events"]), event["id"])
        event["args"].append({"role": "Rejected", "ref": rng.choice([hopper, event["id"]])})
    return _json(data)


def overlapping_zone(rng: random.Random, line: bytes, data: Any) -> bytes:
    zone = dict(rng.choice(data["zones"]))
    cut = rng.randrange(1, max(2, len(zone["text"])))
    zone.update(id="z999", start=zone["start"] + cut, text=zone["text"][cut:])
    data["zones"].append(zone)
    return _json(data)


MUTATIONS: list[Callable[[random.Random, bytes, Any], bytes]] = [
    flip_byte,
    truncate,
    delete_key,
    wrong_type,
    offset_out_of_range,
    duplicate_key,
    duplicate_id,
    nan,
    bom,
    crlf,
    surrogate,
    long_line,
    cycle,
    overlapping_zone,
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the corpus, scheme and both annotators' files (no gold: adjudicate writes it).

    The annotators' files keep two of their five documents, so that each of
    the hundreds of command runs reads a few dozen kilobytes.
    """
    root = tmp_path_factory.mktemp("fuzz-template")
    (root / "guidelines").mkdir()
    shutil.copy(ROOT / "guidelines" / "schema.toml", root / "guidelines" / "schema.toml")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "gold").mkdir()
    for name in ("annotator-a", "annotator-b"):
        lines = (ROOT / "gold" / f"{name}.jsonl").read_bytes().splitlines(keepends=True)
        (root / "gold" / f"{name}.jsonl").write_bytes(b"".join(lines[1:3]))
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(["--project", str(root), *argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.err


def mutate(rng: random.Random, path: Path) -> tuple[str, int]:
    """Mutate one line of ``path`` in place; returns the mutation's name and the line number."""
    lines = path.read_bytes().splitlines(keepends=True)
    n = rng.randrange(len(lines))
    body = lines[n].rstrip(b"\n")
    mutation = rng.choice(MUTATIONS)
    lines[n] = mutation(rng, body, json.loads(body)) + b"\n"
    path.write_bytes(b"".join(lines))
    return mutation.__name__, n + 1


@pytest.mark.parametrize("chunk", range((CASES + PER_TEST - 1) // PER_TEST))
def test_every_reader_refuses_what_validate_refuses(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], chunk: int
) -> None:
    for case in range(chunk * PER_TEST, min(CASES, (chunk + 1) * PER_TEST)):
        rng = random.Random(SEED * 1_000_003 + case)
        root = tmp_path / f"case{case}"
        shutil.copytree(template, root)
        fuzzed = root / "gold" / "annotator-a.jsonl"
        what, line = mutate(rng, fuzzed)
        mutated = fuzzed.read_bytes()
        context = f"case {case} ({what} on line {line}; ANNOTATOR_FUZZ_SEED={SEED})"
        code, err = run(root, capsys, "validate")
        assert "Traceback" not in err, context
        assert code in (0, 1), context
        invalid = code == 1
        if invalid:
            assert f"{fuzzed}:" in err, context
        good = root / "gold" / "annotator-b.jsonl"
        report = root / "out" / "report.txt"
        for argv in (
            ["stats"],
            ["agreement", "--out", str(report)],
            ["adjudicate"],
            ["evaluate", "--gold", str(fuzzed), "--pred", str(good), "--bootstrap", "0", "--out", str(report)],
        ):
            code, err = run(root, capsys, *argv)
            assert "Traceback" not in err, f"{context}: {argv[0]}"
            if invalid:
                assert code == 1, f"{context}: {argv[0]} accepted what validate refuses:\n{err}"
                assert f"{fuzzed}:" in err, f"{context}: {argv[0]}"
                assert not report.exists(), f"{context}: {argv[0]} wrote a report"
                assert not (root / "gold" / "gold.jsonl").exists(), f"{context}: {argv[0]} wrote a gold"
            else:
                assert code in (0, 1), f"{context}: {argv[0]}"
            assert fuzzed.read_bytes() == mutated, f"{context}: {argv[0]} changed the input"
            report.unlink(missing_ok=True)
            (root / "gold" / "gold.jsonl").unlink(missing_ok=True)
        shutil.rmtree(root)
