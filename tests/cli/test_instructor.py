"""The grading commands end to end, as staff run them: real files, processes, SQLite."""

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from grading import support

from course.cli import main
from course.content.release import leaks
from course.core.bank import load_bank
from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook
from course.learner.journal import Journal
from tests.model_answers import MODEL_ANSWERS

PM_COURSE = [sys.executable, "-m", "course.cli"]
BANK = str(support.BANK)


def test_grade_lists_every_rejection_and_exits_3(tmp_path, capsys):
    shutil.copytree(support.SUBMISSIONS, tmp_path / "in", ignore=shutil.ignore_patterns("*.py"))
    code = main(
        [
            "grade",
            str(tmp_path / "in"),
            "--gradebook",
            str(tmp_path / "g.sqlite"),
            "--bank",
            BANK,
            "--quiet",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 3
    rejected = [line for line in out.splitlines() if line.startswith("REJECTED ")]
    assert len(rejected) == 14
    assert any("truncated.json: truncated" in line for line in rejected)
    assert "WARNING" in out and "fingerprint-mismatch.json: bank fingerprint mismatch" in out
    assert "2 graded" in out and "14 rejected" in out
    assert "14 submission(s) rejected" in err


def test_grade_exits_0_when_all_are_graded_and_2_on_bad_usage(tmp_path, capsys):
    support.class_folder(tmp_path / "in", 3, code=False)
    book = str(tmp_path / "g.sqlite")
    assert (
        main(["grade", str(tmp_path / "in"), "--gradebook", book, "--bank", BANK, "--quiet"]) == 0
    )
    assert main(["grade", str(tmp_path / "nowhere"), "--gradebook", book, "--bank", BANK]) == 2
    assert "is not a folder" in capsys.readouterr().err
    broken = tmp_path / "bank"
    broken.mkdir()
    (broken / "cpi.toml").write_text("id = 'cpi'\n")
    assert main(["grade", str(tmp_path / "in"), "--gradebook", book, "--bank", str(broken)]) == 2
    assert main(["export", "--gradebook", str(tmp_path / "none.sqlite"), "--csv", "x.csv"]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["grade", str(tmp_path / "in"), "--gradebook", book, "--jobs", "0"])
    assert usage.value.code == 2


def test_submit_grade_export_feedback_report(tmp_path, monkeypatch, capsys):
    journal = tmp_path / "journal.jsonl"
    doc = support.submission("ada")
    for exercise_id, record in doc["answers"].items():
        Journal(journal).append({"exercise": exercise_id, "learner": "ada", **record})
    argv = ["submit", "--student", "ada", "--out", str(tmp_path / "in"), "--journal", str(journal)]
    assert main([*argv, "--bank", BANK]) == 0
    assert main([*argv, "--bank", BANK]) == 0
    assert len(list((tmp_path / "in").glob("ada-*.json"))) == 2
    book = str(tmp_path / "g.sqlite")
    assert (
        main(["grade", str(tmp_path / "in"), "--gradebook", book, "--bank", BANK, "--quiet"]) == 0
    )
    assert main(["export", "--gradebook", book, "--csv", str(tmp_path / "grades.csv")]) == 0
    rows = list(csv.reader(open(tmp_path / "grades.csv", encoding="utf-8")))
    assert rows[1][0] == "ada" and rows[1][-1] == "9"
    assert main(["feedback", "--gradebook", book, "--out", str(tmp_path / "fb")]) == 0
    page = (tmp_path / "fb" / "feedback-ada.html").read_text(encoding="utf-8")
    assert "Graded work: 7 / 7 (100 %)" in page and "(not counted in the grade): 2 / 2" in page
    assert main(["report", "--gradebook", book, "--out", str(tmp_path / "report.html")]) == 0
    assert "<h1>Class report</h1>" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Wrote the class report" in capsys.readouterr().out


def test_release_command(tmp_path, capsys):
    (tmp_path / "nb").mkdir()
    out = tmp_path / "student"
    assert main(["release", str(out), "--bank", BANK, "--notebooks", str(tmp_path / "nb")]) == 0
    assert load_bank(out / "exercises")["cpi"].data["keys_removed"] is True
    (out / "exercises" / "retired.toml").write_text("id = 'retired'")
    assert main(["release", str(out), "--bank", BANK, "--notebooks", str(tmp_path / "nb")]) == 0
    assert not (out / "exercises" / "retired.toml").exists(), "the update in place removes it"
    (tmp_path / "nb" / "notes.txt").write_text("mine")
    assert main(["release", str(tmp_path / "nb"), "--bank", BANK]) == 2
    assert "not empty" in capsys.readouterr().err


# --- a run killed with SIGKILL, then run again ----------------------------------------


def count(book, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{book}?mode=ro", uri=True, timeout=1) as db:
            return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet


@pytest.mark.slow
def test_a_run_killed_mid_way_and_run_again_loses_and_doubles_nothing(tmp_path):
    folder, book = tmp_path / "in", tmp_path / "g.sqlite"
    n = 400
    support.class_folder(folder, n, code=True)
    for i in range(0, n, 8):  # resubmissions: a later file for every 8th student
        support.write(
            folder,
            support.submission(f"s{i:03d}", "2025-03-05T10:00:00+00:00"),
            f"s{i:03d}-again.json",
        )
    files = n + n // 8
    command = [
        *PM_COURSE,
        "grade",
        str(folder),
        "--gradebook",
        str(book),
        "--bank",
        BANK,
        "--quiet",
    ]
    run = subprocess.Popen(
        [*command, "--jobs", "2"], start_new_session=True, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while count(book, "submissions") < files // 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        at_kill = count(book, "submissions")
        assert 0 < at_kill < files, "the run was not killed mid-way"
        _workers_exit(run.pid)
    finally:
        _kill_group(run.pid)
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{at_kill} already in the gradebook" in again.stdout
    with Gradebook(book) as g:
        assert g.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert g.counts() == {
            "submissions": files,
            "results": files * 7,
            "current": n,
            "rejections": 0,
        }
        students = [c["student"] for c in g.current()]
        assert students == sorted({f"s{i:03d}" for i in range(n)})
        resubmitted = {c["student"]: c["created"] for c in g.current()}
        assert resubmitted["s008"].startswith("2025-03-05") and resubmitted["s001"].startswith(
            "2025-03-01"
        )
        killed_then_rerun = g.grades()
    with Gradebook(tmp_path / "clean.sqlite") as clean:
        grade_folder(folder, clean, bank=support.bank(), progress=False)
        assert [(r["student"], r["exercise"], r["score"]) for r in killed_then_rerun] == [
            (r["student"], r["exercise"], r["score"]) for r in clean.grades()
        ]


def _workers_exit(group: int) -> None:
    """The pool's workers notice their parent died and exit within a few seconds."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError("worker processes outlived the killed grading run")


def _kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


# --- the real course, end to end --------------------------------------------------------


def right_answer(exercise):
    """The keyed answer to an exercise of the full bank (a hand-written model answer for code)."""
    data = exercise.data
    if exercise.type in ("categorize", "match"):
        return {i["id"]: i["answer"] for i in exercise.items()}
    if exercise.type == "order":
        return data["answer"]
    if exercise.type == "choice":
        return [o["id"] for o in data["options"] if o["correct"]]
    if exercise.type == "numeric":
        return data["answer"]
    return MODEL_ANSWERS[exercise.id]


@pytest.mark.slow
def test_the_real_course_release_submit_grade(tmp_path, monkeypatch):
    support.require_os_sandbox()  # the code answers run in the sandbox
    full = load_bank()
    out = tmp_path / "release"
    assert subprocess.run([*PM_COURSE, "release", str(out)], capture_output=True).returncode == 0
    assert leaks(out, full) == []
    assert any(e.graded for e in full.values())
    monkeypatch.setenv("PM_COURSE_ROOT", str(out))
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))
    journal = Journal(tmp_path / "home" / "journal.jsonl")
    for student in ("ada", "grace"):
        journal.path = tmp_path / student / "journal.jsonl"
        for exercise in full.values():
            answer = right_answer(exercise.for_learner(student))
            journal.append({"exercise": exercise.id, "learner": student, "answer": answer})
        argv = [
            "submit",
            "--student",
            student,
            "--out",
            str(tmp_path / "in"),
            "--journal",
            str(journal.path),
        ]
        assert main(argv) == 0  # against the release's bank, as a learner would
    monkeypatch.delenv("PM_COURSE_ROOT")
    book = tmp_path / "g.sqlite"
    assert main(["grade", str(tmp_path / "in"), "--gradebook", str(book), "--quiet"]) == 0
    with Gradebook(book) as g:
        for row in g.grades():
            exercise = full[row["exercise"]]
            assert row["score"] == row["max_score"] == exercise.points, row["exercise"]
        assert len(g.current()) == 2
        assert json.loads(g.current()[0]["warnings"]) == []
