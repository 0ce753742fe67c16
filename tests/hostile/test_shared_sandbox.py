"""One OS sandbox serves many answers: nothing one answer does reaches the next.

Each hostile answer gets past the audit hook first (a fresh interpreter started
with an aliased ``_posixsubprocess``), then tries to reach the answers graded
after it in the same sandbox; the honest answers after it must be graded right.
"""

from __future__ import annotations

import attacks
import pytest
from grading import support

import course.sandbox
from course.sandbox import Job, Limits, run_batch
from course.sandbox.bwrap import _python_paths

HONEST = "import time\ndef f(x):\n    time.sleep(0.1)\n    return x * 2\n"
LIMITS = Limits(time_s=2.0)

LINGER = (
    attacks.UNHOOKED
    + '''
def f(x):
    said = unhooked("""
import os, signal, sys, time
if os.fork():
    print("left a process behind")
    sys.exit(0)
os.setsid()
os.close(1)
os.close(2)
time.sleep(0.05)  # the answer returns; the next ones start
deadline = time.time() + 8
while time.time() < deadline:  # {what}
    for pid in set(range(1, 200)) - {os.getpid()}:
        try:
            os.kill(pid, signal.{signal})
        except OSError:
            pass
    time.sleep(0.005)
""")
    raise ValueError(said)
'''
)

LEAVE_FILES = (
    attacks.UNHOOKED
    + '''
def f(x):
    raise ValueError(unhooked("""
import os, sysconfig
stdlib = sysconfig.get_paths()["stdlib"]
hidden = [folder + "/left" for folder in {hidden}]  # the empty folders over site-packages
for path in ["/job/left", "/left", "/dev/shm/left", "/tmp/left", stdlib + "/left.py", *hidden]:
    probe(path, lambda: open(path, "w").write("from an earlier answer"))
"""))
'''
)

SYSV = (
    attacks.UNHOOKED
    + '''
def f(x):
    raise ValueError(unhooked("""
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
probe("shmget", lambda: libc.shmget(0x1234, 4096, 0o1666) >= 0 or 1 / 0)
probe("msgget", lambda: libc.msgget(0x1234, 0o1666) >= 0 or 1 / 0)
"""))
'''
)

READ_LEFTOVERS = """
import os
def f(x):
    found = []
    hidden = [folder + "/left" for folder in {hidden}]
    for path in ["/job/left", "/left", "/dev/shm/left", "/tmp/left", *hidden]:
        if os.path.exists(path):
            found.append(path)
    return [x * 2, found]
"""


LEAVE_IN_MEMORY = """
import builtins, json, sys
def f(x):
    builtins.LEFT = json.LEFT = sys.LEFT = "from an earlier answer"
    sys.modules["left_behind"] = json
    return [x, hasattr(builtins, "LEFT"), hasattr(json, "LEFT"), "left_behind" in sys.modules]
"""

READ_MEMORY = """
import builtins, json, sys
def f(x):
    seen = {"builtins": hasattr(builtins, "LEFT"), "module": hasattr(json, "LEFT"),
            "sys": hasattr(sys, "LEFT"), "sys.modules": "left_behind" in sys.modules}
    return [x * 2, [name for name, there in seen.items() if there]]
"""


@pytest.fixture(autouse=True)
def one_sandbox(monkeypatch):
    """Every job of a batch through the same sandbox, one after another."""
    support.require_os_sandbox()
    monkeypatch.setattr(course.sandbox, "_WORKERS", 1)


def honest_after(hostile: str) -> list:
    jobs = [Job(hostile, "f", [[1], [2]], LIMITS, hidden_from=1)]
    jobs += [Job(HONEST, "f", [[n], [n + 1]], LIMITS, hidden_from=1) for n in range(5)]
    return run_batch(jobs, "os")


@pytest.mark.parametrize("what", ["SIGKILL", "SIGSTOP"])
def test_a_process_left_behind_cannot_touch_the_next_answers(what):
    hostile = attacks.fill(LINGER, {"what": what, "signal": what})
    first, *rest = honest_after(hostile)
    assert first.results[0].error.startswith("ValueError: UNHOOKED-RAN left a process behind")
    assert [[c.value for c in r.results] for r in rest] == [[2 * n, 2 * n + 2] for n in range(5)]
    assert all(r.error is None for r in rest)


def test_an_answer_cannot_leave_files_for_the_next():
    hidden = _python_paths()[1]
    assert hidden  # at least this interpreter's site-packages
    leave = attacks.fill(LEAVE_FILES, {"hidden": repr(hidden)})
    first, *rest = run_batch(
        [Job(leave, "f", [[1]], LIMITS)]
        + [Job(attacks.fill(READ_LEFTOVERS, {"hidden": repr(hidden)}), "f", [[3]], LIMITS)] * 2,
        "os",
    )
    said = first.results[0].error
    assert "UNHOOKED-RAN" in said and " LEAK" not in said
    assert [r.results[0].value for r in rest] == [[6, []], [6, []]]


def test_an_answer_cannot_leave_memory_for_the_next():
    """Each answer runs in a fresh fork of the pristine server: nothing it set survives it."""
    first, *rest = run_batch(
        [Job(LEAVE_IN_MEMORY, "f", [[1]], LIMITS)] + [Job(READ_MEMORY, "f", [[3]], LIMITS)] * 2,
        "os",
    )
    assert first.results[0].value == [1, True, True, True]  # it did leave them, in its own memory
    assert [r.results[0].value for r in rest] == [[6, []], [6, []]]


def test_system_v_ipc_is_refused():
    said = run_batch([Job(SYSV, "f", [[1]], LIMITS)], "os")[0].results[0].error
    assert "UNHOOKED-RAN" in said and "shmget no" in said and "msgget no" in said


def test_killing_the_whole_sandbox_costs_only_that_answer():
    killer = "import os, signal\ndef f(x):\n    os.kill(-1, signal.SIGKILL)\n"
    first, *rest = honest_after(
        attacks.UNHOOKED + "def f(x):\n    unhooked('import os; os.kill(-1, 9)')\n"
    )
    assert first.error is not None
    assert all(r.error is None for r in rest) and len(rest) == 5
    assert (
        run_batch([Job(killer, "f", [[1]], LIMITS)], "os")[0]
        .results[0]
        .error.startswith("PermissionError")
    )  # the audit hook, as a courtesy, says no first
