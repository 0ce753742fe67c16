"""The answer journal: every Check appended to one JSON Lines file per learner.

>>> journal = Journal(tmp_path / "journal.jsonl")
>>> journal.append({"exercise": "duty-sort", "answer": {}, "score": 0.0})
>>> journal.latest()["duty-sort"]["score"]
0.0

Durability rules, each proven by a test with real processes:

* one ``os.write`` per record on an ``O_APPEND`` descriptor under an exclusive
  ``flock``: two kernels appending at once never interleave or lose records;
* a writer killed mid-append can leave only a torn last line; readers skip it
  with a warning, and the next append starts on a fresh line so it never glues
  onto the torn one;
* a header torn on the very first append (disk full, file-size limit) holds
  no record yet: the next append writes the file afresh;
* a file whose first line is not our header is reported with
  :class:`JournalError` and never written to; a journal path that is not a
  regular file (a FIFO, a device) is refused, never waited on.
"""

from __future__ import annotations

import json
import os
import stat
import warnings
from datetime import UTC, datetime
from pathlib import Path

from course.core import paths
from course.core.submission import check_values
from course.errors import JournalError

try:
    import fcntl
except ImportError:  # Windows: appends are still single writes, but unlocked
    fcntl = None

FORMAT = "pm-course-journal"
VERSION = 1
HEADER = json.dumps({"format": FORMAT, "version": VERSION}) + "\n"
VARIANT = "variant"  # the action of a record that moves an exercise to a new variant


def default_path() -> Path:
    """The learner's journal: ``<PM_COURSE_HOME or user data dir>/journal.jsonl``."""
    return paths.course_home() / "journal.jsonl"


class Journal:
    """An append-only record of a learner's answers.

    Parameters:
        path: the journal file; created (with its folder) on the first append.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_path()

    def _not_ours(self, why: str) -> JournalError:
        return JournalError(
            f"{self.path} is not a pm-course answer journal ({why}), so it was left untouched "
            "and your answers are not being saved. Move that file away (or set PM_COURSE_HOME "
            "to another folder) and run the cell again."
        )

    def append(self, record: dict) -> None:
        """Append one record (plain JSON data); adds ``time`` if absent."""
        record = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), **record}
        line = json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._open(os.O_RDWR | os.O_APPEND | os.O_CREAT)
        try:
            if fcntl:
                fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            start = _read_at(fd, len(HEADER), 0)
            if size < len(HEADER) and HEADER.encode().startswith(start):
                # empty, or a header torn on the first append (disk full, a size limit):
                # nothing of the learner's is in it yet, so it is written afresh
                os.ftruncate(fd, 0)
                line = HEADER + line
            elif start != HEADER.encode():
                raise self._not_ours("its first line is not the journal header")
            elif _read_at(fd, 1, size - 1) != b"\n":
                line = "\n" + line  # a torn last line: never glue onto it
            _write_all(fd, line.encode())
        finally:
            os.close(fd)  # closing releases the lock

    def _open(self, flags: int) -> int:
        """Open the journal without blocking; a FIFO, device or folder is refused."""
        fd = os.open(self.path, flags | os.O_NONBLOCK, 0o600)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise JournalError(
                f"{self.path} is not a regular file (a FIFO, device or folder?), so your answers "
                "are not being saved there. Remove it (or set PM_COURSE_HOME to another folder) "
                "and run the cell again."
            )
        os.set_blocking(fd, True)
        return fd

    def records(self) -> list[dict]:
        """Every readable record, oldest first; torn or garbled lines are skipped with a warning."""
        try:
            fd = self._open(os.O_RDONLY)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise JournalError(
                f"Cannot read {self.path}: {error}. Check its permissions."
            ) from None
        with open(fd, "rb") as file:
            raw = file.read()
        if not raw or (len(raw) < len(HEADER) and HEADER.encode().startswith(raw)):
            return []  # empty, or only a torn header: no record yet
        if not raw.startswith(HEADER.encode()):
            raise self._not_ours("its first line is not the journal header")
        records, skipped = [], 0
        for line in raw[len(HEADER) :].split(b"\n"):
            if not line.strip():
                continue
            try:  # ValueError: bad JSON or UTF-8, an integer of 4,300+ digits, check_values
                record = json.loads(line)
                check_values(record)
            except (ValueError, RecursionError):
                skipped += 1
                continue
            if isinstance(record, dict) and isinstance(record.get("exercise"), str):
                records.append(record)
            else:
                skipped += 1
        if skipped:
            warnings.warn(
                f"{self.path}: skipped {skipped} unreadable line(s), most likely an answer "
                "being saved when its kernel was killed (or a line not written by pm-course); "
                "every other answer is intact.",
                stacklevel=2,
            )
        return records

    def latest(self) -> dict[str, dict]:
        """The newest answer record of each exercise, by exercise id.

        A ``variant`` record (the learner asked for a new variant, "Try a new
        one") holds no answer and is not one: see :meth:`seeds`.
        """
        return {r["exercise"]: r for r in self.records() if r.get("action") != VARIANT}

    def seeds(self, records: list[dict] | None = None) -> dict[str, int]:
        """The variant each exercise was last shown at, by exercise id (0: as written).

        Every Check records its ``seed``; a ``variant`` record moves an exercise
        to a new one. ``records``: these instead of reading the file again.

        >>> journal = Journal(tmp_path / "seeds.jsonl")
        >>> journal.append({"exercise": "cpi-numeric", "answer": 0.5, "seed": 0})
        >>> journal.append({"exercise": "cpi-numeric", "action": "variant", "seed": 1})
        >>> journal.seeds(), journal.latest()["cpi-numeric"]["answer"]
        ({'cpi-numeric': 1}, 0.5)
        """
        found = {}
        for record in self.records() if records is None else records:
            seed = record.get("seed")
            if isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0:
                found[record["exercise"]] = seed
        return found


def _read_at(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows has no pread
    return os.read(fd, size)


def _write_all(fd: int, data: bytes) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]
