"""Earned value management (EVM): cost and schedule performance in money.

Three numbers describe a project at a status date, all in the same currency:

- PV, planned value: the budget of the work scheduled to be done by now;
- EV, earned value: the budget of the work actually done by now;
- AC, actual cost: what that work actually cost.

BAC, budget at completion, is the total budget (the PV at the planned end).
From them come the variances, the indices and the forecasts computed by
:func:`earned_value`, with the formulas of the PMBOK Guide.
"""

import math


def _check_amount(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def _check_inputs(bac: float, pv: float, ev: float, ac: float) -> None:
    for name, value in (("BAC", bac), ("PV", pv), ("EV", ev), ("AC", ac)):
        if _check_amount(name, value) <= 0:
            raise ValueError(
                f"{name} must be > 0, got {value!r}: the indices divide by PV and AC "
                f"and the forecast divides by CPI = EV / AC"
            )
    for name, value in (("PV", pv), ("EV", ev)):
        if value > bac:
            raise ValueError(f"{name} ({value!r}) cannot exceed BAC ({bac!r}), the whole budget")
    if ac == bac:
        raise ValueError(
            "TCPI = (BAC - EV) / (BAC - AC) is undefined when AC equals BAC: the whole "
            "budget is spent; judge the remaining work against a revised EAC instead"
        )


def earned_value(bac: float, pv: float, ev: float, ac: float) -> dict[str, float]:
    """Earned value metrics at a status date.

    Example (the fence of Mulcahy's *PMP Exam Prep*)::

        >>> m = earned_value(bac=4000, pv=3000, ev=2500, ac=2800)
        >>> m["cv"], m["sv"], round(m["cpi"], 3), round(m["eac"])
        (-300, -500, 0.893, 4480)

    Parameters:
        bac: budget at completion, > 0.
        pv: planned value to date, 0 < PV <= BAC.
        ev: earned value to date, 0 < EV <= BAC.
        ac: actual cost to date, > 0 and not equal to BAC.

    Returns a dict with these keys (negative variances are bad news):

    - ``cv``   cost variance          CV   = EV - AC
    - ``sv``   schedule variance      SV   = EV - PV
    - ``cpi``  cost performance index CPI  = EV / AC   (value earned per unit spent)
    - ``spi``  schedule perf. index   SPI  = EV / PV   (share of planned work done)
    - ``eac``  estimate at completion EAC  = BAC / CPI (current cost efficiency goes on)
    - ``etc``  estimate to complete   ETC  = EAC - AC
    - ``vac``  variance at completion VAC  = BAC - EAC
    - ``tcpi`` to-complete perf. index TCPI = (BAC - EV) / (BAC - AC)
      (the efficiency the remaining work needs to finish on budget)

    The BAC-based TCPI only means something while money is left (AC < BAC).
    Once AC exceeds BAC it comes out negative: finishing on budget is no
    longer possible, and the PMBOK Guide measures the remaining work against
    an approved revised estimate instead, TCPI = (BAC - EV) / (EAC - AC)
    (see :func:`tcpi_to_eac`).
    """
    _check_inputs(bac, pv, ev, ac)
    cpi = ev / ac
    eac = bac / cpi
    return {
        "cv": ev - ac,
        "sv": ev - pv,
        "cpi": cpi,
        "spi": ev / pv,
        "eac": eac,
        "etc": eac - ac,
        "vac": bac - eac,
        "tcpi": (bac - ev) / (bac - ac),
    }


def tcpi_to_eac(bac: float, ev: float, ac: float, eac: float) -> float:
    """TCPI against a revised estimate: (BAC - EV) / (EAC - AC).

    Use it when finishing within BAC is no longer possible (for example when
    AC already exceeds BAC) and the sponsor has approved a new estimate at
    completion. It is the efficiency the remaining work needs to finish
    within that EAC. With EAC = BAC / CPI it equals the CPI by construction,
    so it says something only about an EAC that someone has set.

    Example (BAC 500, EV 400, AC 550, revised EAC 700)::

        >>> tcpi_to_eac(bac=500, ev=400, ac=550, eac=700)
        0.6666666666666666

    Parameters:
        bac: budget at completion.
        ev: earned value to date.
        ac: actual cost to date.
        eac: the approved estimate at completion, > AC.
    """
    for name, value in (("BAC", bac), ("EV", ev), ("AC", ac), ("EAC", eac)):
        _check_amount(name, value)
    if eac <= ac:
        raise ValueError(
            f"EAC ({eac!r}) must exceed AC ({ac!r}): the estimate at completion "
            f"includes what is already spent plus the cost of the remaining work"
        )
    return (bac - ev) / (eac - ac)


def cumulative(values: list[float]) -> list[float]:
    """Running totals of per-period amounts: the points of an S-curve.

    Example::

        >>> cumulative([10, 20, 30])
        [10, 30, 60]

    Parameters:
        values: amounts per period (planned, earned or spent in that period).
    """
    totals: list[float] = []
    running = 0
    for value in values:
        running += _check_amount("each period's amount", value)
        totals.append(running)
    return totals


def earned_value_by_period(
    bac: float, pv: list[float], ev: list[float], ac: list[float]
) -> list[dict[str, float]]:
    """Metrics at the end of each reported period, from per-period amounts.

    ``ev`` and ``ac`` may be shorter than ``pv`` (work reported so far); one
    dict per reported period, each :func:`earned_value` of the cumulative
    values plus ``period`` (1-based), ``pv``, ``ev`` and ``ac``.

    Example::

        >>> [round(m["cpi"], 2) for m in earned_value_by_period(
        ...     100, [10, 20, 30, 40], [10, 15], [10, 20])]
        [1.0, 0.83]

    Parameters:
        bac: budget at completion.
        pv, ev, ac: per-period planned value, earned value and actual cost.
    """
    if len(ev) != len(ac):
        raise ValueError(
            f"ev and ac must cover the same periods, got {len(ev)} and {len(ac)} values"
        )
    if len(ev) > len(pv):
        raise ValueError(f"ev and ac ({len(ev)} periods) cannot run past the plan ({len(pv)})")
    rows = []
    series = zip(cumulative(pv), cumulative(ev), cumulative(ac), strict=False)
    for period, (p, e, a) in enumerate(series, start=1):
        rows.append({"period": period, "pv": p, "ev": e, "ac": a, **earned_value(bac, p, e, a)})
    return rows
