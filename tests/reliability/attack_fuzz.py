"""Mutated records against every reading command, shared by the CI test and the long run.

Records of the shipped annotator file are mutated (byte flips, truncation,
deleted keys, wrong types, offsets, cycles, duplicate keys and ids, NaN, BOM,
CRLF, lone surrogates, very long lines) and written as annotator files of a
throwaway project. Each reading command then runs in-process on them:
``validate``, ``stats``, ``agreement``, ``adjudicate``, ``evaluate``, ``export``
and opening the app's session. A mutation marked *invalid* (it certainly breaks
the record) must be refused: a command that exits 0 on it is a silent accept
(``validate`` must also name its ``file:line``). Any exception other than the
project's own errors is a traceback; a command still running after 60 s is a hang.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import random
import shutil
import signal
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.tui.session import Session

ROOT = Path(__file__).resolve().parents[2]
Mutation = Callable[[dict[str, Any], random.Random], tuple[str, bool]]
"""A record (as parsed JSON) and a random source to one mutated line and whether it is certainly invalid."""


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _any_item(rec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    layer = rng.choice([k for k in ("mentions", "zones") if rec.get(k)])
    return rng.choice(rec[layer])


def byte_flip(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    raw = bytearray(_line(rec).encode("utf-8"))
    for _ in range(rng.randint(1, 3)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return raw.decode("utf-8", errors="replace"), False


def truncate(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    line = _line(rec)
    return line[: rng.randrange(1, len(line) - 1)], True


def delete_key(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    if rng.random() < 0.5:
        del rec[rng.choice(["doc", "doc_sha256", "annotator", "scheme"])]
    else:
        del _any_item(rec, rng)[rng.choice(["start", "end", "id", "text"])]
    return _line(rec), True


def wrong_type(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    item = _any_item(rec, rng)
    key, value = rng.choice([("start", "five"), ("end", [1]), ("id", {"x": 1}), ("text", 7)])
    item[key] = value
    return _line(rec), True


def offsets(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    item = rec["mentions"][rng.randrange(len(rec["mentions"]))]
    how = rng.choice(["past", "swap", "shift", "negative"])
    if how == "past":
        item["start"], item["end"] = 10**7, 10**7 + 3
    elif how == "swap":
        item["start"], item["end"] = item["end"], item["start"]
    elif how == "shift":
        item["start"] += 1
        item["end"] += 1
    else:
        item["start"] = -1
    return _line(rec), True


def cycle(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    if rec.get("attributions"):
        att = rng.choice(rec["attributions"])
        att["parent"] = att["id"]
    elif rec.get("events"):
        ev = rec["events"][0]
        ev.setdefault("arguments", []).append({"role": "Place", "ref": ev["id"]})
    else:
        return _line(rec), False
    return _line(rec), True


def duplicate_key(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    line = _line(rec)
    return '{"doc":"not-a-document",' + line[1:], True


def duplicate_id(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    rec["mentions"][1]["id"] = rec["mentions"][0]["id"]
    return _line(rec), True


def nan(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    item = rec["mentions"][rng.randrange(len(rec["mentions"]))]
    item["start"] = float("nan") if rng.random() < 0.5 else float("inf")
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":")), True


def bom(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    return "\ufeff" + _line(rec), True


def crlf(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    return _line(rec) + "\r", False


def surrogate(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    item = rec["mentions"][rng.randrange(len(rec["mentions"]))]
    item["text"] = item["text"][:1] + "\ud800" + item["text"][1:]
    return json.dumps(rec, ensure_ascii=True, separators=(",", ":")), True


def long_line(rec: dict[str, Any], rng: random.Random) -> tuple[str, bool]:
    rec.setdefault("meta", {})["padding"] = "x" * rng.choice([10**5, 10**6])
    return _line(rec), False


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        byte_flip,
        truncate,
        delete_key,
        wrong_type,
        offsets,
        cycle,
        duplicate_key,
        duplicate_id,
        nan,
        bom,
        crlf,
        surrogate,
        long_line,
    )
}


@dataclass
class FuzzTally:
    fuzzed: int = 0
    silent_accepts: int = 0
    tracebacks: int = 0
    hangs: int = 0
    by_command: Counter[str] = field(default_factory=Counter)
    """``command:mutation`` of each silent accept."""
    failures: list[str] = field(default_factory=list)


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


def run_command(argv: list[str], tally: FuzzTally, what: str) -> tuple[int, str]:
    """``annotator ARGV`` in-process: (exit code, everything printed); counts tracebacks and hangs."""
    out = io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(argv)
    except Hang:
        tally.hangs += 1
        tally.failures.append(f"hang: {what}")
        return 124, out.getvalue()
    except SystemExit as exc:
        code = int(exc.code or 0)
    except Exception as exc:
        tally.tracebacks += 1
        tally.failures.append(f"traceback: {what}: {type(exc).__name__}: {exc}"[:300])
        return 120, out.getvalue()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue()


def make_project(folder: Path) -> Project:
    (folder / "guidelines").mkdir(parents=True)
    shutil.copy(ROOT / "guidelines" / "schema.toml", folder / "guidelines" / "schema.toml")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    (folder / "gold").mkdir()
    for name in ("annotator-b", "gold"):
        shutil.copy(ROOT / "gold" / f"{name}.jsonl", folder / "gold" / f"{name}.jsonl")
    return Project.find(folder)


@functools.cache
def _base_lines() -> tuple[str, ...]:
    return tuple(
        line for line in (ROOT / "gold" / "annotator-a.jsonl").read_text(encoding="utf-8").splitlines() if line
    )


def _base_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in _base_lines()]


def _mutated_file(path: Path, name: str, rng: random.Random, tally: FuzzTally, every: bool) -> list[tuple[int, str]]:
    """Write the shipped records as annotator ``name``, all mutated or (``every`` False) one; returns the invalid."""
    records = _base_records()
    chosen = set(range(len(records))) if every else {rng.randrange(len(records))}
    lines, invalid = [], []
    for n, rec in enumerate(records, 1):
        rec["annotator"] = name
        if n - 1 not in chosen:
            lines.append(_line(rec))
            continue
        kind = rng.choice(list(MUTATIONS))
        line, certain = MUTATIONS[kind](rec, rng)
        lines.append(line)
        tally.fuzzed += 1
        if certain:
            invalid.append((n, kind))
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass"))
    return invalid


def fuzz_batch(project: Project, rng: random.Random, tally: FuzzTally, files: int = 8) -> None:
    """``validate`` on ``files`` files of mutated records, then one file with one mutated record through every reader.

    ``validate`` must name each invalid record's ``file:line``; the other
    readers, given a file whose only fault is one record, must refuse it.
    """
    gold = project.gold_dir
    for stale in gold.glob("fz*.jsonl"):
        stale.unlink()
    root = ["--project", str(project.root)]
    invalid = {f"fz{k}": _mutated_file(gold / f"fz{k}.jsonl", f"fz{k}", rng, tally, True) for k in range(files)}
    code, text = run_command([*root, "validate"], tally, "validate")
    for name, bad in invalid.items():
        for n, kind in bad:
            if code == 0 or f"{name}.jsonl:{n}" not in text:
                _silent(tally, "validate", kind)
    for stale in gold.glob("fz*.jsonl"):
        stale.unlink()
    name = "fz"
    path = gold / f"{name}.jsonl"
    kinds = [kind for _, kind in _mutated_file(path, name, rng, tally, False)]
    runs = {
        "stats": ["stats", "--format", "json"],
        "agreement": ["agreement", "--annotators", f"{name},annotator-b", "--format", "json"],
        "adjudicate": ["adjudicate", "--annotators", f"{name},annotator-b", "--format", "json"],
        "evaluate": ["evaluate", "--pred", str(path), "--format", "json", "--bootstrap", "0"],
        "export": ["export", "--format", "conll", "--annotators", name, "--out", str(project.root / "x.conll")],
    }
    for command, argv in runs.items():
        code, _ = run_command([*root, *argv], tally, f"{command} ({kinds or 'valid'})")
        if code == 0 and kinds:
            _silent(tally, command, kinds[0])
        shutil.copy(ROOT / "gold" / "gold.jsonl", gold / "gold.jsonl")
    _open_session(project, name, kinds, tally)


def _open_session(project: Project, name: str, kinds: list[str], tally: FuzzTally) -> None:
    try:
        session = Session.open(project, name)
    except AnnotatorError:
        return
    except Exception as exc:
        tally.tracebacks += 1
        tally.failures.append(f"traceback: annotate {name}: {type(exc).__name__}: {exc}"[:300])
        return
    session.store.close(compact=False)
    if kinds:
        _silent(tally, "annotate", kinds[0])


def _silent(tally: FuzzTally, command: str, kind: str) -> None:
    tally.silent_accepts += 1
    tally.by_command[f"{command}:{kind}"] += 1


def run_fuzz(folder: Path, records: int, seed: int = 0) -> FuzzTally:
    project = make_project(folder)
    rng = random.Random(seed)
    tally = FuzzTally()
    while tally.fuzzed < records:
        fuzz_batch(project, rng, tally)
    return tally
