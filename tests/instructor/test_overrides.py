"""Overrides: a score set by hand, with why, who and when, used everywhere a score is read."""

import csv
import getpass

import pytest
from grading import support

from course.cli import main
from course.errors import UsageError
from course.instructor.batch import grade_folder
from course.instructor.feedback import write_feedback
from course.instructor.gradebook import Gradebook
from course.instructor.overrides import override, overrides, show
from course.instructor.table import export_csv


@pytest.fixture
def book(tmp_path):
    support.class_folder(tmp_path / "in", 2, code=False)  # s000 all wrong, s001 all right
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        yield book


def score(book, student, exercise):
    return next(g for g in book.grades(student) if g["exercise"] == exercise)


def test_an_override_replaces_the_score_everywhere_and_keeps_who_when_why(book, tmp_path):
    before = {c["student"]: c["score"] for c in book.current()}
    assert score(book, "s000", "cpi")["score"] == 0
    override(book, "s000", "cpi", 1, why="typed 0,8 as 8: a slip, accepted")
    row = score(book, "s000", "cpi")
    assert row["score"] == 1 and row["graded_score"] == 0
    assert row["override_who"] == getpass.getuser() and row["override_at"][:2] == "20"
    assert {c["student"]: c["score"] for c in book.current()}["s000"] == before["s000"] + 1
    view = dict(book.db.execute("SELECT exercise, score FROM grades WHERE student = 's000'"))
    assert view["cpi"] == 1
    export_csv(book, tmp_path / "grades.csv")
    rows = list(csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8")))
    assert {r["student"]: r["cpi"] for r in rows}["s000"] == "1"
    (page,) = [p for p in write_feedback(book, tmp_path / "fb") if p.stem == "feedback-s000"]
    text = page.read_text()
    assert "Score set by hand" in text and "typed 0,8 as 8: a slip, accepted" in text
    assert "grades the answer differently" not in text  # the feedback is still the grader's

    # it survives regrading, and --clear removes it
    grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False, regrade=True)
    assert score(book, "s000", "cpi")["score"] == 1
    override(book, "s000", "cpi", None)
    assert score(book, "s000", "cpi")["score"] == 0 and overrides(book) == []


def test_overrides_are_checked(book):
    with pytest.raises(UsageError, match="worth 1 point"):
        override(book, "s000", "cpi", 2, why="x")
    with pytest.raises(UsageError, match="--why"):
        override(book, "s000", "cpi", 1, why=" ")
    with pytest.raises(UsageError, match="No student 'zed'"):
        override(book, "zed", "cpi", 1, why="x")
    with pytest.raises(UsageError, match="No exercise 'nope'"):
        override(book, "s000", "nope", 1, why="x")


def test_show_totals_graded_work_apart_from_practice(book):
    override(book, "s000", "cpi", 1, why="accepted")
    lines = show(book)
    assert lines[0].startswith("2 student(s)")
    assert any(line.startswith("  s000: graded ") and "(overrides)" in line for line in lines)
    one = show(book, "s001")
    assert "graded" in one[1] and "practice" in one[1]
    mine = show(book, "s000")
    assert any(
        "cpi" in line and "OVERRIDDEN from 0" in line and "accepted" in line for line in mine
    )


def test_the_command_line(book, capsys):
    path = str(book.path)
    argv = ["gradebook", "override", "s000", "cpi", "1", "--why", "slip", "--gradebook", path]
    assert main(argv) == 0
    assert main(["gradebook", "show", "s000", "--gradebook", path]) == 0
    out = capsys.readouterr().out
    assert "override set to 1" in out and "OVERRIDDEN from 0" in out
