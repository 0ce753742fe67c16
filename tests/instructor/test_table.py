"""Tests for course.instructor.table: the LMS CSV, one row per student."""

import csv

import pytest
from grading import support

from course.instructor.table import export_csv, number


@pytest.fixture
def book(tmp_path):
    with support.graded_class(tmp_path, 6) as book:
        yield book


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def test_one_row_per_student_a_column_per_exercise_and_the_total(book, tmp_path):
    assert export_csv(book, tmp_path / "grades.csv", notebooks=tmp_path / "none") == 6
    rows = read_csv(tmp_path / "grades.csv")
    assert rows[0] == ["student", *support.bank(), "total"]  # no notebooks: bank order
    assert [r[0] for r in rows[1:]] == [f"s{i:03d}" for i in range(6)]
    by_student = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_student["s001"]["duties"] == "3"
    assert by_student["s001"]["duration"] == ""  # not answered: blank, not 0
    assert by_student["s000"]["duties"] == "0"  # answered, all wrong: 0
    assert by_student["s001"]["total"] == "8"  # all right except the unanswered code exercise
    assert by_student["s000"]["total"] == "0"
    for row in rows[1:]:
        assert float(row[-1]) == pytest.approx(sum(float(x or 0) for x in row[1:-1]))


def test_graded_only_and_the_max_row(book, tmp_path):
    export_csv(book, tmp_path / "g.csv", graded_only=True, max_row=True, notebooks=tmp_path)
    rows = read_csv(tmp_path / "g.csv")
    graded = [i for i, e in support.bank().items() if e.graded]
    assert rows[0] == ["student", *graded, "total"]
    assert rows[1] == ["max", "1", "1", "1", "3", "1", "7"]
    assert len(rows) == 2 + 6


def test_the_csv_is_replaced_whole(book, tmp_path):
    out = tmp_path / "grades.csv"
    out.write_text("old content\n" * 1000)
    export_csv(book, out)
    assert read_csv(out)[0][0] == "student" and len(read_csv(out)) == 7
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_numbers_are_short():
    assert (number(2.5), number(0.833333), number(3.0), number(None)) == ("2.5", "0.8333", "3", "")
