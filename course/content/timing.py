"""How long things take: exercise minutes and reading minutes, defined once.

Carpentries lessons keep their timings by hand and the numbers drift. Here a
notebook's estimated time is derived from data (``tools/sync_notebooks.py``):
its words at :data:`READING_WPM` plus :func:`minutes` for each exercise it
shows. An exercise file may state ``minutes`` itself; otherwise the time comes
from its type and the number of items a learner actually sees.

>>> minutes({"type": "choice", "options": [{}, {}, {}, {}]})
2.0
>>> minutes({"type": "numeric", "minutes": 5})
5.0
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from course.core import types
from course.core.exercise import item_field

# Words a learner reads per minute in a teaching text with figures. 200 wpm is
# the usual planning figure for technical prose (slower than the ~240 wpm of
# light reading, because learners stop to look at tables and figures).
READING_WPM = 200

# Per-type default: (minutes to read the prompt and get oriented, minutes per item).
# These are planning estimates, not measurements: adjust them here (and only
# here) once you have timed a real class. What each per-item figure assumes:
# - categorize: read a statement, decide its bucket, read the explanation: 0.5
# - order: compare a rung with its neighbours, a little faster per item: 0.5
# - choice: read an option and its feedback: 0.25
# - match: read a left item and pick among the right items: 0.5
# - numeric: one small calculation with a calculator: 3 minutes flat
# - code: write and test a short function: 15 minutes flat
TYPE_DEFAULTS: dict[str, tuple[float, float]] = {
    name: kind.MINUTES for name, kind in types.TYPES.items()
}  # (base, per item) of each type: its MINUTES (course.core.types.base)


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

    >>> minutes({"type": "categorize", "items": [{}] * 24})
    13.0

    Parameters:
        exercise: the exercise as a dict, as ``tomllib`` reads it.

    Raises:
        ValueError: the type is unknown and the file states no ``minutes``.
    """
    if "minutes" in exercise:
        return float(exercise["minutes"])
    kind = exercise.get("type")
    if kind not in TYPE_DEFAULTS:
        known = ", ".join(TYPE_DEFAULTS)
        raise ValueError(
            f"exercise {exercise.get('id', '?')!r} has type {kind!r}; "
            f"give it a minutes field or use one of: {known}"
        )
    base, per_item = TYPE_DEFAULTS[kind]
    return base + per_item * item_count(exercise)


def reading_minutes(words: int) -> float:
    """Minutes to read ``words`` words at :data:`READING_WPM`.

    >>> reading_minutes(1000)
    5.0
    """
    return words / READING_WPM


def load_exercise(path: Path) -> dict:
    """Read one bank file with ``tomllib`` (no validation: ``pm-course bank check`` does that)."""
    with open(path, "rb") as f:
        return tomllib.load(f)


def exercise_minutes(bank: Path, exercise_id: str) -> float:
    """Minutes for the exercise ``exercise_id`` in the bank folder ``bank``.

    Raises:
        FileNotFoundError: there is no ``bank/<exercise_id>.toml``.
    """
    path = bank / f"{exercise_id}.toml"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such exercise; a notebook shows {exercise_id!r}, "
            f"so add {path.name} to the bank or fix the id in the notebook"
        )
    return minutes(load_exercise(path))
