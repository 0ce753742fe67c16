"""The serving loop of the sandbox's fork server: frames in, replies out.

Runs as one program with ``hook.py`` and ``child.py`` before it (see
``course/sandbox/server.py``): it reads each job from stdin, runs it with
``run_job`` and writes the reply to stdout. At the isolation level ``os`` a
pristine zygote forks a fresh answer server per answer (:func:`zygote`).
"""

import gc
import json
import os
import signal
import sys

if "run_job" not in globals():  # else run as one text after child.py (server.py)
    from course.sandbox.child import PRELOAD, run_job


def read_exact(fd: int, size: int) -> bytes | None:
    """Read exactly size bytes from fd, or None at end of file."""
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def answer_one(workdir: str | None, roots: tuple[str, ...]) -> bool | None:
    """Read one job from stdin, run it and write the reply.

    Returns None at end of input, else whether the job said more parts of the
    same answer follow (``"more"``). Everything about the job lives in this frame
    only, so the next job's child, forked after this returns, finds no trace of
    it (not even by walking frames).
    """
    header = read_exact(0, 4)
    body = header and read_exact(0, int.from_bytes(header, "big"))
    if not body:
        return None
    text, _, code = body.partition(b"\0")  # JSON, then the compiled code (jobs.payload)
    job = json.loads(text)
    job["code"] = code  # the child takes it out (learner code finds the code object only)
    del body, text, code
    if job.get("end"):  # the answer stopped before its hidden part: nothing to run or say
        return False
    done = run_job(job, workdir, roots)  # a head line, then one line per call's result
    lines = [json.dumps({"error": done["error"]})] + [json.dumps(r) for r in done["results"]]
    reply = "\n".join(lines).encode()
    os.write(1, len(reply).to_bytes(4, "big"))
    view = memoryview(reply)
    while view:
        view = view[os.write(1, view) :]
    return bool(job.get("more"))


END_OF_INPUT = 3  # exit status of an answer server that found no more jobs


def answer_server(roots: tuple[str, ...]) -> None:
    """Body of a process forked by :func:`zygote`: all parts of one answer, then exit."""
    status = 0
    try:
        while (more := answer_one(None, roots)) is not None and more:
            pass
        if more is None:
            status = END_OF_INPUT
    except BaseException:  # noqa: B036 - the zygote ends the sandbox; the parent sees why
        status = 70
    os._exit(status)


def zygote(roots: tuple[str, ...], filter_fd: int) -> None:
    """Level ``os``: serve each answer from a fresh child of this pristine process.

    This process never reads a job, so no answer server (nor learner code) made
    from it finds another answer's source, inputs or results in its memory. Each
    answer runs in PID and user namespaces of its own (:func:`new_answer`): its
    processes count from 1 again, so nothing an answer starts (threads included)
    moves a counter the next answer could read, and when its server ends the
    kernel ends everything in it before this process learns that it ended. After
    each answer every other process of the sandbox is killed too (``kill(-1)``:
    only this sandbox's PID namespace). If an answer server ends abnormally, this
    process ends too: the parent sees the sandbox end and starts a new one.
    """
    confine = confinement(filter_fd)
    own_namespace = os.getpid() <= 3  # bwrap's init is 1; never kill(-1) outside a sandbox
    while True:
        _, status = os.waitpid(new_answer(roots, confine), 0)
        try:
            if own_namespace:
                os.kill(-1, signal.SIGKILL)
        except OSError:
            pass  # nothing left to kill
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return


def new_answer(roots: tuple[str, ...], confine) -> int:
    """Start the next answer's server, the first process (PID 1) of new user and PID
    namespaces, which confines itself and serves one answer; returns its PID here.

    One ``clone`` with both namespace flags where the machine's call is known: no
    fork of this interpreter's memory but the one; else a fork that unshares the
    namespaces and forks their first process (:func:`one_answer`)."""
    pid = confine.clone()
    if pid == 0:
        serve_confined(roots, confine)
    if pid > 0:
        return pid
    pid = os.fork()
    if pid == 0:
        one_answer(roots, confine)
    return pid


def serve_confined(roots: tuple[str, ...], confine) -> None:
    """Confine this process (never serve an answer unconfined), then serve one answer."""
    try:
        confine()
    except BaseException:  # noqa: B036
        os._exit(72)
    answer_server(roots)


def one_answer(roots: tuple[str, ...], confine) -> None:
    """Body of a process forked by :func:`new_answer`: new user and PID namespaces, whose
    first process (PID 1) confines itself and serves one answer; exit as it did."""
    status = 71
    try:
        confine.unshare(NEW_NAMESPACES)
        pid = os.fork()
        if pid == 0:
            serve_confined(roots, confine)
        _, waited = os.waitpid(pid, 0)
        status = os.WEXITSTATUS(waited) if os.WIFEXITED(waited) else 70
    finally:
        os._exit(status)


NEW_NAMESPACES = 0x10000000 | 0x20000000  # CLONE_NEWUSER | CLONE_NEWPID
# clone(flags, stack, ...) on these machines (on some others the stack comes first)
CLONE_CALL = {"x86_64": 56, "aarch64": 220, "riscv64": 220}.get(os.uname().machine)


def confinement(filter_fd: int):
    """What each answer server does first, in its new namespaces: load the full seccomp
    filter (read here, from ``filter_fd``, once) and drop every capability that the new
    user namespace gave it. A callable; ``.unshare`` makes the namespaces."""
    program = b""
    while chunk := os.read(filter_fd, 65536):
        program += chunk
    os.close(filter_fd)
    if not program or len(program) % 8:
        raise OSError("the sandbox got no seccomp filter for its answers")
    before = set(sys.modules)
    import ctypes

    for name in set(sys.modules) - before:  # so that learner code must import ctypes itself
        del sys.modules[name]
    libc = ctypes.CDLL(None, use_errno=True)

    class Program(ctypes.Structure):  # struct sock_fprog
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    code = ctypes.create_string_buffer(program, len(program))
    fprog = Program(len(program) // 8, ctypes.cast(code, ctypes.c_void_p))
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    no_capabilities = (ctypes.c_uint32 * 6)()

    def check(result: int, what: str) -> None:
        if result != 0:
            raise OSError(ctypes.get_errno(), f"{what} failed in the sandbox")

    def confine() -> None:
        check(libc.prctl(38, 1, 0, 0, 0), "PR_SET_NO_NEW_PRIVS")
        check(libc.prctl(22, 2, ctypes.byref(fprog), 0, 0), "loading the seccomp filter")
        check(libc.capset(header, no_capabilities), "dropping capabilities")

    confine.unshare = lambda flags: check(libc.unshare(flags), "making the answer's namespaces")
    # clone as fork does, with the interpreter's lock held (PyDLL) and SIGCHLD at exit;
    # -1 where the call is not known or not allowed (the caller forks instead)
    syscall, flags = ctypes.PyDLL(None).syscall, NEW_NAMESPACES | signal.SIGCHLD
    syscall.restype, no = ctypes.c_long, ctypes.c_long(0)
    confine.clone = lambda: (
        syscall(ctypes.c_long(CLONE_CALL), ctypes.c_long(flags), no, no, no, no)
        if CLONE_CALL
        else -1
    )
    return confine


def not_dumpable() -> None:
    """Make this server non-dumpable (Linux): its children, which run as the same
    user, can then neither open ``/proc/<server>/fd/1`` to forge replies nor read
    its memory. The children inherit the flag; a learner may set it back only
    for their own process. (Level ``os`` mounts no ``/proc`` at all.)"""
    before = set(sys.modules)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (ImportError, OSError, AttributeError):
        pass  # not Linux: the isolation level "os" (Linux only) does not rely on it
    for name in set(sys.modules) - before:  # so that learner code must import ctypes itself
        del sys.modules[name]


def serve() -> None:
    """Answer jobs from stdin until the parent closes it."""
    roots = tuple(os.path.normpath(entry) for entry in sys.path if entry.startswith("/"))
    roots = tuple(root for root in roots if "site-packages" not in root)
    if "--not-dumpable" in sys.argv:  # level "process": /proc shows this server to children
        not_dumpable()
    if "--preload" in sys.argv:  # a server that serves many jobs: load once, share by fork
        for name in PRELOAD.split():
            __import__(name)
    gc.freeze()  # the children's garbage collections then leave these objects' pages shared
    if "--zygote" in sys.argv:  # level "os": in a sandbox of our own, read-only
        (fd,) = (int(a.split("=")[1]) for a in sys.argv if a.startswith("--seccomp-fd="))
        zygote(roots, fd)
        return
    number, base = 1, os.getcwd()
    try:
        while answer_one(os.path.join(base, f"job-{number}"), roots) is not None:
            number += 1
    except BrokenPipeError:
        pass  # the parent died
    finally:
        try:
            os.rmdir(base)  # normally the parent removes it; if it died, this does
        except OSError:
            pass


if __name__ == "__main__":
    serve()
