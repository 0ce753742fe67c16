"""The ``pm-course`` command line, run as a real process."""

import re
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
    lines = done.stdout.splitlines()
    assert any(line.startswith("all ") for line in lines)
    assert any(line.startswith("Mastered: ") for line in lines)
    notes = " ".join(lines[lines.index("") + 1 :])
    assert "tries: how many times you pressed Check; shown: exercises where you" in notes
    assert max(len(line) for line in lines) <= 72  # fits JupyterLab's output at 1024 px


def test_bank_check_makes_variants_of_every_template_and_says_how_many():
    done = pm_course("bank", "check", "--variants", "20")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"\d+ of \d+ exercises make variants", done.stdout), done.stdout
    assert "  cpi-numeric: 20 of 20 valid, 20 distinct" in done.stdout


def test_bank_variants_counts_valid_and_distinct_variants_and_shows_one():
    done = pm_course("bank", "variants", "npv-numeric", "--count", "300", "--show", "4")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("  npv-numeric: 300 of 300 valid, 300 distinct")
    assert "variant 4: A warehouse-automation project costs" in done.stdout
    assert "key: " in done.stdout and "NPV = " in done.stdout


def test_bank_variants_of_an_exercise_without_a_template_exits_2():
    done = pm_course("bank", "variants", "pmp-experience-months", "--count", "5")
    assert done.returncode == 2 and "no [variants] template" in done.stderr


def test_a_template_whose_key_is_typed_is_a_bank_problem(tmp_path):
    import shutil
    from pathlib import Path

    import course

    folder = tmp_path / "bank"
    shutil.copytree(Path(course.__file__).parent.parent / "exercises", folder)
    path = folder / "spi-numeric.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("key = \"pm.earned_value(bac, pvm, evm, acm)['spi']\"", 'key = "evm / pvm"'),
        encoding="utf-8",
    )
    done = pm_course("bank", "check", str(folder))
    assert done.returncode == 2
    assert "spi-numeric.toml: spi-numeric: variants.key: must call a course.pm calculator" in (
        done.stdout
    )
