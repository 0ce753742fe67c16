"""The pure core is typed: mypy finds nothing in course/core ([tool.mypy] in pyproject.toml)."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error_in_course_core():
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_the_package_says_it_is_typed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert (ROOT / "course" / "py.typed").is_file()
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["course"]
    assert config["tool"]["mypy"]["files"] == ["course/core"]
