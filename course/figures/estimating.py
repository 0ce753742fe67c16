"""Estimating figures: the spread of a PERT estimate, and a resource profile."""

from course.figures._style import BLACK, BLUE, GREY, ORANGE, SKY, VERMILLION, _axes
from course.pm.schedule import schedule

_TASK_COLOURS = (BLUE, ORANGE, SKY, VERMILLION, "#009e73", "#cc79a7", GREY, "#f0e442")


def pert_curve(mean: float, sd: float, deadline: float | None = None, ax=None, unit: str = "weeks"):
    """The normal curve of a PERT path estimate, with the chance of meeting a deadline shaded.

    Example::

        >>> fig = pert_curve(15, 1.76, deadline=16)

    Parameters:
        mean: expected duration of the path.
        sd: its standard deviation.
        deadline: optional date; the area to its left is shaded and labelled.
        ax: optional matplotlib Axes to draw into.
        unit: the time unit, for the axis label.
    """
    from statistics import NormalDist

    if not sd > 0:
        raise ValueError(f"the standard deviation must be above zero, got {sd!r}")
    dist = NormalDist(mean, sd)
    fig, ax = _axes(ax, (7.0, 3.8))
    xs = [mean - 4 * sd + i * sd / 25 for i in range(201)]
    ax.plot(xs, [dist.pdf(x) for x in xs], color=BLUE, lw=2, gid="curve")
    top = dist.pdf(mean)
    ax.axvline(mean, color=BLACK, ls="--", lw=1)
    ax.annotate(
        f"expected {mean:g}", (mean, top), xytext=(4, -12), textcoords="offset points", fontsize=8
    )
    for k in (1, 2):
        for side in (-1, 1):
            ax.axvline(mean + side * k * sd, color=GREY, ls=":", lw=1)
        ax.annotate(
            f"\u00b1{k} sd",
            (mean + k * sd, top * 0.02),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=8,
            color=GREY,
        )
    if deadline is not None:
        inside = [x for x in xs if x <= deadline]
        area = ax.fill_between(
            inside, [dist.pdf(x) for x in inside], color=ORANGE, alpha=0.35, hatch=".."
        )
        area.set_gid("area:deadline")
        ax.annotate(
            f"P(done by {deadline:g}) = {dist.cdf(deadline):.0%}",
            (deadline, dist.pdf(deadline)),
            xytext=(mean + 2.2 * sd, top * 0.75),
            fontsize=9,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": ORANGE},
            arrowprops={"arrowstyle": "->", "color": BLACK},
        )
    ax.set_ylim(0, top * 1.22)
    ax.set_yticks([])
    ax.set_xlabel(f"path duration ({unit})")
    ax.set_title(f"PERT estimate: mean {mean:g}, standard deviation {sd:.2f}")
    return fig


def resource_profile(tasks: dict, delays: dict | None = None, ax=None, limit: float | None = None):
    """People needed per period when each task starts at its earliest start plus a delay.

    Each task needs ``tasks[id]["people"]`` people for its whole duration
    (default 1). Stacked bars show who needs them; ``limit`` draws the
    available people. Delays within a task's slack move work without moving
    the end date: that is resource levelling.

    Example::

        >>> fig = resource_profile({"A": {"duration": 2, "after": [], "people": 3},
        ...                         "B": {"duration": 1, "after": [], "people": 2}}, {"B": 1})

    Parameters:
        tasks: ``course.pm.schedule`` network whose tasks may carry ``people``.
        delays: optional ``{id: periods after the earliest start}``.
        ax: optional matplotlib Axes to draw into.
        limit: optional number of people available.
    """
    from matplotlib.ticker import MaxNLocator

    network = {
        t: {"duration": s["duration"], "after": s.get("after", [])} for t, s in tasks.items()
    }
    rows = schedule(network)
    delays = delays or {}
    _check_delays(rows, delays)
    end = int(max((r["ef"] for r in rows.values()), default=0))
    fig, ax = _axes(ax, (7.2, 3.8))
    bottom = _stacked_bars(ax, tasks, rows, delays, end)
    if limit is not None:
        ax.axhline(limit, color=BLACK, ls="--", lw=1.5, gid="limit")
        ax.annotate(
            f"available: {limit:g}",
            (0, limit),
            xytext=(2, 3),
            textcoords="offset points",
            fontsize=8,
        )
    peak = max(bottom, default=0)
    ax.set_ylim(0, max(peak, limit or 0) * 1.25 + 0.5)
    ax.set_xlim(0, end)
    # Periods and people are whole numbers: no 0.25-period ticks on a short plan.
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("period")
    ax.set_ylabel("people needed")
    ax.set_title(f"Resource profile: peak {peak:g} people")
    ax.legend(
        title="task", fontsize=8, title_fontsize=8, loc="upper right", ncol=min(4, len(tasks))
    )
    return fig


def _check_delays(rows: dict, delays: dict) -> None:
    """Each delay names a task and fits in its slack (the finish date does not move)."""
    for task_id, delay in delays.items():
        if task_id not in rows:
            raise ValueError(f"delay for unknown task {task_id!r}")
        if delay > rows[task_id]["slack"]:
            raise ValueError(
                f"task {task_id!r} has {rows[task_id]['slack']:g} periods of slack; "
                f"a delay of {delay} would move the finish date"
            )


def _stacked_bars(ax, tasks: dict, rows: dict, delays: dict, end: int) -> list[float]:
    """Each task's people per period, stacked; returns the total per period."""
    bottom = [0.0] * end
    for i, (task_id, spec) in enumerate(tasks.items()):
        start = int(rows[task_id]["es"] + delays.get(task_id, 0))
        heights = [
            spec.get("people", 1) if start <= t < start + spec["duration"] else 0
            for t in range(end)
        ]
        bars = ax.bar(
            [t + 0.5 for t in range(end)],
            heights,
            bottom=bottom,
            width=0.9,
            color=_TASK_COLOURS[i % len(_TASK_COLOURS)],
            edgecolor="white",
            label=task_id,
        )
        for t, bar in enumerate(bars):
            bar.set_gid(f"use:{task_id}:{t}")
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    return bottom


__all__ = ["pert_curve", "resource_profile"]
