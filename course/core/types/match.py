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
ATTEMPTS, SINGLE_FEEDBACK, RUNS_CODE = False, False, False
PICKS = ("left", "right", "text")  # each left item pairs with one right item, shown by its text
PLACES, PLACE_WORDS = "choices", ("paired it with", "with")
WHY, BLANK = "explanation", "Choose for a row"
# read a left item, weigh it against the right items, read the feedback: 0.75 an item
MINUTES = (1.5, 0.75)
ROW_HINT = (
    "The rows marked ✗ are paired with the wrong item. Look for the word in each row "
    "that ties it to one item, and try the items you have not used yet."
)


def all_or_nothing(data: dict) -> bool:
    """False: each left item earns its share."""
    return False


def key_values(data: dict) -> list[str]:
    """Nothing beyond the key fields (``KEYS``) that gives the key away in a notebook."""
    return []


# its variant templates (course.core.variants): allowed fields, those a template needs
VARIANTS = frozenset({"draw", "extra"})
VARIANT_NEEDS, VARIANT_MAKES, POOL = ("draw",), "draw", ("left", "answer")


def keyed(data: dict) -> object:
    """The answer an exercise file's (or a variant's) key gives, full marks; None if none."""
    return {i["id"]: i["answer"] for i in data.get("left", []) if "answer" in i} or None
