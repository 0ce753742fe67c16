"""Grade files for an LMS, from a roster a learner could have shaped.

From the web red team's report: roster cells beginning with ``= + - @``, tab or CR
were copied into the import file unchanged (a spreadsheet runs them as formulas);
two ids equal but for case gave one roster row the other's grades; one submission
``jo`` was exported for both ``jo@a.example`` and ``jo@b.example``; an id
``bob@uni.example`` took the row of ``bob``; a field over 131,072 characters gave a
traceback.
"""

from __future__ import annotations

import csv

import pytest
from grading import support

from course.errors import UsageError
from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook
from course.instructor.lms import export_lms

HEADER = "First name,Last name,ID number,Email address,Quiz: Whose duty? (Real)\n"


def graded_class(tmp_path, students):
    folder = tmp_path / "in"
    for student in students:
        doc = support.submission(student)
        del doc["answers"]["duration"]
        support.write(folder, doc, f"{student.replace('@', '_')}.json")
    book = Gradebook(tmp_path / "g.sqlite")
    grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
    return book


def exported(tmp_path, book, roster_text):
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_text, encoding="utf-8")
    result = export_lms(book, "moodle", roster, tmp_path / "out.csv", match="Email address")
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as file:
        return result, list(csv.DictReader(file))


def test_formula_cells_are_made_inert(tmp_path):
    with graded_class(tmp_path, ["ada"]) as book:
        roster = HEADER + '=HYPERLINK("http://x"),@SUM(A1),+1,ada,-\n'
        _, rows = exported(tmp_path, book, roster)
    (row,) = rows
    assert row["First name"] == '\'=HYPERLINK("http://x")' and row["Last name"] == "'@SUM(A1)"
    assert row["ID number"] == "+1"  # a number stays a number


def test_ambiguous_ids_give_no_one_another_s_grades(tmp_path):
    students = ["Jo", "jo", "kim", "bob", "bob@uni.example"]
    with graded_class(tmp_path, students) as book:
        roster = HEADER + "J,O,1,jo\nK,A,2,kim@a.example\nK,B,3,kim@b.example\n"
        result, rows = exported(tmp_path, book, roster + "B,C,4,bob@uni.example\n")
    # "jo" is jo's row (an exact id), never Jo's; kim's local part is in two rows and
    # bob@uni.example could be bob or the id "bob@uni.example": those pair no one
    # (the roster's "Quiz: Whose duty? (Real)" is Moodle's item for the exercise: reused)
    duty = "Quiz: Whose duty? (Real)"
    assert result.matched == 1 and rows[0][duty] == "3"
    assert set(result.unmatched) == {"Jo", "kim", "bob", "bob@uni.example"}
    # the rows that pair no one keep what the roster has there (nothing), and get
    # Moodle's "no grade" in the items Moodle does not have yet
    assert all(r[duty] == "" for r in rows[1:])
    assert all(r["Certifications (Real)"] == "-" for r in rows[1:])


def test_an_oversized_roster_field_is_a_clear_error(tmp_path):
    with graded_class(tmp_path, ["ada"]) as book:
        with pytest.raises(UsageError, match="not a CSV file an LMS exports"):
            exported(tmp_path, book, HEADER + "A," + "x" * 140_000 + ",1,ada,-\n")
