"""The long reliability run: kills, fuzzing and planted symbolic links, in one report.

1. **Kills**: writers saving through the app's save path and ``annotator compact``
   runs are killed with SIGKILL at random moments (``tests/reliability/attack_kills.py``).
   ``acked_lost`` counts acknowledged edits missing afterwards, ``unreadable``
   files with a bad line (a torn last line is allowed: it was never acknowledged).
2. **Fuzzing**: mutated records through every reading command
   (``tests/reliability/attack_fuzz.py``): ``silent_accepts`` (a certainly invalid
   record accepted), ``tracebacks``, ``hangs`` (over 60 s).
3. **Escapes**: symbolic links planted where each writing command writes (lock
   folder, ``.state``, ``.torn``, the annotation file, output and cache folders); every
   file changed or created outside the project counts.

Run: ``python bench/reliability.py`` (about ten minutes; ``--kills 20 --fuzz 500``
for a quick look). The CI versions are the tests in ``tests/reliability/``.
Ends with one JSON line ``{"kills", "acked_lost", "unreadable", "fuzzed",
"silent_accepts", "tracebacks", "hangs", "escapes"}``; the goal is kills >= 200,
fuzzed >= 10,000 and zero everywhere else.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.cli import main  # noqa: E402
from annotator.errors import AnnotatorError  # noqa: E402
from annotator.project import Project  # noqa: E402
from annotator.tui.session import Session  # noqa: E402
from tests.reliability.attack_fuzz import make_project, run_fuzz  # noqa: E402
from tests.reliability.attack_kills import run_kills  # noqa: E402

DOC000 = "000_d246c74b127eef68"


def _outside_state(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _quiet(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            return main(argv)
        except Exception:
            return 120


def escapes(work: Path) -> tuple[int, int]:
    """(writes that landed outside the project, attempts) with links planted at every place a command writes."""
    outside = work / "outside"
    outside.mkdir(parents=True)
    (outside / "precious.jsonl").write_text("keep\n", encoding="utf-8")
    plants = {
        "locks": lambda p: (p.gold_dir / ".locks").symlink_to(outside, target_is_directory=True),
        "lockfile": lambda p: (
            (p.gold_dir / ".locks").mkdir(),
            (p.gold_dir / ".locks" / "annotator-b.lock").symlink_to(outside / "precious.jsonl"),
        ),
        "state": lambda p: (p.gold_dir / ".state").symlink_to(outside, target_is_directory=True),
        "file": lambda p: (p.gold_dir / "carol.jsonl").symlink_to(outside / "precious.jsonl"),
        "torn": lambda p: (
            (p.gold_dir / "annotator-b.jsonl").open("a").write('{"torn'),
            (p.gold_dir / "annotator-b.jsonl.torn").symlink_to(outside / "precious.jsonl"),
        ),
        "reports": lambda p: (p.root / "reports").symlink_to(outside, target_is_directory=True),
        "cache": lambda p: (p.root / ".cache").symlink_to(outside, target_is_directory=True),
    }
    out = "reports/out.txt"
    commands: list[list[str]] = [
        ["compact"],
        ["adjudicate", "--unresolved", out],
        ["agreement", "--format", "json", "--out", out],
        ["evaluate", "--pred", "gold/gold.jsonl", "--format", "json", "--bootstrap", "0", "--out", out],
        ["predict", "--extractor", "no_such_module:f", "--out", out],
        ["export", "--format", "conll", "--gold", "--out", out],
        ["benchmark", "--extractor", "x=rules", "--out", out],
    ]
    escaped = attempts = 0
    for i, (_, plant) in enumerate(plants.items()):
        for j, argv in enumerate([*commands, ["annotate"]]):
            project = make_project(work / f"p{i}-{j}")
            shutil.copy(ROOT / "gold" / "annotator-a.jsonl", project.gold_dir / "annotator-a.jsonl")
            plant(project)
            before = _outside_state(outside)
            attempts += 1
            if argv == ["annotate"]:
                for name in ("annotator-b", "carol"):
                    with contextlib.suppress(AnnotatorError):
                        session = Session.open(project, name)
                        session.remember(DOC000, 3)
                        with contextlib.suppress(AnnotatorError):
                            session.close()
            else:
                full = [
                    a.replace("reports/", f"{project.root}/reports/").replace("gold/", f"{project.gold_dir}/")
                    for a in argv
                ]
                _quiet(["--project", str(project.root), *full])
            if _outside_state(outside) != before:
                escaped += 1
                print(f"escape: {list(plants)[i]} via {argv[0]}", file=sys.stderr)
                shutil.rmtree(outside)
                outside.mkdir()
                (outside / "precious.jsonl").write_text("keep\n", encoding="utf-8")
    return escaped, attempts


def _pending(what: str) -> bool:
    """A silent accept that issue 17 items 6 (agreement's reads) and 12 (duplicate keys, NaN) are about."""
    command, kind = what.split(":")
    return command == "agreement" or kind in ("duplicate_key", "nan")


def run(kills: int, fuzz: int, seed: int) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="annotator-reliability-") as tmp:
        work = Path(tmp)
        t0 = time.time()
        project = make_project(work / "kills")
        writers = kills * 3 // 4
        tally = run_kills(Project.find(project.root), writers, kills - writers, seed)
        print(
            f"kills: {tally.kills} ({writers} writers, {kills - writers} compactions), "
            f"{tally.acked} acknowledged edits, {tally.acked_lost} lost, {tally.unreadable} unreadable "
            f"({time.time() - t0:.0f} s)",
            file=sys.stderr,
        )
        for problem in (tally.problems or [])[:20]:
            print(f"  {problem}", file=sys.stderr)
        t0 = time.time()
        fz = run_fuzz(work / "fuzz", fuzz, seed)
        print(
            f"fuzzed: {fz.fuzzed} records, {fz.silent_accepts} silent accepts, {fz.tracebacks} tracebacks, "
            f"{fz.hangs} hangs ({time.time() - t0:.0f} s)",
            file=sys.stderr,
        )
        for what, n in fz.by_command.most_common():
            print(f"  silent accept {what}: {n}", file=sys.stderr)
        elsewhere = sum(n for what, n in fz.by_command.items() if not _pending(what))
        print(
            f"  silent accepts outside issue 17 items 6 and 12 (agreement; duplicate keys, NaN): {elsewhere}",
            file=sys.stderr,
        )
        for failure in fz.failures[:20]:
            print(f"  {failure}", file=sys.stderr)
        escaped, attempts = escapes(work / "links")
        print(f"escapes: {escaped} of {attempts} writes with a planted link", file=sys.stderr)
    return {
        "kills": tally.kills,
        "acked_lost": tally.acked_lost,
        "unreadable": tally.unreadable,
        "fuzzed": fz.fuzzed,
        "silent_accepts": fz.silent_accepts,
        "tracebacks": fz.tracebacks,
        "hangs": fz.hangs,
        "escapes": escaped,
    }


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--fuzz", type=int, default=10_000, help="mutated records")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(json.dumps(run(args.kills, args.fuzz, args.seed)))


if __name__ == "__main__":
    cli()
