"""Business-case figures: yearly and cumulative cash flow, with the payback point."""

from itertools import accumulate

from course.figures._style import BLACK, BLUE, GREEN, GREY, VERMILLION, _axes
from course.pm.finance import discounted_payback, payback, present_values


def cash_flow(flows: list[float], rate: float | None = None, ax=None, unit: str = "USD thousand"):
    """Net cash flow per period (bars) and its running total (line), with payback marked.

    With ``rate``, a second line shows the running total of the discounted
    flows: it ends at the NPV and crosses zero later (discounted payback).

    Example::

        >>> fig = cash_flow([-200, 50, 60, 70, 200], rate=0.10)

    Parameters:
        flows: cash flows per period, period 0 first.
        rate: optional discount rate for the discounted line.
        ax: optional matplotlib Axes to draw into.
        unit: what the amounts are in, for the axis label.
    """
    fig, ax = _axes(ax, (7.2, 4.4))
    periods = list(range(len(flows)))
    bars = ax.bar(
        periods,
        flows,
        color=[GREEN if f >= 0 else VERMILLION for f in flows],
        alpha=0.45,
        width=0.6,
    )
    for bar, period in zip(bars, periods, strict=True):
        bar.set_gid(f"flow:{period}")
    ax.plot(
        periods,
        list(accumulate(flows)),
        color=BLUE,
        marker="o",
        lw=2,
        label="cumulative",
        gid="cumulative",
    )
    marks = [("payback", payback(flows), BLUE)]
    if rate is not None:
        discounted = list(accumulate(present_values(rate, flows)))
        ax.plot(
            periods,
            discounted,
            color=BLACK,
            ls="--",
            marker="s",
            ms=4,
            lw=1.5,
            label=f"cumulative, discounted at {rate:.0%}",
            gid="discounted",
        )
        marks.append(("discounted payback", discounted_payback(rate, flows), BLACK))
    ax.axhline(0, color=GREY, lw=1)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.18 * (high - low))  # room above the data for the payback labels
    _payback_marks(ax, marks)
    ax.set_xticks(periods)
    ax.set_xlabel("year (0 = now)")
    ax.set_ylabel(unit)
    ax.set_title("Cash flow: per year (bars) and cumulative (lines)")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3, axis="y")
    return fig


def _payback_marks(ax, marks: list) -> None:
    """A dotted line and a label at each ``(label, when, color)`` payback (None: never)."""
    for i, (label, when, color) in enumerate(marks):
        if when is None:
            continue
        ax.axvline(when, color=color, ls=":", lw=1, gid=f"mark:{label}")
        # At the top of the plot, beside its line (the first to the left, the next to
        # the right), where neither the bars nor the cumulative lines run.
        ax.annotate(
            f"{label}\n{when:.2f} years",
            (when, 1),
            xycoords=ax.get_xaxis_transform(),
            xytext=(-4 if i == 0 else 4, -4),
            textcoords="offset points",
            fontsize=8,
            va="top",
            ha="right" if i == 0 else "left",
            color=color,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )


__all__ = ["cash_flow"]
