"""Limits per answer, not per process: each OS sandbox in a cgroup of its own.

A sandbox serves one answer at a time (its zygote forks the next answer's server
only after the last one and everything it started are gone), so a cgroup around
the sandbox limits each answer as a whole: all its processes and threads together
get the answer's memory limit (plus :data:`OWN_MB` for the sandbox's own
processes) and at most :data:`TASKS` tasks at once. ``RLIMIT_AS`` still limits
each process on its own.

Where the cgroup comes from, tried in order (the first that works is used by the
whole run; :func:`describe` says which, for ``pm-course grade``'s isolation line):

* **cgroup v2** with the ``memory`` and ``pids`` controllers at the root of the
  cgroup2 mount (a root grader on a systemd machine, e.g. a CI runner): a group
  ``pm-course-<pid>-<n>`` there, one child per sandbox.
* **cgroup v1** with the ``memory`` and ``pids`` hierarchies, writable under the
  grader's own groups (a root grader on a machine that mounts v1).
* **none** (an unprivileged grader without a delegated cgroup, macOS, a
  container without them): the per-process limits only; :func:`describe` says so.

The grader moves the sandbox in before bubblewrap starts (``sh`` writes its own
pid to the group's ``cgroup.procs``, then execs bwrap), so nothing in the sandbox
ever runs outside it, and nothing in the sandbox can reach the cgroup files.
"""

from __future__ import annotations

import functools
import itertools
import os
import signal
import time

OWN_MB = 64  # bwrap, its init and the zygote (some 25 MB), above each answer's own limit
OWN_TASKS = 4  # bwrap, its init, the zygote and an answer's server (which the zygote clones
# into the answer's namespaces; where that call is unknown, a helper forks it and takes one
# of the answer's tasks: see course/sandbox/serve.py, new_answer)
TASKS = 32  # tasks (processes and threads) an answer's learner code may have at once
CONTROLLERS = ("memory", "pids")
_names = itertools.count(1)
# sh moves itself into each group named before "--", then becomes the command after it
MOVE_IN = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'


def _mounts() -> tuple[str | None, dict[str, str]]:
    """(the cgroup2 mount point or None, {v1 controller: its mount point})."""
    v2, v1 = None, {}
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as file:
            for line in file:
                fields = line.split()
                if " - " not in line:
                    continue
                after = line.split(" - ", 1)[1].split()
                if after[0] == "cgroup2" and v2 is None:
                    v2 = fields[4]
                elif after[0] == "cgroup" and len(after) > 2:
                    for option in after[2].split(","):
                        if option in CONTROLLERS:
                            v1.setdefault(option, fields[4])
    except OSError:
        pass
    return v2, v1


def _own_groups() -> dict[str, str]:
    """{controller or "": this process's cgroup path} from /proc/self/cgroup."""
    groups = {}
    try:
        with open("/proc/self/cgroup", encoding="utf-8") as file:
            for line in file:
                _, controllers, path = line.rstrip("\n").split(":", 2)
                for name in controllers.split(",") if controllers else [""]:
                    groups[name] = path
    except (OSError, ValueError):
        pass
    return groups


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as file:
        file.write(text)


def _read(path: str) -> str:
    with open(path, encoding="ascii") as file:
        return file.read()


def _remove(folder: str) -> None:
    """Remove a group (and its children), killing whatever is still in it."""
    for child in os.listdir(folder) if os.path.isdir(folder) else []:
        if os.path.isdir(os.path.join(folder, child)):
            _remove(os.path.join(folder, child))
    for attempt in range(50):
        try:
            os.rmdir(folder)
            return
        except FileNotFoundError:
            return
        except OSError:
            if attempt == 0 and os.path.exists(os.path.join(folder, "cgroup.kill")):
                try:
                    _write(os.path.join(folder, "cgroup.kill"), "1")
                except OSError:
                    pass
            try:
                for pid in _read(os.path.join(folder, "cgroup.procs")).split():
                    os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass
            time.sleep(0.01)


def _clear_stale(parent: str) -> None:
    """Remove the groups earlier graders left (workers exit without clean-up)."""
    for name in os.listdir(parent):
        parts = name.split("-")
        if name.startswith("pm-course-") and len(parts) == 4 and parts[2].isdigit():
            try:
                os.kill(int(parts[2]), 0)
            except ProcessLookupError:
                _remove(os.path.join(parent, name))
            except OSError:
                pass


class Base:
    """This process's own group(s), under which each sandbox gets one."""

    def __init__(self, version: int, parents: dict[str, str]) -> None:
        self.version = version
        name = f"pm-course-{os.getpid()}-{time.monotonic_ns() % 10**9}"
        self.folders = {}
        for controller, parent in parents.items():
            if parent in self.folders.values():
                continue
            _clear_stale(parent)
            folder = os.path.join(parent, name)
            os.mkdir(folder, 0o755)
            self.folders[controller] = folder
            if version == 2:
                _write(os.path.join(folder, "cgroup.subtree_control"), "+memory +pids")

    def group(self) -> Group:
        return Group(self, f"sandbox-{next(_names)}")

    def close(self) -> None:
        for folder in self.folders.values():
            _remove(folder)


class Group:
    """One sandbox's cgroup (one folder per hierarchy)."""

    def __init__(self, base: Base, name: str) -> None:
        self.base = base
        self.folders = []
        try:
            for folder in dict.fromkeys(base.folders.values()):
                os.mkdir(os.path.join(folder, name), 0o755)
                self.folders.append(os.path.join(folder, name))
            self.memory_mb = 0
            self.limit(256)
            self._set("pids", "pids.max", str(OWN_TASKS + TASKS))
        except OSError:
            self.close()
            raise

    def _folder(self, controller: str) -> str:
        folders = self.base.folders
        return os.path.join(folders[controller], os.path.basename(self.folders[0]))

    def _set(self, controller: str, name: str, value: str) -> None:
        _write(os.path.join(self._folder(controller), name), value)

    def limit(self, memory_mb: int) -> None:
        """All processes of the sandbox together: ``memory_mb`` + :data:`OWN_MB`, no swap."""
        if memory_mb == self.memory_mb:
            return
        size = str((memory_mb + OWN_MB) << 20)
        if self.base.version == 2:
            self._set("memory", "memory.max", size)
            if os.path.exists(os.path.join(self._folder("memory"), "memory.swap.max")):
                self._set("memory", "memory.swap.max", "0")
        else:  # memsw (memory + swap) must stay >= the memory limit: order matters
            memory = os.path.join(self._folder("memory"), "memory.limit_in_bytes")
            memsw = os.path.join(self._folder("memory"), "memory.memsw.limit_in_bytes")
            order = [memory, memsw] if os.path.exists(memsw) else [memory]
            try:
                for path in order:
                    _write(path, size)
            except OSError:  # raising the limit: memsw first
                for path in reversed(order):
                    _write(path, size)
        self.memory_mb = memory_mb

    def oom_kills(self) -> int:
        """How many processes the kernel killed in this group for want of memory."""
        name = "memory.events" if self.base.version == 2 else "memory.oom_control"
        try:
            for line in _read(os.path.join(self._folder("memory"), name)).splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def wrapper(self) -> tuple[str, ...]:
        """The command prefix that starts a program inside this group."""
        procs = [os.path.join(folder, "cgroup.procs") for folder in self.folders]
        return ("/bin/sh", "-c", MOVE_IN, "sh", *procs, "--")

    def close(self) -> None:
        for folder in self.folders:
            _remove(folder)
        self.folders = []


@functools.lru_cache(maxsize=1)
def base() -> Base | None:
    """This process's base group, made on first use; None when no cgroup can be used."""
    if not os.path.exists("/bin/sh"):
        return None
    v2, v1 = _mounts()
    own = _own_groups()
    tries = []
    if v2:
        try:
            if set(CONTROLLERS) <= set(_read(os.path.join(v2, "cgroup.controllers")).split()):
                tries.append((2, dict.fromkeys(CONTROLLERS, v2)))
        except OSError:
            pass
    if all(c in v1 and c in own for c in CONTROLLERS):
        parents = {c: v1[c] + own[c].rstrip("/") if own[c] != "/" else v1[c] for c in CONTROLLERS}
        tries.append((1, parents))
    for version, parents in tries:
        made = None
        try:
            if version == 2:  # the root's children must get the controllers
                control = _read(os.path.join(v2, "cgroup.subtree_control")).split()
                if not set(CONTROLLERS) <= set(control):
                    _write(os.path.join(v2, "cgroup.subtree_control"), "+memory +pids")
            made = Base(version, parents)
            made.group().close()  # the whole way once: limits can be set
            import atexit

            atexit.register(made.close)
            return made
        except OSError:
            if made is not None:
                made.close()
    return None


def new_group() -> Group | None:
    """A cgroup for one sandbox, or None when none can be made here."""
    made = base()
    if made is None:
        return None
    try:
        return made.group()
    except OSError:
        return None


def describe() -> str:
    """One line on the per-answer limits, for ``pm-course grade``'s isolation line."""
    made = base()
    if made is None:
        return (
            "no cgroup available (grade as root, or on a machine with cgroup v2/v1 memory and "
            "pids controllers), so memory is limited per process only and the number of "
            "processes by the time limit"
        )
    where = ", ".join(sorted(set(made.folders.values())))
    return (
        f"memory and tasks limited per answer (cgroup v{made.version}: the answer's memory "
        f"limit + {OWN_MB} MB for the sandbox, {TASKS} tasks; under {where})"
    )
