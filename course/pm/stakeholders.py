"""Stakeholders in numbers: communication channels and engagement gaps.

Each pair of people who may need to talk is a *communication channel*;
``n`` people have ``n (n - 1) / 2`` of them, so the channels grow with the
square of the number of people. The engagement levels follow PMI's
stakeholder engagement assessment matrix, from least to most engaged.
"""

LEVELS = ("unaware", "resistant", "neutral", "supportive", "leading")


def channels(people: int) -> int:
    """Communication channels among ``people`` people: n (n - 1) / 2.

    Example::

        >>> channels(10)
        45

    Parameters:
        people: how many people (0 or more).
    """
    if isinstance(people, bool) or not isinstance(people, int) or people < 0:
        raise ValueError(f"the number of people must be a whole number, 0 or more; got {people!r}")
    return people * (people - 1) // 2


def engagement_gaps(assessment: dict[str, tuple[str, str]]) -> dict[str, int]:
    """How many levels each stakeholder must move: desired minus current.

    Positive: engagement must grow; 0: keep it where it is; negative: the
    stakeholder is more involved than the work needs. The levels are an order,
    not equal steps: an ``unaware`` stakeholder does not pass through
    ``resistant`` on the way to ``neutral``, so a gap from ``unaware`` says
    "inform them first", not "two levels of work".

    Example::

        >>> engagement_gaps({"CFO": ("resistant", "supportive"), "Ops": ("neutral", "neutral")})
        {'CFO': 2, 'Ops': 0}

    Parameters:
        assessment: ``{stakeholder: (current level, desired level)}``, levels from :data:`LEVELS`.
    """
    gaps = {}
    for name, pair in assessment.items():
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValueError(f"{name!r}: give (current, desired), got {pair!r}")
        for level in pair:
            if level not in LEVELS:
                raise ValueError(
                    f"{name!r}: unknown level {level!r}; use one of {', '.join(LEVELS)}"
                )
        gaps[name] = LEVELS.index(pair[1]) - LEVELS.index(pair[0])
    return gaps


__all__ = ["LEVELS", "channels", "engagement_gaps"]
