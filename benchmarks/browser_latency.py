"""Check-to-feedback latency in the real browser, beside a bare ipywidgets button.

    python benchmarks/browser_latency.py                  # 40 presses per exercise and baseline
    python benchmarks/browser_latency.py --presses 100 --exercise duty-sort
    python benchmarks/browser_latency.py --stock-sockets   # without course.nodelay

Starts a real ``jupyter lab`` on loopback (the browser tests' server, see
``tests/browser/helpers.py``), opens one notebook that shows an exercise of
every type and a bare ipywidgets widget (a dropdown, a check box, a button
whose click handler only sets an HTML widget's text), and presses them in turn: bare,
exercise, bare, exercise... so both are timed under the same load, in the
same run, and the same way: a new answer (the bare dropdown or check box,
or the exercise's own controls) goes to the kernel just before each press.

Each press is timed inside the page: from the button's ``click`` event to the
first frame after the watched area changed (a MutationObserver sees the
change; the time is taken in a task queued from the next animation frame,
i.e. after that frame is painted). For an exercise that is its feedback area
after Check, which covers the round trip to the kernel, ``course.grade``, the
journal append, ``course.learner.events``, the widget update and the render; for the
ladder move it is the steps and the ladder after an Up press. Playwright's
own overhead is left out.

Before each round both answers change (the exercise's: a dropdown, a check
box, a step, the number, the code), so every Check has new feedback to show;
the two presses then alternate which goes first, since the first press after
the changes can wait for their messages. A code exercise's Check runs the
function in a sandbox process on every visible and hidden check, so its figure
includes that process. Five presses of each warm up and are not counted.

The server runs as an installed pm-course sets it up: with ``course.nodelay``,
which sets TCP_NODELAY on kernel websockets. ``--stock-sockets`` leaves it
out, as jupyter_server ships: then a reply frame written while the one before
it is unacknowledged waits for the browser's delayed ACK (~40 ms on Linux), and
each press lands near 20 or near 60 ms, whichever widget it is.

Prints means, medians and 95th percentiles, the course's added mean over the
bare widget, and whether the targets hold (added at most 15 ms except code; a
ladder move under 100 ms); writes them as JSON too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from helpers import (  # noqa: E402 - the browser tests' server and page helpers
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    LEARNER,
    JupyterServer,
    copy_course,
    exercise,
    open_notebook,
    open_text_box,
    run_all,
    sync_playwright,
    write_notebook,
)

from course import load_bank  # noqa: E402

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # main() says what to install
    PlaywrightTimeout = TimeoutError

DEFAULT_EXERCISES = [
    "duty-sort",  # categorize, 28 rows
    "career-ladder",  # order, with the ladder
    "program-definition",  # choice, one answer
    "seed-corrections",  # choice, several
    "cert-match",  # match
    "project-cost-overrun",  # numeric
    "critical-path-code",  # code
]
LADDER = "career-ladder"
WARM_UP = 5
ADDED_MS = 15.0  # the most the course may add over a bare widget (code excepted)
MOVE_MS = 100.0  # a ladder move, at most
BARE = """import ipywidgets as widgets


def bare(name):
    area, presses = widgets.HTML(), [0]
    answer = widgets.Dropdown(options=["a", "b"])
    tick = widgets.Checkbox(description="ticked")

    def click(_):
        presses[0] += 1
        area.value = f"<p>{answer.value} {tick.value}: pressed {presses[0]} times</p>"

    button = widgets.Button(description="Bare", button_style="primary")
    button.on_click(click)
    box = widgets.HBox([answer, tick, button, area])
    box.add_class(f"bare-{name}")
    return box"""
OBSERVE = """(root, [button, area, key]) => {
    const timing = {start: null, times: []};
    root[key] = timing;
    root.querySelector(button).addEventListener('click', () => {
        timing.start = performance.now();
    }, true);
    new MutationObserver(() => {
        if (timing.start === null) return;
        const start = timing.start;
        timing.start = null;
        requestAnimationFrame(() => setTimeout(() => {
            timing.times.push(performance.now() - start);
        }, 0));
    }).observe(root.querySelector(area), {childList: true, subtree: true, characterData: true});
}"""


class Timed:
    """A button in the page whose presses are timed until ``area`` changes."""

    def __init__(self, page, root, button: str, area: str, key: str):
        self.page, self.root, self.key = page, root, key
        self.button = root.locator(button).first
        root.evaluate(OBSERVE, [button, area, key])
        self.presses = 0

    def press(self) -> None:
        self.button.click()
        self.presses += 1
        try:
            self.page.wait_for_function(
                "([root, key, n]) => root[key].times.length === n",
                arg=[self.root.element_handle(), self.key, self.presses],
            )
        except PlaywrightTimeout:
            raise SystemExit(f"{self.key}: press {self.presses} changed nothing in 30 s") from None

    def times(self) -> list[float]:
        return self.root.evaluate(f"(root) => root['{self.key}'].times")[WARM_UP:]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1) of ``values``, interpolated."""
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def change_answer(widget, ex, press: int) -> None:
    """Make this press's answer to ``ex`` differ from the last one's, and its feedback too.

    The first row (or option) is answered right and wrong by turns, so the
    summary in the feedback area changes with every Check.
    """
    if ex.type == "numeric":
        widget.locator(".pm-number input").fill(str(50 + press % 2))
    elif ex.type == "code":
        source = f"def {ex.data['function']}(*args):\n    return {press % 2}\n"
        widget.locator(".pm-code textarea").fill(source)
    elif ex.type in ("categorize", "match"):
        first = ex.shuffled(LEARNER)[0]
        choices = ex.data["buckets" if ex.type == "categorize" else "right"]
        labels = {c["id"]: c.get("label") or c.get("text") for c in choices}
        wrong = next(c for c in labels if c != first["answer"])
        pick = first["answer"] if press % 2 else wrong
        widget.locator(f".pm-pick-{first['id']} input").fill(labels[pick])
    elif ex.type == "choice":
        options = ex.shuffled(LEARNER)
        right = next(o for o in options if o["correct"])
        if ex.data.get("multiple"):
            widget.get_by_role("checkbox", name=right["text"], exact=False).click()
        else:
            wrong = next(o for o in options if not o["correct"])
            option = right if press % 2 else wrong
            widget.get_by_role("checkbox", name=option["text"], exact=False).check()
    elif ex.type == "order":
        widget.locator(".pm-move-up").nth(1).click()
        widget.locator(".pm-feedback").wait_for(state="detached")  # the move cleared it
    else:
        raise SystemExit(f"{ex.id}: {ex.type} exercises are not timed here")


def summary(times: list[float]) -> dict:
    return {
        "presses": len(times),
        "median_ms": round(statistics.median(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def measure(page, ex, presses: int) -> dict:
    """Alternate the bare button and Check on ``ex``; figures for both.

    The bare widget is the cell right below the exercise, and the page is
    scrolled to show both the exercise's buttons and it: both paint on screen.
    """
    widget = exercise(page, ex.id)
    bare = page.locator(f".bare-{ex.id}")
    bare.scroll_into_view_if_needed()
    if ex.type == "code":
        open_text_box(widget)
    check = Timed(page, widget, "button.mod-primary", ".pm-feedback-area", f"check-{ex.id}")
    baseline = Timed(page, bare, "button", ".widget-html", f"bare-{ex.id}")
    for press in range(WARM_UP + presses):
        # Both get a new answer first (the bare one its check box for a choice
        # exercise, its dropdown otherwise), then both are pressed, in turns: the
        # first press after the answers changed often waits ~40 ms longer (the
        # answers' messages and their echoes are still on the wire), so which goes
        # first alternates, and each gets that wait equally often.
        if ex.type == "choice":
            bare.get_by_role("checkbox").click()
        elif ex.type != "order":
            bare.locator("select").select_option(index=press % 2)
        if ex.type != "order" or press:
            change_answer(widget, ex, press)
        for timed in (baseline, check) if press % 2 else (check, baseline):
            timed.press()
    return {"course": summary(check.times()), "bare": summary(baseline.times())}


def measure_move(page, presses: int) -> dict:
    """Alternate the bare button and an Up press on the ladder's second row (both in view)."""
    widget = exercise(page, LADDER)
    bare = page.locator(f".bare-{LADDER}")
    widget.locator(".pm-order-steps").scroll_into_view_if_needed()
    move = Timed(page, widget, ".pm-move-up:not([disabled])", ".pm-order-steps", "move")
    baseline = Timed(page, bare, "button", ".widget-html", "bare-move")
    for press in range(WARM_UP + presses):
        for timed in (baseline, move) if press % 2 else (move, baseline):
            timed.press()
    return {"course": summary(move.times()), "bare": summary(baseline.times())}


@contextlib.contextmanager
def exercise_page(exercise_ids: list[str], nodelay: bool = True, init_script: str = ""):
    """A JupyterLab page that has run a notebook of each exercise above its bare widget.

    Yields ``(page, bank)``: the page in headless Chromium on a fresh server
    (with or without ``course.nodelay``), and the copied course's bank.
    ``init_script`` runs in the page before JupyterLab loads.
    """
    with tempfile.TemporaryDirectory(prefix="pm-latency-") as folder:
        root = copy_course(Path(folder))
        cells = ["import course", BARE]
        for i in exercise_ids:
            cells += [f'course.show("{i}")', f'bare("{i}")']
        write_notebook(root / "notebooks" / "latency.ipynb", *cells)
        server = JupyterServer(root, nodelay=nodelay)
        with server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            if init_script:
                page.add_init_script(init_script)
            open_notebook(page, server, "notebooks/latency.ipynb")
            run_all(page)
            try:
                yield page, load_bank(root / "exercises")
            finally:
                browser.close()


def run(exercise_ids: list[str], presses: int, nodelay: bool = True) -> dict[str, dict]:
    """Start the server and browser, measure each exercise and the ladder move."""
    figures = {}
    with exercise_page(exercise_ids, nodelay) as (page, bank):
        for exercise_id in exercise_ids:
            ex = bank[exercise_id].for_learner(LEARNER)
            figures[exercise_id] = {"type": ex.type, **measure(page, ex, presses)}
        if LADDER in exercise_ids:
            figures["ladder move"] = {"type": "order", **measure_move(page, presses)}
    return figures


def verdict(name: str, f: dict) -> str:
    if name == "ladder move":
        ok = f["course"]["p95_ms"] < MOVE_MS
        return f"{'ok' if ok else 'OVER'} (p95 < {MOVE_MS:g} ms)"
    if f["type"] == "code":
        return "(sandbox: no target)"
    ok = f["added_ms"] <= ADDED_MS
    return f"{'ok' if ok else 'OVER'} (adds <= {ADDED_MS:g} ms)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=40, help="timed presses per exercise")
    parser.add_argument(
        "--exercise",
        action="append",
        help=f"exercise id to time (repeatable; default: {', '.join(DEFAULT_EXERCISES)})",
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "out" / "browser_latency.json"
    )
    parser.add_argument(
        "--stock-sockets",
        action="store_true",
        help="run the server without course.nodelay, as jupyter_server ships: kernel "
        "websockets with Nagle's algorithm on (replies can wait ~40 ms for an ACK)",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file() or sync_playwright is None:
        print(f"Needs Chromium at {CHROMIUM} and Playwright. {INSTALL_HINT}", file=sys.stderr)
        return 2
    started = time.monotonic()
    figures = run(args.exercise or DEFAULT_EXERCISES, max(args.presses, 2), not args.stock_sockets)
    print("Press -> change painted, JupyterLab in headless Chromium on loopback")
    if args.stock_sockets:
        print("kernel websockets as jupyter_server ships them (Nagle on, course.nodelay off):")
        print("a reply can wait ~40 ms for the browser's delayed ACK, so times cluster near")
        print("20 and 60 ms and a median jumps between the clusters; 'added' compares means")
    else:
        print("kernel websockets with TCP_NODELAY (course.nodelay, as pm-course installs it)")
        print("(mean / median / p95 ms; 'added' compares means)")
    print(f"{'what':>22}  {'type':<10} {'course':>20}  {'bare widget':>20}  {'added':>6}")
    for name, f in figures.items():
        f["added_ms"] = round(f["course"]["mean_ms"] - f["bare"]["mean_ms"], 1)
        c, b = f["course"], f["bare"]
        print(
            f"{name:>22}  {f['type']:<10} "
            f"{c['mean_ms']:5.1f} /{c['median_ms']:5.1f} /{c['p95_ms']:6.1f}  "
            f"{b['mean_ms']:5.1f} /{b['median_ms']:5.1f} /{b['p95_ms']:6.1f}  "
            f"{f['added_ms']:+6.1f}  {verdict(name, f)}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"({time.monotonic() - started:.0f} s; figures also in {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
