"""Tests for what a grading run tells staff: a progress bar per file, rejections kept
only while the file stays rejected (course.instructor.batch, course.instructor.gradebook)."""

import json

from grading import support

from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook


def test_the_progress_advances_once_per_file_as_files_are_recorded(tmp_path):
    support.class_folder(tmp_path / "in", 5, code=False)
    seen = []
    with Gradebook(tmp_path / "g.sqlite") as book:

        def progress(done, total):
            seen.append((done, total, book.counts()["submissions"]))

        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=2, progress=progress)
    # one step per file, and each step comes when that file is in the gradebook:
    # the bar does not sit at 0 % and jump to 100 % at the end
    assert seen == [(n, 5, n) for n in range(1, 6)]


def test_a_rejection_is_cleared_once_the_student_is_graded(tmp_path):
    folder = tmp_path / "in"
    support.class_folder(folder, 2, code=False)
    bad = folder / "s002.json"
    bad.write_text('{"format": "pm-course-submission", "vers')  # truncated upload
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert [p for p, _ in run.rejected] == [str(bad)]
        assert [r["path"] for r in book.rejections()] == [str(bad)]

        # the same name, fixed: graded, and its rejection goes
        bad.write_text(json.dumps(support.submission("s002")))
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert book.rejections() == []

        # a new broken file, then the student hands in a good file under another
        # name and staff delete the broken one: the rejection goes too
        other = folder / "s003-upload.json"
        other.write_text("{")
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert [r["path"] for r in book.rejections()] == [str(other)]
        other.unlink()
        support.write(folder, support.submission("s003"), "s003-again.json")
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert book.rejections() == []


def test_a_rejected_file_replaced_by_a_copy_of_a_graded_file_is_cleared(tmp_path):
    folder = tmp_path / "in"
    good, _ = support.class_folder(folder, 2, code=False)
    copy = folder / "s000-copy.json"
    copy.write_text("not json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert len(book.rejections()) == 1
        copy.write_bytes(good.read_bytes())  # already graded: skipped, not rejected
        run = grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert run.unchanged == 3 and book.rejections() == []
