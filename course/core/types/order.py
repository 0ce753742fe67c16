"""``order``: put items in sequence (the career ladder).

Score: 1 minus the normalised Kendall tau distance, i.e. the share of item
pairs the answer puts in the same relative order as the key. Swapping two
neighbours costs one pair; the full reverse scores 0. Feedback per item says
whether it stands at its right step; the summary gives both counts, steps in
place and pairs in order, and the percentage is the pairs' share, so the
summary and the score agree ("5 of 7 steps in place · 19 of 21 pairs in order").
"""

from __future__ import annotations

from itertools import combinations
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


def pairs_counted(answer: list, key: list) -> tuple[int, int]:
    """``(pairs answer orders as key does, all pairs)``."""
    pos = {item: i for i, item in enumerate(answer)}
    pairs = list(combinations(key, 2))
    return sum(pos[a] < pos[b] for a, b in pairs), len(pairs)


def pairs_in_order(answer: list, key: list) -> float:
    """Share of item pairs that ``answer`` orders as ``key`` does (1 - Kendall tau distance).

    >>> pairs_in_order(["a", "c", "b"], ["a", "b", "c"])
    0.6666666666666666
    """
    good, pairs = pairs_counted(answer, key)
    return good / pairs if pairs else 1.0


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
    good, pairs = pairs_counted(answer, key)
    summary = f"{placed} of {len(feedback)} steps in place · {good} of {pairs} pairs in order"
    return scored(ex, feedback, pairs_in_order(answer, key), "steps", summary)


def view(ex: Exercise, learner: str) -> dict:
    """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
    items = [(i["id"], i["text"]) for i in ex.shuffled(learner)]
    return {"items": items, "title": ex.title, "ladder": ex.data.get("figure") == "ladder"}


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "items", False, "items", ""
ATTEMPTS, SINGLE_FEEDBACK, MINUTES = False, False, (1.0, 0.5)
