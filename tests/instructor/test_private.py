"""Private by default: everything grade, feedback, report, export and export-quiz write is
owner-only, whatever the umask; grade warns, with the fix, when others can read the bank.

The hub test (tests/hub/) reads each of these files as a learner's account.
"""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from grading import support

from course.instructor.batch import grade_folder
from course.instructor.feedback import write_feedback
from course.instructor.gradebook import Gradebook
from course.instructor.lms import export_lms
from course.instructor.private import bank_warning, others_can_read
from course.instructor.quiz import write_quiz
from course.instructor.report import write_report
from course.instructor.table import export_csv

ROSTERS = Path(__file__).parents[1] / "fixtures" / "lms"
CANVAS = ROSTERS / "canvas-gradebook-export.csv"
MOODLE = ROSTERS / "moodle-grades-export.csv"


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # Debian's default: new files 0644 unless made otherwise
    yield
    os.umask(old)


def test_every_output_is_owner_only_even_with_an_open_umask(tmp_path, open_umask):
    support.class_folder(tmp_path / "in", 3, code=False)
    out = tmp_path / "out"
    out.mkdir()
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        pages = write_feedback(book, out / "feedback")
        report = write_report(book, out / "report.html")
        export_csv(book, out / "grades.csv")
        export_lms(book, "canvas", CANVAS, out / "canvas.csv")
        export_lms(book, "moodle", MOODLE, out / "moodle.csv")
    for fmt, name in (("moodle-xml", "quiz.xml"), ("gift", "quiz.gift.txt"), ("qti", "q.zip")):
        write_quiz(support.bank(), fmt, out / name)
    written = [tmp_path / "g.sqlite", *pages, report] + [
        out / n for n in ("grades.csv", "canvas.csv", "moodle.csv", "quiz.xml", "quiz.gift.txt")
    ]
    written.append(out / "q.zip")
    assert len(pages) == 3
    for path in written:
        assert mode(path) == 0o600, f"{path.name} is {mode(path):04o}"
    assert mode(out / "feedback") == 0o700
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_replacing_an_open_file_makes_it_owner_only(tmp_path, open_umask):
    support.class_folder(tmp_path / "in", 1, code=False)
    page = tmp_path / "report.html"
    page.write_text("an old report")
    page.chmod(0o644)
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        write_report(book, page)
    assert mode(page) == 0o600 and "an old report" not in page.read_text()


def test_a_bank_others_can_read_is_found_and_a_private_one_is_not(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(support.BANK, course / "exercises")
    for place in (tmp_path, course, course / "exercises"):
        place.chmod(0o755)
    for toml in (course / "exercises").glob("*.toml"):
        toml.chmod(0o644)
    opened = [p for p in tmp_path.parents if not os.stat(p).st_mode & stat.S_IXOTH]
    if opened:  # pytest's own folder is private: open it for this test, then close it again
        for p in opened:
            p.chmod(os.stat(p).st_mode | stat.S_IXOTH)
    try:
        assert others_can_read(course / "exercises")
        warning = bank_warning(course / "exercises")
        assert warning.startswith("WARNING: other users of this machine can read the answer keys")
        assert f"chmod -R go-rwx {course.resolve()}" in warning
        course.chmod(0o700)  # the fix the warning gives (the folder closed is enough)
        assert others_can_read(course / "exercises") == [] and bank_warning(course) is None
    finally:
        for p in opened:
            p.chmod(os.stat(p).st_mode & ~stat.S_IXOTH)


def test_grade_prints_the_warning(tmp_path):
    folder = tmp_path / "in"
    support.class_folder(folder, 1, code=False)
    bank = tmp_path / "open" / "exercises"
    shutil.copytree(support.BANK, bank)
    chain = [tmp_path / "open", bank, *[p for p in tmp_path.parents]]
    before = {p: mode(p) for p in [tmp_path, *chain]}
    try:
        for p in [tmp_path, *chain]:
            p.chmod(before[p] | 0o005)
        for toml in bank.glob("*.toml"):
            toml.chmod(0o644)
        cmd = [sys.executable, "-m", "course", "grade", str(folder), "--gradebook"]
        done = subprocess.run(
            [*cmd, str(tmp_path / "g.sqlite"), "--bank", str(bank), "--quiet"],
            capture_output=True,
            text=True,
        )
    finally:
        for p, m in before.items():
            p.chmod(m)
    assert "WARNING: other users of this machine can read the answer keys" in done.stderr
    assert done.returncode == 0, done.stderr
