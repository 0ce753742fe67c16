"""``pm-course grade`` refuses to run code answers unsafely: the isolation levels, end to end."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from grading import support


def grade(folder, book, *extra, path: str | None = None) -> subprocess.CompletedProcess:
    """``pm-course grade`` in a new process; ``path`` replaces PATH (to hide bwrap)."""
    env = {**os.environ, "PATH": path if path is not None else os.environ["PATH"]}
    command = [sys.executable, "-m", "course.cli", "grade", str(folder), "--gradebook", str(book)]
    command += ["--bank", str(support.BANK), "--quiet", *extra]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def students(book) -> list[str]:
    with sqlite3.connect(book) as db:
        return sorted(row[0] for row in db.execute("SELECT student FROM current"))


def test_without_the_os_sandbox_code_answers_are_not_run_and_the_rest_is_graded(tmp_path):
    folder = tmp_path / "in"
    support.write(folder, support.submission("coder"), "coder.json")
    plain = support.submission("plain")
    del plain["answers"]["duration"]
    support.write(folder, plain, "plain.json")
    done = grade(folder, tmp_path / "g.sqlite", path="/nonexistent")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "code answers will NOT be run" in done.stderr
    assert "apt-get install bubblewrap" in done.stderr and "--isolation process" in done.stderr
    assert (
        "REJECTED" in done.stdout and "coder.json: not graded: it has code answers" in done.stdout
    )
    assert students(tmp_path / "g.sqlite") == ["plain"]
    # once the sandbox is there, the same command grades the rejected file too
    support.require_os_sandbox()
    again = grade(folder, tmp_path / "g.sqlite")
    assert again.returncode == 0, again.stdout + again.stderr
    assert students(tmp_path / "g.sqlite") == ["coder", "plain"]
    from course.sandbox import cgroup  # the isolation line says how answers are limited

    assert f"pm-course: code answers run in the OS sandbox; {cgroup.describe()[:40]}" in (
        again.stderr
    )
    if cgroup.base() is None:
        assert "memory is limited per process only" in again.stderr
    else:
        assert "memory and tasks limited per answer (cgroup v" in again.stderr


def test_isolation_process_runs_code_answers_without_bubblewrap(tmp_path):
    folder = tmp_path / "in"
    support.write(folder, support.submission("coder"), "coder.json")
    done = grade(folder, tmp_path / "g.sqlite", "--isolation", "process", path="/nonexistent")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "NOT be run" not in done.stderr
    with sqlite3.connect(tmp_path / "g.sqlite") as db:
        (score,) = db.execute("SELECT score FROM grades WHERE exercise = 'duration'").fetchone()
    assert score == 1.0


def test_grade_help_explains_the_levels():
    done = subprocess.run(
        [sys.executable, "-m", "course.cli", "grade", "--help"], capture_output=True, text=True
    )
    assert "--isolation {os,process}" in done.stdout
    assert "bubblewrap" in done.stdout and "Not a security boundary" in done.stdout
