"""How an exercise maps to a quiz question: shares, tolerance, pairs.

Shared by the Moodle XML and GIFT writers (:mod:`course.instructor.quiz`) and the QTI
package (:mod:`course.instructor.qti`), so every format scores as the course does.
"""

from __future__ import annotations

from course.core.types.numeric import tolerances


def tolerance(data: dict) -> float:
    """The absolute tolerance the course grades a numeric answer with (see numeric.py).

    >>> tolerance({"answer": 0.75})
    0.00375
    """
    rel, absolute = tolerances(data)
    return round(max(absolute, rel * abs(data["answer"])), 10)


def fraction(share: float) -> str:
    """A share of the grade in percent as Moodle lists it: 5 decimals, no trailing zeros.

    >>> fraction(0.5), fraction(1 / 3), fraction(-1 / 6)
    ('50', '33.33333', '-16.66667')
    """
    return f"{100 * share:.5f}".rstrip("0").rstrip(".")


def pairs(exercise) -> tuple[list[tuple[str, str]], list[str]]:
    """``(pairs, distractors)`` of a match or categorize exercise: (item, answer text)
    and the answer texts no item takes."""
    data = exercise.data
    if exercise.type == "match":
        texts = {r["id"]: r["text"] for r in data["right"]}
        found = [(i["text"], texts[i["answer"]]) for i in data["left"]]
    else:
        texts = {b["id"]: b["label"] for b in data["buckets"]}
        found = [(i["text"], texts[i["answer"]]) for i in data["items"]]
    used = {answer for _, answer in found}
    return found, [t for t in texts.values() if t not in used]


def choice_shares(data: dict) -> list[tuple[dict, float]]:
    """Each option with its share of the grade (negative for a wrong option of a
    multiple-answer question)."""
    right = sum(o["correct"] for o in data["options"])
    if not data.get("multiple", False):
        return [(o, 1.0 if o["correct"] else 0.0) for o in data["options"]]
    return [(o, (1 if o["correct"] else -1) / right) for o in data["options"]]
