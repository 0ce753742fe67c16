"""What an exercise type is: the names every type module defines (:class:`ExerciseType`).

Code outside ``course/core/types`` asks the type module of an exercise
(``course.core.types.get(exercise.type)``) instead of naming types: which field
holds its items, whether it draws, its attempts policy, how its feedback is
laid out, its timing defaults, what a release shuffles and scans for, whether
it runs code, how the live view and the report count its wrong placements and
how it maps to a quiz question. A new type is a new module with these names
(and its controls in ``course.learner.controls``);
``tests/core/types/test_protocol.py`` fails when a module outside
``course/core/types`` compares an exercise's type with a type's name.
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
    * ``QUIZ``: the Moodle question type it exports as ("" when it cannot be):
      ``multichoice``, ``numerical``, ``matching`` or ``ordering``; the quiz
      writers (:mod:`course.instructor.quiz`, :mod:`course.instructor.qti`) build
      each question by this shape, never by the type's name.
    * ``RUNS_CODE``: :meth:`grade` needs a sandbox run (``job()``): the widget
      shows it working, restores its stored result, the live view does not
      score it, ``grade`` checks the sandbox first.
    * ``PICKS``: ``(rows, choices, shown by)`` of a type that puts each row into
      one choice (categorize: ``("items", "buckets", "label")``), else ``()``.
    * ``PLACES``: what a wrong placement is, for the report and the live view:
      ``"choices"`` (a row in the wrong choice, :func:`course.core.analytics.placements`),
      ``"steps"`` (an item at the wrong step, :func:`course.core.analytics.steps`), or "".
    * ``PLACE_WORDS``: ``(verb, preposition)`` the live view says a placement with
      ("put it under", "under").
    * ``WHY``: the field of each item that explains it ("" when the exercise has
      one ``explanation``); a released exercise is explained when every item has it.
    * ``BLANK``: what the widget asks for first when nothing is answered.
    * ``MINUTES``: ``(base, per item)`` default minutes (:mod:`course.content.timing`).
    * ``ROW_HINT``: the hint of a first wrong try when the exercise has no ``hint``.
    * :meth:`all_or_nothing`: whether every score is 0 or full (the live view's bins).
    * :meth:`key_values`: short values a release scan looks for next to the
      exercise's id, beyond the ``KEYS`` fields (choice: the right options' ids).
    * ``VARIANTS``: the fields its ``[variants]`` template may hold (empty: none);
      ``VARIANT_NEEDS``: those a template must hold (a pool, ``extra``, needs none);
      ``VARIANT_MAKES``: how :mod:`course.core.variants` makes one: ``"numbers"``
      (params, a computed key and texts), ``"options"`` (params and computed right
      options), ``"checks"`` (examples and hidden checks of its own), ``"draw"`` (a
      sample of ``ITEMS``) or ``"steps"`` (a sample of ``ITEMS`` keyed in order);
      ``POOL``: ``(field, answer field)`` a pool of ``[[variants.extra]]`` draws into
      by answer, else ``()``.
    * :meth:`keyed`: the answer the key gives, which must earn full marks.

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
    RUNS_CODE: bool
    PICKS: tuple[str, ...]
    PLACES: str
    PLACE_WORDS: tuple[str, str]
    WHY: str
    BLANK: str
    MINUTES: tuple[float, float]
    ROW_HINT: str
    VARIANTS: frozenset[str]
    VARIANT_NEEDS: tuple[str, ...]
    VARIANT_MAKES: str
    POOL: tuple[str, ...]

    def check(self, data: dict) -> list[tuple[str, str]]:
        """Cross-field problems of one exercise file, as ``(field, message)`` pairs."""
        ...

    def normalize(self, ex: Exercise, answer: object) -> object:
        """``answer`` in canonical form, or :class:`course.errors.AnswerError`."""
        ...

    def grade(self, ex: Exercise, answer, *args) -> Result:
        """The :class:`Result` of a normalised answer."""
        ...

    def all_or_nothing(self, data: dict) -> bool:
        """Whether an exercise of this type (its file ``data``) scores only 0 or full."""
        ...

    def key_values(self, data: dict) -> list[str]:
        """Values besides ``KEYS`` whose mention next to the id gives the key away."""
        ...

    def keyed(self, data: dict) -> object:
        """The answer the key of ``data`` gives (full marks), or None."""
        ...

    def view(self, ex: Exercise, learner: str) -> dict:
        """The keyword arguments of the type's controls for ``learner``."""
        ...
