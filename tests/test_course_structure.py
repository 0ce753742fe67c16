"""The course as a whole: notebook conventions, the bank behind them, derived parts in step.

These tests read the notebooks and the bank as data (JSON and TOML); running
the notebooks top to bottom is nbval's job (``pytest --nbval-lax``).
"""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from course.content.notebooks import SHOW_CALL, notebook_paths, read, shown_ids, source

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = notebook_paths(ROOT / "notebooks")
BANK = {
    p.stem: tomllib.loads(p.read_text(encoding="utf-8"))
    for p in (ROOT / "exercises").glob("*.toml")
}
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
TYPES = {"categorize", "order", "choice", "match", "numeric", "code"}
MONEY = re.compile(r"\\?\$\s?\d")  # "$1,000" or "\\$1,000"
PLOTTING = re.compile(r"\b(matplotlib|plt\.|numpy|np\.)")
TEXT_FIELDS = ("prompt", "text", "explanation", "feedback", "note", "label", "title")


def cells(path: Path) -> list[dict]:
    return read(path)["cells"]


text = source  # a cell's source as one string


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def shown(path: Path) -> list[str]:
    return shown_ids(read(path))


def test_the_teaching_notebooks_are_there():
    names = {p.name for p in NOTEBOOKS}
    for name in (
        "01-start-here.ipynb",
        "02-what-is-a-project.ipynb",
        "03-what-is-a-program.ipynb",
        "04-project-vs-program.ipynb",
        "13-careers-and-certifications.ipynb",
        "14-capstone.ipynb",
    ):
        assert name in names
    assert not list((ROOT / "notebooks").glob("Untitled*.ipynb")), "stray Untitled notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestNotebook:
    def test_opens_with_title_questions_objectives_and_time(self, path):
        first = cells(path)[0]
        assert first["cell_type"] == "markdown"
        heading = text(first).splitlines()[0]
        assert re.fullmatch(rf"# {path.name[:2]} · \S.*", heading), heading
        assert "**Questions**" in text(first)
        assert "**Objectives**" in text(first)
        assert re.search(r"\*\*Estimated time:\*\* \d+ minutes", text(first))

    def test_imports_course_in_the_first_code_cell(self, path):
        code = [c for c in cells(path) if c["cell_type"] == "code"]
        assert code and re.search(r"^import course$", text(code[0]), re.M)

    def test_ends_with_key_points_then_navigation(self, path):
        *_, key_points, navigation = cells(path)
        assert key_points["cell_type"] == "markdown"
        assert text(key_points).startswith("## Key points")
        assert navigation["cell_type"] == "markdown" and "navigation" in tags(navigation)
        assert "[Contents](" in text(navigation)

    def test_exercise_cells_contain_only_the_show_call(self, path):
        calls = [text(c).strip() for c in cells(path) if c["cell_type"] == "code"]
        calls = [c for c in calls if "course.show(" in c]
        assert [c for c in calls if not re.fullmatch(r'course\.show\("[a-z0-9-]+"\)', c)] == []

    def test_every_shown_exercise_is_in_the_bank(self, path):
        missing = [i for i in shown(path) if i not in BANK]
        assert not missing, f"{path.name} shows exercises with no exercises/<id>.toml: {missing}"

    def test_has_no_outputs(self, path):
        code = [cell for cell in cells(path) if cell["cell_type"] == "code"]
        run = [text(c)[:60] for c in code if c["outputs"] or c["execution_count"] is not None]
        assert run == [], f"{path.name}: commit notebooks without outputs"

    def test_has_kernelspec_metadata(self, path):
        metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        assert metadata.get("kernelspec") == KERNELSPEC

    def test_money_is_never_written_with_a_dollar_sign(self, path):
        # JupyterLab (issue jupyterlab#8645) and other front ends read "$1,000 ... $1,200"
        # as LaTeX math, and a backslash does not escape it everywhere: write USD 1,000.
        prose = [text(cell) for cell in cells(path) if cell["cell_type"] == "markdown"]
        found = [amount for cell in prose for amount in MONEY.findall(cell)]
        assert not found, f"{path.name}: write amounts as 'USD 1,000', not {found}"

    def test_notebooks_hold_teaching_not_plotting_code(self, path):
        code = [text(cell) for cell in cells(path) if cell["cell_type"] == "code"]
        plotting = [cell for cell in code if PLOTTING.search(cell)]
        assert plotting == [], (
            f"{path.name}: draw figures with a one-line course.figures call, not matplotlib code"
        )

    def test_nothing_runs_between_an_exercise_and_the_next_heading(self, path):
        # With Run All, any output in an exercise's section appears right under the
        # question and can give its answer away (issue 10: benefits-start-month).
        after_exercise, found = None, []
        for cell in cells(path):
            if cell["cell_type"] == "markdown" and text(cell).lstrip().startswith("#"):
                after_exercise = None
            elif cell["cell_type"] == "code":
                if SHOW_CALL.search(text(cell)):
                    after_exercise = SHOW_CALL.search(text(cell)).group(1)
                elif after_exercise:
                    found.append(f"after {after_exercise!r}: {text(cell)[:60]}")
        assert found == [], (
            f"{path.name}: a code cell follows an exercise in the same section, so Run All "
            f"shows its output under the question: {found}"
        )


def test_derived_parts_are_in_step():
    """Estimated times, navigation and contents match what the sync script derives."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "sync_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, f"run python tools/sync_notebooks.py\n{run.stdout}{run.stderr}"


def test_every_bank_exercise_is_used_in_a_notebook():
    used = {i for path in NOTEBOOKS for i in shown(path)}
    unused = sorted(set(BANK) - used)
    assert not unused, f"exercises no notebook shows: {unused}"


def test_the_bank_is_big_enough_and_uses_every_type():
    assert len(BANK) >= 30
    assert {e["type"] for e in BANK.values()} >= TYPES


@pytest.mark.parametrize("exercise_id", sorted(BANK))
def test_every_item_has_an_explanation(exercise_id):
    exercise = BANK[exercise_id]
    kind = exercise["type"]
    if kind in ("categorize", "order"):
        assert all(item.get("explanation", "").strip() for item in exercise["items"])
    elif kind == "choice":
        assert all(option.get("feedback", "").strip() for option in exercise["options"])
    elif kind == "match":
        assert all(left.get("explanation", "").strip() for left in exercise["left"])
    else:
        assert exercise.get("explanation", "").strip()


def test_duty_sort_has_three_buckets_and_many_duties():
    duty = BANK["duty-sort"]
    assert [b["id"] for b in duty["buckets"]] == ["project", "program", "both"]
    assert len(duty["items"]) >= 24
    assert {item["answer"] for item in duty["items"]} == {"project", "program", "both"}


def test_career_ladder_has_the_seven_rungs():
    ladder = BANK["career-ladder"]
    assert ladder["type"] == "order" and len(ladder["answer"]) == 7
    assert ladder["answer"][0] == "project-coordinator"
    assert ladder["answer"][-1] == "portfolio-manager"


def test_cert_match_covers_the_five_pmi_certifications():
    left = {item["id"] for item in BANK["cert-match"]["left"]}
    assert left == {"capm", "pmp", "pmi-acp", "pgmp", "pfmp"}


def test_capstone_is_graded_and_draws_per_student_variants():
    capstone = {i for i in shown(ROOT / "notebooks" / "14-capstone.ipynb")}
    graded = [i for i in capstone if BANK[i].get("graded")]
    assert len(graded) >= 5
    drawn = [
        BANK[i] for i in graded if BANK[i]["type"] == "categorize" and BANK[i].get("draw") == 8
    ]
    assert drawn and all(len(e["items"]) > 8 for e in drawn)


def test_program_capstone_is_graded_and_numbered_in_page_order():
    capstone = ROOT / "notebooks" / "19-program-capstone.ipynb"
    ids = shown(capstone)
    assert len(ids) >= 5 and all(BANK[i].get("graded") for i in ids)
    numbers = [int(re.match(r"Program capstone (\d+):", BANK[i]["title"]).group(1)) for i in ids]
    assert numbers == list(range(1, len(ids) + 1))


def test_notebooks_other_than_the_capstone_are_practice():
    practice = [p for p in NOTEBOOKS if not p.stem.endswith("capstone")]
    assert len(practice) == len(NOTEBOOKS) - 2  # 14-capstone and 19-program-capstone
    graded = {p.name: [i for i in shown(p) if BANK.get(i, {}).get("graded")] for p in practice}
    assert {name: ids for name, ids in graded.items() if ids} == {}


def _texts(value):
    """Every learner-facing string in an exercise (the fields rendered as HTML)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TEXT_FIELDS and isinstance(item, str):
                yield key, item
            else:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


@pytest.mark.parametrize("exercise_id", sorted(BANK))
def test_exercise_text_never_writes_money_with_a_dollar_sign(exercise_id):
    found = [(k, t) for k, t in _texts(BANK[exercise_id]) if MONEY.search(t)]
    assert not found, f"{exercise_id}: write amounts as 'USD 1,000' (rendered as math): {found}"


def test_capstone_titles_are_numbered_in_page_order():
    capstone = next(p for p in NOTEBOOKS if p.name.startswith("14-"))
    titles = [BANK[i]["title"] for i in shown(capstone)]
    numbers = [int(re.match(r"Capstone (\d+):", t).group(1)) for t in titles]
    assert numbers == list(range(1, len(titles) + 1)), titles


def test_benefits_start_month_is_not_answered_by_a_figure_anywhere():
    # The old notebook 03 drew this exercise's four projects on a timeline right
    # under the question. Its worked example now uses another program; the
    # exercise's projects (the dashboards among them) are drawn nowhere.
    assert "dashboards" in BANK["benefits-start-month"]["prompt"]
    notebook = next(p for p in NOTEBOOKS if "benefits-start-month" in shown(p))
    for cell in cells(notebook):
        if cell["cell_type"] == "code":
            assert "dashboards" not in text(cell).lower(), text(cell)


GUIDE = ROOT / "docs" / "instructor-guide.md"
DAY = re.compile(r"^\*\*(?P<day>[^*(]+?) \((?P<h>\d+) hours?(?: (?P<m>\d+) minutes)?\)", re.M)
ROW = re.compile(r"^\| (\d+):(\d\d) \| (.+?) \| *(\d*) *\|", re.M)


def clock(hours: str, minutes: str) -> int:
    return int(hours) * 60 + int(minutes)


def workshop_plans() -> dict[str, list[tuple[str, int, list[tuple[int, str, int | None]]]]]:
    """``{plan heading: [(day, stated minutes, [(start, what, minutes or None)])]}``.

    A plan is a ``### `` heading in the guide's ``## Workshop plans`` section; a
    day is a bold ``**Name (N hours M minutes)...**`` line and the table after it.
    """
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## Workshop plans") :]
    section = section[: section.index("\n## ", 5)]
    plans = {}
    for block in section.split("\n### ")[1:]:
        heading, _, body = block.partition("\n")
        days = []
        starts = [m for m in DAY.finditer(body)]
        for i, found in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
            stated = int(found["h"]) * 60 + int(found["m"] or 0)
            rows = [
                (clock(h, m), what, int(mins) if mins else None)
                for h, m, what, mins in ROW.findall(body[found.end() : end])
            ]
            days.append((found["day"], stated, rows))
        if days:
            plans[heading] = days
    return plans


def model_live_minutes() -> dict[str, tuple[int, int]]:
    """``{"NN": (live, live with code exercises as homework)}`` from the timing model."""
    from course.content import timing

    found = {}
    for path in NOTEBOOKS:
        time = timing.notebook_time(read(path), ROOT / "exercises")
        found[path.name[:2]] = (
            timing.live_minutes(time.rounded()),
            timing.live_minutes(time.rounded(without=("code",))),
        )
    return found


def test_the_guide_has_workshop_plans_with_days():
    plans = workshop_plans()
    assert len(plans) >= 3, sorted(plans)
    assert any(heading.startswith("Two days") for heading in plans)
    assert any(heading.startswith("Three days") for heading in plans)


def test_each_day_of_each_plan_adds_up_to_its_stated_length():
    plans = workshop_plans()
    assert len(plans) >= 3, sorted(plans)
    for heading, days in plans.items():
        for day, stated, rows in days:
            assert rows, f"instructor guide, {heading}, {day}: no table"
            where = f"instructor guide, {heading}, {day}"
            clock_now = 0
            for start, what, minutes in rows[:-1]:
                assert start == clock_now, f"{where}: {what!r} starts at {start}, not {clock_now}"
                assert minutes is not None, f"{where}: {what!r} has no minutes"
                clock_now += minutes
            last_start, last, _ = rows[-1]
            assert last == "end" and last_start == clock_now, f"{where}: ends at {last_start}"
            assert clock_now == stated, f"{where}: rows add up to {clock_now}, stated {stated}"


def test_every_notebook_is_in_a_plan_at_the_model_s_live_minutes():
    model = model_live_minutes()
    seen = set()
    for heading, days in workshop_plans().items():
        homework = "code exercises as homework" in heading
        per_notebook: dict[str, int] = {}
        for _, _, rows in days:
            for _, what, minutes in rows:
                if found := re.match(r"\*\*(\d\d) · ", what):
                    per_notebook[found[1]] = per_notebook.get(found[1], 0) + (minutes or 0)
        for number, minutes in per_notebook.items():
            assert number in model, f"instructor guide, {heading}: no notebook {number}"
            live, without_code = model[number]
            expected = without_code if homework else live
            assert minutes == expected, (
                f"instructor guide, {heading}: notebook {number} has {minutes} live minutes; "
                f"the timing model gives {expected} (run tools/sync_notebooks.py, then redo the "
                "row from the guide's generated table)"
            )
        seen |= set(per_notebook)
    assert not set(model) - seen, f"notebooks in no workshop plan: {sorted(set(model) - seen)}"


def _bullets_per_notebook(text: str) -> dict[str, int]:
    """``{"NN": number of top-level "- " bullets}`` under each ``**NN · ...**`` line of ``text``."""
    found, current = {}, None
    for line in text.splitlines():
        if heading := re.match(r"\*\*(\d\d) · ", line):
            current = heading[1]
            found[current] = 0
        elif current and line.startswith("- "):
            found[current] += 1
    return found


def test_every_management_work_prompt_has_a_model_answer():
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## The management-work notebooks") :]
    section = section[: section.index("\n## ", 5)]
    prompts = section[section.index("### Discussion prompts") :]
    prompts = prompts[: prompts.index("\n### ", 5)]
    answers = section[section.index("### Model answers to the management-work") :]
    answers = answers[: answers.index("\n### ", 5)]
    asked, answered = _bullets_per_notebook(prompts), _bullets_per_notebook(answers)
    assert set(asked) == {"06", "08", "09", "10", "11", "12"}, sorted(asked)
    assert answered == asked, f"instructor guide: prompts {asked}, model answers {answered}"


def test_the_live_view_table_opens_each_notebook_when_the_plans_start_it():
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("| when (two- and three-day plans) |") :].split("\n\n")[0]
    wanted = re.findall(r"^\| day (\d), (\d+):(\d\d)[^|]*\| (\d\d) · ", table, re.M)
    assert len(wanted) >= 6, table
    three_days = next(days for heading, days in workshop_plans().items() if "Three days" in heading)
    starts = {
        (number, what[2:4]): start
        for number, (_, _, rows) in enumerate(three_days, start=1)
        for start, what, _ in rows
        if re.match(r"\*\*\d\d · ", what)
    }
    wrong = [
        (day, nb, f"{h}:{m}")
        for day, h, m, nb in wanted
        if starts.get((int(day), nb)) != clock(h, m)
    ]
    assert wrong == [], f"the live-view table's times are not the three-day plan's: {wrong}"
