"""Helpers for the browser tests: a real Jupyter server, and driving its page.

>>> with JupyterServer(tmp_path, app="lab") as server:   # jupyter lab on a free port
...     page.goto(server.url("lab/tree/notebooks/01-start-here.ipynb"))

Also used by ``benchmarks/browser_latency.py``, so it imports nothing from pytest.
Every wait here waits on a condition (a page state, a process, an HTTP answer),
never a fixed time.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

try:
    from playwright.sync_api import Locator, Page, expect, sync_playwright
except ImportError:  # conftest skips (or, in CI, fails) the tests with an install hint
    Locator = Page = expect = sync_playwright = None

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for loopback.py
from loopback import free_port  # noqa: E402

from course.content.notebooks import read, shown_ids  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PM_COURSE_CHROMIUM", "/usr/bin/chromium")
# Headless Chromium as root, without the background traffic it sends to the
# network by default (there is none here but loopback).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "Install Chromium: sudo apt-get install chromium"


def require_chromium(what: str) -> str:
    """Chromium's path; missing (or Playwright), a skip saying how to install it (CI: fail)."""
    from tests import needs

    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        needs.unavailable(f"Chromium is not installed at {CHROMIUM}. {INSTALL_HINT}", what)
    if sync_playwright is None:
        needs.unavailable("Playwright for Python is not installed (pip install -e '.[test]')", what)
    return CHROMIUM


def launch_chromium(request, what: str):
    """Headless Debian Chromium for a fixture (``request``), after :func:`require_chromium`."""
    path = require_chromium(what)
    playwright = request.getfixturevalue("playwright_session")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


LEARNER = "browser-test"
SERVER_START_S = 90.0


def copy_course(dest: Path) -> Path:
    """Copy the course's ``exercises/`` and ``notebooks/`` into ``dest``; returns ``dest``."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("exercises", "notebooks"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            (dest / name).mkdir(parents=True)
    return dest


def write_notebook(path: Path, *sources: str) -> Path:
    """Write a notebook with one code cell per source (python3 kernel); returns ``path``."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell-{i}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for i, source in enumerate(sources)
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


def exercise_ids(notebook: Path) -> list[str]:
    """The ids of the exercises a notebook shows (its ``show("id")`` calls), in order."""
    return list(dict.fromkeys(shown_ids(read(notebook))))


def show_notebook(server: JupyterServer, *exercise_ids: str, setup: str = "import course") -> str:
    """Write a notebook: ``setup``, then each exercise in a cell of its own; returns its path."""
    name = f"notebooks/browser-{'-'.join(exercise_ids)}.ipynb"
    cells = [setup] + [f'course.show("{i}")' for i in exercise_ids]
    write_notebook(server.root / name, *cells)
    return name


def learner_exercise(server: JupyterServer, exercise_id: str):
    """The exercise as the server's learner sees it (their draw of items, if any)."""
    from course import load_bank

    return load_bank(server.root / "exercises")[exercise_id].for_learner(LEARNER)


def descendants(pid: int) -> list[int]:
    """Every living descendant of process ``pid`` (Linux ``/proc``; empty elsewhere)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_until(condition, timeout: float) -> bool:
    """Poll ``condition()`` until it is true (returns True) or ``timeout`` s pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)  # a poll interval, not a wait for something to happen
    return True


def wait_or_kill(process: subprocess.Popen, timeout: float) -> None:
    """Wait up to ``timeout`` s for ``process`` to exit after being asked to; then kill it."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_ended(pids: list[int], timeout: float) -> list[int]:
    """Wait until every process in ``pids`` has ended; returns those still alive at timeout."""
    wait_until(lambda: not any(alive(p) for p in pids), timeout)
    return [p for p in pids if alive(p)]


class JupyterServer:
    """A real ``jupyter lab`` or ``jupyter notebook`` server for one test session.

    It serves ``root`` on 127.0.0.1 at a free port with a random token, with
    Jupyter's config, data, runtime and IPython folders, the user settings
    and workspaces all under ``root/.jupyter-test``, the news and update
    checks off, and ``PM_COURSE_HOME`` and ``PM_COURSE_LEARNER`` of its own.
    Stopping it shuts down every kernel and checks that no process it started
    is left behind.

    Parameters:
        root: the folder to serve (a copy of the course, see :func:`copy_course`).
        app: ``"lab"`` or ``"notebook"`` (Notebook 7).
        log: where the server's output goes (default ``root/.jupyter-test/server.log``).
        nodelay: load ``course.nodelay`` (TCP_NODELAY on kernel websockets), as an
            installed pm-course does; an editable install has no config that loads it.
        args: more command-line options for the server.
    """

    def __init__(
        self,
        root: Path,
        app: str = "lab",
        log: Path | None = None,
        nodelay: bool = True,
        args: tuple[str, ...] = (),
    ):
        self.root = Path(root)
        self.app = app
        self.nodelay = nodelay
        self.args = tuple(args)
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.state = self.root / ".jupyter-test"
        self.home = self.state / "pm-course-home"
        self.log_path = log or self.state / "server.log"
        self.process: subprocess.Popen | None = None
        self.leftovers: list[int] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        """The address of ``path`` on this server, with the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path.lstrip('/')}{sep}token={self.token}"

    def env(self) -> dict[str, str]:
        """The server's (and so its kernels') environment: isolated from the user's."""
        env = dict(os.environ)
        for name, folder in {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "IPYTHONDIR": "ipython",
            "JUPYTERLAB_SETTINGS_DIR": "user-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        }.items():
            env[name] = str(self.state / folder)
        env["PM_COURSE_HOME"] = str(self.home)
        env["PM_COURSE_LEARNER"] = LEARNER
        env.pop("PM_COURSE_ROOT", None)  # each notebook finds the bank beside it
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_TOKEN", None)
        return env

    def _write_settings(self) -> Path:
        """Turn off news and update checks; returns the app settings folder."""
        settings = self.state / "app-settings"
        settings.mkdir(parents=True, exist_ok=True)
        overrides = {
            "@jupyterlab/apputils-extension:notification": {
                "fetchNews": "false",
                "checkForUpdates": False,
            }
        }
        (settings / "overrides.json").write_text(json.dumps(overrides), encoding="utf-8")
        return settings

    def command(self) -> list[str]:
        """The command line that starts the server."""
        app_class = "LabApp" if self.app == "lab" else "JupyterNotebookApp"
        command = [
            sys.executable,
            "-m",
            "jupyterlab" if self.app == "lab" else "notebook",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.terminals_enabled=False",
            f"--{app_class}.app_settings_dir={self._write_settings()}",
            # JupyterLab's server extension runs under Notebook 7 too: quiet it in both.
            # Its extension manager would ask PyPI what is new; there is no network here.
            "--LabApp.extension_manager=readonly",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--ServerApp.jpserver_extensions=course.nodelay={self.nodelay}",
            *self.args,
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")  # CI and containers run as root
        return command

    def start(self) -> JupyterServer:
        """Start the server and wait until it answers; raises RuntimeError if it does not."""
        for folder in ("config", "data", "runtime", "ipython", "user-settings", "workspaces"):
            (self.state / folder).mkdir(parents=True, exist_ok=True)
        self.fresh_home("start")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.command(),
            cwd=self.root,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            try:
                self.process.wait(timeout=0.1)  # returns at once if the server died
            except subprocess.TimeoutExpired:
                if self._answers():
                    return self
                continue
            break
        self.stop()
        raise RuntimeError(f"jupyter {self.app} did not start; its log:\n{self.log()}")

    def fresh_home(self, name: str) -> Path:
        """Give the kernels started from now on an empty ``PM_COURSE_HOME`` of their own.

        ``home`` (the kernels' ``PM_COURSE_HOME``) is a link to
        ``homes/<name>``; re-pointing it gives each test its own journal while
        the server keeps running (kernels open the journal through the link at
        every answer, and each test's kernels are shut down after it).
        """
        folder = self.state / "homes" / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        folder.mkdir(parents=True, exist_ok=True)
        link = self.home.with_name(self.home.name + ".new")
        link.unlink(missing_ok=True)
        link.symlink_to(folder, target_is_directory=True)
        os.replace(link, self.home)  # atomic: never a moment without a home
        return folder

    def _answers(self) -> bool:
        try:
            self.api("GET", "api/status")
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def api(self, method: str, path: str, body: dict | None = None) -> object:
        """Call the server's REST API; returns the decoded JSON answer (or None)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            raw = answer.read()
        return json.loads(raw) if raw else None

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (between tests, to keep the machine quiet)."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")

    def log(self) -> str:
        """The server's output so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Shut the server down (kernels too); kill whatever it started that is left.

        ``leftovers`` then lists the processes that had to be killed: none, when
        the server shut down cleanly.
        """
        if self.process is None:
            return
        children = descendants(self.process.pid)
        if self.process.poll() is None:
            try:
                self.api("POST", "api/shutdown")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                self.process.send_signal(signal.SIGTERM)
            wait_or_kill(self.process, 30)
        self.leftovers = wait_ended(children, timeout=10)
        for pid in self.leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()
        self.process = None

    def __enter__(self) -> JupyterServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- Driving a notebook page (JupyterLab and Notebook 7 share these parts) ---

KERNEL_READY = """() => {
    const name = document.querySelector('.jp-Toolbar-kernelName');
    const state = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return name && !/No Kernel/.test(name.textContent)
        && state && state.getAttribute('data-status') === 'idle';
}"""
# Run All is done when the kernel is idle, no cell waits ([*]) and cells have run.
# (A failing cell stops Run All: later cells keep an empty prompt; the saved
# notebook then shows which cell failed, see run_problems.)
RUN_FINISHED = """() => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim());
    const state = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return state && state.getAttribute('data-status') === 'idle'
        && !prompts.some(p => p.includes('*'))
        && prompts.some(p => /^\\[\\d+\\]:$/.test(p));
}"""


def notebook_url(server: JupyterServer, path: str) -> str:
    """The address that opens notebook ``path`` (relative to the server root)."""
    if server.app == "lab":
        return server.url(f"lab/tree/{path}?reset")  # reset: no tabs from an earlier test
    return server.url(f"notebooks/{path}")


def restart_and_run_again(page: Page, pid: Locator, kernel_pid: str) -> None:
    """Kernel > Restart Kernel…, reload the page and Run All; ``pid`` (an output
    showing ``os.getpid()``) must then show a new process, not ``kernel_pid``."""
    menu(page, "Kernel", "Restart Kernel…")
    with page.expect_response(lambda r: "/restart" in r.url and r.request.method == "POST"):
        page.locator(".jp-Dialog .jp-mod-accept").click()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" (unsaved outputs)
    page.reload()
    page.wait_for_function(KERNEL_READY)
    run_all(page)
    expect(pid).to_have_text(re.compile(r"^\d+$"))
    assert pid.inner_text() != kernel_pid, "the kernel did not restart"


def open_notebook(page: Page, server: JupyterServer, path: str) -> None:
    """Open notebook ``path`` and wait until its kernel is started and idle."""
    page.goto(notebook_url(server, path))
    page.wait_for_function(KERNEL_READY, timeout=90_000)


def menu(page: Page, top: str, item: str) -> None:
    """Choose ``top`` > ``item`` in the menu bar, e.g. ``menu(page, "Run", "Run All Cells")``.

    The menu bar, not a keyboard shortcut: the front end loads its shortcuts
    and moves the focus around for a while after the page shows, so a shortcut
    pressed early can be lost or its palette closed again; a menu item waits.
    """
    label = page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(f"^{top}$"))
    label.click()
    entry = page.locator(".lm-Menu-item:not(.lm-mod-disabled)").filter(
        has=page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile(f"^{re.escape(item)}$"))
    )
    entry.click()


def run_all(page: Page, timeout: float = 120) -> None:
    """Run every cell (Run > Run All Cells) and wait until the run is over."""
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(RUN_FINISHED, timeout=timeout * 1000)


def save(page: Page, path: Path, timeout: float = 30) -> dict:
    """Save the open notebook (Ctrl+S), wait until ``path`` is rewritten; returns its JSON.

    The server writes the file in place (after a backup copy), so a read can
    see it half written: it counts as saved once it changed and parses whole.
    """
    before = path.stat().st_mtime_ns
    saved = {}

    def rewritten() -> bool:
        if path.stat().st_mtime_ns == before:
            return False
        try:
            saved.update(json.loads(path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return False
        return True

    page.keyboard.press("Control+S")
    if not wait_until(rewritten, timeout):
        raise AssertionError(f"{path} was not saved within {timeout} s of Ctrl+S")
    return saved


def run_problems(notebook: dict) -> list[str]:
    """What went wrong in a saved, run notebook: error outputs and code cells that did not run."""
    problems = []
    for number, cell in enumerate(notebook["cells"], 1):
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                problems.append(f"cell {number}: {output['ename']}: {output['evalue']}")
        if cell.get("execution_count") is None:
            problems.append(f"cell {number} did not run")
    return problems


def exercise(page: Page, exercise_id: str) -> Locator:
    """The rendered widget of exercise ``exercise_id``."""
    return page.locator(f".pm-exercise-{exercise_id}")


def focused_inside(locator: Locator) -> bool:
    """Whether the keyboard focus is inside ``locator``'s element."""
    return locator.evaluate("(node) => node.contains(document.activeElement)")


def tab_into(page: Page, locator: Locator, limit: int = 10) -> None:
    """Press Tab until the focus is inside ``locator`` (at most ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_inside(locator):
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {locator}")


def tab_to(page: Page, locator: Locator, limit: int = 80) -> int:
    """Move the focus into ``locator`` with Tab, or Shift+Tab if it lies before the focus.

    Returns how many presses it took (0 if the focus is there already).
    """
    if focused_inside(locator):
        return 0
    behind = locator.evaluate(
        """(node) => !!document.activeElement && document.activeElement !== document.body
            && !!(node.compareDocumentPosition(document.activeElement)
                  & Node.DOCUMENT_POSITION_FOLLOWING)"""
    )
    key = "Shift+Tab" if behind else "Tab"
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if focused_inside(locator):
            return presses
    raise AssertionError(f"{limit} presses of {key} did not reach {locator}")


def texts(locator: Locator) -> list[str]:
    """The text contents of ``locator``'s elements, no-break spaces made plain.

    Text contents, not inner texts: a notebook cell out of view is not
    rendered (``content-visibility: auto``), and its inner text reads empty.
    """
    return [text.replace("\xa0", " ") for text in locator.all_text_contents()]


ROW_TYPES = ("categorize", "match", "choice", "order")


def verdict_head(feedback) -> str:
    """``"✗ Not right"``: how a row's note shows its mark and verdict."""
    from course.core.wording import MARKS

    return f"{MARKS[feedback.said]} {feedback.said[:1].upper()}{feedback.said[1:]}"


def expect_feedback(widget: Locator, result, kind: str = "", answer=None) -> None:
    """The page shows ``result`` (a :class:`course.core.exercise.Result`) as the widget does.

    The summary line first (``course.core.wording.score_line``); for rows (``kind`` one
    of ``ROW_TYPES``) one note per row whose summary is the row's verdict. A choice
    not yet right marks only its ticked options (``answer``, the ids): hint first.
    """
    from course.core.wording import score_line

    feedback = widget.locator(".pm-feedback")
    expect(feedback).to_have_attribute("data-score", f"{result.score:g}")
    line = score_line(result.summary, result.score, result.max_score)
    expect(feedback.locator(".pm-summary")).to_have_text(line)
    if kind in ROW_TYPES:
        items = result.items
        if kind == "choice" and result.score < result.max_score:
            items = [f for f in items if f.item in (answer or ())]
        heads = sorted(verdict_head(f) for f in items)
        expect(widget.locator(".pm-note summary")).to_have_count(len(heads))
        assert sorted(texts(widget.locator(".pm-note summary"))) == heads


AXE_IMPACTS = ("serious", "critical")


def axe_violations(page: Page, selector: str = ".pm-exercise") -> list[str]:
    """Serious and critical axe-core violations inside ``selector`` (our widgets), as text.

    axe-core (from ``axe-playwright-python``) runs over the whole page with the
    widgets as its context, so it sees their labels, roles and contrast as a
    screen reader and a reader do; each violation is given with its rule and
    the elements it found.
    """
    from axe_playwright_python.sync_playwright import Axe

    # wait for the widgets (a kernel may still be drawing them after Run All): axe over
    # a page without them would find nothing and pass
    expect(page.locator(selector).first).to_be_visible()
    results = Axe().run(page, context={"include": [[selector]]})
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in AXE_IMPACTS:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    return found


def choice_box(widget: Locator, row: str) -> Locator:
    """The choice box (a stock Combobox's text box) of row ``row`` of a categorize or match."""
    return widget.locator(f".pm-pick-{row} input")


def pick(widget: Locator, row: str, label: str) -> None:
    """Choose ``label`` in row ``row``'s box, as typing it does (the mouse path fills it too)."""
    box = choice_box(widget, row)
    box.fill(label)
    expect(box).to_have_value(label)
    expect(box).not_to_have_class(re.compile("jpwidgets-invalidComboValue"))


def choose_by_keyboard(page: Page, box: Locator, label: str) -> None:
    """With row box ``box`` focused: select what it holds, type ``label`` key by key.

    In a real browser ArrowDown opens the box's list and Enter picks from it;
    headless Chromium shows no list of suggestions (a datalist), so the test
    types the whole option, which a learner may also do.
    """
    page.keyboard.press("Control+A")
    page.keyboard.type(label)
    expect(box).to_have_value(label)
    expect(box).not_to_have_class(re.compile("jpwidgets-invalidComboValue"))


# --- Order exercises: one row per step, "Up" and "Down" buttons, then "N. text" ---

STEP_LABELS = ".pm-order-steps .pm-step .pm-step-text"
STEP_NUMBER = re.compile(r"^(?:[✓✗–] )?(\d+)\. ")


def shown_rows(widget: Locator) -> list[str]:
    """The step texts of an order exercise as the page shows them, top row first (step 1)."""
    return [STEP_NUMBER.sub("", text) for text in texts(widget.locator(STEP_LABELS))]


def shown_order(widget: Locator) -> list[str]:
    """The step texts of an order exercise in step order, step 1 first (by their numbers)."""
    rows = texts(widget.locator(STEP_LABELS))
    numbered = sorted((int(STEP_NUMBER.match(t).group(1)), STEP_NUMBER.sub("", t)) for t in rows)
    return [text for _, text in numbered]


def expect_order(widget: Locator, steps: list[str], ladder: bool = False) -> None:
    """The page shows ``steps`` (texts, step 1 first) numbered from 1, step 1 the top row,
    in every order exercise (``ladder`` too: its ladder figure is checked apart).

    A step checked before may carry its mark (✓, ✗) in front of its number.
    """
    lines = [re.compile(f"^(?:[✓✗–] )?{n}\\. {re.escape(t)}$") for n, t in enumerate(steps, 1)]
    expect(widget.locator(STEP_LABELS)).to_have_text(lines)


def step_button(widget: Locator, row: int, direction: str) -> Locator:
    """Row ``row``'s (0 = top) ``"up"`` or ``"down"`` button."""
    return widget.locator(f".pm-order-steps .pm-move-{direction}").nth(row)


def expect_focus_follows(widget: Locator, moved: int, direction: str, rows: int) -> None:
    """After a move, focus is on the moved step's button of the same direction (the other
    one where the step reached an end): a second Enter moves the same step again."""
    at_end = moved == 0 if direction == "up" else moved == rows - 1
    other = {"up": "down", "down": "up"}[direction]
    expect(step_button(widget, moved, other if at_end else direction)).to_be_focused()


def tab_stop(row: int, direction: str) -> int:
    """Where a step button comes in the Tab order of the step buttons.

    The top row's Up and the bottom row's Down are disabled, so Tab skips them:
    Down 0, Up 1, Down 1, Up 2, ... Up n-1.
    """
    return 2 * row - 1 if direction == "up" else 2 * row


def swaps_to(order: list, key: list) -> list[int]:
    """Swaps of neighbouring steps that turn ``order`` into ``key``.

    Each entry ``r`` swaps rows ``r - 1`` and ``r``: Up on row ``r`` does it, and
    so does Down on row ``r - 1``. Item by item, the step that belongs next is
    moved up to its place, as in an insertion sort.
    """
    order, swaps = list(order), []
    for place, item in enumerate(key):
        for row in range(order.index(item), place, -1):
            order[row - 1], order[row] = order[row], order[row - 1]
            swaps.append(row)
    assert order == list(key)
    return swaps


def press_step_button(page: Page, widget: Locator, row: int, direction: str, key: str) -> None:
    """Tab or Shift+Tab from the focused step button to another one and press ``key`` there.

    The target is row ``row``'s ``direction`` button; it must take exactly one
    press per step button on the way (no other stops in between).
    """
    here = widget.locator(".pm-order-steps button").evaluate_all(
        """(buttons) => buttons.filter(b => !b.disabled).indexOf(document.activeElement)"""
    )
    assert here >= 0, "the focus is not on a step button"
    target = step_button(widget, row, direction)
    presses = tab_to(page, target)
    assert presses == abs(tab_stop(row, direction) - here), "the Tab order skips or adds stops"
    expect(target).to_be_focused()
    page.keyboard.press(key)


def code_cell(page, index: int):
    """The editor of the notebook's code cell ``index`` (0 = first)."""
    return page.locator(".jp-Notebook .jp-CodeCell").nth(index).locator(".cm-content")


def write_cell(page, index: int, source: str) -> None:
    """Replace code cell ``index``'s text with ``source`` and run it (Shift+Enter)."""
    editor = code_cell(page, index)
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)  # as pasted: no auto-indent on top of ours
    page.keyboard.press("Shift+Enter")
    prompt = page.locator(".jp-Notebook .jp-CodeCell").nth(index).locator(".jp-InputPrompt")
    expect(prompt).to_have_text(re.compile(r"\[\d+\]"))


def open_text_box(widget: Locator) -> Locator:
    """Open a code exercise's text box (its fallback for front ends without cells); returns it."""
    opener = widget.get_by_role("button", name="Open the text box")
    if opener.count():
        opener.click()
    box = widget.locator(".pm-code textarea")
    expect(box).to_be_visible()
    return box


def screenshot(page: Page, locator: Locator, path: Path) -> None:
    """Save a picture of ``locator``'s whole element, however tall (the page grows to fit)."""
    size = page.viewport_size
    height = locator.evaluate("(node) => node.getBoundingClientRect().height")
    page.set_viewport_size(
        {"width": size["width"], "height": max(size["height"], int(height) + 300)}
    )
    try:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=path)
    finally:
        page.set_viewport_size(size)
