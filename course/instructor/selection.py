"""Exports per assignment: the gradebook seen through one assignment, or as one column
per assignment, handed to the unchanged export functions (:mod:`course.instructor.table`,
:mod:`course.instructor.lms`).

For example (not run as a doctest: it needs a real gradebook)::

    export_csv(AssignmentView(book, only="a1"), "a1.csv")           # a1's exercises
    export_csv(AssignmentView(book, per_assignment=True), "all.csv")  # a column each

The view answers what the exports ask a gradebook (``exercises``, ``answered_scores``,
``current``; anything else is the gradebook's own), with scores after each late policy:

* ``only=ID``: the assignment's exercises as graded in the file that counts for it, each
  scaled by the late penalty (so they add up to the assignment's score); a student whose
  late work was rejected scores 0 on each; one who answered none of it is left blank;
* ``per_assignment=True``: one item per assignment, worth its points, scored as
  ``assignment_results`` says (rejected: 0; nothing answered: blank).
"""

from __future__ import annotations

from course.errors import UsageError


class AssignmentView:
    """A gradebook as the exports see it, narrowed to assignments (see the module)."""

    def __init__(self, book, only: str | None = None, per_assignment: bool = False):
        self.book = book
        self.plan = book.assignments()
        if not self.plan:
            raise UsageError(
                f"{book.path} has no assignments: grade with an assignments.toml first "
                '(docs/grading-a-class.md, "Assignments and due dates")'
            )
        known = {a["id"]: a for a in self.plan}
        if only is not None and only not in known:
            raise UsageError(f"No assignment {only!r} in {book.path} ({', '.join(known)})")
        self.only = known.get(only)
        self.per_assignment = per_assignment

    def __getattr__(self, name: str):
        return getattr(self.book, name)

    def exercises(self) -> list[dict]:
        """The items to export: the assignment's exercises (in its order), or one per
        assignment."""
        if self.per_assignment:
            points = {e["id"]: e["points"] for e in self.book.exercises()}
            return [
                dict(id=a["id"], position=n, title=a["title"], type="assignment", graded=1,
                     points=sum(points.get(i, 0.0) for i in a["exercises"]))
                for n, a in enumerate(self.plan)
            ]  # fmt: skip
        rows = {e["id"]: e for e in self.book.exercises()}
        return [dict(rows[i], graded=1) for i in self.only["exercises"] if i in rows]

    def answered_scores(self) -> dict[str, dict[str, float]]:
        """Per student with a current submission, the score of each item they answered."""
        scores: dict[str, dict[str, float]] = {c["student"]: {} for c in self.book.current()}
        results = self.book.assignment_results()
        if self.per_assignment:
            for r in results:
                if r["student"] in scores and r["status"] != "not answered":
                    scores[r["student"]][r["assignment"]] = r["score"]
            return scores
        ids = self.only["exercises"]
        answers = self.book.submission_answers(ids)
        for r in results:
            if r["assignment"] != self.only["id"] or r["student"] not in scores:
                continue
            if r["status"] == "rejected":
                scores[r["student"]].update(dict.fromkeys(ids, 0.0))
                continue
            for exercise, (answer, score) in answers.get(r["submission"], {}).items():
                if answer is not None:
                    scores[r["student"]][exercise] = round(score * (1 - r["penalty"]), 10)
        return scores
