"""The ``pm-course`` command line, run as a real process."""

import subprocess
import sys

from tests.conftest import BANKS


def pm_course(*args, cwd=None):
    cmd = [sys.executable, "-m", "course.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)


def test_bank_check_passes_on_the_shipped_bank():
    done = pm_course("bank", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all valid" in done.stdout


def test_bank_check_exits_2_with_one_line_per_problem():
    done = pm_course("bank", "check", str(BANKS / "duplicate-id"))
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.count(": ") >= 3 and ".toml: cpi: id: " in line for line in lines)
    assert "2 problem(s)" in done.stderr


def test_bank_check_of_a_missing_folder_is_a_problem_not_a_traceback(tmp_path):
    done = pm_course("bank", "check", str(tmp_path / "nope"))
    assert done.returncode == 2 and "no such folder" in done.stdout
    assert "Traceback" not in done.stderr


def test_bad_usage_exits_2():
    done = pm_course("bank", "frobnicate")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_progress_prints_a_row_per_notebook(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "course.cli", "progress"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PM_COURSE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("notebook")
    assert any(line.startswith("04-project-vs-program") for line in done.stdout.splitlines())
    *table, blank, note = done.stdout.splitlines()
    assert table[-1].startswith("all") and blank == ""
    assert note.startswith("tries: how many times you pressed Check; answers shown: ")
