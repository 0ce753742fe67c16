"""What the bank hands out and what grading gives back: Exercise, Feedback, Result."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace


def item_field(kind: str) -> str:
    """The field holding exercise type ``kind``'s items ("" for none): its ``ITEMS``."""
    from course.core import types  # the type modules import this one

    return types.get(kind).ITEMS if kind in types.TYPES else ""


@dataclass(frozen=True)
class Exercise:
    """One validated exercise from the bank.

    ``data`` is the whole file as read (common and type-specific fields); the
    type modules in ``course.core.types`` read it. Exercises are values: a variant
    for one student is a new Exercise (see :meth:`for_learner`).
    """

    id: str
    type: str
    title: str
    prompt: str
    data: dict = field(repr=False, compare=False)
    path: str = ""
    graded: bool = False
    points: float = 1.0

    def items(self) -> list[dict]:
        """The exercise's list of items/options/left items (empty for numeric and code)."""
        return list(self.data.get(item_field(self.type), []))

    def for_learner(self, learner: str) -> Exercise:
        """This exercise as ``learner`` sees it: ``draw`` items drawn from the pool, if set.

        The draw is seeded by learner and exercise id, so the widget and the
        grader compute the same variant.
        """
        n = self.data.get("draw")
        pool = self.items()
        if not n or n >= len(pool):
            return self
        rng = random.Random(f"draw:{learner}:{self.id}")
        keep = sorted(rng.sample(range(len(pool)), n))
        data = dict(self.data, **{item_field(self.type): [pool[i] for i in keep]})
        return replace(self, data=data)

    def shuffled(self, learner: str) -> list[dict]:
        """The items in an order that is random but the same every time for ``learner``."""
        items = self.items()
        random.Random(f"shuffle:{learner}:{self.id}").shuffle(items)
        return items


@dataclass(frozen=True)
class Feedback:
    """Feedback on one item of an answer (``item`` is empty for the answer as a whole).

    ``verdict`` is one of ``course.core.wording.VERDICTS`` (right, not right, not
    answered, well left out) and always agrees with ``correct``; ``message``
    starts with it ("Not right: ...") and carries the key and explanation, as
    feedback pages show it after grading. ``hint`` is what a learner sees
    first, before asking for the answer (numeric and code exercises).
    """

    item: str
    correct: bool
    message: str
    label: str = ""
    verdict: str = ""
    hint: str = ""

    @property
    def said(self) -> str:
        """The verdict, or for feedback made without one, right / not right."""
        return self.verdict or ("right" if self.correct else "not right")

    def to_dict(self) -> dict:
        """Plain data: item, correct, message, label, verdict and hint."""
        return {**vars(self), "verdict": self.said}  # flat fields: no deep copy needed

    @classmethod
    def from_dict(cls, data: dict | list) -> Feedback:
        """The inverse of :meth:`to_dict`.

        Also reads the list ``[item, correct, message, label]`` that earlier
        gradebooks hold for code answers.

        >>> f = Feedback("a", False, "Not right: b.", "A", "not right", "Look again.")
        >>> Feedback.from_dict(f.to_dict()) == f
        True
        >>> Feedback.from_dict(["a", True, "Right.", "A"]).said
        'right'
        """
        if isinstance(data, list):
            item, correct, message, label = data
            return cls(item, correct, message, label)
        optional = {k: data.get(k, "") for k in ("label", "verdict", "hint")}
        return cls(data["item"], data["correct"], data["message"], **optional)


@dataclass(frozen=True)
class Result:
    """What :func:`course.grade` returns: the score out of ``max_score`` and feedback.

    ``recorded`` is true when the exercise carries no key (a graded exercise in
    a student release): the answer was recorded and is graded later.
    """

    exercise: str
    score: float
    max_score: float
    items: tuple[Feedback, ...] = ()
    summary: str = ""
    recorded: bool = False

    @property
    def fraction(self) -> float:
        """The score as a share of the maximum, from 0 to 1."""
        return self.score / self.max_score if self.max_score else 0.0

    def to_dict(self) -> dict:
        """Plain data for the journal, the gradebook and JSON (see :meth:`from_dict`)."""
        return {
            "exercise": self.exercise,
            "score": self.score,
            "max_score": self.max_score,
            "summary": self.summary,
            "recorded": self.recorded,
            "items": [f.to_dict() for f in self.items],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Result:
        """The inverse of :meth:`to_dict`: the one decoding of a stored result.

        The widget's restore, the gradebook and the feedback pages all read
        results through it, so ``recorded`` ("graded later"), each item's
        verdict and hint come back as they were.

        >>> r = Result("x", 0.0, 2.0, (Feedback("a", True, "Right."),), "1 of 2", recorded=True)
        >>> back = Result.from_dict(r.to_dict())
        >>> back.recorded, back.items[0].said
        (True, 'right')
        """
        return cls(
            data["exercise"],
            data["score"],
            data["max_score"],
            tuple(Feedback.from_dict(i) for i in data.get("items", [])),
            data.get("summary", ""),
            bool(data.get("recorded", False)),
        )
