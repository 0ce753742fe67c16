"""``categorize``: sort items into buckets (the duty sort).

Score: the share of items placed in the right bucket; an unplaced item counts as wrong.
"""

from __future__ import annotations

from course.core.schema import Field
from course.core.types._common import keyed_rows, pick_functions

CONTROLS = "picks.PickControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "buckets": Field(
        "tables",
        schema={"id": Field("id"), "label": Field("text"), "description": Field("text", False)},
    ),
    "items": keyed_rows(),
}
KEYS = {"items": ("answer", "explanation")}


check, normalize, grade, view = pick_functions("items", "buckets", "label", "bucket", "items")


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "items", True, "", "matching"
ATTEMPTS, SINGLE_FEEDBACK, RUNS_CODE = False, False, False
PICKS = ("items", "buckets", "label")  # each item goes into one bucket, shown by its label
PLACES, PLACE_WORDS = "choices", ("put it under", "under")
WHY, BLANK = "explanation", "Choose for a row"
# read a statement, weigh it against the buckets, read the feedback: 0.75 an item,
# so an 8-item sort is 7.5 minutes
MINUTES = (1.5, 0.75)
ROW_HINT = (
    "The rows marked ✗ sit in the wrong group. Read each one again and ask whose "
    "responsibility it is, and at which level (a project, a program, or both)."
)


def all_or_nothing(data: dict) -> bool:
    """False: each item earns its share."""
    return False


def key_values(data: dict) -> list[str]:
    """Nothing beyond the key fields (``KEYS``) that gives the key away in a notebook."""
    return []


# its variant templates (course.core.variants): allowed fields, those a template needs
VARIANTS = frozenset({"draw", "extra"})
VARIANT_NEEDS, VARIANT_MAKES, POOL = ("draw",), "draw", ("items", "answer")


def keyed(data: dict) -> object:
    """The answer an exercise file's (or a variant's) key gives, full marks; None if none."""
    return {i["id"]: i["answer"] for i in data.get("items", []) if "answer" in i} or None
