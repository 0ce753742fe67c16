"""Self-marked answers ("Mark it myself") are shown as such in gradebook show and the report.

A self-study learner may ask for the marks of a graded exercise before submitting
(course/learner/selfcheck.py); the submission says so (``self_assessed`` on the
answer). Graded through the real pipeline into a real gradebook, those answers
are flagged per student and exercise, only for the submission that counts.
"""

from grading import support

from course.cli import main
from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook
from course.instructor.overrides import show
from course.instructor.report import report_html

MARKED = "self-marked"


def hand_in(folder, student, created, marked=()):
    doc = support.submission(student, created=created)
    del doc["answers"]["duration"]
    for exercise in marked:
        doc["answers"][exercise]["self_assessed"] = True
    support.write(folder, doc, f"{student}-{created[:10]}.json")


def grade(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite")
    grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
    return book


def test_self_marked_answers_are_flagged_in_gradebook_show_and_the_report(tmp_path, capsys):
    hand_in(tmp_path / "in", "ada", "2025-03-01T10:00:00+00:00", marked=("cpi", "certs"))
    hand_in(tmp_path / "in", "ben", "2025-03-01T10:00:00+00:00")
    with grade(tmp_path) as book:
        assert book.self_marked() == {("ada", "cpi"), ("ada", "certs")}
        flags = {(g["student"], g["exercise"]): g["self_marked"] for g in book.grades()}
        assert [k for k, v in flags.items() if v] == [("ada", "certs"), ("ada", "cpi")]
        lines = show(book, "ada")
        page = report_html(book)
    marked = [line for line in lines if MARKED in line]
    assert [line.split(":")[0].strip() for line in marked] == ["certs [graded]", "cpi [graded]"]
    assert not any(MARKED in line for line in show(Gradebook(tmp_path / "g.sqlite"), "ben"))
    table = page[page.index('<details class="names">') : page.index("</details>")]
    ada = table[table.index("<td>ada</td>") : table.index("</tr>", table.index("<td>ada</td>"))]
    ben = table[table.index("<td>ben</td>") : table.index("</tr>", table.index("<td>ben</td>"))]
    assert ada.count(f"<i>{MARKED}</i>") == 2 and MARKED not in ben
    assert "<b>Self-marked</b>: 2 answer(s)" in page

    assert main(["gradebook", "show", "ada", "--gradebook", str(tmp_path / "g.sqlite")]) == 0
    assert capsys.readouterr().out.count(MARKED) == 2


def test_only_the_submission_that_counts_is_flagged(tmp_path):
    hand_in(tmp_path / "in", "ada", "2025-03-01T10:00:00+00:00", marked=("cpi",))
    with grade(tmp_path) as book:
        assert book.self_marked() == {("ada", "cpi")}
    hand_in(tmp_path / "in", "ada", "2025-03-02T10:00:00+00:00")  # later, not self-marked
    with grade(tmp_path) as book:
        assert book.self_marked() == set()
        assert not any(g["self_marked"] for g in book.grades("ada"))
        assert MARKED not in report_html(book)
