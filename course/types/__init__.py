"""Exercise types: one module each, with the same small set of names.

Each module defines
  ``SCHEMA``   type-specific fields (see ``course.schema``);
  ``KEYS``     what a student release removes: ``{list_field or "": (field, ...)}``;
  ``check(data)``           cross-field problems as ``(field, message)`` pairs;
  ``normalize(ex, answer)`` the answer in canonical form, or :class:`AnswerError`;
  ``grade(ex, answer)``     a :class:`Result` (pure: no widgets, no files);
  ``render(ex, learner)``   the widget controls (imports ipywidgets only when called).
"""

from __future__ import annotations

from types import ModuleType

from course.types import categorize, choice, code, match, numeric, order

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
