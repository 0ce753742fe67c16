"""Earned value metrics checked against published worked examples."""

import pytest

from course.pm import cumulative, earned_value, earned_value_by_period, tcpi_to_eac


def test_mulcahy_fence_example():
    """Rita Mulcahy, *PMP Exam Prep*, earned value chapter ("build a fence").

    A four-sided fence, $1,000 and one day per side; at the end of day 3 sides
    1 and 2 are done ($1,000 and $1,200 spent) and side 3 is half done ($600).
    Published: PV 3,000, EV 2,500, AC 2,800, BAC 4,000, CV -300, CPI .893,
    SV -500, SPI .833, EAC 4,479, ETC 1,679, VAC -479. The book's EAC uses CPI
    rounded to .893; unrounded, EAC = 4,000 x 2,800 / 2,500 = 4,480 exactly.
    """
    m = earned_value(bac=4000, pv=3000, ev=2500, ac=2800)
    assert m["cv"] == -300
    assert m["sv"] == -500
    assert round(m["cpi"], 3) == 0.893
    assert round(m["spi"], 3) == 0.833
    assert m["eac"] == pytest.approx(4480)
    assert abs(m["eac"] - 4479) <= 1  # the published value, from the rounded CPI
    assert m["etc"] == pytest.approx(1680)
    assert m["vac"] == pytest.approx(-480)
    assert m["tcpi"] == pytest.approx(1500 / 1200)


def test_schwalbe_exercise_one_year_project():
    """Kathy Schwalbe, *Information Technology Project Management*, chapter 7
    "Project Cost Management", exercise 1 (a one-year project; this edition's
    numbers): PV $23,000, EV $20,000, AC $25,000, BAC $120,000.
    Answers: CV -5,000, SV -3,000, CPI 0.80, SPI 0.87, EAC = BAC / CPI = 150,000.
    """
    m = earned_value(bac=120_000, pv=23_000, ev=20_000, ac=25_000)
    assert m["cv"] == -5_000
    assert m["sv"] == -3_000
    assert m["cpi"] == pytest.approx(0.8)
    assert round(m["spi"], 2) == 0.87
    assert m["eac"] == pytest.approx(150_000)
    assert m["etc"] == pytest.approx(125_000)
    assert m["vac"] == pytest.approx(-30_000)
    assert m["tcpi"] == pytest.approx(100_000 / 95_000)


def test_schwalbe_exercise_six_month_project():
    """Schwalbe, same exercise in another edition: a six-month project three
    months in, BAC $200,000, PV $120,000, EV $100,000, AC $90,000.
    Answers: CV 10,000, SV -20,000, CPI 1.11, SPI 0.83, EAC = 200,000 / 1.11
    = about 180,000 (exactly 180,000 with the unrounded CPI).
    """
    m = earned_value(bac=200_000, pv=120_000, ev=100_000, ac=90_000)
    assert m["cv"] == 10_000
    assert m["sv"] == -20_000
    assert round(m["cpi"], 2) == 1.11
    assert round(m["spi"], 2) == 0.83
    assert m["eac"] == pytest.approx(180_000)
    assert m["vac"] == pytest.approx(20_000)


def test_on_plan_project_has_unit_indices():
    m = earned_value(bac=1000, pv=500, ev=500, ac=500)
    assert m == {
        "cv": 0,
        "sv": 0,
        "cpi": 1.0,
        "spi": 1.0,
        "eac": 1000.0,
        "etc": 500.0,
        "vac": 0.0,
        "tcpi": 1.0,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1000, 500, 500, 0), "AC must be > 0"),
        ((1000, 0, 500, 400), "PV must be > 0"),
        ((1000, 500, 0, 400), "EV must be > 0"),
        ((0, 500, 500, 400), "BAC must be > 0"),
        ((1000, 1200, 500, 400), r"PV \(1200\) cannot exceed BAC"),
        ((1000, 500, 500, 1000), "AC equals BAC"),
        ((1000, 500, "500", 400), "EV must be a finite number"),
    ],
)
def test_bad_inputs_are_explained(args, message):
    with pytest.raises(ValueError, match=message):
        earned_value(*args)


def test_overspent_project_has_negative_tcpi():
    # The BAC-based TCPI is meaningless here (documented); tcpi_to_eac is the one to use.
    assert earned_value(bac=1000, pv=900, ev=800, ac=1100)["tcpi"] == pytest.approx(-2.0)


def test_tcpi_against_a_revised_eac():
    # 200 of work left, 300 of money left under the revised EAC of 1,400.
    assert tcpi_to_eac(bac=1000, ev=800, ac=1100, eac=1400) == pytest.approx(200 / 300)
    # With EAC = BAC / CPI the EAC-based TCPI is the CPI itself.
    m = earned_value(bac=1000, pv=900, ev=800, ac=1100)
    assert tcpi_to_eac(1000, 800, 1100, m["eac"]) == pytest.approx(m["cpi"])
    with pytest.raises(ValueError, match="must exceed AC"):
        tcpi_to_eac(bac=1000, ev=800, ac=1100, eac=1000)


def test_cumulative():
    assert cumulative([]) == []
    assert cumulative([1, 2, 3.5]) == [1, 3, 6.5]


def test_earned_value_by_period_uses_cumulative_values():
    rows = earned_value_by_period(100, pv=[10, 20, 30, 40], ev=[10, 15], ac=[10, 20])
    assert [r["period"] for r in rows] == [1, 2]
    assert rows[1]["pv"] == 30 and rows[1]["ev"] == 25 and rows[1]["ac"] == 30
    assert rows[1]["cpi"] == pytest.approx(25 / 30)
    assert rows[1]["spi"] == pytest.approx(25 / 30)


def test_earned_value_by_period_checks_lengths():
    with pytest.raises(ValueError, match="same periods"):
        earned_value_by_period(100, [10, 20], [10], [10, 5])
    with pytest.raises(ValueError, match="cannot run past the plan"):
        earned_value_by_period(100, [10], [10, 5], [10, 5])
