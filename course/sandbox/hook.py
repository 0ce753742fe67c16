"""The audit hook of the sandbox's children: a friendly first line, not the wall.

It refuses, with a clear message, what a curious learner might try in a code
exercise: opening files outside the standard library, starting processes,
sockets, signals, ctypes, tracing. CPython's audit hooks are not a security
boundary (an extension module loaded under another name, or a subinterpreter,
gets around them), so the isolation level ``os`` does not depend on this: the
bubblewrap sandbox and its seccomp filter hold whatever gets past it.

``course/sandbox/server.py`` runs this file's text followed by ``child.py``'s
as one program; it imports nothing from the course.
"""

import os
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PROCESSES = "starting processes"
BLOCKED_EVENTS = {
    **dict.fromkeys(
        ["subprocess.Popen", "os.system", "os.fork", "os.forkpty", "pty.spawn"], PROCESSES
    ),
    **dict.fromkeys(["os.kill", "os.killpg", "signal.pthread_kill"], "sending signals"),
    **dict.fromkeys(["resource.setrlimit", "resource.prlimit"], "changing resource limits"),
    **dict.fromkeys(
        ["gc.get_objects", "gc.get_referrers", "gc.get_referents"], "inspecting the heap"
    ),
    **dict.fromkeys(["sys.settrace", "sys.setprofile"], "tracing"),
    **dict.fromkeys(["sqlite3.connect", "dbm.open", "sqlite3.load_extension"], "opening files"),
    **dict.fromkeys(
        "os.remove os.rename os.rmdir os.mkdir os.symlink os.link os.chmod os.chown os.truncate "
        "os.utime os.chflags os.lchflags os.setxattr os.removexattr os.putenv os.unsetenv".split(),
        "changing files",
    ),
}
BLOCKED_PREFIXES = (
    ("socket.", "using sockets"),
    ("ctypes.", "using ctypes"),
    ("os.exec", PROCESSES),
    ("os.spawn", PROCESSES),
    ("os.posix_spawn", PROCESSES),
)
BLOCKED_IMPORTS = {
    "_ctypes": "using ctypes",
    "_posixsubprocess": PROCESSES,
    "_posixshmem": "using shared memory",
    "_multiprocessing": PROCESSES,
    "_xxsubinterpreters": "starting interpreters",
    "_xxinterpchannels": "starting interpreters",
    "_testcapi": "using CPython test hooks",
    "_testinternalcapi": "using CPython test hooks",
}


def groups(table: dict) -> tuple:
    """``{name: reason}`` as ``((frozenset of names, reason), ...)``: immutable all through."""
    reasons = dict.fromkeys(table.values())
    return tuple((frozenset(k for k, v in table.items() if v == r), str(r)) for r in reasons)


def install_audit_hook(roots: tuple[str, ...]) -> None:
    """Block files, processes, sockets and ctypes for the rest of this process.

    The hook allows read-only opens below ``roots`` (the standard library,
    minus site-packages). It runs no learner code, and its frame (which a
    traceback exposes) holds only immutable values (tuples, frozensets,
    strings, built-in functions): no dict or mappingproxy whose comparison
    would hand out the table, no globals, no module attributes, no function the
    learner could patch; tracing, which could rewrite a frame's variables, is
    blocked.
    """
    str_type, bytes_type, int_type, type_of, is_sub = str, bytes, int, type, issubclass
    as_str, decode, join = str.__str__, bytes.decode, str.join
    startswith, split = str.startswith, str.split
    # Frozensets in tuples, copied into this closure: nothing a learner can reach
    # through the hook's frame (a refused call's traceback shows it) can be changed.
    events, imports = groups(BLOCKED_EVENTS), groups(BLOCKED_IMPORTS)
    blocked_events = frozenset(BLOCKED_EVENTS)
    denied, prefixes = PermissionError, tuple((str(p), str(w)) for p, w in BLOCKED_PREFIXES)
    write_flags, hidden = int(WRITE_FLAGS), ("..", "site-packages", "dist-packages")
    roots = tuple(str(root) for root in roots)

    def hook(event: str, args: tuple) -> None:
        if event == "import":  # args: module name, file of an extension module or None, ...
            name, reason = split(as_str(args[0]), ".")[0], None
            for names, why in imports:  # inline: a helper function's code could be replaced
                reason = why if reason is None and name in names else reason
            if reason:
                raise denied(f"{reason} is not allowed in code exercises")
            if args[1] is None:
                return
            path, allowed, verb = args[1], True, "loading"
        elif event in ("open", "os.listdir", "os.scandir", "glob.glob"):
            path, verb = args[0], "opening" if event == "open" else "listing"
            allowed = event != "open" or type_of(args[2]) is int_type and not args[2] & write_flags
        else:
            reason = None
            if event in blocked_events:
                for names, why in events:
                    reason = why if reason is None and event in names else reason
            for prefix, why in prefixes:
                if reason is None and startswith(event, prefix):
                    reason = why
            if reason:
                raise denied(f"{reason} is not allowed in code exercises ({event})")
            return
        if is_sub(type_of(path), bytes_type):
            path = decode(path, "utf-8", "surrogateescape")
        elif is_sub(type_of(path), str_type):
            path = as_str(path)
        else:  # a file descriptor, or an object whose methods the learner wrote
            path, allowed = f"fd {path}" if type_of(path) is int_type else "(not a path)", False
        allowed = allowed and startswith(path, "/")
        parts = [part for part in split(path, "/") if part and part != "."]
        for part in parts:
            allowed = allowed and part not in hidden
        clean, inside = "/" + join("/", parts), False
        for root in roots:
            inside = inside or clean == root or startswith(clean, root + "/")
        if not (allowed and inside):
            raise denied(f"{verb} files is not allowed in code exercises: {path}")

    sys.addaudithook(hook)
