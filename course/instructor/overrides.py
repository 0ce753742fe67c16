"""Overrides: a score the instructor sets by hand for one student and exercise, with why.

For example (not run as a doctest: it needs a real gradebook)::

    override(book, "ada", "capstone-budget", 2, why="accepted 4.3: the case gave 4.3")
    book.grades("ada")  # the capstone-budget row: score 2.0, overridden (who, when, why)

An override replaces the graded score of that exercise in every place a score is
read: the gradebook's ``grades`` view, :meth:`Gradebook.grades` and
:meth:`Gradebook.current`, the feedback page (which shows it with the reason, who
set it and when), the report and every export. It is kept with who set it (the
login name) and when, and it outlives regrading: it belongs to the student and
exercise, not to a submission. ``pm-course gradebook override`` sets one;
``--clear`` removes it.
"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime

from course.errors import UsageError

SCHEMA = """
CREATE TABLE IF NOT EXISTS overrides (
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    score REAL NOT NULL,
    why TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (student, exercise)
);
DROP VIEW IF EXISTS grades;
CREATE VIEW grades AS
    SELECT c.student, r.exercise, COALESCE(o.score, r.score) AS score, r.max_score,
           COALESCE(a.summary, 'no answer submitted') AS summary, a.answer,
           COALESCE(a.items, '') AS items, c.sha256, r.score AS graded_score, o.why
    FROM current c JOIN results r ON r.submission = c.submission
    LEFT JOIN answers a ON a.id = r.answer
    LEFT JOIN overrides o ON o.student = c.student AND o.exercise = r.exercise;
"""
# How the queries of gradebook.py join an override to a result row of a current submission.
JOIN = "LEFT JOIN overrides o ON o.student = c.student AND o.exercise = r.exercise"


def override(
    book, student: str, exercise: str, score: float | None, why: str = "", who: str | None = None
) -> None:
    """Set (or with ``score=None``, clear) the override of ``student``'s ``exercise``.

    The student must have a current submission and the exercise must be in the
    gradebook; the score must be within 0 and the exercise's points; a reason is
    required.
    """
    points = {e["id"]: e["points"] for e in book.exercises()}
    if exercise not in points:
        raise UsageError(f"No exercise {exercise!r} in {book.path}; see pm-course gradebook show")
    students = {c["student"] for c in book.current()}
    if student not in students:
        raise UsageError(
            f"No student {student!r} with a graded submission in {book.path}; "
            "see pm-course gradebook show"
        )
    with book.transaction():
        if score is None:
            book.db.execute(
                "DELETE FROM overrides WHERE student = ? AND exercise = ?", [student, exercise]
            )
            return
        if not 0 <= score <= points[exercise]:
            raise UsageError(
                f"{exercise} is worth {points[exercise]:g} point(s): give a score from 0 to "
                f"{points[exercise]:g}, not {score:g}"
            )
        if not why.strip():
            raise UsageError("Say why with --why TEXT: it is kept and shown to the student")
        book.db.execute(
            "INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?, ?, ?)",
            [
                student,
                exercise,
                float(score),
                why.strip(),
                who or getpass.getuser(),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ],
        )


def overrides(book, student: str | None = None) -> list[dict]:
    """The overrides (of ``student``, or all): student, exercise, score, why, who, at."""
    sql = "SELECT * FROM overrides" + (" WHERE student = ?" if student else "")
    return [dict(r) for r in book.db.execute(sql + " ORDER BY 1, 2", [student] if student else [])]


def show(book, student: str | None = None) -> list[str]:
    """``pm-course gradebook show``: the lines of a per-student view of the gradebook.

    Without ``student``: one line per student with a current submission, graded work
    totalled apart from practice. With ``student``: their submission, totals, and a line
    per exercise answered or overridden (score, summary, the override and its reason).
    """
    from course.instructor.graded import graded_ids, totals

    counted, every = graded_ids(book), totals(book)

    def said(name: str) -> str:
        t = every[name]
        return (
            f"graded {t.graded:g} / {t.graded_max:g}, practice {t.practice:g} / {t.practice_max:g}"
        )

    if student is None:
        marks = {o["student"] for o in overrides(book)}
        lines = [f"{len(every)} student(s) in {book.path}:"]
        for name in sorted(every):
            flag = "  (overrides)" if name in marks else ""
            lines.append(f"  {name}: {said(name)}{flag}")
        return lines
    current = {c["student"]: c for c in book.current()}
    if student not in current:
        raise UsageError(f"No student {student!r} with a graded submission in {book.path}")
    mine = book.grades(student)
    lines = [
        f"{student}: submission of {current[student]['created'][:16].replace('T', ' ')} UTC "
        f"({current[student]['path']})",
        f"  {said(student)}",
    ]
    for r in book.assignment_results(student):
        late = f", {r['days_late']} day(s) late" if r["status"] in ("late", "rejected") else ""
        lines.append(
            f"  assignment {r['assignment']}: {r['score']:g} / {r['max_score']:g} "
            f"({r['status']}{late}){': ' + r['reason'] if r['reason'] else ''}"
        )
    for row in mine:
        if row["answer_id"] is None and row["override_why"] is None:
            continue
        kind = "graded" if row["exercise"] in counted else "practice"
        line = f"  {row['exercise']} [{kind}]: {row['score']:g} / {row['max_score']:g}, "
        line += row["summary"]
        if row.get("self_marked"):
            line += "  (self-marked: the learner asked for these marks before submitting)"
        if row["override_why"] is not None:
            line += (
                f"  OVERRIDDEN from {row['graded_score']:g} by {row['override_who']} "
                f"on {row['override_at'][:10]}: {row['override_why']}"
            )
        lines.append(line)
    return lines
