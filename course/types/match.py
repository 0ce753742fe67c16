"""``match``: pair each left item with a right item (certification to role).

Score: the share of left items paired correctly. A right item may fit several left items.
"""

from __future__ import annotations

from course.exercise import Exercise, Feedback, Result
from course.schema import Field
from course.types._common import mapping_answer, scored

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
    right = {r["id"] for r in data["right"]}
    return [
        (f"left[{i}].answer", f"names right item {item['answer']!r}, which does not exist")
        for i, item in enumerate(data["left"])
        if "answer" in item and item["answer"] not in right
    ]


def normalize(ex: Exercise, answer: object) -> dict:
    left = {i["id"] for i in ex.data["left"]}
    return mapping_answer(ex, answer, left, {r["id"] for r in ex.data["right"]})


def grade(ex: Exercise, answer: dict) -> Result:
    texts = {r["id"]: r["text"] for r in ex.data["right"]}
    feedback = []
    for item in ex.data["left"]:
        given = answer.get(item["id"])
        right = given == item["answer"]
        verdict = "Right" if right else "Not paired" if given is None else f"Not {texts[given]}"
        message = f"{verdict}: {texts[item['answer']]}. {item['explanation']}"
        feedback.append(Feedback(item["id"], right, message, item["text"]))
    return scored(ex, feedback, sum(f.correct for f in feedback) / len(feedback), "pairs")


def render(ex: Exercise, learner: str):
    from course.widget import PickControls

    options = [(r["text"], r["id"]) for r in ex.data["right"]]
    rows = [(item["id"], item["text"]) for item in ex.shuffled(learner)]
    return PickControls(rows, options)
