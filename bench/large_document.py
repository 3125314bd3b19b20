"""A 10 MB document: time to the app's first frame, to its full tokenisation, and ``agreement`` on it.

The document (CRLF line ends, about 22,000 paragraphs) is generated with a
fixed seed. The first frame is timed in a fresh process, imports included,
from process start to the first frame of the annotate screen; then the app
waits for spaCy's tokens (fed in chunks, past ``nlp.max_length``) and moves
the cursor to the end, proving it stays usable. ``agreement`` runs on two
annotators with one mention each at the end of the document.
Goal: first frame under 2 s, no crash. Ends with one JSON line.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.model import AnnotationRecord, Mention, sha256_text  # noqa: E402
from annotator.store import write_records  # noqa: E402

WORDS = ["rebels", "government", "forces", "attacked", "the", "town", "on", "Monday", "while", "monitors", "said"]

APP = """
import asyncio, sys, time
t0 = float(sys.argv[1])
sys.path.insert(0, {root!r})
from annotator.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.session import Session
session = Session.open(Project.find({folder!r}), "bench")
app = AnnotatorApp(session, "long", keymap={{}})
original = app._display
shown = []
def display(screen, renderable):
    original(screen, renderable)
    if renderable is not None and type(screen).__name__ == "AnnotateScreen" and not shown:
        shown.append(time.time() - t0)
app._display = display
async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        tokens = time.time() - t0
        await pilot.press("end")
        await pilot.pause()
        end = app.screen.view.cursor_span[0]
        print(shown[0], tokens, end, flush=True)
asyncio.run(main())
session.close()
"""


def make(folder: Path, size: int) -> str:
    (folder / "seeds").mkdir(parents=True)
    (folder / "gold").mkdir()
    (folder / "guidelines").mkdir()
    shutil.copy(ROOT / "guidelines" / "schema.toml", folder / "guidelines" / "schema.toml")
    rnd = random.Random(1)
    paras, total = [], 0
    while total < size:
        para = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(20, 120))) + ".\r\n"
        paras.append(para)
        total += len(para)
    text = "".join(paras)
    (folder / "seeds" / "long.txt").write_bytes(text.encode("utf-8"))
    start = text.rindex("rebels")
    for who, label in (("alice", "PER"), ("bob", "ORG")):
        mention = Mention(id="m1", start=start, end=start + 6, text="rebels", label=label)
        record = AnnotationRecord(
            doc="long",
            doc_sha256=sha256_text(text),
            annotator=who,
            scheme="conflict-news/1",
            status="done",
            mentions=(mention,),
        )
        write_records(folder / "gold" / f"{who}.jsonl", [record])
    return text


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="annotator-large-") as tmp:
        folder = Path(tmp)
        text = make(folder, 10_000_000)
        code = APP.format(root=str(ROOT), folder=str(folder))
        out = subprocess.run([sys.executable, "-c", code, str(time.time())], capture_output=True, text=True, check=True)
        first, tokens, end = out.stdout.split()
        t0 = time.time()
        agreement = subprocess.run(
            [sys.executable, "-m", "annotator", "--project", str(folder), "agreement", "--format", "json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        agreement_s = time.time() - t0
    figures = {
        "characters": len(text),
        "first_frame_s": round(float(first), 2),
        "tokens_ready_s": round(float(tokens), 2),
        "cursor_reached_end": int(end) > len(text) - 100,
        "agreement_exit": agreement.returncode,
        "agreement_s": round(agreement_s, 2),
    }
    print(
        f"{len(text):,} characters: first frame {first[:5]} s, full tokens {tokens[:5]} s, "
        f"agreement exit {agreement.returncode} in {agreement_s:.1f} s",
        file=sys.stderr,
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
