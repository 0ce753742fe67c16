"""Figures of the management-work notebooks: right artists, readable text inside the frame."""

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from course import figures  # noqa: E402
from course.pm.examples import GENERAL_FOUNDRY  # noqa: E402

MIN_POINTS = 7.5  # smallest text size, in points at the figure's own size (100 dpi)


def artists(fig: Figure, prefix: str) -> dict[str, object]:
    found = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix + ":")):
        found[artist.get_gid().split(":", 1)[1]] = artist
    return found


def undrawn_tick_labels(fig: Figure) -> set[int]:
    """Tick labels matplotlib keeps for ticks outside the view: they are never drawn."""
    skipped = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    skipped |= {id(tick.label1), id(tick.label2)}
    return skipped


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


MADE = {
    "risk_matrix": lambda: figures.risk_matrix(
        [
            {"id": "R1", "probability": 0.7, "impact": 0.4},
            {"id": "R2", "probability": 0.9, "impact": 0.8},
            {"id": "O1", "probability": 0.7, "impact": 0.4},
        ]
    ),
    "decision_tree": lambda: figures.decision_tree(
        {
            "decision": {
                "build new plant": {"chance": [[0.6, 80], [0.4, -30]]},
                "upgrade plant": {"chance": [[0.6, 70], [0.4, 10]]},
            }
        },
        unit="m",
    ),
    "power_interest": lambda: figures.power_interest(
        {"Sponsor": (9.5, 9.5), "Press": (0.5, 0.5), "Nurses": (8, 2), "Regulator": (3, 8)}
    ),
    "cash_flow": lambda: figures.cash_flow([-200, 50, 60, 70, 200], rate=0.1),
    "burn_up": lambda: figures.burn_up([20, 25, 18, 22, 24], [150, 150, 160, 160, 170]),
    "pert_curve": lambda: figures.pert_curve(15, 1.76, deadline=16),
    "resource_profile": lambda: figures.resource_profile(
        {t: {**spec, "people": 2} for t, spec in GENERAL_FOUNDRY.items()}, {"F": 6}, limit=6
    ),
    "stage_gates": lambda: figures.stage_gates(
        ["Business case", "Plan", "Deliver", "Transition", "Close"],
        ["Portfolio board", "Steering committee", "Steering committee", "Benefit owner accepts"],
    ),
}


def unreadable(fig: Figure) -> list[str]:
    """Texts drawn outside the figure or smaller than MIN_POINTS, described."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    frame, skipped, problems = fig.bbox, undrawn_tick_labels(fig), []
    for text in fig.findobj(Text):
        if id(text) in skipped or not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if (
            box.x0 < frame.x0 - 1
            or box.y0 < frame.y0 - 1
            or box.x1 > frame.x1 + 1
            or box.y1 > frame.y1 + 1
        ):
            problems.append(f"{text.get_text()!r} lies outside the figure")
        if text.get_fontsize() < MIN_POINTS:
            problems.append(f"{text.get_text()!r} is smaller than {MIN_POINTS} pt")
    return problems


@pytest.mark.parametrize("name", sorted(MADE))
def test_renders_with_every_label_inside_the_figure_and_readable(name):
    fig = MADE[name]()
    assert isinstance(fig, Figure)
    assert unreadable(fig) == []
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_the_check_catches_a_label_outside_and_a_tiny_one():
    fig = figures.cash_flow([-10, 20])
    fig.axes[0].text(1.4, 0.5, "far right", transform=fig.axes[0].transAxes)
    fig.axes[0].text(0.5, 0.5, "tiny", fontsize=5, transform=fig.axes[0].transAxes)
    assert unreadable(fig) == [
        "'far right' lies outside the figure",
        "'tiny' is smaller than 7.5 pt",
    ]


def test_risk_matrix_colours_cells_by_score_and_groups_risks_in_a_cell():
    fig = MADE["risk_matrix"]()
    cells = artists(fig, "cell")
    assert len(cells) == 25
    assert cells["0.9x0.8"].get_hatch() == "xx"  # 0.72: high
    assert cells["0.5x0.1"].get_hatch() == ".."  # 0.05: medium
    assert cells["0.1x0.05"].get_hatch() in ("", None)  # 0.005: low
    assert set(artists(fig, "risk")) == {"R1,O1", "R2"}
    assert "H 0.72" in texts(fig)


def test_risk_matrix_rejects_ratings_off_the_scale():
    with pytest.raises(ValueError, match="not on the matrix's scale"):
        figures.risk_matrix([{"id": "X", "probability": 0.4, "impact": 0.4}])


def test_decision_tree_shows_rolled_back_values_and_the_chosen_branch():
    fig = MADE["decision_tree"]()
    shown = texts(fig)
    assert "EMV 46m" in shown and "EMV 36m" in shown and "-30m" in shown
    bold = [b for b in artists(fig, "branch").values() if b.get_linewidth() > 2]
    assert len(bold) == 1 and list(bold[0].get_ydata())[-1] == 2.5  # the upgrade branch
    with pytest.raises(ValueError, match="add up to"):
        figures.decision_tree({"chance": [[0.5, 1], [0.2, 2]]})


def test_power_interest_places_names_and_names_the_quadrants():
    fig = MADE["power_interest"]()
    assert set(artists(fig, "quadrant")) == {
        "manage-closely",
        "keep-satisfied",
        "keep-informed",
        "monitor",
    }
    point = artists(fig, "point")["Nurses"]
    assert list(point.get_xdata()) == [8] and list(point.get_ydata()) == [2]
    with pytest.raises(ValueError, match="0-10 scale"):
        figures.power_interest({"X": (11, 2)})


def test_cash_flow_lines_and_payback_marks():
    fig = MADE["cash_flow"]()
    lines = {line.get_gid(): line for line in fig.axes[0].lines}
    assert list(lines["cumulative"].get_ydata()) == [-200, -150, -90, -20, 180]
    assert lines["discounted"].get_ydata()[-1] == pytest.approx(84.236, abs=0.001)
    assert "mark:payback" in lines and "mark:discounted payback" in lines
    assert any("3.10" in t for t in texts(fig)) and any("3.38" in t for t in texts(fig))


def test_cash_flow_without_payback_draws_no_mark():
    fig = figures.cash_flow([-100, 10, 10])
    assert not [line for line in fig.axes[0].lines if (line.get_gid() or "").startswith("mark")]


def test_burn_up_cone_between_slowest_and_fastest_velocity():
    fig = MADE["burn_up"]()
    done = {line.get_gid(): line for line in fig.axes[0].lines}["done"]
    assert list(done.get_ydata()) == [0, 20, 45, 63, 85, 109]
    joined = " ".join(texts(fig))
    # 61 points left at 25 (fastest) -> 3 sprints, at 18 (slowest) -> 4 sprints.
    assert "sprint 8" in joined and "sprint 9" in joined and "61 points to go" in joined
    with pytest.raises(ValueError, match="one per sprint"):
        figures.burn_up([10, 10], [50])


def test_pert_curve_shades_the_chance_of_meeting_the_deadline():
    fig = MADE["pert_curve"]()
    assert any("P(done by 16) = 72%" in t for t in texts(fig))
    assert artists(fig, "area")


def test_resource_profile_stacks_people_and_refuses_delays_beyond_slack():
    fig = MADE["resource_profile"]()
    use = artists(fig, "use")
    # F (slack 6) delayed by 6 runs in periods 10-12 instead of 4-6.
    assert use["F:4"].get_height() == 0 and use["F:10"].get_height() == 2
    with pytest.raises(ValueError, match="slack"):
        figures.resource_profile(GENERAL_FOUNDRY, {"F": 7})


def test_stage_gates_draws_a_gate_between_phases():
    fig = MADE["stage_gates"]()
    assert len(artists(fig, "phase")) == 5 and len(artists(fig, "gate")) == 4
    with pytest.raises(ValueError, match="need 2 gates"):
        figures.stage_gates(["a", "b", "c"], ["x"])


def test_risk_matrix_cell_labels_agree_with_the_legend_and_tell_scores_apart():
    from course.figures.risk import HIGH, LOW

    fig = figures.risk_matrix()
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_text()[:2] in ("H ", "M ", "L ")]
    assert len(labels) == 25
    for label in labels:
        letter, number = label.split()
        value = float(number)
        assert letter == ("H" if value >= HIGH else "M" if value >= LOW else "L"), label
    assert "L 0.045" in labels and "M 0.05" in labels  # 0.9 x 0.05 is below 0.05
    assert "L 0.025" in labels and "L 0.035" in labels  # no longer both "0.03"
