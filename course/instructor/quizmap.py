"""How an exercise maps to a quiz question: shares, tolerance, pairs.

Shared by the Moodle XML and GIFT writers (:mod:`course.instructor.quiz`) and the QTI
package (:mod:`course.instructor.qti`), so every format scores as the course does.
"""

from __future__ import annotations

from dataclasses import replace

from course.core import types
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
    """``(pairs, distractors)`` of a match or categorize exercise (its type's ``PICKS``):
    (item, answer text) and the answer texts no item takes."""
    data = exercise.data
    rows, choices, shown = types.get(exercise.type).PICKS
    texts = {c["id"]: c[shown] for c in data[choices]}
    found = [(i["text"], texts[i["answer"]]) for i in data[rows]]
    used = {answer for _, answer in found}
    return found, [t for t in texts.values() if t not in used]


def choice_shares(data: dict) -> list[tuple[dict, float]]:
    """Each option with its share of the grade (negative for a wrong option of a
    multiple-answer question)."""
    right = sum(o["correct"] for o in data["options"])
    if not data.get("multiple", False):
        return [(o, 1.0 if o["correct"] else 0.0) for o in data["options"]]
    return [(o, (1 if o["correct"] else -1) / right) for o in data["options"]]


def exact(value: float) -> str:
    """A key or tolerance written with every digit it has (``:g`` keeps only six, so
    1234567 came out as 1.23457e+06 and 0.1234567 as 0.123457).

    >>> exact(1234567), exact(0.1234567), exact(4.24), exact(-19000.0), exact(1e-7)
    ('1234567', '0.1234567', '4.24', '-19000', '1e-07')
    """
    value = float(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def prompt(exercise) -> str:
    """The question's text: the exercise's ``quiz_prompt`` where the notebook's wording
    leans on the notebook ("press Check", "this notebook's register"), else its prompt."""
    return exercise.data.get("quiz_prompt") or exercise.prompt


def general_feedback(exercise) -> str | None:
    """What the course explains after an answer: the exercise's explanation, or each
    item's (match, categorize, order) as ``item: why`` lines; None when there is none."""
    data = exercise.data
    if data.get("explanation"):
        return data["explanation"]
    lines = [f"{i['text']}: {i['explanation']}" for i in exercise.items() if i.get("explanation")]
    return "<br/>".join(lines) or None


MIN_ANSWERS = 3  # Moodle's matching form asks for three answers at least (qtype_match)
FILLER = "None of these"


def moodle_pairs(exercise) -> tuple[list[tuple[str, str]], list[str]]:
    """:func:`pairs` with distractors added until there are three distinct answers, as
    Moodle's matching question wants (a sort into two buckets has only two)."""
    found, distractors = pairs(exercise)
    answers = {a for _, a in found} | set(distractors)
    if len(answers) < MIN_ANSWERS and FILLER not in answers:
        distractors = [*distractors, FILLER]
    return found, distractors


def steps(exercise) -> tuple[list[tuple[str, str]], list[str]]:
    """An order exercise as the pairs of a matching question (GIFT has no ordering
    question): each item with its step ("Step 1", "Step 2", ...), and no distractors.
    The items come in the bank's order, not the key's, so a quiz that does not shuffle
    them does not show the answer.

    Scored as the course scores it: each item at its right step earns its share.
    """
    step = {item: n for n, item in enumerate(exercise.data["answer"], 1)}
    return [(i["text"], f"Step {step[i['id']]}") for i in exercise.data["items"]], []


VARIANTS = 4  # draw-sized variants a draw exercise is exported as


def variants(exercise) -> list:
    """The exercise as quiz questions: itself, or for a ``draw`` exercise that many items
    drawn :data:`VARIANTS` times (the draws of learners ``draw-1`` ... ``draw-4``), each
    with its own id and title, so a quiz shows a learner as many items as the notebook
    does rather than the whole pool."""
    if not exercise.data.get("draw"):
        return [exercise]
    out = []
    for n in range(1, VARIANTS + 1):
        drawn = exercise.for_learner(f"draw-{n}")
        title = f"{exercise.title} (draw {n} of {VARIANTS})"
        out.append(replace(drawn, id=f"{exercise.id}-{n}", title=title))
    return out
