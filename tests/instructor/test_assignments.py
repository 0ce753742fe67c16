"""Assignments: the file, due dates and late policies, graded work apart from practice.

Every expectation is worked by hand from the fixture bank (tests/grading/bank):
``duties`` is worth 3 points, every other exercise 1. Assignment ``a1`` is ``duties`` +
``cpi`` (4 points), due 2026-03-08 16:00 UTC, 10 % off per day late for up to 5 days;
``a2`` is ``certs`` + ``traits`` (2 points), due 2026-03-15 16:00 UTC, late work
rejected. ``define``, ``ladder`` and ``duration`` are in no assignment: practice
(``duration`` too, though the bank marks it graded).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from grading import support

from course.errors import AssignmentsError
from course.instructor import assignments
from course.instructor.batch import grade_folder
from course.instructor.feedback import write_feedback
from course.instructor.gradebook import SCHEMA_VERSION, Gradebook
from course.instructor.graded import totals
from course.instructor.report import report_html

REPO = Path(__file__).resolve().parents[2]
PLAN = """
[[assignment]]
id = "a1"
title = "Duties and cost"
exercises = ["duties", "cpi"]
opens = 2026-03-01T09:00:00+01:00
due = 2026-03-08T17:00:00+01:00
late = { policy = "penalty", per_day = 10, max_days = 5 }

[[assignment]]
id = "a2"
title = "Certifications"
exercises = ["certs", "traits"]
due = "2026-03-15T17:00:00+01:00"
late = "reject"
"""


def submission(student: str, created: str, right: bool = True) -> dict:
    doc = support.submission(student, created, right=right)
    del doc["answers"]["duration"]  # no code answers: no sandbox needed
    return doc


def plan(tmp_path: Path, text: str = PLAN) -> list[assignments.Assignment]:
    path = tmp_path / "assignments.toml"
    path.write_text(text, encoding="utf-8")
    return assignments.load_assignments(path, list(support.bank()), {})


def graded_class(tmp_path: Path, files: list[dict], text: str = PLAN) -> Gradebook:
    folder = tmp_path / "in"
    for n, doc in enumerate(files):
        support.write(folder, doc, f"{doc['student']}-{n}.json")
    book = Gradebook(tmp_path / "class.sqlite")
    grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
    assignments.record(book, plan(tmp_path, text))
    return book


def results(book: Gradebook) -> dict[tuple[str, str], dict]:
    return {(r["assignment"], r["student"]): r for r in book.assignment_results()}


def test_a_file_two_days_late_under_ten_percent_a_day_scores_80_percent(tmp_path):
    # 2026-03-10 15:00 UTC is 1 day 23 hours after 03-08 16:00: two started days.
    with graded_class(tmp_path, [submission("ben", "2026-03-10T15:00:00+00:00")]) as book:
        ben = results(book)[("a1", "ben")]
    assert (ben["status"], ben["days_late"], ben["penalty"]) == ("late", 2, 0.2)
    assert (ben["raw"], ben["score"], ben["max_score"]) == (4.0, 3.2, 4.0)  # 4 x 0.8


def test_the_reject_policy_records_a_late_file_rejected_with_its_reason(tmp_path):
    # 2026-03-20 12:00 UTC: 4 days 20 hours after a2's due date, so 5 started days.
    with graded_class(tmp_path, [submission("cy", "2026-03-20T12:00:00+00:00")]) as book:
        cy = results(book)[("a2", "cy")]
        a1 = results(book)[("a1", "cy")]
    assert (cy["status"], cy["submission"], cy["score"], cy["raw"]) == ("rejected", None, 0, 2)
    assert cy["reason"] == (
        "handed in 2026-03-20 12:00 UTC, 5 days after the due date 2026-03-15 16:00 UTC; "
        "late work is not accepted"
    )
    # a1: 11 started days late, past the 5 days its policy accepts: rejected too
    assert (a1["status"], a1["days_late"], a1["score"]) == ("rejected", 12, 0.0)
    assert "up to 5 days; later is not accepted" in a1["reason"]


def test_an_exercise_in_no_assignment_is_practice_and_never_in_the_graded_total(tmp_path):
    files = [submission("ada", "2026-03-05T10:00:00+00:00")]
    with graded_class(tmp_path, files) as book:
        ada = totals(book)["ada"]
    # graded: a1 (4 of 4) + a2 (2 of 2); practice: define 1 + ladder 1 of define, ladder,
    # duration (1 point each; duration unanswered here)
    assert (ada.graded, ada.graded_max, ada.share) == (6.0, 6.0, 1.0)
    assert (ada.practice, ada.practice_max) == (2.0, 3.0)


def test_a_later_file_that_repeats_the_answers_keeps_their_hand_in_time(tmp_path):
    # dan hands in on time, then again on 03-12 with the same a1 answers (a file holds the
    # whole journal): a1 stays on time. eve changes her a1 answers on 03-12: 4 days late.
    files = [
        submission("dan", "2026-03-05T10:00:00+00:00"),
        submission("dan", "2026-03-12T10:00:00+00:00"),
        submission("eve", "2026-03-05T10:00:00+00:00", right=False),
        submission("eve", "2026-03-12T10:00:00+00:00"),
    ]
    with graded_class(tmp_path, files) as book:
        got = results(book)
    dan, eve = got[("a1", "dan")], got[("a1", "eve")]
    assert (dan["status"], dan["handed_in"][:10], dan["score"]) == ("on time", "2026-03-05", 4)
    assert (eve["status"], eve["days_late"], eve["score"]) == ("late", 4, pytest.approx(2.4))


def test_under_reject_an_earlier_file_on_time_counts_and_the_late_one_is_named(tmp_path):
    files = [
        submission("fay", "2026-03-14T10:00:00+00:00", right=False),  # a2: 0 of 2, on time
        submission("fay", "2026-03-16T10:00:00+00:00"),  # a2 right, but a day late
    ]
    with graded_class(tmp_path, files) as book:
        fay = results(book)[("a2", "fay")]
        pages = write_feedback(book, tmp_path / "fb")
    assert (fay["status"], fay["score"]) == ("on time", 0.0)
    assert "a later file (handed in 2026-03-16 10:00 UTC, 1 day(s) after" in fay["reason"]
    page = pages[0].read_text()
    assert 'on time<br><span class="note">a later file (handed in 2026-03-16 10:00 UTC' in page
    # the page shows a2's answers from the file that counts (the wrong ones), not the latest
    certs = page[page.index('<section id="certs">') :]
    assert certs[: certs.index("</section>")].count('class="wrong"') >= 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (PLAN.replace('id = "a2"', 'id = "a1"'), "a1: id: used by two assignments"),
        (PLAN.replace('"cpi"]', '"nope"]'), "a1: exercises: 'nope' is not an exercise"),
        (PLAN.replace('["certs", "traits"]', '["certs", "cpi"]'), "a2: exercises: 'cpi' is in"),
        (PLAN.replace("17:00:00+01:00\nlate = {", "17:00:00\nlate = {"), "a1: due: "),
        (PLAN.replace('"2026-03-15T17:00:00+01:00"', '"next friday"'), "a2: due: 'next fr"),
        (PLAN.replace("per_day = 10", "per_day = 0"), "a1: late.per_day: required"),
        (PLAN.replace('late = "reject"', 'late = "never"'), "a2: late.policy: 'never' is not"),
        (PLAN.replace('late = "reject"', 'late = { policy = "reject", per_day = 5 }'), "a2: late:"),
        (PLAN.replace("opens = 2026-03-01", "opens = 2026-03-11"), "a1: opens: is not before due"),
        (PLAN.replace('title = "Certifications"', 'titel = "x"'), "a2: titel: unknown field"),
        (PLAN.replace('notebooks', 'x') + '\n[[assignment]]\nid = "a3"\ndue = 2026-04-01T00:00:00Z',
         "a3: exercises: give exercises"),
        (PLAN.replace('["duties", "cpi"]', "[]"), "a1: exercises: names no exercise"),
        ("[[assignment]\n", "-: -: not valid TOML"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_with_file_assignment_and_field(tmp_path, text, line):
    with pytest.raises(AssignmentsError) as caught:
        plan(tmp_path, text)
    assert f"{tmp_path / 'assignments.toml'}: {line}" in str(caught.value)


def test_notebooks_name_their_exercises_in_order(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text('[[assignment]]\nid = "w1"\nnotebooks = ["01-x.ipynb"]\ndue = 2026-01-01\n')
    with pytest.raises(AssignmentsError, match="w1: due: must be a date and time"):
        assignments.load_assignments(path, ["ladder", "cpi"], {"01-x": ["cpi", "ladder"]})
    path.write_text(path.read_text().replace("2026-01-01", "2026-01-01T00:00:00Z"))
    (one,) = assignments.load_assignments(path, ["ladder", "cpi"], {"01-x": ["cpi", "ladder"]})
    assert one.exercises == ("cpi", "ladder") and one.late.policy == "accept"


def test_the_report_and_feedback_pages_show_each_assignment_and_the_late_flag(tmp_path):
    files = [
        submission("ada", "2026-03-05T10:00:00+00:00"),
        submission("ben", "2026-03-10T15:00:00+00:00"),
    ]
    with graded_class(tmp_path, files) as book:
        page = report_html(book)
        (ada, ben) = write_feedback(book, tmp_path / "fb")
    section = page[page.index("<h2>Assignments</h2>") :]
    assert "Duties and cost" in section and "Certifications" in section
    assert "late work loses 10 % per day late, up to 5 days" in section
    assert "<td class='num late'>1</td>" in section  # a1: one late file
    assert '<b class="late">LATE</b> 2 days, −20 %' in section
    # headline: graded work only; ada 6/6 = 100 %, ben 3.2 + 2 = 5.2/6 = 87 %
    assert "<td>Mean graded total</td><td>93 %</td>" in page
    ben_page = ben.read_text()
    assert "<b>Graded work: 5.2 / 6 (87 %)</b>" in ben_page
    assert "Practice (not counted in the grade): 2 / 3" in ben_page
    assert '<b class="late">LATE</b> 2 days, −20 %' in ben_page
    assert "3.2 / 4" in ben_page and "LATE" not in ada.read_text()
    # each exercise says what it counts for: its assignment, or practice
    assert '<td class="num">1 / 1</td><td class="note">Duties and cost</td>' in ben_page
    assert '<td class="note">practice</td>' in ben_page


def test_without_assignments_graded_exercises_alone_make_the_total(tmp_path):
    # the bug the reviewer saw: a perfect capstone showed ~17 % as practice was added in
    folder = tmp_path / "in"
    doc = support.submission("ada", right=True)
    del doc["answers"]["duration"], doc["answers"]["define"], doc["answers"]["ladder"]
    support.write(folder, doc)
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        ada = totals(book)["ada"]
        page = report_html(book)
        (fb,) = write_feedback(book, tmp_path / "fb")
    # graded: duties 3 + certs 1 + cpi 1 + traits 1 = 6 of 7 (duration unanswered)
    assert (ada.graded, ada.graded_max, ada.practice, ada.practice_max) == (6, 7, 0, 2)
    assert "<td>Mean graded total</td><td>86 %</td>" in page
    assert "<b>Graded work: 6 / 7 (86 %)</b>" in fb.read_text()


def test_on_a_shared_exchange_the_hand_in_time_is_the_files_not_its_own(tmp_path):
    """A file dated on time by hand (``created`` and ``touch -d``) but put in the
    exchange now is late by the time it reached the exchange."""
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o3777)  # sticky + setgid: a shared exchange (owners checked)
    me = __import__("getpass").getuser()
    path = support.write(exchange, submission(me, "2026-03-05T10:00:00+00:00"))
    os.utime(path, (1772700000, 1772700000))  # 2026-03-05: the modification time lies too
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(exchange, book, bank=support.bank(), jobs=1, progress=False)
        assignments.record(book, plan(tmp_path))
        mine = results(book)[("a1", me)]
        (row,) = book.submission_files()[me]
    assert row["source"] == "file" and row["handed_in"][:10] != "2026-03-05"
    assert mine["status"] == "rejected"  # months after a1's due date and its 5 days
    assert any("though it says it was written 2026-03-05 10:00 UTC" in w for _, w in run.warnings)


def test_a_version_2_gradebook_is_migrated_and_keeps_its_grades(tmp_path):
    """``tests/fixtures/gradebook-v2.sqlite`` was written by pm-course before assignments
    (commit 254acb7): three students of the fixture bank."""
    path = tmp_path / "old.sqlite"
    shutil.copy(REPO / "tests" / "fixtures" / "gradebook-v2.sqlite", path)
    before = sqlite3.connect(path).execute("SELECT student, score FROM grades").fetchall()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    with Gradebook(path) as book:
        assert sorted((s, e, x) for s, e, x in book.scores())
        after = book.db.execute("SELECT student, score FROM grades").fetchall()
        files = book.submission_files()
        assignments.record(book, plan(tmp_path))
        got = {(r["assignment"], r["student"]) for r in book.assignment_results()}
    assert sorted(map(tuple, after)) == sorted(before)
    assert all(
        f["handed_in"] == f["created"] and f["source"] == "created"
        for fs in files.values()
        for f in fs
    )
    assert (
        len(got) == 2 * len(files)
        and sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    )


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_the_grade_command_finds_assignments_beside_the_bank_and_records_one(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(support.BANK, course / "exercises")
    (course / "assignments.toml").write_text(PLAN, encoding="utf-8")
    folder = tmp_path / "in"
    support.write(folder, submission("ada", "2026-03-05T10:00:00+00:00"))
    support.write(folder, submission("ben", "2026-03-10T15:00:00+00:00"))
    book = str(tmp_path / "g.sqlite")
    base = ["grade", str(folder), "--gradebook", book, "--bank", str(course / "exercises")]
    done = cli(*base, "--quiet", "--assignment", "a1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Assignment a1 (Duties and cost), due 2026-03-08 16:00 UTC: 2 of 2" in done.stdout
    assert "  LATE ben: 2 day(s), 20 % off: 4 -> 3.2" in done.stdout
    assert "Assignment a2" not in done.stdout
    with Gradebook(book) as g:
        assert {r["assignment"] for r in g.assignment_results()} == {"a1"}
    done = cli(*base, "--quiet", cwd=tmp_path)
    assert "Assignment a2 (Certifications)" in done.stdout
    bad = course / "bad.toml"
    bad.write_text(PLAN.replace('late = "reject"', 'late = "later"'))
    done = cli(*base, "--quiet", "--assignments", str(bad), cwd=tmp_path)
    assert done.returncode == 2
    assert f"{bad}: a2: late.policy: 'later' is not one of accept, reject, penalty" in done.stderr
    done = cli(*base, "--quiet", "--assignment", "a9", cwd=tmp_path)
    assert done.returncode == 2 and "has no such assignment (a1, a2)" in done.stderr


def test_export_per_assignment_selects_its_columns_and_scores_after_the_policy(tmp_path):
    files = [
        submission("ada", "2026-03-05T10:00:00+00:00"),
        submission("ben", "2026-03-10T15:00:00+00:00"),
    ]
    with graded_class(tmp_path, files) as book:
        path = str(book.path)
    out = tmp_path / "a1.csv"
    done = cli("export", "--gradebook", path, "--assignment", "a1", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # ben's a1 answers are all right (3 + 1) but two days late: each scored at 80 %
    assert out.read_text().splitlines() == [
        "student,duties,cpi,total",
        "ada,3,1,4",
        "ben,2.4,0.8,3.2",
    ]
    out = tmp_path / "all.csv"
    done = cli(
        "export", "--gradebook", path, "--per", "assignment", "--out", str(out), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text().splitlines() == ["student,a1,a2,total", "ada,4,2,6", "ben,3.2,2,5.2"]


def test_gradebook_show_gives_graded_work_apart_and_each_assignment(tmp_path):
    from course.instructor.overrides import show

    with graded_class(tmp_path, [submission("ben", "2026-03-10T15:00:00+00:00")]) as book:
        everyone, mine = show(book), show(book, "ben")
    assert everyone[1] == "  ben: graded 5.2 / 6, practice 2 / 3"
    assert "  assignment a1: 3.2 / 4 (late, 2 day(s) late)" in mine
    assert "  assignment a2: 2 / 2 (on time)" in mine
    assert any(line.startswith("  define [practice]: 1 / 1") for line in mine)


def test_a_canvas_export_per_assignment_has_a_column_each_worth_its_points(tmp_path):
    # The roster is Canvas's own export (tests/fixtures/lms): s000 is Ada Lovelace's login.
    files = [submission("s000", "2026-03-10T15:00:00+00:00")]
    with graded_class(tmp_path, files) as book:
        path = str(book.path)
    roster = REPO / "tests" / "fixtures" / "lms" / "canvas-gradebook-export.csv"
    out = tmp_path / "canvas.csv"
    args = ["export", "--gradebook", path, "--per", "assignment", "--format", "canvas"]
    done = cli(*args, "--roster", str(roster), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    header, possible, ada = out.read_text().splitlines()[:3]
    assert header.endswith(",Duties and cost,Certifications")
    assert possible.endswith(",4,2")  # each assignment's points
    assert ada.startswith('"Lovelace, Ada",1001,') and ada.endswith(",3.2,2")  # a1 2 days late


def test_export_quiz_per_assignment_writes_its_exercises_only(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(support.BANK, course / "exercises")
    (course / "assignments.toml").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "a2.gift.txt"
    args = ["export-quiz", "--format", "gift", "--bank", str(course / "exercises")]
    done = cli(*args, "--assignment", "a2", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Wrote 2 question(s)" in done.stdout  # a2 is certs and traits
    text = out.read_text()
    ids = re.findall(r"^// ([a-z-]+)", text, re.M)  # each question's id comment (GIFT)
    assert ids == ["certs", "traits"], ids
