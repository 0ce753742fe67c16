"""Estimating under uncertainty and under schedule pressure: PERT and crashing.

*Three-point (PERT) estimates* turn an optimistic, a most likely and a
pessimistic duration into an expected duration and a standard deviation
(the beta-distribution approximation of the original PERT method):

    mean = (O + 4M + P) / 6        sd = (P - O) / 6

Along one path the means add up, and so do the variances (sd squared) when
the activities are independent, which gives a confidence statement for the
path through the normal distribution.

*Crashing* shortens the schedule by paying to shorten critical activities.
A network for :func:`crash` is a ``course.pm.schedule`` network whose tasks
also say how far they can be shortened and what each period saved costs::

    {"A": {"duration": 2, "after": [], "crash_duration": 1, "crash_cost": 750}}
"""

import itertools
import math
from statistics import NormalDist

from course.pm.examples import GENERAL_FOUNDRY
from course.pm.schedule import schedule, validate

# Render, Stair & Hanna, *Quantitative Analysis for Management* (and Heizer &
# Render, *Operations Management*, whose Milwaukee Paper example uses the same
# numbers): General Foundry's three-point estimates in weeks (a, m, b) ...
GENERAL_FOUNDRY_PERT = {
    "A": (1, 2, 3),
    "B": (2, 3, 4),
    "C": (1, 2, 3),
    "D": (2, 4, 6),
    "E": (1, 4, 7),
    "F": (1, 2, 9),
    "G": (3, 4, 11),
    "H": (1, 2, 3),
}
# ... and its crash data: (crash time in weeks, normal cost, crash cost).
_CRASH = {
    "A": (1, 22_000, 22_750),
    "B": (1, 30_000, 34_000),
    "C": (1, 26_000, 27_000),
    "D": (3, 48_000, 49_000),
    "E": (2, 56_000, 58_000),
    "F": (2, 30_000, 30_500),
    "G": (2, 80_000, 86_000),
    "H": (1, 16_000, 19_000),
}
GENERAL_FOUNDRY_CRASH = {
    task_id: {
        **spec,
        "crash_duration": _CRASH[task_id][0],
        "crash_cost": (_CRASH[task_id][2] - _CRASH[task_id][1])
        / (spec["duration"] - _CRASH[task_id][0]),
    }
    for task_id, spec in GENERAL_FOUNDRY.items()
}


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def three_point(optimistic: float, most_likely: float, pessimistic: float) -> dict[str, float]:
    """Expected duration and standard deviation of one activity (PERT beta).

    Example (General Foundry's activity E, 1, 4 and 7 weeks)::

        >>> three_point(1, 4, 7)
        {'mean': 4.0, 'sd': 1.0}

    Parameters:
        optimistic: the shortest plausible duration (O).
        most_likely: the most likely duration (M).
        pessimistic: the longest plausible duration (P); O <= M <= P.
    """
    o = _number(optimistic, "the optimistic estimate")
    m = _number(most_likely, "the most likely estimate")
    p = _number(pessimistic, "the pessimistic estimate")
    if not o <= m <= p:
        raise ValueError(
            "estimates must satisfy optimistic <= most likely <= pessimistic, "
            f"got {o:g}, {m:g}, {p:g}"
        )
    return {"mean": (o + 4 * m + p) / 6, "sd": (p - o) / 6}


def path_estimate(activities: list) -> dict[str, float]:
    """Expected length and standard deviation of a path of independent activities.

    Example (General Foundry's critical path A-C-E-G-H)::

        >>> result = path_estimate([[1, 2, 3], [1, 2, 3], [1, 4, 7], [3, 4, 11], [1, 2, 3]])
        >>> result["mean"], round(result["sd"], 2)
        (15.0, 1.76)

    Parameters:
        activities: a list of ``[optimistic, most_likely, pessimistic]`` triples.
    """
    if isinstance(activities, str) or not isinstance(activities, list | tuple) or not activities:
        raise ValueError("give a non-empty list of [optimistic, most_likely, pessimistic] triples")
    mean, variance = 0.0, 0.0
    for i, triple in enumerate(activities):
        if not isinstance(triple, list | tuple) or len(triple) != 3:
            raise ValueError(
                f"activity {i} must be [optimistic, most_likely, pessimistic], got {triple!r}"
            )
        estimate = three_point(*triple)
        mean += estimate["mean"]
        variance += estimate["sd"] ** 2
    return {"mean": round(mean, 9), "sd": math.sqrt(variance)}


def probability_by(mean: float, sd: float, deadline: float) -> float:
    """Chance of finishing by ``deadline`` when the duration is normal(mean, sd).

    Example::

        >>> probability_by(15, 1.76, 15)
        0.5

    Parameters:
        mean: expected duration.
        sd: its standard deviation (above zero).
        deadline: the date asked about, in the same units.
    """
    if not _number(sd, "sd") > 0:
        raise ValueError(f"the standard deviation must be above zero, got {sd!r}")
    return NormalDist(_number(mean, "mean"), sd).cdf(_number(deadline, "deadline"))


def duration_for(mean: float, sd: float, confidence: float) -> float:
    """The duration finished by with the given confidence (the inverse of :func:`probability_by`).

    Example::

        >>> round(duration_for(15, 1.76, 0.95), 1)
        17.9

    Parameters:
        mean: expected duration.
        sd: its standard deviation (above zero).
        confidence: the chance wanted, strictly between 0 and 1.
    """
    if not 0 < _number(confidence, "confidence") < 1:
        raise ValueError(f"confidence must be between 0 and 1 (0.95 for 95 %), got {confidence!r}")
    if not _number(sd, "sd") > 0:
        raise ValueError(f"the standard deviation must be above zero, got {sd!r}")
    return NormalDist(_number(mean, "mean"), sd).inv_cdf(confidence)


def _crashable(tasks: dict) -> dict[str, tuple[int, float]]:
    """``{id: (shortest duration, cost per period)}``, checking the crash fields."""
    limits = {}
    for task_id, spec in tasks.items():
        duration = spec["duration"]
        shortest = spec.get("crash_duration", duration)
        cost = spec.get("crash_cost", 0)
        if any(isinstance(v, bool) or not isinstance(v, int) for v in (duration, shortest)):
            raise ValueError(
                f"task {task_id!r}: crashing works in whole periods; use integer durations"
            )
        if not 0 <= shortest <= duration:
            raise ValueError(
                f"task {task_id!r}: crash_duration must be between 0 and its duration {duration}, "
                f"got {shortest!r}"
            )
        limits[task_id] = (shortest, _number(cost, f"task {task_id!r}: crash_cost"))
    return limits


def _length(durations: dict, tasks: dict) -> tuple[int, dict]:
    network = {t: {"duration": durations[t], "after": tasks[t].get("after", [])} for t in tasks}
    rows = schedule(network)
    return max((r["ef"] for r in rows.values()), default=0), rows


def _cheapest_cut(
    durations: dict, tasks: dict, limits: dict
) -> tuple[tuple[str, ...], float] | None:
    """The cheapest set of critical tasks whose shortening by one period shortens the project."""
    length, rows = _length(durations, tasks)
    # Whole-period durations: a critical task has slack exactly 0.
    candidates = sorted(t for t in tasks if rows[t]["slack"] == 0 and durations[t] > limits[t][0])
    if len(candidates) > 16:
        raise ValueError(
            "too many critical activities to search (at most 16); crash a smaller network"
        )
    best = None
    for size in range(1, len(candidates) + 1):
        for group in itertools.combinations(candidates, size):
            cost = sum(limits[t][1] for t in group)
            if best is not None and cost >= best[1]:
                continue
            trial = {**durations, **{t: durations[t] - 1 for t in group}}
            if _length(trial, tasks)[0] < length:
                best = (group, cost)
    return best


def crash(tasks: dict, target: int) -> dict:
    """Shorten a network to ``target`` periods at the least extra cost, one period at a time.

    The textbook procedure: at each step, find the cheapest set of critical
    activities (that can still be shortened) whose shortening by one period
    shortens the project by one period, because every critical path runs
    through it; shorten them; recompute. Ties go to the smaller set. On the
    networks in the tests this matches an exhaustive search; in rare networks
    an exact method (linear programming) can do better by lengthening an
    activity crashed earlier, which this step-by-step procedure never does.

    Example (Heizer & Render's crashing example, the General Foundry network
    with crash data: 15 weeks down to 13)::

        >>> result = crash(GENERAL_FOUNDRY_CRASH, 13)
        >>> result["duration"], result["extra_cost"], [s["crash"] for s in result["steps"]]
        (13, 2750.0, [['A'], ['G']])

    Parameters:
        tasks: network with ``duration``, ``after``, and optional ``crash_duration``
            (shortest possible, default: cannot be shortened) and ``crash_cost``
            (cost per period shortened).
        target: the project length wanted, in whole periods.

    Returns ``{"duration", "extra_cost", "durations", "steps"}``; each step is
    ``{"crash": [ids], "cost": number, "duration": new project length}``.
    """
    validate(tasks)
    limits = _crashable(tasks)
    durations = {t: spec["duration"] for t, spec in tasks.items()}
    length = _length(durations, tasks)[0]
    steps, total = [], 0.0
    while length > target:
        cut = _cheapest_cut(durations, tasks, limits)
        if cut is None:
            raise ValueError(
                f"the network cannot be shortened below {length} periods with its crash limits "
                f"(target {target})"
            )
        group, cost = cut
        for t in group:
            durations[t] -= 1
        length = _length(durations, tasks)[0]
        total += cost
        steps.append({"crash": list(group), "cost": cost, "duration": length})
    return {"duration": length, "extra_cost": total, "durations": durations, "steps": steps}


__all__ = [
    "GENERAL_FOUNDRY_CRASH",
    "GENERAL_FOUNDRY_PERT",
    "crash",
    "duration_for",
    "path_estimate",
    "probability_by",
    "three_point",
]
