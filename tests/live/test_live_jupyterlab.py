"""The whole path in real JupyterLab: a learner presses Check, the dashboard in a cell updates.

One notebook does both sides, as an instructor trying the live view before
class would: it joins the class, shows an exercise, and shows the dashboard
with ``course.live.dashboard(url)`` (an iframe in the cell's output).
"""

from __future__ import annotations

import pytest
from helpers import JupyterServer, copy_course, open_notebook, run_all, write_notebook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_check_in_jupyterlab_shows_on_the_dashboard_in_a_cell(server, page, tmp_path, output_dir):
    root = copy_course(tmp_path / "course")
    write_notebook(
        root / "notebooks" / "live.ipynb",
        f'import course, course.live\ncourse.join("{server.url}", "{server.code}")',
        'course.show("slack-numeric")',
        f'course.live.dashboard("{server.dashboard}", height=500)',
    )
    lab = JupyterServer(root, app="lab").start()
    try:
        open_notebook(page, lab, "notebooks/live.ipynb")
        run_all(page)
        expect(page.locator(".jp-OutputArea-output").first).to_contain_text(
            "Joined the live view of class PM-TEST"
        )
        board = page.frame_locator(".jp-OutputArea-output iframe")
        expect(board.locator("main")).to_contain_text("No answers yet")

        exercise = page.locator(".pm-exercise-slack-numeric")
        exercise.locator(".pm-number input").fill("2")
        exercise.get_by_role("button", name="Check").click()
        expect(exercise.locator(".pm-feedback")).to_be_visible()
        card = board.locator('[data-exercise="slack-numeric"]')
        expect(card.locator(".answered")).to_have_text("1 learner has answered")
        expect(card.locator(".bins")).to_contain_text("Right")
        page.screenshot(path=output_dir / "dashboard-in-jupyterlab.png")
    finally:
        lab.shutdown_kernels()
        lab.stop()
