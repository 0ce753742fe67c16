"""``categorize``: sort items into buckets (the duty sort).

Score: the share of items placed in the right bucket; an unplaced item counts as wrong.
"""

from __future__ import annotations

from course.exercise import Exercise, Feedback, Result
from course.schema import Field
from course.types._common import mapping_answer, scored

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
    buckets = {b["id"] for b in data["buckets"]}
    return [
        (f"items[{i}].answer", f"names bucket {item['answer']!r}, which does not exist")
        for i, item in enumerate(data["items"])
        if "answer" in item and item["answer"] not in buckets
    ]


def normalize(ex: Exercise, answer: object) -> dict:
    items = {i["id"] for i in ex.data["items"]}
    return mapping_answer(ex, answer, items, {b["id"] for b in ex.data["buckets"]})


def grade(ex: Exercise, answer: dict) -> Result:
    labels = {b["id"]: b["label"] for b in ex.data["buckets"]}
    feedback = []
    for item in ex.data["items"]:
        given = answer.get(item["id"])
        right = given == item["answer"]
        verdict = "Right" if right else f"Not {labels[given]}" if given else "Not placed"
        message = f"{verdict}: {labels[item['answer']]}. {item['explanation']}"
        feedback.append(Feedback(item["id"], right, message, item["text"]))
    return scored(ex, feedback, sum(f.correct for f in feedback) / len(feedback), "items")


def render(ex: Exercise, learner: str):
    from course.widget import PickControls

    options = [(b["label"], b["id"]) for b in ex.data["buckets"]]
    rows = [(item["id"], item["text"]) for item in ex.shuffled(learner)]
    return PickControls(rows, options)
