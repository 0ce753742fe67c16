"""Seeded generators of hidden-check inputs for the management-work calculators.

The same contract as :mod:`course.pm.cases`: ``name(seed, n) -> list[list]``,
``n`` lists of positional arguments, reproducible from the seed, and built
so that every case is one a manager could meet (estimates in order, branch
probabilities that add up to 1, an outlay followed by returns, a team that
has finished work in every sprint).
"""

import random

from course.pm.cases import drawn


@drawn
def path_estimate_cases(rng: random.Random) -> list:
    """Arguments ``[activities]`` for ``path_estimate``: 2-8 activities of 1-30 days.

    Example::

        >>> [[activities]] = path_estimate_cases(seed=1, n=1)
        >>> all(o <= m <= p for o, m, p in activities)
        True
    """
    activities = []
    for _ in range(rng.randint(2, 8)):
        most_likely = rng.randint(2, 20)
        optimistic = rng.randint(max(1, most_likely // 2), most_likely)
        pessimistic = rng.randint(most_likely, most_likely * 2 + 2)
        activities.append([optimistic, most_likely, pessimistic])
    return [activities]


def _probabilities(rng: random.Random, count: int) -> list[float]:
    """``count`` probabilities in tenths, each at least 0.1, adding up to exactly 1."""
    cuts = sorted(rng.sample(range(1, 10), count - 1))
    tenths = [b - a for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]
    return [t / 10 for t in tenths]


def _chance(rng: random.Random, depth: int) -> dict:
    count = rng.randint(2, 3)
    branches = []
    for p in _probabilities(rng, count):
        if depth > 1 and rng.random() < 0.3:
            sub = _decision(rng, depth - 1)
        else:
            sub = rng.randrange(-200, 401, 10) * 1_000
        branches.append([p, sub])
    return {"chance": branches}


def _decision(rng: random.Random, depth: int) -> dict:
    names = rng.sample(["build", "buy", "upgrade", "wait", "partner", "pilot"], rng.randint(2, 3))
    options = {}
    for name in names:
        options[name] = _chance(rng, depth) if rng.random() < 0.85 else 0
    return {"decision": options}


@drawn
def roll_back_cases(rng: random.Random) -> list:
    """Arguments ``[tree]`` for ``roll_back``: a decision with 2-3 options, up to 3 levels deep.

    Example::

        >>> [[tree]] = roll_back_cases(seed=2, n=1)
        >>> sorted(tree)
        ['decision']
    """
    return [_decision(rng, rng.randint(1, 3))]


@drawn
def npv_cases(rng: random.Random) -> list:
    """Arguments ``[rate, flows]`` for ``npv``: an outlay now, then 2-8 yearly returns.

    Example::

        >>> rate, flows = npv_cases(seed=3, n=1)[0]
        >>> 0.02 <= rate <= 0.15 and flows[0] < 0
        True
    """
    outlay = rng.randrange(10_000, 500_001, 1_000)
    years = rng.randint(2, 8)
    returns = [round(outlay * rng.uniform(0.05, 0.6), -2) for _ in range(years)]
    return [rng.randint(2, 15) / 100, [-outlay, *returns]]


@drawn
def forecast_cases(rng: random.Random) -> list:
    """Arguments ``[remaining, velocities]`` for ``forecast``: 3-8 past sprints.

    Example::

        >>> remaining, velocities = forecast_cases(seed=4, n=1)[0]
        >>> remaining > 0 and min(velocities) > 0
        True
    """
    typical = rng.randint(10, 60)
    velocities = [max(1, round(typical * rng.uniform(0.6, 1.3))) for _ in range(rng.randint(3, 8))]
    return [rng.randint(1, 40) * 10, velocities]


__all__ = ["forecast_cases", "npv_cases", "path_estimate_cases", "roll_back_cases"]
