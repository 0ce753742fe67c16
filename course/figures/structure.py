"""Structure diagrams: the portfolio hierarchy and the career ladder."""

import textwrap

from course.figures._style import (
    GREEN,
    GREY,
    NORMAL,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    _axes,
    _bare,
    _box,
    _figure,
    _legend_patch,
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
    fig, ax = _axes(ax, (min(8.0, max(6.0, 1.9 * leaves[0])), 1.5 * (depth + 1) + 0.8))
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
        text = textwrap.fill(node["label"], 16)
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


def ladders(left: list[str], right: list[str], titles: tuple[str, str] = ("", "")):
    """Two career ladders side by side, first rung at the bottom.

    Example::

        >>> fig = ladders(["Coordinator", "Project manager"], ["Analyst", "Program manager"],
        ...               titles=("Project ladder", "Program ladder"))

    Parameters:
        left, right: rung labels from the entry rung up, as for :func:`ladder`.
        titles: the two ladders' titles.
    """
    fig = _figure((9.0, 0.55 * max(len(left), len(right)) + 1.2))
    first, second = fig.subplots(1, 2)
    ladder(left, title=titles[0] or None, ax=first)
    ladder(right, title=titles[1] or None, ax=second)
    return fig


# --- certification experience ---------------------------------------------------


def experience_chart(requirements: dict[str, dict[str, float]], note: str = ""):
    """Minimum months of experience per credential, one bar per kind of experience.

    Example::

        >>> fig = experience_chart({"CAPM": {}, "PMP": {"leading projects": 36}})

    Parameters:
        requirements: ``{credential: {kind of experience: months}}``; an empty
            dict draws "no experience required".
        note: optional text added to the x-axis label (the source and its date).
    """
    palette = [SKY, NORMAL, ORANGE, GREY, PURPLE, GREEN, VERMILLION]
    colours: dict[str, str] = {}
    rows = sum(max(len(kinds), 1) for kinds in requirements.values())
    fig, ax = _axes(None, (8.0, 0.42 * rows + 0.4 * len(requirements) + 1.4))
    top = max((m for kinds in requirements.values() for m in kinds.values()), default=12)
    row, labels, positions = 0.0, [], []
    for credential, kinds in requirements.items():
        if not kinds:
            ax.text(top * 0.02, row, "no experience required", va="center", fontsize=9)
            labels.append(credential)
            positions.append(row)
            row += 1
        for kind, months in kinds.items():
            colour = colours.setdefault(kind, palette[len(colours) % len(palette)])
            (bar,) = ax.barh(row, months, color=colour)
            bar.set_gid(f"experience:{credential}:{kind}")
            ax.text(months + top * 0.02, row, f"{months:g} months: {kind}", va="center", fontsize=9)
            labels.append(credential)  # every bar names its credential: no blank tick
            positions.append(row)
            row += 1
        row += 0.5
    ax.set_yticks(positions, labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(positions[-1] + 0.7 if positions else 1, -0.7)
    ax.set_xlim(0, top * 1.75)
    ax.set_xlabel("minimum months of experience" + (f" ({note})" if note else ""), fontsize=9)
    ax.set_title("Experience asked for by PMI credentials")
    return fig
