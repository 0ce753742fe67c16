"""Risk figures: the probability-impact matrix (heat map) and a rolled-back decision tree."""

from course.figures._style import (
    BLACK,
    GREEN,
    ORANGE,
    VERMILLION,
    _axes,
    _bare,
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
    fig, ax = _axes(ax, (6.4, 5.2))
    _matrix_cells(ax)
    _matrix_risks(ax, risks or [])
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


def _matrix_cells(ax) -> None:
    """The 25 cells of the matrix, coloured, hatched and lettered by zone."""
    from matplotlib.patches import Rectangle

    for row, p in enumerate(PROBABILITIES):
        for col, impact in enumerate(IMPACTS):
            value = round(p * impact, 3)  # 0.045, not 0.05: the label must agree with its zone
            color, hatch, letter = _zone(value)
            cell = Rectangle(
                (col, row), 1, 1, facecolor=color, alpha=0.35, hatch=hatch, edgecolor="white", lw=2
            )
            cell.set_gid(f"cell:{p:g}x{impact:g}")
            ax.add_patch(cell)
            ax.text(col + 0.06, row + 0.9, f"{letter} {value:g}", fontsize=8, va="top", color=BLACK)


def _matrix_risks(ax, risks: list[dict]) -> None:
    """Each risk's id in its cell (risks in the same cell share one label)."""
    placed: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
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


def _layout(node, depth: int, leaves: list, out: list, label: str, parent: int | None) -> int:
    """Place ``node`` and its subtree; return its index in ``out`` (x: depth, y: leaf mean)."""
    index = len(out)
    out.append({"node": node, "x": depth, "y": 0.0, "label": label, "parent": parent})
    if isinstance(node, dict) and "decision" in node:
        children = [(str(name), sub) for name, sub in node["decision"].items()]
    elif isinstance(node, dict) and "chance" in node:
        children = [(f"p = {p:g}", sub) for p, sub in node["chance"]]
    else:
        out[index]["y"] = float(len(leaves))
        leaves.append(index)
        return index
    ys = [out[_layout(sub, depth + 1, leaves, out, name, index)]["y"] for name, sub in children]
    out[index]["y"] = sum(ys) / len(ys)
    return index


def decision_tree(tree, ax=None, unit: str = "", title: str = "Decision tree, rolled back"):
    """A decision tree with each node's rolled-back value; the best option's branch is bold.

    Squares are decisions, circles chance events, and the ends show the net
    payoffs. Each decision and chance node is labelled with its expected
    monetary value (``course.pm.roll_back``).

    Example::

        >>> fig = decision_tree({"decision": {"a": 10, "b": {"chance": [[0.5, 30], [0.5, -5]]}}})

    Parameters:
        tree: a tree in the format of :func:`course.pm.roll_back`.
        ax: optional matplotlib Axes to draw into.
        unit: optional unit written after the values (e.g. "m").
        title: the figure's title.
    """
    from course.pm.risk import roll_back

    roll_back(tree)  # validates the whole tree, with a clear message
    placed: list[dict] = []
    leaves: list[int] = []
    _layout(tree, 0, leaves, placed, "", None)
    depth = max(p["x"] for p in placed)
    # At most 8 inches wide, so that the 8-point labels stay readable (11 px)
    # when the notebook shows the figure 800 pixels wide.
    fig, ax = _axes(ax, (min(8.0, 2.6 * depth + 3.0), 0.75 * len(leaves) + 1.4))
    best = {}
    for i, p in enumerate(placed):
        if isinstance(p["node"], dict) and "decision" in p["node"]:
            options = p["node"]["decision"]
            best[i] = max(options, key=lambda name: roll_back(options[name]))
    _draw_tree(ax, placed, best, unit)
    ax.set_xlim(-0.3, depth + 0.6)
    ax.set_ylim(len(leaves) - 0.4, -0.7)
    _bare(ax)
    ax.set_title(title)
    return fig


def _draw_tree(ax, placed: list[dict], best: dict, unit: str) -> None:
    """Each node of a laid-out tree: its branch from the parent, its marker, its value."""
    from course.pm.risk import roll_back

    for i, p in enumerate(placed):
        value = roll_back(p["node"])
        if p["parent"] is not None:
            parent = placed[p["parent"]]
            chosen = best.get(p["parent"]) == p["label"]
            ax.plot(
                [parent["x"], parent["x"] + 0.25, p["x"]],
                [parent["y"], p["y"], p["y"]],
                color=VERMILLION if chosen else BLACK,
                lw=2.5 if chosen else 1,
                gid=f"branch:{i}",
            )
            ax.text(parent["x"] + 0.3, p["y"] - 0.06, p["label"], fontsize=8, va="bottom")
        kind = p["node"]
        text = f"{value:,.6g}{unit}"
        if isinstance(kind, dict):
            marker = "s" if "decision" in kind else "o"
            ax.plot(
                p["x"],
                p["y"],
                marker,
                ms=12,
                color=ORANGE if marker == "s" else GREEN,
                mec=BLACK,
                zorder=3,
                gid=f"node:{i}",
            )
            ax.text(  # below and left of the node: no branch runs there
                p["x"] - 0.04,
                p["y"] + 0.12,
                f"EMV {text}",
                ha="right",
                va="top",
                fontsize=8,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )
        else:
            ax.text(p["x"] + 0.05, p["y"], text, va="center", fontsize=9, gid=f"end:{i}")


__all__ = ["IMPACTS", "PROBABILITIES", "decision_tree", "risk_matrix"]
