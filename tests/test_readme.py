"""The README's set-up commands and .ci/run stay in step."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- test-command")[1]
    return re.search(r"```bash\n(.+?)\n```", block, re.S).group(1).strip()


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_test_command()
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in lines


def test_readme_command_1_starts_a_copy_that_opens_the_first_notebook():
    """Command 1 is `pm-course start`: a copy in ./pm-course (ignored by git), so the
    repository's notebooks stay clean, opened at the first notebook."""
    from course.learner.start import FIRST_NOTEBOOK

    readme = (ROOT / "README.md").read_text()
    first = re.search(r"```bash\n(.+?)\n```", readme, re.S).group(1).strip()
    assert first == "pip install -e . && pm-course start"
    assert FIRST_NOTEBOOK == sorted(p.name for p in ROOT.glob("notebooks/*.ipynb"))[0]
    assert "/pm-course/" in (ROOT / ".gitignore").read_text().split()
