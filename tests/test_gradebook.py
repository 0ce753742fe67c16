"""Tests for course.gradebook: schema, current grade per student, transactions, history."""

import hashlib
import sqlite3

import pytest
from grading import support

from course.errors import UsageError
from course.gradebook import Gradebook, Graded, Rejected, open_existing, text_key

ROWS = [("a", 1.0, 1.0, "right", "1", "i1"), ("b", 0.0, 2.0, "", "null", "i2")]
TEXTS = {"k1": "Right.", "i1": '[["", true, "k1", ""]]', "i2": "[]"}


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def graded(name: str, student: str = "ada", created: str = "2025-03-01T10:00:00.000000+00:00"):
    return Graded(
        sha(name), student, created, f"/in/{name}.json", "0.1.0", "sha256:x", (), ROWS, TEXTS
    )


@pytest.fixture
def book(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        yield book


def test_a_new_gradebook_has_its_tables_and_wal_mode(book):
    assert book.counts() == {"submissions": 0, "results": 0, "current": 0, "rejections": 0}
    assert book.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert book.db.execute("PRAGMA user_version").fetchone()[0] == 1


def test_one_row_per_student_and_exercise(book):
    book.record([graded("s1"), graded("s2", "grace")], "key")
    assert [(g["student"], g["exercise"]) for g in book.grades()] == [
        ("ada", "a"),
        ("ada", "b"),
        ("grace", "a"),
        ("grace", "b"),
    ]
    assert book.grades("ada")[0]["items"] == [
        {"item": "", "correct": True, "message": "Right.", "label": ""}
    ]
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
    assert [h["sha256"] for h in book.history("ada")] == [sha("old"), sha("new")]


def test_recording_the_same_file_twice_keeps_one_row(book):
    book.record([graded("s1"), graded("s1")], "key")
    book.record([graded("s1")], "key")
    assert book.counts() == {"submissions": 1, "results": 2, "current": 1, "rejections": 0}


def test_done_lists_hashes_graded_with_the_same_key(book):
    book.record([graded("s1")], "key-1")
    book.record([graded("s2", "grace")], "key-2")
    assert book.done("key-1") == {sha("s1")} and book.done("key-3") == frozenset()


def test_a_failed_batch_leaves_nothing_behind(book):
    broken = Graded(sha("s2"), "grace", "2025", "/x", "0.1.0", "sha256:x", (), [("a", 1.0)])
    with pytest.raises(sqlite3.Error):
        book.record([graded("s1"), broken], "key")
    assert book.counts()["submissions"] == 0


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


def test_feedback_texts_are_stored_once_by_key(book):
    book.record([graded("s1"), graded("s2", "grace")], "key")
    book.record([graded("s3", "linus")], "key")
    stored = [tuple(r) for r in book.db.execute("SELECT key, text FROM texts ORDER BY key")]
    assert stored == sorted(TEXTS.items())
    assert text_key("Right.") == text_key("Right.") != text_key("Right!")
    assert len(text_key("x")) == 16
