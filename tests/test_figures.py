"""Figure helpers: each returns a Figure with the expected artists."""

import subprocess
import sys

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course import figures  # noqa: E402
from course.pm.examples import GENERAL_FOUNDRY  # noqa: E402

PROGRAM = {
    "Data": {"duration": 4, "after": []},
    "Dashboards": {"duration": 3, "after": ["Data"]},
    "Training": {"duration": 2, "after": ["Dashboards"]},
    "Process": {"duration": 5, "after": []},
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def artists(fig: Figure, prefix: str) -> dict[str, object]:
    """Artists whose gid starts with ``prefix:``, by the rest of the gid."""
    found = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix + ":")):
        found[artist.get_gid().split(":", 1)[1]] = artist
    return found


def face(artist) -> str:
    return to_hex(artist.get_facecolor(), keep_alpha=False)


def test_import_course_figures_does_not_load_matplotlib():
    code = (
        "import sys, course, course.figures, course.pm; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_hierarchy_draws_one_box_per_node_and_one_line_per_link():
    tree = {
        "Portfolio: Growth": {
            "Program: Digital sales": ["Project A", "Project B"],
            "Standalone project X": [],
        }
    }
    fig = figures.hierarchy(tree)
    assert isinstance(fig, Figure)
    assert set(artists(fig, "portfolio")) == {"Portfolio: Growth"}
    assert set(artists(fig, "program")) == {"Program: Digital sales"}
    assert set(artists(fig, "project")) == {"Project A", "Project B", "Standalone project X"}
    assert len(fig.findobj(lambda a: a.get_gid() == "link")) == 4
    assert fig.axes[0].get_legend() is not None


def test_hierarchy_rejects_bad_values():
    with pytest.raises(ValueError, match="hierarchy"):
        figures.hierarchy({"Portfolio": 3})


def test_ladder_colours_rungs_by_correctness():
    rungs = ["Coordinator", "Project manager", "Program manager"]
    fig = figures.ladder(rungs, correct=[True, False, True], title="Your ladder")
    bars = artists(fig, "rung")
    assert len(bars) == 3
    assert face(bars["0"]) == figures.GREEN
    assert face(bars["1"]) == figures.VERMILLION
    ax = fig.axes[0]
    assert ax.get_title() == "Your ladder"
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("\u2713") == 2 and texts.count("\u2717") == 1
    # First rung at the bottom: lowest y.
    assert bars["0"].get_y() < bars["2"].get_y()


def test_ladder_without_flags_and_checks_lengths():
    fig = figures.ladder(["a", "b"])
    assert {face(b) for b in artists(fig, "rung").values()} == {figures.NORMAL}
    with pytest.raises(ValueError, match="2 rungs but 1"):
        figures.ladder(["a", "b"], correct=[True])


def test_ladder_draws_into_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    assert figures.ladder(["a", "b"], ax=ax) is fig


def test_gantt_highlights_critical_tasks_and_slack():
    fig = figures.gantt(GENERAL_FOUNDRY)
    tasks = artists(fig, "task")
    assert len(tasks) == 8
    critical = {t for t, bar in tasks.items() if face(bar) == figures.CRITICAL}
    assert critical == {"A", "C", "E", "G", "H"}
    slack = artists(fig, "slack")
    assert set(slack) == {"B", "D", "F"}
    assert slack["F"].get_width() == 6 and slack["F"].get_x() == 7
    assert fig.axes[0].get_xlabel() and fig.axes[0].get_title()


def test_network_has_a_node_per_task_and_an_edge_per_dependency():
    fig = figures.network(GENERAL_FOUNDRY)
    nodes = artists(fig, "node")
    edges = artists(fig, "edge")
    assert len(nodes) == 8
    assert len(edges) == sum(len(t["after"]) for t in GENERAL_FOUNDRY.values())
    thick = {n for n, box in nodes.items() if box.get_linewidth() > 2}
    assert thick == {"A", "C", "E", "G", "H"}
    red_edges = {e for e, a in edges.items() if to_hex(a.get_edgecolor()) == figures.CRITICAL}
    assert red_edges == {"A->C", "C->E", "E->G", "G->H"}


def test_s_curve_plots_cumulative_series_and_bac():
    fig = figures.s_curve([10, 20, 30], [8, 15], [10, 20], bac=60)
    lines = {line.get_gid(): line for line in fig.axes[0].lines}
    assert list(lines["pv"].get_ydata()) == [0, 10, 30, 60]
    assert list(lines["ev"].get_ydata()) == [0, 8, 23]
    assert list(lines["ac"].get_ydata()) == [0, 10, 30]
    assert "bac" in lines and "status" in lines
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("EV" in label for label in labels)


def test_s_curve_accepts_cumulative_values():
    fig = figures.s_curve([10, 30], [8, 23], [10, 30], cumulative=True)
    lines = {line.get_gid(): line for line in fig.axes[0].lines}
    assert list(lines["ev"].get_ydata()) == [0, 8, 23]
    assert "bac" not in lines


def test_program_timeline_planned_and_slipped_bars():
    fig = figures.program_timeline(PROGRAM, {"Data": 2})
    planned = artists(fig, "planned")
    slipped = artists(fig, "slipped")
    assert set(planned) == set(slipped) == set(PROGRAM)
    late = {p for p, bar in slipped.items() if face(bar) == figures.VERMILLION}
    assert late == {"Data", "Dashboards", "Training"}
    assert slipped["Training"].get_x() + slipped["Training"].get_width() == 11
    assert "9 \u2192 11" in fig.axes[0].get_title()


def test_program_timeline_without_slips_has_planned_bars_only():
    fig = figures.program_timeline(PROGRAM)
    assert len(artists(fig, "planned")) == 4
    assert artists(fig, "slipped") == {}


def test_benefits_chart_lines():
    fig = figures.benefits_chart([0, 10, 20, 30], [0, 5, 15])
    lines = {line.get_gid(): line for line in fig.axes[0].lines}
    assert list(lines["plan"].get_ydata()) == [0, 10, 30, 60]
    assert list(lines["actual"].get_ydata()) == [0, 5, 20]
    assert "67%" in fig.axes[0].get_title()


def test_progress_chart_two_bars_per_notebook():
    rows = [
        {"notebook": "01-intro", "done": 3, "total": 4, "score": 2.5, "max": 5.0},
        {"notebook": "02-roles", "done": 0, "total": 0, "score": 0.0, "max": 0.0},
    ]
    fig = figures.progress_chart(rows)
    done = artists(fig, "done")
    score = artists(fig, "score")
    assert done["01-intro"].get_width() == 75
    assert score["01-intro"].get_width() == 50
    assert done["02-roles"].get_width() == 0
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["01-intro", "02-roles"]


def test_every_figure_renders_with_agg(tmp_path):
    made = [
        figures.hierarchy({"P": {"Q": ["R"]}}),
        figures.ladder(["a"]),
        figures.gantt(GENERAL_FOUNDRY),
        figures.network(GENERAL_FOUNDRY),
        figures.s_curve([1, 2], [1], [1]),
        figures.program_timeline(PROGRAM, {"Process": 1}),
        figures.benefits_chart([1, 2], [1]),
        figures.progress_chart([]),
    ]
    sizes = []
    for i, fig in enumerate(made):
        fig.savefig(tmp_path / f"{i}.png")
        sizes.append((tmp_path / f"{i}.png").stat().st_size)
    assert len(sizes) == 8 and min(sizes) > 1000, sizes


def test_new_figures_show_themselves_as_png_without_pyplot():
    fig = figures.ladder(["a", "b"])
    assert fig._repr_png_().startswith(b"\x89PNG")
    import matplotlib.pyplot as plt

    assert fig not in [plt.figure(n) for n in plt.get_fignums()]


# --- every figure: text inside the figure, and large enough to read ------------------

# A figure is shown at its own size (100 dpi) unless it is wider than the notebook's
# output area, when the browser scales it down to fit. 800 px is the output width of
# JupyterLab's notebook on a 1280-px laptop screen with the file browser open.
DISPLAY_WIDTH_PX = 800
DPI = 100
MIN_TEXT_PX = 11  # rendered font size in screen pixels: 8 pt at 100 % scale


def docstring_example(function) -> str:
    """The ``>>> fig = ...`` example of a figure function, as runnable source."""
    lines = (function.__doc__ or "").splitlines()
    source = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(">>> ") or (source and stripped.startswith("...")):
            source.append(stripped[4:])
    return "\n".join(source)


def figure_functions() -> list[str]:
    return [name for name in figures.__all__ if name.islower()]


def realistic_figures() -> dict[str, Figure]:
    """The figures as the notebooks draw them, with the notebooks' data."""
    from course.pm.examples import GENERAL_FOUNDRY as foundry

    program = {
        "platform": {"duration": 6, "after": []},
        "portal": {"duration": 4, "after": ["platform"]},
        "app": {"duration": 5, "after": ["platform"]},
        "training": {"duration": 3, "after": ["portal"]},
        "migration": {"duration": 2, "after": ["portal"]},
        "launch": {"duration": 1, "after": ["app", "training", "migration"]},
    }
    return {
        "network-foundry": figures.network(foundry),
        "gantt-foundry": figures.gantt(foundry),
        "network-program": figures.network(program),
        "timeline-platform-slip": figures.program_timeline(program, {"platform": 2}),
        "timeline-app-slip": figures.program_timeline(program, {"app": 2}),
        "s-curve": figures.s_curve(
            [5, 8, 10, 12, 15, 15, 12, 10, 8, 5], [4, 7, 9, 10, 11, 12], [5, 8, 11, 12, 13, 14], 100
        ),
        "benefits": figures.benefits_chart([10, 20, 40, 60, 80, 80], [6, 12, 30]),
        "hierarchy": figures.hierarchy(
            {
                "Portfolio: Retail growth 2027": {
                    "Program: Digital sales": [
                        "New checkout",
                        "Warehouse automation",
                        "Customer database",
                    ],
                    "Program: Store refresh": ["Store redesign", "Staff training"],
                    "Standalone project: Head-office move": [],
                }
            }
        ),
        "ladders": figures.ladders(
            [
                "Project coordinator",
                "Assistant project manager",
                "Project manager",
                "Senior project manager",
            ],
            [
                "Program coordinator / PMO analyst",
                "Program manager",
                "Senior program manager",
                "Portfolio manager",
            ],
            ("Project ladder", "Program ladder"),
        ),
        "experience": figures.experience_chart(
            {
                "CAPM": {},
                "PMP": {"leading projects": 36},
                "PgMP": {"project management (or a PMP)": 48, "program management": 48},
                "PfMP": {"professional business": 96, "portfolio management": 48},
            },
            note="four-year degree; PMI, checked November 2026",
        ),
        "costs": figures.labelled_bars(
            {
                "EPR replacement": 2.0,
                "MRI scanner": 1.4,
                "Cloud hosting move": 0.9,
                "Car park": 0.15,
            },
            "proposed cost (millions)",
            "Harbourside Health: proposed one-off initiatives",
        ),
        "progress": figures.progress_chart(
            [
                {"notebook": f"{n:02d}-notebook", "done": n, "total": 8, "score": n, "max": 8}
                for n in range(1, 9)
            ]
        ),
    }


def all_figures() -> dict[str, Figure]:
    made = realistic_figures()
    for name in figure_functions():
        source = docstring_example(getattr(figures, name))
        namespace = {name: getattr(figures, name)}
        exec(source, namespace)  # noqa: S102 - our own docstrings
        made[f"example:{name}"] = namespace["fig"]
    return made


def text_problems(fig: Figure) -> list[str]:
    """Text that lies outside the figure, or is smaller than MIN_TEXT_PX on screen."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    fig.set_dpi(DPI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    width_px = fig.get_figwidth() * DPI
    scale = min(1.0, DISPLAY_WIDTH_PX / width_px)
    box = fig.bbox
    found = []
    undrawn = set()  # labels of ticks outside the view limits: matplotlib skips them
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    undrawn |= {id(tick.label1), id(tick.label2)}
    for text in fig.findobj(lambda a: isinstance(a, Text)):
        if id(text) in undrawn or not text.get_visible() or not text.get_text().strip():
            continue
        extent = text.get_window_extent(renderer)
        label = repr(text.get_text()[:40])
        if (
            extent.x0 < box.x0 - 1
            or extent.y0 < box.y0 - 1
            or extent.x1 > box.x1 + 1
            or extent.y1 > box.y1 + 1
        ):
            found.append(f"{label} lies outside the figure ({extent} vs {box})")
        px = text.get_fontsize() * DPI / 72 * scale
        if px < MIN_TEXT_PX - 0.05:
            found.append(f"{label} is {px:.1f} px on screen (minimum {MIN_TEXT_PX})")
        if text.axes is not None and text in text.axes.texts:
            area = text.axes.bbox
            if extent.x1 > area.x1 + 1 or extent.x0 < area.x0 - 1:
                found.append(f"{label} runs past its axes")
    return found


def test_every_figure_function_has_a_runnable_example():
    names = figure_functions()
    assert len(names) > 10, names
    missing = [n for n in names if "fig = " not in docstring_example(getattr(figures, n))]
    assert missing == [], (
        f"course.figures.{missing} need a '>>> fig = name(...)' example in their docstrings; "
        f"the figure tests run it"
    )


def test_every_figure_keeps_its_text_inside_and_readable():
    problems = {name: text_problems(fig) for name, fig in all_figures().items()}
    problems = {name: found for name, found in problems.items() if found}
    assert not problems, "\n".join(
        f"{name}: {p}" for name, found in problems.items() for p in found
    )


def test_program_timeline_legend_names_only_colours_it_draws():
    program = {
        "A": {"duration": 3, "after": []},
        "B": {"duration": 2, "after": ["A"]},
    }
    fig = figures.program_timeline(program, {"A": 1})  # every project ends late
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "after slips: late" in labels and "after slips: on time" not in labels


def test_the_text_check_catches_a_label_outside_the_figure():
    fig = figures.labelled_bars({"a": 1.0}, "x", "t")
    fig.text(1.1, 0.5, "far outside", fontsize=12)  # figure coordinates: right of the figure
    tiny = figures.labelled_bars({"a": 1.0}, "x", "t")
    tiny.axes[0].text(0.1, 0, "tiny", fontsize=5)
    assert any("outside" in p for p in text_problems(fig))
    assert any("px on screen" in p for p in text_problems(tiny))


# --- the concept diagrams moved out of the notebooks --------------------------------


def test_triple_constraint_names_the_three_corners_and_the_edition():
    fig = figures.triple_constraint()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for word in ("Scope", "Time", "Cost", "Quality", "4th ed., 2008"):
        assert word in texts


def test_process_groups_draws_the_five_groups():
    fig = figures.process_groups()
    names = {line.get_gid() for line in fig.axes[0].lines}
    assert names == {
        "Initiating",
        "Planning",
        "Executing",
        "Monitoring & controlling",
        "Closing",
    }


def test_program_life_cycle_bars_and_benefit_curve():
    components = {"Formulation": (0, 2), "Project: A": (1, 4), "Project: B": (3, 3)}
    fig = figures.program_life_cycle(
        components, [("Definition", 0, 2), ("Delivery", 2, 8)], benefits_from=5, benefits_full=7
    )
    bars = artists(fig, "component")
    assert set(bars) == set(components)
    assert face(bars["Project: A"]) == figures.SKY and face(bars["Formulation"]) == figures.ORANGE
    (benefit,) = [line for line in fig.axes[1].lines if line.get_gid() == "benefit"]
    assert max(benefit.get_ydata()) == 1.0 and benefit.get_ydata()[0] == 0.0


def test_role_map_has_three_roles_with_the_notebook_time_horizons():
    fig = figures.role_map()
    assert set(artists(fig, "role")) == {"Project manager", "Program manager", "Portfolio manager"}
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "months to a few years" in texts  # the same words as notebook 04's table


def test_labelled_bars_largest_first_with_values():
    fig = figures.labelled_bars({"big": 2.0, "small": 0.15}, "cost", "Costs")
    bars = artists(fig, "bar")
    assert bars["big"].get_y() < bars["small"].get_y() or fig.axes[0].yaxis_inverted()
    assert {t.get_text() for t in fig.axes[0].texts} == {"2.00", "0.15"}


def test_ladders_and_experience_chart():
    fig = figures.ladders(["a", "b"], ["c", "d", "e"], ("left", "right"))
    assert [ax.get_title() for ax in fig.axes] == ["left", "right"]
    fig = figures.experience_chart({"CAPM": {}, "PgMP": {"project": 48, "program": 48}})
    assert set(artists(fig, "experience")) == {"PgMP:project", "PgMP:program"}
    assert any(t.get_text() == "no experience required" for t in fig.axes[0].texts)
    # every bar names its credential (a blank second label read as a stray tick)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["CAPM", "PgMP", "PgMP"]
