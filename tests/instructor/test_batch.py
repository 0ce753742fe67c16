"""Tests for course.instructor.batch: a folder graded in parallel into the gradebook."""

import shutil

import pytest
from grading import support

from course.content.release import write_bank
from course.core.bank import load_bank
from course.errors import UsageError
from course.instructor.batch import chunk_size, grade_folder, scan
from course.instructor.gradebook import Gradebook

FIXTURES = support.SUBMISSIONS


def test_grading_with_a_student_release_bank_is_refused(tmp_path):
    write_bank(support.bank(), tmp_path / "exercises")

    released = load_bank(tmp_path / "exercises")
    with Gradebook(tmp_path / "g.sqlite") as book, pytest.raises(UsageError, match="release"):
        grade_folder(tmp_path, book, bank=released, progress=False)


# --- a folder ------------------------------------------------------------------------


def test_submission_files_finds_json_in_subfolders_and_skips_hidden(tmp_path):
    for name in ("a.json", "sub/b.json", ".hidden/c.json", "sub/.d.json", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = [p.replace(str(tmp_path) + "/", "") for p in scan(tmp_path)[0]]
    assert found == ["a.json", "sub/b.json"]


def test_a_folder_is_graded_and_rejections_do_not_stop_the_run(tmp_path):
    folder = tmp_path / "in"
    support.class_folder(folder, 5, code=False)
    for name in support.REJECTIONS:
        shutil.copy(FIXTURES / name, folder / name)
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert run.graded == 5 and len(run.rejected) == len(support.REJECTIONS)
        assert {p.split("/")[-1] for p, _ in run.rejected} == set(support.REJECTIONS)
        assert book.counts() == {
            "submissions": 5,
            "results": 5 * 7,
            "current": 5,
            "rejections": len(support.REJECTIONS),
        }


def test_parallel_and_serial_runs_give_the_same_gradebook(tmp_path):
    support.class_folder(tmp_path / "in", 40, code=False)
    grades, bank = [], support.bank()
    for jobs in (1, 2):
        with Gradebook(tmp_path / f"g{jobs}.sqlite") as book:
            run = grade_folder(tmp_path / "in", book, bank=bank, jobs=jobs, progress=False)
            assert run.graded == 40
            grades.append([(g["student"], g["exercise"], g["score"]) for g in book.grades()])
    assert grades[0] == grades[1]


def test_regrading_is_idempotent(tmp_path):
    support.class_folder(tmp_path / "in", 12, code=False)
    bank = support.bank()
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=bank, jobs=1, progress=False)
        before = (book.grades(), book.counts(), book.current())
        again = grade_folder(tmp_path / "in", book, bank=bank, jobs=2, progress=False)
        assert again.graded == 0 and again.unchanged == 12
        forced = grade_folder(tmp_path / "in", book, bank=bank, progress=False, regrade=True)
        assert forced.graded == 12
        assert (book.grades(), book.counts(), book.current()) == before


def test_the_latest_submission_counts_and_earlier_ones_stay_on_record(tmp_path):
    folder = tmp_path / "in"
    bank = support.bank()
    with Gradebook(tmp_path / "g.sqlite") as book:
        support.write(folder, support.submission("ada", "2025-03-02T09:00:00+00:00", right=False))
        grade_folder(folder, book, bank=bank, jobs=1, progress=False)
        assert book.current()[0]["score"] == 0
        # a later resubmission, and a file from before both, arriving later
        support.write(folder, support.submission("ada", "2025-03-03T09:00:00+01:00", right=True))
        support.write(folder, support.submission("ada", "2025-03-01T09:00:00+00:00", right=False))
        run = grade_folder(folder, book, bank=bank, jobs=1, progress=False)
        assert run.graded == 2 and run.unchanged == 1
        (current,) = book.current()
        assert current["created"] == "2025-03-03T08:00:00.000000+00:00"
        assert current["score"] == current["max_score"] == 9
        assert len(support.history(book, "ada")) == 3
        assert len(book.grades("ada")) == 7


def test_a_changed_bank_key_regrades_what_was_graded(tmp_path):
    support.class_folder(tmp_path / "in", 3, code=False)
    changed = tmp_path / "bank"
    shutil.copytree(support.BANK, changed)
    cpi = changed / "cpi.toml"
    cpi.write_text(cpi.read_text().replace("answer = 0.8", "answer = 8"))

    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        run = grade_folder(tmp_path / "in", book, bank=load_bank(changed), jobs=1, progress=False)
        assert run.graded == 3
        cpi = {g["student"]: g for g in book.grades() if g["exercise"] == "cpi"}
        assert {s: g["score"] for s, g in cpi.items()} == {"s000": 1.0, "s001": 0.0, "s002": 0.0}
        assert cpi["s001"]["summary"] == "not right" and cpi["s001"]["items"][0]["correct"] is False
        assert book.counts()["submissions"] == 3


def test_chunks_are_small_enough_to_spread_and_keep_memory_flat():
    assert chunk_size(10, 2) == 2 and chunk_size(800, 2) == 100 and chunk_size(200, 2) == 25
    assert chunk_size(3, 2) == 1  # a small class: the progress bar moves per file
