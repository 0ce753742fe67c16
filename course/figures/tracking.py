"""Tracking charts: earned value S-curves, program timelines, benefits, progress."""

from course.figures._style import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT,
    NORMAL,
    ORANGE,
    VERMILLION,
    _axes,
    _legend_below,
    _legend_patch,
)
from course.pm.program import benefits, propagate_slip

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
    period: str = "period",
    amount: str = "amount",
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
        period, amount: what a period and an amount are (``"month"``,
            ``"USD thousand"``), named on the axes.
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
            "status date", (status, 0), xytext=(4, 4), textcoords="offset points", fontsize=9
        )
    ax.set_xlabel(f"{period}s from the start")
    ax.set_ylabel(f"cumulative {amount}")
    ax.set_title("Earned value S-curves")
    ax.legend(loc="upper left", fontsize=9)
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
            _slipped_bar(ax, y, half, pid, slipped[pid])
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel("time (periods from the program start)")
    ax.set_ylabel("project")
    handles = [_legend_patch(NORMAL, "planned", LIGHT, "//")]
    title = "Program timeline"
    if slipped:
        delays = [row["delay"] > 0 for row in slipped.values()]
        if any(delays):
            handles.append(_legend_patch(VERMILLION, "after slips: late"))
        if not all(delays):
            handles.append(_legend_patch(GREEN, "after slips: on time"))
        end_plan = max(r["finish"] for r in planned.values())
        end_new = max(r["finish"] for r in slipped.values())
        title += f": program end {end_plan:g} \u2192 {end_new:g}"
    ax.set_title(title)
    _legend_below(ax, handles)
    ax.grid(axis="x", alpha=0.3)
    return fig


def _slipped_bar(ax, y: float, half: float, pid: str, new: dict) -> None:
    """Project ``pid``'s bar after the slips, under its planned one, with its delay."""
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
            fontsize=9,
            color=VERMILLION,
        )


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
    ax.legend(loc="upper left", fontsize=9)
    ax.grid(alpha=0.3)
    return fig


# --- learner progress ---------------------------------------------------------------


def progress_chart(rows: list[dict], ax=None):
    """Completion (with mastery inside it) and score per notebook, as pairs of bars (percent).

    The axis stops at 100 %. Each bar's label sits after its end, or inside it (on a
    box of the colour under it) when it would run past 100 %, so no label is cut and
    none crosses another.

    Example::

        >>> fig = progress_chart([{"notebook": "01-intro", "done": 2, "total": 4,
        ...                        "score": 1.5, "max": 2.0, "mastered": 1, "practice": 4}])

    Parameters:
        rows: ``[{"notebook", "done", "total", "score", "max"}, ...]``; with ``mastered``
            and ``practice`` (exercises that can be mastered), the mastered share is drawn
            as a solid bar inside the lighter "done" bar.
        ax: optional matplotlib Axes to draw into.
    """
    own = ax is None
    fig, ax = _axes(ax, (7.0, 0.6 * len(rows) + 1.4))
    mastery = any("mastered" in row for row in rows)
    labels = []  # (text, bar end, mastered share, (ink, box colour) inside the bar's end)
    for y, row in enumerate(rows):
        done = 100 * row["done"] / row["total"] if row["total"] else 0.0
        score = 100 * row["score"] / row["max"] if row["max"] else 0.0
        (bar,) = ax.barh(y - 0.2, done, height=0.38, color=BLUE, alpha=LIGHT if mastery else 1)
        bar.set_gid(f"done:{row['notebook']}")
        label, share = f"{row['done']}/{row['total']} done", 0.0
        if mastery and row.get("practice") and row["done"]:
            share = 100 * row["mastered"] / row["practice"]
            (bar,) = ax.barh(y - 0.2, share, height=0.38, color=BLUE)
            bar.set_gid(f"mastered:{row['notebook']}")
            label += f", {row['mastered']} mastered"
        elif mastery and not row.get("practice"):
            label += " (assessment)"
        inside = (BLACK, _PALE_BLUE) if mastery else ("white", BLUE)
        labels.append((_end_label(ax, done, y - 0.2, label), done, share, inside))
        (bar,) = ax.barh(y + 0.2, score, height=0.38, color=ORANGE, hatch="..")
        bar.set_gid(f"score:{row['notebook']}")
        points = f"{round(row['score'], 2):g}/{round(row['max'], 2):g} points"
        labels.append((_end_label(ax, score, y + 0.2, points), score, 0.0, (BLACK, ORANGE)))
    ax.set_yticks(range(len(rows)), [r["notebook"] for r in rows])
    ax.set_ylim(len(rows) - 0.45, -0.55)  # top row first, no empty row's gap at either end
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("percent")
    ax.set_title("Your progress by notebook")
    handles = [_legend_patch(BLUE, "exercises done", LIGHT if mastery else 1)]
    handles += [_legend_patch(BLUE, "mastered")] if mastery else []
    handles.append(_legend_patch(ORANGE, "score", 1, ".."))
    if own:  # under the axis label, however many notebooks tall the chart is
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=9)
    else:
        _legend_below(ax, handles)
    _move_inside_if_cut(fig, ax, labels)
    return fig


_PALE_BLUE = "#a6cee4"  # BLUE at alpha LIGHT on white: a done bar's end beyond its mastered bar


def _end_label(ax, value: float, y: float, text: str):
    """``text`` just after a bar's end; :func:`_move_inside_if_cut` may move it in."""
    label = ax.text(value + 1, y, text, va="center", fontsize=9)
    label.set_in_layout(False)  # the layout must not depend on where it ends up
    return label


def _move_inside_if_cut(fig, ax, labels) -> None:
    """Labels that would run past the axis' 100 % go inside their bar's end, on a box of
    the colour under them (which also hides the score bar's hatch behind the text)."""
    fig.draw_without_rendering()  # lay the figure out, so text widths are known
    right = ax.get_window_extent().x1
    to_data = ax.transData.inverted()
    for text, end, share, (ink, colour) in labels:
        extent = text.get_window_extent()
        if extent.x1 <= right - 2:
            continue
        width = to_data.transform((extent.x1, 0))[0] - to_data.transform((extent.x0, 0))[0]
        if share > end - width - 3:  # the solid mastered bar reaches under the label
            ink, colour = "white", BLUE
        text.set_position((end - 1.5, text.get_position()[1]))
        text.set_horizontalalignment("right")
        text.set_color(ink)
        text.set_bbox({"boxstyle": "square,pad=0.15", "facecolor": colour, "edgecolor": "none"})
