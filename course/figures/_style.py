"""Shared style of the course figures: the palette and small drawing helpers."""

import functools
import io

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


def _figure(size: tuple[float, float]):
    """A new, empty course Figure of ``size`` inches, with constrained layout."""
    return _figure_class()(figsize=size, layout="constrained")


def _axes(ax, size: tuple[float, float]):
    """``(figure, axes)``: the given Axes, or a new Figure with one Axes."""
    if ax is not None:
        return ax.figure, ax
    fig = _figure(size)
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

    # A hatch is drawn in the edge colour: black, as on the bars (which have no edge).
    edge, width = (BLACK, 0) if hatch else (color, None)
    return Patch(
        facecolor=color, alpha=alpha, hatch=hatch, edgecolor=edge, linewidth=width, label=label
    )


def _legend_below(ax, handles: list) -> None:
    """A legend under the x axis, where it cannot hide bars.

    It sits a fixed 0.5 in under the axes (below the tick labels and the axis
    label), not a share of the axes' height: a tall chart keeps it close.
    """
    from matplotlib.transforms import ScaledTranslation

    below = ScaledTranslation(0, -0.5, ax.figure.dpi_scale_trans)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=ax.transAxes + below,
        ncol=len(handles),
        frameon=False,
        fontsize=9,
    )
