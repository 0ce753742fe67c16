"""``categorize``: sort items into buckets (the duty sort).

Score: the share of items placed in the right bucket; an unplaced item counts as wrong.
"""

from __future__ import annotations

from course.core.exercise import Exercise, Result
from course.core.schema import Field
from course.core.types._common import check_picks, grade_picks, mapping_answer

CONTROLS = "picks.PickControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "buckets": Field(
        "tables",
        schema={"id": Field("id"), "label": Field("text"), "description": Field("text", False)},
    ),
    "items": Field(
        "tables",
        schema={
            "id": Field("id"),
            "text": Field("text"),
            "answer": Field("id"),
            "explanation": Field("text"),
        },
    ),
}
KEYS = {"items": ("answer", "explanation")}


def check(data: dict) -> list[tuple[str, str]]:
    return check_picks(data, "items", "buckets", "bucket")


def normalize(ex: Exercise, answer: object) -> dict:
    items = {i["id"] for i in ex.data["items"]}
    return mapping_answer(ex, answer, items, {b["id"] for b in ex.data["buckets"]})


def grade(ex: Exercise, answer: dict) -> Result:
    labels = {b["id"]: b["label"] for b in ex.data["buckets"]}
    return grade_picks(ex, answer, "items", labels, "items")


def view(ex: Exercise, learner: str) -> dict:
    """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
    options = [(b["label"], b["id"]) for b in ex.data["buckets"]]
    rows = [(item["id"], item["text"]) for item in ex.shuffled(learner)]
    return {"rows": rows, "options": options}


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "items", True, "", "matching"
ATTEMPTS, SINGLE_FEEDBACK, MINUTES = False, False, (1.0, 0.5)
