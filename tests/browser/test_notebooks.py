"""Every notebook opens and runs top to bottom in JupyterLab and in Notebook 7.

What nbval cannot show: that in the real front end each cell runs without an
error output and each exercise widget actually renders (``show("id")`` calls
become ``.pm-exercise-<id>`` widgets on the page).

Each notebook's widgets are audited with axe-core after Run All and again
after Check is pressed on every exercise (as it stands: blank, which some
types refuse with a message and others grade): no serious or critical
violation may be found inside them.
"""

from __future__ import annotations

import pytest
from helpers import (
    REPO,
    axe_violations,
    exercise,
    exercise_ids,
    expect,
    open_notebook,
    run_all,
    run_problems,
    save,
)

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))


def check_notebook_runs(page, server, name: str) -> None:
    """Open notebook ``name``, run all cells, check outputs and widgets."""
    path = server.root / "notebooks" / name
    open_notebook(page, server, f"notebooks/{name}")
    run_all(page)
    notebook = save(page, path)
    assert run_problems(notebook) == [], f"{name} did not run cleanly"
    expect(page.locator(".jp-Notebook .jp-Cell")).to_have_count(len(notebook["cells"]))
    ids = exercise_ids(path)
    for exercise_id in ids:
        widget = exercise(page, exercise_id)
        expect(widget).to_have_count(1)
        widget.scroll_into_view_if_needed()
        expect(widget.get_by_role("button", name="Reset")).to_be_visible()
    if ids:  # axe runs over the widgets; a notebook without exercises has none
        assert axe_violations(page) == [], f"{name} after Run All"
    for exercise_id in ids:
        widget = exercise(page, exercise_id)
        widget.scroll_into_view_if_needed()
        widget.locator("button.mod-primary").click()  # Check, or Save answer
        expect(widget.locator(".pm-feedback, .pm-feedback-area p")).not_to_have_count(0)
    if ids:
        assert axe_violations(page) == [], f"{name} after Check"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(lab_server, page, name):
    check_notebook_runs(page, lab_server, name)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_notebook7(notebook_server, page, name):
    check_notebook_runs(page, notebook_server, name)
