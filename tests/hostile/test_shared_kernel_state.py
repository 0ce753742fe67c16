"""Kernel state that sandboxes could share, and what answers send back (issue 21).

The red team's reproductions (``../shared/reviews/redteam-sandbox-2026-12.md``),
run through the real OS sandbox (bubblewrap, its seccomp filters, its cgroup)
beside honest answers, or through ``pm-course grade``: a hidden check's input
must not reach anything the learner sees, one answer must not hold more memory
or tasks than its own limit, and what answers return must not grow the grader.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import sysconfig

import attacks
import pytest
from grading import support

import course.sandbox
from course.sandbox import Job, Limits, cgroup, run_batch
from course.sandbox.bwrap import NOT_NEEDED

LIMITS = Limits(time_s=3.0)
HONEST = "def f(x):\n    return x * 2\n"


@pytest.fixture(autouse=True)
def os_sandbox():
    support.require_os_sandbox()


def honest_results(runs) -> list:
    return [[c.value for c in r.results] for r in runs]


# --- the pid counter (pid-counter-channel) --------------------------------------------

# The hidden call's argument is the secret: its child starts that many threads, which
# used to move the sandbox's pid counter; the next answer's visible child says its pid.
PID_WRITER = """
import threading
def f(x):
    for _ in range(x):
        thread = threading.Thread(target=int)
        thread.start()
        thread.join()
    return 0
"""
PID_READER = "import os\ndef f(x):\n    raise RuntimeError('PIDMARK %d' % os.getpid())\n"


def pids_seen_after(secret: int, monkeypatch) -> list[str]:
    monkeypatch.setattr(course.sandbox, "_WORKERS", 1)  # one sandbox serves them all
    jobs = [Job(PID_WRITER, "f", [[0], [secret]], LIMITS, hidden_from=1)]
    jobs += [Job(PID_READER, "f", [[1]], LIMITS), Job(HONEST, "f", [[4], [5]], LIMITS, 1)]
    writer, reader, honest = run_batch(jobs, "os")
    assert writer.error is None and [c.value for c in writer.results] == [0, 0]
    assert honest_results([honest]) == [[8, 10]]
    return [c.error for c in reader.results]


def test_a_hidden_input_cannot_move_the_pid_the_next_answer_sees(monkeypatch):
    seen = {secret: pids_seen_after(secret, monkeypatch) for secret in (3, 40)}
    # each answer has a PID namespace of its own: its first child is always pid 2
    assert seen == {3: ["RuntimeError: PIDMARK 2"], 40: ["RuntimeError: PIDMARK 2"]}


# Only the zygote may make an answer's namespaces; learner code past the audit hook may
# not make its own (a new PID namespace would give it a pid counter of its own again)
NAMESPACE_MAKER = (
    attacks.UNHOOKED
    + '''
def f(x):
    raise ValueError(unhooked("""
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
def refused(result):
    if result == 0:
        os._exit(0)  # a clone's child: it got through
    if result < 0:
        raise OSError(ctypes.get_errno(), "refused")
    return result
# with CLONE_FS, which the kernel refuses beside CLONE_NEWUSER as invalid (EINVAL): only
# the filter says EPERM (PermissionError) first
probe("clone", lambda: refused(libc.syscall(56, 0x30000000 | 0x200 | 17, 0, 0, 0, 0)))
probe("unshare", lambda: libc.unshare(0x30000000) == 0 or refused(-1))
"""))
'''
)


def test_learner_code_cannot_make_namespaces_the_zygote_may():
    """The zygote's filter lets it clone or unshare exactly a user and PID namespace per
    answer; the answer's own filter, on top, refuses both to learner code."""
    said = run_batch([Job(NAMESPACE_MAKER, "f", [[1]], LIMITS)], "os")[0].results[0].error
    assert "UNHOOKED-RAN" in said and "clone no PermissionError" in said, said
    assert "unshare no PermissionError" in said, said
    honest = run_batch([Job(HONEST, "f", [[1], [2]], LIMITS, 1)], "os")
    assert honest_results(honest) == [[2, 4]]


# --- locks on the shared read-only runtime files (flock-cross-sandbox) ----------------

LOCKED = [os.path.join(sysconfig.get_paths()["stdlib"], name) for name in ("os.py", "abc.py")]
LOCKER = f"""
import fcntl, time
def f(x):
    files = [open(path, "rb") for path in {LOCKED!r}]
    if x:  # the hidden call: lock the files for a while, as the attack's bits
        fcntl.flock(files[0], fcntl.LOCK_SH)
        fcntl.lockf(files[1], fcntl.LOCK_SH)
        time.sleep(1.5)
    return 0
"""
TESTER = f"""
import fcntl, struct, time
def f(x):
    time.sleep(0.6)  # the other sandbox's hidden child holds its locks now
    files = [open(path, "rb") for path in {LOCKED!r}]
    seen = []
    lock = struct.pack("hhqqi", 1, 0, 0, 0, 0)  # F_WRLCK, the whole file
    for how, test in (
        ("flock", lambda: fcntl.flock(files[0], fcntl.LOCK_EX | fcntl.LOCK_NB)),
        ("getlk", lambda: fcntl.fcntl(files[1], fcntl.F_GETLK, lock)),
        ("ofd", lambda: fcntl.fcntl(files[1], 36, lock)),  # F_OFD_GETLK
    ):
        try:
            test()
            seen.append(how + " worked")
        except OSError as error:
            seen.append(how + " " + type(error).__name__)
    raise RuntimeError(", ".join(seen))
"""


def test_files_shared_by_two_sandboxes_cannot_be_locked(monkeypatch):
    monkeypatch.setattr(course.sandbox, "_WORKERS", 2)  # two sandboxes at once
    jobs = [Job(LOCKER, "f", [[0], [1]], LIMITS, hidden_from=1), Job(TESTER, "f", [[0]], LIMITS)]
    locker, tester = run_batch(jobs, "os")
    assert locker.results[0].value == 0
    assert locker.results[1].error == "PermissionError"  # flock is refused (EPERM)
    assert tester.results[0].error == (
        "RuntimeError: flock PermissionError, getlk PermissionError, ofd PermissionError"
    )
    honest = run_batch([Job(HONEST, "f", [[1], [2]], LIMITS, 1)] * 2, "os")
    assert honest_results(honest) == [[2, 4], [2, 4]]


WATCHERS = (
    attacks.UNHOOKED
    + '''
def f(x):
    raise ValueError(unhooked("""
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
probe("inotify", lambda: libc.inotify_init1(0) >= 0 or 1 / 0)
probe("sysinfo", lambda: libc.sysinfo(ctypes.create_string_buffer(128)) == 0 or 1 / 0)
"""))
'''
)


def test_watches_and_host_wide_counters_are_refused_past_the_audit_hook():
    """inotify on the shared files and sysinfo()'s host process count carry signals too."""
    said = run_batch([Job(WATCHERS, "f", [[1]], LIMITS)], "os")[0].results[0].error
    assert "UNHOOKED-RAN" in said and "inotify no" in said and "sysinfo no" in said


# --- memory and tasks per answer (fork-memory) ----------------------------------------

FORK_HOG = (
    attacks.UNHOOKED
    + '''
def f(x):
    raise ValueError(unhooked("""
import os, time
out_r, out_w = os.pipe()
for _ in range(6):
    if os.fork() == 0:
        block = bytearray(150 << 20)
        for i in range(0, len(block), 4096):
            block[i] = 1
        os.write(out_w, b"h")  # holding 150 MB now
        time.sleep(3)
        os._exit(0)
os.close(out_w)
time.sleep(2.5)
os.set_blocking(out_r, False)
try:
    held = len(os.read(out_r, 100))
except BlockingIOError:
    held = 0
print("HELD", held)
"""))
'''
)


def test_a_forking_memory_hog_gets_its_answer_limit_in_all():
    if cgroup.base() is None:
        pytest.skip(f"not tested here: {cgroup.describe()}")
    limits = Limits(time_s=8.0, memory_mb=200)
    hog, *honest = run_batch(
        [Job(FORK_HOG, "f", [[1]], limits)] + [Job(HONEST, "f", [[3]], LIMITS)] * 2, "os"
    )
    said = hog.error or hog.results[0].error
    assert "UNHOOKED-RAN" in said
    held = int(said.split("HELD ")[1].split()[0])
    # 200 MB for the answer + 64 MB for the sandbox: one child of 150 MB at a time
    assert held <= 1, said
    assert honest_results(honest) == [[6], [6]]


def test_threads_and_processes_are_counted_per_answer():
    if cgroup.base() is None:
        pytest.skip(f"not tested here: {cgroup.describe()}")
    source = (
        "import threading, time\nthreading.stack_size(65536)\ndef f(x):\n    n = 0\n"
        "    try:\n        for _ in range(200):\n"
        "            threading.Thread(target=time.sleep, args=(1,)).start()\n"
        "            n += 1\n    except RuntimeError:\n        pass\n    return n\n"
    )
    jobs = [Job(source, "f", [[1]], LIMITS), Job(HONEST, "f", [[1]], LIMITS)]
    many, honest = run_batch(jobs, "os")
    assert many.results[0].value == cgroup.TASKS - 1  # and the answer's own thread
    assert honest_results([honest]) == [[2]]


# --- the runtime's own files -----------------------------------------------------------

PEEK = """
import os, sysconfig
def f(stdlib):
    seen = {}
    for name in NOT_NEEDED:
        folder = os.path.join(stdlib, name)
        try:
            seen[name] = len(os.listdir(folder))
        except OSError as error:
            seen[name] = type(error).__name__
    try:
        open(os.path.join(stdlib, "test", "test_tomllib", "__init__.py")).read()
        seen["read"] = "read"
    except OSError as error:
        seen["read"] = type(error).__name__
    return seen
""".replace("NOT_NEEDED", repr(NOT_NEEDED))


def test_the_runtime_test_suite_and_its_data_are_not_in_the_sandbox():
    stdlib = sysconfig.get_paths()["stdlib"]
    there = [name for name in NOT_NEEDED if os.path.isdir(os.path.join(stdlib, name))]
    assert "test" in there  # else this test shows nothing
    (run,) = run_batch([Job(PEEK, "f", [[stdlib]], LIMITS)], "os")
    seen = run.results[0].value
    assert all(seen[name] in (0, "FileNotFoundError") for name in NOT_NEEDED), seen
    assert seen["read"] == "FileNotFoundError"


# --- what answers return, and the grader's memory (result-memory-bomb) -----------------

BOMB = "def project_duration(tasks):\n    # {n}\n    return [[] for _ in range(240000)]\n"
MEASURE = """
import resource, sys
from course.cli import main
code = main(sys.argv[1:])
print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


def grader_rss(folder, book) -> tuple[int, subprocess.CompletedProcess]:
    command = [sys.executable, "-c", MEASURE, "grade", str(folder), "--gradebook", str(book)]
    command += ["--bank", str(support.BANK), "--quiet", "--jobs", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    rss = [int(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("MAXRSS")]
    assert rss, done.stdout + done.stderr
    return rss[0], done


def test_answers_returning_megabytes_do_not_grow_the_grader(tmp_path):
    for kind in ("honest", "bombs"):
        for n in range(7):
            doc = support.submission(f"{kind}-{n}")
            if kind == "bombs":
                doc["answers"]["duration"]["answer"] = BOMB.replace("{n}", str(n))
            support.write(tmp_path / kind, doc, f"{kind}-{n}.json")
    base, _ = grader_rss(tmp_path / "honest", tmp_path / "honest.sqlite")
    bombed, done = grader_rss(tmp_path / "bombs", tmp_path / "bombs.sqlite")
    assert done.returncode == 0, done.stdout + done.stderr
    # before the caps: some 20 MB more for each of these answers (140 MB for the 7)
    assert bombed - base < 15_000, (base, bombed)  # kB
    with sqlite3.connect(tmp_path / "bombs.sqlite") as db:
        rows = db.execute("SELECT feedback FROM answers").fetchall()
        students = db.execute("SELECT COUNT(*) FROM current").fetchone()[0]
    said = json.dumps([row[0] for row in rows])
    assert students == 7 and said.count("returned results of more than 16 KiB as JSON") >= 7, said[
        :500
    ]


def test_the_grader_checks_sizes_before_parsing():
    """The grader's own check, for a sandbox that broke its side of the protocol."""
    from course.sandbox.jobs import MAX_LINE, read_reply

    line = json.dumps({"v": [[]] * MAX_LINE}).encode()
    reply = read_reply(b'{"error": null}\n{"v": 1}\n' + line)
    assert reply["results"] == [{"v": 1}]
    assert reply["error"] == "returned a value of more than 4 KiB as JSON"


def test_the_audit_hook_tables_cannot_be_cleared_through_comparisons():
    source = """
import os
class Grab:
    got = []
    def __eq__(self, other):
        Grab.got.append(other)
        return False
def f(x):
    try:
        os.listdir("/")
    except PermissionError as error:
        tb = error.__traceback__
        while tb.tb_next:
            tb = tb.tb_next
        for value in list(tb.tb_frame.f_locals.values()):
            value == Grab()
    cleared = set()
    for got in Grab.got:
        if hasattr(got, "clear"):
            got.clear()
            cleared.add(type(got).__name__)
    try:
        os.system("true")
        return ["os.system ran", sorted(cleared)]
    except PermissionError:
        return ["refused", sorted(cleared)]
"""
    (run,) = run_batch([Job(source, "f", [[1]], LIMITS)], "os")
    # only the hook's scratch list of path parts, remade on every call, has a clear()
    assert run.results[0].value == ["refused", ["list"]]
