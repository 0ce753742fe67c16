"""Agile figures: a release burn-up with a forecast cone."""

from itertools import accumulate

from course.figures._style import BLACK, BLUE, GREEN, GREY, VERMILLION, _axes


def burn_up(
    done: list[float], scope: list[float] | float, ax=None, sprints_ahead: int | None = None
):
    """Work done (cumulative) against the release scope, with a forecast cone.

    The cone starts at the last sprint and spreads between the fastest and
    the slowest velocity seen so far; where each edge meets the scope line is
    the earliest and latest sprint the release may finish (scope held at its
    last value).

    Example::

        >>> fig = burn_up([20, 25, 18, 22], scope=[150, 150, 160, 160])

    Parameters:
        done: points finished in each sprint so far.
        scope: total points in the release after each sprint (or one number).
        ax: optional matplotlib Axes to draw into.
        sprints_ahead: how far to draw the cone (default: until the slowest edge meets the scope).
    """
    import math

    if not done or min(done) <= 0:
        raise ValueError("burn_up needs at least one sprint, each with some points finished")
    scopes = [scope] * len(done) if isinstance(scope, int | float) else list(scope)
    if len(scopes) != len(done):
        raise ValueError(
            f"scope has {len(scopes)} values for {len(done)} sprints; give one per sprint"
        )
    fig, ax = _axes(ax, (7.2, 4.4))
    total = list(accumulate(done))
    now, level, target = len(done), total[-1], scopes[-1]
    fast, slow = max(done), min(done)
    remaining = max(0.0, target - level)
    early, late = math.ceil(remaining / fast), math.ceil(remaining / slow)
    ahead = sprints_ahead or late + 1
    _cone(ax, now, level, fast, slow, ahead)
    ax.plot(
        range(now + 1),
        [0, *total],
        color=GREEN,
        marker="o",
        lw=2,
        label="done (cumulative)",
        gid="done",
    )
    _scope(ax, scopes, target, now, ahead)
    _finish_marks(ax, now + early, now + late)
    ax.set_xlim(0, now + ahead)
    ax.set_ylim(0, max(target, level + fast * ahead) * 1.05)
    ax.set_xlabel("sprint")
    ax.set_ylabel("story points")
    ax.set_title(f"Release burn-up: {remaining:g} points to go after sprint {now}")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def _cone(ax, now: int, level: float, fast: float, slow: float, ahead: int) -> None:
    """The forecast cone from sprint ``now``: between the fastest and slowest velocity."""
    xs = list(range(now, now + ahead + 1))
    cone = ax.fill_between(
        xs,
        [level + fast * (x - now) for x in xs],
        [level + slow * (x - now) for x in xs],
        color=BLUE,
        alpha=0.15,
        hatch="//",
        edgecolor=BLUE,
        label=f"forecast: {slow:g}-{fast:g} points per sprint",
    )
    cone.set_gid("cone")


def _scope(ax, scopes: list[float], target: float, now: int, ahead: int) -> None:
    """The release scope after each sprint, held at ``target`` for the sprints ahead."""
    ax.step(
        range(now + ahead + 1),
        [scopes[0], *scopes, *[target] * ahead],
        where="post",
        color=VERMILLION,
        lw=2,
        ls="--",
        label="release scope",
        gid="scope",
    )


def _finish_marks(ax, earliest: int, latest: int) -> None:
    """Dotted lines at the earliest and latest sprint the release may finish."""
    for when, word in ((earliest, "earliest"), (latest, "latest")):
        ax.axvline(when, color=GREY, ls=":", lw=1)
        ax.annotate(
            f"{word}:\nsprint {when}",
            (when, 0),
            xytext=(3, 4),
            textcoords="offset points",
            fontsize=8,
            color=BLACK,
        )


__all__ = ["burn_up"]
