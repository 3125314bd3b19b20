"""Per-key frame latency of the annotate screen on a long article, and time to the first frame, as a user meets them.

A generated 200 KB article with 2,000 saved annotations (10% of them nested
inside another mention) is opened headless, every measurement in a fresh
process (nothing imported or cached beforehand), three times, interleaved:

- first frame: from just before the process is started to the first frame
  of the annotate screen, imports included;
- cold keys: from the first frame on, cursor keys are sent at a steady rate
  (one every 50 ms) without waiting for background work (the tokenizer);
- warm keys: cursor, selection, label, undo, delete and scroll keys after
  background work has finished.

For each key the time is taken from just before the key event is sent to
when the app hands the frame for it to the driver (``App._display``), not the
Pilot's idle-wait round trip. Figures are medians over the three processes of
each one's 95th percentile (ranges printed).

Run: ``python bench/tui_latency.py``. Ends with one JSON line of the figures (deleting is
printed too but kept out of the JSON line, whose keys are fixed).
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.model import AnnotationRecord, Mention, sha256_text  # noqa: E402
from annotator.store import write_records  # noqa: E402

WORDS = [
    "rebels",
    "government",
    "forces",
    "attacked",
    "the",
    "town",
    "on",
    "Monday",
    "while",
    "monitors",
    "said",
    "at",
    "least",
    "dozens",
    "of",
    "civilians",
    "were",
    "killed",
    "in",
    "airstrikes",
    "near",
    "Aleppo",
    "and",
    "Idlib",
    "as",
    "talks",
    "in",
    "Geneva",
    "stalled",
    "over",
    "a",
    "ceasefire",
    "deal",
]
NAMES = ["Aleppo", "Idlib", "Damascus", "ISIL", "Russia", "Syrian Observatory", "Hezbollah", "Raqqa"]


def make_project(folder: Path, size: int = 200_000, n_annotations: int = 2000) -> tuple[str, str]:
    rng = random.Random(7)
    paragraphs, length = [], 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            words = [rng.choice(WORDS if rng.random() > 0.15 else NAMES) for _ in range(rng.randint(8, 22))]
            sentences.append(" ".join(words).capitalize() + ".")
        para = " ".join(sentences)
        paragraphs.append(para)
        length += len(para) + 1
    text = "\n".join(paragraphs)[:size].rsplit(" ", 1)[0] + ".\n"
    (folder / "seeds").mkdir(parents=True)
    (folder / "guidelines").mkdir()
    (folder / "guidelines" / "schema.toml").write_text((ROOT / "guidelines" / "schema.toml").read_text())
    (folder / "pyproject.toml").write_text('[tool.annotator]\ncorpus = "seeds"\n')
    doc = "long"
    (folder / "seeds" / f"{doc}.txt").write_text(text, encoding="utf-8")
    import re

    words = [m.span() for m in re.finditer(r"\w+(?: \w+)?", text)]
    step = len(words) // int(n_annotations * 0.9)
    mentions: list[Mention] = []
    labels = ["PER", "ORG", "GPE", "LOC", "TIME"]
    for i, (s, e) in enumerate(words[::step][: int(n_annotations * 0.9)]):
        mentions.append(Mention(id=f"m{i + 1}", label=labels[i % 5], start=s, end=e, text=text[s:e]))
    for j, outer in enumerate(mentions[: n_annotations - len(mentions)]):
        end = outer.start + max(1, len(outer.text.split(" ")[0]))
        mentions.append(Mention(id=f"n{j + 1}", label="GPE", start=outer.start, end=end, text=text[outer.start : end]))
    record = AnnotationRecord(
        doc=doc, doc_sha256=sha256_text(text), annotator="bench", scheme="conflict-news/1", mentions=tuple(mentions)
    )
    write_records(folder / "gold" / "bench.jsonl", [record])
    return doc, text


COLD_INTERVAL_S = 0.05


async def cold_latencies(folder: Path) -> list[float]:
    """Cursor keys at a steady rate from the first frame, background work still running."""
    from annotator.project import Project
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.session import Session

    session = Session.open(Project.find(folder), "bench")
    app = AnnotatorApp(session, "long", keymap={})
    frames: list[float] = []
    first = asyncio.Event()
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())
            if type(screen).__name__ == "AnnotateScreen":
                first.set()

    app._display = display  # type: ignore[method-assign]
    out: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await first.wait()
            for i in range(60):
                start = time.perf_counter()
                await pilot.press("down" if i % 10 == 0 else "right")
                after = [f for f in frames if f >= start]
                if after:
                    out.append((after[0] - start) * 1000)
                await asyncio.sleep(max(0.0, COLD_INTERVAL_S - (time.perf_counter() - start)))
            await pilot.press("ctrl+q")
    finally:
        session.close()
    return out


def first_frame(folder: Path) -> float:
    """Seconds from process start to the first frame, in a fresh interpreter."""
    code = f"""
import time, sys
t0 = float(sys.argv[1])
sys.path.insert(0, {str(ROOT)!r})
from annotator.project import Project
from annotator.tui.session import Session
from annotator.tui.app import AnnotatorApp
session = Session.open(Project.find({str(folder)!r}), "bench")
app = AnnotatorApp(session, "long", keymap={{}})
original = app._display
def display(screen, renderable):
    original(screen, renderable)
    if renderable is not None and type(screen).__name__ == "AnnotateScreen":
        print(time.time() - t0, flush=True)
        app.exit()
app._display = display
app.run(headless=True, size=(120, 40))
session.close()
"""
    out = subprocess.run([sys.executable, "-c", code, str(time.time())], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[0])


async def key_latencies(folder: Path) -> dict[str, list[float]]:
    from annotator.project import Project
    from annotator.tokens import tokenize
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.session import Session

    session = Session.open(Project.find(folder), "bench")
    app = AnnotatorApp(session, "long", keymap={})
    frames: list[float] = []
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = display  # type: ignore[method-assign]
    tokenize(session.document("long").text)
    out: dict[str, list[float]] = {k: [] for k in ("cursor", "select", "label", "delete", "undo", "scroll")}
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

            async def press(kind: str, key: str) -> None:
                start = time.perf_counter()
                await pilot.press(key)
                after = [f for f in frames if f >= start]
                if after:
                    out[kind].append((after[0] - start) * 1000)

            for i in range(150):
                await press("cursor", "down" if i % 10 == 0 else "right")
            for i in range(120):
                if i % 6 == 0:
                    await pilot.press("escape")
                await press("select", "shift+right")
            for _ in range(40):
                await pilot.press("escape", "right", "right", "right")
                await press("label", "t")
            for _ in range(40):
                await press("undo", "ctrl+z")
            for _ in range(40):
                await pilot.press("right_square_bracket")
                await press("delete", "d")
            for _ in range(40):
                await press("scroll", "pagedown")
            await pilot.press("ctrl+q")
    finally:
        session.close()
    return out


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[int(0.95 * (len(values) - 1))] if values else float("nan")


def _child(which: str, folder: Path) -> Any:
    cmd = [sys.executable, __file__, "--child", which, "--dir", str(folder)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    import argparse
    import os

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", choices=("warm", "cold"), help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        folder = Path(args.dir)
        result = asyncio.run(key_latencies(folder) if args.child == "warm" else cold_latencies(folder))
        print(json.dumps(result))
        return
    print(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    firsts: list[float] = []
    colds: list[float] = []
    warm: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, text = make_project(folder)
        print(f"article: {len(text.encode()) / 1000:.0f} KB, 2000 annotations (10% nested)")
        for _ in range(args.repeat):
            firsts.append(first_frame(folder))
            colds.append(p95(_child("cold", folder)))
            for kind, values in _child("warm", folder).items():
                warm.setdefault(kind, []).append(p95(values))
    figures: dict[str, float] = {}
    for kind, values in warm.items():
        print(f"{kind:7s} p95 {statistics.median(values):6.2f} ms (range {min(values):.2f}-{max(values):.2f})")
        if kind != "delete":
            figures[f"{kind}_p95_ms"] = round(statistics.median(values), 2)
    ff = statistics.median(firsts)
    print(f"first frame: {ff:.3f} s (range {min(firsts):.3f}-{max(firsts):.3f}; fresh process, imports included)")
    cold = statistics.median(colds)
    print(
        f"cursor p95 from the first frame, keys every {COLD_INTERVAL_S * 1000:.0f} ms: {cold:.2f} ms "
        f"(range {min(colds):.2f}-{max(colds):.2f})"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    figures["first_frame_s"] = round(ff, 3)
    figures["cold_cursor_p95_ms"] = round(cold, 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
