"""Benchmark: how fast ``pm-course grade`` grades a class, and how much memory it needs.

    python benchmarks/grading.py                      # N = 1,000 and 10,000, every mode
    python benchmarks/grading.py --n 300 --modes code code-process --jobs 2

For each N and mode it writes N synthetic submissions against the course's own
bank (seeded: the same files every time), then grades them into a new gradebook
in a fresh Python process, exactly as ``pm-course grade`` does, and reports
submissions per second, CPU time (of the grading process and all its children,
start-up included) and peak memory (resident set size of the grading process and
of its largest child: a worker or a sandbox process).

The answers are a realistic mix: each student has an ability drawn from a
Beta(5, 2) distribution (mean 71 %), skips an exercise now and then, and gets
each item, option, step or number right with that probability. Code answers are
right (the reference solution), return wrong values, raise, or do not compile.
Every code answer carries the student's id in a comment, so no two are the same
source (the grader runs an identical answer once; real classes differ). Mode
``nocode`` leaves the code exercises unanswered, so no sandbox runs; mode
``code`` runs code answers at the isolation level ``os`` (each in a bubblewrap
sandbox, what ``pm-course grade`` does), ``code-process`` at the level
``process`` (no OS sandbox), so one run shows the cost of isolation side by side.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import course
import course.pm
from course.core.bank import load_bank
from course.core.submission import FORMAT, VERSION


@functools.cache
def right_source(function: str) -> str:
    """A right answer to the code exercise on ``function``: the reference's module, with
    the course modules it imports inlined (the sandbox lets learner code import only
    the standard library)."""
    module = inspect.getmodule(getattr(course.pm, function))
    return "\n".join(_inlined(Path(module.__file__), set())) + "\n"


def _inlined(path: Path, seen: set) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("from course.pm."):
            name = line.split()[1].rsplit(".", 1)[1]
            if name not in seen:
                seen.add(name)
                lines = _inlined(path.with_name(f"{name}.py"), seen) + lines
        elif not line.startswith("from __future__"):
            lines.append(line)
    return lines


def code_answer(rng: random.Random, exercise, p: float, student: str = "") -> str:
    name = exercise.data["function"]
    if rng.random() < p:
        return right_source(name) + f"# {student}\n"
    return f"# {student}\n" + rng.choice(
        [
            f"def {name}(*args):\n    return None\n",
            f"def {name}(*args):\n    raise ValueError('not done yet')\n",
            exercise.data["starter"],
            f"def {name}(*args)\n    return 1\n",  # a syntax error
        ]
    )


def answer(rng: random.Random, exercise, p: float, student: str = "") -> object:
    """A seeded answer to ``exercise`` that is right item by item with probability ``p``."""
    data, kind = exercise.data, exercise.type
    if kind in ("categorize", "match"):
        choices = [b["id"] for b in data["buckets" if kind == "categorize" else "right"]]
        key = {i["id"]: i["answer"] for i in exercise.items()}
        return {i: a if rng.random() < p else rng.choice(choices) for i, a in key.items()}
    if kind == "order":
        order = list(data["answer"])
        for _ in range(round((1 - p) * len(order) * 2)):
            i = rng.randrange(len(order) - 1)
            order[i], order[i + 1] = order[i + 1], order[i]
        return order
    if kind == "choice":
        options = data["options"]
        if data.get("multiple"):
            return [o["id"] for o in options if o["correct"] == (rng.random() < p)]
        right_ids = [o["id"] for o in options if o["correct"]]
        return right_ids if rng.random() < p else [rng.choice(options)["id"]]
    if kind == "numeric":
        value = data["answer"] * (1 if rng.random() < p else rng.uniform(0.5, 1.5))
        return f"{value:,.4f}" if rng.random() < 0.3 else value
    return code_answer(rng, exercise, p, student)


def make_class(folder: Path, n: int, code: bool, seed: int = 1) -> int:
    """Write ``n`` submission files into ``folder``; returns the number of code answers."""
    bank = load_bank()
    rng = random.Random(seed)
    fingerprint = bank.fingerprint()
    folder.mkdir(parents=True, exist_ok=True)
    coded = 0
    for i in range(n):
        student, p = f"s{i:05d}", rng.betavariate(5, 2)
        answers = {}
        for exercise_id, exercise in bank.items():
            if rng.random() < 0.05 or (exercise.type == "code" and not code):
                continue
            given = answer(rng, exercise.for_learner(student), p, student)
            coded += exercise.type == "code"
            answers[exercise_id] = {"answer": given, "time": "2025-03-01T10:00:00+00:00"}
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "student": student,
            "created": f"2025-03-01T{10 + i % 10}:00:00+00:00",
            "course_version": course.__version__,
            "bank_fingerprint": fingerprint,
            "answers": answers,
        }
        (folder / f"{student}.json").write_text(json.dumps(doc), encoding="utf-8")
    return coded


MEASURE = """
import json, resource, sys, time
from course.instructor.gradebook import Gradebook
from course.instructor.batch import grade_folder
folder, book, jobs, isolation = sys.argv[1], sys.argv[2], int(sys.argv[3]) or None, sys.argv[4]
started = time.perf_counter()
with Gradebook(book) as gradebook:
    run = grade_folder(folder, gradebook, jobs=jobs, progress=False, isolation=isolation)
seconds = time.perf_counter() - started
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"seconds": seconds, "graded": run.graded, "rejected": len(run.rejected),
                  "cpu": cpu, "self_mb": me.ru_maxrss / 1024, "child_mb": kids.ru_maxrss / 1024}))
"""


def measure(folder: Path, jobs: int, isolation: str = "os") -> dict:
    """Grade ``folder`` into a new gradebook in a fresh process; its timing and peak memory."""
    book = folder.parent / f"{folder.name}.sqlite"
    for stale in folder.parent.glob(f"{book.name}*"):  # a repeated N: a new gradebook again
        stale.unlink()
    command = [sys.executable, "-c", MEASURE, str(folder), str(book), str(jobs), isolation]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def machine() -> str:
    """nproc, CPU model and Python version, for the README."""
    model = "unknown CPU"
    if Path("/proc/cpuinfo").is_file():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average before the run {load}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=["nocode", "code", "code-process"],
        default=["nocode", "code", "code-process"],
    )
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    args = parser.parse_args(argv)
    print(machine())
    print(
        f"{'N':>6} {'mode':>12} {'seconds':>8} {'subs/s':>7} {'CPU s':>7} "
        f"{'subs/CPU-s':>10} {'CPU ms/sub':>10} {'parent MB':>9} {'child MB':>8} "
        f"{'code':>6} {'code/s':>7}"
    )
    work = Path(tempfile.mkdtemp(prefix="pm-course-bench-"))
    try:
        for n in args.n:
            for mode in args.modes:
                folder = work / f"{mode}-{n}"
                coded = make_class(folder, n, code=mode != "nocode")
                r = measure(folder, args.jobs, "process" if mode == "code-process" else "os")
                assert r["graded"] == n and r["rejected"] == 0, r
                print(
                    f"{n:>6} {mode:>12} {r['seconds']:>8.2f} {n / r['seconds']:>7.0f} "
                    f"{r['cpu']:>7.1f} {n / r['cpu']:>10.0f} {1000 * r['cpu'] / n:>10.3f} "
                    f"{r['self_mb']:>9.0f} {r['child_mb']:>8.0f} {coded:>6} "
                    f"{coded / r['seconds']:>7.1f}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
