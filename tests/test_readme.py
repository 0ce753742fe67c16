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


def test_readme_opens_the_first_notebook_that_exists():
    readme = (ROOT / "README.md").read_text()
    first = re.search(r"jupyter lab (notebooks/\S+\.ipynb)", readme).group(1)
    assert (ROOT / first).exists()
    assert first == sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("notebooks/*.ipynb"))[0]
