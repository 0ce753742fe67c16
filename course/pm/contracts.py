"""Contracts and quality in numbers: incentive fees, the point of total assumption, cost of quality.

An *incentive* contract shares the cost overrun or underrun between buyer and
seller by a *share ratio*, written buyer/seller (80/20: the buyer carries 80
per cent of every unit of overrun, the seller 20 per cent). Two kinds are taught:

* **fixed price incentive fee (FPIF)**: the seller's profit moves with the
  share ratio, but the buyer never pays more than the *ceiling price*; past the
  *point of total assumption* (PTA) the seller carries every extra unit of cost;
* **cost plus incentive fee (CPIF)**: the buyer pays every allowable cost, and
  the fee moves with the share ratio between a minimum and a maximum fee.

The cost of quality sorts quality spending into the four classic categories:
prevention and appraisal (the cost of conformance), internal and external
failure (the cost of non-conformance).
"""

import math

COQ_CATEGORIES = ("prevention", "appraisal", "internal failure", "external failure")


def _amount(name: str, value: object, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum:g}, got {value!r}")
    return float(value)


def _seller_share(buyer_share: object) -> float:
    share = _amount("the buyer's share", buyer_share)
    if not 0 < share < 1:
        raise ValueError(
            f"give the buyer's share as a fraction between 0 and 1 (0.8 for an 80/20 ratio), "
            f"got {buyer_share!r}"
        )
    return 1 - share


def point_of_total_assumption(
    target_cost: float, target_fee: float, ceiling_price: float, buyer_share: float
) -> float:
    """The actual cost above which an FPIF seller carries every extra unit of cost.

    PTA = (ceiling price - target price) / buyer's share + target cost, where the
    target price is the target cost plus the target fee (profit).

    Example (target cost 100,000, target fee 10,000, ceiling 120,000, ratio 80/20)::

        >>> point_of_total_assumption(100_000, 10_000, 120_000, 0.8)
        112500.0

    Parameters:
        target_cost: the cost both sides expect.
        target_fee: the seller's profit at the target cost.
        ceiling_price: the most the buyer will pay; at least the target price.
        buyer_share: the buyer's part of an overrun, as a fraction (0.8 for 80/20).
    """
    cost = _amount("the target cost", target_cost, 0.0)
    fee = _amount("the target fee", target_fee, 0.0)
    ceiling = _amount("the ceiling price", ceiling_price, 0.0)
    _seller_share(buyer_share)
    if ceiling < cost + fee:
        raise ValueError(
            f"the ceiling price ({ceiling:g}) is below the target price "
            f"({cost + fee:g} = target cost + target fee); a ceiling sits at or above it"
        )
    return (ceiling - (cost + fee)) / buyer_share + cost


def fixed_price_incentive(
    target_cost: float,
    target_fee: float,
    ceiling_price: float,
    buyer_share: float,
    actual_cost: float,
) -> dict[str, float]:
    """What the buyer pays and the seller earns under a fixed price incentive fee contract.

    The fee is the target fee plus the seller's share of the underrun (or minus
    its share of the overrun); the price is the actual cost plus that fee, capped
    at the ceiling price. The seller's profit is the price minus its actual cost,
    and goes negative once costs run far enough past the PTA.

    Example (the PTA example's contract, with the seller spending 90,000 and 130,000)::

        >>> fixed_price_incentive(100_000, 10_000, 120_000, 0.8, 90_000)
        {'fee': 12000.0, 'price': 102000.0, 'profit': 12000.0, 'capped': False}
        >>> fixed_price_incentive(100_000, 10_000, 120_000, 0.8, 130_000)
        {'fee': 4000.0, 'price': 120000.0, 'profit': -10000.0, 'capped': True}

    Parameters:
        target_cost, target_fee, ceiling_price, buyer_share: as in
            :func:`point_of_total_assumption`.
        actual_cost: what the seller actually spent.

    Returns ``fee`` (before the cap), ``price`` (what the buyer pays),
    ``profit`` (price - actual cost) and ``capped`` (whether the ceiling applied).
    """
    point_of_total_assumption(target_cost, target_fee, ceiling_price, buyer_share)
    actual = _amount("the actual cost", actual_cost, 0.0)
    fee = target_fee + (1 - buyer_share) * (target_cost - actual)
    uncapped = actual + fee
    price = min(uncapped, float(ceiling_price))
    return {
        "fee": round(fee, 6),
        "price": round(price, 6),
        "profit": round(price - actual, 6),
        "capped": uncapped > ceiling_price,
    }


def cost_plus_incentive(
    target_cost: float,
    target_fee: float,
    buyer_share: float,
    actual_cost: float,
    minimum_fee: float = 0.0,
    maximum_fee: float | None = None,
) -> dict[str, float]:
    """What the buyer pays under a cost plus incentive fee contract.

    The buyer reimburses the actual cost; the fee is the target fee plus the
    seller's share of the underrun (minus its share of the overrun), kept between
    the minimum and maximum fee.

    Example (target cost 100,000, target fee 8,000, ratio 70/30, fee between 4,000 and 12,000)::

        >>> cost_plus_incentive(100_000, 8_000, 0.7, 90_000, 4_000, 12_000)
        {'fee': 11000.0, 'price': 101000.0}
        >>> cost_plus_incentive(100_000, 8_000, 0.7, 120_000, 4_000, 12_000)
        {'fee': 4000.0, 'price': 124000.0}

    Parameters:
        target_cost: the cost both sides expect.
        target_fee: the fee at the target cost.
        buyer_share: the buyer's part of an overrun or underrun, as a fraction.
        actual_cost: the allowable cost actually incurred.
        minimum_fee: the lowest fee, whatever the overrun (default 0).
        maximum_fee: the highest fee, whatever the underrun (default: no maximum).
    """
    cost = _amount("the target cost", target_cost, 0.0)
    target = _amount("the target fee", target_fee, 0.0)
    seller = _seller_share(buyer_share)
    actual = _amount("the actual cost", actual_cost, 0.0)
    low = _amount("the minimum fee", minimum_fee, 0.0)
    high = math.inf if maximum_fee is None else _amount("the maximum fee", maximum_fee, 0.0)
    if not low <= target <= high:
        raise ValueError(
            f"the target fee ({target:g}) must lie between the minimum ({low:g}) "
            f"and the maximum fee ({high:g})"
        )
    fee = min(max(target + seller * (cost - actual), low), high)
    return {"fee": round(fee, 6), "price": round(actual + fee, 6)}


def cost_of_quality(costs: dict[str, float]) -> dict[str, float]:
    """Total the four cost-of-quality categories into conformance and non-conformance.

    Example::

        >>> cost_of_quality({"prevention": 20, "appraisal": 30,
        ...                  "internal failure": 40, "external failure": 60})
        {'conformance': 50.0, 'non-conformance': 100.0, 'total': 150.0, 'failure share': 0.6667}

    Parameters:
        costs: ``{category: amount}`` with categories from :data:`COQ_CATEGORIES`;
            a missing category counts as 0.

    Returns ``conformance`` (prevention + appraisal), ``non-conformance``
    (internal + external failure), ``total`` and ``failure share``
    (non-conformance / total, to 4 decimals; 0 when the total is 0).
    """
    if not isinstance(costs, dict):
        raise ValueError(f"give a dict of {{category: amount}}, got {costs!r}")
    for name, value in costs.items():
        if name not in COQ_CATEGORIES:
            raise ValueError(
                f"unknown cost-of-quality category {name!r}; use {', '.join(COQ_CATEGORIES)}"
            )
        _amount(f"the {name} cost", value, 0.0)
    good = float(costs.get("prevention", 0) + costs.get("appraisal", 0))
    bad = float(costs.get("internal failure", 0) + costs.get("external failure", 0))
    total = good + bad
    return {
        "conformance": good,
        "non-conformance": bad,
        "total": total,
        "failure share": round(bad / total, 4) if total else 0.0,
    }


__all__ = [
    "COQ_CATEGORIES",
    "cost_of_quality",
    "cost_plus_incentive",
    "fixed_price_incentive",
    "point_of_total_assumption",
]
