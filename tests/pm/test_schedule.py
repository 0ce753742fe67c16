"""Critical path method checked against published worked examples."""

import pytest

from course.pm import (
    critical_path,
    critical_paths,
    critical_tasks,
    project_duration,
    schedule,
    topological_order,
)
from course.pm.cases import schedule_cases
from course.pm.examples import (
    GENERAL_FOUNDRY,
    GENERAL_FOUNDRY_TABLE,
    RELIABLE_CONSTRUCTION,
    TAYLOR_PROBLEM_5,
    TAYLOR_PROBLEM_5_TABLE,
    TAYLOR_WITH_DUMMY,
    TAYLOR_WITH_DUMMY_TABLE,
)

# Sources (full notes in course/pm/examples.py):
# - General Foundry, Inc.: Render, Stair & Hanna, *Quantitative Analysis for
#   Management*, chapter "Project Management"; A-C-E-G-H, 15 weeks.
# - Taylor, *Introduction to Management Science*, chapter 8, problem 5
#   solution table; 1-3-4-5-6, 20 weeks; and the following activity-on-arrow
#   table with a dummy; 1-3-5-7-8-9, 38 weeks.
# - Reliable Construction Co.: Hillier & Lieberman, *Introduction to
#   Operations Research*, chapter "Project Management with PERT/CPM";
#   A-B-C-E-F-J-L-N, 44 weeks.

PUBLISHED = [
    (GENERAL_FOUNDRY, GENERAL_FOUNDRY_TABLE, ["A", "C", "E", "G", "H"], 15),
    (TAYLOR_PROBLEM_5, TAYLOR_PROBLEM_5_TABLE, ["1-3", "3-4", "4-5", "5-6"], 20),
    (TAYLOR_WITH_DUMMY, TAYLOR_WITH_DUMMY_TABLE, ["1-3", "3-5", "5-7", "7-8", "8-9"], 38),
]


@pytest.mark.parametrize(("tasks", "table", "path", "duration"), PUBLISHED)
def test_schedule_matches_published_table(tasks, table, path, duration):
    rows = schedule(tasks)
    got = {t: (r["es"], r["ef"], r["ls"], r["lf"], r["slack"]) for t, r in rows.items()}
    assert got == table


@pytest.mark.parametrize(("tasks", "table", "path", "duration"), PUBLISHED)
def test_critical_path_and_duration_match_published_answer(tasks, table, path, duration):
    assert critical_path(tasks) == path
    assert project_duration(tasks) == duration


def test_reliable_construction_44_weeks():
    assert project_duration(RELIABLE_CONSTRUCTION) == 44
    assert critical_path(RELIABLE_CONSTRUCTION) == ["A", "B", "C", "E", "F", "J", "L", "N"]


def test_result_does_not_depend_on_dict_order():
    reversed_tasks = dict(reversed(list(GENERAL_FOUNDRY.items())))
    assert schedule(reversed_tasks) == schedule(GENERAL_FOUNDRY)
    assert critical_path(reversed_tasks) == ["A", "C", "E", "G", "H"]


def test_parallel_critical_paths_are_each_returned_as_a_path():
    tasks = {
        "B": {"duration": 2, "after": []},
        "A": {"duration": 3, "after": ["B"]},
        "C": {"duration": 5, "after": []},
        "D": {"duration": 1, "after": ["A", "C"]},
    }
    assert critical_paths(tasks) == [["B", "A", "D"], ["C", "D"]]
    # critical_path is a real path (each task waits for the one before it): the first one.
    assert critical_path(tasks) == ["B", "A", "D"]
    # critical_tasks is every zero-slack task, in (ES, id) topological order.
    assert critical_tasks(tasks) == ["B", "C", "A", "D"]


def test_float_durations_keep_the_critical_path():
    tasks = {
        "A": {"duration": 0.1, "after": []},
        "B": {"duration": 0.2, "after": ["A"]},
        "C": {"duration": 0.3, "after": []},
    }
    assert critical_paths(tasks) == [["A", "B"], ["C"]]
    assert critical_tasks(tasks) == ["A", "C", "B"]


def test_zero_duration_milestones_stay_in_path_order():
    # The start milestone S and the end milestone M share ES with real tasks:
    # sorting by (ES, id) alone would put M before B; the path order does not.
    tasks = {
        "S": {"duration": 0, "after": []},
        "B": {"duration": 2, "after": ["S"]},
        "A": {"duration": 0, "after": ["B"]},
        "M": {"duration": 0, "after": ["A"]},
    }
    assert critical_path(tasks) == ["S", "B", "A", "M"]
    assert critical_paths(tasks) == [["S", "B", "A", "M"]]


def test_every_critical_path_is_a_chain_from_start_to_end():
    made = schedule_cases(3, 200)
    assert len(made) == 200
    for [tasks] in made:
        rows = schedule(tasks)
        end = project_duration(tasks)
        paths = critical_paths(tasks)
        assert paths, "a non-empty network has at least one critical path"
        assert {t for path in paths for t in path} == set(critical_tasks(tasks))
        for path in paths:
            assert rows[path[0]]["es"] == 0 and rows[path[-1]]["ef"] == end
            for prev, nxt in zip(path, path[1:], strict=False):
                assert prev in tasks[nxt]["after"] and rows[prev]["ef"] == rows[nxt]["es"]
            assert sum(tasks[t]["duration"] for t in path) == end


def test_empty_network_and_missing_after():
    assert schedule({}) == {}
    assert project_duration({}) == 0
    assert critical_path({}) == []
    assert critical_path({"A": {"duration": 4}}) == ["A"]


def test_topological_order_is_canonical():
    assert topological_order(GENERAL_FOUNDRY) == ["A", "B", "C", "D", "E", "F", "G", "H"]


def test_cycle_is_named():
    tasks = {
        "A": {"duration": 1, "after": ["C"]},
        "B": {"duration": 1, "after": ["A"]},
        "C": {"duration": 1, "after": ["B"]},
        "D": {"duration": 1, "after": ["C"]},
    }
    with pytest.raises(ValueError, match=r"cycle: A -> B -> C -> A"):
        schedule(tasks)


def test_self_dependency_is_a_cycle():
    with pytest.raises(ValueError, match="cycle: A -> A"):
        critical_path({"A": {"duration": 1, "after": ["A"]}})


def test_unknown_predecessor():
    with pytest.raises(ValueError, match=r"task 'B' comes after unknown task\(s\) \['Z'\]"):
        schedule({"A": {"duration": 1, "after": []}, "B": {"duration": 1, "after": ["Z"]}})


@pytest.mark.parametrize("duration", [-1, float("nan"), "3", None, True])
def test_bad_duration(duration):
    with pytest.raises(ValueError, match="duration"):
        schedule({"A": {"duration": duration, "after": []}})


def test_after_must_be_a_list():
    with pytest.raises(ValueError, match="write \\['X'\\]"):
        schedule({"A": {"duration": 1, "after": []}, "B": {"duration": 1, "after": "A"}})
