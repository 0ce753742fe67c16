"""Tests for course.instructor.gradebook: schema, current grades, transactions, history."""

import dataclasses
import hashlib
import os
import sqlite3

import pytest
from grading import support

from course.errors import UsageError
from course.instructor.gradebook import (
    UNRECORDABLE,
    Gradebook,
    Graded,
    Rejected,
    open_existing,
    parse_items,
)

ANSWERS = [(7, "a", "1", "right", "+", None)]


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def graded(name: str, student: str = "ada", created: str = "2025-03-01T10:00:00.000000+00:00"):
    rows = [("a", 1.0, 1.0, 7), ("b", 0.0, 2.0, None)]
    return Graded(
        sha(name), student, created, f"/in/{name}.json", "0.1.0", "sha256:x", (), rows, ANSWERS
    )


@pytest.fixture
def book(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        yield book


def test_a_new_gradebook_has_its_tables_and_wal_mode(book):
    assert book.counts() == {"submissions": 0, "results": 0, "current": 0, "rejections": 0}
    assert book.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (
        book.db.execute("PRAGMA user_version").fetchone()[0] == 3
    )  # 3: hand-in times and assignments (2 is migrated)


def test_one_row_per_student_and_exercise(book):
    book.record([graded("s1"), graded("s2", "grace")], "key")
    assert [(g["student"], g["exercise"]) for g in book.grades()] == [
        ("ada", "a"),
        ("ada", "b"),
        ("grace", "a"),
        ("grace", "b"),
    ]
    a, b = book.grades("ada")
    assert (a["answer"], a["summary"], a["items"]) == (1, "right", [{"item": "", "correct": True}])
    assert (b["answer"], b["summary"], b["items"]) == (None, "no answer submitted", [])
    assert b["max_score"] == 2.0 and a["feedback"] is None
    assert book.scores() == [
        ("ada", "a", 1.0),
        ("ada", "b", 0.0),
        ("grace", "a", 1.0),
        ("grace", "b", 0.0),
    ]


@pytest.mark.parametrize("order", [("old", "new"), ("new", "old")])
def test_the_latest_created_counts_whatever_the_grading_order(book, order):
    times = {"old": "2025-03-01T10:00:00.000000+00:00", "new": "2025-03-02T10:00:00.000000+00:00"}
    for name in order:
        book.record([graded(name, created=times[name])], "key")
    assert [c["submission"] for c in book.current()] == [sha("new")]
    assert [h["sha256"] for h in support.history(book, "ada")] == [sha("old"), sha("new")]


def test_recording_the_same_file_twice_keeps_one_row(book):
    book.record([graded("s1"), graded("s1")], "key")
    book.record([graded("s1")], "key")
    assert book.counts() == {"submissions": 1, "results": 2, "current": 1, "rejections": 0}


def test_done_lists_hashes_graded_with_the_same_key(book):
    book.record([graded("s1")], "key-1")
    book.record([graded("s2", "grace")], "key-2")
    assert book.done("key-1") == {sha("s1")} and book.done("key-3") == frozenset()


def test_a_file_that_cannot_be_recorded_is_rejected_and_the_others_are_kept(book):
    broken = Graded(  # a NULL score: the results table refuses it
        sha("s2"), "grace", "2025", "/x", "0.1.0", "sha256:x", (), [("a", None, 1.0, None)]
    )
    book.record([graded("s1"), broken], "key")
    assert book.counts() == {"submissions": 1, "results": 2, "current": 1, "rejections": 1}
    (rejection,) = book.rejections()
    assert rejection["path"] == "/x" and rejection["reason"].startswith(UNRECORDABLE)
    assert "IntegrityError" in rejection["reason"]
    assert [(g["exercise"], g["score"]) for g in book.grades("ada")] == [("a", 1.0), ("b", 0.0)]


def test_a_rejection_of_an_undecodable_name_is_recorded_as_escaped_text(book):
    name = os.fsdecode(b"/in/s\xff.json")  # as os.scandir gives a name that is not UTF-8
    book.record([Rejected(name, "file name is not UTF-8"), graded("s1")], "key")
    assert [r["path"] for r in book.rejections()] == ["/in/s\\xff.json"]
    assert book.counts()["submissions"] == 1


def test_rejections_are_kept_until_the_file_is_graded(book):
    book.record([Rejected("/in/s1.json", "truncated")], "key")
    assert [r["reason"] for r in book.rejections()] == ["truncated"]
    book.record([graded("s1")], "key")
    assert book.rejections() == []


def test_exercises_are_recorded_in_bank_order(book):
    book.set_exercises(support.bank())
    exercises = book.exercises()
    assert [e["id"] for e in exercises] == list(support.bank())
    assert {e["id"]: e["graded"] for e in exercises}["define"] == 0


def test_a_file_that_is_not_a_gradebook_is_refused(tmp_path):
    (tmp_path / "notes.sqlite").write_text("not a database, just notes " * 100)
    with pytest.raises(UsageError, match="not a pm-course gradebook"):
        Gradebook(tmp_path / "notes.sqlite")


def test_a_newer_gradebook_is_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "g.sqlite")
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(UsageError, match="newer pm-course"):
        Gradebook(tmp_path / "g.sqlite")


def test_open_existing_needs_the_file(tmp_path):
    with pytest.raises(UsageError, match="Grade first"):
        open_existing(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()


def test_each_distinct_answer_is_stored_once(book):
    book.record([graded("s1"), graded("s2", "grace")], "key")
    book.record([graded("s3", "linus")], "key")
    stored = [tuple(r) for r in book.db.execute("SELECT * FROM answers")]
    assert stored == ANSWERS
    assert book.counts()["results"] == 6


def test_a_record_may_use_answers_an_earlier_record_stored(book):
    book.record([graded("s1")], "key")
    book.record([dataclasses.replace(graded("s2", "grace"), answers=[])], "key")
    assert [g["summary"] for g in book.grades("grace")] == ["right", "no answer submitted"]


def test_the_bank_is_kept_per_grading_key(book):
    bank = support.bank()
    book.set_exercises(bank, "key-1")
    book.set_exercises(bank, "key-1")
    assert book.grading_keys() == ["key-1"]
    kept = book.bank("key-1")
    assert list(kept) == list(bank)
    assert kept["duties"].data == bank["duties"].data and kept["cpi"].points == 1.0


def test_an_earlier_gradebook_version_is_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "g.sqlite")
    db.execute("PRAGMA user_version = 1")
    db.close()
    with pytest.raises(UsageError, match="earlier pm-course .* new\\s+gradebook file"):
        Gradebook(tmp_path / "g.sqlite")


def test_item_records_parse():
    assert parse_items("+a -b") == [
        {"item": "a", "correct": True},
        {"item": "b", "correct": False},
    ]
    assert parse_items("") == parse_items(None) == []


def test_new_submissions_get_the_next_ids_and_regrades_keep_theirs(book):
    book.record([graded("s1"), graded("s2", "grace")], "key")
    book.record([graded("s3", "linus"), graded("s1")], "key")  # s1 graded again
    ids = dict(book.db.execute("SELECT student, id FROM submissions"))
    assert ids == {"ada": 1, "grace": 2, "linus": 3}
    assert book.counts()["results"] == 6
    assert [r[0] for r in book.db.execute("SELECT DISTINCT submission FROM results")] == [1, 2, 3]
