"""Child side of :mod:`course.sandbox`: a fork server that runs learner code.

``course.sandbox`` starts this file's text (after ``hook.py``'s and before
``serve.py``'s) as ``python -I -S -B -X utf8 -c TEXT``
in an empty temporary directory with an almost empty environment: directly
(isolation level ``process``) or inside bubblewrap (level ``os``, see
``course/sandbox/bwrap.py``). It never imports the course. Protocol on
stdin/stdout: frames of a 4-byte big-endian length and a JSON body.
The parent sends one job at a time::

    {"function": "f", "calls": [[1, 2]], "limits": {...}} NUL code

(the JSON, a NUL byte, and the learner's source as the parent compiled it, in
:mod:`marshal` form: the children load the code object rather than compile it)

and reads the reply before sending the next one::

    {"results": [{"v": 3} or {"e": "ValueError: ..."}, ...], "error": null}

For each job this server forks a child that closes every inherited file,
points stdout/stderr at an anonymous size-limited file, sets resource limits,
installs an audit hook and only then loads and calls the learner's code.
The child writes one JSON line per call on fd 3; the server enforces the wall
clock and kills the child's process group. Expected results never come here.
"""

import json
import marshal
import os
import resource
import select
import signal
import sys
import time

if "install_audit_hook" not in globals():  # else run as one text after hook.py (server.py)
    from course.sandbox.hook import install_audit_hook
# Modules learners often import, loaded once here so forked children share them.
PRELOAD = "bisect collections datetime functools heapq itertools math operator statistics string"

# The grader caps what comes back again (course/sandbox/jobs.py: ANSWER_BYTES, MAX_LINE)
MAX_RESULT_BYTES = 16 * 1024  # JSON of one part's results together
MAX_LINE = 4096  # JSON of one call's result
MAX_DEPTH = 100
TIMED_OUT = "timed out"


def describe(error: BaseException) -> str:
    """One line naming an exception: ``"ZeroDivisionError: division by zero"``."""
    try:
        text = " ".join(str(error).split())
    except BaseException:  # noqa: B036 - learner __str__ may raise anything
        text = "(unprintable message)"
    name = type(error).__name__
    return (f"{name}: {text}" if text else name)[:500]


class Stop(Exception):
    """The whole job ends early with this one-line reason."""


def exit_reason(code: object) -> str:
    """The job error for SystemExit(code), mirroring the interpreter's exit code."""
    status = 0 if code is None else code if type(code) is int else 1
    return f"exited with code {status} before returning"


def guarded(func, *args, memory_mb: int):
    """Call func(*args); return (True, value) or (False, error); raise Stop for exits."""
    try:
        return True, func(*args)
    except SystemExit as error:
        raise Stop(exit_reason(error.code)) from None
    except MemoryError:
        raise Stop(f"used more than {memory_mb} MB of memory") from None
    except BaseException as error:  # noqa: B036 - learner code may raise anything
        return False, error


def not_plain(value: object, depth: int = 0) -> str | None:
    """Describe the first part of value that is not plain JSON data, else None."""
    if value is None or isinstance(value, bool | int | float | str):
        return None
    if depth >= MAX_DEPTH:
        return f"a value nested more than {MAX_DEPTH} levels deep"
    items: list = []
    if isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return with_article(f"dict with {with_article(type(key).__name__)} key")
            items.append(item)
    else:
        return with_article(type(value).__name__)
    for item in items:
        problem = not_plain(item, depth + 1)
        if problem:
            return (
                problem if depth else f"{with_article(type(value).__name__)} containing {problem}"
            )
    return None


def with_article(noun: str) -> str:
    """``"set"`` -> ``"a set"``, ``"int"`` -> ``"an int"``."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def call_record(fn, args: list, memory_mb: int) -> str:
    """Call the learner's function once; the result as one JSON line for the server."""
    ok, value = guarded(fn, *args, memory_mb=memory_mb)
    if not ok:
        return json.dumps({"e": describe(value)})
    problem = guarded(not_plain, value, memory_mb=memory_mb)
    if problem != (True, None):
        reason = problem[1] if problem[0] else "a value that cannot be checked"
        return json.dumps({"e": f"returned {reason}, which is not plain data"})
    ok, text = guarded(json.dumps, value, memory_mb=memory_mb)
    if not ok:
        return json.dumps({"e": f"returned a value that is not JSON data: {describe(text)}"})
    return '{"v": ' + text + "}"


def run_learner_code(job: dict, emit) -> None:
    """Load and define the learner's code, then emit one record per call.

    The parent compiled the source (``course.sandbox.jobs.compiled``) and sent the
    code object as marshal data: loading it costs a small part of compiling again."""
    memory_mb = job["limits"]["memory_mb"]
    try:
        code = marshal.loads(job.pop("code", b""))
    except (ValueError, EOFError, TypeError, MemoryError) as error:
        raise Stop(f"the sandbox could not load the code: {describe(error)}") from None
    if type(code) is not type(describe.__code__):
        raise Stop("the sandbox got no code to run")
    module = type(sys)("solution")
    sys.modules["solution"] = module
    ok, error = guarded(exec, code, module.__dict__, memory_mb=memory_mb)
    if not ok:
        tb, line = error.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<code>":
                line = tb.tb_lineno
            tb = tb.tb_next
        raise Stop(describe(error) + (f" (line {line})" if line else ""))
    name = job["function"]
    fn = module.__dict__.get(name)
    if fn is None:
        raise Stop(f"the code does not define a function named {name!r}")
    if not callable(fn):
        raise Stop(f"{name!r} is not a function but {with_article(type(fn).__name__)}")
    for args in job["calls"]:
        record = call_record(fn, args, memory_mb)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: B036, S110 - overflow is judged by the server
                pass
        emit(record)


def child_main(job: dict, workdir, output_fd: int, result_fd: int, roots: tuple) -> None:
    """Body of the forked child: isolate, limit, hook, run; never returns."""
    write, dumps, exit_now = os.write, json.dumps, os._exit
    status = 0
    try:
        os.setpgid(0, 0)
        os.chdir(workdir or "/job")
        null = os.open(os.devnull, os.O_RDONLY)
        for source, target in ((null, 0), (output_fd, 1), (output_fd, 2), (result_fd, 3)):
            os.dup2(source, target)
        os.closerange(4, 1 << 16)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        set_limits(job["limits"])
        sys.argv = [""]
        install_audit_hook(roots)

        def emit(line: str) -> None:
            data = (line + "\n").encode()
            while data:
                data = data[write(3, data) :]

        try:
            run_learner_code(job, emit)
        except Stop as stop:
            emit(dumps({"stop": str(stop)}))
    except BaseException:  # noqa: B036 - the server reports how the child ended
        status = 70
    exit_now(status)


def set_limits(limits: dict) -> None:
    """Hard resource limits for this process (soft == hard, so they cannot be raised)."""
    cpu = int(limits["time_s"]) + 2
    for kind, value in (
        (resource.RLIMIT_AS, limits["memory_mb"] * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_FSIZE, limits["output_bytes"] + 1),
        (resource.RLIMIT_NOFILE, 32),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(kind, (value, value + 1 if kind == resource.RLIMIT_CPU else value))
        except (ValueError, OSError):
            pass  # e.g. macOS does not enforce RLIMIT_AS; the other limits still hold


def collect(fd: int, deadline: float, ncalls: int) -> tuple[list[dict], str | None, bool]:
    """Read the child's records until it closes the pipe, stops or runs out of time.

    Returns (call records, why the job stopped early or None, whether the child
    ended by itself). The reason is TIMED_OUT if the deadline passed.
    """
    records: list[dict] = []
    buffer, total = bytearray(), 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return records, TIMED_OUT, False
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return records, None, True
        total += len(chunk)
        if total > MAX_RESULT_BYTES:
            return (
                records,
                f"returned results of more than {MAX_RESULT_BYTES >> 10} KiB as JSON",
                False,
            )
        scan_from = len(buffer)
        buffer += chunk
        while (end := buffer.find(b"\n", scan_from)) >= 0:
            line, scan_from = bytes(buffer[:end]), 0
            del buffer[: end + 1]
            if len(line) > MAX_LINE:
                return records, f"returned a value of more than {MAX_LINE >> 10} KiB as JSON", False
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                record = None
            if not isinstance(record, dict) or len(record) != 1:
                return records, "sent malformed results", False
            ((key, value),) = record.items()
            if key == "stop" and isinstance(value, str):
                return records, value, True
            bad_error = key == "e" and not isinstance(value, str)
            if key not in ("v", "e") or bad_error or len(records) == ncalls:
                return records, "sent malformed results", False
            records.append(record)


def reap(pid: int, deadline: float | None) -> int:
    """Wait for the child until ``deadline`` (None: not at all); kill its group; its status."""
    pause = 0.00005
    while deadline is not None and time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(pause)
        pause = min(pause * 2, 0.005)
    else:
        done = 0
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)  # the group too: anything the child may have started
        except OSError:
            pass  # already gone
    return status if done else os.waitpid(pid, 0)[1]


def verdict(status: int, stop: str | None, printed: int, limits: dict) -> str:
    """The job error for an incomplete job, from how the child ended."""
    timed_out = stop == TIMED_OUT
    budget = limits["output_bytes"]
    if printed > budget or os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXFSZ:
        size = f"{budget >> 10} KiB" if budget % 1024 == 0 and budget else f"{budget} bytes"
        return f"printed more than {size}"
    if timed_out or os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
        return f"timed out after {float(limits['time_s'])} s"
    if stop:
        return stop
    if os.WIFEXITED(status):
        return f"exited with code {os.WEXITSTATUS(status)} before returning"
    name = signal.Signals(os.WTERMSIG(status)).name
    return f"crashed (signal {name}) before returning; maybe it ran out of memory or stack"


def run_job(job: dict, workdir: str | None, roots: tuple[str, ...]) -> dict:
    """Fork a child for one job, supervise it and return the reply for the parent.

    ``workdir`` is a new folder for the job, or None for a read-only sandbox
    (level ``os``), where the child works in the read-only ``/job``.
    """
    if workdir is not None:
        os.mkdir(workdir, 0o700)
    output_fd = anonymous_file(workdir or "/job")
    read_fd, write_fd = os.pipe()
    deadline = time.monotonic() + job["limits"]["time_s"]
    pid = os.fork()
    if pid == 0:
        child_main(job, workdir, output_fd, write_fd, roots)
    os.close(write_fd)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass  # the child already did it (or already exited)
    ncalls = len(job["calls"])
    records, stop, ended = [], "the sandbox failed", False
    try:
        records, stop, ended = collect(read_fd, deadline, ncalls)
    finally:
        status = reap(pid, deadline if ended else None)
        printed = os.fstat(output_fd).st_size
        for fd in (read_fd, output_fd):
            os.close(fd)
        if workdir is not None:
            os.rmdir(workdir)
    complete = len(records) == ncalls and not stop and printed <= job["limits"]["output_bytes"]
    if complete:
        return {"results": records, "error": None}
    error = verdict(status, stop, printed, job["limits"])
    return {"results": records[: max(ncalls - 1, 0)], "error": error}


def anonymous_file(workdir: str) -> int:
    """A new file without a name for the child's stdout and stderr."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("output")
    path = os.path.join(workdir, "output")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.unlink(path)
    return fd
