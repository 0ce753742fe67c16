"""Stakeholder figures: the power/interest grid."""

from course.figures._style import BLACK, BLUE, GREY, _axes

QUADRANTS = {
    "manage-closely": (7.5, 9.5, "Manage closely"),
    "keep-satisfied": (2.5, 9.5, "Keep satisfied"),
    "keep-informed": (7.5, 4.5, "Keep informed"),
    "monitor": (2.5, 4.5, "Monitor"),
}


def power_interest(stakeholders: dict[str, tuple[float, float]] | None = None, ax=None):
    """The power/interest grid with stakeholders placed by (interest, power), each 0-10.

    Example::

        >>> fig = power_interest({"Sponsor": (9, 9), "Auditor": (3, 8)})

    Parameters:
        stakeholders: optional ``{name: (interest, power)}`` on 0-10 scales.
        ax: optional matplotlib Axes to draw into.
    """
    fig, ax = _axes(ax, (6.4, 5.4))
    ax.axvline(5, color=GREY, lw=1.5)
    ax.axhline(5, color=GREY, lw=1.5)
    for gid, (x, y, label) in QUADRANTS.items():
        text = ax.text(
            x, y, label, ha="center", va="top", fontsize=10, fontweight="bold", color=BLUE
        )
        text.set_gid(f"quadrant:{gid}")
    for name, (interest, power) in (stakeholders or {}).items():
        for value, axis in ((interest, "interest"), (power, "power")):
            if not 0 <= value <= 10:
                raise ValueError(f"{name!r}: {axis} must be on the 0-10 scale, got {value!r}")
        ax.plot(interest, power, "o", color=BLACK, ms=6, gid=f"point:{name}")
        right = interest <= 7
        ax.annotate(
            name,
            (interest, power),
            xytext=(6 if right else -6, -3),
            textcoords="offset points",
            ha="left" if right else "right",
            va="top",
            fontsize=9,
            gid=f"label:{name}",
        )
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_xticks([0, 5, 10], ["low", "", "high"])
    ax.set_yticks([0, 5, 10], ["low", "", "high"])
    ax.set_xlabel("interest in the work \u2192")
    ax.set_ylabel("power over the work \u2192")
    ax.set_title("Power/interest grid")
    return fig


__all__ = ["power_interest"]
