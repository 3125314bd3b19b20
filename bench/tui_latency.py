"""Per-key frame latency of the annotate screen on a long article, and time to the first frame, as a user meets them.

A generated 200 KB article with 2,000 saved annotations (10% of them nested
inside another mention) is opened headless, every measurement in a fresh
process (nothing imported, tokenised or cached beforehand), three times,
interleaved:

- first frame: ``annotator annotate`` as a user starts it (the command line
  entry point, in the project folder), from just before the process is
  started to the first frame of the annotate screen, imports included;
- keys: from that first frame on, without waiting for background work (spaCy's
  tokens, zone proposals) or for the app to be idle, keys are sent at a steady
  rate (one every 50 ms, as a quick typist): cursor keys, selections, labels,
  undos, deletions and page scrolls, in that order. The first 60 cursor keys
  are reported on their own (``cold_cursor``): they arrive while the tokenizer
  still runs.

For each key the time is taken from just before the key event is sent to the
first frame the app hands to the driver (``App._display``) after the key's
binding ran, so a key that waits behind earlier work counts that wait.
Figures are medians over the three processes of each one's 95th percentile
(ranges printed).

Run: ``python bench/tui_latency.py``. Ends with one JSON line of the figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
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

    spans = [m.span() for m in re.finditer(r"\w+(?: \w+)?", text)]
    step = len(spans) // int(n_annotations * 0.9)
    mentions: list[Mention] = []
    labels = ["PER", "ORG", "GPE", "LOC", "TIME"]
    for i, (s, e) in enumerate(spans[::step][: int(n_annotations * 0.9)]):
        mentions.append(Mention(id=f"m{i + 1}", label=labels[i % 5], start=s, end=e, text=text[s:e]))
    for j, outer in enumerate(mentions[: n_annotations - len(mentions)]):
        end = outer.start + max(1, len(outer.text.split(" ")[0]))
        mentions.append(Mention(id=f"n{j + 1}", label="GPE", start=outer.start, end=end, text=text[outer.start : end]))
    record = AnnotationRecord(
        doc=doc, doc_sha256=sha256_text(text), annotator="bench", scheme="conflict-news/1", mentions=tuple(mentions)
    )
    write_records(folder / "gold" / "bench.jsonl", [record])
    return doc, text


KEY_INTERVAL_S = 0.05
COLD_KEYS = 60


def key_plan() -> list[tuple[str | None, str]]:
    """(what is measured or None, key) in the order they are sent."""
    plan: list[tuple[str | None, str]] = []
    plan += [("cursor", "down" if i % 10 == 0 else "right") for i in range(150)]
    for i in range(120):
        if i % 6 == 0:
            plan.append((None, "escape"))
        plan.append(("select", "shift+right"))
    for _ in range(40):
        plan += [(None, "escape"), (None, "right"), (None, "right"), (None, "right"), ("label", "t")]
    plan += [("undo", "ctrl+z")] * 40
    for _ in range(40):
        plan += [(None, "right_square_bracket"), ("delete", "d")]
    plan += [("scroll", "pagedown")] * 40
    return plan


async def key_latencies(folder: Path) -> dict[str, list[float]]:
    """Every key of :func:`key_plan`, one every ``KEY_INTERVAL_S`` from the first frame, background work running.

    Each run gets its own copy of the generated project: a run edits the record, and a later run on the
    same files would find the items its keys aim at already deleted (a delete with nothing to delete draws
    no frame, so the next frame, seconds later, would be timed as its answer)."""
    from textual import events

    from annotator.project import Project
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.screens.type_ahead import KeyRouter
    from annotator.tui.session import Session

    session = Session.open(Project.find(folder), "bench")
    app = AnnotatorApp(session, "long", keymap={})
    frames: list[float] = []
    handled: list[float] = []
    first = asyncio.Event()
    display, check_bindings = app._display, app._check_bindings

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())
            if type(screen).__name__ == "AnnotateScreen":
                first.set()

    async def timed_check_bindings(key: str, priority: bool = False) -> bool:
        """A key is handled when a priority binding took it or the ordinary bindings were tried."""
        done = await check_bindings(key, priority)
        if done or not priority:
            handled.append(time.perf_counter())
        return done

    app._display = timed_display  # type: ignore[method-assign]
    app._check_bindings = timed_check_bindings  # type: ignore[method-assign]
    route = KeyRouter.on_key

    async def timed_route(screen: KeyRouter, event: events.Key) -> None:
        """The annotate screen runs its own bindings as keys reach it (``tui/screens/type_ahead.py``):
        a key it stops there never reaches the app's binding check."""
        await route(screen, event)
        if event._stop_propagation:
            handled.append(time.perf_counter())

    KeyRouter.on_key = timed_route  # type: ignore[method-assign]
    plan = key_plan()
    sent: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await first.wait()
            driver = app._driver
            assert driver is not None
            for _, key in plan:
                start = time.perf_counter()
                event = events.Key(key, key if len(key) == 1 else None)
                event.set_sender(app)
                sent.append(start)
                driver.send_message(event)
                await asyncio.sleep(max(0.0, KEY_INTERVAL_S - (time.perf_counter() - start)))
            while len(handled) < len(plan):
                await asyncio.sleep(0.05)
            await pilot.pause()
            await pilot.press("ctrl+q")
    finally:
        session.close()
    out: dict[str, list[float]] = {
        k: [] for k in ("cold_cursor", "cursor", "select", "label", "delete", "undo", "scroll")
    }
    for i, (kind, _) in enumerate(plan):
        after = [f for f in frames if f >= handled[i]]
        if kind is None or not after:
            continue
        latency = (after[0] - sent[i]) * 1000
        out[kind].append(latency)
        if kind == "cursor" and len(out["cold_cursor"]) < COLD_KEYS:
            out["cold_cursor"].append(latency)
    return out


def first_frame(folder: Path) -> tuple[float, float]:
    """Seconds from process start to the first frame of ``annotator annotate``, in a fresh interpreter, and the
    processor time the process took by then (all threads; under load, wall time grows and this much less).

    The command runs on a pseudo-terminal of 120 × 40 cells (Textual's own
    terminal driver, as in a user's terminal); the time comes back on a pipe.
    """
    import fcntl
    import pty
    import struct
    import termios
    import threading

    code = f"""
import os, sys, time
t0, fd = float(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, {str(ROOT)!r})
from textual.app import App
display = App._display
def timed(app, screen, renderable):
    display(app, screen, renderable)
    if renderable is not None and type(screen).__name__ == "AnnotateScreen" and fd >= 0:
        os.write(fd, f"{{time.time() - t0}} {{time.process_time()}}\\n".encode())
        app.exit()
App._display = timed
from annotator.cli import main
main(["annotate", "--annotator", "bench"])
"""
    env = {**os.environ, "ANNOTATOR_KEYMAP": str(folder / "no-keymap.toml"), "TERM": "xterm-256color"}
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    read_end, write_end = os.pipe()

    def drain() -> None:
        """Read what the app draws, as a terminal would, until it closes."""
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    argv = [sys.executable, "-c", code, str(time.time()), str(write_end)]
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=folder, env=env, pass_fds=(write_end,))
    os.close(slave)
    os.close(write_end)
    with os.fdopen(read_end) as answer:
        line = answer.readline()
    proc.wait(timeout=60)
    os.close(master)
    reader.join(timeout=5)
    if not line:
        raise RuntimeError(f"annotator annotate exited ({proc.returncode}) before its first frame")
    wall, processor = line.split()
    return float(wall), float(processor)


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[int(0.95 * (len(values) - 1))] if values else float("nan")


def _child(folder: Path) -> Any:
    cmd = [sys.executable, __file__, "--child", "--dir", str(folder)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(key_latencies(Path(args.dir)))))
        return
    print(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    firsts: list[float] = []
    processor: list[float] = []
    keys: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        folder.mkdir()
        _, text = make_project(folder)
        print(f"article: {len(text.encode()) / 1000:.0f} KB, 2000 annotations (10% nested)")
        print(f"keys: one every {KEY_INTERVAL_S * 1000:.0f} ms from the first frame, background work running")
        for n in range(args.repeat):
            run = Path(tmp) / f"run{n}"
            shutil.copytree(folder, run)
            wall, cpu = first_frame(run)
            firsts.append(wall)
            processor.append(cpu)
            for kind, values in _child(run).items():
                keys.setdefault(kind, []).append(p95(values))
    figures: dict[str, float] = {}
    for kind, values in keys.items():
        print(f"{kind:11s} p95 {statistics.median(values):6.2f} ms (range {min(values):.2f}-{max(values):.2f})")
        figures[f"{kind}_p95_ms"] = round(statistics.median(values), 2)
    ff = statistics.median(firsts)
    print(f"first frame: {ff:.3f} s (range {min(firsts):.3f}-{max(firsts):.3f}; fresh process, imports included)")
    cpu = statistics.median(processor)
    print(f"processor time to the first frame: {cpu:.3f} s (range {min(processor):.3f}-{max(processor):.3f})")
    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    figures["first_frame_s"] = round(ff, 3)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
