"""``match``: pair each left item with a right item (certification to role).

Score: the share of left items paired correctly. A right item may fit several left items.
"""

from __future__ import annotations

from course.core.exercise import Exercise, Result
from course.core.schema import Field
from course.core.types._common import check_picks, grade_picks, mapping_answer

CONTROLS = "picks.PickControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "left": Field(
        "tables",
        schema={
            "id": Field("id"),
            "text": Field("text"),
            "answer": Field("id"),
            "explanation": Field("text"),
        },
    ),
    "right": Field("tables", schema={"id": Field("id"), "text": Field("text")}),
}
KEYS = {"left": ("answer", "explanation")}


def check(data: dict) -> list[tuple[str, str]]:
    return check_picks(data, "left", "right", "right item")


def normalize(ex: Exercise, answer: object) -> dict:
    left = {i["id"] for i in ex.data["left"]}
    return mapping_answer(ex, answer, left, {r["id"] for r in ex.data["right"]})


def grade(ex: Exercise, answer: dict) -> Result:
    texts = {r["id"]: r["text"] for r in ex.data["right"]}
    return grade_picks(ex, answer, "left", texts, "pairs")


def view(ex: Exercise, learner: str) -> dict:
    """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
    options = [(r["text"], r["id"]) for r in ex.data["right"]]
    rows = [(item["id"], item["text"]) for item in ex.shuffled(learner)]
    return {"rows": rows, "options": options}


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "left", True, "", "matching"
ATTEMPTS, SINGLE_FEEDBACK, MINUTES = False, False, (1.0, 0.5)
