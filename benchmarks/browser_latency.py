"""Check-to-feedback latency in the real browser: JupyterLab in headless Chromium.

    python benchmarks/browser_latency.py                  # 60 presses on each of 3 exercises
    python benchmarks/browser_latency.py --presses 200 --exercise duty-sort

Starts a real ``jupyter lab`` on loopback (the browser tests' server, see
``tests/browser/helpers.py``), opens a notebook that shows each exercise, and
presses Check again and again. Each press is timed inside the page: from the
button's ``click`` event to the first frame after the feedback area changed
(a MutationObserver sees the new feedback; the time is taken in a task queued
from the next animation frame, i.e. after that frame is painted). So the figure
covers the round trip to the kernel, ``course.grade``, the journal append, the
widget update and the render; it leaves out Playwright's own overhead.

Before each press the answer changes (one dropdown, the number typed, or the
code), so every Check has new feedback to show; that change's message to the
kernel is sent just before the press. A code exercise's Check runs the
learner's function in a sandbox process (``course.sandbox``) on every visible
and hidden check, so its figure includes that process. Five presses warm up and are not counted.
Prints the median and 95th percentile per exercise; writes them as JSON too.
"""

from __future__ import annotations

import argparse
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
    JupyterServer,
    copy_course,
    exercise,
    open_notebook,
    run_all,
    sync_playwright,
    write_notebook,
)

from course import load_bank  # noqa: E402

DEFAULT_EXERCISES = ["duty-sort", "project-cost-overrun", "critical-path-code"]
WARM_UP = 5
TARGET_MEDIAN_MS = 100.0
OBSERVE = """(widget) => {
    const area = widget.querySelector('.pm-feedback-area');
    const check = [...widget.querySelectorAll('button')]
        .find(b => b.textContent.trim() === 'Check');
    const timing = {start: null, times: []};
    widget.pmTiming = timing;
    check.addEventListener('click', () => { timing.start = performance.now(); }, true);
    new MutationObserver(() => {
        if (timing.start === null) return;
        const start = timing.start;
        timing.start = null;
        requestAnimationFrame(() => setTimeout(() => {
            timing.times.push(performance.now() - start);
        }, 0));
    }).observe(area, {childList: true, subtree: true, characterData: true});
}"""


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1) of ``values``, interpolated."""
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def change_answer(widget, ex, press: int) -> None:
    """Make this press's answer to ``ex`` differ from the last one's."""
    if ex.type == "numeric":
        widget.locator(".pm-number input").fill(str(50 + press % 2))
    elif ex.type == "code":
        source = f"def {ex.data['function']}(*args):\n    return {press % 2}\n"
        widget.locator(".pm-code textarea").fill(source)
    elif ex.type in ("categorize", "match"):
        widget.locator("select").first.select_option(index=1 + press % 2)
    else:
        raise SystemExit(f"{ex.id}: {ex.type} exercises are not timed here")


def measure(page, ex, presses: int) -> list[float]:
    """Press Check on ``ex`` ``presses`` times (plus warm-up); the counted latencies in ms."""
    widget = exercise(page, ex.id)
    widget.scroll_into_view_if_needed()
    widget.evaluate(OBSERVE)
    check = widget.get_by_role("button", name="Check")
    for press in range(WARM_UP + presses):
        change_answer(widget, ex, press)
        check.click()
        page.wait_for_function(
            "([widget, n]) => widget.pmTiming.times.length === n",
            arg=[widget.element_handle(), press + 1],
        )
    times = widget.evaluate("(widget) => widget.pmTiming.times")
    return times[WARM_UP:]


def run(exercise_ids: list[str], presses: int) -> dict[str, dict]:
    """Start the server and browser, measure each exercise; figures by exercise id."""
    with tempfile.TemporaryDirectory(prefix="pm-latency-") as folder:
        root = copy_course(Path(folder))
        cells = ["import course", *[f'course.show("{i}")' for i in exercise_ids]]
        write_notebook(root / "notebooks" / "latency.ipynb", *cells)
        with JupyterServer(root) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            open_notebook(page, server, "notebooks/latency.ipynb")
            run_all(page)
            figures = {}
            bank = load_bank(root / "exercises")
            for exercise_id in exercise_ids:
                times = measure(page, bank[exercise_id], presses)
                figures[exercise_id] = {
                    "presses": len(times),
                    "median_ms": round(statistics.median(times), 1),
                    "p95_ms": round(percentile(times, 0.95), 1),
                    "min_ms": round(min(times), 1),
                    "max_ms": round(max(times), 1),
                }
            browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=60, help="timed presses per exercise")
    parser.add_argument(
        "--exercise",
        action="append",
        help=f"exercise id to time (repeatable; default: {', '.join(DEFAULT_EXERCISES)})",
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "out" / "browser_latency.json"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file() or sync_playwright is None:
        print(f"Needs Chromium at {CHROMIUM} and Playwright. {INSTALL_HINT}", file=sys.stderr)
        return 2
    exercise_ids = args.exercise or DEFAULT_EXERCISES
    started = time.monotonic()
    figures = run(exercise_ids, max(args.presses, 2))
    print("Check -> feedback visible, JupyterLab in headless Chromium on loopback")
    for exercise_id, f in figures.items():
        verdict = "ok" if f["median_ms"] < TARGET_MEDIAN_MS else "OVER TARGET"
        print(
            f"{exercise_id:>24}: median {f['median_ms']:6.1f} ms  p95 {f['p95_ms']:6.1f} ms  "
            f"(min {f['min_ms']}, max {f['max_ms']}, {f['presses']} presses)  "
            f"target median < {TARGET_MEDIAN_MS:g} ms: {verdict}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"({time.monotonic() - started:.0f} s; figures also in {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
