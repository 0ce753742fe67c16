"""Helpers shared by the exercise types: answer checks and item feedback."""

from __future__ import annotations

from course.errors import AnswerError
from course.exercise import Exercise, Feedback, Result


def require(ex: Exercise, ok: bool, message: str) -> None:
    """Raise :class:`AnswerError` for ``ex`` with ``message`` unless ``ok``."""
    if not ok:
        raise AnswerError(ex.id, message)


def mapping_answer(ex: Exercise, answer: object, keys: set[str], values: set[str]) -> dict:
    """Check a ``{key: value}`` answer; unanswered keys may be missing or None."""
    require(ex, isinstance(answer, dict), f"expected a mapping of ids, got {type(answer).__name__}")
    for key, value in answer.items():
        require(ex, key in keys, f"{key!r} is not an item of this exercise")
        require(ex, value is None or value in values, f"{value!r} is not a choice for {key!r}")
    return {k: v for k, v in answer.items() if v is not None}


def scored(ex: Exercise, feedback: list[Feedback], fraction: float, noun: str) -> Result:
    """A result worth ``fraction`` of the points, with a one-line summary."""
    right = sum(f.correct for f in feedback)
    return Result(
        exercise=ex.id,
        score=round(ex.points * fraction, 6),
        max_score=ex.points,
        items=tuple(feedback),
        summary=f"{right} of {len(feedback)} {noun} right",
    )
