"""Grade a folder of submission files into the gradebook, in parallel across cores.

For example (not run as a doctest: it works on real course files)::

    with Gradebook("class.sqlite") as book:
        run = grade_folder("submissions/", book)
    run.graded, run.rejected
    # (212, [])

The files are cut into chunks; a pool of worker processes (one per core) runs
each chunk through the stages of :mod:`course.instructor.pipeline`; the parent alone writes
the gradebook, one transaction per chunk, in the order the chunks were handed
out, so a run killed at any moment loses at most the chunks in flight, and the
next run skips what is already recorded. At most two chunks per worker are in
flight, so memory does not grow with the number of files. Workers exit by
themselves if the parent dies (even by SIGKILL).
"""

from __future__ import annotations

import collections
import concurrent.futures as futures
import contextlib
import dataclasses
import hashlib
import itertools
import json
import math
import multiprocessing
import os
import stat
import threading
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from course.core import submission
from course.core.bank import Bank, has_keys, load_bank
from course.errors import UsageError
from course.instructor.gradebook import Gradebook
from course.instructor.identity import rebuild_current
from course.instructor.pipeline import context, grade_files, warmed
from course.instructor.records import Rejected, as_text


@dataclass
class RunSummary:
    """What one grading run did: counts, rejections and warnings, by file."""

    files: int = 0
    graded: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    owners_checked: bool = False
    graded_hashes: set[str] = field(default_factory=set)
    dropped: int = 0

    def add(self, outcome) -> None:
        if outcome is None:
            self.unchanged += 1
        elif isinstance(outcome, Rejected):
            self.rejected.append((outcome.path, outcome.reason))
        else:
            self.graded += 1
            self.graded_hashes.add(outcome.sha256)
            self.warnings += [(outcome.path, w) for w in outcome.warnings]


MAX_FOLDER_DEPTH = 32  # subfolders below the submissions folder that are looked into


def shared_exchange(folder: str | os.PathLike) -> bool:
    """Whether ``folder`` is a shared exchange: learners write into it, so it has the
    sticky or setgid bit (docs/running-a-class.md makes it so: mode 3753)."""
    return bool(os.stat(folder).st_mode & (stat.S_ISVTX | stat.S_ISGID))


def scan(folder: str | os.PathLike) -> tuple[list[str], list[tuple[str, str]]]:
    """``(files, problems)``: the submission files under ``folder``, and ``(path, reason)``
    for everything named like one that is not a regular file (a FIFO, a device, a
    symbolic link, a folder named ``*.json``), for every name that is not UTF-8, for
    folders nested deeper than ``MAX_FOLDER_DEPTH`` and for every subfolder that cannot
    be read. Nothing is opened, so nothing can block; symbolic links are not followed;
    the walk keeps its own stack, so no depth of folders can stop it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; pass the folder of submission files")
    found, problems = [], []
    stack = [(str(folder), 0)]
    while stack:
        root, depth = stack.pop()
        try:
            with os.scandir(root) as entries:
                listed = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
        except OSError as error:
            problems.append((as_text(root), f"cannot read this folder: {error.strerror}"))
            continue
        for name, is_dir in listed:
            path = os.path.join(root, name)
            if not is_text(name):
                if is_dir or name.endswith(".json"):
                    problems.append((as_text(path), NOT_UTF8_NAME))
                continue
            if is_dir and not name.startswith("."):
                if depth + 1 > MAX_FOLDER_DEPTH:
                    problems.append(
                        (
                            path,
                            f"folders nested over {MAX_FOLDER_DEPTH} deep: "
                            "not looked into; move the files up",
                        )
                    )
                else:
                    stack.append((path, depth + 1))
            if not name.endswith(".json") or name.startswith("."):
                continue
            try:
                regular = stat.S_ISREG(os.lstat(path).st_mode)
            except OSError:
                regular = False
            if regular:
                found.append(path)
            else:
                problems.append((path, submission.not_a_file(path)))
    return sorted(found), sorted(problems)


NOT_UTF8_NAME = (
    "file name is not UTF-8: not graded; rename the file (pm-course submit names files "
    "<student>-<time>.json)"
)


def is_text(name: str) -> bool:
    """Whether a file name (as ``os`` decodes it) is UTF-8 text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(path: str) -> str:
    """``path`` safe to print: control characters (newlines, terminal escapes) escaped.

    >>> shown("a\\nb\\x1b[2J.json")
    'a\\\\nb\\\\x1b[2J.json'
    """
    if path.isprintable():
        return path
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)


def grading_key(bank: Bank) -> str:
    """A hash of everything grading depends on: the whole bank with keys, and our version."""
    from course.core.version import __version__

    data = {i: e.data for i, e in sorted(bank.items())}
    blob = json.dumps([__version__, data], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def require_keys(bank: Bank) -> None:
    """Refuse to grade with a student release's bank: it has no keys."""
    keyless = [i for i, e in bank.items() if not has_keys(e)]
    if keyless:
        raise UsageError(
            f"The bank at {bank.folder} is a student release: {', '.join(keyless[:3])} "
            "carry no keys. Grade with the course's full bank (--bank DIR)."
        )


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def grade_folder(
    folder: str | os.PathLike,
    gradebook: Gradebook,
    *,
    bank: Bank | None = None,
    jobs: int | None = None,
    max_bytes: int = submission.MAX_BYTES,
    progress: bool | Callable[[int, int], None] = True,
    regrade: bool = False,
    isolation: str = "os",
    trust_file_names: bool = False,
) -> RunSummary:
    """Grade every submission file under ``folder`` into ``gradebook``.

    Parameters:
        folder: the folder of submission files (``*.json``, subfolders too).
        gradebook: an open :class:`Gradebook`; a chunk at a time is written to it.
        bank: the full exercise bank (default: the course's).
        jobs: worker processes (default: one per core; 1 grades in this process).
        max_bytes: larger files are rejected unread.
        progress: show a progress bar (on a terminal) that advances per file; or a
            callable ``progress(done, total)`` called after each file.
        regrade: grade files the gradebook already holds, too, and rebuild each
            student's current submission from the files graded now: a file removed
            from ``folder`` (or rejected now) no longer counts.
        trust_file_names: on a shared exchange (a sticky or setgid folder), take each
            file's ``student`` as it says, without comparing it with the file's owner.
        isolation: how code answers run: ``"os"`` (bubblewrap, the default) or
            ``"process"`` (see :mod:`course.sandbox`).
    """
    started = time.perf_counter()
    bank = bank if bank is not None else load_bank()
    require_keys(bank)
    files, problems = scan(folder)
    key = grading_key(bank)
    gradebook.set_exercises(bank, key)
    done = frozenset() if regrade else gradebook.done(key)
    check_owners = shared_exchange(folder) and not trust_file_names
    summary = RunSummary(files=len(files) + len(problems), owners_checked=check_owners)
    not_files = [Rejected(path, reason) for path, reason in problems]
    gradebook.record(not_files, key)
    for outcome in not_files:
        summary.add(outcome)
    jobs = jobs or default_jobs()
    with _progress_bar(len(files), progress) as bar:
        chunks = graded_chunks(files, bank, max_bytes, done, jobs, isolation, check_owners)
        for outcomes in chunks:
            gradebook.record([o for o in outcomes if o is not None], key)
            for outcome in outcomes:
                summary.add(outcome)
                bar.update(1)
    seen = files + [path for path, _ in problems]
    gradebook.settle_rejections(str(Path(folder)), seen, [path for path, _ in summary.rejected])
    if regrade:
        summary.dropped = rebuild_current(gradebook, str(Path(folder)), summary.graded_hashes)
    summary.seconds = time.perf_counter() - started
    return summary


def _progress_bar(total: int, shown):
    """A tqdm bar on a terminal, a callback's stand-in, or none (tqdm is not even imported)."""
    if callable(shown):
        done = itertools.count(1)
        return contextlib.nullcontext(
            types.SimpleNamespace(update=lambda n: shown(next(done), total))
        )
    if not shown:
        return contextlib.nullcontext(types.SimpleNamespace(update=lambda n: None))
    from tqdm import tqdm

    return tqdm(total=total, unit="file", disable=None)


def chunk_size(n: int, jobs: int) -> int:
    """Files per chunk: several chunks per worker (so the bar moves), at most 100 files."""
    return max(1, min(100, math.ceil(n / (jobs * 4))))


def graded_chunks(
    files: list[str],
    bank: Bank,
    max_bytes: int,
    done: frozenset,
    jobs: int,
    isolation="os",
    check_owners: bool = False,
):
    """Yield the outcomes of ``files``, a chunk at a time, from ``jobs`` processes.

    Chunks are yielded in the order they were handed out, so the gradebook
    records each worker's chunks in the order it graded them: a record may
    leave out an answer row its worker handed out with an earlier chunk.
    """
    size = chunk_size(len(files), jobs)
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    if jobs == 1 or len(chunks) == 1:
        _init_worker(bank, max_bytes, done, isolation, check_owners, watch_parent=False)
        for chunk in chunks:
            yield grade_chunk(chunk)
        return
    forked = multiprocessing.get_start_method() == "fork"
    if forked:  # the workers inherit the context made here, its caches warm: no reloading
        _init_worker(bank, max_bytes, done, isolation, check_owners, watch_parent=False)
    init = (None if forked else bank, max_bytes, done, isolation, check_owners)
    with futures.ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=init) as pool:
        pending: collections.deque = collections.deque()
        for chunk in chunks:
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
            pending.append(pool.submit(grade_chunk, chunk))
        while pending:
            yield pending.popleft().result()


_WORKER: dict = {}


def _init_worker(
    bank: Bank | None,
    max_bytes: int,
    done: frozenset,
    isolation: str = "os",
    check_owners: bool = False,
    watch_parent: bool = True,
) -> None:
    """Set up grading once per worker process: a new context for ``bank`` (a copy, when
    the workers do not fork), or with None the one the parent made before forking this
    worker, caches warm; exit if the parent dies (even by SIGKILL)."""
    if bank is not None:
        ctx = context(bank, max_bytes, done, isolation)
        ctx = dataclasses.replace(ctx, check_owners=check_owners)
        _WORKER["ctx"] = warmed(ctx)
    if watch_parent:
        parent = os.getppid()
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def grade_chunk(paths: list[str]) -> list:
    """Grade a chunk of files in a worker: their outcomes, in order."""
    return grade_files(paths, _WORKER["ctx"])
