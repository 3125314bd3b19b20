"""Timing whole processes as a user runs them: wall time, processor time and peak memory of each.

Every benchmark in this folder times commands in fresh processes, so start-up,
imports, reading the files and writing the report are counted as a user pays
them. Each process is reaped with :func:`os.wait4`, whose resource usage is
that process's alone (its own workers included), whatever else runs on the
machine: processor time is robust to the machine's load, wall time is not,
so both are reported, with the load average.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """One process: wall seconds, processor seconds (user + system, its children included), peak RSS."""

    wall_s: float
    cpu_s: float
    peak_mib: float
    stdout: str


def annotator_command() -> list[str]:
    """The ``annotator`` console script beside this Python, or ``python -m annotator``."""
    script = Path(sys.executable).with_name("annotator")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "annotator"]


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to the end; raise with its error output when it fails."""
    out_path = cwd / f".bench-out-{os.getpid()}"
    start = time.perf_counter()
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.PIPE, env=env)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(encoding="utf-8")
    out_path.unlink()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode(errors='replace')[-3000:]}")
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, stdout)


def spread(values: list[float]) -> str:
    """Median and range, e.g. ``11.52 s (11.1-12.3)``."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def interleaved(commands: dict[str, tuple[list[str], Path]], repeat: int) -> dict[str, list[Run]]:
    """Run each command ``repeat`` times, taking turns, so drifting load falls on all of them alike."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (cmd, cwd) in commands.items():
            runs[name].append(run(cmd, cwd))
    return runs


def median(runs: list[Run], what: str) -> float:
    return float(statistics.median(getattr(r, what) for r in runs))


def describe(name: str, runs: list[Run]) -> str:
    return (
        f"{name}: wall {spread([r.wall_s for r in runs])} s, processor {spread([r.cpu_s for r in runs])} s, "
        f"peak {spread([r.peak_mib for r in runs])} MiB"
    )


def machine() -> str:
    """Cores, load average and Python, for the figures' caption."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}, Python {sys.version.split()[0]}"


def new_project(folder: Path, corpus: str = "corpus") -> Path:
    """A project folder using this checkout's scheme (copied: project settings stay inside the project)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "guidelines", folder / "guidelines", dirs_exist_ok=True)
    (folder / "gold").mkdir(exist_ok=True)
    (folder / "pyproject.toml").write_text(
        f'[tool.annotator]\ncorpus = "{corpus}"\nscheme = "guidelines/schema.toml"\ngold = "gold"\n',
        encoding="utf-8",
    )
    return folder
