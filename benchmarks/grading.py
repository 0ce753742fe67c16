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

``--baseline REF`` grades the same classes with another commit of the project too
(exported with ``git archive`` into a temporary folder; it must have this tree's
module layout), alternating the two trees for every N and mode, so both sets of
figures come from one run on the same machine at the same load. Where this process
may make a cgroup (root on cgroup v1 ``cpuacct`` or v2), ``all CPU s`` is the CPU
time of the grading process and everything it started, sandboxes included (whose
processes are reaped inside their own PID namespaces, so ``CPU s`` misses them);
``all CPU ms/code`` divides it by the code answers. On a shared machine the CPU
figures hold far better than the wall-clock ones.
"""

from __future__ import annotations

import argparse
import contextlib
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


def measure(folder: Path, jobs: int, isolation: str = "os", tree: Path | None = None) -> dict:
    """Grade ``folder`` into a new gradebook in a fresh process (with the project in
    ``tree``, else this one); its timing, peak memory and, where a cgroup can be made,
    the CPU time of all its processes (``all_cpu``, else None)."""
    book = folder.parent / f"{folder.name}.sqlite"
    for stale in folder.parent.glob(f"{book.name}*"):  # a repeated N: a new gradebook again
        stale.unlink()
    command = [sys.executable, "-c", MEASURE, str(folder), str(book), str(jobs), isolation]
    with cpu_group() as group:
        if group is not None:  # sh moves itself into the group, then becomes the grader
            command = ["/bin/sh", "-c", MOVE_IN, "sh", group.procs, *command]
        # run from the work folder: ``python -c`` puts the current folder first on sys.path
        done = subprocess.run(
            command, capture_output=True, text=True, env=env_for(tree), cwd=folder.parent
        )
        if done.returncode:
            raise RuntimeError(f"grading failed ({done.returncode}): {done.stderr[-2000:]}")
        result = json.loads(done.stdout)
        result["all_cpu"] = group.seconds() if group is not None else None
    return result


MOVE_IN = 'echo $$ > "$1" || exit 125; shift; exec "$@"'


class CpuGroup:
    """A cgroup that counts the CPU time of whatever runs in it and its descendants."""

    def __init__(self, folder: Path, version: int) -> None:
        self.folder, self.version = folder, version
        self.procs = str(folder / "cgroup.procs")

    def seconds(self) -> float:
        if self.version == 1:
            return int((self.folder / "cpuacct.usage").read_text()) / 1e9
        stat = dict(line.split() for line in (self.folder / "cpu.stat").read_text().splitlines())
        return int(stat["usage_usec"]) / 1e6


@contextlib.contextmanager
def cpu_group():
    """A new :class:`CpuGroup` (removed afterwards), or None where none can be made."""
    name = f"pm-course-bench-{os.getpid()}-{time.monotonic_ns()}"
    for parent, version in (("/sys/fs/cgroup/cpuacct", 1), ("/sys/fs/cgroup", 2)):
        folder = Path(parent) / name
        usage = "cpuacct.usage" if version == 1 else "cpu.stat"
        try:
            folder.mkdir()
        except OSError:
            continue
        if not (folder / usage).exists():
            folder.rmdir()
            continue
        try:
            yield CpuGroup(folder, version)
        finally:
            for _ in range(100):  # the grader's last processes may still be leaving
                try:
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)
        return
    yield None


def env_for(tree: Path | None) -> dict:
    """The environment that makes a Python process import the project from ``tree``."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


def export(ref: str, into: Path) -> Path:
    """The tree of commit ``ref`` of this checkout, written into ``into``."""
    root = Path(__file__).resolve().parent.parent
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", ref], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def class_for(tree: Path | None, folder: Path, n: int, code: bool) -> int:
    """:func:`make_class` with the project (its bank) from ``tree`` (None: this one)."""
    if tree is None:
        return make_class(folder, n, code)
    command = [sys.executable, __file__, "--make-class", str(folder), str(n), str(int(code))]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env_for(tree))
    return int(done.stdout)


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
    parser.add_argument("--baseline", help="a commit to measure beside this tree, alternately")
    args = parser.parse_args(argv)
    print(machine())
    print(
        f"{'tree':>9} {'N':>6} {'mode':>12} {'seconds':>8} {'subs/s':>7} {'CPU s':>7} "
        f"{'CPU ms/sub':>10} {'all CPU s':>9} {'answers':>7} {'µs/answer':>9} "
        f"{'parent MB':>9} {'child MB':>8} {'code':>6} {'code/s':>7} {'all CPU ms/code':>15}"
    )
    work = Path(tempfile.mkdtemp(prefix="pm-course-bench-"))
    trees: list[tuple[str, Path | None]] = [("this", None)]
    try:
        if args.baseline:
            trees.append((args.baseline[:9], export(args.baseline, work / "baseline")))
        for n in args.n:
            for mode in args.modes:
                for label, tree in trees:
                    folder = work / f"{label}-{mode}-{n}"
                    coded = class_for(tree, folder, n, code=mode != "nocode")
                    isolation = "process" if mode == "code-process" else "os"
                    r = measure(folder, args.jobs, isolation, tree)
                    assert r["graded"] == n and r["rejected"] == 0, r
                    print(row(label, n, mode, r, coded, answers_in(folder)), flush=True)
                    shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after the run {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def answers_in(folder: Path) -> int:
    """How many answers the submissions in ``folder`` hold."""
    return sum(
        len(json.loads(path.read_text(encoding="utf-8"))["answers"])
        for path in folder.glob("*.json")
    )


def row(label: str, n: int, mode: str, r: dict, coded: int, answers: int) -> str:
    """One line of the table."""
    all_cpu = r["all_cpu"]
    shown = f"{all_cpu:>9.1f}" if all_cpu is not None else f"{'-':>9}"
    cpu = all_cpu if all_cpu is not None else r["cpu"]
    per_code = f"{1000 * all_cpu / coded:>15.2f}" if all_cpu is not None and coded else f"{'-':>15}"
    return (
        f"{label:>9} {n:>6} {mode:>12} {r['seconds']:>8.2f} {n / r['seconds']:>7.0f} "
        f"{r['cpu']:>7.1f} {1000 * r['cpu'] / n:>10.3f} {shown} {answers:>7} "
        f"{1e6 * cpu / answers:>9.1f} {r['self_mb']:>9.0f} {r['child_mb']:>8.0f} {coded:>6} "
        f"{coded / r['seconds']:>7.1f} {per_code}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make-class"]:  # a class for another tree (see class_for)
        _, _, where, size, with_code = sys.argv
        print(make_class(Path(where), int(size), code=with_code == "1"))
        sys.exit()
    started = time.perf_counter()
    main()
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
