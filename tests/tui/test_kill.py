"""kill -9 right after the header says "saved" loses nothing, and leaves no stale lock."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from annotator.project import Project
from annotator.tui.session import Session

ROOT = Path(__file__).resolve().parents[2]


def test_kill_9_after_saved_keeps_the_edit(project: Project) -> None:
    script = textwrap.dedent(
        f"""
        import asyncio, os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from annotator.project import Project
        from annotator.tui.app import AnnotatorApp
        from annotator.tui.session import Session

        session = Session.open(Project.find({str(project.root)!r}), "ann")

        async def main():
            app = AnnotatorApp(session, "004_18ce445469fc81d2", keymap={{}})
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("right", "right", "o")
                for _ in range(100):
                    await pilot.pause()
                    if app.screen.save_state.startswith("saved"):
                        break
                print(app.screen.save_state, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert result.stdout.startswith("saved: ORG")
    lines = (project.gold_dir / "ann.jsonl").read_text(encoding="utf-8").splitlines()
    mentions = json.loads(lines[-1])["mentions"]
    assert [(m["label"], m["text"]) for m in mentions] == [("ORG", "here")]
    session = Session.open(project, "ann")
    try:
        assert [m.text for m in session.record("004_18ce445469fc81d2").mentions] == ["here"]
    finally:
        session.close()
