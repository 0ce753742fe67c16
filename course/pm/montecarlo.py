"""Monte Carlo simulation of a program's schedule and cost, beside PERT.

Each component has three-point estimates of its duration and its cost and
may wait for other components. One *run* draws every duration and cost from a
triangular distribution (optimistic, most likely, pessimistic), schedules the
components with those durations, and records when the last one finishes and
what they all cost. Thousands of runs give the spread of outcomes, read as
percentiles: P50 (as likely to be beaten as not) and P80 (beaten four times in
five). Unlike PERT on one critical path, the simulation sees every path, so a
program whose paths merge finishes later than any single path suggests
(*merge bias*).

Runs use Python's standard ``random.Random`` with a seed, so the same seed
always gives the same numbers.
"""

import math
import random

from course.pm.schedule import project_duration


def _triple(name: str, value: object) -> tuple[float, float, float]:
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise ValueError(f"{name} must be [optimistic, most likely, pessimistic], got {value!r}")
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ValueError(f"{name}: every estimate must be a finite number, got {value!r}")
    low, mode, high = (float(v) for v in value)
    if not low <= mode <= high:
        raise ValueError(
            f"{name}: estimates must satisfy optimistic <= most likely <= pessimistic, "
            f"got {value!r}"
        )
    return low, mode, high


def simulate(components: dict[str, dict], runs: int = 5000, seed: int = 1) -> dict[str, list]:
    """Finish times and total costs of ``runs`` simulated programs.

    Example (one component that always takes 4 and costs 10, and one after it
    taking 1 to 3)::

        >>> result = simulate({"A": {"duration": [4, 4, 4], "cost": [10, 10, 10], "after": []},
        ...                    "B": {"duration": [1, 2, 3], "cost": [0, 0, 0], "after": ["A"]}},
        ...                   runs=3, seed=7)
        >>> [round(d, 2) for d in result["duration"]], result["cost"]
        ([6.16, 5.34, 5.37], [10.0, 10.0, 10.0])

    Parameters:
        components: ``{id: {"duration": [o, m, p], "cost": [o, m, p], "after": [ids]}}``;
            ``cost`` is optional (0) and ``after`` lists the components it waits for.
        runs: how many simulated programs (1 or more).
        seed: the random seed; the same seed gives the same runs.

    Returns ``duration`` and ``cost``: one value per run, in run order.
    """
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise ValueError(f"runs must be a whole number, 1 or more; got {runs!r}")
    if not isinstance(components, dict) or not components:
        raise ValueError("give the components as a non-empty dict {id: {duration, cost, after}}")
    estimates = {}
    for cid, spec in components.items():
        if not isinstance(spec, dict) or "duration" not in spec:
            raise ValueError(
                f"component {cid!r} needs a 'duration' [optimistic, likely, pessimistic]"
            )
        estimates[cid] = (
            _triple(f"component {cid!r} duration", spec["duration"]),
            _triple(f"component {cid!r} cost", spec.get("cost", [0, 0, 0])),
            list(spec.get("after", [])),
        )
    rng = random.Random(seed)
    durations, costs = [], []
    for _ in range(runs):
        plan, total = {}, 0.0
        for cid in sorted(estimates):  # a fixed order, so the seed fixes every draw
            (dl, dm, dh), (cl, cm, ch), after = estimates[cid]
            plan[cid] = {"duration": rng.triangular(dl, dh, dm), "after": after}
            total += rng.triangular(cl, ch, cm)
        durations.append(project_duration(plan))
        costs.append(total)
    return {"duration": durations, "cost": costs}


def percentile(values: list[float], p: float) -> float:
    """The value that ``p`` per cent of ``values`` do not exceed (nearest rank).

    Example::

        >>> percentile([5, 1, 4, 2, 3, 6, 8, 7, 10, 9], 80)
        8

    Parameters:
        values: the simulated outcomes (at least one).
        p: the percentage, above 0 and at most 100 (50 for P50, 80 for P80).
    """
    if not values:
        raise ValueError("give at least one value")
    if isinstance(p, bool) or not isinstance(p, int | float) or not 0 < p <= 100:
        raise ValueError(f"the percentage must be above 0 and at most 100, got {p!r}")
    ordered = sorted(values)
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank - 1]


def chance_within(values: list[float], limit: float) -> float:
    """The share of simulated outcomes at or below ``limit``.

    Example::

        >>> chance_within([5, 1, 4, 2, 3, 6, 8, 7, 10, 9], 6)
        0.6
    """
    if not values:
        raise ValueError("give at least one value")
    return sum(v <= limit for v in values) / len(values)


__all__ = ["chance_within", "percentile", "simulate"]
