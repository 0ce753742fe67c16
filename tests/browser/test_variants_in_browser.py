"""Variants in real JupyterLab: Try a new one shows new numbers, and a restart keeps them."""

from __future__ import annotations

import re

import pytest
from helpers import (
    exercise,
    expect,
    learner_exercise,
    open_notebook,
    pick,
    restart_and_run_again,
    run_all,
    screenshot,
    show_notebook,
    write_notebook,
)

from course.core import variants

pytestmark = pytest.mark.browser


def test_try_a_new_one_shows_new_numbers_and_a_restart_keeps_them(lab_server, page, output_dir):
    written = learner_exercise(lab_server, "cpi-numeric")
    one = variants.variant(written, 1)
    path = show_notebook(lab_server, "cpi-numeric", setup="import os, course\nos.getpid()")
    open_notebook(page, lab_server, path)
    run_all(page)
    pid = page.locator(".jp-Cell").first.locator(".jp-OutputArea-output")
    expect(pid).to_have_text(re.compile(r"^\d+$"))
    widget = exercise(page, "cpi-numeric")
    expect(widget).to_contain_text("48,000 of budget (EV)")
    field = widget.locator(".pm-number input")
    new = widget.get_by_role("button", name="Try a new one")
    expect(new).to_be_hidden()
    field.fill("0.5")
    widget.get_by_role("button", name="Check").click()
    expect(widget.locator(".pm-feedback")).to_contain_text("Not right")
    expect(new).to_be_visible()
    expect(new).to_have_attribute("title", re.compile("new numbers"))
    screenshot(page, widget, output_dir / "try-a-new-one.png")
    new.click()
    evm = re.search(r"worth ([\d,]+) of budget", one.prompt)[1]
    expect(widget).to_contain_text(f"worth {evm} of budget (EV)")
    expect(widget).not_to_contain_text("48,000 of budget (EV)")
    expect(widget).to_contain_text("variant 1")
    expect(widget.locator(".pm-feedback")).to_have_count(0)  # the last marks are gone
    expect(new).to_be_hidden()
    field = widget.locator(".pm-number input")
    field.fill(f"{one.data['answer']:.2f}")
    widget.get_by_role("button", name="Check").click()
    expect(widget.locator(".pm-feedback")).to_contain_text(f"{one.data['answer']:g}")
    expect(widget.locator(".pm-feedback")).not_to_contain_text("Not right")
    screenshot(page, widget, output_dir / "variant-1-right.png")
    restart_and_run_again(page, pid, pid.inner_text())
    widget = exercise(page, "cpi-numeric")
    expect(widget).to_contain_text(f"worth {evm} of budget (EV)")  # the same variant again
    expect(widget).to_contain_text("Restored your answer")


def test_variants_shown_by_seed(lab_server, page, output_dir):
    """A numeric and a computed choice variant, each shown with course.show(id, seed=N)."""
    crash = variants.variant(learner_exercise(lab_server, "crash-cost-numeric"), 3)
    pert = variants.variant(learner_exercise(lab_server, "pert-confidence-choice"), 2)
    name = "notebooks/browser-variant-seed.ipynb"
    cells = [
        'course.show("crash-cost-numeric", seed=3)',
        'course.show("pert-confidence-choice", seed=2)',
    ]
    write_notebook(lab_server.root / name, "import course", *cells)
    open_notebook(page, lab_server, name)
    run_all(page)
    widget = exercise(page, "crash-cost-numeric")
    expect(widget).to_contain_text(crash.prompt[:120])
    expect(widget).to_contain_text("variant 3")
    screenshot(page, widget, output_dir / "crash-cost-variant-3.png")
    widget = exercise(page, "pert-confidence-choice")
    expect(widget).to_contain_text(pert.prompt)
    for option in pert.data["options"]:
        expect(widget).to_contain_text(option["text"])
    right = [o["text"] for o in pert.data["options"] if o["correct"]]
    for text in right:
        widget.get_by_role("checkbox", name=text, exact=True).check()
    widget.get_by_role("button", name="Check").click()
    expect(widget.locator(".pm-feedback")).to_contain_text(
        f"{len(right)} of {len(right)} right options ticked · 100 %"
    )
    expect(widget.locator(".pm-feedback")).not_to_contain_text("Not right")
    screenshot(page, widget, output_dir / "pert-confidence-variant-2.png")


def test_a_pool_variant_shows_its_own_draw_and_grades_it(lab_server, page, output_dir):
    """coq-sort's variant 3 draws two costs per category from the written and extra ones."""
    written = learner_exercise(lab_server, "coq-sort")
    made = variants.variant(written, 3)
    labels = {b["id"]: b["label"] for b in written.data["buckets"]}
    drawn = {i["id"]: i for i in made.items()}
    left_out = [i for i in written.items() if i["id"] not in drawn]
    assert left_out and set(drawn) - {i["id"] for i in written.items()}
    name = "notebooks/browser-pool-variant.ipynb"
    write_notebook(lab_server.root / name, "import course", 'course.show("coq-sort", seed=3)')
    open_notebook(page, lab_server, name)
    run_all(page)
    widget = exercise(page, "coq-sort")
    expect(widget).to_contain_text("variant 3")
    for item in drawn.values():
        expect(widget).to_contain_text(item["text"])
    for item in left_out:
        expect(widget).not_to_contain_text(item["text"])
    for row, item in drawn.items():
        pick(widget, row, labels[item["answer"]])
    widget.get_by_role("button", name="Check").click()
    expect(widget.locator(".pm-feedback").first).to_contain_text("100 %")
    expect(widget).not_to_contain_text("Not right")
    screenshot(page, widget, output_dir / "coq-sort-variant-3-right.png")
