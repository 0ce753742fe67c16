"""Run untrusted learner code in a separate, limited process.

A ``code`` exercise asks the learner for a function; the grader and the notebook
widget call it on inputs and compare the results with expected values that only
this (parent) process holds. The learner's code runs in a child of a small fork
server (``course/_sandbox_child.py``) started with ``python -I -S``: it gets the
source, the function name and the arguments as JSON and sends back JSON values.

Example:
    >>> from course.sandbox import run, Limits
    >>> done = run("def add(a, b):\\n    return a + b\\n", "add", [[1, 2], [3, 4]])
    >>> [result.value for result in done.results], done.error
    ([3, 7], None)

Each job runs in a fresh forked child with its own temporary working directory,
resource limits (address space, CPU time, output file size, open files, no core
files), a wall-clock deadline enforced by the server, and an audit hook that
refuses opening files outside the standard library, processes, sockets, signals
and ctypes. Only POSIX systems (Linux, macOS) are supported.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CallResult", "Job", "Limits", "Run", "run", "run_batch"]

_CHILD_CODE = (Path(__file__).with_name("_sandbox_child.py")).read_text(encoding="utf-8")
_GRACE_S = 5.0  # extra time the parent allows the fork server beyond a job's own limit
_WORKERS = min(os.cpu_count() or 1, 4)  # fork servers working in parallel in run_batch


@dataclass(frozen=True)
class Limits:
    """Resource limits for one job.

    Example:
        >>> Limits(time_s=0.5).memory_mb
        256

    Parameters:
        time_s: wall time for all calls of one job together, in seconds.
        memory_mb: address-space limit of the child, in MB.
        output_bytes: how much the learner code may print (stdout and stderr together).
    """

    time_s: float = 2.0
    memory_mb: int = 256
    output_bytes: int = 65536

    def __post_init__(self) -> None:
        if not self.time_s > 0 or not self.memory_mb > 0 or not self.output_bytes >= 0:
            raise ValueError(f"limits must be positive: {self}")


@dataclass(frozen=True)
class CallResult:
    """The outcome of one call of the learner's function.

    Example:
        >>> CallResult(value=[1, 2]).error is None
        True

    Parameters:
        value: the return value, JSON round-tripped (tuples become lists).
        error: one line such as ``"ZeroDivisionError: division by zero"`` if the
            call raised, or ``"returned a set, which is not plain data"``.
    """

    value: object = None
    error: str | None = None


@dataclass(frozen=True)
class Run:
    """The outcome of one job: a result per finished call, and why it stopped early.

    Example:
        >>> Run(results=(), error="timed out after 2.0 s").error
        'timed out after 2.0 s'

    Parameters:
        results: one CallResult per call that finished, in order.
        error: why the whole job stopped early, else None. Then
            ``len(results) < len(calls)`` (unless there are no calls) and the
            caller counts the remaining calls as failed with this reason.
    """

    results: tuple[CallResult, ...]
    error: str | None = None


@dataclass(frozen=True)
class Job:
    """One learner submission to run: source, function name and calls.

    Example:
        >>> Job("def f(x):\\n    return x\\n", "f", [[1], [2]]).limits.time_s
        2.0

    Parameters:
        source: the learner's Python source.
        function: the name of the function the source must define.
        calls: positional-argument lists of plain JSON data.
        limits: the job's resource limits.
    """

    source: str
    function: str
    calls: Sequence[Sequence[object]]
    limits: Limits = Limits()


def run(source: str, function: str, calls, limits: Limits = Limits()) -> Run:  # noqa: B008
    """Run ``function`` from ``source`` once per argument list in ``calls``.

    Example:
        >>> run("def f(x):\\n    return 1 / x\\n", "f", [[2], [0]]).results[1].error
        'ZeroDivisionError: division by zero'

    Parameters:
        source: the learner's Python source.
        function: the name of the function to call.
        calls: a list of positional-argument lists (plain JSON data).
        limits: time, memory and output limits for the whole job.
    """
    return run_batch([Job(source, function, calls, limits)])[0]


def run_batch(jobs: Sequence[Job]) -> list[Run]:
    """Run many jobs through long-lived fork servers; same results as ``run`` on each.

    Example:
        >>> jobs = [Job("def f():\\n    return 1\\n", "f", [[]])] * 2
        >>> [r.results[0].value for r in run_batch(jobs)]
        [1, 1]

    Parameters:
        jobs: the jobs. One fork server per CPU (at most four) takes them in
            turn; every job gets its own forked child, so a job that crashes,
            hangs or sabotages its interpreter does not affect the others.
    """
    if os.name != "posix":
        raise NotImplementedError(
            "course.sandbox runs learner code only on POSIX systems (Linux, macOS); "
            "Windows is not supported"
        )
    payloads = [_payload(job) for job in jobs]
    runs: list[Run] = [Run(results=(), error="not run")] * len(jobs)
    pending = iter(range(len(jobs)))  # shared by the workers; next() is atomic
    stopping, failures = threading.Event(), []

    def work() -> None:
        server: _ForkServer | None = None
        try:
            for index in pending:
                if stopping.is_set():
                    return
                server = server or _ForkServer()
                reply, healthy = server.ask(payloads[index], jobs[index].limits.time_s)
                runs[index] = _to_run(reply, jobs[index])
                if not healthy:
                    server.close()
                    server = None
        except BaseException as error:  # noqa: B036 - raised below, in the calling thread
            failures.append(error)
            stopping.set()
        finally:
            if server is not None:
                server.close()

    workers = [threading.Thread(target=work) for _ in range(min(len(jobs), _WORKERS) - 1)]
    try:
        for worker in workers:
            worker.start()
        work()
    finally:
        stopping.set()  # e.g. on KeyboardInterrupt: the others finish their current job
        for worker in workers:
            worker.join()
    if failures:
        raise failures[0]
    return runs


def _payload(job: Job) -> bytes:
    """The framed JSON message for one job; only source, name, calls and limits."""
    if not isinstance(job.source, str) or not isinstance(job.function, str):
        raise TypeError("Job.source and Job.function must be strings")
    limits = {
        "time_s": float(job.limits.time_s),
        "memory_mb": int(job.limits.memory_mb),
        "output_bytes": int(job.limits.output_bytes),
    }
    message = {"source": job.source, "function": job.function, "limits": limits}
    try:
        message["calls"] = [list(args) for args in job.calls]
        body = json.dumps(message, allow_nan=True).encode()
    except (TypeError, ValueError) as error:
        raise TypeError(f"calls must be lists of plain JSON data: {error}") from None
    return len(body).to_bytes(4, "big") + body


def _to_run(reply: dict, job: Job) -> Run:
    """Turn the fork server's reply into a Run, keeping ``len(results) < len(calls)`` on error."""
    try:
        results = tuple(
            CallResult(error=str(record["e"])) if "e" in record else CallResult(value=record["v"])
            for record in reply.get("results", [])
        )
        error = reply.get("error")
    except (AttributeError, KeyError, TypeError):
        results, error = (), "the sandbox sent a malformed reply"
    if error is None and len(results) != len(job.calls):
        error = f"the sandbox returned {len(results)} results for {len(job.calls)} calls"
    if error is not None:
        results = results[: max(len(job.calls) - 1, 0)]
    return Run(results=results, error=error)


class _ForkServer:
    """A running ``_sandbox_child`` process in its own session and temporary directory."""

    def __init__(self) -> None:
        if not sys.executable:
            raise RuntimeError("course.sandbox needs sys.executable to start Python")
        self.workdir = tempfile.mkdtemp(prefix="pm-course-sandbox-")
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-B", "-X", "utf8", "-c", _CHILD_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            cwd=self.workdir,
            env={"PATH": os.defpath},
            start_new_session=True,
        )
        self.poller = select.poll()  # unlike select(), fine with descriptors above 1023
        self.poller.register(self.process.stdout.fileno(), select.POLLIN)

    def ask(self, payload: bytes, time_s: float) -> tuple[dict, bool]:
        """Send one job and wait for its reply; returns (reply, server still usable)."""
        deadline = time.monotonic() + time_s + _GRACE_S
        try:
            self.process.stdin.write(payload)
            self.process.stdin.flush()
            size = int.from_bytes(self._read(4, deadline), "big")
            return json.loads(self._read(size, deadline)), True
        except TimeoutError:
            return {"error": f"timed out after {float(time_s)} s (the sandbox hung)"}, False
        except (OSError, EOFError, ValueError, RecursionError):
            return {"error": f"the sandbox process failed: {self._last_words()}"}, False

    def _read(self, size: int, deadline: float) -> bytes:
        """Read exactly ``size`` bytes from the server before ``deadline``."""
        data = bytearray()
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not self.poller.poll(left * 1000):
                raise TimeoutError
            chunk = os.read(self.process.stdout.fileno(), size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    def _last_words(self) -> str:
        """The last line the server wrote to stderr (it is reaped only in close())."""
        self.stderr.seek(0)
        lines = self.stderr.read().decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else "it stopped without a message"

    def close(self) -> None:
        """Kill the server's whole process group and remove its directory."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass  # already gone
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            try:
                stream.close()
            except OSError:
                pass  # a broken pipe on a dead server
        shutil.rmtree(self.workdir, ignore_errors=True)
