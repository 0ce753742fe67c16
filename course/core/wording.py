"""How scores and verdicts are written, the same way for every exercise type.

One vocabulary of verdicts, each with its mark, so a verdict can never
contradict the mark beside it (docs/grading-rules.md, "Feedback"):

>>> verdict_for(correct=False, answered=True)
'not right'
>>> MARKS["well left out"]
'✓'
>>> points(0.952381), percent(0.678571)
('0.95', '68 %')
"""

from __future__ import annotations

import math

RIGHT = "right"
NOT_RIGHT = "not right"
NOT_ANSWERED = "not answered"
WELL_LEFT_OUT = "well left out"
VERDICTS = (RIGHT, NOT_RIGHT, NOT_ANSWERED, WELL_LEFT_OUT)
# The verdicts that mean "this row of the answer is right" (Feedback.correct).
CORRECT = {RIGHT: True, NOT_RIGHT: False, NOT_ANSWERED: False, WELL_LEFT_OUT: True}
MARKS = {RIGHT: "✓", NOT_RIGHT: "✗", NOT_ANSWERED: "–", WELL_LEFT_OUT: "✓"}


def verdict_for(correct: bool, answered: bool = True) -> str:
    """The verdict on a row: right, not right, or (left blank and wrong) not answered."""
    if correct:
        return RIGHT
    return NOT_RIGHT if answered else NOT_ANSWERED


def sentence(verdict: str, detail: str) -> str:
    """``"Not right: detail"``: the verdict, capitalised, leads every feedback message."""
    head = verdict[:1].upper() + verdict[1:]
    return f"{head}: {detail}" if detail else head


def points(value: float) -> str:
    """A number of points with at most two decimals: ``0.952381`` -> ``"0.95"``."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent(fraction: float) -> str:
    """A share as a whole percentage, halves rounded up: ``0.678571`` -> ``"68 %"``.

    >>> percent(5 / 8), percent(0.125)
    ('63 %', '13 %')
    """
    return f"{math.floor(fraction * 100 + 0.5 + 1e-9)} %"


def out_of(score: float, max_score: float) -> str:
    """``"0.75 of 1 point"``, ``"3 of 46 points"``."""
    unit = "point" if max_score == 1 else "points"
    return f"{points(score)} of {points(max_score)} {unit}"


def score_line(summary: str, score: float, max_score: float) -> str:
    """The one-line summary a learner reads first: ``"3 of 4 items right · 75 % · 3 of 4 points"``.

    Every exercise says its points, 1-point ones too, so all read alike.
    """
    fraction = score / max_score if max_score else 0.0
    return f"{summary[:1].upper()}{summary[1:]} · {percent(fraction)} · {out_of(score, max_score)}"
