"""Screenshots of the learner's path in real JupyterLab, light and dark, 1440 and 1024 px.

Not a test (it only makes pictures, to be looked at): run it from the repository,

    PYTHONPATH=$PWD python tests/browser/shots.py /tmp/shots22

It starts JupyterLab on a copy of the course (tests/browser/helpers.py), and for each
theme and width opens a notebook with a choice, a sort (categorize), a match, an
order, a numeric and a code exercise: each is shot before and after a partly wrong
Check, then the progress view (``course.progress()`` run after the Checks) and the
top of notebook 01. Files are named ``<theme>-<width>-<what>.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from helpers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    JupyterServer,
    copy_course,
    exercise,
    expect,
    learner_exercise,
    open_notebook,
    run_all,
    screenshot,
    write_cell,
    write_notebook,
)
from test_feedback_in_browser import EARNED_VALUE, answer_partly_wrong, use_theme  # noqa: E402

EXERCISES = {
    "choice": "program-definition",
    "sort": "duty-sort",
    "match": "cert-match",
    "order": "career-ladder",
    "numeric": "project-cost-overrun",
    "code": "earned-value-code",
}


def shoot(server: JupyterServer, page, out: Path, theme: str, width: int) -> None:
    name = f"{theme}-{width}"
    use_theme(server, theme)
    page.set_viewport_size({"width": width, "height": 900})
    (server.home / "journal.jsonl").unlink(missing_ok=True)
    cells = ["import course", *(f'course.show("{i}")' for i in EXERCISES.values())]
    cells.insert(len(cells) - 1, "# your function\n")
    cells.append("course.progress()")
    path = write_notebook(server.root / "notebooks" / "shots.ipynb", *cells)
    open_notebook(page, server, f"notebooks/{path.name}")
    run_all(page)
    for kind, ex_id in EXERCISES.items():
        ex = learner_exercise(server, ex_id)
        widget = exercise(page, ex_id)
        widget.scroll_into_view_if_needed()
        screenshot(page, widget, out / f"{name}-{kind}-before.png")
        if kind == "numeric":
            widget.get_by_role("textbox").fill(f"{ex.data['answer'] * 2:g}")
        elif kind == "code":
            write_cell(page, len(cells) - 3, EARNED_VALUE)
        else:
            answer_partly_wrong(widget, ex, "single" if kind == "choice" else kind)
        widget.get_by_role("button", name="Check").click()
        expect(widget.locator(".pm-feedback")).to_be_visible()
        screenshot(page, widget, out / f"{name}-{kind}-after.png")
    # course.progress() again, now that there are answers: the last cell
    last = page.locator(".jp-Notebook .jp-Cell").nth(len(cells) - 1)
    count = last.locator(".jp-InputPrompt").inner_text()
    last.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    expect(last.locator(".jp-InputPrompt")).not_to_have_text(count)
    expect(last.locator(".jp-InputPrompt")).not_to_have_text("[*]:")
    image = last.locator(".jp-OutputArea-output img")
    expect(image).to_be_visible(timeout=60_000)
    page.wait_for_timeout(500)
    screenshot(page, last.locator(".jp-Cell-outputWrapper"), out / f"{name}-progress.png")
    page.goto(server.url("lab/tree/notebooks/01-start-here.ipynb?reset"))
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=out / f"{name}-01-top.png")
    server.shutdown_kernels()


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    root = copy_course(Path(__import__("tempfile").mkdtemp(prefix="shots-")))
    server = JupyterServer(root, app="lab").start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for theme in ("light", "dark"):
                for width in (1440, 1024):
                    page = browser.new_page()
                    page.set_default_timeout(60_000)
                    shoot(server, page, out, theme, width)
                    page.close()
            browser.close()
    finally:
        server.stop()
    print(f"{len(list(out.glob('*.png')))} screenshots in {out}")


if __name__ == "__main__":
    expect.set_options(timeout=60_000)
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots22"))
