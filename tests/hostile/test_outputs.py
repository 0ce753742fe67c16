"""What grading writes cannot be turned against the instructor by a learner.

From the web red team's report (``redteam-web-2026-12.md``): ``feedback``, ``report``
and ``export-quiz`` wrote through a symbolic link planted at their output name; a
student id ``report`` replaced the class report; ids equal but for case shared a page
on case-insensitive file systems. Each is tried here on the real writers.
"""

from __future__ import annotations

import os
import stat

from grading import support

from course.instructor.batch import grade_folder
from course.instructor.feedback import page_names, write_feedback
from course.instructor.gradebook import Gradebook
from course.instructor.quiz import write_quiz
from course.instructor.report import write_report
from course.instructor.table import write_rows


def test_outputs_replace_a_planted_link_and_are_owner_only(tmp_path):
    support.class_folder(tmp_path / "in", 2, code=False)
    victim = tmp_path / "victim.txt"  # a file of the instructor's a link points to
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    names = ["class.html", "quiz.gift", "grades.csv", "feedback-s000.html"]
    for name in names:
        os.symlink(victim, out / name)
        os.symlink(victim, out / f".{name}.tmp")  # the temporary names the writers once used
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        write_report(book, out / "class.html")
        write_feedback(book, out)
    write_quiz(support.bank(), "gift", out / "quiz.gift")
    write_rows(out / "grades.csv", [["student", "total"], ["s000", "1"]])
    assert victim.read_text(encoding="utf-8") == "keep me"
    for name in names:
        info = os.lstat(out / name)
        assert stat.S_ISREG(info.st_mode), name
        assert stat.S_IMODE(info.st_mode) == 0o600, name
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]


def test_no_student_id_can_take_the_report_s_or_another_student_s_page(tmp_path):
    names = page_names(["report", "Jo", "jo", "index"])
    assert names["report"] == "feedback-report.html" and names["index"] == "feedback-index.html"
    assert names["Jo"] != names["jo"] and names["Jo"].casefold() != names["jo"].casefold()
    assert len({n.casefold() for n in names.values()}) == 4
