"""The report's students section: who is stuck where, who has not handed in, small classes."""

import re

from grading import support

from course.cli import main
from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook
from course.instructor.report import report_html
from course.instructor.students import caution, read_roster


def graded(tmp_path, n):
    support.class_folder(tmp_path / "in", n, code=False)  # every third (s000, s003..) all wrong
    book = Gradebook(tmp_path / "g.sqlite")
    grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
    return book


def test_the_report_names_who_is_below_and_who_has_not_handed_in(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student\ns000\ns001\ns002\ns009\n")
    with graded(tmp_path, 3) as book:
        page = report_html(book, roster=read_roster(roster), below=0.5)
    assert "<b>Not handed in</b> (1 of 4 on the roster): s009." in page
    assert re.search(r"<b>Below 50 % of the graded points</b>: s000 \(0 %\)\.", page)
    assert "Practice, counted apart" in page
    table = page[page.index('<details class="names">') : page.index("</details>")]
    assert all(f"<td>{s}</td>" in table for s in ("s000", "s001", "s002"))
    names_outside = page.replace(table, "")
    assert "<td>s001</td>" not in names_outside  # names only behind the toggle
    assert "Only 3 student(s)" in page


def test_item_statistics_carry_a_caution_under_30_learners_only():
    assert "Only 29 student(s)" in caution(29) and caution(30) == ""


def test_the_command_line_takes_a_roster_and_a_threshold(tmp_path):
    with graded(tmp_path, 3) as book:
        path = str(book.path)
    (tmp_path / "roster.txt").write_text("s000\ns001\ns002\nzed\n")
    out = tmp_path / "r.html"
    argv = ["report", "--gradebook", path, "--out", str(out), "--roster"]
    assert main([*argv, str(tmp_path / "roster.txt"), "--below", "101"]) == 0
    page = out.read_text()
    assert "(1 of 4 on the roster): zed." in page
    assert (
        "Below 101 % of the graded points</b>: s000 (0 %), s001 (86 %), s002 (86 %)" in page
    )  # the code answer left out
