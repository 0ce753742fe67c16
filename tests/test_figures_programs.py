"""Figures of notebooks 15-19: artists drawn from the calculators, text inside and readable."""

import matplotlib
import pytest

matplotlib.use("Agg")

from course import figures, pm  # noqa: E402
from tests.test_figures_management import artists, texts, unreadable  # noqa: E402

ADOPTION = [0.1, 0.4, 0.7, 0.8]
RUNS = pm.simulate(
    {
        "A": {"duration": [4, 6, 10], "after": []},
        "B": {"duration": [3, 6, 12], "after": []},
        "C": {"duration": [2, 3, 5], "after": ["A", "B"]},
    },
    2000,
    1,
)["duration"]

MADE = {
    "adoption_profile": lambda: figures.adoption_profile(
        ADOPTION, pm.adoption_benefits(ADOPTION, 100, 1, 0.5, 10, 0.7)
    ),
    "incentive_contract": lambda: figures.incentive_contract(100, 10, 120, 0.8),
    "roadmap": lambda: figures.roadmap(
        {
            "Tranche 1": {"components": {"EPR": (0, 9), "Training": (6, 9)}, "gate": "Gate 1"},
            "Tranche 2": {"components": {"App": (9, 15)}, "gate": "Gate 2"},
        }
    ),
    "simulation_histogram": lambda: figures.simulation_histogram(RUNS, pert_mean=9.5, target=10),
}


@pytest.mark.parametrize("name", sorted(MADE))
def test_renders_with_every_label_inside_the_figure_and_readable(name):
    fig = MADE[name]()
    assert unreadable(fig) == []
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_adoption_profile_draws_the_calculator_values():
    fig = MADE["adoption_profile"]()
    top, bottom = fig.axes
    line = next(line for line in top.lines if line.get_gid() == "adoption")
    assert list(line.get_ydata()) == pytest.approx([10, 40, 70, 80])
    net = next(line for line in bottom.lines if line.get_gid() == "net")
    profile = pm.adoption_benefits(ADOPTION, 100, 1, 0.5, 10, 0.7)
    assert list(net.get_ydata()) == profile["net"]
    with pytest.raises(ValueError, match="one value per period"):
        figures.adoption_profile([0.1, 0.2], profile)


def test_incentive_contract_marks_the_pta_and_caps_the_price():
    fig = MADE["incentive_contract"]()
    assert "PTA 112.5" in texts(fig)
    price = next(line for line in fig.axes[0].lines if line.get_gid() == "price")
    assert max(price.get_ydata()) == pytest.approx(120)


def test_roadmap_one_bar_per_component_and_a_gate_per_tranche():
    fig = MADE["roadmap"]()
    assert set(artists(fig, "bar")) == {"EPR", "Training", "App"}
    assert set(artists(fig, "gate")) == {"0", "1"}
    with pytest.raises(ValueError, match="start < end"):
        figures.roadmap({"T": {"components": {"X": (5, 2)}}})


def test_simulation_histogram_marks_p50_p80_and_pert():
    fig = MADE["simulation_histogram"]()
    marks = artists(fig, "mark")
    assert set(marks) == {"P50", "P80", "PERT"}
    assert marks["P80"].get_xdata()[0] == pm.percentile(RUNS, 80)
    assert any(f"P50 {pm.percentile(RUNS, 50):,.1f}" == t for t in texts(fig))
    assert any("runs at or below 10" in t for t in texts(fig))
