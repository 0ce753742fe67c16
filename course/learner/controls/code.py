"""A code exercise's answer: a function the learner writes in a notebook cell.

The learner defines the function in an ordinary code cell (syntax colouring,
Tab, completion, their own editor) and runs it; Check looks the function up by
name in the notebook's namespace (IPython's ``user_ns``) and sends its source,
read with :func:`inspect.getsource`, to the sandbox and the journal.

A text box stays for front ends without code cells (a dashboard): its
function is checked when the notebook has none of that name, or only the
starter code. A restored answer goes into the box, so it is checked until the
learner runs their own cell again.
"""

from __future__ import annotations

import html
import inspect
import json
import os
import textwrap
import time
from pathlib import Path

import ipywidgets as w

from course.core.exercise import Result
from course.learner.controls.common import Changes, full_width

OPEN, CLOSE = "Open the text box", "Close the text box"


def notebook_namespace() -> dict:
    """The running notebook's variables (empty outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def _watch_cells(callback) -> None:
    """Have IPython call ``callback(result)`` after every cell run (nothing outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.events.register("post_run_cell", callback)


def saved_notebook(namespace: dict | None = None) -> tuple[list[str], float] | None:
    """The code cells of the running notebook as last saved, and the file's time, or None.

    The notebook is the kernel's session (``JPY_SESSION_NAME``, set by Jupyter
    Server, or IPython's ``__session__``).
    """
    namespace = namespace if namespace is not None else notebook_namespace()
    name = os.environ.get("JPY_SESSION_NAME") or namespace.get("__session__") or ""
    if not name.endswith(".ipynb"):
        return None
    for path in (Path(name), Path.cwd() / Path(name).name):
        try:
            stamp = path.stat().st_mtime
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        sources = [
            "".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", "")
            for c in cells
            if isinstance(c, dict) and c.get("cell_type") == "code"
        ]
        return sources, stamp
    return None


def _same_code(a: str, b: str) -> bool:
    return [line.rstrip() for line in a.strip().splitlines()] == [
        line.rstrip() for line in b.strip().splitlines()
    ]


class CodeControls(Changes):
    """Finds ``function`` in the notebook, or takes the text box's code."""

    def __init__(self, function: str, starter: str, namespace: dict | None = None):
        self.function = function
        self.starter = starter.strip("\n") + "\n"
        self.namespace = namespace
        self.origin = ""  # where the last answer came from, for the status line
        self.ran_at = time.time()  # when a cell defining the function last ran (at least)
        _watch_cells(self._ran)
        help_text = (
            f"Write <code>{html.escape(function)}</code> in a code cell of this notebook, "
            "run the cell (Shift+Enter), then press Check: it checks the function your "
            "notebook ran last, on its own: it sees only what it imports or defines "
            "inside itself, not the notebook's other cells. The text box holds the "
            "starter code, and is for front ends without code cells."
        )
        rows = max(8, self.starter.count("\n") + 3)
        self.text = w.Textarea(
            value=self.starter,
            rows=rows,
            placeholder=f"def {function}(...):",
            description="Your function",
            style={"description_width": "initial"},
            layout=full_width(display="none"),
        )
        self.text.add_class("pm-code")
        self.text.observe(self.changed, "value")
        # A button, not an Accordion (whose header is a bare div): Tab and Enter
        # reach it, and its name says what it will do, so a screen reader hears it.
        self.fallback = w.Button(
            description=OPEN,
            icon="keyboard",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.fallback.add_class("pm-code-toggle")
        self.fallback.on_click(lambda _: self._open(self.text.layout.display == "none"))
        hint = w.HTML(f'<p class="pm-code-help">{help_text}</p>', layout=full_width())
        self.box = w.VBox([hint, self.fallback, self.text], layout=full_width(overflow="visible"))

    def _open(self, shown: bool) -> None:
        """Show (or hide) the text box."""
        self.text.layout.display = None if shown else "none"
        self.fallback.description = CLOSE if shown else OPEN

    def _from_notebook(self) -> str | None:
        """The source of ``function`` as the notebook last defined it, if it did."""
        namespace = self.namespace if self.namespace is not None else notebook_namespace()
        found = namespace.get(self.function)
        if not inspect.isfunction(found):
            return None
        try:
            return textwrap.dedent(inspect.getsource(found))
        except (OSError, TypeError):
            return None  # defined where its source cannot be read (exec of a string)

    def get(self) -> str:
        """The answer's source: the notebook's function, else the text box's."""
        source = self._from_notebook()
        typed = self.text.value
        if source is not None and not (
            _same_code(source, self.starter) and not _same_code(typed, self.starter)
        ):
            self.origin = f"Checked {self.function} from your notebook."
            return source
        self.origin = f"Checked the function in the text box (no {self.function} of yours ran)."
        if source is None and _same_code(typed, self.starter):
            self.origin = (
                f"No {self.function} in the notebook yet: checked the starter code in the box. "
                "Write your function in a code cell and run it first."
            )
        return typed

    def not_ready(self, answer: str) -> str | None:
        """Why ``answer`` is not checked yet (not a try), or None.

        The untouched starter code is not an attempt; nor is a function whose
        cell was changed, and the notebook saved, after the cell last ran: that
        would check the old version (the kernel sees a cell's text only when it
        runs, so an edit not yet saved cannot be seen).
        """
        if _same_code(answer, self.starter):
            return (
                f"This is the starter code. Write your {self.function} in a code cell, run the "
                "cell (Shift+Enter), then press Check; the starter does not count as a try."
            )
        if self.origin.startswith(f"Checked {self.function} from your notebook") and (
            self._changed_since_run(answer)
        ):
            return (
                f"The cell that defines {self.function} was changed after it last ran, so Check "
                "would test the old version. Run the cell first (Shift+Enter), then press Check."
            )
        return None

    def _changed_since_run(self, source: str) -> bool:
        """Whether the saved notebook's cell defining the function differs from ``source``
        and was saved after that cell last ran."""
        saved = saved_notebook(self.namespace)
        if saved is None or saved[1] <= self.ran_at:
            return False
        cells = [c for c in saved[0] if f"def {self.function}(" in c]
        return bool(cells) and not any(_same_code(textwrap.dedent(c), source) for c in cells)

    def _ran(self, result) -> None:
        """IPython's post_run_cell: remember when a cell defining the function ran."""
        cell = getattr(getattr(result, "info", None), "raw_cell", "") or ""
        if f"def {self.function}(" in cell:
            self.ran_at = time.time()

    def set(self, answer: str) -> None:
        """Put ``answer`` in the text box, opened so a restored function can be seen."""
        self.text.value = answer
        if not _same_code(answer, self.starter):
            self._open(True)

    def clear(self) -> None:
        self.text.value = self.starter

    def blank(self) -> tuple[int, int]:
        return 0, 1

    def mark(self, result: Result | None, open_all: bool = False, reveal: bool = True) -> None:
        pass  # the grouped feedback is the feedback area below
