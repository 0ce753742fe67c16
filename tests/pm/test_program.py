"""Program calculations checked against published worked examples.

Roll-ups reproduce published totals from published per-item data; slip
propagation reproduces the published slack of textbook CPM networks (a slip
up to an activity's slack costs nothing, one more period delays the end by
one). No published numeric example of benefits tracking was found, so
``benefits`` is checked against hand-computed cases only.
"""

import pytest

from course.pm import benefits, propagate_slip, rollup
from course.pm.examples import (
    GENERAL_FOUNDRY,
    GENERAL_FOUNDRY_TABLE,
    TAYLOR_PROBLEM_5,
    TAYLOR_PROBLEM_5_TABLE,
    TAYLOR_WITH_DUMMY,
    TAYLOR_WITH_DUMMY_TABLE,
)

# Rita Mulcahy, *PMP Exam Prep*, the "build a fence" example: four sides of
# $1,000 each at the end of day 3 (side 4 not started). Published totals:
# BAC 4,000, PV 3,000, EV 2,500, AC 2,800, CV -300, SV -500, CPI .893, SPI .833.
FENCE_SIDES = [
    {"name": "Side 1", "bac": 1000, "pv": 1000, "ev": 1000, "ac": 1000},
    {"name": "Side 2", "bac": 1000, "pv": 1000, "ev": 1000, "ac": 1200},
    {"name": "Side 3", "bac": 1000, "pv": 1000, "ev": 500, "ac": 600},
    {"name": "Side 4", "bac": 1000, "pv": 0, "ev": 0, "ac": 0},
]

# Status report at the end of period 12 (amounts in $00) from a published
# homework solution (course IE 5411, "HW 9"): tasks 1-6 started, 7-8 not.
# Published totals: EV 148, AC 210, PV 158, CV -62, SV -10, BAC 248,
# CPI 0.7047, and a top-down EAC = BAC / CPI = 352.
STATUS_PERIOD_12 = [
    {"name": "Task 1", "bac": 8, "pv": 8, "ev": 8, "ac": 10},
    {"name": "Task 2", "bac": 40, "pv": 40, "ev": 40, "ac": 50},
    {"name": "Task 3", "bac": 30, "pv": 30, "ev": 30, "ac": 40},
    {"name": "Task 4", "bac": 20, "pv": 20, "ev": 20, "ac": 40},
    {"name": "Task 5", "bac": 40, "pv": 20, "ev": 20, "ac": 30},
    {"name": "Task 6", "bac": 60, "pv": 40, "ev": 30, "ac": 40},
    {"name": "Task 7", "bac": 20, "pv": 0, "ev": 0, "ac": 0},
    {"name": "Task 8", "bac": 30, "pv": 0, "ev": 0, "ac": 0},
]


def test_rollup_reproduces_fence_totals():
    r = rollup(FENCE_SIDES)
    assert (r["bac"], r["pv"], r["ev"], r["ac"]) == (4000, 3000, 2500, 2800)
    assert (r["cv"], r["sv"]) == (-300, -500)
    assert round(r["cpi"], 3) == 0.893
    assert round(r["spi"], 3) == 0.833
    # Bottom-up EAC (computed here, not published): 1000 + 1200 + 1200 + 1000.
    assert r["eac"] == pytest.approx(4400)
    assert r["etc"] == pytest.approx(1600)
    assert r["vac"] == pytest.approx(-400)


def test_rollup_reproduces_period_12_status_report():
    r = rollup(STATUS_PERIOD_12)
    assert (r["bac"], r["pv"], r["ev"], r["ac"]) == (248, 158, 148, 210)
    assert (r["cv"], r["sv"]) == (-62, -10)
    assert round(r["cpi"], 4) == 0.7048  # published 0.7047 (truncated)
    assert round(r["bac"] / r["cpi"]) == 352  # the published top-down EAC
    # Bottom-up: 10 + 50 + 40 + 40 + 60 + 80 + 20 + 30 (computed here).
    assert r["eac"] == pytest.approx(330)


def test_rollup_indices_weight_by_size_not_average():
    big = {"name": "Big", "bac": 900, "pv": 500, "ev": 400, "ac": 500}
    small = {"name": "Small", "bac": 100, "pv": 50, "ev": 50, "ac": 25}
    r = rollup([big, small])
    assert r["cpi"] == pytest.approx(450 / 525)
    assert r["cpi"] != pytest.approx((0.8 + 2.0) / 2)


@pytest.mark.parametrize(
    ("projects", "message"),
    [
        ([], "at least one project"),
        ([{"name": "X", "bac": 10, "pv": 5, "ev": 5}], "has no 'ac'"),
        ([{"name": "X", "bac": 10, "pv": 5, "ev": 0, "ac": 3}], "EV and AC must both be > 0"),
        ([{"name": "X", "bac": 10, "pv": 5, "ev": -1, "ac": 3}], "ev must be >= 0"),
        ([{"name": "X", "bac": 10, "pv": 0, "ev": 0, "ac": 0}], "PV > 0 and AC > 0"),
    ],
)
def test_rollup_errors(projects, message):
    with pytest.raises(ValueError, match=message):
        rollup(projects)


NETWORKS = [
    (GENERAL_FOUNDRY, GENERAL_FOUNDRY_TABLE, "H"),
    (TAYLOR_PROBLEM_5, TAYLOR_PROBLEM_5_TABLE, "5-6"),
    (TAYLOR_WITH_DUMMY, TAYLOR_WITH_DUMMY_TABLE, "8-9"),
]


@pytest.mark.parametrize(("network", "table", "last"), NETWORKS)
def test_slip_within_published_slack_costs_nothing(network, table, last):
    end = max(row[1] for row in table.values())
    assert sorted(table) == sorted(network)  # every task of the published table is slipped
    for task_id, (_, _, _, _, slack) in table.items():
        within = propagate_slip(network, {task_id: slack})
        beyond = propagate_slip(network, {task_id: slack + 1})
        assert max(r["finish"] for r in within.values()) == end, task_id
        assert max(r["finish"] for r in beyond.values()) == end + 1, task_id
        assert beyond[task_id]["delay"] == slack + 1


def test_general_foundry_slip_of_b_ripples_through_d_g_h():
    # B (slack 1) slips 2 weeks: D, G and H each finish one week late, while
    # A, C, E and F are untouched.
    r = propagate_slip(GENERAL_FOUNDRY, {"B": 2})
    assert {t: row["delay"] for t, row in r.items()} == {
        "A": 0,
        "B": 2,
        "C": 0,
        "D": 2,
        "E": 0,
        "F": 0,
        "G": 1,
        "H": 1,
    }
    assert r["H"] == {"start": 14, "finish": 16, "delay": 1}


def test_no_slip_changes_nothing():
    r = propagate_slip(GENERAL_FOUNDRY, {})
    assert all(row["delay"] == 0 for row in r.values())
    assert r["G"] == {"start": 8, "finish": 13, "delay": 0}


def test_two_slips_combine():
    r = propagate_slip(GENERAL_FOUNDRY, {"A": 1, "D": 3})
    # A+1 pushes C, E to 5-9; D+3 finishes at 10; G starts at 10, ends 15; H 15-17.
    assert r["G"]["start"] == 10
    assert r["H"] == {"start": 15, "finish": 17, "delay": 2}


@pytest.mark.parametrize(
    ("slips", "message"),
    [
        ({"Z": 1}, "unknown project 'Z'"),
        ({"A": -1}, "must be >= 0"),
        ({"A": "2"}, "finite number"),
        (["A"], "slips must be a dict"),
    ],
)
def test_slip_errors(slips, message):
    with pytest.raises(ValueError, match=message):
        propagate_slip(GENERAL_FOUNDRY, slips)


def test_benefits_partial_history():
    b = benefits([0, 10, 20, 30], [0, 5, 15])
    assert b == {
        "cumulative_plan": [0, 10, 30, 60],
        "cumulative_actual": [0, 5, 20],
        "variance": [0, -5, -10],
        "realised": 20,
        "planned_to_date": 30,
        "realisation": pytest.approx(2 / 3),
        "share_of_total": pytest.approx(1 / 3),
    }


def test_benefits_ahead_of_plan():
    b = benefits([100, 100], [120, 110])
    assert b["variance"] == [20, 30]
    assert b["realisation"] == pytest.approx(1.15)
    assert b["share_of_total"] == pytest.approx(1.15)


def test_benefits_before_any_planned_benefit():
    b = benefits([0, 0, 50], [0])
    assert b["realisation"] is None
    assert b["share_of_total"] == 0
    assert benefits([], [])["share_of_total"] is None


@pytest.mark.parametrize(
    ("plan", "actual", "message"),
    [
        ([10], [5, 5], "extend the plan"),
        ([10, -1], [5], "plan values must be >= 0"),
        ([10], [None], "finite number"),
    ],
)
def test_benefits_errors(plan, actual, message):
    with pytest.raises(ValueError, match=message):
        benefits(plan, actual)


def test_program_budget_adds_program_management_on_top_of_the_components():
    from course.pm import program_budget

    # the capstone's Harbourside program (exercises/capstone-budget.toml): 4.0 + 6 %
    got = program_budget(
        {"epr": 2.0, "app": 0.6, "training": 0.3, "booking": 0.2, "cloud": 0.9}, 0.06
    )
    assert got["components"] == pytest.approx(4.0)
    assert got["management"] == pytest.approx(0.24)
    assert got["total"] == pytest.approx(4.24)
    assert program_budget({}, 0.1) == {"components": 0, "management": 0, "total": 0}


@pytest.mark.parametrize(
    ("components", "share", "says"),
    [({"a": 1.0}, 1.5, "between 0 and 1"), ({"a": -1.0}, 0.1, "must be >= 0")],
)
def test_program_budget_refuses_what_is_not_a_budget(components, share, says):
    from course.pm import program_budget

    with pytest.raises(ValueError, match=says):
        program_budget(components, share)
