r"""Per-student due-date extensions of an assignment (``assignments.toml``).

An extension moves one student's due date; the assignment's late policy then counts
from that date (days late, the penalty, the ``max_days`` window, ``reject``). Each
assignment lists its own, as an array of tables under it::

    [[assignment]]
    id = "a1"
    exercises = ["duties", "cpi"]
    due = 2027-03-08T17:00:00+01:00
    late = { policy = "penalty", per_day = 10, max_days = 5 }

    [[assignment.extensions]]
    student = "ada"
    due = 2027-03-12T17:00:00+01:00
    why = "medical certificate, 2027-03-07"

(or inline: ``extensions = [{ student = "ada", due = ..., why = "..." }]``). ``student``
is the id the submissions carry (the login name on a hub), ``due`` a date and time with
its zone and later than the assignment's, ``why`` optional text that the student's
feedback page and the report show. A student has one extension per assignment.

>>> from datetime import UTC, datetime
>>> due, problems = datetime(2027, 3, 8, 16, tzinfo=UTC), []
>>> rows = [{"student": "ada", "due": datetime(2027, 3, 12, 16, tzinfo=UTC)},
...         {"student": "ada", "due": "2027-03-07T17:00+01:00"}]
>>> [e.student for e in parse_extensions(rows, due, lambda *p: problems.append(": ".join(p)))]
['ada']
>>> for line in problems:
...     print(line.replace(": ", ":\n  ", 1))  # doctest: +ELLIPSIS
extensions[2].student:
  ada has an extension already (extensions[1]): give one per student
extensions[2].due:
  2027-03-07 16:00 UTC is not after the assignment's due date (2027-03-08 16:00 UTC): ...
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from course.core.submission import STUDENT_ID

FIELDS = {"student", "due", "why"}


@dataclass(frozen=True)
class Extension:
    """One student's own due date for one assignment, and why it was given."""

    student: str
    due: datetime
    why: str = ""

    def describe(self, class_due: datetime) -> str:
        """The extension in words, for the report, feedback page and ``gradebook show``.

        >>> ada = Extension("ada", datetime(2027, 3, 12, 16, tzinfo=UTC), "medical")
        >>> print(ada.describe(datetime(2027, 3, 8, 16, tzinfo=UTC)))  # doctest: +ELLIPSIS
        extension: due 2027-03-12 16:00 UTC for this student (class due date 2027-03-08 ...
        """
        why = f": {self.why}" if self.why else ""
        return (
            f"extension: due {shown(self.due)} for this student "
            f"(class due date {shown(class_due)}){why}"
        )


def shown(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def parse_extensions(value, class_due: datetime | None, report) -> tuple[Extension, ...]:
    """The ``extensions`` of one assignment; each problem goes to ``report(field, message)``
    with the field as ``extensions[N].FIELD`` (N counts from 1, in the file's order)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        report("extensions", 'must be [[assignment.extensions]] tables: student = "...", due = ...')
        return ()
    found: list[Extension] = []
    first: dict[str, int] = {}
    for n, table in enumerate(value, start=1):
        troubled: list[str] = []

        def bad(field: str, message: str, n=n, troubled=troubled) -> None:
            troubled.append(field)
            report(f"extensions[{n}].{field}", message)

        for key in sorted(set(table) - FIELDS):
            bad(key, "unknown field (student, due, why)")
        student = table.get("student")
        if not isinstance(student, str) or not STUDENT_ID.fullmatch(student):
            bad("student", "required: the student id their submissions carry")
        elif student in first:
            bad("student", f"{student} has an extension already (extensions[{first[student]}]): "
                "give one per student")  # fmt: skip
        else:
            first[student] = n
        due = _due(table.get("due"), bad)
        if due is not None and class_due is not None and due <= class_due:
            bad("due", f"{shown(due)} is not after the assignment's due date ({shown(class_due)}): "
                "an extension gives more time")  # fmt: skip
        why = table.get("why", "")
        if not isinstance(why, str):
            bad("why", "must be text")
        if not troubled:
            found.append(Extension(student, due, " ".join(why.split())))
    return tuple(found)


def _due(value, bad) -> datetime | None:
    field = "due"
    example = "e.g. 2027-03-12T17:00:00+01:00"
    if value is None:
        bad(field, f"required: the student's own due date and time with its zone, {example}")
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            bad(field, f"{value!r} is not an ISO 8601 date and time, {example}")
            return None
    if not isinstance(value, datetime):
        bad(field, f"must be a date and time with its zone, {example}")
        return None
    if value.tzinfo is None:
        bad(field, f"{value.isoformat()} has no time zone: add one, e.g. +01:00 or Z")
        return None
    return value
