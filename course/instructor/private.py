"""Keys kept private: every file ``grade``, ``feedback``, ``report``, ``export`` and
``export-quiz`` writes holds keys, answers or grades, and is written owner-only by
:func:`course.core.files.write_atomic`. Here :func:`others_can_read` finds the files of a
folder (the full bank) that other users of the machine can read, and :func:`bank_warning`
says how to close it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def others_can_read(folder: str | os.PathLike, pattern: str = "*.toml") -> list[Path]:
    """The files matching ``pattern`` in ``folder`` that users other than the owner (and
    the owner's group) can read: the file is readable by others and every folder from
    the root down to it lets others through."""
    folder = Path(folder).resolve()
    for place in (folder, *folder.parents):
        try:
            if not os.stat(place).st_mode & stat.S_IXOTH:
                return []
        except OSError:
            return []
    found = []
    for path in sorted(folder.glob(pattern)):
        try:
            if os.stat(path).st_mode & stat.S_IROTH:
                found.append(path)
        except OSError:
            continue
    return found


def bank_warning(folder: str | os.PathLike) -> str | None:
    """A loud warning, with the fix, when other users can read the full bank in ``folder``."""
    readable = others_can_read(folder)
    if not readable:
        return None
    root = Path(folder).resolve().parent
    return (
        f"WARNING: other users of this machine can read the answer keys: {len(readable)} "
        f"file(s) of the bank {Path(folder).resolve()} (such as {readable[0].name}, mode "
        f"{stat.S_IMODE(os.stat(readable[0]).st_mode):04o}) are readable by all, and so is "
        f"every folder above them. Learners on this server can read every key. Make the "
        f"course private: chmod -R go-rwx {root} (or chmod 700 on your home folder); see "
        "docs/grading-a-class.md, 'Keep the keys private'."
    )
