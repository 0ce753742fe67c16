"""The notebooks' tables fit JupyterLab at 1024 px (flag 32 of the learner review).

Notebook 13's certification table had five dense columns whose last one was
clipped at 1024 px and needed sideways scrolling; notebook 04's side-by-side
table is the other wide one. Each notebook is opened in JupyterLab at 1024 x 768
with the file browser open (JupyterLab's default), not run (tables are
Markdown), and every rendered table must fit its cell: no sideways scroll, no
column past the cell's right edge. A screenshot of each table is kept.
"""

from __future__ import annotations

import pytest
from helpers import expect, open_notebook

pytestmark = pytest.mark.browser

TABLE_FAULTS = """(table) => {
    const cell = table.closest('.jp-RenderedMarkdown') || table.parentElement;
    const box = cell.getBoundingClientRect(), faults = [];
    if (cell.scrollWidth > cell.clientWidth + 1)
        faults.push(`scrolls sideways: ${cell.scrollWidth} > ${cell.clientWidth}`);
    for (const th of table.querySelectorAll('th, td')) {
        const name = JSON.stringify(th.textContent.slice(0, 30));
        if (th.getBoundingClientRect().right > box.right + 1) faults.push(`${name} ends past`);
    }
    return faults;
}"""


@pytest.mark.parametrize(
    "notebook", ["13-careers-and-certifications.ipynb", "04-project-vs-program.ipynb"]
)
def test_every_table_fits_its_cell_at_1024_px(lab_server, page, output_dir, notebook):
    page.set_viewport_size({"width": 1024, "height": 768})
    open_notebook(page, lab_server, f"notebooks/{notebook}")
    tables = page.locator(".jp-RenderedMarkdown table")
    expect(tables.first).to_be_attached()
    found = tables.count()
    assert found >= 1
    for n in range(found):
        table = tables.nth(n)
        table.scroll_into_view_if_needed()
        table.screenshot(path=output_dir / f"{notebook[:2]}-table-{n}.png")
        assert table.evaluate(TABLE_FAULTS) == [], f"{notebook}, table {n}"
