"""The gradebook: one SQLite file holding every graded submission and the current grades.

>>> with Gradebook("class.sqlite") as book:
...     book.current()[0]["student"]
'ada'

Tables (``docs/grading-a-class.md`` shows queries):

* ``submissions``: every graded submission file, unique by the SHA-256 of its
  bytes, so grading the same file again never makes a second row;
* ``results``: one row per submission and exercise: score, summary, the answer as
  JSON, and the key of its feedback items in ``texts``;
* ``texts``: each distinct text once, by key (a hash of the text): feedback
  messages and labels, and the feedback items of each distinct answer as JSON
  ``[[item, correct, message key, label key], ...]``. Most of a class gives the
  same answers and sees the same explanations: they are stored once;
* ``current``: one row per student naming the submission that counts, the latest by
  ``created`` time (ties broken by hash); the primary key makes two impossible;
* ``grades``: a view, one row per student and exercise from the current submission;
* ``rejections``: the files the last run that saw them rejected, with the reason;
* ``exercises``: the bank's exercises (title, type, points, graded) in bank order.

Each batch of submissions is written in one transaction in WAL mode, so a run
killed at any moment (even SIGKILL) leaves the file as it was after the last
whole batch; the next run skips what is already there and grades the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from course.errors import UsageError

SCHEMA_VERSION = 1
STORED_TEXTS = 20_000  # text keys remembered as written, to skip re-inserting them
SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    student TEXT NOT NULL,
    created TEXT NOT NULL,
    path TEXT NOT NULL,
    course_version TEXT NOT NULL,
    bank_fingerprint TEXT NOT NULL,
    grading_key TEXT NOT NULL,
    warnings TEXT NOT NULL,
    graded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_student ON submissions (student, created);
CREATE TABLE IF NOT EXISTS results (
    submission INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    summary TEXT NOT NULL,
    answer TEXT NOT NULL,
    items TEXT NOT NULL,
    PRIMARY KEY (submission, exercise)
);
CREATE TABLE IF NOT EXISTS texts (
    key TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS current (
    student TEXT PRIMARY KEY,
    submission INTEGER NOT NULL,
    created TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejections (
    path TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exercises (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    type TEXT NOT NULL,
    points REAL NOT NULL,
    graded INTEGER NOT NULL
);
CREATE VIEW IF NOT EXISTS grades AS
    SELECT c.student, r.exercise, r.score, r.max_score, r.summary, r.items, c.sha256
    FROM current c JOIN results r ON r.submission = c.submission;
"""
UPSERT_CURRENT = """
INSERT INTO current (student, submission, created, sha256) VALUES (?, ?, ?, ?)
ON CONFLICT (student) DO UPDATE
SET submission = excluded.submission, created = excluded.created, sha256 = excluded.sha256
WHERE (excluded.created, excluded.sha256) > (current.created, current.sha256)
"""
UPSERT_SUBMISSION = """
INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE
SET path = excluded.path, grading_key = excluded.grading_key, warnings = excluded.warnings,
    graded_at = excluded.graded_at
"""


@dataclass(frozen=True)
class Graded:
    """A graded submission as the grader hands it to :meth:`Gradebook.record`.

    ``rows`` holds one ``(exercise, score, max_score, summary, answer_json,
    items_key)`` tuple per exercise of the bank; ``texts`` maps the keys of the
    items and of their messages and labels to the texts (see :func:`text_key`).
    """

    sha256: str
    student: str
    created: str
    path: str
    course_version: str
    bank_fingerprint: str
    warnings: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    """A rejected submission file and the one-line reason."""

    path: str
    reason: str


def text_key(text: str) -> str:
    """The key a feedback text is stored under: 16 hex digits of its BLAKE2b hash.

    >>> text_key("Right: Project manager.")
    '08b316a2b1546a87'
    """
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def submission_id(sha256: str) -> int:
    """A submission's row id: its hash's first 60 bits, so a batch needs no round trips.

    >>> submission_id("f69fd45cf1b7c08b9d94656f2ae41c300d8a53f43a87deafd187fd9d76dd83e8")
    1110697259392793608
    """
    return int(sha256[:15], 16)


def _submission_row(g: Graded, grading_key: str, now: str) -> tuple:
    warnings = json.dumps(list(g.warnings))
    return (
        submission_id(g.sha256),
        g.sha256,
        g.student,
        g.created,
        g.path,
        g.course_version,
        g.bank_fingerprint,
        grading_key,
        warnings,
        now,
    )


def _current_row(g: Graded) -> tuple:
    return (g.student, submission_id(g.sha256), g.created, g.sha256)


def _result_rows(graded) -> list[tuple]:
    return [(submission_id(g.sha256), *row) for g in graded for row in g.rows]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Gradebook:
    """An open gradebook file; open it once per run and close it (or use ``with``).

    Parameters:
        path: the SQLite file; created with its tables if missing.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if self.path.is_dir():
            raise UsageError(f"{self.path} is a folder; pass a file name such as class.sqlite")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._setup()
        except sqlite3.DatabaseError as error:
            raise UsageError(
                f"{self.path} is not a pm-course gradebook ({error}); pass a new file name"
            ) from None
        self.db.row_factory = sqlite3.Row
        self._stored_texts: set[str] = set()  # keys written by this connection

    def _setup(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UsageError(
                f"{self.path} was written by a newer pm-course (gradebook version {version}); "
                "upgrade pm-course to read it"
            )
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA wal_autocheckpoint = 8192")  # pages: fewer, larger checkpoints
        self.db.execute("PRAGMA cache_size = -16000")  # KiB: the indexes of a big class fit
        self.db.executescript(SCHEMA)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (a checkpoint folds the WAL back into it)."""
        self.db.close()

    # --- writing ---------------------------------------------------------------------

    def done(self, grading_key: str) -> frozenset[str]:
        """Hashes of submissions already graded with ``grading_key`` (same bank and keys)."""
        rows = self.db.execute(
            "SELECT sha256 FROM submissions WHERE grading_key = ?", [grading_key]
        )
        return frozenset(r[0] for r in rows)

    def set_exercises(self, bank) -> None:
        """Record the bank's exercises (title, type, points, graded) in bank order."""
        rows = [
            (e.id, n, e.title, e.type, e.points, int(e.graded)) for n, e in enumerate(bank.values())
        ]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO exercises VALUES (?, ?, ?, ?, ?, ?)", rows)

    def record(self, outcomes: list, grading_key: str) -> None:
        """Write a batch of :class:`Graded` and :class:`Rejected` outcomes in one transaction.

        The texts a record uses may come with an earlier record of the same batch.
        A file that appears twice in the batch (two copies) is recorded once.
        """
        every = [o for o in outcomes if isinstance(o, Graded)]
        graded = list({g.sha256: g for g in every}.values())
        rejected = [(o.path, o.reason, _now()) for o in outcomes if isinstance(o, Rejected)]
        stored, texts = self._stored_texts, {}
        for g in every:
            texts.update(g.texts)
        new = texts.keys() - stored
        now = _now()
        ids = [(submission_id(g.sha256),) for g in graded]
        with self.transaction():
            run = self.db.executemany
            run("INSERT OR IGNORE INTO texts VALUES (?, ?)", ((k, texts[k]) for k in new))
            run(UPSERT_SUBMISSION, [_submission_row(g, grading_key, now) for g in graded])
            run("DELETE FROM results WHERE submission = ?", ids)
            run("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?)", _result_rows(graded))
            run(UPSERT_CURRENT, [_current_row(g) for g in graded])
            run("DELETE FROM rejections WHERE path = ?", [(g.path,) for g in graded])
            run("INSERT OR REPLACE INTO rejections VALUES (?, ?, ?)", rejected)
        if len(stored) > STORED_TEXTS:
            stored.clear()  # only saves re-inserting; keep memory flat
        stored.update(new)

    def transaction(self):
        """A context manager: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an exception."""
        return _Transaction(self.db)

    # --- reading ---------------------------------------------------------------------

    def exercises(self) -> list[dict]:
        """The exercises, in bank order: id, title, type, points, graded."""
        rows = self.db.execute("SELECT * FROM exercises ORDER BY position, id")
        return [dict(r) for r in rows]

    def current(self) -> list[dict]:
        """One row per student: student, submission, created, path, score, max_score."""
        rows = self.db.execute(
            """SELECT c.student, c.sha256 AS submission, c.created, s.path, s.warnings,
                      SUM(r.score) AS score, SUM(r.max_score) AS max_score
               FROM current c JOIN submissions s ON s.id = c.submission
               LEFT JOIN results r ON r.submission = c.submission
               GROUP BY c.student ORDER BY c.student"""
        )
        return [dict(r) for r in rows]

    def grades(self, student: str | None = None) -> list[dict]:
        """Current grades, one row per student and exercise, ``items`` decoded to dicts."""
        sql = "SELECT * FROM grades" + (" WHERE student = ?" if student else "")
        rows = self.db.execute(sql + " ORDER BY student, exercise", [student] if student else [])
        rows = rows.fetchall()
        blobs = self.texts({r["items"] for r in rows})
        rows = [dict(r, items=json.loads(blobs[r["items"]])) for r in rows]
        texts = self.texts({k for r in rows for i in r["items"] for k in i[2:]})
        for row in rows:
            row["items"] = [_item(i, texts) for i in row["items"]]
        return rows

    def texts(self, keys: set[str]) -> dict[str, str]:
        """The feedback texts stored under ``keys``."""
        found, keys = {"": ""}, sorted(keys - {""})
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            found.update(self.db.execute(f"SELECT * FROM texts WHERE key IN ({marks})", part))
        return found

    def scores(self) -> list[tuple[str, str, float]]:
        """Current ``(student, exercise, score)`` rows, without feedback (fast)."""
        rows = self.db.execute("SELECT student, exercise, score FROM grades ORDER BY 1, 2")
        return [tuple(r) for r in rows]

    def history(self, student: str) -> list[dict]:
        """Every graded submission of ``student``, oldest first."""
        rows = self.db.execute(
            "SELECT sha256, created, path, graded_at FROM submissions "
            "WHERE student = ? ORDER BY created, sha256",
            [student],
        )
        return [dict(r) for r in rows]

    def rejections(self) -> list[dict]:
        """Rejected files with their reasons, by path."""
        return [dict(r) for r in self.db.execute("SELECT * FROM rejections ORDER BY path")]

    def counts(self) -> dict[str, int]:
        """Row counts: submissions, results, students (current), rejections."""
        tables = ("submissions", "results", "current", "rejections")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def _item(row: list, texts: dict[str, str]) -> dict:
    item, correct, message, label = row
    return {"item": item, "correct": correct, "message": texts[message], "label": texts[label]}


def open_existing(path: str | os.PathLike) -> Gradebook:
    """Open a gradebook that must already exist (for export, feedback and report)."""
    if not Path(path).is_file():
        raise UsageError(
            f"There is no gradebook {path}. Grade first: pm-course grade DIR --gradebook {path}"
        )
    return Gradebook(path)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, tb) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
