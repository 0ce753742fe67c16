"""A learner's progress: exercises done, mastered and scores, per notebook.

What counts as mastered is decided in :mod:`course.learner.mastery` alone.

Which notebook an exercise belongs to is read from the notebooks themselves
(the ``course.show("id")`` calls), so it can never drift from the course.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from course.content.notebooks import exercise_notebooks
from course.core.bank import load_bank
from course.core.wording import points
from course.learner import mastery
from course.learner.journal import Journal


def rows(journal: Journal | None = None, bank=None, folder: Path | None = None) -> list[dict]:
    """One row per notebook: ``notebook``, ``done``, ``total``, ``score``, ``max``,
    ``tries`` (Checks of its exercises), ``shown`` (exercises whose answer was shown),
    ``mastered`` and ``practice`` (exercises that can be mastered: not graded)."""
    bank = bank if bank is not None else load_bank()
    records = (journal or Journal()).records()
    latest = {r["exercise"]: r for r in records}
    learnt = mastery.mastered_ids(bank, records)
    table: dict[str, dict] = {}
    for exercise_id, notebook in exercise_notebooks(folder).items():
        if exercise_id not in bank:
            continue
        row = table.setdefault(
            notebook,
            {
                "notebook": notebook,
                "done": 0,
                "total": 0,
                "score": 0.0,
                "max": 0.0,
                "tries": 0,
                "shown": 0,
                "mastered": 0,
                "practice": 0,
            },
        )
        row["practice"] += mastery.practice(bank[exercise_id])
        row["mastered"] += exercise_id in learnt
        row["total"] += 1
        row["max"] += bank[exercise_id].points
        record = latest.get(exercise_id)
        if record is not None:
            row["done"] += 1
            row["score"] += record.get("score") or 0.0
            row["tries"] += record.get("attempts") or 1
            row["shown"] += bool(record.get("answer_shown"))
    return [table[k] for k in sorted(table)]


# Printed under the table: what its last two columns count.
WIDTH = 72  # the table and its notes fit JupyterLab's output at 1024 px, and a terminal
COLUMNS = textwrap.fill(
    "tries: how many times you pressed Check; shown: exercises where you pressed "
    "Show answer (the answer or worked solution).",
    WIDTH,
)
NAME = 26  # a longer notebook name is cut (its number says which notebook it is)


def text(table: list[dict]) -> str:
    """The progress table as plain text, for the terminal (points with at most 2 decimals)."""
    total = {
        "notebook": "all",
        **{k: sum(r.get(k, 0) for r in table) for k in ("done", "total", "score", "max")},
        **{k: sum(r.get(k, 0) for r in table) for k in ("tries", "shown", "mastered", "practice")},
    }
    cells = [
        (
            r["notebook"] if len(r["notebook"]) <= NAME else r["notebook"][: NAME - 1] + "…",
            f"{r['done']}/{r['total']}",
            f"{r.get('mastered', 0)}/{r['practice']}" if r.get("practice") else "-",
            f"{points(r['score'])} / {points(r['max'])}",
            str(r.get("tries", 0)),
            str(r.get("shown", 0)),
        )
        for r in [*table, total]
    ]
    head = ("notebook", "done", "mastered", "score", "tries", "shown")
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]

    def line(cols: tuple) -> str:
        first = f"{cols[0]:<{widths[0]}}"
        rest = [f"{c:>{widths[i]}}" for i, c in enumerate(cols) if i]
        return "  ".join([first, *rest]).rstrip()

    return "\n".join([*(line(c) for c in [head, *cells]), "", *textwrap.wrap(mastery.RULE, WIDTH)])


def show(journal: Journal | None = None, bank=None, folder: Path | None = None):
    """Print the progress table and return a bar chart of it (a matplotlib Figure)."""
    from course.figures import progress_chart

    table = rows(journal, bank, folder)
    print(text(table), COLUMNS, sep="\n\n")
    return progress_chart(table)
