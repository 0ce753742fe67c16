"""Communication channels and engagement gaps."""

import doctest

import pytest

from course.pm import stakeholders
from course.pm.stakeholders import channels, engagement_gaps


def test_docstring_examples():
    assert doctest.testmod(stakeholders).failed == 0


# PMBOK Guide, 6th ed. (PMI 2017), section 10.1.2.2: n(n - 1)/2 channels.
# Schwalbe, Information Technology Project Management, chapter 10: a team of
# 3 has 3 channels, 6 people have 15. Brooks, The Mythical Man-Month ch. 2:
# intercommunication grows as n(n - 1)/2, so 10 people need 45 channels.
@pytest.mark.parametrize("people, expected", [(0, 0), (1, 0), (3, 3), (6, 15), (10, 45)])
def test_channels(people, expected):
    assert channels(people) == expected


def test_adding_people_adds_channels_quadratically():
    assert channels(11) - channels(10) == 10


def test_engagement_gaps():
    gaps = engagement_gaps(
        {
            "sponsor": ("supportive", "leading"),
            "union": ("resistant", "neutral"),
            "x": ("leading", "supportive"),
        }
    )
    assert gaps == {"sponsor": 1, "union": 1, "x": -1}


def test_bad_input_says_what_to_fix():
    with pytest.raises(ValueError, match="whole number"):
        channels(2.5)
    with pytest.raises(ValueError, match="unknown level 'happy'"):
        engagement_gaps({"a": ("happy", "leading")})
