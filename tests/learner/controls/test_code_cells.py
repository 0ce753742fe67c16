"""Code exercises take the learner's function from a real notebook cell (IPython)."""

from __future__ import annotations

import html

import pytest
from IPython.core.interactiveshell import InteractiveShell

from course.learner.widget import show

DEFINED = "def project_duration(tasks):\n    return 5\n"


@pytest.fixture
def shell():
    """A real IPython shell, as a notebook kernel runs one; cleared afterwards."""
    shell = InteractiveShell.instance()
    yield shell
    shell.run_cell("%reset -f")
    InteractiveShell.clear_instance()


def test_check_takes_the_function_the_notebook_ran(bank, journal, shell):
    result = shell.run_cell(DEFINED)
    assert result.success
    widget = show("duration", bank=bank, journal=journal)
    assert widget.answer == DEFINED  # its source, read back with inspect
    widget.check()
    assert "from your notebook" in widget.status.value
    assert journal.latest()["duration"]["answer"] == DEFINED
    shell.run_cell("def project_duration(tasks):\n    return 4\n")
    assert widget.answer.endswith("return 4\n")  # the latest run of the cell counts


def test_the_text_box_is_used_without_a_notebook_function(bank, journal, shell):
    widget = show("duration", bank=bank, journal=journal)
    typed = "def project_duration(tasks):\n    return 3\n"
    widget.controls.text.value = typed
    assert widget.answer == typed
    widget.check()
    assert "text box" in widget.status.value


def test_a_notebook_function_still_the_starter_leaves_the_box_in_charge(bank, journal, shell):
    widget = show("duration", bank=bank, journal=journal)
    shell.run_cell(widget.controls.starter)  # Run All ran the starter cell
    typed = "def project_duration(tasks):\n    return 3\n"
    widget.controls.text.value = typed  # a restored or typed answer
    assert widget.answer == typed


def test_check_on_the_untouched_starter_says_where_to_write_it_and_is_not_a_try(
    bank, journal, shell
):
    widget = show("duration", bank=bank, journal=journal)
    assert widget.check() is None
    assert "This is the starter code" in widget.feedback.value
    assert "run the cell (Shift+Enter)" in widget.feedback.value
    assert widget.attempts == 0 and widget.wrong == 0 and journal.records() == []


def _save_notebook(path, *sources):
    import json

    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources]
    path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5}))


def test_a_cell_changed_and_saved_after_it_ran_says_run_the_cell_first(
    bank, journal, shell, tmp_path, monkeypatch
):
    notebook = tmp_path / "05-project-toolkit.ipynb"
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook))
    widget = show("duration", bank=bank, journal=journal)
    _save_notebook(notebook, "import course", DEFINED)
    shell.run_cell(DEFINED)  # the cell ran as saved
    assert widget.check() is not None  # the saved cell is the one that ran: checked
    fixed = "def project_duration(tasks):\n    return 4\n"
    _save_notebook(notebook, "import course", fixed)  # edited and saved, not run again
    import os
    import time

    os.utime(notebook, (time.time() + 2, time.time() + 2))
    tries = widget.attempts
    assert widget.check() is None
    assert "Run the cell first" in widget.feedback.value
    assert widget.attempts == tries  # not a try
    shell.run_cell(fixed)
    assert widget.check() is not None and "Run the cell first" not in widget.feedback.value


def test_a_function_whose_source_cannot_be_read_falls_back_to_the_box(bank, journal, shell):
    exec(DEFINED, shell.user_ns)  # defined from a string: inspect cannot find its source
    widget = show("duration", bank=bank, journal=journal)
    assert widget.answer == widget.controls.starter


def test_a_restored_function_is_shown_in_the_opened_text_box(bank, journal, shell):
    first = show("duration", bank=bank, journal=journal)
    first.controls.text.value = "def project_duration(tasks):\n    return 3\n"
    first.check()
    again = show("duration", bank=bank, journal=journal)
    assert again.controls.text.value.endswith("return 3\n")
    assert again.controls.text.layout.display is None  # open
    assert again.controls.fallback.description == "Close the text box"


def _texts(widget) -> str:
    """Every HTML text the widget shows, its children's too."""
    found, stack = [], [widget]
    while stack:
        node = stack.pop()
        if isinstance(getattr(node, "value", None), str):
            found.append(node.value)
        stack.extend(getattr(node, "children", ()))
    return "\n".join(found)


def test_a_function_that_uses_a_name_from_another_cell_is_told_it_runs_on_its_own(
    bank, journal, shell
):
    """Flag 9: the function runs apart from the notebook; the exercise says so, and a
    NameError on a name the notebook has says why."""
    assert shell.run_cell("import math as helper").success
    assert shell.run_cell("def project_duration(tasks):\n    return helper.inf\n").success
    widget = show("duration", bank=bank, journal=journal)
    assert "it sees only what it imports or defines inside itself" in _texts(widget.controls.box)
    result = widget.check()
    assert result.score == 0
    shown = html.unescape(widget.feedback.value)
    assert "NameError: name 'helper' is not defined" in shown
    assert "checked on its own, apart from the notebook's other cells" in shown
