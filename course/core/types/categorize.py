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
ATTEMPTS, SINGLE_FEEDBACK = False, False
