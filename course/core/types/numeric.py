"""``numeric``: a number, right within a tolerance (earned value figures).

Right when ``math.isclose(answer, key, rel_tol=rel_tol, abs_tol=abs_tol)`` (with a
billionth of the key more, so an edge typed in decimals counts as inside).
An exercise that sets ``abs_tol`` or ``rel_tol`` (or both) is graded with
exactly what it sets (the one it leaves out is 0): ``abs_tol = 0.005`` on a key
of 4.24 accepts 4.235 to 4.245, no wider. An exercise that sets neither gets
the default, 0.5 % relative, so a CPI of 0.8889 may be typed as 0.89 but not
as 0.9.

A wrong answer's ``hint`` says what is wrong (too high, wrong sign, a factor
of 100 off) and gives the exercise's ``hint``; its ``message`` adds the key
and the worked explanation, which the widget shows after a second wrong try
or when asked (docs/grading-rules.md, "Attempts").
"""

from __future__ import annotations

import math
import re
from typing import cast

from course.core.exercise import Exercise, Result
from course.core.schema import Field
from course.core.types._common import require, row
from course.core.wording import NOT_RIGHT, RIGHT, sentence
from course.errors import AnswerError

DEFAULT_REL_TOL = 0.005
DEFAULT_ABS_TOL = 0.0

CONTROLS = "number.NumberControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "answer": Field("number"),
    "abs_tol": Field("number", required=False),
    "rel_tol": Field("number", required=False),
    "unit": Field("text", required=False),
    "explanation": Field("text"),
    "hint": Field("text", required=False),
}
KEYS = {"": ("answer", "explanation")}


def check(data: dict) -> list[tuple[str, str]]:
    return [
        (name, "must not be negative")
        for name in ("abs_tol", "rel_tol")
        if isinstance(data.get(name), int | float) and data[name] < 0
    ]


HOW_TO_WRITE = (
    "Write it with digits and at most one decimal mark, for example 0.75, 0,75, 1250, "
    "1,250, 1 250 or 75 %."
)
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_GROUPS = re.compile(r"^\d{1,3}([,. ]\d{3})+$")
# A currency code before or after the amount: "USD 22,765", "22,765 EUR".
_CODE = re.compile(r"^(?:USD|EUR|GBP|CAD|AUD|CHF)\s*|\s*(?:USD|EUR|GBP|CAD|AUD|CHF)$", re.I)
SCALES = {"k": 1e3, "m": 1e6, "bn": 1e9}
_SCALE = re.compile(r"(?<=\d)(k|m|bn)$", re.I)
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})


def parse(text: str, percent_unit: bool = False) -> float:
    """A number as people type it, or ValueError saying how to write it.

    Accepted: ``0.75``, ``0,75`` (decimal comma), ``75 %`` (0.75, unless the
    exercise's unit is a percentage, then 75), ``1,250`` and ``1 250`` and
    ``1.250,5`` (thousands grouped by threes), ``$1200``, ``USD 22,765`` (a currency
    code before or after, as the course writes amounts), ``22.8k`` and ``1.2m``
    (thousands, millions), ``-60``, ``−60``.
    Rejected, because a reader cannot tell what was meant: ``1,25,0`` (groups
    not of three), ``1.2.3``, ``1,250,5``, two decimal marks, letters.

    >>> parse("0,75"), parse("1,250"), parse("1 250"), parse("75 %")
    (0.75, 1250.0, 1250.0, 0.75)
    """
    raw = text.translate(_SPACES).strip()
    if not raw:
        raise ValueError("Type a number first, for example 0.75.")
    body = _CODE.sub("", raw).lstrip("$€£").strip()
    scale = 1.0
    if (found := _SCALE.search(body)) and body[: found.start()].strip():
        scale = SCALES[found.group(1).lower()]
        body = body[: found.start()].strip()
    percent = body.endswith("%")
    body = body.rstrip("%").strip()
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-").strip()
    if body[:1] in (".", ","):
        body = "0" + body  # .5 is 0.5
    value = _number(body)
    if value is None:
        how = "Write a fraction as a decimal, 3/4 as 0.75. " if "/" in body else ""
        raise ValueError(f"Cannot read {raw!r} as one number. {how}{HOW_TO_WRITE}")
    value *= sign * scale
    return value / 100 if percent and not percent_unit else value


def _number(body: str) -> float | None:
    """Digits with thousands groups and one decimal mark -> float; None if unclear."""
    if _PLAIN.match(body):
        return float(body)
    marks = [c for c in body if c in ",."]
    if not body or not body[0].isdigit() or not body[-1].isdigit():
        return None
    whole, decimals = body, ""
    if "," in marks and "." in marks:
        point = body.rfind("," if body.rfind(",") > body.rfind(".") else ".")
        whole, decimals = body[:point], body[point + 1 :]
        if body[point] in whole or not decimals.isdigit():
            return None  # a decimal mark twice
    elif marks.count(",") == 1 and "." not in marks and " " not in body:
        head, tail = body.split(",")
        if len(tail) != 3 or head == "0":  # 0,75 and 12,5: a decimal comma
            whole, decimals = head, tail
    elif marks.count(".") == 1:
        whole, decimals = body.split(".")
    if whole.isdigit():
        return float(f"{whole}.{decimals or 0}")
    if _GROUPS.match(whole) and len(set(c for c in whole if not c.isdigit())) == 1:
        digits = "".join(c for c in whole if c.isdigit())
        return float(f"{digits}.{decimals or 0}") if decimals.isdigit() or not decimals else None
    return None


def normalize(ex: Exercise, answer: object) -> float:
    if isinstance(answer, str):
        try:
            answer = parse(answer, percent_unit=_percent_unit(ex))
        except ValueError as error:
            raise AnswerError(ex.id, str(error)) from None
    ok = isinstance(answer, int | float) and not isinstance(answer, bool) and math.isfinite(answer)
    require(ex, ok, f"expected a number, got {answer!r:.40}")
    return float(cast(float, answer))


def _percent_unit(ex: Exercise) -> bool:
    return ex.data.get("unit", "").strip().lower() in ("%", "percent", "per cent")


def amount(value: float, unit: str = "") -> str:
    """A number as the feedback writes it, with thousands separators, and its ``unit``.

    A unit that names the figure (``CPI``, ``fee``, ``month``) comes first, as the
    course writes amounts (``USD 22,765``); a unit of measure follows the number.

    >>> amount(1.2857, "TCPI"), amount(160000, "EAC"), amount(22765, "USD")
    ('TCPI 1.2857', 'EAC 160,000', 'USD 22,765')
    >>> amount(150, "USD thousand"), amount(4, "days"), amount(-19000, "month 20")
    ('USD 150 thousand', '4 days', '-19,000 (month 20)')
    """
    number = f"{value:,g}"
    unit = unit.strip()
    if not unit:
        return number
    if unit.startswith("USD"):
        return f"USD {number}{unit[3:]}"
    if any(c.isdigit() for c in unit):
        return f"{number} ({unit})"
    if unit.isupper() or unit in NAMES:
        return f"{unit} {number}"
    return f"{number} {unit}"


# Units that name the figure rather than measure it: written before the number.
NAMES = ("fee", "ratio", "actual cost", "month")


def _what_is_wrong(answer: float, key: float, unit: str) -> str:
    """What a wrong number tells about the slip, without giving the key away."""
    given = amount(answer, unit)
    if key and answer == -key:
        return f"{given} has the wrong sign: check which figure is taken from which."
    ratio = abs(answer / key) if key else 0.0
    for factor in (100, 1000):
        if key and (
            math.isclose(ratio, factor, rel_tol=0.01)
            or math.isclose(ratio * factor, 1, rel_tol=0.01)
        ):
            return (
                f"{given} is off by a factor of {factor:,}: a percentage for a fraction, "
                "or thousands for units?"
            )
    return f"{given} is too {'high' if answer > key else 'low'}."


def tolerances(data: dict) -> tuple[float, float]:
    """``(rel_tol, abs_tol)`` a numeric exercise is graded with: what it sets, else the default.

    >>> tolerances({"answer": 4.24, "abs_tol": 0.005}), tolerances({"answer": 1.0})
    ((0.0, 0.005), (0.005, 0.0))
    """
    if "abs_tol" in data or "rel_tol" in data:
        return float(data.get("rel_tol", 0.0)), float(data.get("abs_tol", 0.0))
    return DEFAULT_REL_TOL, DEFAULT_ABS_TOL


# A typed decimal such as 4.245 is not exactly 4.245 in binary: an edge the author set
# must count as inside, so the comparison allows this much of the key's size more.
EDGE = 1e-9


def grade(ex: Exercise, answer: float) -> Result:
    key = ex.data["answer"]
    rel, absolute = tolerances(ex.data)
    right = abs(answer - key) <= max(rel * max(abs(answer), abs(key)), absolute) + EDGE * max(
        1.0, abs(key)
    )
    unit = ex.data.get("unit", "")
    explanation = ex.data["explanation"]
    if right:
        given, exact = amount(answer, unit), amount(key, unit)
        said = given if given == exact else f"{given} (exactly, {exact})"
        item = row("", RIGHT, f"{said}. {explanation}")
    else:
        hint = ex.data.get("hint", "Work it through again with the formula from the notebook.")
        item = row(
            "",
            NOT_RIGHT,
            f"you gave {amount(answer, unit)}; the answer is {amount(key, unit)}. {explanation}",
            hint=sentence(NOT_RIGHT, f"{_what_is_wrong(answer, key, unit)} Hint: {hint}"),
        )
    return Result(
        exercise=ex.id,
        score=ex.points if right else 0.0,
        max_score=ex.points,
        items=(item,),
        summary="right" if right else "not right",
    )


def view(ex: Exercise, learner: str) -> dict:
    """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
    percent = _percent_unit(ex)
    return {"unit": ex.data.get("unit", ""), "reader": lambda text: parse(text, percent)}


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "", False, "", "numerical"
ATTEMPTS, SINGLE_FEEDBACK, RUNS_CODE = True, True, False
PICKS: tuple[str, ...] = ()
PLACES, PLACE_WORDS = "", ("", "")
WHY, BLANK = "", ""
# find the numbers, calculate, read the worked answer: 5 minutes flat (the review's 4
# for one step, 6 for several)
MINUTES = (5.0, 0.0)
ROW_HINT = ""


def all_or_nothing(data: dict) -> bool:
    """True: a number is right or wrong."""
    return True


def key_values(data: dict) -> list[str]:
    """Nothing beyond the key fields (``KEYS``) that gives the key away in a notebook."""
    return []


# its variant templates (course.core.variants): allowed fields, those a template needs
VARIANTS = frozenset(
    {"params", "values", "require", "key", "prompt", "explanation", "hint", "abs_tol", "rel_tol"}
)
VARIANT_NEEDS, VARIANT_MAKES, POOL = ("params", "key", "prompt", "explanation"), "numbers", ()


def keyed(data: dict) -> object:
    """The answer an exercise file's (or a variant's) key gives, full marks; None if none."""
    return data.get("answer")
