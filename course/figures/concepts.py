"""Concept diagrams for the opening notebooks: constraints, process groups, life cycles, roles.

These figures illustrate ideas rather than plot data; each says so in its
title or caption where a reader could mistake it for measurements.
"""

import math

from course.figures._style import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    _axes,
    _figure,
    _legend_below,
    _legend_patch,
)

# --- notebook 02: the triple constraint and the process groups -------------------


def triple_constraint(ax=None):
    """The triple constraint (scope, time, cost) with quality in the middle.

    Example::

        >>> fig = triple_constraint()

    Parameters:
        ax: optional matplotlib Axes to draw into.
    """
    fig, ax = _axes(ax, (6.4, 5.0))
    corners = {"Scope": (0.5, 0.9), "Time": (0.1, 0.18), "Cost": (0.9, 0.18)}
    xs, ys = zip(*corners.values(), strict=True)
    ax.fill(xs, ys, color=SKY, alpha=0.25, edgecolor=BLUE, linewidth=2, gid="triangle")
    for name, (x, y) in corners.items():
        dy = 0.06 if y > 0.5 else -0.07
        ax.text(x, y + dy, name, ha="center", va="center", fontsize=14, weight="bold", gid=name)
    ax.text(0.5, 0.42, "Quality", ha="center", va="center", fontsize=13, style="italic")
    arrow = {"arrowstyle": "->", "color": VERMILLION}
    ax.annotate(
        "more scope ...", xy=(0.46, 0.86), xytext=(0.02, 0.8), fontsize=10, arrowprops=arrow
    )
    ax.annotate(
        "... means more time\nor more cost",
        xy=(0.84, 0.24),
        xytext=(0.66, 0.66),
        fontsize=10,
        arrowprops=arrow,
    )
    ax.text(
        0.5,
        0.0,
        "Also balanced: resources and risk\n(six competing constraints, PMBOK Guide 4th ed., 2008)",
        ha="center",
        va="bottom",
        fontsize=9,
        color="#555555",
    )
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("The triple constraint, with quality in the middle")
    return fig


def _bump(t: list[float], centre: float, width: float, height: float) -> list[float]:
    return [height * math.exp(-(((x - centre) / width) ** 2)) for x in t]


def _plus(a: list[float], b: list[float]) -> list[float]:
    return [x + y for x, y in zip(a, b, strict=True)]


def process_groups(ax=None):
    """How much each of the five process groups goes on over a project's life (illustrative).

    Example::

        >>> fig = process_groups()

    Parameters:
        ax: optional matplotlib Axes to draw into.
    """
    t = [i / 40 for i in range(401)]
    groups = {
        "Initiating": _bump(t, 0.8, 0.6, 0.6),
        "Planning": _plus(_bump(t, 2.6, 1.4, 0.9), _bump(t, 6.0, 1.5, 0.25)),
        "Executing": _bump(t, 6.0, 2.0, 1.0),
        "Monitoring & controlling": _plus(
            [0.35 if 0.8 < x < 9.6 else 0.0 for x in t], _bump(t, 6.0, 2.5, 0.2)
        ),
        "Closing": _bump(t, 9.4, 0.5, 0.6),
    }
    styles = ["-", "--", "-", ":", "-."]
    fig, ax = _axes(ax, (7.6, 4.4))
    for (name, level), style in zip(groups.items(), styles, strict=True):
        ax.plot(t, level, style, linewidth=2.2, label=name, gid=name)
    ax.set_xlabel("time: project start \u2192 project end")
    ax.set_ylabel("level of activity")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylim(0, 1.25)
    ax.legend(loc="upper left", fontsize=9, frameon=False, ncol=2)
    ax.set_title("The five process groups overlap (an illustration, not data)")
    return fig


# --- notebook 03: the program life cycle -------------------------------------------


def program_life_cycle(
    components: dict[str, tuple[float, float]],
    phases: list[tuple[str, float, float]],
    benefits_from: float,
    benefits_full: float,
    ax=None,
):
    """Components coming and going inside a program's phases, with the benefit building up.

    Example::

        >>> fig = program_life_cycle(
        ...     {"Formulation & planning": (0, 4), "Project: platform": (3, 8)},
        ...     [("Definition", 0, 4), ("Delivery", 4, 12), ("Closure", 12, 14)],
        ...     benefits_from=8, benefits_full=12)

    Parameters:
        components: ``{name: (start, duration)}`` in months; names starting
            with "Project" are drawn as projects, the others as program work.
        phases: ``[(label, start, end), ...]`` shaded behind the bars.
        benefits_from: month the benefit starts to appear.
        benefits_full: month the benefit reaches its target.
        ax: optional matplotlib Axes (the benefit curve is then left out).
    """
    end = max(e for _, _, e in phases)
    if ax is None:
        fig = _figure((8.0, 5.4))
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.3])
    else:
        fig, top, bottom = ax.figure, ax, None
    names = list(components)
    for row, name in enumerate(reversed(names)):
        start, length = components[name]
        colour = SKY if name.startswith("Project") else ORANGE
        (bar,) = top.barh(row, length, left=start, color=colour, edgecolor="#333333")
        bar.set_gid(f"component:{name}")
    top.set_yticks(range(len(names)), list(reversed(names)), fontsize=9)
    for label, start, stop in phases:
        top.axvspan(start, stop, alpha=0.06 if label == "Delivery" else 0.14, color=GREY)
        top.text((start + stop) / 2, len(names) - 0.35, label, ha="center", weight="bold")
    top.set_ylim(-0.6, len(names) + 0.1)
    top.set_xlim(0, end)
    top.set_title("An illustrative program: components come and go, the program lasts")
    handles = [_legend_patch(SKY, "component project"), _legend_patch(ORANGE, "program work")]
    if bottom is None:
        _legend_below(top, handles)
        return fig
    bottom.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
    months = [m / 4 for m in range(int(end * 4) + 1)]
    ramp = max(benefits_full - benefits_from, 1e-9)
    share = [max(0.0, min(1.0, (m - benefits_from) / ramp)) for m in months]
    bottom.plot(months, share, color=GREEN, linewidth=2.5, gid="benefit")
    bottom.fill_between(months, share, alpha=0.2, color=GREEN)
    bottom.set_ylabel("benefit\n(share of target)", fontsize=9)
    bottom.set_xlabel("months")
    bottom.set_ylim(0, 1.15)
    return fig


# --- notebook 04: where each role spends its attention -----------------------------


def role_map(ax=None):
    """Project, program and portfolio managers on two conceptual axes (not survey data).

    Example::

        >>> fig = role_map()

    Parameters:
        ax: optional matplotlib Axes to draw into.
    """
    from matplotlib.patches import Ellipse

    roles = {  # name: (centre x, centre y, width, height, colour, note)
        "Project manager": (1.3, 1.1, 2.2, 1.5, SKY, "one deliverable,\nmonths to a few years"),
        "Program manager": (3.1, 2.75, 2.6, 1.9, ORANGE, "related projects,\nbenefits over years"),
        "Portfolio manager": (
            4.75,
            4.45,
            2.3,
            1.6,
            PURPLE,
            "the whole investment\nmix, strategy cycles",
        ),
    }
    fig, ax = _axes(ax, (7.0, 5.6))
    for name, (x, y, w, h, colour, note) in roles.items():
        patch = Ellipse((x, y), w, h, facecolor=colour, alpha=0.35, edgecolor=colour, lw=2)
        patch.set_gid(f"role:{name}")
        ax.add_patch(patch)
        ax.text(x, y + 0.2, name, ha="center", va="center", fontsize=11, weight="bold")
        ax.text(x, y - 0.3, note, ha="center", va="center", fontsize=9)
    ax.set_xlim(0, 6)
    ax.set_ylim(0, 5.4)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("time horizon: how far ahead the role looks \u2192")
    ax.set_ylabel("interdependent work coordinated \u2192")
    ax.set_title("Where each role spends its attention (conceptual)")
    return fig


# --- any notebook: labelled horizontal bars ------------------------------------------


def labelled_bars(values: dict[str, float], xlabel: str, title: str, fmt: str = "{:,.2f}", ax=None):
    """Horizontal bars, largest first, each with its value written after it.

    Example::

        >>> fig = labelled_bars({"EPR": 2.0, "App": 0.6}, "cost (millions)", "Proposed costs")

    Parameters:
        values: ``{label: value}``, values >= 0.
        xlabel: axis label, with the unit.
        title: figure title.
        fmt: format of the value labels.
        ax: optional matplotlib Axes to draw into.
    """
    names = list(values)
    fig, ax = _axes(ax, (7.6, 0.42 * len(names) + 1.4))
    top = max(values.values(), default=1) or 1
    for row, name in enumerate(names):
        (bar,) = ax.barh(row, values[name], color=SKY, edgecolor=BLUE)
        bar.set_gid(f"bar:{name}")
        ax.text(values[name] + top * 0.015, row, fmt.format(values[name]), va="center", fontsize=9)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.2)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    _bare_top_right(ax)
    return fig


def _bare_top_right(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
