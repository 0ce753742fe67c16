"""Hidden-check generators: reproducible, JSON-like, and valid for the references."""

import json

import pytest

from course import pm
from course.pm import cases

GENERATORS = [
    (cases.schedule_cases, pm.schedule),
    (cases.critical_path_cases, pm.critical_path),
    (cases.earned_value_cases, pm.earned_value),
    (cases.rollup_cases, pm.rollup),
    (cases.propagate_slip_cases, pm.propagate_slip),
    (cases.benefits_cases, pm.benefits),
]


@pytest.mark.parametrize(("generator", "reference"), GENERATORS)
def test_same_seed_same_cases(generator, reference):
    assert generator(7, 25) == generator(7, 25)
    assert generator(7, 25) != generator(8, 25)


@pytest.mark.parametrize(("generator", "reference"), GENERATORS)
def test_cases_are_json_argument_lists_the_reference_accepts(generator, reference):
    generated = generator(11, 40)
    assert len(generated) == 40
    assert json.loads(json.dumps(generated)) == generated
    for args in generated:
        assert isinstance(args, list)
        json.dumps(reference(*args))


@pytest.mark.parametrize("generator", [cases.schedule_cases, cases.critical_path_cases])
def test_networks_have_4_to_12_tasks_with_integer_durations(generator):
    sizes = set()
    for [tasks] in generator(3, 60):
        sizes.add(len(tasks))
        assert 4 <= len(tasks) <= 12
        assert all(isinstance(t["duration"], int) and t["duration"] > 0 for t in tasks.values())
    assert len(sizes) > 4


def test_critical_path_cases_have_a_single_chain():
    made = cases.critical_path_cases(5, 50)
    assert len(made) == 50
    for [tasks] in made:
        assert len(pm.critical_paths(tasks)) == 1
        path = pm.critical_path(tasks)
        assert path == pm.critical_tasks(tasks)  # the prompt's two descriptions agree
        assert pm.schedule(tasks)[path[0]]["es"] == 0
        for prev, nxt in zip(path, path[1:], strict=False):
            assert prev in tasks[nxt]["after"]
        assert pm.schedule(tasks)[path[-1]]["ef"] == pm.project_duration(tasks)


def test_some_networks_have_several_critical_candidates_rejected():
    # The filter matters: plain random networks sometimes have two critical
    # chains, which is why critical_path_cases re-samples.
    assert any(len(pm.critical_paths(t)) > 1 for [t] in cases.schedule_cases(1, 200))


def test_slip_cases_slip_known_projects():
    made = cases.propagate_slip_cases(9, 30)
    assert len(made) == 30
    for projects, slips in made:
        assert 1 <= len(slips) <= 2 and set(slips) <= set(projects)
        assert any(row["delay"] > 0 for row in pm.propagate_slip(projects, slips).values())


def test_benefit_cases_have_defined_realisation():
    made = cases.benefits_cases(4, 30)
    assert len(made) == 30
    for plan, actual in made:
        assert pm.benefits(plan, actual)["realisation"] is not None


def test_earned_value_cases_are_whole_hundreds():
    made = cases.earned_value_cases(2, 30)
    assert len(made) == 30
    for args in made:
        assert all(isinstance(a, int) and a % 100 == 0 for a in args)


def test_earned_value_cases_leave_budget_so_tcpi_is_meaningful():
    # Once AC reaches BAC the BAC-based TCPI is negative or infinite: such
    # statuses are never used to grade learners (issue: AC > BAC in 5 % of cases).
    statuses = cases.earned_value_cases(11, 2000)
    assert len(statuses) == 2000
    for bac, _pv, ev, ac in statuses:
        assert ac <= 0.95 * bac
        assert pm.earned_value(bac, _pv, ev, ac)["tcpi"] >= 0
