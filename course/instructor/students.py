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


def _totals(scores: dict, exercises: list[dict], graded: bool) -> tuple[float, float]:
    chosen = [e for e in exercises if bool(e["graded"]) == graded]
    return sum(scores.get(e["id"], 0.0) for e in chosen), sum(e["points"] for e in chosen)


def students_section(
    book, exercises: list[dict], roster: list[str] | None = None, below: float = 0.5
) -> str:
    """The section (HTML): totals apart, who is below ``below`` of the graded points, who on
    ``roster`` has not handed in, and the student x graded exercise table behind a toggle."""
    e = html.escape
    scores: dict[str, dict[str, float]] = {}
    for student, exercise, score in book.scores():
        scores.setdefault(student, {})[exercise] = score
    graded = [x for x in exercises if x["graded"]]
    parts = ["<section><h2>Students</h2>"]
    rows = []
    for student in sorted(scores):
        g, g_max = _totals(scores[student], exercises, True)
        p, p_max = _totals(scores[student], exercises, False)
        rows.append((student, g, g_max, p, p_max))
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
    head = "".join(f'<th title="{e(x["title"])}">{e(x["id"])}</th>' for x in graded)

    def cell(student: str, exercise: str) -> str:
        flag = "<br><i>self-marked</i>" if (student, exercise) in marked else ""
        return f'<td class="num">{scores[student].get(exercise, 0):g}{flag}</td>'

    body = "".join(
        f"<tr><td>{e(student)}</td>"
        + "".join(cell(student, x["id"]) for x in graded)
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
