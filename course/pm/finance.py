"""The business case in numbers: NPV, IRR, payback, ROI and benefit-cost ratio.

Cash flows are a list, one number per period (usually a year), period 0
first: ``[-200, 50, 60, 70, 200]`` is an outlay of 200 now and four yearly
inflows. Every flow is taken to happen at the *end* of its period, so flow
``t`` is discounted by ``(1 + rate) ** t`` and flow 0 is not discounted.

Spreadsheet ``NPV()`` functions discount their first value by one period;
to reproduce them, put a 0 in front (see :func:`npv`).
"""

import math

Flows = list[float]


def _check_flows(flows: Flows) -> None:
    if isinstance(flows, str) or not isinstance(flows, list | tuple) or not flows:
        raise ValueError(
            f"cash flows must be a non-empty list of numbers, period 0 first; got {flows!r}"
        )
    for t, flow in enumerate(flows):
        if isinstance(flow, bool) or not isinstance(flow, int | float) or not math.isfinite(flow):
            raise ValueError(f"cash flow {t} must be a finite number, got {flow!r}")


def _check_rate(rate: float) -> None:
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not rate > -1:
        raise ValueError(
            f"the discount rate must be a number above -1 (0.1 means 10 %), got {rate!r}"
        )


def present_values(rate: float, flows: Flows) -> list[float]:
    """Each flow discounted to period 0: ``flows[t] / (1 + rate) ** t``.

    Example::

        >>> [round(v, 2) for v in present_values(0.1, [-100, 110, 121])]
        [-100.0, 100.0, 100.0]

    Parameters:
        rate: discount rate per period (0.1 for 10 %).
        flows: cash flows, period 0 first.
    """
    _check_rate(rate)
    _check_flows(flows)
    return [flow / (1 + rate) ** t for t, flow in enumerate(flows)]


def npv(rate: float, flows: Flows) -> float:
    """Net present value: the sum of the discounted cash flows.

    Example (Microsoft's Excel ``NPV`` help: 10 %, a 10,000 outlay one year
    from now, then 3,000, 4,200 and 6,800)::

        >>> round(npv(0.10, [0, -10_000, 3_000, 4_200, 6_800]), 2)
        1188.44

    Parameters:
        rate: discount rate per period (0.1 for 10 %).
        flows: cash flows, period 0 first (period 0 is not discounted).
    """
    return sum(present_values(rate, flows))


# IRR is searched between these rates (-99.99 % and 1,000,000 %). In the
# discount factor x = 1 / (1 + rate) the NPV is a polynomial, sum(flow_t * x**t),
# so every rate there is a root of that polynomial for x between these bounds.
_LOWEST_RATE, _HIGHEST_RATE = -0.9999, 10_000.0


def _poly(coeffs: list[float], x: float) -> float:
    total = 0.0
    for c in reversed(coeffs):
        total = total * x + c
    return total


def _poly_roots(coeffs: list[float], lo: float, hi: float) -> list[float]:
    """Every real root of ``sum(coeffs[k] * x**k)`` strictly between ``lo`` and ``hi``.

    Between two neighbouring roots of the derivative the polynomial is monotonic,
    so it has at most one root there and bisection finds it; the derivative's roots
    are found the same way, down to a straight line. A root where the polynomial
    only touches zero (a double root) is a root of the derivative with a zero value.
    """
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs = coeffs[:-1]
    if len(coeffs) < 2:
        return []
    if len(coeffs) == 2:
        root = -coeffs[0] / coeffs[1]
        return [root] if lo < root < hi else []
    turns = _poly_roots([k * c for k, c in enumerate(coeffs)][1:], lo, hi)
    size = [abs(c) for c in coeffs]
    roots = []
    for t in turns:  # the polynomial touches zero at a turning point: a double root
        if abs(_poly(coeffs, t)) <= 1e-9 * _poly(size, t):
            roots.append(t)
    points = [lo, *turns, hi]
    for a, b in zip(points, points[1:], strict=False):
        f_a, f_b = _poly(coeffs, a), _poly(coeffs, b)
        if f_a * f_b >= 0:
            continue
        for _ in range(200):
            mid = (a + b) / 2
            if mid in (a, b):
                break
            f_mid = _poly(coeffs, mid)
            if f_mid == 0:
                a = b = mid
                break
            if (f_mid < 0) == (f_a < 0):
                a, f_a = mid, f_mid
            else:
                b = mid
        roots.append((a + b) / 2)
    roots.sort()
    unique: list[float] = []
    for r in roots:
        if not unique or r - unique[-1] > 1e-12 * max(1.0, abs(r)):
            unique.append(r)
    return unique


def irr_all(flows: Flows) -> list[float]:
    """Every internal rate of return between -99.99 % and 1,000,000 %, lowest first.

    Flows that change sign once have exactly one such rate. Flows that change
    sign more than once (a new outlay later, such as a refit or a clean-up
    cost) can have several, or none: then no single IRR describes the project
    and it is judged by its NPV at the cost of capital instead.

    Example (Lorie and Savage's oil pump: 1,600 now, 10,000 in a year, 10,000
    given up the year after: both 25 % and 400 % make the NPV zero)::

        >>> [round(r, 4) for r in irr_all([-1_600, 10_000, -10_000])]
        [0.25, 4.0]
        >>> irr_all([-100, 100, -100])
        []

    Parameters:
        flows: cash flows, period 0 first.
    """
    _check_flows(flows)
    x_lo, x_hi = 1 / (1 + _HIGHEST_RATE), 1 / (1 + _LOWEST_RATE)
    xs = _poly_roots([float(f) for f in flows], x_lo, x_hi)
    return sorted(1 / x - 1 for x in xs)


def irr(flows: Flows) -> float:
    """Internal rate of return: the discount rate at which the NPV is zero.

    Searched between -99.99 % and 1,000,000 %. Defined only for flows that
    change sign; when the flows change sign more than once there may be several
    rates, and this returns the lowest one (:func:`irr_all` gives them all).

    Example (Microsoft's Excel ``IRR`` help)::

        >>> round(irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]), 4)
        0.0866

    Parameters:
        flows: cash flows, period 0 first, with at least one sign change.
    """
    _check_flows(flows)
    if not (any(f > 0 for f in flows) and any(f < 0 for f in flows)):
        raise ValueError(
            "IRR needs both an outlay (negative flow) and a return (positive flow); "
            f"got {list(flows)!r}"
        )
    rates = irr_all(flows)
    if not rates:
        raise ValueError(
            f"no rate between -99.99 % and 1,000,000 % makes the NPV zero for {flows!r}; "
            "judge this project by its NPV at the cost of capital instead"
        )
    return rates[0]


def _recovery(amounts: list[float]) -> float | None:
    """Periods until the running total of ``amounts`` first reaches zero, interpolated."""
    total = 0.0
    for t, amount in enumerate(amounts):
        before = total
        total += amount
        if t > 0 and before < 0 <= total:
            return t - 1 + (-before) / amount
    return None if total < 0 or amounts[0] < 0 else 0.0


def payback(flows: Flows) -> float | None:
    """Payback period: periods until the cumulative cash flow turns non-negative.

    The last period is interpolated (flows taken as spread evenly over it).
    ``None`` when the outlay is never recovered.

    Example (Ross, Westerfield & Jordan, *Fundamentals of Corporate Finance*,
    concept question 9.1: 200 invested, then 50, 60, 70, 200)::

        >>> round(payback([-200, 50, 60, 70, 200]), 2)
        3.1

    Parameters:
        flows: cash flows, period 0 first.
    """
    _check_flows(flows)
    return _recovery(list(flows))


def discounted_payback(rate: float, flows: Flows) -> float | None:
    """Discounted payback: like :func:`payback`, on the discounted flows.

    Example (the same project at 10 %)::

        >>> round(discounted_payback(0.10, [-200, 50, 60, 70, 200]), 2)
        3.38

    Parameters:
        rate: discount rate per period.
        flows: cash flows, period 0 first.
    """
    return _recovery(present_values(rate, flows))


def roi(benefits: float, costs: float) -> float:
    """Return on investment: net gain per unit of cost, ``(benefits - costs) / costs``.

    Pass discounted totals for a discounted ROI.

    Example::

        >>> roi(benefits=150_000, costs=100_000)
        0.5

    Parameters:
        benefits: total benefits (same units as costs).
        costs: total costs, above zero.
    """
    if not costs > 0:
        raise ValueError(f"costs must be above zero to divide by them, got {costs!r}")
    return (benefits - costs) / costs


def bcr(rate: float, benefits: Flows, costs: Flows) -> float:
    """Benefit-cost ratio: present value of benefits / present value of costs.

    Example::

        >>> bcr(0.0, [0, 60, 60], [100, 0, 0])
        1.2

    Parameters:
        rate: discount rate per period.
        benefits: benefits per period, period 0 first (non-negative).
        costs: costs per period as positive numbers, period 0 first.
    """
    pv_costs = npv(rate, costs)
    if not pv_costs > 0:
        raise ValueError(
            "the present value of the costs must be above zero; give costs as positive numbers"
        )
    return npv(rate, benefits) / pv_costs


__all__ = ["bcr", "discounted_payback", "irr", "irr_all", "npv", "payback", "present_values", "roi"]
