"""Tests for course.instructor.lms: each LMS's import file, joined with the roster it exports.

Headers and identifiers follow each LMS's documentation (the sample exports in
tests/fixtures/lms/ carry the documented headers; README.md there lists the pages):

* Canvas: https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807
* Moodle: https://docs.moodle.org/405/en/Grade_import
* Blackboard Learn: http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm
* Brightspace: https://community.d2l.com/brightspace/kb/articles/3538-importing-grades

The fixtures named above were written by this project from those pages (so a
misreading would be repeated in code and fixtures alike). Two checks are against
files the LMS's own developers wrote, kept in tests/fixtures/lms/outside/ with
their source, licence and date in that folder's README.md:

* Canvas: ``spec/fixtures/gradebooks/basic_course_with_sis_login_id.csv`` of
  instructure/canvas-lms, a roster its gradebook importer's specs read;
* Moodle: the ``$csvtext`` export of ``grade/import/csv/tests/load_data_test.php``
  of moodle/moodle (user fields, an item, its feedback, the course total and
  "Last downloaded from this course"), which Moodle's import tests load.

No such file could be had for Blackboard Learn or Brightspace (both are closed
source and publish only help pages), and no LMS publishes a parser or schema for
its grade import: those two are checked against their help pages only.
"""

import csv
from pathlib import Path

import pytest
from grading import support

from course.cli import main
from course.errors import UsageError
from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook
from course.instructor.lms import export_lms, read_roster

ROSTERS = Path(__file__).parents[1] / "fixtures" / "lms"
CANVAS = ROSTERS / "canvas-gradebook-export.csv"
MOODLE = ROSTERS / "moodle-grades-export.csv"
BLACKBOARD = ROSTERS / "blackboard-grade-center-download.xls"
BRIGHTSPACE = ROSTERS / "brightspace-grades-export.csv"
OUTSIDE = ROSTERS / "outside"
ORDER = ["duties", "ladder", "certs", "define", "traits", "cpi", "duration"]
TITLES = {
    "duties": "Whose duty?",
    "ladder": "The career ladder",
    "certs": "Certifications",
    "define": "What is a program?",
    "traits": "Program traits",
    "cpi": "Cost performance index",
    "duration": "Project duration",
}


@pytest.fixture
def book(tmp_path):
    # s000..s005; s000 and s003 all wrong (score 0), the others all right; nobody
    # answered the code exercise "duration"; s005 is in no roster
    with support.graded_class(tmp_path, 6) as book:
        yield book


@pytest.fixture
def nbs(tmp_path):
    return support.notebooks(tmp_path / "nb", ORDER[:3], ORDER[3:])


def no_code(doc):
    """A submission without the code answer (so no sandbox runs)."""
    del doc["answers"]["duration"]
    return doc


def read(path, **dialect):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file, **dialect))


def by_id(rows, column):
    header = rows[0]
    return {r[header.index(column)].lstrip("#"): dict(zip(header, r, strict=True)) for r in rows}


def test_canvas(book, nbs, tmp_path):
    out = tmp_path / "canvas.csv"
    result = export_lms(book, "canvas", CANVAS, out, notebooks=nbs)
    assert (result.rows, result.matched, result.unmatched) == (6, 5, ["s005"])
    # nobody answered the code exercise: a new, empty assignment would be created
    assert result.left_out == ["Project duration"]
    rows = read(out)
    # Canvas's identity columns, then one column per exercise in notebook order; the
    # existing assignment keeps its "Name (id)" header so the import updates it
    columns = [TITLES[i] for i in ORDER[:-1]]
    columns[0] = "Whose duty? (48213)"
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *columns]
    assert not any("Score" in h or "total" in h.lower() for h in rows[0])  # Canvas totals
    assert rows[1] == ["Points Possible", "", "", "", "", "3", "1", "1", "1", "1", "1"]
    students = by_id([rows[0], *rows[2:]], "SIS Login ID")
    ada = students["s000"]  # all wrong: 0 where answered
    assert (ada["Student"], ada["ID"], ada["SIS User ID"]) == ("Lovelace, Ada", "1001", "S-1001")
    assert ada["Whose duty? (48213)"] == "0"
    assert students["S001"]["Whose duty? (48213)"] == "3"  # ids compared without case
    assert students["s002@uni.example"]["Certifications"] == "1"  # e-mail matches its name part
    # nora has no submission: Canvas's 2.5 for her stays, new columns are blank
    assert students["nora"]["Whose duty? (48213)"] == "2.5"
    assert [students["nora"][c] for c in columns[1:]] == [""] * (len(columns) - 1)
    assert "Student, Test" not in {r[0] for r in rows}
    assert "5 new assignment(s)" in result.notes[0] and "Certifications (1)" in result.notes[0]


def test_moodle_keeps_its_items_its_no_grade_dash_and_last_downloaded(book, nbs, tmp_path):
    out = tmp_path / "moodle.csv"
    result = export_lms(book, "moodle", MOODLE, out, notebooks=nbs)
    assert result.matched == 5 and result.unmatched == ["s005"]
    rows = read(out)
    fields = ["First name", "Last name", "ID number", "Email address"]
    existing = "Quiz: Whose duty? (Real)"  # the item Moodle has: reused, not duplicated
    # the items the roster lacks, named as Moodle's export names a manual item: its
    # mapping page maps "<name> (Real)" to the item of that name by itself
    new = [f"{TITLES[i]} (Real)" for i in ORDER[1:-1]]
    assert rows[0] == [*fields, existing, *new, "Last downloaded from this course"]
    students = by_id(rows, "Email address")
    assert students["S001@uni.example"][existing] == "3"  # as Moodle has it: case kept
    assert students["s000@uni.example"]["Cost performance index (Real)"] == "0"
    # in points: the instructor creates the item with its maximum (1) first
    assert students["S001@uni.example"]["Cost performance index (Real)"] == "1"
    # nora: Moodle's 2.50 kept; "-" (Moodle's own no grade, which its import skips)
    # in the new items, never an empty cell (which would clear a grade)
    assert students["nora@uni.example"][existing] == "2.50"
    assert {students["nora@uni.example"][c] for c in new} == {"-"}
    assert {r[-1] for r in rows[1:]} == {"1764547200"}  # the export time, for its guard
    note = result.notes[0]
    assert "cannot create a grade item with a maximum" in note
    assert "The career ladder (1)" in note and "Add grade item" in note


def test_blackboard_reads_its_utf16_download_and_quotes_every_field(book, nbs, tmp_path):
    out = tmp_path / "bb.csv"
    result = export_lms(book, "blackboard", BLACKBOARD, out, notebooks=nbs)
    text = out.read_text(encoding="utf-8")
    assert text.startswith('"Last Name","First Name","Username","Student ID",')
    rows = read(out)
    existing = "Whose duty? [Total Pts: 3 Score] |3455"  # existing column: its id kept
    # new columns named as Blackboard names a score column, with their points
    new = [f"{TITLES[i]} [Total Pts: 1 Score]" for i in ORDER[1:-1]]
    assert rows[0] == ["Last Name", "First Name", "Username", "Student ID", existing, *new]
    assert all(line.startswith('"') and line.endswith('"') for line in text.splitlines())
    students = by_id(rows, "Username")
    assert students["s004"][existing] == "3"
    assert students["nora"][existing] == "2.5"  # no submission: Blackboard's grade kept
    assert students["nora"]["Certifications [Total Pts: 1 Score]"] == ""
    assert not any(h.startswith(("Total", "Weighted Total")) for h in rows[0])
    assert "[Total Pts: N Score]" in result.notes[0]


def test_blackboard_xls_is_tab_delimited_utf16_as_its_own_download(book, nbs, tmp_path):
    """``--out *.xls``: the file has the form of Blackboard's Work Offline download (the
    tab-delimited form its help recommends for uploads), read back by the reader that
    reads that download, with the same rows as the .csv."""
    export_lms(book, "blackboard", BLACKBOARD, tmp_path / "bb.csv", notebooks=nbs)
    export_lms(book, "blackboard", BLACKBOARD, tmp_path / "bb.xls", notebooks=nbs)
    raw = (tmp_path / "bb.xls").read_bytes()
    download = BLACKBOARD.read_bytes()
    assert raw[:2] == download[:2] == b"\xff\xfe"  # UTF-16 LE with its byte order mark
    text = raw.decode("utf-16")
    header = text.split("\r\n", 1)[0]
    assert header.startswith('"Last Name"\t"First Name"\t"Username"\t"Student ID"\t')
    assert '"Whose duty? [Total Pts: 3 Score] |3455"' in header
    assert read(tmp_path / "bb.csv") == list(csv.reader(text.splitlines(), delimiter="\t"))
    again = read_roster(tmp_path / "bb.xls")
    assert again.header == read(tmp_path / "bb.csv")[0] and len(again.rows) == 6


def test_brightspace_points_grade_columns_with_their_maximum(book, nbs, tmp_path):
    out = tmp_path / "d2l.csv"
    export_lms(book, "brightspace", BRIGHTSPACE, out, notebooks=nbs)
    rows = read(out)
    existing = (
        "Whose duty? Points Grade <Numeric MaxPoints:3 Weight:10 Category:Sorts CategoryWeight:30>"
    )
    new = [f"{TITLES[i]} Points Grade <Numeric MaxPoints:1>" for i in ORDER[1:-1]]
    assert rows[0] == ["OrgDefinedId", "Username", existing, *new, "End-of-Line Indicator"]
    assert all(r[-1] == "#" for r in rows[1:])
    students = by_id(rows, "Username")
    assert students["s000"]["OrgDefinedId"] == "#1001"  # ids as Brightspace wrote them
    assert students["S001"][existing] == "3"
    assert students["nora"][existing] == "2.5"  # kept
    assert students["s000"]["Certifications Points Grade <Numeric MaxPoints:1>"] == "0"
    assert not any("Final Grade" in h for h in rows[0])


@pytest.mark.parametrize(
    ("lms", "roster", "before", "after", "key"),
    [
        (
            "canvas",
            CANVAS,
            "\n    Points Possible,,,,,3.00,",
            "\n    Points Possible,,,,,6.00,",
            "SIS Login ID",
        ),
        ("brightspace", BRIGHTSPACE, "MaxPoints:3 ", "MaxPoints:6 ", "Username"),
        ("blackboard", BLACKBOARD, "[Total Pts: 3 Score]", "[Total Pts: 6 Score]", "Username"),
    ],
)
def test_an_item_the_lms_grades_out_of_more_gets_scores_scaled(
    lms, roster, before, after, key, book, nbs, tmp_path
):
    """The LMS holds "Whose duty?" out of 6 where the course gives 3 points: a full score
    is written 6, half of it 3, so the LMS shows the same share the course gave."""
    encoding = "utf-16" if lms == "blackboard" else "utf-8"
    text = roster.read_text(encoding=encoding)
    assert before in text
    changed = tmp_path / roster.name
    changed.write_text(text.replace(before, after), encoding=encoding, newline="")
    result = export_lms(book, lms, changed, tmp_path / "out.csv", notebooks=nbs)
    rows = read(tmp_path / "out.csv")
    duty = next(h for h in rows[0] if h.startswith("Whose duty?"))
    students = by_id([r for r in rows if r[0] != "Points Possible"], key)
    assert students["S001"][duty] == "6" and students["s000"][duty] == "0"
    assert students["nora"][duty] == "2.5"  # the LMS's own grade, as it is
    assert "Whose duty? (3 in the course, 6 in the LMS)" in result.notes[0]


def test_canvas_with_canvas_own_gradebook_fixture(tmp_path):
    """The roster is a file of Canvas's own importer specs (see the module docstring): it
    has no SIS User ID column, its Points Possible row has no leading spaces, and its
    rows are shorter than its header. The import file keeps Canvas's identity columns
    as that file has them, in its order, puts Points Possible second, leaves out the
    read-only and comment columns, and pairs rows by Canvas's ID."""
    roster = OUTSIDE / "canvas-lms-basic_course_with_sis_login_id.csv"
    folder = tmp_path / "in"
    for student in ("6", "4"):
        support.write(folder, no_code(support.submission(student, right=student == "6")))
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        nbs = support.notebooks(tmp_path / "nb", ORDER[:3], ORDER[3:])
        result = export_lms(book, "canvas", roster, tmp_path / "out.csv", match="ID", notebooks=nbs)
    assert (result.rows, result.matched, result.unmatched) == (7, 2, [])
    rows = read(tmp_path / "out.csv")
    sample = read(roster)
    assert rows[0][:4] == sample[0][:4] == ["Student", "ID", "SIS Login ID", "Section"]
    assert rows[1][0] == sample[1][0] == "Points Possible"
    assert not any("read only" in h or h == "Comments" for h in rows[0])
    assert [r[0] for r in rows[2:]] == [r[0] for r in sample[2:]]
    bill = by_id([rows[0], *rows[2:]], "ID")["6"]
    assert (bill["Student"], bill["Whose duty?"], bill["Certifications"]) == (
        "Blend, Bill",
        "3",
        "1",
    )
    assert by_id([rows[0], *rows[2:]], "ID")["4"]["Whose duty?"] == "0"


def test_moodle_with_moodle_own_export_sample(tmp_path):
    """The roster is the export Moodle's own import tests load (see the module
    docstring): Moodle's user fields as it names them there ("Surname"), an existing
    item with its feedback column, the course total and "Last downloaded from this
    course". The import file keeps the user fields in Moodle's order and the last
    column with its values, leaves out feedback and totals, matches by e-mail, and
    gives the row nobody submitted for Moodle's "-" in every new item."""
    roster = OUTSIDE / "moodle-load_data_test-csvtext.csv"
    folder = tmp_path / "in"
    support.write(folder, no_code(support.submission("student7")))
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        nbs = support.notebooks(tmp_path / "nb", ORDER[:3], ORDER[3:])
        result = export_lms(book, "moodle", roster, tmp_path / "out.csv", notebooks=nbs)
    assert (result.rows, result.matched) == (2, 1)
    rows = read(tmp_path / "out.csv")
    items = [f"{TITLES[i]} (Real)" for i in ORDER[:-1]]
    user = ["First name", "Surname", "ID number", "Email address"]
    assert rows[0] == [*user, *items, rows[0][-1]]
    assert rows[0][-1] == read(roster)[0][-1] == "Last downloaded from this course"
    anne, bobby = rows[1:]
    assert anne[:4] == ["Anne", "Able", "", "student7@example.com"]
    assert anne[4:-1] == ["3", "1", "1", "1", "1", "1"]  # all right, every item new: points
    assert bobby[4:] == ["-"] * len(items) + ["1764547200"]


def test_points_per_notebook(book, nbs, tmp_path):
    out = tmp_path / "canvas.csv"
    export_lms(book, "canvas", CANVAS, out, per="notebook", notebooks=nbs)
    rows = read(out)
    assert rows[0][5:] == ["Whose duty? (48213)", "01 Part 1", "02 Part 2"][1:]
    assert rows[1][5:] == ["5", "4"]  # duties 3 + ladder 1 + certs 1; four one-point ones
    students = by_id([rows[0], *rows[2:]], "SIS Login ID")
    assert (students["S001"]["01 Part 1"], students["S001"]["02 Part 2"]) == ("5", "3")
    assert (students["s000"]["01 Part 1"], students["nora"]["01 Part 1"]) == ("0", "")


def test_graded_only(book, nbs, tmp_path):
    out = tmp_path / "d2l.csv"
    export_lms(book, "brightspace", BRIGHTSPACE, out, graded_only=True, notebooks=nbs)
    graded = [i for i in ORDER if support.bank()[i].graded and i != "duration"]  # unanswered
    assert graded == ["duties", "certs", "traits", "cpi"]
    assert len(read(out)[0]) == 2 + len(graded) + 1


def test_a_roster_without_the_id_column_is_refused_with_how_to_get_one(book, tmp_path):
    roster = tmp_path / "names.csv"
    roster.write_text("Name,Score\nAda,1\n")
    with pytest.raises(UsageError, match="Grades > Export > Export Entire Gradebook"):
        export_lms(book, "canvas", roster, tmp_path / "out.csv")
    result = export_lms(book, "moodle", roster, tmp_path / "out.csv", match="Name")
    assert result.matched == 0 and len(result.unmatched) == 6
    assert not (tmp_path / ".out.csv.tmp").exists()


def test_read_roster_handles_bom_and_semicolons(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("\ufeffUsername;Email address\nada;ada@x.example\n".encode())
    roster = read_roster(path)
    assert roster.header == ["Username", "Email address"] and roster.rows[0]["Username"] == "ada"
    (tmp_path / "bin.csv").write_bytes(b"\xff\x00\xfe" * 10)
    with pytest.raises(UsageError, match="UTF"):
        read_roster(tmp_path / "bin.csv")


def test_the_command_line(book, nbs, tmp_path, capsys):
    out = tmp_path / "canvas.csv"
    argv = ["export", "--gradebook", str(book.path), "--format", "canvas", "--roster", str(CANVAS)]
    assert main([*argv, "--out", str(out), "--notebooks", str(nbs)]) == 0
    printed = capsys.readouterr()
    assert "5 of 6 roster rows matched" in printed.out
    assert "Left out (no roster student answered them): Project duration" in printed.out
    assert "note: Canvas creates 5 new assignment(s)" in printed.out
    assert "s005" in printed.err and "not in the roster" in printed.err
    assert read(out)[0][0] == "Student"
    assert main(["export", "--gradebook", str(book.path), "--format", "canvas", "--out", "x"]) == 2
    assert "--roster" in capsys.readouterr().err
