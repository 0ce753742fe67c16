"""``match``: pair each left item with a right item (certification to role).

Score: the share of left items paired correctly. A right item may fit several left items.
"""

from __future__ import annotations

from course.core.schema import Field
from course.core.types._common import keyed_rows, pick_functions

CONTROLS = "picks.PickControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "left": keyed_rows(),
    "right": Field("tables", schema={"id": Field("id"), "text": Field("text")}),
}
KEYS = {"left": ("answer", "explanation")}


check, normalize, grade, view = pick_functions("left", "right", "text", "right item", "pairs")


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "left", True, "", "matching"
ATTEMPTS, SINGLE_FEEDBACK = False, False
