"""Risk figures: the probability-impact matrix (heat map) with risks placed on it."""

from course.figures._style import (
    BLACK,
    GREEN,
    ORANGE,
    VERMILLION,
    _axes,
    _legend_below,
    _legend_patch,
)

# PMBOK Guide (4th/5th ed.) style scales: five probability and five impact ratings.
PROBABILITIES = (0.1, 0.3, 0.5, 0.7, 0.9)
IMPACTS = (0.05, 0.10, 0.20, 0.40, 0.80)
# Example zone thresholds on the score (probability x impact); each organisation sets its own.
HIGH, LOW = 0.18, 0.05


def _zone(value: float) -> tuple[str, str, str]:
    """(colour, hatch, letter) of a score's zone."""
    if value >= HIGH:
        return VERMILLION, "xx", "H"
    if value >= LOW:
        return ORANGE, "..", "M"
    return GREEN, "", "L"


def _index(value: float, scale: tuple[float, ...], name: str) -> int:
    for i, level in enumerate(scale):
        if abs(value - level) < 1e-9:
            return i
    levels = ", ".join(f"{v:g}" for v in scale)
    raise ValueError(f"{name} {value!r} is not on the matrix's scale; use one of {levels}")


def risk_matrix(risks: list[dict] | None = None, ax=None, title: str = "Probability-impact matrix"):
    """A 5 x 5 probability-impact heat map, with each risk's id in its cell.

    Cells are coloured and lettered by zone (H high, M medium, L low) from the
    score probability x impact; colour is repeated by hatching and letters.

    Example::

        >>> fig = risk_matrix([{"id": "R1", "probability": 0.7, "impact": 0.4}])

    Parameters:
        risks: optional list of ``{"id", "probability", "impact"}`` on the PMBOK
            scales (probability 0.1-0.9, impact 0.05-0.80).
        ax: optional matplotlib Axes to draw into.
        title: the figure's title.
    """
    from matplotlib.patches import Rectangle

    fig, ax = _axes(ax, (6.4, 5.2))
    for row, p in enumerate(PROBABILITIES):
        for col, impact in enumerate(IMPACTS):
            value = p * impact
            color, hatch, letter = _zone(value)
            cell = Rectangle(
                (col, row), 1, 1, facecolor=color, alpha=0.35, hatch=hatch, edgecolor="white", lw=2
            )
            cell.set_gid(f"cell:{p:g}x{impact:g}")
            ax.add_patch(cell)
            ax.text(
                col + 0.06, row + 0.9, f"{letter} {value:.2f}", fontsize=8, va="top", color=BLACK
            )
    placed: dict[tuple[int, int], list[str]] = {}
    for risk in risks or []:
        key = (
            _index(risk["probability"], PROBABILITIES, "probability"),
            _index(risk["impact"], IMPACTS, "impact"),
        )
        placed.setdefault(key, []).append(str(risk["id"]))
    for (row, col), ids in placed.items():
        text = ax.text(
            col + 0.5,
            row + 0.4,
            "\n".join(ids),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": BLACK},
        )
        text.set_gid("risk:" + ",".join(ids))
    ax.set_xlim(0, 5)
    ax.set_ylim(0, 5)
    ax.set_xticks([i + 0.5 for i in range(5)], [f"{v:.2f}" for v in IMPACTS])
    ax.set_yticks([i + 0.5 for i in range(5)], [f"{v:.1f}" for v in PROBABILITIES])
    ax.set_xlabel("impact on the objective (rating)")
    ax.set_ylabel("probability")
    ax.set_title(title)
    _legend_below(
        ax,
        [
            _legend_patch(VERMILLION, f"H: score \u2265 {HIGH:g}", 0.35, "xx"),
            _legend_patch(ORANGE, f"M: {LOW:g} to {HIGH:g}", 0.35, ".."),
            _legend_patch(GREEN, f"L: below {LOW:g}", 0.35),
        ],
    )
    return fig


__all__ = ["IMPACTS", "PROBABILITIES", "risk_matrix"]
