"""Files only their owner may read: every file ``grade``, ``feedback``, ``report``, ``export``
and ``export-quiz`` writes holds keys, answers or grades.

>>> write_private("report.html", "<html>...</html>")    # mode 0600, replaced whole

A file is written to a temporary file made owner-only (``mkstemp``) in the same folder
and renamed into place, so it is never readable by others, not even for a moment, and
never half-written. :func:`others_can_read` finds the files of a folder (the full bank)
that other users of the machine can read.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


@contextlib.contextmanager
def private_path(out: str | os.PathLike, mode: int = 0o600):
    """A context manager giving a temporary owner-only path beside ``out``; on success it
    gets ``mode`` and replaces ``out`` (a symbolic link there is replaced, never followed),
    on an exception it is removed."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode)  # whatever wrote it (zipfile reopens it): still this mode
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_private(out: str | os.PathLike, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``out``, owner-only (0600), replaced whole."""
    with private_path(out) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
    return Path(out)


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
