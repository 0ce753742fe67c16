"""Exercises in the order learners meet them: notebook by notebook, cell by cell.

The order is read from the notebooks' ``course.show("id")`` calls (progress,
reports and feedback pages all read them here), so renumbering or adding notebooks changes
reports and feedback pages without a code change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from course.core import paths
from course.errors import CourseError

SHOW_CALL = re.compile(r"""course\.show\(\s*["']([a-z0-9-]+)["']""")


def exercise_notebooks(folder: Path | None = None) -> dict[str, str]:
    """Exercise id -> the stem of the first notebook that shows it."""
    folder = folder or paths.notebooks_dir()
    found: dict[str, str] = {}
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                for exercise_id in SHOW_CALL.findall("".join(cell["source"])):
                    found.setdefault(exercise_id, path.stem)
    return found


def shown_order(folder: str | Path | None = None) -> list[tuple[str, str]]:
    """``(exercise id, notebook stem)`` in the order the notebooks show them (first showing).

    An empty list when there is no notebooks folder.
    """
    try:
        folder = Path(folder) if folder else paths.notebooks_dir()
    except CourseError:
        return []
    return list(exercise_notebooks(folder).items())  # a dict keeps the notebooks' order


def in_notebook_order(exercises: list[dict], folder: str | Path | None = None) -> list[dict]:
    """``exercises`` (dicts with ``id``) sorted into notebook order, each with a ``notebook``.

    Exercises no notebook shows come last, in their given order, with notebook ``""``.
    """
    order = {exercise_id: (n, stem) for n, (exercise_id, stem) in enumerate(shown_order(folder))}
    last = (len(order), "")
    ranked = sorted(enumerate(exercises), key=lambda p: (order.get(p[1]["id"], last)[0], p[0]))
    return [dict(e, notebook=order.get(e["id"], last)[1]) for _, e in ranked]


def notebook_title(stem: str) -> str:
    """A heading for a notebook stem.

    >>> notebook_title("04-project-vs-program"), notebook_title("")
    ('04 Project vs program', 'Not in a notebook')
    """
    if not stem:
        return "Not in a notebook"
    number, _, rest = stem.partition("-")
    return f"{number} {rest.replace('-', ' ').capitalize()}"
