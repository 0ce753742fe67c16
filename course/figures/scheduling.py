"""Schedule figures: the Gantt chart and the activity-on-node network."""

from course.figures._style import (
    CRITICAL,
    GREY,
    LIGHT,
    NORMAL,
    _axes,
    _bare,
    _box,
    _legend_below,
    _legend_patch,
)
from course.pm.schedule import critical_paths, critical_tasks, schedule, topological_order

# --- schedule: Gantt chart and network -------------------------------------------


def _scheduled(tasks: dict) -> tuple[dict, set[str]]:
    return schedule(tasks), set(critical_tasks(tasks))


def _paths_label(tasks: dict) -> str:
    """ "critical path A-C-E" or, with several, "critical paths A-C, B-C"."""
    paths = ["-".join(path) for path in critical_paths(tasks)]
    return ("critical path " if len(paths) == 1 else "critical paths ") + ", ".join(paths)


def gantt(tasks: dict, ax=None, unit: str = "periods"):
    """Gantt chart of a task network at its earliest dates.

    Critical tasks are vermillion, others blue; each non-critical task's
    slack follows it as a lighter bar up to its latest finish.

    Example::

        >>> fig = gantt({"A": {"duration": 2, "after": []},
        ...              "B": {"duration": 1, "after": []}})

    Parameters:
        tasks: ``{id: {"duration", "after"}}`` as for :func:`course.pm.schedule`.
        ax: optional matplotlib Axes to draw into.
        unit: what the durations count (``"weeks"``, ``"months"``), named on the axis
            and in the title.
    """
    rows, critical = _scheduled(tasks)
    order = sorted(rows, key=lambda t: (rows[t]["es"], t))
    fig, ax = _axes(ax, (7.5, 0.45 * len(order) + 1.5))
    for y, task_id in enumerate(order):
        row = rows[task_id]
        color = CRITICAL if task_id in critical else NORMAL
        (bar,) = ax.barh(y, row["ef"] - row["es"], left=row["es"], height=0.6, color=color)
        bar.set_gid(f"task:{task_id}")
        if row["ef"] == row["es"]:
            ax.plot(row["es"], y, marker="D", color=color, ms=9, gid=f"milestone:{task_id}")
        if task_id not in critical and row["slack"] > 0:
            (slack,) = ax.barh(
                y, row["slack"], left=row["ef"], height=0.6, color=color, alpha=LIGHT, hatch="//"
            )
            slack.set_gid(f"slack:{task_id}")
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel(f"time ({unit} from the start)")
    ax.set_ylabel("task")
    end = max((r["ef"] for r in rows.values()), default=0)
    ax.axvline(end, color=GREY, ls=":", lw=1)
    ax.set_title(f"Gantt chart: project lasts {end:g} {unit}, {_paths_label(tasks)}")
    _legend_below(
        ax,
        [
            _legend_patch(CRITICAL, "critical task"),
            _legend_patch(NORMAL, "task with slack"),
            _legend_patch(NORMAL, "slack (total float)", LIGHT, "//"),
        ],
    )
    return fig


def _layers(tasks: dict) -> dict[str, int]:
    """Layer of each task: the most dependencies between it and a start task."""
    layer: dict[str, int] = {}
    for task_id in topological_order(tasks):
        layer[task_id] = max((layer[p] + 1 for p in tasks[task_id].get("after", [])), default=0)
    return layer


def network(tasks: dict, ax=None, unit: str = "periods"):
    """Activity-on-node network with ES/EF/LS/LF in each box, critical path highlighted.

    Tasks are laid out in columns by how many dependencies precede them and,
    within a column, by earliest start. Critical tasks and the links between
    them are vermillion and thicker.

    Example::

        >>> fig = network({"A": {"duration": 2, "after": []},
        ...                "B": {"duration": 1, "after": ["A"]}})

    Parameters:
        tasks: ``{id: {"duration", "after"}}`` as for :func:`course.pm.schedule`.
        ax: optional matplotlib Axes to draw into.
        unit: what the durations count (``"weeks"``, ``"months"``), named in the title.
    """

    rows, critical = _scheduled(tasks)
    layer = _layers(tasks)
    columns: dict[int, list[str]] = {}
    for task_id in sorted(rows, key=lambda t: (rows[t]["es"], t)):
        columns.setdefault(layer[task_id], []).append(task_id)
    height = max((len(c) for c in columns.values()), default=1)
    longest = max((len(f"{t} ({r['ef'] - r['es']:g})") for t, r in rows.items()), default=0)
    w, h = max(2.2, 0.22 * longest + 0.2), BOX_H
    step_x, pad_x = w + GAP_X, w / 2 + 0.1
    xy = {}
    for col, ids in columns.items():
        for i, task_id in enumerate(ids):
            xy[task_id] = (col * step_x, -(i - (len(ids) - 1) / 2) * STEP_Y)
    # Drawn at INCH_PER_UNIT, so up to five columns fit NETWORK_MAX_IN: a notebook shows
    # it unscaled on a 1024-px laptop screen with the file browser open (its output area
    # is about 590 px wide) and the dates keep their size (tests/test_figures.py checks).
    span_x = (len(columns) - 1) * step_x + 2 * pad_x
    span_y = (height - 1) * STEP_Y + 2 * PAD_Y
    width = min(NETWORK_MAX_IN, span_x * INCH_PER_UNIT)
    drawn = span_y * width / span_x + 0.9  # + the title and legend
    fig, ax = _axes(ax, (max(width, 4.2), drawn))  # 4.2 in: room for the title
    _task_boxes(ax, rows, xy, critical, w, h)
    _task_arrows(ax, tasks, rows, xy, critical, w)
    xs = [p[0] for p in xy.values()] or [0]
    ys = [p[1] for p in xy.values()] or [0]
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - PAD_Y, max(ys) + PAD_Y)
    ax.set_aspect("equal")
    _bare(ax)
    end = max((r["ef"] for r in rows.values()), default=0)
    ax.set_title(f"Network: {_paths_label(tasks)}, {end:g} {unit}", fontsize=11)
    ax.legend(
        handles=[_legend_patch(CRITICAL, "critical"), _legend_patch(NORMAL, "has slack")],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        frameon=False,
        fontsize=9,
    )
    return fig


# The network's grid, in data units: column and row steps, margins, task boxes.
# A box is wide enough for its bold "id (duration)" line (0.22 units a character).
STEP_Y, PAD_Y, BOX_H, GAP_X = 1.75, 0.75, 1.3, 0.45
INCH_PER_UNIT = 0.42
NETWORK_MAX_IN = 5.8


def _task_boxes(ax, rows: dict, xy: dict, critical, w: float, h: float) -> None:
    """One box per task at ``xy``: its id and duration, ES/EF and LS/LF; critical ones bold."""
    for task_id, (x, y) in xy.items():
        row = rows[task_id]
        on_path = task_id in critical
        color = CRITICAL if on_path else NORMAL
        patch = _box(
            ax, x, y, w, h, facecolor="white", edgecolor=color, linewidth=2.5 if on_path else 1.2
        )
        patch.set_zorder(2)
        patch.set_gid(f"node:{task_id}")
        duration = row["ef"] - row["es"]
        ax.text(
            x,
            y + 0.36,
            f"{task_id} ({duration:g})",
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color=color,
        )
        ax.text(
            x,
            y - 0.2,
            f"ES {row['es']:g} EF {row['ef']:g}\nLS {row['ls']:g} LF {row['lf']:g}",
            ha="center",
            va="center",
            fontsize=8.5,
            family="monospace",
        )


def _task_arrows(ax, tasks: dict, rows: dict, xy: dict, critical, w: float) -> None:
    """An arrow from each predecessor to its task; bold where the critical path runs."""
    from matplotlib.patches import FancyArrowPatch

    for task_id in rows:
        for pred in tasks[task_id].get("after", []):
            tight = (
                pred in critical and task_id in critical and rows[pred]["ef"] == rows[task_id]["es"]
            )
            (x0, y0), (x1, y1) = xy[pred], xy[task_id]
            arrow = FancyArrowPatch(
                (x0 + w / 2, y0),
                (x1 - w / 2, y1),
                arrowstyle="-|>",
                mutation_scale=12,
                color=CRITICAL if tight else GREY,
                lw=2.2 if tight else 1.0,
                shrinkA=2,
                shrinkB=2,
            )
            arrow.set_gid(f"edge:{pred}->{task_id}")
            arrow.set_zorder(0.5)  # behind the boxes, which are opaque
            ax.add_patch(arrow)
