"""``choice``: one right option, or several (``multiple = true``).

Score, single: full when the right option is chosen. Multiple: (right options
chosen - wrong options chosen) / right options, never below 0, so ticking
every box earns nothing. Every option gets its own feedback, with a verdict on
what the learner did with that option: right (ticked and it applies), not
right (ticked and it does not, or left out and it applies), not answered
(nothing ticked at all, on an option that applies), well left out.
"""

from __future__ import annotations

import re
from typing import cast

from course.core.exercise import Exercise, Result
from course.core.schema import Field
from course.core.types._common import require, row, scored
from course.core.wording import NOT_ANSWERED, NOT_RIGHT, RIGHT, WELL_LEFT_OUT

# A bank's option feedback may open with its own verdict ("Yes: ...", "Right.");
# ours replaces it, so a missed right option never reads "Not right: Right."
OWN_VERDICT = re.compile(
    r"^(yes|no|not right|right|wrong|correct|incorrect)\s*[:.,!—-]\s+(?=\S)", re.I
)

CONTROLS = "choice.ChoiceControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "multiple": Field("bool", required=False),
    "options": Field(
        "tables",
        schema={
            "id": Field("id"),
            "text": Field("text"),
            "correct": Field("bool"),
            "feedback": Field("text"),
        },
    ),
}
KEYS = {"options": ("correct", "feedback")}


def check(data: dict) -> list[tuple[str, str]]:
    if any("correct" not in o for o in data["options"]):
        return []
    right = sum(o["correct"] for o in data["options"])
    if right == 0:
        return [("options", "no option is marked correct = true")]
    if right > 1 and not data.get("multiple", False):
        return [("options", f"{right} options are correct; set multiple = true or mark one")]
    return []


def normalize(ex: Exercise, answer: object) -> list:
    ids = {o["id"] for o in ex.data["options"]}
    if isinstance(answer, str):
        answer = [answer]
    require(ex, isinstance(answer, list), f"expected a list of option ids, got {answer!r:.40}")
    answer = cast(list, answer)
    for chosen in answer:
        require(ex, chosen in ids, f"{chosen!r} is not an option of this exercise")
    require(ex, len(set(answer)) == len(answer), "an option is chosen twice")
    if not ex.data.get("multiple", False):
        require(ex, len(answer) <= 1, "only one option may be chosen")
    return list(answer)


def _plain(feedback: str) -> str:
    text = OWN_VERDICT.sub("", feedback, count=1)
    return text[:1].upper() + text[1:]


def grade(ex: Exercise, answer: list) -> Result:
    chosen = set(answer)
    single = not ex.data.get("multiple", False)
    feedback = []
    for option in ex.data["options"]:
        picked, applies = option["id"] in chosen, option["correct"]
        why = _plain(option["feedback"])
        if picked:
            verdict = RIGHT if applies else NOT_RIGHT
            detail = why if applies else f"this one does not apply. {why}"
        elif applies:
            verdict = NOT_ANSWERED if not chosen else NOT_RIGHT
            missed = "this is the answer" if single else "this one applies too"
            detail = f"{missed}, left unticked. {why}"
        else:
            verdict, detail = WELL_LEFT_OUT, why
        feedback.append(row(option["id"], verdict, detail, option["text"]))
    n_right = sum(o["correct"] for o in ex.data["options"])
    hits = sum(1 for o in ex.data["options"] if o["id"] in chosen and o["correct"])
    misses = len(chosen) - hits
    fraction = max(0.0, (hits - misses) / n_right)
    if not chosen:
        summary = "not answered"
    elif single:
        summary = "right" if hits else "not right"
    else:
        summary = f"{hits} of {n_right} right options ticked"
        if misses:
            summary += f", minus {misses} wrong one{'s' if misses > 1 else ''}"
    return scored(ex, feedback, fraction, "options", summary)


def view(ex: Exercise, learner: str) -> dict:
    """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
    options = [(o["text"], o["id"]) for o in ex.shuffled(learner)]
    return {"options": options, "multiple": ex.data.get("multiple", False)}


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "options", False, "options", "multichoice"
ATTEMPTS, SINGLE_FEEDBACK, RUNS_CODE = False, False, False
PICKS: tuple[str, ...] = ()
PLACES, PLACE_WORDS = "", ("", "")
WHY, BLANK = "feedback", "Tick an option"
# read each option and its feedback: 0.5 an option, so a 4-option question is 3.5 minutes
MINUTES = (1.5, 0.5)
ROW_HINT = (
    "Read the question again, word by word, and weigh each option against it before you tick."
)


def all_or_nothing(data: dict) -> bool:
    """A single-answer choice is right or wrong; a multiple one earns shares."""
    return not data.get("multiple", False)


def key_values(data: dict) -> list[str]:
    """The ids of the right options: written next to the exercise id, they give the key away."""
    return [o["id"] for o in data.get("options", []) if o.get("correct")]


# its variant templates (course.core.variants): allowed fields, those a template needs
VARIANTS = frozenset(
    {"params", "values", "require", "key", "prompt", "options", "feedback", "extra"}
)
VARIANT_NEEDS, VARIANT_MAKES, POOL = ("params", "key", "prompt"), "options", ("options", "correct")


def keyed(data: dict) -> object:
    """The answer an exercise file's (or a variant's) key gives, full marks; None if none."""
    return [o["id"] for o in data.get("options", []) if o.get("correct")]
