"""The gradebook's assignment tables: the assignments of the last grading run and each
student's result on each (part of :class:`course.instructor.gradebook.Gradebook`).

For example (not run as a doctest: it needs a real gradebook)::

    book.assignment_results("ada")[0]["status"]
    # 'late'

* ``assignments``: id, title, exercises (JSON list), opens, due (UTC ISO text), late
  policy (``policy``, ``per_day``, ``max_days``), in the file's order;
* ``assignment_results``: per assignment and student, the submission that counts (NULL
  when late work was rejected), when it was handed in, the status, days late, the
  penalty taken (a share), the raw and final score, the maximum and the reason.

The submissions' hand-in times and their ``counted`` flag are columns of
``submissions`` (see :mod:`course.instructor.gradebook`).
"""

from __future__ import annotations

import json

SCHEMA = """
CREATE TABLE IF NOT EXISTS assignments (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    exercises TEXT NOT NULL,
    opens TEXT,
    due TEXT NOT NULL,
    policy TEXT NOT NULL,
    per_day REAL NOT NULL,
    max_days INTEGER
);
CREATE TABLE IF NOT EXISTS assignment_results (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    submission INTEGER,
    handed_in TEXT,
    status TEXT NOT NULL,
    days_late INTEGER NOT NULL,
    penalty REAL NOT NULL,
    raw REAL NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (assignment, student)
);
"""


class AssignmentTables:
    """The assignment methods of the gradebook (it provides ``db`` and ``transaction``)."""

    def set_assignments(self, rows: list[dict], outcomes: list, only: str | None = None) -> None:
        """Keep the assignments (rows of :meth:`Assignment.to_row
        <course.instructor.assignments.Assignment.to_row>`) and every student's
        :class:`~course.instructor.assignments.Outcome` on them, in one transaction.

        Without ``only`` they replace every assignment kept before (an empty list removes
        them all); with ``only`` (an id), that assignment alone is replaced.
        """
        kept = [r for r in rows if only is None or r["id"] == only]
        with self.transaction():
            if only is None:
                self.db.execute("DELETE FROM assignments")
                self.db.execute("DELETE FROM assignment_results")
            else:
                self.db.execute("DELETE FROM assignments WHERE id = ?", [only])
                self.db.execute("DELETE FROM assignment_results WHERE assignment = ?", [only])
            position = {r["id"]: n for n, r in enumerate(rows)}
            self.db.executemany(
                "INSERT INTO assignments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (r["id"], position[r["id"]], r["title"], json.dumps(r["exercises"]),
                     r["opens"], r["due"], r["policy"], r["per_day"], r["max_days"])
                    for r in kept
                ],
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO assignment_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (o.assignment, o.student, o.submission, o.handed_in, o.status, o.days_late,
                     o.penalty, o.raw, o.score, o.max_score, o.reason)
                    for o in outcomes
                    if only is None or o.assignment == only
                ],
            )  # fmt: skip

    def assignments(self) -> list[dict]:
        """The assignments kept by the last grading run, in the file's order (``exercises``
        decoded to a list)."""
        rows = self.db.execute("SELECT * FROM assignments ORDER BY position, id")
        return [dict(r, exercises=json.loads(r["exercises"])) for r in rows]

    def assignment_results(self, student: str | None = None) -> list[dict]:
        """Each student's result on each assignment: assignment, student, submission (its
        row id; None when rejected), handed_in, status (``on time``, ``late``, ``rejected``,
        ``not answered``), days_late, penalty (share taken off), raw, score, max_score, reason,
        and the sha256 of the submission that counts."""
        sql = (
            "SELECT r.*, s.sha256 FROM assignment_results r "
            "JOIN assignments a ON a.id = r.assignment "
            "LEFT JOIN submissions s ON s.id = r.submission"
            + (" WHERE r.student = ?" if student else "")
            + " ORDER BY a.position, r.student"
        )
        return [dict(r) for r in self.db.execute(sql, [student] if student else [])]

    def submission_files(self) -> dict[str, list[dict]]:
        """Per student, the submissions that count (not dropped by ``--regrade``), oldest
        first as the current submission is chosen: id, sha256, created, handed_in, source."""
        rows = self.db.execute(
            "SELECT id, student, sha256, created, handed_in, handed_in_source AS source "
            "FROM submissions WHERE counted = 1 ORDER BY student, created, sha256"
        )
        files: dict[str, list[dict]] = {}
        for row in rows:
            files.setdefault(row["student"], []).append(dict(row))
        return files

    def submission_answers(self, exercises: list[str]) -> dict[int, dict[str, tuple]]:
        """Per submission that counts: exercise -> ``(answer JSON or None, score)`` for
        ``exercises``, the student's overrides applied."""
        marks = ",".join("?" * len(exercises))
        rows = self.db.execute(
            "SELECT s.id, r.exercise, a.answer, COALESCE(o.score, r.score) FROM submissions s "
            "JOIN results r ON r.submission = s.id LEFT JOIN answers a ON a.id = r.answer "
            "LEFT JOIN overrides o ON o.student = s.student AND o.exercise = r.exercise "
            f"WHERE s.counted = 1 AND r.exercise IN ({marks})",
            exercises,
        )
        found: dict[int, dict[str, tuple]] = {}
        for sid, exercise, answer, score in rows:
            found.setdefault(sid, {})[exercise] = (answer, score)
        return found

    def submission_grades(self, student: str, submission: int) -> list[dict]:
        """The rows of :meth:`grades` for ``student`` as one of their submissions (its row
        id) graded them: what an assignment counts when its file is not the current one."""
        sql = _grades_sql().replace(
            "FROM current c",
            "FROM (SELECT student, id AS submission, created, sha256 FROM submissions "
            "WHERE id = ? AND student = ?) c",
        )
        rows = self.db.execute(sql + " ORDER BY 1, 2", [submission, student])
        return [_row(r) for r in rows]


def _grades_sql() -> str:
    from course.instructor.gradebook import GRADES

    return GRADES


def _row(row):
    from course.instructor.gradebook import _grade

    return _grade(row)
