"""Classical item statistics of a graded class: difficulty, discrimination, reliability.

Plain functions over lists of scores (stdlib only), unit-tested against a
hand-computed class in ``tests/test_itemstats.py``:

* **difficulty**: the share of the points the class earned on an exercise
  (for a one-point exercise, the share of students who got it right);
* **discrimination**: the corrected item-total correlation, i.e. the Pearson
  correlation between the exercise's score and the rest of the total (the total
  without this exercise). For a right/wrong exercise it is the point-biserial
  correlation;
* **reliability**: Kuder-Richardson 20 when every exercise is scored right or
  wrong, else Cronbach's alpha (KR-20 is alpha for right/wrong items). Population
  variances throughout.

Unanswered exercises score 0, as in the gradebook.
"""

from __future__ import annotations

import math
import statistics


def difficulty(scores: list[float], max_score: float) -> float | None:
    """The mean share of ``max_score`` earned (0 to 1); None without students or points.

    >>> difficulty([1, 0, 1, 1], 1)
    0.75
    """
    if not scores or not max_score:
        return None
    return statistics.fmean(scores) / max_score


def pearson(x: list[float], y: list[float]) -> float | None:
    """The Pearson correlation of ``x`` and ``y``; None when either does not vary.

    >>> pearson([1, 2, 3], [2, 4, 7])
    0.9933992677987828
    """
    if len(x) != len(y) or len(x) < 2:
        return None
    mx, my = statistics.fmean(x), statistics.fmean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def discrimination(matrix: list[list[float]], item: int) -> float | None:
    """Corrected item-total correlation of column ``item`` of ``matrix`` (rows: students).

    None when the exercise's scores or the rest totals do not vary (everyone
    scored the same), since no correlation can be computed then.
    """
    scores = [row[item] for row in matrix]
    rest = [sum(row) - row[item] for row in matrix]
    return pearson(scores, rest)


def dichotomous(matrix: list[list[float]], maxima: list[float]) -> bool:
    """Whether every score is either 0 or the exercise's maximum (right or wrong)."""
    return all(s in (0, m) for row in matrix for s, m in zip(row, maxima, strict=True))


def reliability(matrix: list[list[float]], maxima: list[float]) -> tuple[str, float | None]:
    """``(name, value)``: KR-20 for right/wrong exercises, else Cronbach's alpha.

    ``value`` is None with fewer than two exercises or two students, or when the
    totals do not vary.
    """
    name = "KR-20" if dichotomous(matrix, maxima) else "Cronbach's alpha"
    k = len(maxima)
    if k < 2 or len(matrix) < 2:
        return name, None
    totals = [sum(row) for row in matrix]
    total_var = statistics.pvariance(totals)
    if total_var <= 1e-12:
        return name, None
    if name == "KR-20":
        shares = [statistics.fmean(row[i] for row in matrix) / maxima[i] for i in range(k)]
        # p q of a right/wrong item, in squared points (its variance)
        item_var = sum(p * (1 - p) * maxima[i] ** 2 for i, p in enumerate(shares))
    else:
        item_var = sum(statistics.pvariance([row[i] for row in matrix]) for i in range(k))
    return name, k / (k - 1) * (1 - item_var / total_var)


def reading(value: float | None, k: int) -> str:
    """One sentence on how to read a reliability value, for staff who are not statisticians."""
    if value is None:
        return (
            "Not computable: it needs at least two graded exercises and students whose "
            "totals differ."
        )
    few = f" With only {k} graded exercises a low value is expected." if k < 10 else ""
    if value >= 0.8:
        verdict = "the totals rank students consistently enough for a grade that counts."
    elif value >= 0.7:
        verdict = "acceptable for a low-stakes quiz; small differences between totals mean little."
    else:
        verdict = (
            "the totals rank students inconsistently: treat them as a rough guide and do not "
            "read much into differences of a few points."
        )
    return (
        f"Reliability runs from 0 (totals are noise) to 1 (a retest would rank students the "
        f"same); at {value:.2f}, {verdict}{few}"
    )
