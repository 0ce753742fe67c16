"""Identity at collection: who handed a submission in, on a shared exchange.

Learners may write into a shared exchange folder (docs/running-a-class.md), so a
file's name and its ``student`` field prove nothing: anyone could write a file
naming anyone. Only its author owns it, though, and the folder's sticky bit keeps
others from renaming or replacing it. So on a shared exchange ``pm-course grade``
counts a file only if its owner's login name is the student id it names, or the
hub's system user for that id (``jupyter-ID`` on The Littlest JupyterHub), the
mapping ``pm-course submit`` uses (:func:`course.core.paths.login_names`).

``--regrade`` then rebuilds each student's current submission from the files graded
in that run (:func:`rebuild_current`): a file staff removed, or rejected now, no
longer counts.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from course.core import paths, submission

_OWNERS: dict[int, str] = {}


def owner_name(uid: int, owners: dict = _OWNERS) -> str:
    """The login name of ``uid`` (memoised in ``owners``)."""
    if uid not in owners:
        import pwd  # POSIX only, as shared exchange folders are

        try:
            owners[uid] = pwd.getpwuid(uid).pw_name
        except KeyError:
            owners[uid] = f"uid {uid} (no such user)"
    return owners[uid]


def owner_problem(path: str, student: str) -> str | None:
    """Why the file ``path`` cannot count as ``student``'s, or None if it can: its owner
    (the folder's sticky bit lets only the owner rename or replace it) is not the student."""
    owner, allowed = owner_name(os.lstat(path).st_uid), paths.login_names(student)
    if owner in allowed:
        return None
    return (
        f"handed in by {owner}, not by {student!r}: on a shared exchange a submission "
        f"counts only if its owner is the student it names ({' or '.join(allowed)}). "
        "If someone handed it in for another, it does not count; if you put the file there "
        "yourself, grade with --trust-file-names"
    )


def rebuild_current(book, folder: str, kept: set[str]) -> int:
    """After a full regrade of ``folder``: each student's current submission, again, from
    the submissions not under ``folder`` and those of ``kept`` (graded in this run). A
    file removed from the folder, or rejected now, no longer counts; its rows stay in
    ``submissions`` as history, marked ``counted = 0`` (assignments skip it too).
    Returns how many students' current submission changed.
    """
    inside = os.path.join(folder, "")
    with book.transaction():
        before = dict(book.db.execute("SELECT student, sha256 FROM current").fetchall())
        best: dict[str, tuple] = {}
        rows = book.db.execute("SELECT id, sha256, student, created, path FROM submissions")
        for sid, sha, student, created, path in rows.fetchall():
            if path.startswith(inside) and sha not in kept:
                continue
            if student not in best or (created, sha) > best[student][1:3]:
                best[student] = (sid, created, sha)
        book.db.execute(
            "UPDATE submissions SET counted = (substr(path, 1, ?) != ? OR sha256 IN "
            "(SELECT value FROM json_each(?)))",
            [len(inside), inside, json.dumps(sorted(kept))],
        )
        book.db.execute("DELETE FROM current")
        book.db.executemany(
            "INSERT INTO current VALUES (?, ?, ?, ?)",
            [(st, sid, created, sha) for st, (sid, created, sha) in best.items()],
        )
    after = {st: sha for st, (_, _, sha) in best.items()}
    return sum(1 for st in before.keys() | after.keys() if before.get(st) != after.get(st))


def hand_in_time(path: str, created: str, check_owners: bool) -> tuple[str, str, str]:
    """``(time, source, warning)``: when the file was handed in, what says so, and a
    warning when the file's own time is well before it reached the exchange.

    On a shared exchange (owners checked) it is the file's status-change time: the kernel
    sets it when ``submit`` links the file in; its owner can move it later, never earlier,
    whereas ``created`` and the modification time are the learner's to write. Elsewhere
    the files are copies, so the learner-written ``created`` is all there is (it cannot be
    in the future, but it can be dated earlier; docs/grading-a-class.md says so).
    """
    if not check_owners:
        return created, "created", ""
    moment = datetime.fromtimestamp(os.lstat(path).st_ctime, UTC)
    shown = moment.isoformat(timespec="microseconds")
    if moment - datetime.fromisoformat(created) > submission.CLOCK_SKEW:
        return (
            shown,
            "file",
            (
                f"handed in {shown[:16].replace('T', ' ')} UTC (the time the file reached the "
                f"exchange), though it says it was written {created[:16].replace('T', ' ')} UTC; "
                "the hand-in time counts for due dates"
            ),
        )
    return shown, "file", ""
