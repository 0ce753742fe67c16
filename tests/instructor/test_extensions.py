"""Per-student due-date extensions in assignments.toml (course/instructor/extensions.py).

The plan is test_assignments.py's: ``a1`` (``duties`` 3 points + ``cpi`` 1) due
2026-03-08 16:00 UTC, 10 % off per started day late for up to 5 days; ``a2``
(``certs`` + ``traits``, 2 points) due 2026-03-15 16:00 UTC, late work rejected. Every
expected figure below is worked by hand from those dates.
"""

from __future__ import annotations

import doctest
import shutil
import sqlite3

import pytest
from grading import support
from test_assignments import PLAN, cli, graded_class, results, submission

from course.errors import AssignmentsError
from course.instructor import assignments, extensions
from course.instructor.feedback import write_feedback
from course.instructor.report import report_html

BEN_A1 = """
[[assignment.extensions]]
student = "ben"
due = {due}
why = "medical certificate"
"""


def with_extension(due: str, student: str = "ben") -> str:
    """PLAN with an extension of a1 for ``student`` (the table goes right after a1's)."""
    head, tail = PLAN.split('\n[[assignment]]\nid = "a2"')
    return (
        head
        + BEN_A1.format(due=due).replace('"ben"', f'"{student}"')
        + ('\n[[assignment]]\nid = "a2"' + tail)
    )


def test_an_extension_moves_the_due_date_the_late_policy_counts_from(tmp_path):
    # ben hands in 2026-03-10 15:00 UTC: without an extension 2 started days late (3.2 of
    # 4, test_assignments.py). Extended to 03-10 17:00+01:00 = 16:00 UTC: on time, 4 of 4.
    (tmp_path / "on").mkdir()
    (tmp_path / "late").mkdir()
    ben, ada = (
        submission("ben", "2026-03-10T15:00:00+00:00"),
        submission("ada", "2026-03-10T15:00:00+00:00"),
    )
    text = with_extension("2026-03-10T17:00:00+01:00")
    with graded_class(tmp_path / "on", [ben, ada], text) as book:
        got = results(book)
    assert (got["a1", "ben"]["status"], got["a1", "ben"]["score"]) == ("on time", 4.0)
    assert got["a1", "ben"]["reason"] == (
        "extension: due 2026-03-10 16:00 UTC for this student (class due date "
        "2026-03-08 16:00 UTC): medical certificate"
    )
    # ada handed in at the same moment without an extension: 2 days late, 20 % off
    ada_a1 = got["a1", "ada"]
    assert (ada_a1["status"], ada_a1["days_late"], ada_a1["score"], ada_a1["reason"]) == (
        "late", 2, 3.2, "",
    )  # fmt: skip
    # extended to 03-09 16:00 UTC only: 23 hours late, one started day, 10 % off: 3.6
    text = with_extension("2026-03-09T16:00:00Z")
    with graded_class(tmp_path / "late", [ben], text) as book:
        ben_a1 = results(book)["a1", "ben"]
    assert (ben_a1["status"], ben_a1["days_late"], ben_a1["score"]) == ("late", 1, 3.6)
    assert ben_a1["reason"].startswith("extension: due 2026-03-09 16:00 UTC")


def test_under_reject_an_extension_lets_a_late_file_count(tmp_path):
    # cy hands in a2 on 03-16 10:00 UTC, after a2's due date (03-15 16:00): rejected, 0;
    # with an extension of a2 to 03-17 it counts, 2 of 2.
    files = [submission("cy", "2026-03-16T10:00:00+00:00")]
    text = PLAN + BEN_A1.format(due="2026-03-17T12:00:00Z").replace('"ben"', '"cy"')
    (tmp_path / "with").mkdir()
    with graded_class(tmp_path / "with", files, text) as book:
        got = results(book)
    assert (got["a2", "cy"]["status"], got["a2", "cy"]["score"]) == ("on time", 2.0)
    # a1 has no extension for cy: 8 started days late, past its 5-day window
    assert (got["a1", "cy"]["status"], got["a1", "cy"]["score"]) == ("rejected", 0.0)
    (tmp_path / "without").mkdir()
    with graded_class(tmp_path / "without", files) as book:
        assert results(book)["a2", "cy"]["status"] == "rejected"


def test_the_report_and_the_feedback_page_show_the_extension(tmp_path):
    files = [submission("ben", "2026-03-10T15:00:00+00:00")]
    with graded_class(tmp_path, files, with_extension("2026-03-11T16:00:00Z")) as book:
        page = report_html(book)
        (ben,) = write_feedback(book, tmp_path / "fb")
    said = (
        "extension: due 2026-03-11 16:00 UTC for this student (class due date "
        "2026-03-08 16:00 UTC): medical certificate"
    )
    section = page[page.index("<h2>Assignments</h2>") :]
    assert f'on time<br><span class="note">{said}</span>' in section
    assert f'on time<br><span class="note">{said}</span>' in ben.read_text()


WHY = 'why = "medical certificate"\n'


@pytest.mark.parametrize(
    ("due", "new", "line"),
    [
        ("2026-03-07T12:00:00Z", WHY, "a1: extensions[1].due: 2026-03-07 12:00 UTC is not after "
         "the assignment's due date (2026-03-08 16:00 UTC): an extension gives more time"),
        ('"next week"', WHY, "a1: extensions[1].due: 'next week' is not an ISO 8601 date"),
        ("2026-03-10T12:00:00", WHY, "a1: extensions[1].due: 2026-03-10T12:00:00 has no time zone"),
        ("2026-03-10T12:00:00Z", 'reason = "x"\n', "a1: extensions[1].reason: unknown field"),
        ("2026-03-10T12:00:00Z", "why = 3\n", "a1: extensions[1].why: must be text"),
        ("2026-03-10T12:00:00Z",
         WHY + '[[assignment.extensions]]\nstudent = "ben"\ndue = 2026-03-12T12:00:00Z\n',
         "a1: extensions[2].student: ben has an extension already (extensions[1])"),
        ("2026-03-10T12:00:00Z",
         WHY + '[[assignment.extensions]]\nstudent = "no one"\ndue = 2026-03-12T12:00:00Z\n',
         "a1: extensions[2].student: required: the student id"),
        ("2026-03-10T12:00:00Z", WHY + "[assignment.extensions]\n",
         "-: -: not valid TOML"),
    ],
)  # fmt: skip
def test_a_bad_extension_is_refused_with_file_assignment_and_field(tmp_path, due, new, line):
    path = tmp_path / "assignments.toml"
    path.write_text(with_extension(due).replace(WHY, new), encoding="utf-8")
    with pytest.raises(AssignmentsError) as caught:
        assignments.load_assignments(path, list(support.bank()), {})
    assert f"{path}: {line}" in str(caught.value)


def test_extensions_as_an_inline_list_and_the_unmatched_note(tmp_path):
    path = tmp_path / "assignments.toml"
    path.write_text(
        PLAN.replace(
            'late = "reject"',
            'late = "reject"\nextensions = [{ student = "cy", due = 2026-03-20T16:00:00Z }, '
            '{ student = "dee", due = "2026-03-18T16:00:00+00:00", why = "  two\n lines " }]',
        ).replace("\n lines", " lines"),
        encoding="utf-8",
    )
    plan = assignments.load_assignments(path, list(support.bank()), {})
    a2 = plan[1]
    assert [(x.student, x.due.isoformat(), x.why) for x in a2.extensions] == [
        ("cy", "2026-03-20T16:00:00+00:00", ""),
        ("dee", "2026-03-18T16:00:00+00:00", "two lines"),
    ]
    assert a2.extension("cy").due.day == 20 and a2.extension("ben") is None
    assert assignments.unmatched_extensions(plan, {"cy", "ben"}) == [
        "extension of a2 for 'dee': no submission from that student (check the id: it is "
        "the one their submissions carry)"
    ]


def test_the_grade_command_applies_extensions_from_real_files_into_sqlite(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(support.BANK, course / "exercises")
    text = with_extension("2026-03-10T17:00:00+01:00") + (
        '\n[[assignment.extensions]]\nstudent = "zed"\ndue = 2026-03-20T16:00:00Z\n'
    )
    (course / "assignments.toml").write_text(text, encoding="utf-8")
    folder = tmp_path / "in"
    support.write(folder, submission("ada", "2026-03-10T15:00:00+00:00"))
    support.write(folder, submission("ben", "2026-03-10T15:00:00+00:00"))
    book = tmp_path / "g.sqlite"
    base = ["grade", str(folder), "--gradebook", str(book), "--bank", str(course / "exercises")]
    done = cli(*base, "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "  LATE ada: 2 day(s), 20 % off: 4 -> 3.2" in done.stdout
    assert "LATE ben" not in done.stdout
    # the table after a2's lines extends a2 (TOML adds it to the last [[assignment]])
    assert "note: extension of a2 for 'zed': no submission from that student" in done.stderr
    rows = sqlite3.connect(book).execute(
        "SELECT student, status, days_late, score, reason FROM assignment_results "
        "WHERE assignment = 'a1' ORDER BY student"
    )
    assert list(rows) == [
        ("ada", "late", 2, 3.2, ""),
        ("ben", "on time", 0, 4.0, "extension: due 2026-03-10 16:00 UTC for this student "
         "(class due date 2026-03-08 16:00 UTC): medical certificate"),
    ]  # fmt: skip
    shown = cli("gradebook", "show", "ben", "--gradebook", str(book), cwd=tmp_path)
    assert "assignment a1: 4 / 4 (on time): extension: due 2026-03-10 16:00 UTC" in shown.stdout
    (course / "assignments.toml").write_text(
        text.replace('student = "zed"', 'student = "zed"\nwhen = "later"'), encoding="utf-8"
    )
    done = cli(*base, "--quiet", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        f"{course / 'assignments.toml'}: a2: extensions[1].when: unknown field (student, due, "
        "why)" in done.stderr
    )


def test_the_examples_in_the_module_docstrings_hold():
    failed, tried = doctest.testmod(extensions)
    assert (failed, tried >= 7) == (0, True)
