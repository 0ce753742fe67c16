"""The schedule network of notebook 05 reads at 1024 px, in the light and dark themes.

At 1024 px with the file browser open, JupyterLab's output area is about 590 px
wide; a wider picture is scaled down to fit, and its text with it. The test
runs notebook 05 in JupyterLab at 1440 and 1024 px, finds the network's picture,
and computes each text's size on screen: its size in points at the figure's
100 dpi, times the rendered width over the picture's natural width. Every
text must be at least MIN_PX (9 px) on screen. Screenshots of the figure are
saved for both widths and both themes.
"""

from __future__ import annotations

import json

import pytest
from helpers import REPO, open_notebook, run_all
from test_feedback_in_browser import use_theme

pytestmark = pytest.mark.browser
NOTEBOOK = "05-project-toolkit.ipynb"
CALL = 'course.figures.network(tasks, unit="weeks")'
MIN_PX = 9.0
DPI = 100  # the figures' PNG resolution (course/figures/_style.py)


def notebook_tasks() -> dict:
    """The ``tasks`` network the notebook defines, read from its cell."""
    cells = json.loads((REPO / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    source = next(
        "".join(c["source"]) for c in cells if "".join(c["source"]).startswith("tasks = {")
    )
    scope: dict = {}
    exec(source, scope)  # a dict literal, the notebook's own
    return scope["tasks"]


def smallest_text_pt() -> tuple[float, str]:
    """The smallest font size (points) among the network figure's texts, and that text."""
    import course.figures

    fig = course.figures.network(notebook_tasks(), unit="weeks")
    fig.canvas.draw()  # lays out the legend, so its texts exist
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize")) if t.get_text()]
    small = min(texts, key=lambda t: t.get_fontsize())
    return small.get_fontsize(), small.get_text()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 1024])
def test_network_labels_are_readable_at_laptop_widths(lab_server, page, output_dir, theme, width):
    use_theme(lab_server, theme)
    page.set_viewport_size({"width": width, "height": 768})
    open_notebook(page, lab_server, f"notebooks/{NOTEBOOK}")
    run_all(page, timeout=300)
    cell = page.locator(".jp-CodeCell").filter(has_text=CALL)
    image = cell.locator(".jp-OutputArea-output img")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    natural, shown = image.evaluate(
        "(img) => [img.naturalWidth, img.getBoundingClientRect().width]"
    )
    scale = shown / natural
    points, text = smallest_text_pt()
    on_screen = points * DPI / 72 * scale
    image.screenshot(path=output_dir / f"network-{theme}-{width}.png")
    cell.screenshot(path=output_dir / f"network-cell-{theme}-{width}.png")
    assert on_screen >= MIN_PX, (
        f"at {width} px the network is shown at {scale:.0%} ({shown:.0f} of {natural} px): "
        f"{text!r} ({points} pt) is {on_screen:.1f} px on screen, under {MIN_PX}"
    )
