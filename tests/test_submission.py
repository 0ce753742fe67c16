"""Tests for course.submission: writing from the journal, never overwriting, reading back."""

import json
import shutil
import warnings

import pytest
from grading import support

import course
from course.errors import SubmissionError, UsageError
from course.journal import Journal
from course.submission import (
    CHECKS,
    FORMAT,
    build,
    canonical_time,
    read,
    read_bytes,
    submit,
    write,
)


@pytest.fixture
def bank():
    return support.bank()


@pytest.fixture
def journal(tmp_path, bank):
    journal = Journal(tmp_path / "journal.jsonl")
    duties = bank["duties"].for_learner("ada")
    journal.append({"exercise": "cpi", "learner": "ada", "answer": "0.9"})
    journal.append({"exercise": "cpi", "learner": "ada", "answer": "0.8"})
    journal.append(
        {"exercise": "duties", "learner": "ada", "answer": {duties.items()[0]["id"]: "project"}}
    )
    journal.append({"exercise": "duration", "learner": "ada", "answer": support.RIGHT_SOURCE})
    return journal


def test_submit_writes_the_latest_answer_of_each_exercise(tmp_path, bank, journal):
    path = submit("ada", tmp_path / "out", bank=bank, journal=journal)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT and doc["version"] == 1 and doc["student"] == "ada"
    assert doc["course_version"] == course.__version__
    assert doc["bank_fingerprint"] == bank.fingerprint()
    assert doc["answers"]["cpi"]["answer"] == "0.8"
    assert doc["answers"]["duration"]["answer"] == support.RIGHT_SOURCE
    assert set(doc["answers"]) == {"cpi", "duties", "duration"}
    sub = read(path)
    assert sub.student == "ada" and sub.answers["cpi"] == "0.8"
    assert path.name.startswith("ada-") and path.suffix == ".json"


def test_submit_never_overwrites_an_earlier_submission(tmp_path, bank, journal):
    paths = [submit("ada", tmp_path, bank=bank, journal=journal) for _ in range(3)]
    assert len(set(paths)) == 3
    doc = build("ada", bank, journal)
    first = write(doc, tmp_path / "same")
    before = first.read_bytes()
    second = write(doc, tmp_path / "same")
    assert second != first and first.read_bytes() == before
    assert second.name == first.stem + "-2.json"
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_answers_made_as_another_learner_for_a_drawn_exercise_are_refused(bank, journal):
    with pytest.raises(UsageError, match="PM_COURSE_LEARNER=grace"):
        build("grace", bank, journal)


def test_answers_to_exercises_no_longer_in_the_bank_are_left_out(bank, journal):
    journal.append({"exercise": "retired", "learner": "ada", "answer": 1})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = build("ada", bank, journal)
    assert "retired" not in doc["answers"]
    assert "left out your answer to 'retired'" in str(caught[0].message)


def test_an_answer_that_no_longer_fits_is_refused(bank, journal):
    journal.append({"exercise": "ladder", "learner": "ada", "answer": ["pm"]})
    with pytest.raises(UsageError, match="ladder: must list each of"):
        build("ada", bank, journal)


@pytest.mark.parametrize("student", ["", "a b", "../x", "-rf", "x" * 65])
def test_a_malformed_student_id_is_refused_at_submit(bank, journal, student):
    with pytest.raises(UsageError, match="student id"):
        build(student, bank, journal)


def test_course_submit_uses_the_learner_s_journal(tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(support.BANK, root / "exercises")
    monkeypatch.setenv("PM_COURSE_ROOT", str(root))
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PM_COURSE_LEARNER", "ada")
    Journal().append({"exercise": "cpi", "learner": "ada", "answer": 0.8})
    path = course.submit(out=tmp_path / "out")
    assert read(path).student == "ada" and read(path).answers == {"cpi": 0.8}


def test_read_accepts_a_byte_order_mark(tmp_path):
    raw = (support.SUBMISSIONS / "valid.json").read_bytes()
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + raw)
    assert read(tmp_path / "bom.json").student == "ada"


def test_read_rejects_with_the_path_and_reason():
    with pytest.raises(SubmissionError) as caught:
        read(support.SUBMISSIONS / "truncated.json")
    assert caught.value.path.endswith("truncated.json")
    assert str(caught.value).startswith(caught.value.path + ": truncated")


def test_a_missing_file_is_rejected(tmp_path):
    with pytest.raises(SubmissionError, match="cannot read the file"):
        read(tmp_path / "gone.json")


def test_checks_run_in_order_format_first():
    assert CHECKS[0].__name__ == "check_format" and CHECKS[1].__name__ == "check_version"


def test_times_are_canonical_utc_so_they_sort_as_text():
    assert canonical_time("2025-03-01T12:15:00+02:00") == "2025-03-01T10:15:00.000000+00:00"
    assert canonical_time("2025-03-01T10:15:00Z") == "2025-03-01T10:15:00.000000+00:00"
    with pytest.raises(ValueError):
        canonical_time("2025-03-01T10:15:00")


@pytest.mark.parametrize(("size", "limit"), [(0, 10), (10, 10), (11, 10), (5000, 4096)])
def test_read_bytes_reads_whole_files_up_to_the_limit(tmp_path, size, limit):
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * size)
    if size > limit:
        with pytest.raises(SubmissionError, match=f"too large: {size:,} bytes"):
            read_bytes(str(path), limit)
    else:
        assert read_bytes(str(path), limit) == b"x" * size
