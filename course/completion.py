"""A learner's progress: exercises done and scores, per notebook.

Which notebook an exercise belongs to is read from the notebooks themselves
(the ``course.show("id")`` calls), so it can never drift from the course.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from course import paths
from course.bank import load_bank
from course.journal import Journal

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


def rows(journal: Journal | None = None, bank=None, folder: Path | None = None) -> list[dict]:
    """One row per notebook: ``notebook``, ``done``, ``total``, ``score``, ``max``."""
    bank = bank if bank is not None else load_bank()
    latest = (journal or Journal()).latest()
    table: dict[str, dict] = {}
    for exercise_id, notebook in exercise_notebooks(folder).items():
        if exercise_id not in bank:
            continue
        row = table.setdefault(
            notebook, {"notebook": notebook, "done": 0, "total": 0, "score": 0.0, "max": 0.0}
        )
        row["total"] += 1
        row["max"] += bank[exercise_id].points
        record = latest.get(exercise_id)
        if record is not None:
            row["done"] += 1
            row["score"] += record.get("score") or 0.0
    return [table[k] for k in sorted(table)]


def text(table: list[dict]) -> str:
    """The progress table as plain text, for the terminal."""
    width = max([len(r["notebook"]) for r in table] + [8])
    lines = [f"{'notebook':<{width}}  done   score"]
    for r in table:
        done = f"{r['done']}/{r['total']}"
        lines.append(f"{r['notebook']:<{width}}  {done:<5}  {r['score']:g} / {r['max']:g}")
    done = sum(r["done"] for r in table)
    total = sum(r["total"] for r in table)
    score = sum(r["score"] for r in table)
    top = sum(r["max"] for r in table)
    lines.append(f"{'all':<{width}}  {done}/{total}  {score:g} / {top:g}")
    return "\n".join(lines)


def show(journal: Journal | None = None, bank=None, folder: Path | None = None):
    """Print the progress table and return a bar chart of it (a matplotlib Figure)."""
    from course.figures import progress_chart

    table = rows(journal, bank, folder)
    print(text(table))
    return progress_chart(table)
