"""``order``: put items in sequence (the career ladder).

Score: exact position, the share of items that stand at their right step.
A random order of n items earns 1/n on average (20 % for five items), where
the share of pairs in order (Kendall tau, the rule before issue 17) gave any
random order about 50 %. Swapping two neighbours costs those two items; the
full reverse of an odd number of items keeps only the middle one. Feedback per
item says whether it stands at its right step, and the summary counts the same
thing the score does ("5 of 7 steps in place").
"""

from __future__ import annotations

from typing import cast

from course.core.exercise import Exercise, Result
from course.core.schema import Field
from course.core.types._common import require, row, scored
from course.core.wording import verdict_for

CONTROLS = "order.OrderControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "items": Field(
        "tables",
        schema={"id": Field("id"), "text": Field("text"), "explanation": Field("text")},
    ),
    "answer": Field("ids"),
    "figure": Field("text", required=False),
}
FIGURES = ("ladder",)  # drawn beside the steps (in HTML) and redrawn on every move
KEYS = {"": ("answer",), "items": ("explanation",)}


def check(data: dict) -> list[tuple[str, str]]:
    if data.get("figure", "ladder") not in FIGURES:
        return [("figure", f"unknown figure {data['figure']!r}; use one of {', '.join(FIGURES)}")]
    if "answer" not in data:
        return []
    ids = [i["id"] for i in data["items"]]
    answer = data["answer"]
    unknown = [a for a in answer if a not in ids]
    if unknown:
        return [("answer", f"names {', '.join(map(repr, unknown))}, not an item of this exercise")]
    if sorted(answer) != sorted(ids):
        return [("answer", f"must list every item id exactly once: {', '.join(ids)}")]
    return []


def normalize(ex: Exercise, answer: object) -> list:
    ids = sorted(i["id"] for i in ex.data["items"])
    require(ex, isinstance(answer, list), f"expected a list of ids, got {type(answer).__name__}")
    answer = cast(list, answer)
    require(ex, sorted(map(str, answer)) == ids, f"must list each of {', '.join(ids)} once")
    return list(answer)


def steps_in_place(answer: list, key: list) -> float:
    """Share of items that ``answer`` puts at the step ``key`` gives them.

    >>> steps_in_place(["a", "c", "b"], ["a", "b", "c"])
    0.3333333333333333
    """
    return sum(a == k for a, k in zip(answer, key, strict=False)) / len(key) if key else 1.0


def grade(ex: Exercise, answer: list) -> Result:
    key = ex.data["answer"]
    items = {i["id"]: i for i in ex.data["items"]}
    feedback = []
    for step, item_id in enumerate(answer, start=1):
        want = key.index(item_id) + 1
        where = f"step {step}" if want == step else f"it belongs at step {want}, not {step}"
        verdict = verdict_for(want == step)
        detail = f"{where}. {items[item_id]['explanation']}"
        feedback.append(row(item_id, verdict, detail, items[item_id]["text"]))
    placed = sum(f.correct for f in feedback)
    summary = f"{placed} of {len(feedback)} steps in place"
    return scored(ex, feedback, steps_in_place(answer, key), "steps", summary)


def view(ex: Exercise, learner: str) -> dict:
    """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
    items = [(i["id"], i["text"]) for i in ex.shuffled(learner)]
    return {"items": items, "title": ex.title, "ladder": ex.data.get("figure") == "ladder"}


# policy other modules read (course.core.types.base.ExerciseType)
# QUIZ: Moodle's ordering question (qtype_ordering); GIFT writes it as a matching question
ITEMS, DRAWS, SHUFFLE, QUIZ = "items", False, "items", "ordering"
ATTEMPTS, SINGLE_FEEDBACK, RUNS_CODE = False, False, False
PICKS: tuple[str, ...] = ()
PLACES, PLACE_WORDS = "steps", ("put it at", "at")
WHY, BLANK = "explanation", "Choose for a row"
# read a step, weigh it against its neighbours, read the feedback: 0.75 an item
MINUTES = (1.5, 0.75)
ROW_HINT = (
    "The steps marked ✗ are out of place. Find the step that must come first, then ask "
    "which step each one needs finished before it can start."
)


def all_or_nothing(data: dict) -> bool:
    """False: each item at its right step earns its share."""
    return False


def key_values(data: dict) -> list[str]:
    """Nothing beyond the key fields (``KEYS``) that gives the key away in a notebook."""
    return []


# its variant templates (course.core.variants): allowed fields, those a template needs
VARIANTS = frozenset({"draw", "prompt"})
VARIANT_NEEDS, VARIANT_MAKES, POOL = ("draw",), "steps", ()


def keyed(data: dict) -> object:
    """The answer an exercise file's (or a variant's) key gives, full marks; None if none."""
    return data.get("answer")
