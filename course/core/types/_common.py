"""Helpers shared by the exercise types: answer checks and item feedback."""

from __future__ import annotations

from typing import cast

from course.core.exercise import Exercise, Feedback, Result
from course.core.schema import Field
from course.core.wording import CORRECT, sentence, verdict_for
from course.errors import AnswerError


def require(ex: Exercise, ok: bool, message: str) -> None:
    """Raise :class:`AnswerError` for ``ex`` with ``message`` unless ``ok``."""
    if not ok:
        raise AnswerError(ex.id, message)


def mapping_answer(ex: Exercise, answer: object, keys: set[str], values: set[str]) -> dict:
    """Check a ``{key: value}`` answer; unanswered keys may be missing or None."""
    require(ex, isinstance(answer, dict), f"expected a mapping of ids, got {type(answer).__name__}")
    answer = cast(dict, answer)
    for key, value in answer.items():
        if key not in keys or not (value is None or value in values):  # messages only then
            require(ex, key in keys, f"{key!r} is not an item of this exercise")
            require(ex, False, f"{value!r} is not a choice for {key!r}")
    return {k: v for k, v in answer.items() if v is not None}


def row(item: str, verdict: str, detail: str, label: str = "", hint: str = "") -> Feedback:
    """Feedback on one row whose mark always agrees with its verdict."""
    return Feedback(item, CORRECT[verdict], sentence(verdict, detail), label, verdict, hint)


def scored(
    ex: Exercise, feedback: list[Feedback], fraction: float, noun: str, summary: str = ""
) -> Result:
    """A result worth ``fraction`` of the points, with a one-line summary."""
    right = sum(f.correct for f in feedback)
    return Result(
        exercise=ex.id,
        score=round(ex.points * fraction, 6),
        max_score=ex.points,
        items=tuple(feedback),
        summary=summary or f"{right} of {len(feedback)} {noun} right",
    )


def check_picks(data: dict, rows: str, choices: str, noun: str) -> list[tuple[str, str]]:
    """Problems where a row's ``answer`` names a choice that does not exist."""
    known = {c["id"] for c in data[choices]}
    return [
        (f"{rows}[{i}].answer", f"names {noun} {row['answer']!r}, which does not exist")
        for i, row in enumerate(data[rows])
        if "answer" in row and row["answer"] not in known
    ]


def grade_picks(ex: Exercise, answer: dict, rows: str, names: dict, noun: str) -> Result:
    """Grade one choice per row (categorize, match): the share of rows picked right.

    ``names`` maps choice ids to what the learner saw; ``noun`` counts the rows
    in the summary ("items", "pairs").
    """
    feedback, made = [], _PICKED
    if len(made) > PICKED_SIZE:
        made.clear()
    for item in ex.data[rows]:
        given = answer.get(item["id"])
        key = names[item["answer"]]
        # a row's feedback is made from these alone (a class gives the same picks again)
        i, right, why, text = item["id"], item["answer"], item["explanation"], item["text"]
        parts = (i, right, why, text, key, given, names.get(given))
        done = made.get(parts)
        if done is None:
            done = made[parts] = _picked(item, given, key, names)
        feedback.append(done)
    return scored(ex, feedback, sum(f.correct for f in feedback) / len(feedback), noun)


# Rows of feedback made by grade_picks, by what each is made from (bounded: some MB).
_PICKED: dict = {}
PICKED_SIZE = 50_000


def _picked(item: dict, given: str | None, key: str, names: dict) -> Feedback:
    """The feedback on one row of a pick type: ``given`` against the row's ``answer``."""
    verdict = verdict_for(given == item["answer"], given is not None)
    if given == item["answer"]:
        detail = f"{key}. {item['explanation']}"
    elif given is not None:
        detail = f"you chose {names[given]}; the answer is {key}. {item['explanation']}"
    else:
        detail = f"nothing chosen; the answer is {key}. {item['explanation']}"
    return row(item["id"], verdict, detail, item["text"])


def pick_functions(rows: str, choices: str, name: str, noun: str, counted: str):
    """``(check, normalize, grade, view)`` of a type that puts each of ``rows`` into one
    of ``choices`` (categorize: items into buckets; match: left into right).

    ``name`` is the field a choice is shown by, ``noun`` what a choice is called
    in messages and ``counted`` what the summary counts ("2 of 4 items right").
    """

    def check(data: dict) -> list[tuple[str, str]]:
        return check_picks(data, rows, choices, noun)

    def normalize(ex: Exercise, answer: object) -> dict:
        ids = {i["id"] for i in ex.data[rows]}
        return mapping_answer(ex, answer, ids, {c["id"] for c in ex.data[choices]})

    def grade(ex: Exercise, answer: dict) -> Result:
        shown = {c["id"]: c[name] for c in ex.data[choices]}
        return grade_picks(ex, answer, rows, shown, counted)

    def view(ex: Exercise, learner: str) -> dict:
        """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
        options = [(c[name], c["id"]) for c in ex.data[choices]]
        return {"rows": [(i["id"], i["text"]) for i in ex.shuffled(learner)], "options": options}

    return check, normalize, grade, view


def keyed_rows() -> Field:
    """The rows of a pick type (categorize items, match left items): each with its
    key ``answer`` (a choice id) and an ``explanation``."""
    fields = {"id": Field("id"), "text": Field("text"), "answer": Field("id")}
    return Field("tables", schema={**fields, "explanation": Field("text")})
