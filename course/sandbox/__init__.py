"""Run untrusted learner code in a separate, limited process, or in an OS sandbox.

A ``code`` exercise asks the learner for a function; the grader and the notebook
widget call it on inputs and compare the results with expected values that only
this (parent) process holds. The learner's code runs in a child of a small fork
server (``course/sandbox/child.py``) started with ``python -I -S``: it gets the
source, the function name and the arguments as JSON and sends back JSON values.

Example:
    >>> from course.sandbox import run, Limits
    >>> done = run("def add(a, b):\\n    return a + b\\n", "add", [[1, 2], [3, 4]])
    >>> [result.value for result in done.results], done.error
    ([3, 7], None)

Two isolation levels (``docs/grading-a-class.md`` explains them):

* ``"os"`` (what ``pm-course grade`` uses): fork servers inside bubblewrap,
  with a seccomp filter (:mod:`course.sandbox.bwrap`): no file of the machine
  but the Python runtime (read-only), no network, no process outside, no
  privilege. Each job is served by a fresh fork of a process that never read a
  job, and everything else in the sandbox is killed after each job, so nothing
  a job leaves behind or sees reaches another.
* ``"process"`` (the learner's own widget, on their own machine): long-lived
  fork servers, each job in a fresh forked child with resource limits and an
  audit hook that refuses files, processes, sockets, signals and ctypes. Audit
  hooks are a courtesy, not a wall: use it only for code you may run anyway.

Either way each job's child has its own working directory, resource limits
(address space, CPU time, output file size, open files, no core files) and a
wall-clock deadline; the hidden calls of a job (``Job.hidden_from``) run in a
second child after the visible ones and report values and error kinds only;
whatever comes back is capped (:mod:`course.sandbox.jobs`). A source that does
not compile is answered without starting any process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

from course.sandbox.jobs import (
    ANSWER_BYTES,
    CallResult,
    Job,
    Limits,
    Run,
    check_calls,
    compiled,
    joined,
    payload,
    to_run,
)
from course.sandbox.server import ForkServer

__all__ = ["CallResult", "Job", "Limits", "Run", "LEVELS", "missing", "run", "run_batch"]

LEVELS = ("os", "process")
DEFAULT_ISOLATION = "process"  # the widget's level; ``pm-course grade`` asks for "os"
_WORKERS = min(os.cpu_count() or 1, 4)  # fork servers working in parallel in run_batch
END = len(b'{"end": true}').to_bytes(4, "big") + b'{"end": true}'  # an answer's last frame


def missing(isolation: str = "os") -> str | None:
    """Why ``isolation`` cannot be used on this machine (and how to fix it), or None."""
    if isolation not in LEVELS:
        raise ValueError(f"unknown isolation level {isolation!r}; use one of {LEVELS}")
    if os.name != "posix":
        return "course.sandbox runs learner code only on POSIX systems (Linux, macOS)"
    if isolation == "os":
        from course.sandbox.bwrap import missing as bwrap_missing

        return bwrap_missing()
    return None


def run(
    source: str,
    function: str,
    calls,
    limits: Limits = Limits(),  # noqa: B008
    isolation: str | None = None,
) -> Run:
    """Run ``function`` from ``source`` once per argument list in ``calls``.

    Example:
        >>> run("def f(x):\\n    return 1 / x\\n", "f", [[2], [0]]).results[1].error
        'ZeroDivisionError: division by zero'

    Parameters:
        source: the learner's Python source.
        function: the name of the function to call.
        calls: a list of positional-argument lists (plain JSON data).
        limits: time, memory and output limits for the whole job.
        isolation: ``"os"`` or ``"process"`` (default: :data:`DEFAULT_ISOLATION`).
    """
    return run_batch([Job(source, function, calls, limits)], isolation)[0]


def run_batch(jobs: Sequence[Job], isolation: str | None = None) -> list[Run]:
    """Run many jobs; the same results as ``run`` on each.

    Example:
        >>> jobs = [Job("def f():\\n    return 1\\n", "f", [[]])] * 2
        >>> [r.results[0].value for r in run_batch(jobs)]
        [1, 1]

    Parameters:
        jobs: the jobs. Up to one fork server per CPU (at most four) works at
            once; every job gets its own forked child (two with hidden calls),
            so a job that crashes, hangs or sabotages its interpreter does not
            affect the others; a job that fails on a server that served earlier
            jobs runs once more on a fresh one, so no job can spoil the next.
        isolation: ``"os"`` or ``"process"`` (default: :data:`DEFAULT_ISOLATION`).
            Raises OSError when the level is not available here (see :func:`missing`).
    """
    isolation = isolation or DEFAULT_ISOLATION
    if problem := missing(isolation):
        raise OSError(problem)
    for job in jobs:
        check_calls(job)
    runs: list[Run | None] = [None] * len(jobs)
    batch = _Batch(jobs, runs, isolation)
    workers = [threading.Thread(target=batch.work) for _ in range(min(len(jobs), _WORKERS) - 1)]
    try:
        for worker in workers:
            worker.start()
        if jobs:
            batch.work()
    finally:
        batch.stopping.set()  # e.g. on KeyboardInterrupt: the others finish their current job
        for worker in workers:
            worker.join()
    if batch.failures:
        raise batch.failures[0]
    return [r if r is not None else Run(results=(), error="not run") for r in runs]


class _Batch:
    """The jobs of one :func:`run_batch`, shared by its worker threads, each with a fork
    server of its own (started on its first job that compiles)."""

    def __init__(self, jobs: Sequence[Job], runs: list, isolation: str) -> None:
        self.jobs, self.runs, self.isolation = jobs, runs, isolation
        self.pending = iter(range(len(jobs)))  # next() is atomic
        self.stopping = threading.Event()
        self.failures: list[BaseException] = []

    def work(self) -> None:
        """Run jobs until none is left (or another thread failed)."""
        server: ForkServer | None = None
        try:
            for index in self.pending:
                if self.stopping.is_set():
                    return
                job = self.jobs[index]
                code, error = compiled(job.source)  # here, once: no child compiles it again
                if error:
                    self.runs[index] = Run(results=(), error=error)
                    continue
                self.runs[index], server = self._run_on(server, job, code)
        except BaseException as error:  # noqa: B036 - raised in the calling thread
            self.failures.append(error)
            self.stopping.set()
        finally:
            if server is not None:
                server.close()

    def _run_on(self, server: ForkServer | None, job: Job, code: bytes):
        """``(run, server to go on with)``: ``job`` on ``server`` (or a new one); once more
        on a fresh server if it failed on one that served earlier jobs."""
        while True:
            server = server or ForkServer(self.isolation, preload=True)
            served = server.served
            run, healthy = _run_job(server, job, code)
            server.served += 1
            if healthy:
                return run, server
            server.close()
            server = None
            if not served:  # a fresh server failed on this job: the job's doing
                return run, None
            # else an earlier job may have sabotaged the server: once more, afresh


def _run_job(server: ForkServer, job: Job, code: bytes) -> tuple[Run, bool]:
    """Run the visible calls of ``job``, then (if they all finished) its hidden ones."""
    visible, hidden_calls = job.visible_calls(), job.hidden_calls()
    memory_mb, time_s = job.limits.memory_mb, job.limits.time_s
    message = payload(job, visible, code, more=bool(hidden_calls))
    reply, healthy = server.ask(message, time_s, memory_mb=memory_mb)
    first = to_run(reply, len(visible))
    if first.error is not None or not hidden_calls or not healthy:
        if first.error is None and hidden_calls:
            first = Run(first.results, "the sandbox stopped before the hidden checks")
        if first.error is not None and hidden_calls and healthy:
            healthy = server.send(END)  # the hidden part will not come
        return first, healthy
    budget = ANSWER_BYTES - first.size  # both parts of an answer together
    message = payload(job, hidden_calls, code)
    reply, healthy = server.ask(message, time_s, budget, memory_mb)
    return joined(first, to_run(reply, len(hidden_calls), hidden=True)), healthy
