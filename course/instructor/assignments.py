"""Assignments: which exercises count for which piece of graded work, when it is due,
and what happens to work handed in late.

For example (not run as a doctest: it reads a real file)::

    plan = load_assignments("assignments.toml", bank_ids, notebook_ids)
    plan[0].id, plan[0].late.describe()
    # ('a1', 'late work loses 10 % per day late, up to 5 days; later is not accepted')

The file (``docs/grading-a-class.md``, "Assignments and due dates")::

    [[assignment]]
    id = "a1"
    title = "Projects and programs"
    notebooks = ["02-what-is-a-project", "04-project-vs-program"]   # and/or exercises = [...]
    opens = 2027-03-01T09:00:00+01:00
    due = 2027-03-08T17:00:00+01:00
    late = { policy = "penalty", per_day = 10, max_days = 5 }       # or "accept", "reject"

    [[assignment.extensions]]                  # one student's own due date (extensions.py)
    student = "ada"
    due = 2027-03-12T17:00:00+01:00
    why = "medical certificate"

An exercise belongs to one assignment at most; an exercise in none is practice and
never counts in a graded total. Each problem is reported as ``FILE: ASSIGNMENT:
FIELD: message`` (:class:`course.errors.AssignmentsError`).

Which file counts, and when it was handed in (:func:`assignment_result`): of a
student's files, the latest one the late policy accepts; its answers to the
assignment's exercises count as handed in when the student's *earliest* file with
exactly those answers was, so a later file that only repeats them (every file holds
the whole journal) does not make them late. Days late are counted per started day
(one minute late is one day).
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from course.core.schema import is_id
from course.errors import AssignmentsError, Problem
from course.instructor.extensions import Extension, parse_extensions

FILE_NAME = "assignments.toml"
POLICIES = ("accept", "reject", "penalty")
FIELDS = {"id", "title", "exercises", "notebooks", "opens", "due", "late", "extensions"}
LATE_FIELDS = {"policy", "per_day", "max_days"}
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Late:
    """A late policy: ``accept`` (flagged, full marks), ``reject`` (does not count), or
    ``penalty``: ``per_day`` percent of the raw score off per day late, up to
    ``max_days`` days (later is not accepted; ``None``: no limit)."""

    policy: str = "accept"
    per_day: float = 0.0
    max_days: int | None = None

    def window(self, due: datetime) -> datetime | None:
        """The last moment a file may be handed in and still count (None: any time)."""
        if self.policy == "reject":
            return due
        if self.policy == "penalty" and self.max_days is not None:
            return due + self.max_days * DAY
        return None

    def penalty(self, days: int) -> float:
        """The share of the raw score taken off for ``days`` days late.

        >>> Late("penalty", 10, 5).penalty(2), Late("accept").penalty(3)
        (0.2, 0.0)
        """
        if self.policy != "penalty" or days <= 0:
            return 0.0
        return min(1.0, round(self.per_day * days / 100, 10))

    def describe(self) -> str:
        """The policy in words, for the report, the feedback page and the CLI.

        >>> Late("penalty", 10, 5).describe()
        'late work loses 10 % per day late, up to 5 days; later is not accepted'
        """
        if self.policy == "accept":
            return "late work is accepted without penalty (and flagged late)"
        if self.policy == "reject":
            return "late work is not accepted"
        limit = (
            f", up to {self.max_days} day{'s' if self.max_days != 1 else ''}; later is not accepted"
            if self.max_days is not None
            else ""
        )
        return f"late work loses {self.per_day:g} % per day late{limit}"


@dataclass(frozen=True)
class Assignment:
    """One assignment: its exercises (bank ids, in the file's order), dates and late policy."""

    id: str
    title: str
    exercises: tuple[str, ...]
    due: datetime
    opens: datetime | None = None
    late: Late = Late()
    extensions: tuple[Extension, ...] = ()

    def extension(self, student: str) -> Extension | None:
        """``student``'s extension of this assignment, if the file gives one."""
        return next((x for x in self.extensions if x.student == student), None)

    def to_row(self) -> dict:
        """The assignment as the gradebook keeps it (times as UTC ISO text)."""
        return {
            "id": self.id,
            "title": self.title,
            "exercises": list(self.exercises),
            "opens": self.opens.astimezone(UTC).isoformat() if self.opens else None,
            "due": self.due.astimezone(UTC).isoformat(),
            "policy": self.late.policy,
            "per_day": self.late.per_day,
            "max_days": self.late.max_days,
            # not kept by the gradebook: each outcome's reason names the extension
            "extensions": [(x.student, x.due.isoformat(), x.why) for x in self.extensions],
        }

    @classmethod
    def from_row(cls, row: dict) -> Assignment:
        """The inverse of :meth:`to_row`."""
        opens = datetime.fromisoformat(row["opens"]) if row["opens"] else None
        late = Late(row["policy"], row["per_day"], row["max_days"])
        return cls(
            row["id"], row["title"], tuple(row["exercises"]),
            datetime.fromisoformat(row["due"]), opens, late,
        )  # fmt: skip


# --- reading the file ------------------------------------------------------------------


def default_path(bank_folder: str | os.PathLike) -> Path:
    """Where ``pm-course grade`` looks when ``--assignments`` is not given: the course
    folder, beside the bank (``COURSE/assignments.toml`` for ``COURSE/exercises``)."""
    return Path(bank_folder).resolve().parent / FILE_NAME


def load_assignments(
    path: str | os.PathLike, bank_ids: list[str], notebooks: dict[str, list[str]]
) -> list[Assignment]:
    """Read and check ``path``; every problem at once as :class:`AssignmentsError`.

    Parameters:
        path: the assignments file.
        bank_ids: the ids of the grading bank's exercises.
        notebooks: notebook stem -> the ids of the exercises it shows, in order.
    """
    shown = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AssignmentsError([Problem(shown, "", "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AssignmentsError([Problem(shown, "", "", f"cannot read it: {error}")]) from None
    except tomllib.TOMLDecodeError as error:
        raise AssignmentsError([Problem(shown, "", "", f"not valid TOML: {error}")]) from None
    problems: list[Problem] = []
    unknown = sorted(set(data) - {"assignment", "schema_version"})
    if unknown:
        problems.append(
            Problem(shown, "", unknown[0], "unknown key; the file holds [[assignment]] tables")
        )
    if data.get("schema_version", 1) != 1:
        problems.append(
            Problem(shown, "", "schema_version", "must be 1 (this pm-course reads version 1)")
        )
    tables = data.get("assignment")
    if not isinstance(tables, list) or not tables:
        problems.append(
            Problem(shown, "", "assignment", "no [[assignment]] tables; add at least one")
        )
        raise AssignmentsError(problems)
    found: list[Assignment] = []
    owner: dict[str, str] = {}
    for n, table in enumerate(tables):
        one, trouble = _assignment(table, n, shown, set(bank_ids), notebooks)
        problems += trouble
        if one is None:
            continue
        if one.id in {a.id for a in found}:
            problems.append(Problem(shown, one.id, "id", "used by two assignments; ids are unique"))
        for exercise in one.exercises:
            if exercise in owner and owner[exercise] != one.id:
                problems.append(
                    Problem(shown, one.id, "exercises", f"{exercise!r} is in assignment "
                            f"{owner[exercise]!r} already: an exercise counts for one assignment")
                )  # fmt: skip
            owner.setdefault(exercise, one.id)
        found.append(one)
    if problems:
        raise AssignmentsError(problems)
    return found


def _assignment(table, n: int, shown: str, bank: set, notebooks: dict):
    """``(Assignment or None, problems)`` for the ``n``-th ``[[assignment]]`` table."""
    if not isinstance(table, dict):
        return None, [Problem(shown, f"#{n + 1}", "", "each [[assignment]] is a table")]
    ident = table.get("id")
    name = ident if isinstance(ident, str) and ident else f"#{n + 1}"
    problems = [Problem(shown, name, key, "unknown field") for key in sorted(set(table) - FIELDS)]

    def bad(field: str, message: str) -> None:
        problems.append(Problem(shown, name, field, message))

    if not is_id(ident):
        bad("id", 'required: a lower-case id such as "a1" or "week-2"')
    title = table.get("title", ident)
    if not isinstance(title, str) or not title.strip():
        bad("title", "must be text")
    exercises = _exercises(table, bank, notebooks, bad)
    due = _moment(table, "due", bad, required=True)
    opens = _moment(table, "opens", bad, required=False)
    if due and opens and opens >= due:
        bad("opens", f"is not before due ({due.isoformat()})")
    late = _late(table.get("late", "accept"), bad)
    extensions = parse_extensions(table.get("extensions"), due, bad)
    if problems or due is None or late is None:
        return None, problems
    return Assignment(ident, title.strip(), exercises, due, opens, late, extensions), problems


def _exercises(table: dict, bank: set, notebooks: dict, report) -> tuple[str, ...]:
    """The assignment's exercise ids: ``exercises``, then those of its ``notebooks``."""
    chosen: list[str] = []
    troubled = []

    def bad(field: str, message: str) -> None:
        troubled.append(field)
        report(field, message)

    if "exercises" not in table and "notebooks" not in table:
        bad("exercises", "give exercises = [ids] or notebooks = [names] (or both)")
    for field in ("exercises", "notebooks"):
        values = table.get(field, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            bad(field, "must be a list of names in quotes")
            continue
        for value in values:
            if field == "exercises":
                if value not in bank:
                    bad(field, f"{value!r} is not an exercise of the grading bank")
                    continue
                ids = [value]
            else:
                stem = value.removesuffix(".ipynb")
                if stem not in notebooks:
                    near = ", ".join(sorted(notebooks)[:3])
                    bad(field, f"{value!r} is not a course notebook (such as {near}, ...)")
                    continue
                ids = [i for i in notebooks[stem] if i in bank]
            chosen += [i for i in ids if i not in chosen]
    if not chosen and ("exercises" in table or "notebooks" in table) and not troubled:
        bad("exercises", "names no exercise of the grading bank: give at least one")
    return tuple(chosen)


def _moment(table: dict, field: str, bad, required: bool) -> datetime | None:
    """A TOML offset date-time, or ISO 8601 text with a time zone."""
    value = table.get(field)
    if value is None:
        if required:
            bad(field, "required: a date and time with its zone, e.g. 2027-03-08T17:00:00+01:00")
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            bad(field, f"{value!r} is not an ISO 8601 date and time")
            return None
    if not isinstance(value, datetime):
        bad(field, "must be a date and time with its zone, e.g. 2027-03-08T17:00:00+01:00")
        return None
    if value.tzinfo is None:
        bad(field, f"{value.isoformat()} has no time zone: add one, e.g. +01:00 or Z")
        return None
    return value


def _late(value, bad) -> Late | None:
    """``late = "accept" | "reject"`` or ``{ policy = "penalty", per_day = P, max_days = D }``."""
    if isinstance(value, str):
        value = {"policy": value}
    if not isinstance(value, dict):
        bad("late", 'must be "accept", "reject" or { policy = "penalty", per_day = 10 }')
        return None
    for key in sorted(set(value) - LATE_FIELDS):
        bad(f"late.{key}", "unknown field (policy, per_day, max_days)")
    policy = value.get("policy")
    if policy not in POLICIES:
        bad("late.policy", f"{policy!r} is not one of {', '.join(POLICIES)}")
        return None
    if policy != "penalty":
        if set(value) - {"policy"}:
            bad("late", f"per_day and max_days belong to the penalty policy, not {policy!r}")
            return None
        return Late(policy)
    per_day, max_days = value.get("per_day"), value.get("max_days")
    if isinstance(per_day, bool) or not isinstance(per_day, int | float) or not 0 < per_day <= 100:
        bad("late.per_day", "required: the percent of the raw score taken off per day (0-100]")
        return None
    if max_days is not None and (
        isinstance(max_days, bool) or not isinstance(max_days, int) or max_days < 1
    ):
        bad("late.max_days", "must be a whole number of days, 1 or more")
        return None
    return Late("penalty", float(per_day), max_days)


# --- scoring one student's assignment ----------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One student's result on one assignment (a row of ``assignment_results``)."""

    assignment: str
    student: str
    submission: int | None
    handed_in: str | None
    status: str  # "on time", "late", "rejected" or "not answered"
    days_late: int
    penalty: float
    raw: float
    score: float
    max_score: float
    reason: str = ""


def days_late(handed_in: datetime, due: datetime) -> int:
    """Days late, per started day: 0 when on time.

    >>> due = datetime(2027, 3, 8, 16, tzinfo=UTC)
    >>> [days_late(due + late, due) for late in (timedelta(0), timedelta(minutes=1), 2 * DAY)]
    [0, 1, 2]
    """
    if handed_in <= due:
        return 0
    return math.ceil((handed_in - due) / DAY)


def assignment_result(
    assignment: Assignment, student: str, files: list[dict], points: dict
) -> Outcome:
    """The :class:`Outcome` of ``student`` on ``assignment``.

    ``files``: the student's submissions that count, oldest first (by ``created``, then
    hash, the order of the current submission), each a dict with ``id``, ``handed_in``
    (UTC ISO text) and ``answers``: exercise id -> ``(answer JSON or None, score)`` for
    this assignment's exercises (overrides applied). ``points``: exercise id -> points.
    With an extension for ``student``, the late policy counts from its due date, and the
    outcome's reason says so (the report and the feedback page show it).
    """
    late, extension = assignment.late, assignment.extension(student)
    due = extension.due if extension else assignment.due
    given = extension.describe(assignment.due) if extension else ""
    max_score = sum(points.get(i, 0.0) for i in assignment.exercises)
    window = late.window(due)
    moment = {f["id"]: datetime.fromisoformat(f["handed_in"]) for f in files}
    taken = [f for f in files if window is None or moment[f["id"]] <= window]
    refused = [f for f in files if f not in taken]

    def answers(f: dict) -> tuple:
        return tuple(f["answers"].get(i, (None, 0.0))[0] for i in assignment.exercises)

    def raw(f: dict) -> float:
        return sum(f["answers"].get(i, (None, 0.0))[1] for i in assignment.exercises)

    base = dict(assignment=assignment.id, student=student, max_score=max_score)
    if not taken:
        last = refused[-1]
        days = days_late(moment[last["id"]], due)
        reason = _joined(given, (
            f"handed in {_shown(moment[last['id']])}, {days} day{'s' if days != 1 else ''} after "
            f"the due date {_shown(due)}; {late.describe()}"
        ))  # fmt: skip
        return Outcome(
            submission=None, handed_in=last["handed_in"], status="rejected", days_late=days,
            penalty=1.0, raw=raw(last), score=0.0, reason=reason, **base,
        )  # fmt: skip
    counted = taken[-1]
    mine = answers(counted)
    if all(a is None for a in mine):
        return Outcome(submission=counted["id"], handed_in=counted["handed_in"],
                       status="not answered", days_late=0, penalty=0.0, raw=0.0, score=0.0,
                       reason=given, **base)  # fmt: skip
    first = min((f for f in taken if answers(f) == mine), key=lambda f: moment[f["id"]])
    days = days_late(moment[first["id"]], due)
    penalty = late.penalty(days)
    later = [f for f in refused if moment[f["id"]] > moment[counted["id"]]]
    reason = ""
    if later:
        when = moment[later[-1]["id"]]
        reason = (
            f"a later file (handed in {_shown(when)}, {days_late(when, due)} day(s) after the "
            f"due date) does not count: {late.describe()}"
        )
    reason = _joined(given, reason)
    total = raw(counted)
    return Outcome(
        submission=counted["id"], handed_in=first["handed_in"],
        status="late" if days else "on time", days_late=days, penalty=penalty, raw=total,
        score=round(total * (1 - penalty), 10), reason=reason, **base,
    )  # fmt: skip


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _shown(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# --- a whole class ---------------------------------------------------------------------


def notebook_exercises(folder: str | os.PathLike | None = None) -> dict[str, list[str]]:
    """Notebook stem -> the exercises it shows first, in order (empty without notebooks)."""
    from course.content.notebooks import shown_order

    found: dict[str, list[str]] = {}
    for exercise, stem in shown_order(folder):
        found.setdefault(stem, []).append(exercise)
    return found


def record(book, plan: list[Assignment], only: str | None = None) -> list[Outcome]:
    """Score every student with a submission on each assignment of ``plan`` (or on
    ``only``) and keep the assignments and outcomes in ``book``; returns the outcomes."""
    chosen = [a for a in plan if only is None or a.id == only]
    points = {e["id"]: e["points"] for e in book.exercises()}
    files = book.submission_files()
    answers = book.submission_answers(sorted({i for a in chosen for i in a.exercises}))
    outcomes = []
    for assignment in chosen:
        for student, mine in sorted(files.items()):
            with_answers = [dict(f, answers=answers.get(f["id"], {})) for f in mine]
            outcomes.append(assignment_result(assignment, student, with_answers, points))
    book.set_assignments([a.to_row() for a in plan], outcomes, only)
    return outcomes


def unmatched_extensions(plan: list[Assignment], students: set[str]) -> list[str]:
    """A line for each extension naming a student with no submission (a typo, or a student
    who has not handed in yet): ``pm-course grade`` prints them."""
    return [
        f"extension of {a.id} for {x.student!r}: no submission from that student "
        "(check the id: it is the one their submissions carry)"
        for a in plan
        for x in a.extensions
        if x.student not in students
    ]


def kept(book) -> list[Assignment]:
    """The assignments ``book`` keeps (from the last ``pm-course grade``)."""
    return [Assignment.from_row(r) for r in book.assignments()]
