"""Grades as CSV for a learning management system: one row per student.

>>> with open_existing("class.sqlite") as book:
...     export_csv(book, "grades.csv")
212

Columns: ``student``, one column per exercise (its id, in bank order, the score
in points) and ``total``. Moodle, Canvas and Blackboard import such a file by
mapping the ``student`` column to the LMS's student id and each score column to
a grade item; the maximum of each column is listed by ``--max-row``.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from course.gradebook import Gradebook


def number(value: float | None) -> str:
    """A score as the CSV shows it: at most 4 decimals, no trailing zeros.

    >>> number(2.5), number(0.833333), number(None)
    ('2.5', '0.8333', '')
    """
    return "" if value is None else f"{round(value, 4):g}"


def table(book: Gradebook, graded_only: bool = False, max_row: bool = False) -> list[list[str]]:
    """The CSV's rows: a header, optionally the maximum per column, one row per student."""
    exercises = [e for e in book.exercises() if e["graded"] or not graded_only]
    ids = [e["id"] for e in exercises]
    scores: dict[str, dict[str, float]] = {}
    for student, exercise, score in book.scores():
        scores.setdefault(student, {})[exercise] = score
    rows = [["student", *ids, "total"]]
    if max_row:
        rows.append(["max", *(number(e["points"]) for e in exercises), number(_max(exercises))])
    for student in sorted(scores):
        mine = scores[student]
        total = sum(mine.get(i, 0.0) for i in ids)
        rows.append([student, *(number(mine.get(i)) for i in ids), number(total)])
    return rows


def _max(exercises: list[dict]) -> float:
    return sum(e["points"] for e in exercises)


def export_csv(
    book: Gradebook, out: str | os.PathLike, *, graded_only: bool = False, max_row: bool = False
) -> int:
    """Write the current grades to ``out`` (replaced whole, never half-written); returns rows.

    Parameters:
        book: an open gradebook.
        out: the CSV file to write (UTF-8, comma-separated, one header row).
        graded_only: only exercises marked ``graded = true`` (and their total).
        max_row: a second row ``max`` with each column's maximum points.
    """
    rows = table(book, graded_only, max_row)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    os.replace(tmp, out)
    return len(rows) - 1 - int(max_row)
