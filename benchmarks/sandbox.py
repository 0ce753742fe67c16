"""Throughput of course.sandbox at both isolation levels: run() against run_batch().

Example:
    python benchmarks/sandbox.py            # 300 jobs of 25 calls each, both levels
    python benchmarks/sandbox.py --jobs 600

``run()`` is what the notebook widget does on Check (level ``process``, a new
fork server each time); ``run_batch()`` is what ``pm-course grade`` does (level
``os``: bubblewrap). Every job has 3 visible and 22 hidden calls, which run in
two processes, as a code exercise's checks do.

Prints its figures; it is not a test. CPU time is printed beside wall time
because on a busy machine wall time mostly measures the other processes.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from course.sandbox import Job, missing, run, run_batch

SOURCE = """
def critical_path(tasks, scale):
    finish = {}
    for name in sorted(tasks, key=lambda n: len(tasks[n]["after"])):
        start = max((finish[p] for p in tasks[name]["after"] if p in finish), default=0)
        finish[name] = start + tasks[name]["duration"] * scale
    end = max(finish.values())
    return [end, sorted(n for n, t in finish.items() if t == end)]
"""
TASKS = {
    "A": {"duration": 2, "after": []},
    "B": {"duration": 3, "after": ["A"]},
    "C": {"duration": 1, "after": ["A"]},
    "D": {"duration": 4, "after": ["B", "C"]},
}


def timed(action) -> tuple[float, float]:
    """Run action(); return (wall seconds, CPU seconds of this process and its children)."""
    before, started = os.times(), time.perf_counter()
    action()
    after, wall = os.times(), time.perf_counter() - started
    cpu = sum(after[:4]) - sum(before[:4])
    return wall, cpu


def start_cost(executable: str, repeat: int = 20) -> float:
    """Median seconds to start and stop ``executable -I -S -c pass``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([executable, "-I", "-S", "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(label: str, count: int, wall: float, cpu: float) -> None:
    """One line of figures for ``count`` jobs."""
    print(
        f"{label:<34} {count / wall:7.1f} jobs/s  {wall / count * 1000:6.2f} ms/job wall  "
        f"{cpu / count * 1000:6.2f} ms/job CPU"
    )


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=300, help="jobs per batch (default 300)")
    parser.add_argument("--calls", type=int, default=25, help="calls per job (default 25)")
    parser.add_argument("--single", type=int, default=40, help="jobs for run() (default 40)")
    args = parser.parse_args()

    print(f"python: {sys.executable} on {os.cpu_count()} CPUs")
    print(f"start cost of `python -I -S -c pass`: {start_cost(sys.executable) * 1000:.1f} ms")
    calls = [[TASKS, scale] for scale in range(1, args.calls + 1)]
    # a comment makes every source distinct, as a class's answers are
    jobs = [
        Job(SOURCE + f"# {n}\n", "critical_path", calls, hidden_from=3) for n in range(args.jobs)
    ]
    trivial = [Job(f"def f():\n    return {n}\n", "f", [[]]) for n in range(args.jobs)]
    levels = ["process"] + (["os"] if missing("os") is None else [])
    if len(levels) == 1:
        print(f"level os not measured: {missing('os')}")
    for level in levels:
        runs = run_batch(jobs[:3], level)  # warm the page cache
        assert all(r.error is None and len(r.results) == args.calls for r in runs), runs

    singles = jobs[: args.single]
    wall, cpu = timed(lambda: [run(j.source, j.function, j.calls) for j in singles])
    report(f"run(), {args.calls} calls (widget Check)", len(singles), wall, cpu)
    for level in levels:
        wall, cpu = timed(lambda level=level: run_batch(jobs, level))
        report(f"run_batch({level}), {args.calls} calls", len(jobs), wall, cpu)
    for level in levels:
        wall, cpu = timed(lambda level=level: run_batch(trivial, level))
        report(f"run_batch({level}), 1 trivial call", len(trivial), wall, cpu)


if __name__ == "__main__":
    main()
