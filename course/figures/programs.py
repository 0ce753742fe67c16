"""Figures of the later program notebooks: adoption, incentive contracts, roadmaps, Monte Carlo."""

from course.figures._style import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT,
    ORANGE,
    SKY,
    VERMILLION,
    _axes,
    _legend_below,
)
from course.pm.contracts import fixed_price_incentive, point_of_total_assumption
from course.pm.montecarlo import percentile


def adoption_profile(adoption: list[float], profile: dict, ax=None, unit: str = "thousands"):
    """Adoption share (top) above the benefit, dis-benefit and net benefit it drives (bottom).

    Example::

        >>> from course.pm import adoption_benefits
        >>> fig = adoption_profile([0.1, 0.4, 0.7, 0.8],
        ...                        adoption_benefits([0.1, 0.4, 0.7, 0.8], 100, 1, 0.5, 10, 0.7))

    Parameters:
        adoption: share adopted at the end of each period (0-1).
        profile: the dict :func:`course.pm.adoption_benefits` returns for it.
        ax: ignored when None; a pair of Axes (top, bottom) to draw into.
        unit: the money unit, for the axis label.
    """
    for key in ("benefit", "dis_benefit", "net"):
        if key not in profile or len(profile[key]) != len(adoption):
            raise ValueError(
                f"profile needs {key!r} with one value per period ({len(adoption)}); "
                f"pass the result of course.pm.adoption_benefits for the same curve"
            )
    from course.figures._style import _figure

    if ax is None:
        fig = _figure((7.5, 5.2))
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[1, 1.5])
    else:
        top, bottom = ax
        fig = top.figure
    periods = list(range(1, len(adoption) + 1))
    top.plot(
        periods, [100 * s for s in adoption], color=BLUE, lw=2, marker="o", ms=3, gid="adoption"
    )
    top.set_ylim(0, 105)
    top.set_ylabel("adopted (%)")
    top.set_title("Adoption drives the benefits profile")
    top.grid(alpha=0.3)
    bottom.bar(
        periods, profile["benefit"], color=GREEN, alpha=LIGHT, label="benefit", gid="benefit"
    )
    bottom.bar(
        periods,
        [-d for d in profile["dis_benefit"]],
        color=VERMILLION,
        alpha=LIGHT,
        hatch="//",
        label="dis-benefit",
        gid="dis_benefit",
    )
    bottom.plot(
        periods, profile["net"], color=BLACK, lw=2, marker="s", ms=3, label="net", gid="net"
    )
    bottom.axhline(0, color=GREY, lw=1)
    from matplotlib.ticker import MaxNLocator

    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_xlabel("period")
    bottom.set_ylabel(f"per period ({unit})")
    bottom.grid(alpha=0.3)
    bottom.legend(loc="upper left", fontsize=9, frameon=False)
    return fig


def incentive_contract(
    target_cost: float,
    target_fee: float,
    ceiling_price: float,
    buyer_share: float,
    ax=None,
    unit: str = "thousands",
):
    """Buyer's price and seller's profit against the actual cost of an FPIF contract, PTA marked.

    Example::

        >>> fig = incentive_contract(100, 10, 120, 0.8)

    Parameters:
        target_cost, target_fee, ceiling_price, buyer_share: as in
            :func:`course.pm.fixed_price_incentive`.
        ax: optional matplotlib Axes to draw into.
        unit: the money unit, for the axis labels.
    """
    pta = point_of_total_assumption(target_cost, target_fee, ceiling_price, buyer_share)
    low, high = 0.7 * target_cost, max(1.35 * target_cost, pta * 1.12)
    costs = [low + (high - low) * i / 100 for i in range(101)]
    rows = [
        fixed_price_incentive(target_cost, target_fee, ceiling_price, buyer_share, c) for c in costs
    ]
    fig, ax = _axes(ax, (7.2, 4.2))
    ax.plot(costs, [r["price"] for r in rows], color=BLUE, lw=2, label="price the buyer pays")
    ax.lines[-1].set_gid("price")
    ax.plot(
        costs, [r["profit"] for r in rows], color=ORANGE, lw=2, ls="--", label="seller's profit"
    )
    ax.lines[-1].set_gid("profit")
    ax.axhline(ceiling_price, color=GREY, ls=":", lw=1)
    ax.annotate(
        f"ceiling {ceiling_price:,.0f}",
        (low, ceiling_price),
        xytext=(2, 4),
        textcoords="offset points",
        fontsize=8,
        color=GREY,
    )
    ax.axhline(0, color=GREY, lw=1)
    for x, label in ((target_cost, "target cost"), (pta, f"PTA {pta:,.1f}")):
        ax.axvline(x, color=BLACK if label.startswith("PTA") else SKY, ls="-.", lw=1, gid=label)
        ax.annotate(
            label,
            (x, ceiling_price * 0.55),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=8,
            rotation=90,
        )
    ax.set_xlabel(f"seller's actual cost ({unit})")
    ax.set_ylabel(unit)
    ax.set_title(
        f"Fixed price incentive fee: share {buyer_share:.0%}/{1 - buyer_share:.0%}, "
        f"ceiling {ceiling_price:,.0f}"
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", fontsize=9, frameon=False)
    return fig


_TRANCHE_COLOURS = (BLUE, GREEN, ORANGE, SKY, VERMILLION)


def roadmap(tranches: dict[str, dict], ax=None, unit: str = "month"):
    """A program roadmap: components as bars grouped by tranche, a gate at each tranche's end.

    Example::

        >>> fig = roadmap({
        ...     "Tranche 1": {"components": {"EPR": (0, 9), "Training": (6, 9)}, "gate": "Gate 1"},
        ...     "Tranche 2": {"components": {"App": (9, 15)}, "gate": "Gate 2"}})

    Parameters:
        tranches: ``{tranche: {"components": {name: (start, end)}, "gate": label}}``,
            in order; ``gate`` is optional.
        ax: optional matplotlib Axes to draw into.
        unit: the time unit, for the axis label.
    """
    from matplotlib.patches import RegularPolygon

    if not tranches:
        raise ValueError("give at least one tranche with its components")
    rows = []
    for t, (tranche, spec) in enumerate(tranches.items()):
        components = spec.get("components") if isinstance(spec, dict) else None
        if not components:
            raise ValueError(f"tranche {tranche!r} needs 'components': {{name: (start, end)}}")
        for name, span in components.items():
            if not isinstance(span, list | tuple) or len(span) != 2 or not span[0] < span[1]:
                raise ValueError(f"{tranche!r} {name!r}: give (start, end) with start < end")
            rows.append((t, tranche, name, span[0], span[1]))
    fig, ax = _axes(ax, (8.0, 0.9 + 0.42 * len(rows)))
    end = max(r[4] for r in rows)
    for y, (t, _tranche, name, start, stop) in enumerate(rows):
        colour = _TRANCHE_COLOURS[t % len(_TRANCHE_COLOURS)]
        ax.barh(
            y, stop - start, left=start, height=0.6, color=colour, alpha=0.75, gid=f"bar:{name}"
        )
    ax.set_yticks(range(len(rows)), [r[2] for r in rows], fontsize=9)
    ax.invert_yaxis()
    handles = []
    for t, (tranche, spec) in enumerate(tranches.items()):
        mine = [r for r in rows if r[0] == t]
        finish = max(r[4] for r in mine)
        colour = _TRANCHE_COLOURS[t % len(_TRANCHE_COLOURS)]
        from course.figures._style import _legend_patch

        handles.append(_legend_patch(colour, tranche, 0.75))
        if spec.get("gate"):
            gate = RegularPolygon(
                (finish, -0.9), 4, radius=0.32, facecolor=ORANGE, edgecolor=BLACK, clip_on=False
            )
            gate.set_gid(f"gate:{t}")
            ax.add_patch(gate)
            ax.axvline(finish, color=GREY, ls=":", lw=1)
            ax.annotate(
                spec["gate"],
                (finish, -0.9),
                xytext=(-6, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8,
            )
    ax.set_ylim(len(rows) - 0.4, -1.5)
    ax.set_xlim(0, end * 1.03)
    ax.set_xlabel(unit)
    ax.set_title("Program roadmap in tranches", pad=4)
    ax.grid(axis="x", alpha=0.3)
    _legend_below(ax, handles)
    return fig


def simulation_histogram(
    values: list[float],
    ax=None,
    unit: str = "months",
    pert_mean: float | None = None,
    target: float | None = None,
    title: str = "Monte Carlo: finish of the last component",
):
    """A histogram of simulated outcomes with the P50 and P80 marked, and the PERT figure if given.

    Example::

        >>> fig = simulation_histogram([10, 11, 11, 12, 12, 12, 13, 13, 14, 16], pert_mean=11.5)

    Parameters:
        values: the simulated outcomes (e.g. ``simulate(...)["duration"]``).
        ax: optional matplotlib Axes to draw into.
        unit: the unit, for the axis label.
        pert_mean: optional PERT expected value of the critical path, drawn for comparison.
        target: optional date or budget; the share of runs at or below it is written.
        title: the figure's title.
    """
    if not values:
        raise ValueError("give the simulated values (at least one)")
    p50, p80 = percentile(values, 50), percentile(values, 80)
    fig, ax = _axes(ax, (7.2, 3.9))
    ax.hist(values, bins=min(40, max(5, len(values) // 25)), color=SKY, alpha=0.8, gid="runs")
    top = ax.get_ylim()[1]
    marks = [(p50, "P50", BLUE, "--"), (p80, "P80", VERMILLION, "-")]
    if pert_mean is not None:
        marks.append((pert_mean, "PERT", BLACK, ":"))
    for i, (x, label, colour, style) in enumerate(marks):
        ax.axvline(x, color=colour, ls=style, lw=2, gid=f"mark:{label}")
        ax.annotate(
            f"{label} {x:,.1f}",
            (x, top * (0.95 - 0.12 * i)),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=9,
            color=colour,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )
    if target is not None:
        share = sum(v <= target for v in values) / len(values)
        ax.set_title(f"{title}\n{share:.0%} of {len(values):,} runs at or below {target:g}")
    else:
        ax.set_title(f"{title} ({len(values):,} runs)")
    ax.set_xlabel(unit)
    ax.set_ylabel("runs")
    ax.set_ylim(0, top * 1.05)
    return fig


__all__ = ["adoption_profile", "incentive_contract", "roadmap", "simulation_histogram"]
