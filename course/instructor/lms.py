"""Grades in the import format of a learning management system, joined with its roster.

For example (not run as a doctest: it works on real course files)::

    export_lms(book, "canvas", "canvas-export.csv", "canvas-import.csv")
    # LmsExport(rows=212, matched=210, unmatched=['s0999', 'tester'])

Each LMS matches students by its own identifiers, which only the LMS knows: the
roster is the grades file the LMS itself exports (its column headers and ids).
Each student row of the roster gets the pm-course scores of the student whose
id is in the roster's match column (compared without case and without a
leading ``#``; an e-mail address also matches by the part before ``@``).
Students pm-course graded but the roster lacks are listed, never exported.

Formats (documented headers, checked against sample rosters in
``tests/fixtures/lms/``):

* ``canvas``: ``Student, ID, SIS User ID, SIS Login ID, Section``, a column per
  item, then a ``Points Possible`` row. A column whose name matches an existing
  assignment takes the roster's ``Name (id)`` header, so the import updates
  that assignment; other columns create assignments.
  https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807
* ``moodle``: the roster's user fields (first and last name, ID number, email
  address, username when present) and a column per item; on import, map the
  match column to the user field and each column to a grade item.
  https://docs.moodle.org/405/en/Grade_import
* ``blackboard`` (Learn Grade Center): ``"Last Name","First Name","Username"``,
  ``"Student ID"`` when present, every field quoted; existing columns keep
  their ``|<column id>`` suffix; others become new columns.
  http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm
* ``brightspace`` (D2L): ``OrgDefinedId, Username``, ``<item> Points Grade``
  per item and ``End-of-Line Indicator`` (``#``) last.
  https://community.d2l.com/brightspace/kb/articles/3538-importing-grades

No format has a total column: each LMS computes its own. Unanswered is blank.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from course.errors import UsageError
from course.instructor.gradebook import Gradebook
from course.instructor.table import Item, grade_items, number, write_rows

# The roster column holding the id learners submit under, tried in this order.
MATCH = {
    "canvas": ("SIS Login ID", "SIS User ID", "ID"),
    "moodle": ("Username", "Email address", "ID number"),
    "blackboard": ("Username", "Student ID"),
    "brightspace": ("Username", "OrgDefinedId"),
}
HOW_TO_GET = {
    "canvas": "Grades > Export > Export Entire Gradebook",
    "moodle": "Grades > Export > Plain text file",
    "blackboard": "Grade Center > Work Offline > Download (user information only is enough)",
    "brightspace": "Grades > Enter Grades > Export (key field: both; user details ticked)",
}
CANVAS_ID = re.compile(r"^(.*) \((\d+)\)$")
BLACKBOARD_ID = re.compile(r"^(.*?)(?: \[[^\]]*\])? ?\|(\d+)$")
BRIGHTSPACE_ITEM = re.compile(r"^(.*) Points Grade(?: <.*>)?$")


@dataclass(frozen=True)
class LmsExport:
    """What :func:`export_lms` wrote: student rows, how many matched, who did not."""

    rows: int
    matched: int
    unmatched: list[str]


@dataclass
class Roster:
    """An LMS's exported grades file: its header and its student rows (dicts)."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]


def read_roster(path: str | os.PathLike) -> Roster:
    """Read an LMS export: UTF-8 (with or without BOM) or UTF-16 (Blackboard), comma,
    tab or semicolon separated. Canvas's ``Points Possible`` and test student rows
    are dropped."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"Cannot read the roster {path}: {error.strerror}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(
                f"The roster {path} is neither UTF-8 nor UTF-16 text; export it from the "
                "LMS again (or save it as CSV UTF-8)"
            ) from None
    first = text.split("\n", 1)[0]
    delimiter = max("\t,;", key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # e.g. a field over csv's 131,072-character limit
        raise UsageError(
            f"The roster {path} is not a CSV file an LMS exports ({error}); export it again"
        ) from None
    if not rows or not any(rows[0]):
        raise UsageError(f"The roster {path} is empty; export the LMS's grades file again")
    header = [h.strip() for h in rows[0]]
    body = [dict(zip(header, r, strict=False)) for r in rows[1:] if any(c.strip() for c in r)]
    body = [
        r
        for r in body
        if r.get("Student", "").strip() not in ("Points Possible", "Student, Test")
        and not r.get("Student", "").strip().startswith("Points Possible")
    ]
    return Roster(path, header, body)


def _key(value: str) -> str:
    return value.strip().lstrip("#").strip().lower()


def match_column(roster: Roster, lms: str, match: str | None) -> str:
    """The roster column holding pm-course student ids (``match`` or the LMS's default)."""
    wanted = [match] if match else MATCH[lms]
    for column in wanted:
        if column in roster.header:
            return column
    raise UsageError(
        f"The roster {roster.path} has no {' or '.join(repr(c) for c in wanted)} column. "
        f"Pass the file {lms.capitalize()} exports ({HOW_TO_GET[lms]}), or name the column "
        "that holds the ids learners submitted under with --match COLUMN"
    )


def join(roster: Roster, column: str, students) -> tuple[list[tuple[dict, str | None]], list[str]]:
    """Pair each roster row with the pm-course student whose id it holds (or None);
    returns the pairs and the students no row holds, or no row holds unambiguously.

    A row's id matches a student id exactly, else ignoring case, else by the part before
    ``@`` of an e-mail address. A match that could be two students (``Jo`` and ``jo``;
    ``bob`` and ``bob@uni.example`` for the row ``bob@uni.example``), or a local part that
    two rows share (``jo@a.example``, ``jo@b.example``), pairs no one: their grades are
    never given to the wrong row, and those students are listed as not exported.
    """
    by_key: dict[str, list[str]] = {}
    for student in students:
        by_key.setdefault(_key(student), []).append(student)
    values = [row.get(column, "").strip().lstrip("#").strip() for row in roster.rows]
    locals_ = Counter(_key(v).split("@")[0] for v in values if "@" in v)
    pairs, found, doubtful = [], set(), set()
    for row, value in zip(roster.rows, values, strict=True):
        key = _key(value)
        full = by_key.get(key, [])
        local = by_key.get(key.split("@")[0], []) if "@" in key else []
        if "@" in key and locals_[key.split("@")[0]] > 1:
            local = local + local  # two rows share this local part: it names no one
        candidates = [value] if value in full else full
        if len(candidates) == 1 and not local:
            student = candidates[0]
        elif not candidates and len(local) == 1:
            student = local[0]
        else:
            student = None
            doubtful.update(candidates + local)
        pairs.append((row, student))
        found.add(student)
    found -= doubtful
    pairs = [(row, None if s in doubtful else s) for row, s in pairs]
    return pairs, sorted(s for s in students if s not in found)


def _existing(header: list[str], pattern: re.Pattern) -> dict[str, str]:
    """Item name -> the roster's full header, for the LMS's own columns with ids."""
    found = {}
    for column in header:
        m = pattern.match(column)
        if m:
            found.setdefault(m.group(1).strip().lower(), column)
    return found


def _columns(items: list[Item], header: list[str], lms: str) -> list[str]:
    if lms == "canvas":
        known = _existing(header, CANVAS_ID)
        return [known.get(i.title.lower(), i.title) for i in items]
    if lms == "blackboard":
        known = _existing(header, BLACKBOARD_ID)
        return [known.get(i.title.lower(), i.title) for i in items]
    if lms == "brightspace":
        known = _existing(header, BRIGHTSPACE_ITEM)
        return [known.get(i.title.lower(), f"{i.title} Points Grade") for i in items]
    return [i.title for i in items]


def _present(header: list[str], wanted: tuple[str, ...], also: str) -> list[str]:
    return [c for c in header if c in wanted or c == also]


def lms_rows(roster: Roster, lms: str, items: list[Item], column: str, pairs) -> list[list[str]]:
    """The rows of the import file for ``lms`` (header first)."""
    columns = _columns(items, roster.header, lms)

    def scores(student):
        return [number(i.scores.get(student)) if student else "" for i in items]

    if lms == "canvas":
        ids = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
        possible = ["Points Possible", "", "", "", "", *(number(i.points) for i in items)]
        body = [[r.get(c, "") for c in ids] + scores(s) for r, s in pairs]
        return [ids + columns, possible, *body]
    if lms == "moodle":
        fields = ("First name", "Last name", "ID number", "Email address", "Username")
        ids = _present(roster.header, fields, column)
    elif lms == "blackboard":
        ids = _present(roster.header, ("Last Name", "First Name", "Username", "Student ID"), column)
    else:  # brightspace: the two key fields, in the order its import wants them
        ids = [c for c in ("OrgDefinedId", "Username") if c in roster.header]
        end = ["End-of-Line Indicator"]
        body = [[r.get(c, "") for c in ids] + scores(s) + ["#"] for r, s in pairs]
        return [ids + columns + end, *body]
    return [ids + columns, *([r.get(c, "") for c in ids] + scores(s) for r, s in pairs)]


def export_lms(
    book: Gradebook,
    lms: str,
    roster: str | os.PathLike,
    out: str | os.PathLike,
    *,
    per: str = "exercise",
    graded_only: bool = False,
    match: str | None = None,
    notebooks=None,
) -> LmsExport:
    """Write the import file for ``lms`` from the gradebook and the LMS's own export.

    Parameters:
        book: an open gradebook.
        lms: ``canvas``, ``moodle``, ``blackboard`` or ``brightspace``.
        roster: the grades file the LMS exported (its students and ids).
        out: the file to write (replaced whole).
        per: a column per ``exercise`` or per ``notebook``.
        graded_only: only exercises marked ``graded = true``.
        match: the roster column holding the ids learners submitted under.
        notebooks: the notebooks folder giving the column order (default: the course's).
    """
    if lms not in MATCH:
        raise UsageError(f"Unknown LMS {lms!r}; choose one of {', '.join(MATCH)}")
    table = read_roster(roster)
    column = match_column(table, lms, match)
    items = grade_items(book, per, graded_only, notebooks)
    students = [s["student"] for s in book.current()]
    pairs, unmatched = join(table, column, students)
    rows = lms_rows(table, lms, items, column, pairs)
    write_rows(out, rows, quoting=csv.QUOTE_ALL if lms == "blackboard" else csv.QUOTE_MINIMAL)
    matched = sum(1 for _, s in pairs if s)
    return LmsExport(rows=len(pairs), matched=matched, unmatched=unmatched)
