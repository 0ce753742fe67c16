"""Business-case calculators against published worked examples."""

import doctest
import random

import pytest

from course.pm import finance
from course.pm.finance import bcr, discounted_payback, irr, irr_all, npv, payback, roi


def test_docstring_examples():
    assert doctest.testmod(finance).failed == 0


# Microsoft Support, "NPV function" (Excel help), example 1: 10 % a year, an
# outlay of 10,000 one year from today, then 3,000, 4,200, 6,800 -> 1,188.44.
# Excel discounts its first value one period, hence the leading 0.
def test_npv_excel_help_example_1():
    assert npv(0.10, [0, -10_000, 3_000, 4_200, 6_800]) == pytest.approx(1_188.44, abs=0.005)


# Same page, example 2: 8 %, 40,000 invested now, returns 8,000, 9,200,
# 10,000, 12,000, 14,500 -> 1,922.06; with a 9,000 loss in year 6 -> -3,749.47.
def test_npv_excel_help_example_2():
    flows = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]
    assert npv(0.08, flows) == pytest.approx(1_922.06, abs=0.005)
    assert npv(0.08, [*flows, -9_000]) == pytest.approx(-3_749.47, abs=0.005)


# Microsoft Support, "IRR function": -70,000 then 12,000, 15,000, 18,000,
# 21,000 (-2.1 %), and with 26,000 in year 5 (8.7 %); two years: -44.4 %.
def test_irr_excel_help_example():
    assert irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]) == pytest.approx(0.0866, abs=5e-5)
    assert irr([-70_000, 12_000, 15_000, 18_000, 21_000]) == pytest.approx(-0.0212, abs=5e-5)
    assert irr([-70_000, 12_000, 15_000]) == pytest.approx(-0.4435, abs=5e-5)


def test_irr_is_the_rate_where_npv_is_zero():
    flows = [-1_000, 300, 400, 500, 200]
    assert npv(irr(flows), flows) == pytest.approx(0, abs=1e-6)


# Multi-root flows worked by hand. With y = 1 + rate, NPV * y**n is a polynomial
# in y, so flows built from (y - 1.05)(y - 1.10) have exactly the rates 5 % and 10 %:
# -(y - 1.05)(y - 1.10) = -y**2 + 2.15 y - 1.155, scaled by 100 -> [-100, 215, -115.5].
# Both roots lie in one step of the old search grid, which then reported no rate.
@pytest.mark.parametrize(
    "flows, rates",
    [
        ([-100, 215, -115.5], [0.05, 0.10]),
        ([-100, 230, -132], [0.10, 0.20]),
        # -(y - 1.1)(y - 1.2)(y - 1.3) = -y**3 + 3.6 y**2 - 4.31 y + 1.716: three sign changes
        ([-1_000, 3_600, -4_310, 1_716], [0.10, 0.20, 0.30]),
        # Lorie and Savage (1955), the oil pump: 1,600 now, 10,000 in a year, -10,000 after
        ([-1_600, 10_000, -10_000], [0.25, 4.00]),
        # -(y - 1.1)**2: the NPV touches zero at 10 % without crossing it
        ([-100, 220, -121], [0.10]),
        # -100 + 100 x - 100 x**2 < 0 for every x: no rate at all
        ([-100, 100, -100], []),
    ],
)
def test_irr_all_finds_every_root_of_hand_worked_flows(flows, rates):
    found = irr_all(flows)
    assert found == pytest.approx(rates, abs=1e-9)
    if rates:
        assert irr(flows) == pytest.approx(rates[0], abs=1e-9)


def test_irr_with_no_root_says_to_use_npv():
    with pytest.raises(ValueError, match="judge this project by its NPV"):
        irr([-100, 100, -100])


def test_irr_is_the_lowest_of_two_roots_in_a_thousand_built_cases():
    # Flows built from two known rates a < b (a quadratic in y = 1 + rate, any scale
    # and sign), 1,000 cases seeded: irr() must give a and irr_all() both.
    rng = random.Random(18)
    checked = 0
    for _ in range(1_000):
        a, b = sorted(rng.uniform(-0.5, 3.0) for _ in range(2))
        if b - a < 1e-3:
            continue
        checked += 1
        scale = rng.choice([-1, 1]) * rng.uniform(1, 10_000)
        flows = [scale, -scale * (2 + a + b), scale * (1 + a) * (1 + b)]
        assert irr(flows) == pytest.approx(a, abs=1e-7), flows
        assert irr_all(flows) == pytest.approx([a, b], abs=1e-7), flows
    assert checked > 990  # only pairs of nearly equal roots are left out


# Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, chapter 9,
# concept question 9.1 and its answer: 200 invested, then 50, 60, 70, 200;
# payback 3.10 years; at 10 %, discounted payback about 3.38 years (3 + 52.37
# / 136.60) and NPV 84.23.
def test_payback_and_discounted_payback_rwj_9_1():
    flows = [-200, 50, 60, 70, 200]
    assert payback(flows) == pytest.approx(3.10, abs=0.005)
    assert discounted_payback(0.10, flows) == pytest.approx(3.38, abs=0.005)
    assert npv(0.10, flows) == pytest.approx(84.23, abs=0.01)


# Same book, end-of-chapter problem "Calculating Discounted Payback": inflows
# 2,800, 3,700, 5,100, 4,300 at 14 %; initial cost 5,200 -> 1.96 years,
# 5,400 -> 2.03 years, 10,400 -> 3.65 years.
@pytest.mark.parametrize("cost, years", [(5_200, 1.96), (5_400, 2.03), (10_400, 3.65)])
def test_discounted_payback_rwj_problem(cost, years):
    assert discounted_payback(0.14, [-cost, 2_800, 3_700, 5_100, 4_300]) == pytest.approx(
        years, abs=0.005
    )


def test_payback_is_none_when_never_recovered():
    assert payback([-100, 10, 10]) is None
    assert discounted_payback(0.5, [-100, 60, 60]) is None


# Demski Group, "ROI calculator" (read November 2026): savings of 900 a
# year against a 10,000 project -> ROI -91 %. Coursera, "Cost benefit
# analysis" (Six Sigma: Improve and Control): a 50,000 first-year gain on a
# 75,000 improvement -> 67 % (benefits 125,000 against costs of 75,000).
def test_roi_published_examples():
    assert roi(900, 10_000) == pytest.approx(-0.91)
    assert roi(75_000 + 50_000, 75_000) == pytest.approx(0.667, abs=0.0005)


# Sullivan, Wicks & Koelling, Engineering Economy (worked example on
# disbenefits, as reproduced by holooly.com): PV benefits 75, disbenefit 15,
# costs 55 (USD millions) -> B/C 1.09 with the disbenefit netted from the
# benefits, 1.07 with it counted as a cost.
def test_bcr_with_a_disbenefit():
    assert bcr(0.0, [75 - 15], [55]) == pytest.approx(1.09, abs=0.005)
    assert bcr(0.0, [75], [55 + 15]) == pytest.approx(1.07, abs=0.005)


# Keller, G., "Calculating your return on investment", CorrDefense, summer
# 2006: 1,000 a year for five years at 7 % is worth about 4,100 today, so a
# 2,000 investment returns about 2.05 per unit invested (2.5 undiscounted).
def test_bcr_discounted_benefits():
    assert bcr(0.07, [0, 1_000, 1_000, 1_000, 1_000, 1_000], [2_000]) == pytest.approx(
        2.05, abs=0.005
    )
    assert bcr(0.0, [0, 1_000, 1_000, 1_000, 1_000, 1_000], [2_000]) == pytest.approx(2.5)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: npv(0.1, []), "non-empty list"),
        (lambda: npv(-1.5, [1]), "above -1"),
        (lambda: npv(0.1, [1, "x"]), "cash flow 1"),
        (lambda: irr([100, 200]), "outlay"),
        (lambda: roi(10, 0), "above zero"),
    ],
)
def test_bad_input_says_what_to_fix(call, words):
    with pytest.raises(ValueError, match=words):
        call()
