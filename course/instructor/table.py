"""Grades as a table: one row per student, one column per exercise or per notebook.

>>> with open_existing("class.sqlite") as book:
...     export_csv(book, "grades.csv")
212

This module builds the grade columns (:func:`grade_items`) and writes the plain
CSV (``pm-course export --format csv``): ``student``, one column per item (in
notebook order, scores in points) and ``total``. An exercise the student did
not answer is a blank cell, not 0, and so is a notebook in which they answered
nothing. The LMS formats (Canvas, Moodle, Blackboard, Brightspace) are in
:mod:`course.instructor.lms`.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field

from course.content.notebooks import in_notebook_order, notebook_title
from course.errors import UsageError
from course.instructor import overrides
from course.instructor.gradebook import Gradebook
from course.instructor.private import private_path

PER = ("exercise", "notebook")


@dataclass
class Item:
    """One grade column: a key, its title, its maximum points and each student's score
    (students who answered nothing it covers are absent)."""

    key: str
    title: str
    points: float
    scores: dict[str, float] = field(default_factory=dict)


def number(value: float | None) -> str:
    """A score as the CSV shows it: at most 4 decimals, no trailing zeros.

    >>> number(2.5), number(0.833333), number(None)
    ('2.5', '0.8333', '')
    """
    return "" if value is None else f"{round(value, 4):g}"


def answered_scores(book: Gradebook) -> dict[str, dict[str, float]]:
    """Per student, the score of each exercise they answered (unanswered ones absent)."""
    rows = book.db.execute(
        "SELECT c.student, r.exercise, COALESCE(o.score, r.score) FROM current c JOIN results r "
        f"ON r.submission = c.submission {overrides.JOIN} "
        "WHERE r.answer IS NOT NULL OR o.score IS NOT NULL"
    )
    scores: dict[str, dict[str, float]] = {s["student"]: {} for s in book.current()}
    for student, exercise, score in rows:
        scores[student][exercise] = score
    return scores


def grade_items(
    book: Gradebook, per: str = "exercise", graded_only: bool = False, notebooks=None
) -> list[Item]:
    """The grade columns, in notebook order: one per exercise, or one per notebook
    (the sum of its exercises' points; blank for a student who answered none of them)."""
    if per not in PER:
        raise UsageError(f"--per must be one of {', '.join(PER)}, not {per!r}")
    exercises = [e for e in book.exercises() if e["graded"] or not graded_only]
    scores = answered_scores(book)
    items: dict[str, Item] = {}
    for e in in_notebook_order(exercises, notebooks):
        key = e["id"] if per == "exercise" else e["notebook"] or "other"
        title = e["title"] if per == "exercise" else notebook_title(e["notebook"])
        item = items.setdefault(key, Item(key, title, 0.0))
        item.points += e["points"]
        for student, mine in scores.items():
            if e["id"] in mine:
                item.scores[student] = item.scores.get(student, 0.0) + mine[e["id"]]
    return list(items.values())


def table(
    book: Gradebook,
    graded_only: bool = False,
    max_row: bool = False,
    per: str = "exercise",
    notebooks=None,
) -> list[list[str]]:
    """The plain CSV's rows: a header, optionally the maximum per column, one row per student."""
    items = grade_items(book, per, graded_only, notebooks)
    rows = [["student", *(i.key for i in items), "total"]]
    if max_row:
        rows.append(
            ["max", *(number(i.points) for i in items), number(_sum(i.points for i in items))]
        )
    for student in sorted(answered_scores(book)):
        mine = [i.scores.get(student) for i in items]
        rows.append([student, *map(number, mine), number(_sum(s for s in mine if s is not None))])
    return rows


def _sum(values) -> float:
    return sum(values, 0.0)


def write_rows(out: str | os.PathLike, rows: list[list[str]], **dialect) -> None:
    """Write ``rows`` as CSV to ``out``, replaced whole (never half-written), UTF-8,
    owner-only (0600)."""
    with private_path(out) as tmp, open(tmp, "w", newline="", encoding="utf-8") as file:
        csv.writer(file, **dialect).writerows(rows)


def export_csv(
    book: Gradebook,
    out: str | os.PathLike,
    *,
    graded_only: bool = False,
    max_row: bool = False,
    per: str = "exercise",
    notebooks=None,
) -> int:
    """Write the plain grades CSV to ``out``; returns the number of student rows.

    Parameters:
        book: an open gradebook.
        out: the CSV file to write (UTF-8, comma-separated, one header row).
        graded_only: only exercises marked ``graded = true`` (and their total).
        max_row: a second row ``max`` with each column's maximum points.
        per: ``"exercise"`` (a column each, named by id) or ``"notebook"``.
        notebooks: the notebooks folder giving the column order (default: the course's).
    """
    rows = table(book, graded_only, max_row, per, notebooks)
    write_rows(out, rows)
    return len(rows) - 1 - int(max_row)
