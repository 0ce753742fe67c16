"""Graded work, totalled apart from practice: per student, per assignment, on every page.

For example (not run as a doctest: it needs a real gradebook)::

    totals(book)["ada"]
    # Totals(graded=14.0, graded_max=16.0, practice=31.5, practice_max=71.0)

What counts as graded work:

* with assignments (``assignments.toml``, :mod:`course.instructor.assignments`): each
  assignment's score after its late policy; an exercise in no assignment is practice;
* without: the exercises marked ``graded = true`` in the bank (the capstone), scored
  from each student's current submission; every other exercise is practice.

Practice is shown, never added to a graded total: a perfect capstone is 100 % of the
graded work, whatever the practice exercises say. The report's assignments section
and the feedback page's assignment lines (late flags, days late, penalty) are here too.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from course.instructor.assignments import Assignment, kept


@dataclass
class Totals:
    """One student's graded total (and its maximum) and practice total, kept apart."""

    graded: float = 0.0
    graded_max: float = 0.0
    practice: float = 0.0
    practice_max: float = 0.0

    @property
    def share(self) -> float | None:
        """The graded total as a share of the graded points (None: nothing is graded)."""
        return self.graded / self.graded_max if self.graded_max else None


def graded_ids(book) -> set[str]:
    """The exercises that count: those of the assignments, else those marked graded."""
    plan = book.assignments()
    if plan:
        return {i for a in plan for i in a["exercises"]}
    return {e["id"] for e in book.exercises() if e["graded"]}


def totals(book) -> dict[str, Totals]:
    """Per student with a current submission: graded and practice totals (overrides in)."""
    points = {e["id"]: e["points"] for e in book.exercises()}
    counted = graded_ids(book)
    plan = book.assignments()
    found: dict[str, Totals] = {}
    practice_max = sum(p for i, p in points.items() if i not in counted)
    for student, exercise, score in book.scores():
        mine = found.setdefault(student, Totals(practice_max=practice_max))
        if exercise not in counted:
            mine.practice += score
        elif not plan:
            mine.graded += score
    graded_max = sum(points.get(i, 0.0) for i in counted)
    for mine in found.values():
        mine.graded_max = graded_max
    for result in book.assignment_results() if plan else []:
        if result["student"] in found:
            found[result["student"]].graded += result["score"]
    return found


def with_counts(book, exercises: list[dict]) -> list[dict]:
    """``exercises`` each with ``counts``: the title of the assignment it counts for, else
    ``graded`` (marked graded, without assignments) or ``practice``."""
    plan = book.assignments()
    owner = {i: a["title"] for a in plan for i in a["exercises"]}
    if not plan:
        owner = {e["id"]: "graded" for e in book.exercises() if e["graded"]}
    return [dict(x, counts=owner.get(x["id"], "practice")) for x in exercises]


def shown_time(text: str | None) -> str:
    """``2027-03-08T16:00:00+00:00`` -> ``2027-03-08 16:00 UTC`` (``–`` for None)."""
    if not text:
        return "–"
    return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M UTC")


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def status_html(result: dict) -> str:
    """The status of one student's assignment, late ones flagged in words and colour."""
    e = html.escape
    status, days = result["status"], result["days_late"]
    taken = f", −{100 * result['penalty']:g} %" if result["penalty"] else ", no penalty"
    late_html = f'<b class="late">LATE</b> {days} day{"s" if days != 1 else ""}{taken}'
    if status == "rejected":
        return f'<b class="late">REJECTED</b> late: {e(result["reason"])}'
    if status == "not answered":
        return '<span class="note">nothing answered</span>'
    note = f'<br><span class="note">{e(result["reason"])}</span>' if result["reason"] else ""
    if status == "late":
        return late_html + note
    return "on time" + note


# --- the class report ------------------------------------------------------------------


def assignments_section(book) -> str:
    """The report's section: each assignment with its dates, policy, counts and mean; each
    student's hand-in, lateness and score behind a toggle (it shows names)."""
    plan = kept(book)
    if not plan:
        return (
            '<section><h2>Assignments</h2><p class="note">No assignments.toml when the class '
            "was last graded: graded work is the bank's graded exercises (docs/grading-a-class.md, "
            '"Assignments and due dates").</p></section>'
        )
    by: dict[str, list[dict]] = {}
    for result in book.assignment_results():
        by.setdefault(result["assignment"], []).append(result)
    parts = [
        "<section><h2>Assignments</h2>",
        '<p class="note">Graded work is the assignments below; exercises in no assignment are '
        "practice, shown apart and never added in. Scores are after each late policy.</p>",
        "<table><tr><th>Assignment</th><th>Due</th><th>Late policy</th>"
        "<th class='num'>Answered</th><th class='num'>Late</th><th class='num'>Rejected</th>"
        "<th class='num'>Mean score</th></tr>",
    ]
    for assignment in plan:
        parts.append(_assignment_row(assignment, by.get(assignment.id, [])))
    parts.append("</table>")
    for assignment in plan:
        parts.append(_assignment_students(assignment, by.get(assignment.id, [])))
    parts.append("</section>")
    return "".join(parts)


def _assignment_row(assignment: Assignment, results: list[dict]) -> str:
    e = html.escape
    answered = [r for r in results if r["status"] != "not answered"]
    late = sum(1 for r in results if r["status"] == "late")
    rejected = sum(1 for r in results if r["status"] == "rejected")
    top = sum(r["max_score"] for r in results[:1])
    mean = sum(r["score"] for r in results) / len(results) if results else None
    shown = "–" if mean is None or not top else f"{100 * mean / top:.0f} %"
    opens = f"<br><span class='note'>opens {e(shown_time(assignment.to_row()['opens']))}</span>"
    return (
        f"<tr><td>{e(assignment.title)}<br><span class='id'>{e(assignment.id)} · "
        f"{len(assignment.exercises)} exercises, {_number(top)} points</span></td>"
        f"<td>{e(shown_time(assignment.to_row()['due']))}"
        f"{opens if assignment.opens else ''}</td><td>{e(assignment.late.describe())}</td>"
        f"<td class='num'>{len(answered)} of {len(results)}</td>"
        f"<td class='num{' late' if late else ''}'>{late}</td>"
        f"<td class='num{' late' if rejected else ''}'>{rejected}</td>"
        f"<td class='num'>{shown}</td></tr>"
    )


def _assignment_students(assignment: Assignment, results: list[dict]) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(r['student'])}</td><td>{e(shown_time(r['handed_in']))}</td>"
        f"<td>{status_html(r)}</td><td class='num'>{_number(r['raw'])}</td>"
        f"<td class='num'><b>{_number(r['score'])} / {_number(r['max_score'])}</b></td></tr>"
        for r in results
    )
    late = [r for r in results if r["status"] in ("late", "rejected")]
    flag = f" · <b class='late'>{len(late)} late</b>" if late else ""
    return (
        f'<details class="names"><summary>{e(assignment.title)}: each student{flag} '
        "(shows names)</summary><table><tr><th>Student</th><th>Handed in</th><th>Status</th>"
        "<th class='num'>Raw score</th><th class='num'>Score</th></tr>"
        f"{rows}</table></details>"
    )


# --- a feedback page -------------------------------------------------------------------


def feedback_block(book, student: str, mine: Totals | None) -> str:
    """The feedback page's totals: graded work (each assignment, late ones flagged, with
    the penalty taken) and practice apart."""
    e = html.escape
    mine = mine or Totals()
    share = f" ({100 * mine.share:.0f} %)" if mine.share is not None else ""
    lines = [
        f"<p><b>Graded work: {_number(mine.graded)} / {_number(mine.graded_max)}{share}</b>. "
        f"Practice (not counted in the grade): {_number(mine.practice)} / "
        f"{_number(mine.practice_max)}.</p>"
    ]
    results = book.assignment_results(student)
    if results:
        titles = {a.id: a for a in kept(book)}
        rows = "".join(
            f"<tr><td>{e(titles[r['assignment']].title)}</td>"
            f"<td class='when'>{e(shown_time(titles[r['assignment']].to_row()['due']))}</td>"
            f"<td class='when'>{e(shown_time(r['handed_in']))}</td>"
            f"<td class='status'>{status_html(r)}</td>"
            f'<td class="num">{_number(r["score"])} / {_number(r["max_score"])}</td></tr>'
            for r in results
            if r["assignment"] in titles
        )
        lines.append(
            '<table class="assignments"><tr><th>Assignment</th><th>Due</th><th>Handed in</th>'
            f"<th>Status</th><th>Score</th></tr>{rows}</table>"
        )
    return "".join(lines)
