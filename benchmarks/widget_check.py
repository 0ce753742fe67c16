"""The widget's Check on a code exercise, in the kernel: this tree against a git revision.

    python benchmarks/widget_check.py                 # against be786b0, 40 Checks each
    python benchmarks/widget_check.py --rev main --checks 100

What a learner's Check runs for a code exercise, after the shapes are checked:
``course.grade(exercise, source)``, which runs the learner's function on every
visible and hidden check at the isolation level ``process`` (a new fork server
each time) and builds the feedback. The grading sandbox (level ``os``) is not on
this path. Both trees are timed alternately in fresh processes on the same
machine in one run, so load affects both alike; prints medians and the 90th
percentile.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME = """
import json, sys, time
import course
from course.core.bank import load_bank
bank = load_bank(sys.argv[1])
exercise = bank["critical-path-code"]
source = exercise.data["starter"].replace("...", "return [0, []]")
course.grade(exercise, source)  # warm up
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    result = course.grade(exercise, source)
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def checkout(rev: str, into: Path) -> Path:
    """The tree of ``rev`` (course/ and exercises/) extracted into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "course", "exercises"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def timings(tree: Path, checks: int) -> list[float]:
    done = subprocess.run(
        [sys.executable, "-c", TIME, str(tree / "exercises"), str(checks)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )
    return [float(t) for t in done.stdout.split("[", 1)[1].strip("]\n").split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="be786b0", help="the baseline revision")
    parser.add_argument("--checks", type=int, default=40, help="Checks per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {args.rev: checkout(args.rev, Path(tmp)), "this tree": ROOT}
        found = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                found[name] += timings(tree, args.checks)
    for name, times in found.items():
        times.sort()
        p90 = times[int(len(times) * 0.9)]
        print(
            f"{name:>10}: median {statistics.median(times) * 1000:6.1f} ms, "
            f"90th percentile {p90 * 1000:6.1f} ms over {len(times)} Checks"
        )


if __name__ == "__main__":
    main()
