"""No answer printed above its exercise (flags 12 and 13 of the learner review).

Teaching that gives an exercise's answer away (a figure, a code cell listing the
order, a paragraph naming the right rows) comes after the exercise and after at
least one other exercise, so it is not on screen while the learner scrolls to
Check, nor the first thing under a widget that did not render.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.core.bank import load_bank

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def cells(name: str) -> list[str]:
    notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"]]


def first(sources: list[str], text: str) -> int:
    found = [i for i, source in enumerate(sources) if text in source]
    assert found, f"no cell holds {text!r}"
    return found[0]


@pytest.mark.parametrize(
    "notebook, exercise, spoilers",
    [
        # flag 12: the code cell and figure listing both ladders, and the correction box
        ("13-careers-and-certifications.ipynb", "career-ladder", ["course.figures.ladders("]),
        # flag 13: the paragraph naming the duties that belong to both roles
        ("04-project-vs-program.ipynb", "duty-sort", ["### Duties that belong to both"]),
    ],
)
def test_teaching_that_gives_the_answer_away_comes_after_another_exercise(
    notebook, exercise, spoilers
):
    sources = cells(notebook)
    shown = first(sources, f'course.show("{exercise}")')
    assert spoilers and shown > 0
    for spoiler in spoilers:
        at = first(sources, spoiler)
        between = [s for s in sources[shown + 1 : at] if "course.show(" in s]
        assert at > shown and between, f"{spoiler!r} is not after another exercise"


def test_no_cell_since_the_exercise_before_lists_an_order_exercise_s_steps_in_order():
    """Between an order exercise and the exercise before it, no cell names all its steps
    in the key's order (a numbered list, a code cell or a figure listing them would):
    the learner puts them in order from memory, after another exercise."""
    bank = load_bank()
    checked = []
    for name in sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        sources = cells(name)
        shows = [i for i, source in enumerate(sources) if "course.show(" in source]
        for n, i in enumerate(shows):
            for ex_id in [e for e in bank if f'course.show("{e}")' in sources[i]]:
                ex = bank[ex_id]
                if ex.type != "order":
                    continue
                texts = {item["id"]: item["text"] for item in ex.items()}
                steps = [texts[s] for s in ex.data["answer"]]
                checked.append(ex_id)
                for above in sources[shows[n - 1] + 1 if n else 0 : i]:
                    places = [above.find(step) for step in steps]
                    listed = all(p >= 0 for p in places) and places == sorted(places)
                    assert not listed, f"{name}: a cell just above {ex_id} lists its steps in order"
    assert {"career-ladder", "project-life-cycle"} <= set(checked), checked
