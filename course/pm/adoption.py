"""Adoption in numbers: an S-shaped adoption curve that drives benefits and dis-benefits.

A program's outputs (a new app, a new process) produce benefits only when
people use them. :func:`adoption_curve` gives the share of the intended users
who have adopted by each period, on a logistic S-curve: slow at first, fastest
at the midpoint, levelling off at a ceiling that may be below 100 per cent.
:func:`adoption_benefits` turns that curve into the benefits profile: benefit
grows with the number of users who have adopted, while each period's *new*
adopters cost a learning dip (a dis-benefit) and the old way keeps costing
money until it is switched off.
"""

import math


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def adoption_curve(
    periods: int, midpoint: float, steepness: float, ceiling: float = 1.0
) -> list[float]:
    """Share of the intended users who have adopted at the end of each period (logistic).

    share(t) = ceiling / (1 + exp(-steepness * (t - midpoint))), for t = 1 .. periods.
    At t = midpoint exactly half the ceiling has adopted.

    Example (12 months, half-way at month 6, ceiling 80 per cent)::

        >>> [round(s, 3) for s in adoption_curve(12, 6, 1.0, 0.8)][4:8]
        [0.215, 0.4, 0.585, 0.705]

    Parameters:
        periods: how many periods to compute (1 or more).
        midpoint: the period at which half the ceiling has adopted.
        steepness: how fast adoption grows around the midpoint (> 0; 1 is brisk, 0.3 slow).
        ceiling: the share that adopts in the end, 0 < ceiling <= 1.
    """
    if isinstance(periods, bool) or not isinstance(periods, int) or periods < 1:
        raise ValueError(f"periods must be a whole number, 1 or more; got {periods!r}")
    mid = _number("the midpoint", midpoint)
    k = _number("the steepness", steepness)
    top = _number("the ceiling", ceiling)
    if k <= 0:
        raise ValueError(f"the steepness must be above 0, got {steepness!r}")
    if not 0 < top <= 1:
        raise ValueError(
            f"the ceiling is a share of the users, above 0 and at most 1; got {ceiling!r}"
        )
    return [top / (1 + math.exp(-k * (t - mid))) for t in range(1, periods + 1)]


def adoption_benefits(
    adoption: list[float],
    users: int,
    benefit_per_user: float,
    learning_dip_per_user: float = 0.0,
    legacy_cost: float = 0.0,
    legacy_off_at: float = 1.0,
) -> dict[str, list[float]]:
    """The benefits profile an adoption curve drives, period by period.

    For each period: adopters = users x adoption share; new adopters = the
    increase since the last period; benefit = adopters x benefit per user;
    dis-benefit = new adopters x learning dip + the legacy running cost while
    adoption is below ``legacy_off_at`` (the old way cannot be switched off until
    enough people have moved); net = benefit - dis-benefit.

    Example (1,000 users; 0.2, 0.5, 0.9 adopted; 10 a user each period; dip 4 a new user;
    the old system costs 1,000 a period until 90 per cent have moved)::

        >>> b = adoption_benefits([0.2, 0.5, 0.9], 1000, 10, 4, 1000, 0.9)
        >>> b["benefit"], b["dis_benefit"], b["net"]
        ([2000.0, 5000.0, 9000.0], [1800.0, 2200.0, 1600.0], [200.0, 2800.0, 7400.0])

    Parameters:
        adoption: share adopted at the end of each period (0-1, never falling).
        users: the number of intended users.
        benefit_per_user: benefit per adopted user per period.
        learning_dip_per_user: one-off loss per new adopter in the period they switch.
        legacy_cost: running cost per period of the old way while it is still needed.
        legacy_off_at: the adoption share at which the old way is switched off.

    Returns lists, one value a period: ``adopters``, ``new_adopters``,
    ``benefit``, ``dis_benefit``, ``net`` and ``cumulative_net``.
    """
    if not isinstance(adoption, list | tuple) or not adoption:
        raise ValueError("give the adoption curve as a non-empty list of shares (0-1)")
    if isinstance(users, bool) or not isinstance(users, int) or users < 1:
        raise ValueError(f"users must be a whole number, 1 or more; got {users!r}")
    per_user = _number("the benefit per user", benefit_per_user)
    dip = _number("the learning dip per user", learning_dip_per_user)
    legacy = _number("the legacy cost", legacy_cost)
    off_at = _number("legacy_off_at", legacy_off_at)
    previous = 0.0
    result = {k: [] for k in ("adopters", "new_adopters", "benefit", "dis_benefit", "net")}
    for i, share in enumerate(adoption):
        share = _number(f"adoption share {i}", share)
        if not 0 <= share <= 1:
            raise ValueError(f"adoption share {i} must lie between 0 and 1, got {share!r}")
        if share < previous - 1e-12:
            raise ValueError(
                f"adoption share {i} ({share:g}) is below the period before ({previous:g}); "
                f"the curve counts everyone who has adopted so far, so it never falls"
            )
        adopters = users * share
        new = users * (share - previous)
        benefit = adopters * per_user
        dis = new * dip + (legacy if share < off_at - 1e-12 else 0.0)
        for key, value in zip(result, (adopters, new, benefit, dis, benefit - dis), strict=True):
            result[key].append(round(value, 6))
        previous = share
    running, total = [], 0.0
    for value in result["net"]:
        total += value
        running.append(round(total, 6))
    result["cumulative_net"] = running
    return result


__all__ = ["adoption_benefits", "adoption_curve"]
