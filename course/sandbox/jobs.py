"""What goes into the sandbox and what comes back: jobs, limits, results, and their caps.

Everything that comes back was made by learner code, so it is treated as
hostile: :func:`to_run` checks the shape of the reply, caps every text, and
keeps only the kind of error (a built-in exception's name) for hidden calls.

>>> Job("def f(x):\\n    return x\\n", "f", [[1], [2]], hidden_from=1).visible_calls()
[[1]]
"""

from __future__ import annotations

import builtins
import json
import marshal
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_MESSAGE = 300  # characters of one error message or job error kept
# What the grader keeps of an answer is capped before anything is parsed: the reply
# frames of one answer (visible and hidden part) hold at most ANSWER_BYTES of JSON
# together, and each call's result line at most MAX_LINE (the course's expected values
# take 8-230 bytes, an exercise's all together under 5 KB). A JSON value can take some
# 25 times its size as Python objects, so an answer costs the grader at most ~400 KB.
ANSWER_BYTES = 16 * 1024
MAX_LINE = 4096
# The error kinds a hidden call may report: built-in exception names only, so a
# learner-made class name cannot carry a hidden input out.
ERROR_KINDS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)
# What a job that stopped during its hidden calls may report, by the start of its reason.
HIDDEN_STOPS = (
    ("timed out", "timed out during the hidden checks"),
    ("used more than", "ran out of memory during the hidden checks"),
    ("printed more than", "printed too much during the hidden checks"),
    ("exited with code", "exited during the hidden checks"),
    ("crashed", "crashed during the hidden checks"),
    ("returned", "returned too much data during the hidden checks"),
)


@dataclass(frozen=True)
class Limits:
    """Resource limits for one job.

    Example:
        >>> Limits(time_s=0.5).memory_mb
        256

    Parameters:
        time_s: wall time for all calls of one job together, in seconds (the
            hidden calls of a job get this much again).
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
            call raised, or ``"returned a set, which is not plain data"``; for a
            hidden call only the exception's name, such as ``"KeyError"``.
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
    size: int = field(default=0, compare=False, repr=False)  # bytes of JSON it came in


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
        hidden_from: calls from this index on are hidden checks: they run in a
            separate child, after the others finished (never in the same
            process), and report values and error kinds only.
    """

    source: str
    function: str
    calls: Sequence[Sequence[object]]
    limits: Limits = Limits()
    hidden_from: int | None = None

    def visible_calls(self) -> list:
        """The calls that run first, in the first child."""
        return [list(args) for args in self.calls[: self._split()]]

    def hidden_calls(self) -> list:
        """The calls that run in a second child, after the visible ones."""
        return [list(args) for args in self.calls[self._split() :]]

    def _split(self) -> int:
        return len(self.calls) if self.hidden_from is None else max(self.hidden_from, 0)


def payload(job: Job, calls: list, code: bytes, more: bool = False) -> bytes:
    """The framed message for one part of a job: its function name, calls and limits as
    JSON, then a NUL byte and ``code``, the source compiled here (:func:`compiled`), so
    that no child in the sandbox compiles it again; ``more`` when another part of the
    same job follows (its hidden calls). JSON text never holds a raw NUL."""
    if not isinstance(job.source, str) or not isinstance(job.function, str):
        raise TypeError("Job.source and Job.function must be strings")
    limits = {
        "time_s": float(job.limits.time_s),
        "memory_mb": int(job.limits.memory_mb),
        "output_bytes": int(job.limits.output_bytes),
    }
    message = {"function": job.function, "limits": limits, "calls": calls}
    if more:
        message["more"] = True
    try:
        body = json.dumps(message, allow_nan=True).encode() + b"\0" + code
    except (TypeError, ValueError) as error:
        raise TypeError(f"calls must be lists of plain JSON data: {error}") from None
    return len(body).to_bytes(4, "big") + body


def check_calls(job: Job) -> None:
    """Raise TypeError unless every call is a list of plain JSON data."""
    payload(job, [list(args) for args in job.calls], b"")


def compiled(source: str) -> tuple[bytes, str | None]:
    """``(code, None)``: ``source`` compiled as the sandbox would, as :mod:`marshal` bytes;
    or ``(b"", error)``, the job error of a source that does not compile.

    Compiling runs none of the learner's code, so the grader does it itself, once
    per job: a source that does not compile starts no sandbox, and the children in
    the sandbox load the code object instead of compiling the source again (twice
    per answer, the largest part of an answer's time there).

    >>> compiled("def f(:\\n")
    (b'', 'SyntaxError: invalid syntax (line 1)')
    """
    try:
        code = compile(source, "<code>", "exec", dont_inherit=True, optimize=0)
    except SyntaxError as error:
        where = f" (line {error.lineno})" if error.lineno else ""
        return b"", f"SyntaxError: {error.msg}{where}"[:MAX_MESSAGE]
    except (ValueError, MemoryError, RecursionError) as error:
        return b"", f"{type(error).__name__}: {' '.join(str(error).split())}"[:MAX_MESSAGE]
    return marshal.dumps(code), None


def compile_error(source: str) -> str | None:
    """The job error of a source that does not compile (as the sandbox words it), else None.

    >>> compile_error("def f(:\\n")
    'SyntaxError: invalid syntax (line 1)'
    """
    return compiled(source)[1]


def cap(text: object) -> str:
    """``text`` as one line of at most :data:`MAX_MESSAGE` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 3] + "..."


def error_kind(message: str) -> str:
    """``"KeyError: 'A'"`` -> ``"KeyError"``; anything but a built-in exception's name
    -> ``"an error"``: a learner-made name could spell out a hidden input."""
    kind = message.split(":", 1)[0].strip()
    return kind if kind in ERROR_KINDS else "an error"


def hidden_stop(error: str) -> str:
    """A fixed reason for a job that stopped during its hidden calls (no learner text)."""
    for start, reason in HIDDEN_STOPS:
        if error.startswith(start):
            return reason
    return "stopped during the hidden checks"


def too_big(what: str, limit: int) -> str:
    """The job error for results over a size limit."""
    return f"returned {what} of more than {limit >> 10} KiB as JSON"


def read_reply(body: bytes) -> dict:
    """A reply frame from a server (a head line ``{"error": ...}``, then one line per
    call) as ``{"results": [...], "error": ..., "bytes": size}``. Each line's size is
    checked before it is parsed; a line over :data:`MAX_LINE` ends the results there.
    Raises ValueError or RecursionError on malformed JSON."""
    head, *lines = body.split(b"\n")
    reply: dict = {"results": [], "error": None, "bytes": len(body)}
    if len(head) > MAX_LINE:
        return {**reply, "error": "the sandbox sent a malformed reply"}
    said = json.loads(head)
    reply["error"] = said.get("error") if isinstance(said, dict) else "a malformed reply"
    for line in lines:
        if len(line) > MAX_LINE:
            return {**reply, "error": too_big("a value", MAX_LINE)}
        reply["results"].append(json.loads(line))
    return reply


def to_run(reply: object, ncalls: int, hidden: bool = False) -> Run:
    """Turn a server's reply into a Run, keeping ``len(results) < ncalls`` on error.

    Texts are capped; with ``hidden``, call errors keep their kind only and the
    job error is one of a few fixed reasons.
    """
    try:
        results = tuple(
            CallResult(error=cap(record["e"])) if "e" in record else CallResult(value=record["v"])
            for record in reply.get("results", [])
        )
        error = reply.get("error")
        error = None if error is None else cap(error)
    except (AttributeError, KeyError, TypeError):
        results, error = (), "the sandbox sent a malformed reply"
    if error is None and len(results) != ncalls:
        error = f"the sandbox returned {len(results)} results for {ncalls} calls"
    if error is not None:
        results = results[: max(ncalls - 1, 0)]
    if hidden:
        results = tuple(CallResult(error=error_kind(r.error)) if r.error else r for r in results)
        error = None if error is None else hidden_stop(error)
    size = reply.get("bytes", 0) if isinstance(reply, dict) else 0
    return Run(results=results, error=error, size=size if type(size) is int else 0)


def joined(visible: Run, hidden: Run | None) -> Run:
    """One Run for a job from the runs of its two parts (hidden None: not run)."""
    if hidden is None:
        return visible
    size = visible.size + hidden.size
    return Run(results=visible.results + hidden.results, error=hidden.error, size=size)
