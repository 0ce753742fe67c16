"""What an exercise type is: the names every type module defines (:class:`ExerciseType`).

Code outside ``course/core/types`` asks the type module of an exercise
(``course.core.types.get(exercise.type)``) instead of naming types: which field
holds its items, whether it draws, its attempts policy, how its feedback is
laid out, its timing defaults, what a release shuffles and how it maps to a
quiz question. A new type is a new module with these names (and its controls in
``course.learner.controls``).
"""

from __future__ import annotations

from typing import Protocol

from course.core.exercise import Exercise, Result
from course.core.schema import Field


class ExerciseType(Protocol):
    """The module of one exercise type (``categorize``, ``order``, ``choice``, ...).

    Grading and validation:

    * ``SCHEMA``: its type-specific fields (:mod:`course.core.schema`).
    * ``KEYS``: what a student release removes, ``{list field or "": (field, ...)}``.
    * :meth:`check`, :meth:`normalize`, :meth:`grade` (pure: no widgets, no files).

    Policy that other modules switch on:

    * ``ITEMS``: the field holding its list of items ("" when it has none);
      what ``draw`` samples, what timing counts, what analytics reads.
    * ``DRAWS``: whether ``draw`` (a per-learner sample of ``ITEMS``) is allowed.
    * ``ATTEMPTS``: a wrong answer first gets a hint; the key shows after a
      second wrong try or Show answer (else the key shows at once).
    * ``SINGLE_FEEDBACK``: its feedback is one answer, not a row per item.
    * ``SHUFFLE``: the field a release shuffles into a fixed order ("" for none).
    * ``QUIZ``: the Moodle question type it exports as ("" when it cannot be).

    Display: ``CONTROLS`` (``module.Class`` in ``course.learner.controls``) and
    :meth:`view` (the keyword arguments of those controls for one learner).
    """

    SCHEMA: dict[str, Field]
    KEYS: dict[str, tuple[str, ...]]
    CONTROLS: str
    ITEMS: str
    DRAWS: bool
    ATTEMPTS: bool
    SINGLE_FEEDBACK: bool
    SHUFFLE: str
    QUIZ: str

    def check(self, data: dict) -> list[tuple[str, str]]:
        """Cross-field problems of one exercise file, as ``(field, message)`` pairs."""
        ...

    def normalize(self, ex: Exercise, answer: object) -> object:
        """``answer`` in canonical form, or :class:`course.errors.AnswerError`."""
        ...

    def grade(self, ex: Exercise, answer, *args) -> Result:
        """The :class:`Result` of a normalised answer."""
        ...

    def view(self, ex: Exercise, learner: str) -> dict:
        """The keyword arguments of the type's controls for ``learner``."""
        ...
