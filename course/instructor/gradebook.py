"""The gradebook: one SQLite file holding every graded submission and the current grades.

For example (not run as a doctest: it works on real course files)::

    with Gradebook("class.sqlite") as book:
        book.current()[0]["student"]
    # 'ada'

Tables (``docs/grading-a-class.md`` shows queries):

* ``submissions``: every graded submission file, unique by the SHA-256 of its
  bytes, so grading the same file again never makes a second row;
* ``results``: one row per submission and exercise: score, maximum, and the id of
  the answer in ``answers`` (NULL when the exercise was not answered);
* ``answers``: each distinct answer once: the exercise, the answer as JSON, the
  summary, the correctness of each feedback item (``+id`` right, ``-id`` wrong),
  and for code answers the full feedback. A class gives the same answers again
  and again: they are stored once;
* ``bank``: the exercises as graded (with keys), per grading key, so feedback can
  be recomputed from a stored answer exactly as it was graded;
* ``current``: one row per student naming the submission that counts, the latest by
  ``created`` time (ties broken by hash); the primary key makes two impossible;
* ``grades``: a view, one row per student and exercise from the current submission;
* ``rejections``: the files the last run that saw them rejected, with the reason;
* ``exercises``: the bank's exercises (title, type, points, graded) in bank order;
* ``assignments`` and ``assignment_results``: see :mod:`course.instructor.gradebook_assignments`.
* ``self_marked``: per submission, the exercises the learner marked themselves
  before submitting ("Mark it myself"); ``grades`` says ``self_marked`` for them.

Each batch of submissions is written in one transaction in WAL mode, so a run
killed at any moment (even SIGKILL) leaves the file as it was after the last
whole batch; the next run skips what is already there and grades the rest.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

from course.core.exercise import Feedback
from course.errors import UsageError
from course.instructor import overrides
from course.instructor.gradebook_assignments import SCHEMA as ASSIGNMENTS_SCHEMA
from course.instructor.gradebook_assignments import AssignmentTables
from course.instructor.records import (  # noqa: F401  (Graded, Rejected also imported from here)
    UNRECORDABLE,
    Graded,
    Rejected,
    as_text,
)

SCHEMA_VERSION = 3
# Version 2 -> 3: hand-in times, the ``counted`` flag, assignments and their results.
MIGRATE_2 = """
ALTER TABLE submissions ADD COLUMN handed_in TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN handed_in_source TEXT NOT NULL DEFAULT 'created';
ALTER TABLE submissions ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
UPDATE submissions SET handed_in = created;
"""
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
    graded_at TEXT NOT NULL,
    handed_in TEXT NOT NULL DEFAULT '',
    handed_in_source TEXT NOT NULL DEFAULT 'created',
    counted INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS submissions_student ON submissions (student, created);
CREATE TABLE IF NOT EXISTS results (
    submission INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    answer INTEGER,
    PRIMARY KEY (submission, exercise)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER NOT NULL UNIQUE,
    exercise TEXT NOT NULL,
    answer TEXT NOT NULL,
    summary TEXT NOT NULL,
    items TEXT NOT NULL,
    feedback TEXT
);
CREATE TABLE IF NOT EXISTS bank (
    grading_key TEXT NOT NULL,
    exercise TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (grading_key, exercise)
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
CREATE TABLE IF NOT EXISTS self_marked (
    submission INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    PRIMARY KEY (submission, exercise)
) WITHOUT ROWID;
"""
UPSERT_CURRENT = """
INSERT INTO current (student, submission, created, sha256) VALUES (?, ?, ?, ?)
ON CONFLICT (student) DO UPDATE
SET submission = excluded.submission, created = excluded.created, sha256 = excluded.sha256
WHERE (excluded.created, excluded.sha256) > (current.created, current.sha256)
"""
UPSERT_SUBMISSION = """
INSERT INTO submissions (id, sha256, student, created, path, course_version, bank_fingerprint,
                         grading_key, warnings, graded_at, handed_in, handed_in_source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (sha256) DO UPDATE
SET path = excluded.path, grading_key = excluded.grading_key, warnings = excluded.warnings,
    graded_at = excluded.graded_at, counted = 1
"""
# The hand-in time is the one recorded when the gradebook first saw the file: a copy
# of the exchange graded again later must not make everyone late.
GRADES = f"""
SELECT c.student, r.exercise, COALESCE(o.score, r.score) AS score, r.max_score,
       COALESCE(a.summary, 'no answer submitted') AS summary, a.answer, a.items, a.feedback,
       r.answer AS answer_id, s.grading_key, c.sha256, r.score AS graded_score,
       o.why AS override_why, o.who AS override_who, o.at AS override_at,
       EXISTS (SELECT 1 FROM self_marked m WHERE m.submission = c.submission
               AND m.exercise = r.exercise) AS self_marked
FROM current c JOIN submissions s ON s.id = c.submission
JOIN results r ON r.submission = c.submission LEFT JOIN answers a ON a.id = r.answer
{overrides.JOIN}
"""


def _submission_row(g: Graded, sid: int, grading_key: str, now: str) -> tuple:
    fields = (g.sha256, g.student, g.created, g.path, g.course_version, g.bank_fingerprint)
    hand_in = (g.handed_in or g.created, g.handed_in_source)
    return (sid, *fields, grading_key, json.dumps(list(g.warnings)), now, *hand_in)


def _current_row(g: Graded, sid: int) -> tuple:
    return (g.student, sid, g.created, g.sha256)


def _create_private(path: Path) -> None:
    """Create ``path`` readable and writable by its owner only, if it does not exist.

    The gradebook holds the bank's keys and every answer; SQLite gives its
    ``-wal`` and ``-shm`` files the same permissions as the file itself.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise UsageError(
                f"{path} is not a regular file; pass a file such as class.sqlite"
            ) from None
    except OSError as error:
        raise UsageError(f"Cannot create the gradebook {path}: {error.strerror}") from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Gradebook(AssignmentTables):
    """An open gradebook file; open it once per run and close it (or use ``with``).

    Parameters:
        path: the SQLite file; created with its tables if missing.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if self.path.is_dir():
            raise UsageError(f"{self.path} is a folder; pass a file name such as class.sqlite")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(self.path)
        try:
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._setup()
        except sqlite3.DatabaseError as error:
            raise UsageError(
                f"{self.path} is not a pm-course gradebook ({error}); pass a new file name"
            ) from None
        self.db.row_factory = sqlite3.Row
        self._banks: dict[str, dict] = {}

    def _setup(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UsageError(
                f"{self.path} was written by a newer pm-course (gradebook version {version}); "
                "upgrade pm-course to read it"
            )
        if version == 2:
            self.db.executescript(f"BEGIN IMMEDIATE; {MIGRATE_2} COMMIT;")
        elif 0 < version < SCHEMA_VERSION:
            raise UsageError(
                f"{self.path} was written by an earlier pm-course (gradebook version {version}), "
                "which stored feedback differently; grade the submission files into a new "
                "gradebook file (they are the record; grading them again is safe)"
            )
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA wal_autocheckpoint = 8192")  # pages: fewer, larger checkpoints
        self.db.execute("PRAGMA cache_size = -16000")  # KiB: the indexes of a big class fit
        self.db.executescript(SCHEMA + ASSIGNMENTS_SCHEMA + overrides.SCHEMA)
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

    def set_exercises(self, bank, grading_key: str | None = None) -> None:
        """Record the bank's exercises (title, type, points, graded) in bank order.

        With ``grading_key``, also keep each exercise's data (with keys) under that
        key, once: what feedback pages grade stored answers with.
        """
        rows = [
            (e.id, n, e.title, e.type, e.points, int(e.graded)) for n, e in enumerate(bank.values())
        ]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO exercises VALUES (?, ?, ?, ?, ?, ?)", rows)
            if grading_key is not None:
                self.db.executemany(
                    "INSERT OR IGNORE INTO bank VALUES (?, ?, ?)",
                    [(grading_key, e.id, json.dumps(e.data, default=str)) for e in bank.values()],
                )

    def record(self, outcomes: list, grading_key: str) -> None:
        """Write a batch of :class:`Graded` and :class:`Rejected` outcomes in one transaction.

        The answer rows a record uses may come with an earlier record of the batch,
        or of an earlier batch of the run. A file that appears twice in the batch
        (two copies) is recorded once. Should the batch fail to be written, each
        outcome is written on its own, and one that still cannot be is recorded as a
        rejection with the reason: no file can stop the others being recorded.
        """
        try:
            self._record(outcomes, grading_key)
        except (sqlite3.Error, ValueError, OverflowError) as error:  # UnicodeError is a ValueError
            if len(outcomes) > 1:
                for outcome in outcomes:
                    self.record([outcome], grading_key)
                return
            outcome = outcomes[0]
            if isinstance(outcome, Rejected) and outcome.reason.startswith(UNRECORDABLE):
                raise
            why = f"{UNRECORDABLE} ({type(error).__name__}: {as_text(str(error))[:120]})"
            self.record([Rejected(outcome.path, f"{why}; please report it with the file")], "")

    def _record(self, outcomes: list, grading_key: str) -> None:
        every = [o for o in outcomes if isinstance(o, Graded)]
        graded = list({g.sha256: g for g in every}.values())
        rejected = [
            (as_text(o.path), as_text(o.reason), _now())
            for o in outcomes
            if isinstance(o, Rejected)
        ]
        now = _now()
        answers = itertools.chain.from_iterable(g.answers for g in every)
        with self.transaction():
            known, ids = self._submission_ids([g.sha256 for g in graded])
            run = self.db.executemany
            run("INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)", answers)
            run(
                UPSERT_SUBMISSION,
                [_submission_row(g, ids[g.sha256], grading_key, now) for g in graded],
            )
            run("DELETE FROM results WHERE submission = ?", [(known[sha],) for sha in known])
            results = [
                (sid, exercise, score, max_score, answer)
                for g in graded
                for sid in (ids[g.sha256],)
                for exercise, score, max_score, answer in g.rows
            ]
            run("INSERT INTO results VALUES (?, ?, ?, ?, ?)", results)
            run("DELETE FROM self_marked WHERE submission = ?", [(known[h],) for h in known])
            marked = [(ids[g.sha256], e) for g in graded for e in g.self_assessed]
            run("INSERT OR IGNORE INTO self_marked VALUES (?, ?)", marked)
            run(UPSERT_CURRENT, [_current_row(g, ids[g.sha256]) for g in graded])
            run("DELETE FROM rejections WHERE path = ?", [(g.path,) for g in graded])
            run("INSERT OR REPLACE INTO rejections VALUES (?, ?, ?)", rejected)

    def _submission_ids(self, hashes: list[str]) -> tuple[dict[str, int], dict[str, int]]:
        """``(known, ids)``: row ids of the submissions already recorded, and of all.

        New submissions get the next ids in turn, so results are appended at the end
        of their table rather than spread over it. Call it within the transaction.
        """
        known: dict[str, int] = {}
        for start in range(0, len(hashes), 500):
            part = hashes[start : start + 500]
            marks = ",".join("?" * len(part))
            sql = f"SELECT sha256, id FROM submissions WHERE sha256 IN ({marks})"
            known.update(self.db.execute(sql, part).fetchall())
        last = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM submissions").fetchone()[0]
        new = [sha for sha in hashes if sha not in known]
        return known, {**known, **{sha: last + n for n, sha in enumerate(new, 1)}}

    def settle_rejections(self, folder: str, seen: list[str], rejected: list[str]) -> None:
        """After a run over ``folder``: forget the rejections of files it saw and did not
        reject (graded now, or already under another name) and of files no longer in it."""
        keep, walked = set(rejected), set(seen)
        inside = os.path.join(folder, "")
        stale = [(p,) for p in seen if p not in keep]
        stale += [
            (r["path"],)
            for r in self.rejections()
            if r["path"].startswith(inside) and r["path"] not in walked
        ]
        with self.transaction():
            self.db.executemany("DELETE FROM rejections WHERE path = ?", stale)

    @contextlib.contextmanager
    def transaction(self):
        """A context manager: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- reading ---------------------------------------------------------------------

    def exercises(self) -> list[dict]:
        """The exercises, in bank order: id, title, type, points, graded."""
        rows = self.db.execute("SELECT * FROM exercises ORDER BY position, id")
        return [dict(r) for r in rows]

    def current(self) -> list[dict]:
        """One row per student: student, submission, created, path, score, max_score."""
        rows = self.db.execute(
            f"""SELECT c.student, c.sha256 AS submission, c.created, s.path, s.warnings,
                      SUM(COALESCE(o.score, r.score)) AS score, SUM(r.max_score) AS max_score
               FROM current c JOIN submissions s ON s.id = c.submission
               LEFT JOIN results r ON r.submission = c.submission {overrides.JOIN}
               GROUP BY c.student ORDER BY c.student"""
        )
        return [dict(r) for r in rows]

    def grades(self, student: str | None = None) -> list[dict]:
        """Current grades, one row per student and exercise.

        Each row: student, exercise, score, max_score, summary, ``answer`` (decoded;
        None when not answered), ``items`` (``[{"item", "correct"}, ...]``),
        ``feedback`` (code answers: ``[{"item", "correct", "message", "label"}, ...]``;
        else None, see :mod:`course.instructor.feedback`), answer_id, grading_key, sha256.
        """
        sql = GRADES + (" WHERE c.student = ?" if student else "")
        rows = self.db.execute(sql + " ORDER BY 1, 2", [student] if student else [])
        return [_grade(r) for r in rows]

    def self_marked(self) -> set[tuple[str, str]]:
        """``(student, exercise)`` of the current submissions' self-marked answers."""
        sql = "SELECT c.student, m.exercise FROM current c JOIN self_marked m USING (submission)"
        return {(student, exercise) for student, exercise in self.db.execute(sql)}

    def bank(self, grading_key: str) -> dict:
        """The exercises (with keys) as graded under ``grading_key``, by id."""
        if grading_key not in self._banks:
            from course.core.bank import exercise_from

            rows = self.db.execute(
                "SELECT exercise, data FROM bank WHERE grading_key = ?", [grading_key]
            )
            self._banks[grading_key] = {i: exercise_from(json.loads(d)) for i, d in rows}
        return self._banks[grading_key]

    def grading_keys(self) -> list[str]:
        """Every grading key the gradebook keeps a bank for, oldest first."""
        rows = self.db.execute("SELECT grading_key FROM bank GROUP BY 1 ORDER BY MIN(rowid)")
        return [r[0] for r in rows]

    def scores(self) -> list[tuple[str, str, float]]:
        """Current ``(student, exercise, score)`` rows, without feedback (fast)."""
        rows = self.db.execute("SELECT student, exercise, score FROM grades ORDER BY 1, 2")
        return [tuple(r) for r in rows]

    def answered_scores(self) -> dict[str, dict[str, float]]:
        """Per student with a current grade, the score of each exercise they answered
        (unanswered ones absent)."""
        rows = self.db.execute(
            "SELECT c.student, r.exercise, COALESCE(o.score, r.score) FROM current c "
            f"JOIN results r ON r.submission = c.submission {overrides.JOIN} "
            "WHERE r.answer IS NOT NULL OR o.score IS NOT NULL"
        )
        scores: dict[str, dict[str, float]] = {s["student"]: {} for s in self.current()}
        for student, exercise, score in rows:
            scores[student][exercise] = score
        return scores

    def answered_counts(self) -> dict[str, int]:
        """Per exercise, how many students with a current grade answered it."""
        rows = self.db.execute(
            "SELECT r.exercise, COUNT(*) FROM current c JOIN results r "
            "ON r.submission = c.submission WHERE r.answer IS NOT NULL GROUP BY 1"
        )
        return dict(rows.fetchall())

    def answer_counts(self) -> list[tuple[str, str, str, int]]:
        """Each distinct current answer: ``(exercise, answer JSON, items, students)``.

        ``items`` is the stored verdict of each item, ``+id`` right and ``-id``
        wrong (see :func:`parse_items`); ``students`` how many gave that answer.
        """
        rows = self.db.execute(
            "SELECT a.exercise, a.answer, a.items, COUNT(*) AS students "
            "FROM current c JOIN results r ON r.submission = c.submission "
            "JOIN answers a ON a.id = r.answer GROUP BY r.answer"
        )
        return [tuple(r) for r in rows]

    def rejections(self) -> list[dict]:
        """Rejected files with their reasons, by path."""
        return [dict(r) for r in self.db.execute("SELECT * FROM rejections ORDER BY path")]

    def counts(self) -> dict[str, int]:
        """Row counts: submissions, results, students (current), rejections."""
        tables = ("submissions", "results", "current", "rejections")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def parse_items(items: str | None) -> list[dict]:
    """The ``items`` column (``"+a -b"``) as ``[{"item": "a", "correct": True}, ...]``.

    >>> parse_items("+pmp -capm")
    [{'item': 'pmp', 'correct': True}, {'item': 'capm', 'correct': False}]
    """
    return [
        {"item": word[1:], "correct": word[0] == "+"} for word in (items or "").split(" ") if word
    ]


def _grade(row: sqlite3.Row) -> dict:
    grade = dict(row)
    grade["answer"] = None if row["answer"] is None else json.loads(row["answer"])
    grade["items"] = parse_items(row["items"])
    if row["feedback"] is not None:
        stored = json.loads(row["feedback"])
        grade["feedback"] = [Feedback.from_dict(f).to_dict() for f in stored]
    return grade


def open_existing(path: str | os.PathLike) -> Gradebook:
    """Open a gradebook that must already exist (for export, feedback and report)."""
    if not Path(path).is_file():
        raise UsageError(
            f"There is no gradebook {path}. Grade first: pm-course grade DIR --gradebook {path}"
        )
    return Gradebook(path)
