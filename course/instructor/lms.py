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
  that assignment; other columns create assignments with those points.
  https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807
* ``moodle``: the roster's user fields (first and last name, ID number, email
  address, username when present), a column per item, and the roster's ``Last
  downloaded from this course`` (Moodle's guard against overwriting newer
  grades). An item Moodle exported (``Quiz: Whose duty? (Real)``) keeps that
  header; an item it did not is written as Moodle's "Export to CSV" names a
  manual item, ``<item name> (Real)``, scored in points. Moodle's CSV import
  cannot create a grade item with a maximum (a column mapped to "New grade item"
  becomes an item out of 100: ``grade_import_commit`` in ``grade/import/lib.php``
  creates it from its name alone), so the instructor creates each item with its
  maximum first; the mapping page then maps ``<name> (Real)`` to the item of that
  name by itself (``grade_import_mapping_form``, "Auto-map matching grade items",
  ``grade/import/grade_import_form.php``), as it maps ``Email address`` to
  ``useremail``. "No grade" is ``-``, as Moodle writes it (its import skips ``-``;
  an empty cell would clear a grade).
  https://docs.moodle.org/405/en/Grade_import
* ``blackboard`` (Learn Grade Center): ``"Last Name","First Name","Username"``,
  ``"Student ID"`` when present, every field quoted; existing columns keep
  their ``Name [Total Pts: N Score] |<column id>`` header, the id being what
  matches the column; new ones are named as Blackboard names a score column,
  ``Title [Total Pts: N Score]``, but Blackboard documents that a column without
  an id is created as a text column worth 0 points, so the instructor creates the
  columns first and downloads the roster again (then every column has its id).
  Written comma-separated as ``.csv`` (UTF-8), or, for an ``--out`` ending in
  ``.xls``, tab-delimited in UTF-16 as Blackboard's own download is (the form
  Blackboard recommends for uploads).
  http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm
* ``brightspace`` (D2L): ``OrgDefinedId, Username``, ``<item> Points Grade``
  per item (a new one with ``<Numeric MaxPoints:N>``, so Brightspace creates it
  with its maximum) and ``End-of-Line Indicator`` (``#``) last.
  https://community.d2l.com/brightspace/kb/articles/3538-importing-grades

An item the LMS has with another maximum than the course's points (Canvas's
``Points Possible``, Blackboard's ``[Total Pts: N]``, Brightspace's
``MaxPoints:N``) gets its scores scaled to that maximum. No format has a total
column: each LMS computes its own. No import clears a
grade the LMS holds: where pm-course has no score for a student (no submission,
or the exercise unanswered), an item the LMS has keeps the roster's own cell, and
a new item gets the LMS's "no grade" (``-`` in Moodle, blank elsewhere). A new
item that no roster student answered is left out (:attr:`LmsExport.left_out`),
so the import creates no empty items. :attr:`LmsExport.notes` says what to check
on the LMS's import page.

Checked on 2026-12-08 against (besides the pages above):

* Moodle: ``grade/import/grade_import_form.php`` of moodle/moodle
  (``grade_import_mapping_form``: a header ``X (Real)`` defaults to the grade item
  named ``X``; ``Email address``/``ID number`` to the user field of that label),
  ``grade/import/lib.php`` (``grade_import_commit``: a new item gets only a name,
  "TODO: we need some bounds here too"), ``grade/export/lib.php``
  (``format_column_name``: ``{name} ({display type})``), and docs.moodle.org
  "Grade import" (3.11 and 4.5): columns must be added in Moodle before export.
* Blackboard Learn (Original): library.blackboard.com "Uploading or Downloading
  Grade Center Items for Working Offline": the column id identifies a column,
  columns without one become 0-point text columns, ``.xls`` tab-delimited or
  ``.csv`` comma-delimited with every field quoted, tab-delimited recommended.
  Ultra: not checked.
* Brightspace: community.d2l.com article 3538 "Importing grades" (``<item>
  Points Grade``, OrgDefinedId and Username first) and "Import grade items"
  (the *Create new grade item when an unrecognized item is referenced* option).
  The ``<Numeric MaxPoints:N>`` header attribute is in the export D2L writes for
  an item and in universities' help pages (CSULB, cited by the December 2026
  review); no D2L page stating it was found on 2026-12-08.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from course.core.files import write_atomic
from course.errors import UsageError
from course.instructor.gradebook import Gradebook
from course.instructor.table import Item, grade_items, inert, number, write_rows

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
CANVAS_USER_FIELDS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section")
MOODLE_USER_FIELDS = (
    "First name",
    "Surname",
    "Last name",
    "ID number",
    "Email address",
    "Username",
)
# what Moodle's own export writes after the items; kept so its import can refuse to
# overwrite grades changed in Moodle since that export ("gradealreadyupdated")
MOODLE_NOT_ITEMS = ("Last downloaded from this course",)
MOODLE_DISPLAY = re.compile(r" \((Real|Percentage|Letter)(?: \((Real|Percentage|Letter)\))?\)$")
# a cell for a student with no score in a column the LMS does not have yet
NO_GRADE = {"canvas": "", "moodle": "-", "blackboard": "", "brightspace": ""}
NEW_ITEMS = {
    "canvas": "Canvas creates {n} new assignment(s) with the Points Possible row's points: "
    "{maxima}.",
    "moodle": "Moodle's CSV import cannot create a grade item with a maximum (New grade "
    "item makes one out of 100), and {n} column(s) are items the roster lacks, in points. "
    "Before importing, create each as a grade item (Gradebook setup > Add grade item) "
    "named as its column without ' (Real)', with this Maximum grade: {maxima}; the "
    "import page then maps each column to its item by itself.",
    "blackboard": "{n} new column(s) carry their points in Blackboard's own header form "
    "([Total Pts: N Score]): {maxima}. Blackboard documents that an upload creates a "
    "column without an id, not that it reads the points from its name: if one arrives "
    "as a 0-point text column, create the columns first and download the roster again.",
    "brightspace": "Brightspace creates {n} new item(s) with the maximum their header "
    "gives (<Numeric MaxPoints:N>): {maxima}.",
}


@dataclass(frozen=True)
class LmsExport:
    """What :func:`export_lms` wrote: student rows, how many matched, who did not."""

    rows: int
    matched: int
    unmatched: list[str]
    left_out: list[str] = field(default_factory=list)  # new items nobody answered
    notes: list[str] = field(default_factory=list)  # what to check on the import page


@dataclass
class Roster:
    """An LMS's exported grades file: its header and its student rows (dicts)."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    possible: dict[str, str] = field(default_factory=dict)  # Canvas's Points Possible row


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
    possible = next((r for r in body if r.get("Student", "").strip() == "Points Possible"), {})
    body = [
        r
        for r in body
        if r.get("Student", "").strip() not in ("Points Possible", "Student, Test")
        and not r.get("Student", "").strip().startswith("Points Possible")
    ]
    return Roster(path, header, body, possible)


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


def _moodle_existing(header: list[str]) -> dict[str, str]:
    """Item name -> header of the grade items Moodle exported: ``Quiz: Whose duty? (Real)``
    is found as ``whose duty?`` (and as ``quiz: whose duty?``, for a manual item whose
    own name has a colon)."""
    found: dict[str, str] = {}
    for column in header:
        if column in MOODLE_USER_FIELDS or column in MOODLE_NOT_ITEMS:
            continue
        if column.startswith(("Feedback: ", "Course total", "Category total")):
            continue
        name = MOODLE_DISPLAY.sub("", column).strip()
        found.setdefault(name.lower(), column)
        if ": " in name:
            found.setdefault(name.split(": ", 1)[1].strip().lower(), column)
    return found


@dataclass(frozen=True)
class Column:
    """One item's column in the import file: its header and whether the LMS has it."""

    item: Item
    header: str
    existing: bool
    scale: float = 1.0  # the LMS's maximum for the item over the course's points


LMS_MAX = {
    "blackboard": re.compile(r"\[Total Pts: (?:up to )?([0-9]+(?:\.[0-9]+)?)\b"),
    "brightspace": re.compile(r"<Numeric MaxPoints:([0-9]+(?:\.[0-9]+)?)\b"),
}


def _lms_max(roster: Roster, header: str, lms: str) -> float | None:
    """The maximum the LMS gives an item it has: Canvas's Points Possible row,
    Blackboard's ``[Total Pts: N ...]``, Brightspace's ``MaxPoints:N``; None when the
    file does not say (Moodle's export never does)."""
    if lms == "canvas":
        text = roster.possible.get(header, "").strip()
    else:
        m = LMS_MAX[lms].search(header) if lms in LMS_MAX else None
        text = m.group(1) if m else ""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value > 0 else None


def _columns(items: list[Item], roster: Roster, lms: str) -> list[Column]:
    """Each item's column: the roster's own header where the LMS has the item already
    (scores scaled to the LMS's maximum for it, where the file gives one that differs
    from the course's points), else a new column in the form that LMS creates an item
    with its maximum from."""
    header = roster.header
    known = {
        "canvas": lambda: _existing(header, CANVAS_ID),
        "blackboard": lambda: _existing(header, BLACKBOARD_ID),
        "brightspace": lambda: _existing(header, BRIGHTSPACE_ITEM),
        "moodle": lambda: _moodle_existing(header),
    }[lms]()
    new = {
        "canvas": "{title}",
        "moodle": "{title} (Real)",
        "blackboard": "{title} [Total Pts: {points} Score]",
        "brightspace": "{title} Points Grade <Numeric MaxPoints:{points}>",
    }[lms]
    columns = []
    for i in items:
        if i.title.lower() in known:
            head = known[i.title.lower()]
            top = _lms_max(roster, head, lms)
            scale = top / i.points if top and i.points and top != i.points else 1.0
            columns.append(Column(i, head, True, scale))
        else:
            columns.append(Column(i, new.format(title=i.title, points=number(i.points)), False))
    return columns


def _present(header: list[str], wanted: tuple[str, ...], also: str) -> list[str]:
    return [c for c in header if c in wanted or c == also]


def _cell(column: Column, row: dict, student: str | None, lms: str) -> str:
    """A student's cell: the score; where there is none, what the LMS holds now (its
    own cell, so the import changes nothing), or the LMS's "no grade" for a new item."""
    score = column.item.scores.get(student) if student else None
    if score is None:
        if column.existing:
            return row.get(column.header, "")
        return NO_GRADE[lms]
    return number(score * column.scale)


def lms_rows(
    roster: Roster, lms: str, columns: list[Column], column: str, pairs
) -> list[list[str]]:
    """The rows of the import file for ``lms`` (header first)."""
    heads = [c.header for c in columns]

    def cells(row, student):
        return [_cell(c, row, student, lms) for c in columns]

    if lms == "canvas":
        ids = [c for c in roster.header if c in CANVAS_USER_FIELDS]  # as the roster has them
        possible = [
            "Points Possible",
            *[""] * (len(ids) - 1),
            *(number(c.item.points) for c in columns),
        ]
        body = [[r.get(c, "") for c in ids] + cells(r, s) for r, s in pairs]
        return [ids + heads, possible, *body]
    if lms == "moodle":
        ids = _present(roster.header, MOODLE_USER_FIELDS, column)
        last = [c for c in roster.header if c in MOODLE_NOT_ITEMS]  # "Last downloaded ..."
        body = [
            [r.get(c, "") for c in ids] + cells(r, s) + [r.get(c, "") for c in last]
            for r, s in pairs
        ]
        return [ids + heads + last, *body]
    if lms == "blackboard":
        ids = _present(roster.header, ("Last Name", "First Name", "Username", "Student ID"), column)
        return [ids + heads, *([r.get(c, "") for c in ids] + cells(r, s) for r, s in pairs)]
    # brightspace: the two key fields, in the order its import wants them
    ids = [c for c in ("OrgDefinedId", "Username") if c in roster.header]
    body = [[r.get(c, "") for c in ids] + cells(r, s) + ["#"] for r, s in pairs]
    return [ids + heads + ["End-of-Line Indicator"], *body]


def _kept(columns: list[Column], pairs) -> tuple[list[Column], list[str]]:
    """The columns to write: every existing one, and new ones at least one roster student
    has a score in (an item nobody answered would only create an empty item)."""
    students = {s for _, s in pairs if s}
    kept = [c for c in columns if c.existing or students & set(c.item.scores)]
    return kept, [c.item.title for c in columns if c not in kept]


def _notes(lms: str, columns: list[Column]) -> list[str]:
    notes = []
    scaled = [c for c in columns if c.scale != 1.0]
    if scaled:
        each = ", ".join(
            f"{c.item.title} ({number(c.item.points)} in the course, "
            f"{number(c.item.points * c.scale)} in the LMS)"
            for c in scaled
        )
        notes.append(f"Scores scaled to the maximum the LMS gives these items: {each}.")
    new = [c for c in columns if not c.existing]
    if new:
        maxima = ", ".join(f"{c.item.title} ({number(c.item.points)})" for c in new)
        notes.append(NEW_ITEMS[lms].format(n=len(new), maxima=maxima))
    return notes


def write_blackboard_xls(out: str | os.PathLike, rows: list[list[str]]) -> None:
    """Rows as Blackboard's Work Offline download has them: tab-delimited, every field
    in quotes, UTF-16 with its byte order mark, CRLF line ends (owner-only, whole)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([[inert(cell) for cell in row] for row in rows])
    write_atomic(out, text.getvalue().encode("utf-16"))


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
    columns, left_out = _kept(_columns(items, table, lms), pairs)
    rows = lms_rows(table, lms, columns, column, pairs)
    if lms == "blackboard" and str(out).lower().endswith(".xls"):
        write_blackboard_xls(out, rows)
    else:
        write_rows(out, rows, quoting=csv.QUOTE_ALL if lms == "blackboard" else csv.QUOTE_MINIMAL)
    matched = sum(1 for _, s in pairs if s)
    return LmsExport(len(pairs), matched, unmatched, left_out, _notes(lms, columns))
