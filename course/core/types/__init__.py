"""Exercise types: one module each, with the names of :class:`base.ExerciseType`.

``course/core/types/base.py`` documents them all, including the policy other
modules read instead of naming types (ITEMS, DRAWS, ATTEMPTS, SINGLE_FEEDBACK,
SHUFFLE, QUIZ, RUNS_CODE, PICKS, PLACES, WHY, BLANK, MINUTES, ...).
In short, each module defines
  ``SCHEMA``   type-specific fields (see ``course.core.schema``);
  ``KEYS``     what a student release removes: ``{list_field or "": (field, ...)}``;
  ``check(data)``           cross-field problems as ``(field, message)`` pairs;
  ``normalize(ex, answer)`` the answer in canonical form, or :class:`AnswerError`;
  ``grade(ex, answer)``     a :class:`Result` (pure: no widgets, no files);
  ``CONTROLS``              its widget controls, ``module.Class`` in ``course.learner.controls``;
  ``view(ex, learner)``     the keyword arguments of those controls for ``learner``.
"""

from __future__ import annotations

from types import ModuleType

from course.core.types import categorize, choice, code, match, numeric, order

TYPES: dict[str, ModuleType] = {
    "categorize": categorize,
    "order": order,
    "choice": choice,
    "match": match,
    "numeric": numeric,
    "code": code,
}


def get(name: str) -> ModuleType:
    """The module of exercise type ``name``."""
    return TYPES[name]
