"""The whole path in real JupyterLab: a learner presses Check, the dashboard updates.

One notebook does both sides, as an instructor trying the live view before
class would: it joins the class, shows an exercise, and shows the link
``course.live.dashboard(url)`` puts in the cell's output; the dashboard opens
from it in a tab of its own (it refuses to be framed).
"""

from __future__ import annotations

import pytest
from helpers import JupyterServer, copy_course, open_notebook, run_all, write_notebook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_check_in_jupyterlab_shows_on_the_dashboard_opened_from_a_cell(
    server, page, tmp_path, output_dir
):
    root = copy_course(tmp_path / "course")
    write_notebook(
        root / "notebooks" / "live.ipynb",
        f'import course, course.live\ncourse.join("{server.url}", "{server.join_code}")',
        'course.show("slack-numeric")',
        f'course.live.dashboard("{server.dashboard}")',
    )
    lab = JupyterServer(root, app="lab").start()
    try:
        open_notebook(page, lab, "notebooks/live.ipynb")
        run_all(page)
        expect(page.locator(".jp-OutputArea-output").first).to_contain_text(
            "Joined the live view of class PM-TEST"
        )
        link = page.get_by_role("link", name="Open the live class view's dashboard")
        with page.context.expect_page() as opened:
            link.click()
        board = opened.value
        expect(board.locator("main")).to_contain_text("No answers yet")

        exercise = page.locator(".pm-exercise-slack-numeric")
        exercise.locator(".pm-number input").fill("2")
        exercise.get_by_role("button", name="Check").click()
        expect(exercise.locator(".pm-feedback")).to_be_visible()
        card = board.locator('[data-exercise="slack-numeric"]')
        expect(card.locator(".answered")).to_have_text("1 learner has answered")
        expect(card.locator(".bins")).to_contain_text("Right")
        board.screenshot(path=output_dir / "dashboard-from-jupyterlab.png")
    finally:
        lab.shutdown_kernels()
        lab.stop()
