"""One running fork server (``hook.py``, ``child.py`` and ``serve.py`` of this package run
as one program by ``python -I -S``), directly or inside bubblewrap."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.sandbox import bwrap, cgroup
from course.sandbox.jobs import ANSWER_BYTES, read_reply, too_big

CHILD_CODE = "\n".join(  # one program: the audit hook, a job's child, the serving loop
    Path(__file__).with_name(name).read_text(encoding="utf-8")
    for name in ("hook.py", "child.py", "serve.py")
)
GRACE_S = 5.0  # extra time the parent allows the fork server beyond a job's own limit


class ForkServer:
    """A running fork server in its own session.

    Parameters:
        isolation: ``"process"`` (a plain child process in a temporary folder)
            or ``"os"`` (inside bubblewrap, see :mod:`course.sandbox.bwrap`).
        preload: load the modules learners often import once, for a server
            that serves many jobs.
    """

    def __init__(self, isolation: str, preload: bool = False) -> None:
        if not sys.executable:
            raise RuntimeError("course.sandbox needs sys.executable to start Python")
        flags = ("--preload",) if preload else ()
        if isolation == "os":  # a fresh fork per answer; bubblewrap mounts no /proc at all
            flags += ("--zygote",)
        else:  # /proc would show this server's pipes to the children
            flags += ("--not-dumpable",)
        self.served = 0  # answers served so far
        self.stderr = tempfile.TemporaryFile()
        streams = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": self.stderr}
        self.workdir = None
        self.group = None  # the sandbox's cgroup: limits per answer (course.sandbox.cgroup)
        if isolation == "os":
            self.group = cgroup.new_group()
            wrapper = self.group.wrapper() if self.group else ()
            try:
                self.process = bwrap.start(CHILD_CODE, flags, wrapper, **streams)
            except BaseException:
                if self.group:
                    self.group.close()
                raise
        else:
            self.workdir = tempfile.mkdtemp(prefix="pm-course-sandbox-")
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-B", "-X", "utf8", "-c", CHILD_CODE, *flags],
                cwd=self.workdir,
                env={"PATH": os.defpath},
                start_new_session=True,
                **streams,
            )
        self.poller = select.poll()  # unlike select(), fine with descriptors above 1023
        self.poller.register(self.process.stdout.fileno(), select.POLLIN)

    def ask(
        self, payload: bytes, time_s: float, budget: int = ANSWER_BYTES, memory_mb: int = 256
    ) -> tuple[dict, bool]:
        """Send one job and wait for its reply; returns (reply, server still usable).

        A reply frame over ``budget`` bytes is not read at all (and the server is
        no longer usable); see :func:`course.sandbox.jobs.read_reply` for the rest.
        In a cgroup, all the answer's processes together get ``memory_mb``."""
        if self.group is None:
            return self._ask(payload, time_s, budget)
        self.group.limit(memory_mb)
        killed = self.group.oom_kills()
        reply, healthy = self._ask(payload, time_s, budget)
        if reply.get("error") is not None and self.group.oom_kills() > killed:
            reply["error"] = f"used more than {memory_mb} MB of memory (all its processes together)"
        return reply, healthy

    def _ask(self, payload: bytes, time_s: float, budget: int) -> tuple[dict, bool]:
        deadline = time.monotonic() + time_s + GRACE_S
        try:
            self.process.stdin.write(payload)
            self.process.stdin.flush()
            size = int.from_bytes(self._read(4, deadline), "big")
            if size > budget:
                return {"error": too_big("results", ANSWER_BYTES), "bytes": 0}, False
            return read_reply(self._read(size, deadline)), True
        except TimeoutError:
            return {"error": f"timed out after {float(time_s)} s (the sandbox hung)"}, False
        except (OSError, EOFError, ValueError, RecursionError):
            return {"error": f"the sandbox process failed: {self._last_words()}"}, False

    def send(self, frame: bytes) -> bool:
        """Send a frame that gets no reply; returns whether the server took it."""
        try:
            self.process.stdin.write(frame)
            self.process.stdin.flush()
            return True
        except OSError:
            return False

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
        lines = self.stderr.read(4096).decode(errors="replace").strip().splitlines()
        return lines[-1][:200] if lines else "it stopped without a message"

    def close(self) -> None:
        """End the server (it exits at the end of its input; else it is killed with its
        whole process group, for bwrap the whole sandbox) and clean up."""
        try:
            self.process.stdin.close()  # a healthy server exits, and is reaped
            self.process.wait(timeout=1)
        except (OSError, subprocess.TimeoutExpired):
            pass  # a broken pipe, or a server that hangs: killed below
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
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        if self.group is not None:
            self.group.close()
