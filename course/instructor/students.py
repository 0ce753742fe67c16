"""The class report's view of students: who is stuck where, who has not handed in.

For example (not run as a doctest: it needs a real gradebook)::

    students_section(book, exercises, roster=["ada", "ben"], below=0.5)   # an HTML section

* graded work and practice totalled apart, per student and for the class;
* a student x exercise table of the graded exercises (names behind a toggle, so the
  page can be shown to a room folded);
* who on the roster has not handed in, and who is below a share of the graded points;
* a caution on item statistics (difficulty, discrimination, reliability) for a class
  under :data:`SMALL_CLASS` learners, where they are too unsteady to act on.
"""

from __future__ import annotations

import csv
import html
import os
from pathlib import Path

from course.errors import UsageError

SMALL_CLASS = 30


def read_roster(path: str | os.PathLike) -> list[str]:
    """Student ids from a roster file: the first column of each row (a header row
    ``student``, ``id`` or ``username`` is skipped; blank lines and ``#`` lines too)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"Cannot read the roster {path}: {error}") from None
    ids = []
    for row in csv.reader(text.splitlines()):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        ids.append(row[0].strip())
    if ids and ids[0].lower() in ("student", "id", "username", "student id"):
        ids = ids[1:]
    return ids


def caution(n: int) -> str:
    """The small-class caution for item statistics, or ``""`` from :data:`SMALL_CLASS` on."""
    if n >= SMALL_CLASS:
        return ""
    return (
        f'<p class="warn">Only {n} student(s): with fewer than about {SMALL_CLASS}, '
        "difficulty, discrimination and reliability change a lot with one or two students; "
        "read them as hints, not findings, and do not drop or rescale an exercise on them.</p>"
    )


def students_section(
    book, exercises: list[dict], roster: list[str] | None = None, below: float = 0.5
) -> str:
    """The section (HTML): totals apart, who is below ``below`` of the graded points, who on
    ``roster`` has not handed in, and the student x graded work table behind a toggle
    (a column per assignment, with late ones flagged; without assignments, per graded
    exercise)."""
    from course.instructor.graded import graded_ids, totals

    e = html.escape
    scores: dict[str, dict[str, float]] = {}
    for student, exercise, score in book.scores():
        scores.setdefault(student, {})[exercise] = score
    counted = graded_ids(book)
    graded = [x for x in exercises if x["id"] in counted]
    parts = ["<section><h2>Students</h2>"]
    every = totals(book)
    rows = [
        (s, t.graded, t.graded_max, t.practice, t.practice_max) for s, t in sorted(every.items())
    ]
    if rows:
        g_max, p_max = rows[0][2], rows[0][4]
        mean_g = sum(r[1] for r in rows) / len(rows)
        mean_p = sum(r[3] for r in rows) / len(rows)
        parts.append(
            f"<p>Graded work: class mean {mean_g:.1f} of {g_max:g} points"
            + (f" ({100 * mean_g / g_max:.0f} %)" if g_max else "")
            + f". Practice, counted apart: mean {mean_p:.1f} of {p_max:g}.</p>"
        )
    if graded:
        low = [r for r in rows if r[2] and r[1] / r[2] < below]
        names = ", ".join(f"{e(r[0])} ({100 * r[1] / r[2]:.0f} %)" for r in low) or "nobody"
        parts.append(f"<p><b>Below {100 * below:.0f} % of the graded points</b>: {names}.</p>")
    if roster is not None:
        missing = [s for s in roster if s not in scores]
        listed = ", ".join(e(s) for s in missing) or "nobody"
        parts.append(
            f"<p><b>Not handed in</b> ({len(missing)} of {len(roster)} on the roster): "
            f"{listed}.</p>"
        )
    marked = book.self_marked()
    if marked:
        parts.append(
            f"<p><b>Self-marked</b>: {len(marked)} answer(s) whose marks the learner asked "
            "for before submitting (Mark it myself); marked <i>self-marked</i> below.</p>"
        )
    columns, cells = _columns(book, graded, scores)
    head = "".join(f'<th title="{e(title)}">{e(key)}</th>' for key, title in columns)
    body = "".join(
        f"<tr><td>{e(student)}</td>"
        + "".join(cells(student))
        + f'<td class="num"><b>{g:g} / {g_max:g}</b></td><td class="num">{p:g} / {p_max:g}</td>'
        "</tr>"
        for student, g, g_max, p, p_max in rows
    )
    parts.append(
        '<details class="names"><summary>Student x exercise table, graded exercises '
        "(shows names)</summary>"
        f"<table><tr><th>Student</th>{head}<th>Graded total</th><th>Practice</th></tr>"
        f"{body}</table></details></section>"
    )
    return "".join(parts)


def _columns(book, graded: list[dict], scores: dict):
    """``(columns, cells)``: the graded columns as ``(key, title)`` and a function giving a
    student's cells: per assignment (score after its policy, late ones flagged) when the
    gradebook has assignments, else per graded exercise."""
    plan = book.assignments()
    if not plan:
        columns = [(x["id"], x["title"]) for x in graded]
        marked = book.self_marked()  # "Mark it myself" answers, flagged in their cells
        return columns, lambda student: [
            f'<td class="num">{scores[student].get(x["id"], 0):g}'
            + ("<br><i>self-marked</i>" if (student, x["id"]) in marked else "")
            + "</td>"
            for x in graded
        ]
    results = {(r["assignment"], r["student"]): r for r in book.assignment_results()}

    def cells(student: str) -> list[str]:
        out = []
        for a in plan:
            r = results.get((a["id"], student))
            if r is None:
                out.append('<td class="num">–</td>')
                continue
            flag = {
                "late": " <b class='late'>late</b>",
                "rejected": " <b class='late'>rejected</b>",
            }
            out.append(f'<td class="num">{round(r["score"], 2):g}{flag.get(r["status"], "")}</td>')
        return out

    return [(a["id"], a["title"]) for a in plan], cells
