"""The isolation level ``os``: the fork server inside bubblewrap, with a seccomp filter.

bubblewrap (``bwrap``, Debian package ``bubblewrap``; the sandbox Flatpak uses)
starts the server in new user, PID, network, IPC, UTS and mount namespaces, as
uid and gid 65534 with no capabilities, in its own session, killed with its
parent. Its file system is an empty tmpfs with, read-only, only what Python
needs: the shared libraries (``/usr/lib``), the interpreter, and the standard
library with every ``site-packages``/``dist-packages`` folder hidden under an
empty tmpfs. So the course, the bank, the submissions, the gradebook and the
home folder are not there at all. There is no ``/proc``: learner code sees no
process, not even the sandbox's own (so it cannot reach the fork server's
pipes through ``/proc/<pid>/fd``). Nothing is writable, not even the working
folder ``/job``, so a job cannot leave a file for the next.

As a second layer, a seccomp filter (built with ``pyseccomp`` on libseccomp)
refuses system calls no exercise needs and that could reach outside: tracing
(``ptrace``, ``process_vm_*``), ``pidfd_*``, device and FIFO nodes
(``mknod*``), mounts, namespaces (``unshare``, ``setns``, ``clone`` with
namespace flags), System V and POSIX message queues and shared memory (which
would outlive a job), keyrings, BPF, perf, io_uring, kernel modules, and the like;
and kernel state two sandboxes share: locks, leases and watches on the
read-only host files bound into every sandbox (``flock``, ``fcntl`` lock
commands, ``inotify_*``) and the host-wide counters of ``sysinfo``. The filter
comes in two layers: bubblewrap loads one for the whole sandbox that lets the
zygote make one user and PID namespace per answer (``clone`` or ``unshare`` with
exactly those two namespace flags), and each answer server
loads the full one on top before it reads a job (``course/sandbox/serve.py``).
Each sandbox runs in a cgroup of its own where one can be made
(:mod:`course.sandbox.cgroup`).

One sandbox serves many answers (the fork server's ``--zygote`` mode, see
``course/sandbox/child.py``): each answer gets a fresh fork of a process that
never read any job, and everything else in the sandbox is killed after it.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

INSTALL = (
    "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install "
    "bubblewrap) and libseccomp (apt-get install libseccomp2), on Linux with user namespaces"
)
REFUSED = (
    "ptrace process_vm_readv process_vm_writev pidfd_open pidfd_send_signal pidfd_getfd "
    "mknod mknodat mount umount2 pivot_root chroot move_mount open_tree fsopen fsmount "
    "fsconfig fspick mount_setattr unshare setns keyctl add_key request_key bpf "
    "perf_event_open userfaultfd kexec_load kexec_file_load init_module finit_module "
    "delete_module io_uring_setup io_uring_enter io_uring_register personality acct "
    "swapon swapoff reboot settimeofday clock_settime adjtimex iopl ioperm "
    "name_to_handle_at open_by_handle_at fanotify_init quotactl syslog kcmp "
    "process_madvise lookup_dcookie vhangup "
    "shmget shmat msgget msgsnd semget semop semtimedop mq_open "
    # kernel state shared with other sandboxes through the host's inodes, or host-wide:
    # locks and watches on the read-only runtime files, the host's process count and RAM
    "flock inotify_init inotify_init1 inotify_add_watch fanotify_mark sysinfo"
).split()
# fcntl commands that lock, lease or watch a file (F_GETLK, F_SETLK, F_SETLKW, their
# open-file-description forms, F_SETLEASE, F_GETLEASE, F_NOTIFY): a lock one sandbox
# takes on a shared read-only file, another could test
FCNTL_REFUSED = (5, 6, 7, 36, 37, 38, 1024, 1025, 1026)
NEW_PID_NAMESPACE = 0x10000000 | 0x20000000  # CLONE_NEWUSER | CLONE_NEWPID
# Parts of a standard library no exercise needs, hidden under empty folders: the
# runtime's own test suite and its data files, IDLE, Tk, the bundled pip and setuptools
NOT_NEEDED = (
    "test idlelib tkinter turtledemo ensurepip lib2to3/tests unittest/test ctypes/test "
    "distutils/tests sqlite3/test"
).split()
NAMESPACE_FLAGS = 0x7E020000  # CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
TIOCSTI = 0x5412  # pushes characters into a terminal's input


@functools.lru_cache(maxsize=2)
def seccomp_filter(zygote: bool = False) -> bytes:
    """The BPF program of the filter, built once per process (raises OSError if impossible).

    With ``zygote``, the outer filter bubblewrap loads for the whole sandbox: the
    same, except that ``unshare(CLONE_NEWUSER | CLONE_NEWPID)`` (those flags
    exactly) and ``clone`` with those two namespace flags together and no other
    are allowed, so that the zygote can give each answer a PID namespace of its
    own. Each answer server loads the full filter (``zygote`` false) on top,
    before it reads a job, so learner code never may."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError, AttributeError) as error:  # OSError: no libseccomp.so
        raise OSError(f"the seccomp library is missing ({error})") from None
    refuse = seccomp.ERRNO(errno.EPERM)
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in REFUSED:
        if zygote and name == "unshare":
            rules.add_rule(refuse, name, seccomp.Arg(0, seccomp.NE, NEW_PID_NAMESPACE))
            continue
        try:
            rules.add_rule(refuse, name)
        except (RuntimeError, ValueError, OSError):
            pass  # a call this architecture does not have
    for bit in range(32):
        if NAMESPACE_FLAGS >> bit & 1:
            flag = 1 << bit
            if zygote and flag & NEW_PID_NAMESPACE:  # one of the two without the other
                pair = seccomp.Arg(0, seccomp.MASKED_EQ, NEW_PID_NAMESPACE, flag)
                rules.add_rule(refuse, "clone", pair)
                continue
            rules.add_rule(refuse, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    # clone3 passes its flags in memory a filter cannot read: ENOSYS makes the C
    # library fall back to clone, whose flags the rules above check
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    rules.add_rule(refuse, "ioctl", seccomp.Arg(1, seccomp.MASKED_EQ, 0xFFFFFFFF, TIOCSTI))
    for command in FCNTL_REFUSED:
        rules.add_rule(refuse, "fcntl", seccomp.Arg(1, seccomp.EQ, command))
    with tempfile.TemporaryFile() as file:
        rules.export_bpf(file)
        file.seek(0)
        return file.read()


def _python_paths() -> tuple[list[str], list[str]]:
    """(read-only paths Python needs beyond /usr/lib, package folders to hide)."""
    executable = os.path.realpath(sys.executable)
    paths = [executable]
    if sysconfig.get_config_var("Py_ENABLE_SHARED"):
        library = sysconfig.get_config_var("INSTSONAME") or sysconfig.get_config_var("LDLIBRARY")
        libdir = sysconfig.get_config_var("LIBDIR")
        if library and libdir and os.path.exists(os.path.join(libdir, library)):
            paths.append(os.path.realpath(os.path.join(libdir, library)))
    for key in ("stdlib", "platstdlib"):
        base = {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}
        paths.append(os.path.realpath(sysconfig.get_paths(vars=base)[key]))
    hide, stdlibs = [], {p for p in paths[1:] if os.path.isdir(p)}
    for root in stdlibs | {"/usr/lib"}:
        for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
            inner = os.path.join(root, name)
            if name in ("site-packages", "dist-packages"):
                hide.append(inner)
            elif name.startswith("python") and os.path.isdir(inner):
                hide += [os.path.join(inner, d) for d in ("site-packages", "dist-packages")]
                stdlibs.add(inner)  # another Python's standard library, under /usr/lib
    for stdlib in stdlibs:  # the runtime's own tests and their data, IDLE, Tk, bundled pip
        hide += [os.path.join(stdlib, extra) for extra in NOT_NEEDED]
    hide = [h for h in hide if os.path.isdir(h) and not os.path.islink(h)]
    return list(dict.fromkeys(paths)), sorted(set(hide))


def command(child_code: str, flags: tuple[str, ...] = (), seccomp_fd: int = 3) -> list[str]:
    """The bwrap command line that starts the fork server (outer seccomp filter on
    ``seccomp_fd``; the server reads the inner one from a descriptor ``flags`` name)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise OSError(f"bubblewrap (bwrap) is not installed; {INSTALL}")
    paths, hide = _python_paths()
    argv = [bwrap, "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534"]
    argv += ["--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv"]
    argv += ["--setenv", "PATH", "/nonexistent", "--hostname", "sandbox"]
    for system in ("/usr/lib", "/usr/lib64", "/usr/lib32"):
        if os.path.isdir(system):
            argv += ["--ro-bind", system, system]
    for link in ("/lib", "/lib64", "/lib32"):
        if os.path.islink(link):
            argv += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            argv += ["--ro-bind", link, link]
    for path in paths:
        argv += ["--ro-bind", path, path]
    for path in hide:
        argv += ["--tmpfs", path, "--remount-ro", path]
    argv += ["--dev", "/dev"]  # and no /proc: nothing to see of any process, not even its own
    argv += ["--tmpfs", "/job", "--chdir", "/job"]
    # nothing in the sandbox is writable: one job cannot leave a file for the next
    argv += ["--remount-ro", "/job", "--remount-ro", "/dev", "--remount-ro", "/"]
    argv += ["--seccomp", str(seccomp_fd), "--", os.path.realpath(sys.executable)]
    return argv + ["-I", "-S", "-B", "-X", "utf8", "-c", child_code, *flags]


def start(
    child_code: str, flags: tuple[str, ...] = (), wrapper: tuple[str, ...] = (), **streams
) -> subprocess.Popen:
    """Start the fork server in bubblewrap; ``streams`` go to :class:`subprocess.Popen`.

    bubblewrap loads the zygote's filter (:func:`seccomp_filter` with ``zygote``);
    the full one is on a descriptor named by ``--seccomp-fd=N`` among the server's
    flags, which each answer server loads for itself. ``wrapper`` runs first and
    execs the rest (see :mod:`course.sandbox.cgroup`)."""
    programs = [seccomp_filter(zygote=True), seccomp_filter()]
    ends = []
    try:
        for program in programs:  # some 1-2 KB each, far less than a pipe holds
            read_end, write_end = os.pipe()
            ends.append(read_end)
            os.write(write_end, program)
            os.close(write_end)
        outer, inner = ends
        argv = command(child_code, (*flags, f"--seccomp-fd={inner}"), outer)
        return subprocess.Popen(
            [*wrapper, *argv],
            pass_fds=(outer, inner),
            start_new_session=True,
            env={"PATH": os.defpath},
            **streams,
        )
    finally:
        for end in ends:
            os.close(end)


@functools.lru_cache(maxsize=1)
def missing() -> str | None:
    """Why the level ``os`` cannot be used here (with how to fix it), or None if it can."""
    if not sys.platform.startswith("linux"):
        return f"the OS sandbox (bubblewrap) exists on Linux only, not on {sys.platform}"
    if shutil.which("bwrap") is None:
        return f"bubblewrap (bwrap) is not installed; {INSTALL}"
    try:
        process = start(  # what each answer needs: a user and PID namespace of its own
            "import ctypes, sys; sys.exit(ctypes.CDLL(None).unshare(0x30000000) != 0)",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, err = process.communicate(timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"cannot start the OS sandbox ({error}); {INSTALL}"
    if process.returncode != 0:
        said = err.decode(errors="replace").strip().splitlines()
        why = said[-1] if said else f"exit code {process.returncode}"
        if process.returncode == 1 and not said:
            why = "a sandbox cannot make a user namespace inside its own"
        return (
            f"bubblewrap cannot start a sandbox here ({why}); user namespaces may be switched "
            "off (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces) or "
            "forbidden in this container"
        )
    return None
