"""``choice``: one right option, or several (``multiple = true``).

Score, single: full when the right option is chosen. Multiple: (right options
chosen - wrong options chosen) / right options, never below 0, so ticking
every box earns nothing. Every option gets its own feedback.
"""

from __future__ import annotations

from course.exercise import Exercise, Feedback, Result
from course.schema import Field
from course.types._common import require, scored

SCHEMA = {
    "multiple": Field("bool", required=False),
    "options": Field(
        "tables",
        schema={
            "id": Field("id"),
            "text": Field("text"),
            "correct": Field("bool"),
            "feedback": Field("text"),
        },
    ),
}
KEYS = {"options": ("correct", "feedback")}


def check(data: dict) -> list[tuple[str, str]]:
    if any("correct" not in o for o in data["options"]):
        return []
    right = sum(o["correct"] for o in data["options"])
    if right == 0:
        return [("options", "no option is marked correct = true")]
    if right > 1 and not data.get("multiple", False):
        return [("options", f"{right} options are correct; set multiple = true or mark one")]
    return []


def normalize(ex: Exercise, answer: object) -> list:
    ids = {o["id"] for o in ex.data["options"]}
    if isinstance(answer, str):
        answer = [answer]
    require(ex, isinstance(answer, list), f"expected a list of option ids, got {answer!r:.40}")
    for chosen in answer:
        require(ex, chosen in ids, f"{chosen!r} is not an option of this exercise")
    require(ex, len(set(answer)) == len(answer), "an option is chosen twice")
    if not ex.data.get("multiple", False):
        require(ex, len(answer) <= 1, "only one option may be chosen")
    return list(answer)


def grade(ex: Exercise, answer: list) -> Result:
    chosen = set(answer)
    feedback = []
    for option in ex.data["options"]:
        picked = option["id"] in chosen
        right = picked == option["correct"]
        if picked or option["correct"]:
            verdict = ("Right to choose" if right else "Not this one") if picked else "Missed"
            message = f"{verdict}: {option['feedback']}"
        else:
            message = f"Rightly left out: {option['feedback']}"
        feedback.append(Feedback(option["id"], right, message, option["text"]))
    n_right = sum(o["correct"] for o in ex.data["options"])
    hits = sum(1 for o in ex.data["options"] if o["id"] in chosen and o["correct"])
    misses = len(chosen) - hits
    return scored(ex, feedback, max(0.0, (hits - misses) / n_right), "options")


def render(ex: Exercise, learner: str):
    from course.widget import ChoiceControls

    options = [(o["text"], o["id"]) for o in ex.shuffled(learner)]
    return ChoiceControls(options, multiple=ex.data.get("multiple", False))
