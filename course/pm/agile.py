"""Agile delivery in numbers: velocity and a release forecast as a range.

A team's *velocity* is the amount of work (usually story points) it
finishes per sprint. A release forecast divides the work still to do by a
range of velocities the team has shown, rounding up to whole sprints,
because a sprint is not split: the answer is a range, never one date.
"""

import math
import statistics


def _velocities(velocities: list) -> list[float]:
    if isinstance(velocities, str) or not isinstance(velocities, list | tuple) or not velocities:
        raise ValueError("give the points finished in each past sprint as a non-empty list")
    for i, v in enumerate(velocities):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v <= 0:
            raise ValueError(
                f"sprint {i + 1}: velocity must be a number above zero, got {v!r}; "
                "leave out sprints in which nothing was finished"
            )
    return [float(v) for v in velocities]


def velocity(velocities: list, last: int | None = None) -> float:
    """Average points per sprint, over all sprints or the ``last`` few.

    Example::

        >>> velocity([30, 35, 28, 32, 31])
        31.2

    Parameters:
        velocities: points finished in each past sprint, oldest first.
        last: average only the most recent ``last`` sprints.
    """
    values = _velocities(velocities)
    if last is not None:
        if isinstance(last, bool) or not isinstance(last, int) or last < 1:
            raise ValueError(f"last must be a whole number of sprints, 1 or more; got {last!r}")
        values = values[-last:]
    return round(statistics.fmean(values), 9)


def forecast(remaining: float, velocities: list) -> dict[str, int]:
    """Sprints still needed for ``remaining`` points: fastest, average and slowest.

    ``fastest`` divides by the best velocity seen, ``slowest`` by the worst,
    ``average`` by the mean; each is rounded up to whole sprints.

    Example::

        >>> forecast(240, [28, 34, 40])
        {'fastest': 6, 'average': 8, 'slowest': 9}

    Parameters:
        remaining: points of work not yet done (0 or more).
        velocities: points finished in each past sprint.
    """
    if isinstance(remaining, bool) or not isinstance(remaining, int | float) or remaining < 0:
        raise ValueError(f"remaining work must be 0 or more points, got {remaining!r}")
    values = _velocities(velocities)

    def sprints(speed: float) -> int:
        return math.ceil(round(remaining / speed, 9))

    return {
        "fastest": sprints(max(values)),
        "average": sprints(statistics.fmean(values)),
        "slowest": sprints(min(values)),
    }


__all__ = ["forecast", "velocity"]
