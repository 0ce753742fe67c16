"""What the notebooks show and tell a new learner (flags 23, 30 and 33 of the review)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "01-start-here.ipynb"


def sources() -> list[tuple[str, str]]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return [(c["cell_type"], "".join(c["source"])) for c in cells]


def test_the_journal_cell_prints_the_path_not_a_posixpath_repr(tmp_path):
    """Flag 33: the cell that shows where answers are kept, run as the kernel runs it
    (IPython shows a cell's last value), prints the path itself."""
    cell = next(s for kind, s in sources() if kind == "code" and "default_path" in s)
    run = subprocess.run(
        [sys.executable, "-m", "IPython", "--quick", "--no-banner", "--colors=NoColor", "-c", cell],
        capture_output=True,
        text=True,
        env={"PM_COURSE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        cwd=NOTEBOOK.parent,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "journal.jsonl")
    assert "PosixPath" not in run.stdout


def test_the_keyboard_paragraph_says_how_to_undo_a_cell_button_pressed_by_tab():
    """Flag 23: Tab passes JupyterLab's cell toolbar between exercises; the notebook says
    so and how to undo a button pressed by mistake (Esc, then Z: JupyterLab's undo)."""
    text = next(s for kind, s in sources() if kind == "markdown" and "keyboard alone" in s)
    assert "cell buttons (duplicate, move, delete the cell)" in text
    assert "<kbd>Esc</kbd> then <kbd>Z</kbd> undoes it" in text


def test_formulas_are_markdown_maths_not_ascii():
    """Flag 30: the discounting formulas of every notebook's prose are typeset
    (inside $...$), nowhere plain ASCII such as 'amount / (1 + r)^t'."""
    import re

    prose_cells = 0
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            prose_cells += 1
            prose = re.sub(r"\$\$.+?\$\$|\$[^$\n]+\$", "", "".join(cell["source"]), flags=re.S)
            assert "(1 + r)^" not in prose, f"{path.name}: an ASCII formula in {prose[:80]!r}"
    assert prose_cells > 100  # every notebook's prose was read
