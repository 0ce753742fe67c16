"""The learner review's figure flags, on the figures as the notebooks draw them.

Each notebook's code cells run in order (exercise cells left out) and every cell
ending in a ``course.figures`` call gives its figure, as JupyterLab would show it.

* flag 26: the network and Gantt name their time unit, the S-curve its period
  and amount (no bare "period", "cumulative amount" or "duration 15");
* flag 27: no branch line of the decision tree crosses an EMV label;
* flag 28: the cash flow's payback labels touch no line of the chart.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.path import Path as Line
from matplotlib.text import Text

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def notebook_figures(name: str) -> dict[str, Figure]:
    """``{figure function: Figure}`` of every figure cell of notebook ``name``."""
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    made = {}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "course.show(" in source:
            continue
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, name, "exec"), namespace)  # noqa: S102 - the course's own notebooks
        if last is None:
            continue
        value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)  # noqa: S307
        if isinstance(value, Figure):
            call = last.value.func if isinstance(last.value, ast.Call) else None
            made[getattr(call, "attr", "figure")] = value
    return made


def drawn(fig: Figure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    return fig


def crossings(fig: Figure, label_has: str, lines) -> list[str]:
    """Labels holding ``label_has`` that a line in ``lines`` runs through."""
    found = []
    for text in fig.findobj(Text):
        if label_has not in text.get_text() or not text.get_visible():
            continue
        box = text.get_window_extent()
        for line in lines:
            path = Line(line.get_transform().transform(line.get_xydata()))
            if path.intersects_bbox(box, filled=False):
                found.append(f"{line.get_gid() or line.get_label()} crosses {text.get_text()!r}")
    return found


def all_text(fig: Figure) -> str:
    return " | ".join(t.get_text() for t in fig.findobj(Text) if t.get_text())


def test_flag_26_network_gantt_and_s_curve_name_their_units():
    made = notebook_figures("05-project-toolkit.ipynb")
    for name in ("network", "gantt"):
        assert "week" in all_text(made[name]), f"{name}: {all_text(made[name])[:200]}"
    curve = made["s_curve"]
    labels = [curve.axes[0].get_xlabel(), curve.axes[0].get_ylabel()]
    assert labels[0] != "period" and labels[1] != "cumulative amount", labels


def test_flag_27_no_branch_line_crosses_an_emv_label():
    tree = drawn(notebook_figures("08-risk-at-both-levels.ipynb")["decision_tree"])
    ax = tree.axes[0]
    emv = [t for t in tree.findobj(Text) if "EMV" in t.get_text()]
    assert len(emv) >= 2
    assert crossings(tree, "EMV", ax.lines) == []


def test_flag_28_payback_labels_touch_no_line():
    chart = drawn(notebook_figures("10-business-case-and-benefits.ipynb")["cash_flow"])
    ax = chart.axes[0]
    curves = [line for line in ax.lines if not (line.get_gid() or "").startswith("mark")]
    assert [t for t in chart.findobj(Text) if "payback" in t.get_text()]
    assert crossings(chart, "payback", curves) == []


@pytest.fixture(autouse=True)
def _close():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")
