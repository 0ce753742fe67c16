"""The adoption curve and the benefits profile it drives."""

import doctest
import math

import pytest

from course.pm import adoption
from course.pm.adoption import adoption_benefits, adoption_curve


def test_docstring_examples():
    result = doctest.testmod(adoption)
    assert result.attempted > 0 and result.failed == 0


def test_curve_is_half_the_ceiling_at_the_midpoint_and_rises_towards_it():
    curve = adoption_curve(24, 10, 0.5, 0.9)
    assert curve[9] == pytest.approx(0.45)  # period 10 is the midpoint
    assert all(a < b for a, b in zip(curve, curve[1:], strict=False))
    assert curve[-1] < 0.9 and curve[-1] > 0.88


# Hand-worked: one period after the midpoint with steepness ln(3), the share is
# ceiling / (1 + 1/3) = 3/4 of the ceiling.
def test_curve_one_step_past_the_midpoint_by_hand():
    assert adoption_curve(3, 2, math.log(3))[2] == pytest.approx(0.75)


def test_benefits_follow_adopters_and_dip_with_new_ones():
    result = adoption_benefits([0.1, 0.4, 0.4], 200, 5, 2, 100, 0.4)
    assert result["adopters"] == [20, 80, 80]
    assert result["new_adopters"] == [20, 60, 0]
    assert result["benefit"] == [100, 400, 400]
    # dip 2 per new adopter; the old way (100) runs until 40 % have moved
    assert result["dis_benefit"] == [140, 120, 0]
    assert result["net"] == [-40, 280, 400]
    assert result["cumulative_net"] == [-40, 240, 640]


def test_slower_adoption_realises_less_benefit_over_the_same_months():
    fast = adoption_benefits(adoption_curve(12, 4, 1.0, 0.8), 1000, 10)
    slow = adoption_benefits(adoption_curve(12, 8, 1.0, 0.8), 1000, 10)
    assert slow["cumulative_net"][-1] < fast["cumulative_net"][-1]


def test_bad_inputs_say_what_to_fix():
    with pytest.raises(ValueError, match="never falls"):
        adoption_benefits([0.5, 0.3], 10, 1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        adoption_benefits([50], 10, 1)
    with pytest.raises(ValueError, match="ceiling"):
        adoption_curve(12, 6, 1, 80)
    with pytest.raises(ValueError, match="steepness"):
        adoption_curve(12, 6, 0)
