"""Incentive fees, the point of total assumption and the cost of quality."""

import doctest

import pytest

from course.pm import contracts
from course.pm.contracts import (
    cost_of_quality,
    cost_plus_incentive,
    fixed_price_incentive,
    point_of_total_assumption,
)


def test_docstring_examples():
    result = doctest.testmod(contracts)
    assert result.attempted > 0 and result.failed == 0


# Published worked example: Mulcahy, R. PMP Exam Prep, 8th ed. (RMC, 2013), procurement
# chapter, FPIF exercise, as quoted in full on the Simplilearn PMP forum thread "How to
# calculate the ceiling price" (2017): target cost 150,000, target fee 30,000, ceiling
# 200,000, share 60/40, actual cost 210,000 -> final fee 6,000, final price 216,000
# capped at the 200,000 ceiling, PTA 183,333.
def test_mulcahy_fpif_example():
    assert point_of_total_assumption(150_000, 30_000, 200_000, 0.6) == pytest.approx(
        183_333.33, abs=0.01
    )
    result = fixed_price_incentive(150_000, 30_000, 200_000, 0.6, 210_000)
    assert result["fee"] == 6_000
    assert result["price"] == 200_000 and result["capped"]
    assert result["profit"] == -10_000


# Hand-worked (course example, notebook 17): target cost 100,000, fee 10,000, ceiling
# 120,000, 80/20. PTA = (120,000 - 110,000) / 0.8 + 100,000 = 112,500.
def test_at_the_pta_the_price_reaches_the_ceiling_and_beyond_it_the_seller_pays_all():
    pta = point_of_total_assumption(100_000, 10_000, 120_000, 0.8)
    assert pta == 112_500
    at = fixed_price_incentive(100_000, 10_000, 120_000, 0.8, pta)
    assert at["price"] == pytest.approx(120_000) and not at["capped"]
    past = fixed_price_incentive(100_000, 10_000, 120_000, 0.8, pta + 1_000)
    assert past["price"] == 120_000 and past["profit"] == pytest.approx(at["profit"] - 1_000)


def test_fpif_underrun_rewards_the_seller_by_its_share():
    result = fixed_price_incentive(100_000, 10_000, 120_000, 0.8, 90_000)
    assert result == {"fee": 12_000, "price": 102_000, "profit": 12_000, "capped": False}


# Hand-worked CPIF: target cost 100,000, fee 8,000, 70/30, fee kept in 4,000-12,000.
@pytest.mark.parametrize(
    "actual, fee",
    [(100_000, 8_000), (90_000, 11_000), (80_000, 12_000), (110_000, 5_000), (120_000, 4_000)],
)
def test_cpif_fee_moves_with_the_seller_share_between_min_and_max(actual, fee):
    result = cost_plus_incentive(100_000, 8_000, 0.7, actual, 4_000, 12_000)
    assert result == {"fee": fee, "price": actual + fee}


def test_cost_of_quality_splits_conformance_and_failure():
    result = cost_of_quality({"prevention": 10, "appraisal": 15, "external failure": 75})
    assert result == {
        "conformance": 25.0,
        "non-conformance": 75.0,
        "total": 100.0,
        "failure share": 0.75,
    }
    assert cost_of_quality({})["failure share"] == 0.0


def test_bad_inputs_say_what_to_fix():
    with pytest.raises(ValueError, match="between 0 and 1"):
        point_of_total_assumption(100, 10, 120, 80)
    with pytest.raises(ValueError, match="below the target price"):
        point_of_total_assumption(100, 10, 105, 0.8)
    with pytest.raises(ValueError, match="between the minimum"):
        cost_plus_incentive(100, 20, 0.7, 100, 0, 10)
    with pytest.raises(ValueError, match="unknown cost-of-quality category 'rework'"):
        cost_of_quality({"rework": 5})
