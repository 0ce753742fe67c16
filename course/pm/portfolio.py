"""Portfolio selection in numbers: weighted scoring, capacity and balance.

A portfolio board scores each candidate against weighted criteria
(:func:`weighted_scores`), then chooses the set of candidates that scores
highest in total while fitting the money and the people it has (capacity),
and while keeping the portfolio balanced: at least a minimum number of
candidates in each category it cares about (:func:`select`). Ranking by
score and funding down the list until the money runs out is a common first
cut (:func:`rank_and_fund`); it can miss a better combination, which is why
:func:`select` looks at every combination.
"""

import itertools
import math

MAX_CANDIDATES = 18  # every combination is examined: 2**18 = 262,144 at most


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def weighted_scores(candidates: dict[str, dict], weights: dict[str, float]) -> dict[str, float]:
    """Each candidate's weighted score: the sum of weight x rating over the criteria.

    Example (weights 0.5 strategic fit, 0.3 value, 0.2 risk, ratings 1-5)::

        >>> weighted_scores({"App": {"fit": 5, "value": 3, "risk": 2},
        ...                  "Wing": {"fit": 3, "value": 5, "risk": 4}},
        ...                 {"fit": 0.5, "value": 0.3, "risk": 0.2})
        {'App': 3.8, 'Wing': 3.8}

    Parameters:
        candidates: ``{name: {criterion: rating}}``; every candidate rates every criterion.
        weights: ``{criterion: weight}``, weights >= 0 adding up to 1.
    """
    if not weights:
        raise ValueError("give at least one criterion with its weight")
    total = sum(_number(f"the weight of {c!r}", w) for c, w in weights.items())
    if any(w < 0 for w in weights.values()) or abs(total - 1) > 1e-9:
        raise ValueError(f"weights must be >= 0 and add up to 1; these add up to {total:g}")
    scores = {}
    for name, ratings in candidates.items():
        missing = [c for c in weights if c not in ratings]
        if missing:
            raise ValueError(
                f"candidate {name!r} has no rating for {', '.join(map(repr, missing))}"
            )
        scores[name] = round(
            sum(weights[c] * _number(f"{name!r} {c!r}", ratings[c]) for c in weights), 6
        )
    return scores


def _check_candidates(candidates: dict[str, dict]) -> None:
    if not isinstance(candidates, dict) or not candidates:
        raise ValueError("give the candidates as a non-empty dict {name: {score, cost, ...}}")
    if len(candidates) > MAX_CANDIDATES:
        raise ValueError(
            f"{len(candidates)} candidates: select() examines every combination and takes "
            f"at most {MAX_CANDIDATES}; shortlist first"
        )
    for name, c in candidates.items():
        for key in ("score", "cost"):
            if key not in c:
                raise ValueError(f"candidate {name!r} has no {key!r}")
            if _number(f"{name!r} {key}", c[key]) < 0:
                raise ValueError(f"candidate {name!r}: {key} must be >= 0")


def rank_and_fund(candidates: dict[str, dict], budget: float) -> list[str]:
    """Fund candidates in order of score, skipping any that no longer fit the budget.

    Example::

        >>> rank_and_fund({"A": {"score": 9, "cost": 6}, "B": {"score": 7, "cost": 5},
        ...                "C": {"score": 6, "cost": 5}}, 10)
        ['A']

    Parameters:
        candidates: ``{name: {"score": s, "cost": c}}``.
        budget: the money available.
    """
    _check_candidates(candidates)
    left = _number("the budget", budget)
    chosen = []
    for name in sorted(candidates, key=lambda n: (-candidates[n]["score"], n)):
        if candidates[name]["cost"] <= left + 1e-9:
            chosen.append(name)
            left -= candidates[name]["cost"]
    return chosen


def select(
    candidates: dict[str, dict],
    budget: float,
    capacity: float | None = None,
    minimum_per_category: dict[str, int] | None = None,
) -> dict:
    """The set of candidates with the highest total score that fits budget, capacity and balance.

    Every combination is examined, so the answer is the best one, not a
    ranking's first cut. Ties go to the cheaper set, then to the names in
    alphabetical order.

    Example (the :func:`rank_and_fund` candidates: B and C together beat A alone)::

        >>> select({"A": {"score": 9, "cost": 6}, "B": {"score": 7, "cost": 5},
        ...         "C": {"score": 6, "cost": 5}}, 10)["chosen"]
        ['B', 'C']

    Parameters:
        candidates: ``{name: {"score": s, "cost": c, "people": p, "category": k}}``;
            ``people`` (default 0) and ``category`` (default none) are optional.
        budget: the money available.
        capacity: the people available (default: no limit).
        minimum_per_category: ``{category: n}``: choose at least n candidates of it.

    Returns ``chosen`` (names, sorted), ``score``, ``cost``, ``people`` and
    ``by_category`` (how many chosen in each category).
    """
    _check_candidates(candidates)
    money = _number("the budget", budget)
    people = math.inf if capacity is None else _number("the capacity", capacity)
    minimums = minimum_per_category or {}
    names = sorted(candidates)
    best = None
    for size in range(len(names) + 1):
        for combo in itertools.combinations(names, size):
            cost = sum(candidates[n]["cost"] for n in combo)
            staff = sum(candidates[n].get("people", 0) for n in combo)
            if cost > money + 1e-9 or staff > people + 1e-9:
                continue
            counts = {}
            for n in combo:
                category = candidates[n].get("category")
                counts[category] = counts.get(category, 0) + 1
            if any(counts.get(k, 0) < v for k, v in minimums.items()):
                continue
            score = sum(candidates[n]["score"] for n in combo)
            key = (-round(score, 9), round(cost, 9), combo)
            if best is None or key < best[0]:
                best = (key, combo, score, cost, staff, counts)
    if best is None:
        raise ValueError(
            "no combination meets the minimum per category within the budget and capacity; "
            "lower a minimum or raise the budget"
        )
    _, combo, score, cost, staff, counts = best
    return {
        "chosen": list(combo),
        "score": round(score, 6),
        "cost": round(cost, 6),
        "people": round(staff, 6),
        "by_category": {k: v for k, v in sorted(counts.items(), key=str) if k is not None},
    }


__all__ = ["MAX_CANDIDATES", "rank_and_fund", "select", "weighted_scores"]
