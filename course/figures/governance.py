"""Governance figures: a life cycle of phases separated by decision gates."""

from course.figures._style import BLACK, BLUE, LIGHT, ORANGE, _axes, _bare, _box


def stage_gates(phases: list[str], gates: list[str], ax=None, title: str = "Phases and gates"):
    """Phases as boxes in a row, with a diamond gate (and who decides there) between them.

    ``gates`` has one label per gate: one after each phase except the last,
    or one after every phase when it is as long as ``phases``.

    Example::

        >>> fig = stage_gates(["Idea", "Build", "Run"], ["Sponsor", "Steering committee"])

    Parameters:
        phases: phase names, in order.
        gates: the decision body (or decision) at each gate.
        ax: optional matplotlib Axes to draw into.
        title: the figure's title.
    """
    from matplotlib.patches import RegularPolygon

    if len(gates) not in (len(phases) - 1, len(phases)):
        raise ValueError(
            f"{len(phases)} phases need {len(phases) - 1} gates "
            f"(or {len(phases)} with a final one); "
            f"got {len(gates)}"
        )
    fig, ax = _axes(ax, (max(7.0, 1.8 * len(phases)), 2.0))
    step = 2.0
    for i, phase in enumerate(phases):
        box = _box(ax, i * step + 0.7, 1.0, 1.2, 0.7, facecolor=BLUE, alpha=LIGHT, edgecolor=BLUE)
        box.set_gid(f"phase:{i}")
        ax.text(i * step + 0.7, 1.0, phase, ha="center", va="center", fontsize=9, wrap=True)
    for i, gate in enumerate(gates):
        x = i * step + 1.7
        diamond = RegularPolygon((x, 1.0), 4, radius=0.22, facecolor=ORANGE, edgecolor=BLACK)
        diamond.set_gid(f"gate:{i}")
        ax.add_patch(diamond)
        ax.text(x, 1.0, str(i + 1), ha="center", va="center", fontsize=8, fontweight="bold")
        ax.text(x, 0.42, gate, ha="center", va="top", fontsize=8)
    ax.set_xlim(0.0, (len(phases) - 1) * step + 1.4 + (0.8 if len(gates) == len(phases) else 0))
    ax.set_ylim(0.1, 1.45)
    ax.set_aspect("equal")
    _bare(ax)
    ax.set_title(title)
    return fig


__all__ = ["stage_gates"]
