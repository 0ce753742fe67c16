"""Figures for the notebooks and widgets, drawn with matplotlib.

Every function returns a matplotlib ``Figure`` and accepts ``ax=`` to draw
into an existing Axes instead. Figures are made with ``matplotlib.figure.Figure``
rather than pyplot and show themselves as PNG, so a notebook shows each
figure once (as the cell's value or with ``display(fig)``) and nothing needs
closing. matplotlib is
imported inside the functions: ``import course.figures`` stays light.

Colours are the Okabe-Ito palette, which stays distinct for the common
kinds of colour blindness; meaning is never carried by colour alone (line
styles, markers, hatching and text marks repeat it).

Artists carry a ``gid`` naming what they show (``"task:A"``, ``"slack:A"``,
``"node:A"``, ``"edge:A->C"``...), so tests and widgets can find them.
"""

import functools
import io
import textwrap

from course.pm.program import benefits, propagate_slip
from course.pm.schedule import critical_path, schedule, topological_order

# Okabe & Ito, "Color Universal Design" palette.
BLUE = "#0072b2"
SKY = "#56b4e9"
GREEN = "#009e73"
ORANGE = "#e69f00"
VERMILLION = "#d55e00"
PURPLE = "#cc79a7"
GREY = "#999999"
BLACK = "#000000"

CRITICAL = VERMILLION
NORMAL = BLUE
LIGHT = 0.35  # alpha of "lighter" bars: slack, planned, targets


@functools.cache
def _figure_class():
    """``CourseFigure``: a matplotlib Figure that shows itself in Jupyter.

    Figures made without pyplot are not drawn by the inline backend, and
    IPython only knows how to show a plain Figure after ``%matplotlib inline``.
    A ``_repr_png_`` method makes ``display(fig)`` and a cell ending in
    ``fig`` show the picture once, with or without that magic.
    """
    from matplotlib.figure import Figure

    class CourseFigure(Figure):
        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
            return buffer.getvalue()

    return CourseFigure


def _axes(ax, size: tuple[float, float]):
    """``(figure, axes)``: the given Axes, or a new Figure with one Axes."""
    if ax is not None:
        return ax.figure, ax
    fig = _figure_class()(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _bare(ax) -> None:
    """Hide the frame and ticks of a diagram that has no data axes."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _box(ax, x: float, y: float, w: float, h: float, **style):
    from matplotlib.patches import FancyBboxPatch

    patch = FancyBboxPatch(
        (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08", **style
    )
    ax.add_patch(patch)
    return patch


def _legend_patch(color: str, label: str, alpha: float = 1.0, hatch: str | None = None):
    from matplotlib.patches import Patch

    return Patch(facecolor=color, alpha=alpha, hatch=hatch, edgecolor=color, label=label)


def _legend_below(ax, handles: list) -> None:
    """A legend under the x axis, where it cannot hide bars."""
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=len(handles),
        frameon=False,
        fontsize=8,
    )


# --- portfolio / program / project hierarchy ---------------------------------


def _tree_nodes(tree) -> list[tuple[str, list]]:
    """Normalise a tree value to ``[(label, children), ...]``."""
    if tree is None:
        return []
    if isinstance(tree, dict):
        return [(str(label), _tree_nodes(value)) for label, value in tree.items()]
    if isinstance(tree, list | tuple):
        nodes = []
        for item in tree:
            nodes += _tree_nodes(item) if isinstance(item, dict) else [(str(item), [])]
        return nodes
    raise ValueError(
        f"hierarchy: a tree value must be a dict, a list of names or empty, got {tree!r}"
    )


_LEAF_SPACING = 2.3


def _layout_tree(nodes, depth: int, next_leaf: list[int], out: list) -> list[dict]:
    """Place nodes: leaves left to right, parents centred over their children."""
    placed = []
    for label, children in nodes:
        kids = _layout_tree(children, depth + 1, next_leaf, out)
        if kids:
            x = (kids[0]["x"] + kids[-1]["x"]) / 2
        else:
            x = next_leaf[0] * _LEAF_SPACING
            next_leaf[0] += 1
        node = {"label": label, "x": x, "depth": depth, "kids": kids}
        out.append(node)
        placed.append(node)
    return placed


def hierarchy(tree: dict, ax=None):
    """Boxes-and-lines diagram of a portfolio, its programs and projects.

    Example::

        >>> fig = hierarchy({"Portfolio: Growth": {
        ...     "Program: Digital sales": ["Project A", "Project B"],
        ...     "Standalone project X": []}})

    The root is drawn as the portfolio, nodes with children as programs and
    nodes without children as projects (a project may sit straight under the
    portfolio).

    Parameters:
        tree: ``{label: children}`` where children is a dict (a sub-tree), a
            list of names (projects) or empty.
        ax: optional matplotlib Axes to draw into.
    """
    nodes = _tree_nodes(tree)
    placed: list[dict] = []
    leaves = [0]
    _layout_tree(nodes, 0, leaves, placed)
    depth = max((n["depth"] for n in placed), default=0)
    fig, ax = _axes(ax, (max(6.0, 1.9 * leaves[0]), 1.5 * (depth + 1) + 0.8))
    kinds = {
        "portfolio": (PURPLE, "Portfolio"),
        "program": (ORANGE, "Program"),
        "project": (SKY, "Project"),
    }
    for node in placed:
        kind = "portfolio" if node["depth"] == 0 else "program" if node["kids"] else "project"
        color = kinds[kind][0]
        y = -node["depth"] * 1.5
        patch = _box(ax, node["x"], y, 1.9, 0.8, facecolor=color, alpha=0.45, edgecolor=color)
        patch.set_gid(f"{kind}:{node['label']}")
        text = textwrap.fill(node["label"], 20)
        ax.text(node["x"], y, text, ha="center", va="center", fontsize=9)
        for kid in node["kids"]:
            ax.plot([node["x"], kid["x"]], [y - 0.4, y - 1.1], color=GREY, lw=1.2, gid="link")
    ax.set_xlim(-1.2, max(leaves[0] - 1, 0) * _LEAF_SPACING + 1.2)
    ax.set_ylim(-depth * 1.5 - 0.7, 0.7)
    _bare(ax)
    ax.legend(
        handles=[_legend_patch(c, label, 0.45) for c, label in kinds.values()],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=3,
        frameon=False,
    )
    return fig


# --- career ladder -------------------------------------------------------------


def ladder(rungs: list[str], correct: list[bool] | None = None, title: str | None = None, ax=None):
    """A career ladder, first rung at the bottom.

    Example::

        >>> fig = ladder(["Coordinator", "Project manager", "Program manager"],
        ...              correct=[True, True, False])

    Cheap enough to redraw on every reorder in a widget (a few milliseconds).

    Parameters:
        rungs: labels from the first (entry) rung to the top.
        correct: optional right/wrong flag per rung: green with a tick when
            right, vermillion with a cross when wrong.
        title: optional title.
        ax: optional matplotlib Axes to draw into.
    """
    if correct is not None and len(correct) != len(rungs):
        raise ValueError(f"ladder: {len(rungs)} rungs but {len(correct)} correct flags")
    n = len(rungs)
    fig, ax = _axes(ax, (5.0, 0.55 * n + 1.0))
    if correct is None:
        colors = [NORMAL] * n
    else:
        colors = [GREEN if ok else VERMILLION for ok in correct]
    bars = ax.barh(range(n), [1.0] * n, left=0.0, height=0.62, color=colors, alpha=0.85)
    for i, (bar, label) in enumerate(zip(bars, rungs, strict=True)):
        bar.set_gid(f"rung:{i}")
        ax.text(0.5, i, label, ha="center", va="center", color="white", fontsize=10)
        if correct is not None:
            mark = "\u2713" if correct[i] else "\u2717"
            ax.text(1.06, i, mark, ha="left", va="center", color=colors[i], fontsize=13)
    ax.vlines([-0.03, 1.03], -0.6, n - 0.4, colors=GREY, lw=3, gid="rails")
    ax.set_xlim(-0.1, 1.18)
    ax.set_ylim(-0.7, n - 0.3)
    _bare(ax)
    ax.set_ylabel("seniority \u2192")
    ax.set_title(title or "Career ladder (first rung at the bottom)")
    return fig


# --- schedule: Gantt chart and network -------------------------------------------


def _scheduled(tasks: dict) -> tuple[dict, set[str]]:
    return schedule(tasks), set(critical_path(tasks))


def gantt(tasks: dict, ax=None):
    """Gantt chart of a task network at its earliest dates.

    Critical tasks are vermillion, others blue; each non-critical task's
    slack follows it as a lighter bar up to its latest finish.

    Example::

        >>> fig = gantt({"A": {"duration": 2, "after": []},
        ...              "B": {"duration": 1, "after": []}})

    Parameters:
        tasks: ``{id: {"duration", "after"}}`` as for :func:`course.pm.schedule`.
        ax: optional matplotlib Axes to draw into.
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
    ax.set_xlabel("time (periods from the start)")
    ax.set_ylabel("task")
    end = max((r["ef"] for r in rows.values()), default=0)
    ax.axvline(end, color=GREY, ls=":", lw=1)
    ax.set_title(
        f"Gantt chart: project lasts {end:g}, critical path {'-'.join(critical_path(tasks))}"
    )
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


def network(tasks: dict, ax=None):
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
    """
    from matplotlib.patches import FancyArrowPatch

    rows, critical = _scheduled(tasks)
    layer = _layers(tasks)
    columns: dict[int, list[str]] = {}
    for task_id in sorted(rows, key=lambda t: (rows[t]["es"], t)):
        columns.setdefault(layer[task_id], []).append(task_id)
    height = max((len(c) for c in columns.values()), default=1)
    xy = {}
    for col, ids in columns.items():
        for i, task_id in enumerate(ids):
            xy[task_id] = (col * 3.0, -(i - (len(ids) - 1) / 2) * 1.7)
    fig, ax = _axes(ax, (max(6.0, 2.3 * len(columns) + 1), 1.5 * height + 1.5))
    w, h = 2.0, 1.15
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
            y + 0.3,
            f"{task_id}  ({duration:g})",
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color=color,
        )
        ax.text(
            x,
            y - 0.2,
            f"ES {row['es']:g}  EF {row['ef']:g}\nLS {row['ls']:g}  LF {row['lf']:g}",
            ha="center",
            va="center",
            fontsize=7.5,
            family="monospace",
        )
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
    xs = [p[0] for p in xy.values()] or [0]
    ys = [p[1] for p in xy.values()] or [0]
    ax.set_xlim(min(xs) - 1.3, max(xs) + 1.3)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
    ax.set_aspect("equal")
    _bare(ax)
    end = max((r["ef"] for r in rows.values()), default=0)
    ax.set_title(f"Network: critical path {'-'.join(critical_path(tasks))}, duration {end:g}")
    ax.legend(
        handles=[_legend_patch(CRITICAL, "critical"), _legend_patch(NORMAL, "has slack")],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        frameon=False,
        fontsize=8,
    )
    return fig


# --- earned value ------------------------------------------------------------------


def _running(values: list[float]) -> list[float]:
    out, total = [], 0
    for value in values:
        total += value
        out.append(total)
    return out


def s_curve(
    pv: list[float],
    ev: list[float],
    ac: list[float],
    bac: float | None = None,
    ax=None,
    cumulative: bool = False,
):
    """Cumulative PV, EV and AC by period: the earned value S-curves.

    Example::

        >>> fig = s_curve(pv=[10, 20, 30, 20], ev=[8, 15], ac=[10, 20], bac=80)

    ``ev`` and ``ac`` may stop before ``pv`` ends (the status date); a dotted
    line marks it. Every curve starts from 0 at period 0.

    Parameters:
        pv, ev, ac: amounts per period (or running totals with ``cumulative=True``).
        bac: optional budget at completion, drawn as a horizontal line.
        ax: optional matplotlib Axes to draw into.
        cumulative: True when the lists are already running totals.
    """
    series = {"pv": pv, "ev": ev, "ac": ac}
    if not cumulative:
        series = {k: _running(v) for k, v in series.items()}
    fig, ax = _axes(ax, (7.0, 4.2))
    styles = {
        "pv": (BLUE, "--", "o", "PV: planned value"),
        "ev": (GREEN, "-", "s", "EV: earned value"),
        "ac": (VERMILLION, "-", "^", "AC: actual cost"),
    }
    for key, values in series.items():
        color, ls, marker, label = styles[key]
        ax.plot(
            range(len(values) + 1),
            [0, *values],
            color=color,
            ls=ls,
            marker=marker,
            ms=4,
            lw=2,
            label=label,
            gid=key,
        )
    if bac is not None:
        ax.axhline(bac, color=GREY, ls=":", lw=1.5, label=f"BAC = {bac:,.0f}", gid="bac")
    status = len(series["ev"])
    if 0 < status < len(series["pv"]):
        ax.axvline(status, color=BLACK, ls=":", lw=1, gid="status")
        ax.annotate(
            "status date", (status, 0), xytext=(4, 4), textcoords="offset points", fontsize=8
        )
    ax.set_xlabel("period")
    ax.set_ylabel("cumulative amount")
    ax.set_title("Earned value S-curves")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


# --- program ---------------------------------------------------------------------


def program_timeline(projects: dict, slips: dict | None = None, ax=None):
    """Planned and slipped bars of the projects of a program.

    Each project has a light "planned" bar; with ``slips``, a solid bar
    below it shows the new dates (vermillion when the project finishes late,
    with the delay written after it).

    Example::

        >>> fig = program_timeline({"A": {"duration": 3, "after": []},
        ...                         "B": {"duration": 2, "after": ["A"]}}, {"A": 1})

    Parameters:
        projects: ``{id: {"duration", "after"}}`` as for :func:`course.pm.propagate_slip`.
        slips: optional ``{id: extra duration}``.
        ax: optional matplotlib Axes to draw into.
    """
    planned = propagate_slip(projects, {})
    slipped = propagate_slip(projects, slips) if slips else None
    order = sorted(planned, key=lambda p: (planned[p]["start"], p))
    fig, ax = _axes(ax, (7.5, 0.6 * len(order) + 1.5))
    half = 0.36 if slipped else 0.6
    for y, pid in enumerate(order):
        plan = planned[pid]
        offset = -half / 2 if slipped else 0.0
        (bar,) = ax.barh(
            y + offset,
            plan["finish"] - plan["start"],
            left=plan["start"],
            height=half,
            color=NORMAL,
            alpha=LIGHT,
            edgecolor=NORMAL,
            hatch="//",
        )
        bar.set_gid(f"planned:{pid}")
        if slipped:
            new = slipped[pid]
            color = VERMILLION if new["delay"] > 0 else GREEN
            (bar,) = ax.barh(
                y + half / 2,
                new["finish"] - new["start"],
                left=new["start"],
                height=half,
                color=color,
            )
            bar.set_gid(f"slipped:{pid}")
            if new["delay"] > 0:
                ax.text(
                    new["finish"] + 0.1,
                    y + half / 2,
                    f"+{new['delay']:g}",
                    va="center",
                    fontsize=8,
                    color=VERMILLION,
                )
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel("time (periods from the program start)")
    ax.set_ylabel("project")
    handles = [_legend_patch(NORMAL, "planned", LIGHT, "//")]
    title = "Program timeline"
    if slipped:
        handles += [
            _legend_patch(VERMILLION, "after slips: late"),
            _legend_patch(GREEN, "after slips: on time"),
        ]
        end_plan = max(r["finish"] for r in planned.values())
        end_new = max(r["finish"] for r in slipped.values())
        title += f": program end {end_plan:g} \u2192 {end_new:g}"
    ax.set_title(title)
    _legend_below(ax, handles)
    ax.grid(axis="x", alpha=0.3)
    return fig


def benefits_chart(plan: list[float], actual: list[float], ax=None):
    """Cumulative planned against realised benefits, period by period.

    Example::

        >>> fig = benefits_chart([0, 10, 20, 30], [0, 5, 15])

    Parameters:
        plan: benefit planned per period.
        actual: benefit realised per period so far (may be shorter than ``plan``).
        ax: optional matplotlib Axes to draw into.
    """
    result = benefits(plan, actual)
    fig, ax = _axes(ax, (7.0, 4.2))
    cum_plan, cum_actual = result["cumulative_plan"], result["cumulative_actual"]
    periods = range(1, len(cum_plan) + 1)
    ax.plot(
        periods,
        cum_plan,
        color=BLUE,
        ls="--",
        marker="o",
        ms=4,
        lw=2,
        label="planned (cumulative)",
        gid="plan",
    )
    ax.plot(
        periods[: len(cum_actual)],
        cum_actual,
        color=GREEN,
        marker="s",
        ms=4,
        lw=2,
        label="realised (cumulative)",
        gid="actual",
    )
    if cum_actual:
        reported = periods[: len(cum_actual)]
        ax.fill_between(
            reported,
            cum_plan[: len(cum_actual)],
            cum_actual,
            color=ORANGE,
            alpha=LIGHT,
            label="gap to plan",
            gid="gap",
        )
    ratio = result["realisation"]
    title = "Benefits: planned vs realised"
    if ratio is not None:
        title += f" ({ratio:.0%} of plan to date)"
    ax.set_title(title)
    ax.set_xlabel("period")
    ax.set_ylabel("cumulative benefit")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


# --- learner progress ---------------------------------------------------------------


def progress_chart(rows: list[dict], ax=None):
    """Completion and score per notebook, as pairs of horizontal bars (percent).

    Example::

        >>> fig = progress_chart([{"notebook": "01-intro", "done": 2, "total": 4,
        ...                        "score": 1.5, "max": 2.0}])

    Parameters:
        rows: ``[{"notebook", "done", "total", "score", "max"}, ...]``.
        ax: optional matplotlib Axes to draw into.
    """
    fig, ax = _axes(ax, (7.0, 0.6 * len(rows) + 1.4))
    for y, row in enumerate(rows):
        done = 100 * row["done"] / row["total"] if row["total"] else 0.0
        score = 100 * row["score"] / row["max"] if row["max"] else 0.0
        (bar,) = ax.barh(y - 0.2, done, height=0.38, color=BLUE)
        bar.set_gid(f"done:{row['notebook']}")
        ax.text(done + 1, y - 0.2, f"{row['done']}/{row['total']} done", va="center", fontsize=8)
        (bar,) = ax.barh(y + 0.2, score, height=0.38, color=ORANGE, hatch="..")
        bar.set_gid(f"score:{row['notebook']}")
        ax.text(
            score + 1, y + 0.2, f"{row['score']:g}/{row['max']:g} points", va="center", fontsize=8
        )
    ax.set_yticks(range(len(rows)), [r["notebook"] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("percent")
    ax.set_title("Your progress by notebook")
    _legend_below(
        ax, [_legend_patch(BLUE, "exercises done"), _legend_patch(ORANGE, "score", 1, "..")]
    )
    return fig
