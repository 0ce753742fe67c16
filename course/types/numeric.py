"""``numeric``: a number, right within a tolerance (earned value figures).

Right when ``math.isclose(answer, key, rel_tol=rel_tol, abs_tol=abs_tol)``.
The defaults below are the only ones in the course: 0.5 % relative, so a CPI
of 0.8889 may be typed as 0.89 but not as 0.9.
"""

from __future__ import annotations

import math

from course.exercise import Exercise, Feedback, Result
from course.schema import Field
from course.types._common import require

DEFAULT_REL_TOL = 0.005
DEFAULT_ABS_TOL = 0.0

SCHEMA = {
    "answer": Field("number"),
    "abs_tol": Field("number", required=False),
    "rel_tol": Field("number", required=False),
    "unit": Field("text", required=False),
    "explanation": Field("text"),
}
KEYS = {"": ("answer", "explanation")}


def check(data: dict) -> list[tuple[str, str]]:
    return [
        (name, "must not be negative")
        for name in ("abs_tol", "rel_tol")
        if isinstance(data.get(name), int | float) and data[name] < 0
    ]


def parse(text: str) -> float | None:
    """A number typed by a learner: ``"1,250.5"``, ``" 0.89 "``, ``"$1200"``, ``"12%"`` -> float."""
    cleaned = text.strip().replace(",", "").replace("$", "").replace("%", "").replace("_", "")
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None


def normalize(ex: Exercise, answer: object) -> float:
    if isinstance(answer, str):
        answer = parse(answer)
    ok = isinstance(answer, int | float) and not isinstance(answer, bool) and math.isfinite(answer)
    require(ex, ok, f"expected a number, got {answer!r:.40}")
    return float(answer)


def grade(ex: Exercise, answer: float) -> Result:
    key = ex.data["answer"]
    rel = ex.data.get("rel_tol", DEFAULT_REL_TOL)
    absolute = ex.data.get("abs_tol", DEFAULT_ABS_TOL)
    right = math.isclose(answer, key, rel_tol=rel, abs_tol=absolute)
    unit = f" {ex.data['unit']}" if "unit" in ex.data else ""
    verdict = (
        "Right" if right else f"Not quite: you gave {answer:g}{unit}, the answer is {key:g}{unit}"
    )
    message = f"{verdict}. {ex.data['explanation']}"
    return Result(
        exercise=ex.id,
        score=ex.points if right else 0.0,
        max_score=ex.points,
        items=(Feedback("", right, message),),
        summary="right" if right else "not right",
    )


def render(ex: Exercise, learner: str):
    from course.widget import NumberControls

    return NumberControls(ex.data.get("unit", ""))
