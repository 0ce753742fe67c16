"""How long the course takes: the one model behind every stated time.

A notebook's estimated time is derived from data (``tools/sync_notebooks.py``
writes it into the notebook's header, the contents table and the instructor
guide), never typed by hand. The model, and every constant in it, is here
(the per-type exercise defaults are each type's ``MINUTES`` in ``course/core/types``):

* **reading**: the notebook's words (markdown and code, without generated
  cells) at :data:`READING_WPM` words a minute;
* **figures**: :data:`FIGURE_MINUTES` for each ``course.figures.NAME(...)`` call
  a code cell makes (run it, then study the chart);
* **other code cells**: :data:`CELL_MINUTES` for each code cell that draws no
  figure and shows no exercise (run it and read what it prints);
* **exercises**: :func:`minutes` for every exercise the notebook shows with
  ``course.show("id")`` (a cell a helper adds later is counted the next time
  the sync runs: nothing here lists exercises by hand).

Why these numbers. The December 2026 content review (``shared/reviews``,
"Learner time") re-estimated the course with reading at 130-170 words a minute,
1.5 minutes a figure, 0.5 a code cell, 1.5 + 0.75 minutes per item for sorts,
matches and orders, 1.5 + 0.5 per option for choices, 4-6 minutes a numeric
item and 35-60 minutes a code exercise, and found 940-1,160 minutes for
notebooks 01-14 where the old model (200 words a minute, 15 minutes a code
exercise, nothing for figures or cells) said 511. We take the middle of each
range. These are still planning estimates, not measurements: time a pilot
class and change the constants here, and only here; every derived time follows
at the next ``tools/sync_notebooks.py``.

>>> minutes({"type": "choice", "options": [{}, {}, {}, {}]})
3.5
>>> minutes({"type": "numeric", "minutes": 8})
8.0
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from course.content import notebooks
from course.core import types
from course.core.exercise import item_field

# Words a learner reads per minute in technical prose with tables and worked
# numbers: the middle of the review's 130 (novice) to 170 (practitioner). Light
# reading runs at about 240; the old 200 ignored the stops at tables.
READING_WPM = 150

# Minutes to run a figure cell and study the chart (axes, legend, what it shows).
FIGURE_MINUTES = 1.5

# Minutes to run any other code cell (not a figure, not an exercise) and read its output.
CELL_MINUTES = 0.5

# Per-type default: (minutes to read the prompt and get oriented, minutes per
# item the learner sees), each type's ``MINUTES`` (course/core/types, with why). An
# exercise file may state ``minutes`` itself, and it wins.
TYPE_MINUTES: dict[str, tuple[float, float]] = {
    name: kind.MINUTES for name, kind in types.TYPES.items()
}
TYPE_DEFAULTS = TYPE_MINUTES  # the name older callers use

# A live workshop takes longer than self-study: the instructor introduces each
# part, the room asks and discusses. Live minutes are self-study times this
# factor, rounded up to LIVE_STEP minutes (the instructor guide's plans use them).
LIVE_FACTOR = 4 / 3
LIVE_STEP = 5

# Cells tools/sync_notebooks.py generates (navigation, contents, the note on
# reopening, code exercises' starters): they are not reading, and a code
# exercise's minutes already cover its starter.
UNTIMED_TAGS = ("navigation", "contents", "starter", "reopen")

FIGURE_CALL = re.compile(r"\bfigures\.[A-Za-z_]\w*\(")  # course.figures.gantt(tasks)
WORD = re.compile(r"\w+")


def item_count(exercise: dict) -> int:
    """The number of items one learner sees: the pool size, or ``draw`` when it is smaller.

    >>> item_count({"type": "categorize", "items": [{}] * 12, "draw": 8})
    8
    """
    pool = len(exercise.get(item_field(exercise.get("type", "")), []))
    draw = exercise.get("draw")
    return min(pool, draw) if isinstance(draw, int) and draw > 0 else pool


def minutes(exercise: dict) -> float:
    """Minutes a learner needs for ``exercise`` (the parsed TOML of one bank file).

    The ``minutes`` field wins when present; otherwise the type's base time plus
    its per-item time times :func:`item_count`.

    >>> minutes({"type": "categorize", "items": [{}] * 8})
    7.5
    >>> minutes({"type": "code"})
    45.0

    Parameters:
        exercise: the exercise as a dict, as ``tomllib`` reads it.

    Raises:
        ValueError: the type is unknown and the file states no ``minutes``.
    """
    if "minutes" in exercise:
        return float(exercise["minutes"])
    kind = exercise.get("type")
    if kind not in TYPE_MINUTES:
        known = ", ".join(TYPE_MINUTES)
        raise ValueError(
            f"exercise {exercise.get('id', '?')!r} has type {kind!r}; "
            f"give it a minutes field or use one of: {known}"
        )
    base, per_item = TYPE_MINUTES[kind]
    return base + per_item * item_count(exercise)


def reading_minutes(words: int) -> float:
    """Minutes to read ``words`` words at :data:`READING_WPM`.

    >>> reading_minutes(1500)
    10.0
    """
    return words / READING_WPM


def live_minutes(self_study: float) -> int:
    """Live workshop minutes for ``self_study``: x :data:`LIVE_FACTOR`, up to :data:`LIVE_STEP`.

    >>> live_minutes(60), live_minutes(61), live_minutes(0)
    (80, 85, 0)
    """
    steps = self_study * LIVE_FACTOR / LIVE_STEP
    return LIVE_STEP * math.ceil(round(steps, 9))  # 60 * 4/3 is 80, not 80.000001


@dataclass
class NotebookTime:
    """What a notebook asks of a learner, and the minutes each part takes.

    ``exercises`` holds ``(id, type, minutes)`` in the order the notebook shows them.
    """

    words: int = 0
    figures: int = 0
    cells: int = 0
    exercises: list[tuple[str, str, float]] = field(default_factory=list)

    @property
    def reading(self) -> float:
        return reading_minutes(self.words)

    @property
    def running(self) -> float:
        """Figures and other code cells."""
        return self.figures * FIGURE_MINUTES + self.cells * CELL_MINUTES

    def exercise_minutes(self, kinds: tuple[str, ...] | None = None) -> float:
        """Minutes of the exercises, or of those of the given types only."""
        return sum(m for _, kind, m in self.exercises if kinds is None or kind in kinds)

    @property
    def total(self) -> float:
        return self.reading + self.running + self.exercise_minutes()

    def rounded(self, without: tuple[str, ...] = ()) -> int:
        """Whole minutes, half up, at least 1; ``without`` leaves out exercises of those types."""
        return max(1, int(self.total - self.exercise_minutes(without) + 0.5))


def notebook_time(notebook: dict, bank: Path) -> NotebookTime:
    """Count a notebook's words, figures, code cells and exercises, and time them.

    Cells tagged with one of :data:`UNTIMED_TAGS` do not count. A code cell with
    a ``course.show`` call counts as its exercises only; one that draws figures,
    as its figures only; any other code cell as one :data:`CELL_MINUTES`.

    Raises:
        FileNotFoundError: the notebook shows an exercise the bank does not have.
        ValueError: an exercise has an unknown type and no ``minutes``.
    """
    counted = NotebookTime()
    for cell in notebook.get("cells", []):
        if set(cell.get("metadata", {}).get("tags", [])) & set(UNTIMED_TAGS):
            continue
        kind, text = cell.get("cell_type"), notebooks.source(cell)
        if kind not in ("markdown", "code"):
            continue
        counted.words += len(WORD.findall(text))
        if kind != "code":
            continue
        shown, drawn = notebooks.SHOW_CALL.findall(text), len(FIGURE_CALL.findall(text))
        for exercise_id in shown:
            exercise = load_exercise_by_id(bank, exercise_id)
            counted.exercises.append((exercise_id, exercise.get("type", "?"), minutes(exercise)))
        counted.figures += drawn
        if not shown and not drawn:
            counted.cells += 1
    return counted


def load_exercise(path: Path) -> dict:
    """Read one bank file with ``tomllib`` (no validation: ``pm-course bank check`` does that)."""
    with open(path, "rb") as f:
        return tomllib.load(f)


def load_exercise_by_id(bank: Path, exercise_id: str) -> dict:
    """The exercise ``exercise_id`` of the bank folder ``bank``, as a dict.

    Raises:
        FileNotFoundError: there is no ``bank/<exercise_id>.toml``.
    """
    path = bank / f"{exercise_id}.toml"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such exercise; a notebook shows {exercise_id!r}, "
            f"so add {path.name} to the bank or fix the id in the notebook"
        )
    return load_exercise(path)


def exercise_minutes(bank: Path, exercise_id: str) -> float:
    """Minutes for the exercise ``exercise_id`` in the bank folder ``bank``.

    Raises:
        FileNotFoundError: there is no ``bank/<exercise_id>.toml``.
    """
    return minutes(load_exercise_by_id(bank, exercise_id))
