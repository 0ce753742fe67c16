"""Scenario questions as the exams ask them (issue 17, item 2).

Situational items ("the program manager learns that ...: what should they do
first?") across both levels, each with a rationale for every option, shown in
the notebook that teaches their reasoning, and some graded in the capstone.
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from course.content.notebooks import read, shown_ids
from course.core.bank import load_bank

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
BANK = load_bank(ROOT / "exercises")
SCENARIOS = sorted(i for i in BANK if "scenario" in i)
# The scenario series written for issue 17: scenario-<topic>-<n>.
SERIES = sorted(i for i in SCENARIOS if re.fullmatch(r"scenario-[a-z]+-\d+", i))
SHOWN = {nb.stem: shown_ids(read(nb)) for nb in NOTEBOOKS}


def where(exercise_id: str) -> list[str]:
    return [nb for nb, ids in SHOWN.items() if exercise_id in ids]


def test_there_are_at_least_60_scenario_items_across_both_levels():
    assert len(SCENARIOS) >= 60, len(SCENARIOS)
    tags = [BANK[i].data["outline"] for i in SCENARIOS]
    program = sum(any(t.startswith("pgmp-") for t in ts) for ts in tags)
    project = sum(any(t.startswith("pmp-") for t in ts) for ts in tags)
    assert program >= 20 and project >= 20, (program, project)
    domains = Counter(t.split("-")[1] for ts in tags for t in ts if t.startswith("pmp-"))
    assert all(domains[d] >= 10 for d in ("people", "process", "be")), domains


@pytest.mark.parametrize("exercise_id", SCENARIOS)
def test_a_scenario_is_a_single_answer_question_with_a_rationale_for_every_option(exercise_id):
    data = BANK[exercise_id].data
    assert data["type"] == "choice" and not data.get("multiple", False)
    assert data["prompt"].rstrip().endswith("?"), "a scenario ends with its question"
    options = data["options"]
    assert len(options) >= 4 and sum(o["correct"] for o in options) == 1
    for option in options:
        assert len(option["feedback"].split()) >= 8, (option["id"], option["feedback"])


@pytest.mark.parametrize("exercise_id", SCENARIOS)
def test_a_scenario_is_shown_once_and_graded_only_in_a_capstone(exercise_id):
    found = where(exercise_id)
    assert len(found) == 1, found
    graded = bool(BANK[exercise_id].data.get("graded"))
    assert graded == found[0].endswith("capstone"), (found, graded)


def test_the_capstone_grades_several_scenarios():
    graded = [i for i in SHOWN["14-capstone"] if i in SCENARIOS and BANK[i].data.get("graded")]
    assert len(graded) >= 6, graded


@pytest.mark.parametrize("exercise_id", SERIES)
def test_option_lengths_are_within_a_fifth_of_each_other(exercise_id):
    lengths = [len(o["text"]) for o in BANK[exercise_id].data["options"]]
    assert max(lengths) <= 1.2 * min(lengths), lengths


def test_the_keyed_option_is_not_always_in_the_same_place():
    # The widget shuffles options on screen, but the files should not teach a habit either.
    places = Counter([o["correct"] for o in BANK[i].data["options"]].index(True) for i in SERIES)
    assert max(places.values()) <= 0.4 * len(SERIES), places


def test_the_two_last_outline_gaps_are_taught_where_their_items_are_shown():
    texts = {nb.stem: nb.read_text(encoding="utf-8") for nb in NOTEBOOKS}
    assert "## A common vision" in texts["15-leading-people"]
    assert "## Continuous improvement" in texts["17-quality-and-contracts"]
    for tag, notebook in (
        ("pmp-people-1", "15-leading-people"),
        ("pmp-be-6", "17-quality-and-contracts"),
    ):
        items = [i for i in SERIES if tag in BANK[i].data["outline"]]
        assert len(items) >= 2 and all(where(i) == [notebook] for i in items), (tag, items)
