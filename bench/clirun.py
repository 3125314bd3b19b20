"""Timing whole processes as a user runs them: wall time, processor time and peak memory of each.

Every benchmark in this folder times commands in fresh processes, so start-up,
imports, reading the files and writing the report are counted as a user pays
them. Each process is reaped with :func:`os.wait4`, whose resource usage is
that process's alone (its own workers included), whatever else runs on the
machine: processor time is robust to the machine's load, wall time is not,
so both are reported, with the load average.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
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


LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    json.dump([os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss], fh)
"""
"""Starts the command from a small process: a child's peak RSS counts the image of the process it was
forked from (Linux keeps the larger of the two at ``exec``), so a benchmark holding generated data
would otherwise inflate every figure."""


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to the end, cold: the ``.cache`` folder the project in ``cwd`` keeps between runs (tokens,
    text hashes) is removed first, so every run pays what a user's first run pays. Raise with the command's
    error output when it fails."""
    shutil.rmtree(cwd / ".cache", ignore_errors=True)
    out_path = cwd / f".bench-out-{os.getpid()}"
    usage_path = cwd / f".bench-usage-{os.getpid()}"
    with open(out_path, "wb") as out:
        proc = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(usage_path), *cmd],
            cwd=cwd,
            stdout=out,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    stdout = out_path.read_text(encoding="utf-8")
    out_path.unlink()
    code, wall, cpu, maxrss = json.loads(usage_path.read_text(encoding="utf-8"))
    usage_path.unlink()
    if code != 0 or proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{proc.stderr.decode(errors='replace')[-3000:]}")
    peak = maxrss / 1024 if sys.platform != "darwin" else maxrss / 2**20
    return Run(wall, cpu, peak, stdout)


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
