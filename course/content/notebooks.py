"""The one reader of the course's notebooks: which show which exercise, in what order.

The order is read from the notebooks' ``course.show("id")`` calls: progress,
reports, feedback pages, the live dashboard, ``tools/sync_notebooks.py`` and
the course-structure tests all read them here (:data:`SHOW_CALL`,
:data:`NOTEBOOK_GLOB`, :func:`heading`), so renumbering or adding notebooks
changes them all alike, without a code change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from course.core import paths
from course.errors import CourseError

# ``course.show("exercise-id")``: exercise ids are lower-case ids (course.core.schema.is_id)
SHOW_CALL = re.compile(r"""course\.show\(\s*["']([a-z0-9-]+)["']\s*\)""")
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"  # the course's notebooks, NN-name.ipynb, in teaching order


def notebook_paths(folder: str | Path) -> list[Path]:
    """The course notebooks in ``folder`` (:data:`NOTEBOOK_GLOB`), in teaching order."""
    return sorted(Path(folder).glob(NOTEBOOK_GLOB))


def read(path: str | Path) -> dict:
    """A notebook as plain JSON data (``OSError`` or ``ValueError`` if it cannot be read)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    """A cell's source as one string (the format allows a string or a list of lines)."""
    text = cell.get("source", "")
    return text if isinstance(text, str) else "".join(text)


def shown_ids(notebook: dict) -> list[str]:
    """The ids of every ``course.show("id")`` in the notebook's code cells, in order.

    >>> shown_ids({"cells": [{"cell_type": "code", "source": ['course.show("cpi")']}]})
    ['cpi']
    """
    return [
        exercise_id
        for cell in notebook.get("cells", [])
        if cell.get("cell_type") == "code"
        for exercise_id in SHOW_CALL.findall(source(cell))
    ]


def heading(notebook: dict) -> str:
    """The notebook's title: the ``# `` heading its first markdown cell starts with, or "".

    >>> heading({"cells": [{"cell_type": "markdown", "source": "# 02 · Projects\\nx"}]})
    '02 · Projects'
    """
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            lines = source(cell).strip().splitlines()
            first = lines[0] if lines else ""
            return first[2:].strip() if first.startswith("# ") else ""
    return ""


def exercise_notebooks(folder: Path | None = None) -> dict[str, str]:
    """Exercise id -> the stem of the first notebook that shows it."""
    folder = folder or paths.notebooks_dir()
    found: dict[str, str] = {}
    for path in notebook_paths(folder):
        for exercise_id in shown_ids(read(path)):
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
    """A heading made from a notebook's stem, for pages that know only the stem.

    >>> notebook_title("04-project-vs-program"), notebook_title("")
    ('04 Project vs program', 'Not in a notebook')
    """
    if not stem:
        return "Not in a notebook"
    number, _, rest = stem.partition("-")
    return f"{number} {rest.replace('-', ' ').capitalize()}"
