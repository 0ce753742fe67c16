"""Tests for course.core.variants: seeded variants keyed by course.pm, and their checks."""

import json
import math
import re

import pytest

import course.pm as pm
from course.core import types, variants
from course.core.bank import check_exercise, exercise_from, load_bank, public_data, read_file
from course.core.grade import grade
from course.core.template import evaluate, render
from course.core.types import code

BANK = load_bank()
TEMPLATED = sorted(i for i, e in BANK.items() if variants.has_template(e))
# Templates whose parameters allow fewer than 1,000 distinct variants, and why:
# a team of n people gaining m has only 37 x 19 = 703 (n, m) pairs worth asking.
FEW = {"channels-numeric": 703}
NO_CALCULATION = {"pmp-experience-months"}  # a fact from PMI's handbook, not a calculation


def numbers(text: str) -> list[float]:
    """The numbers written in ``text`` (thousands grouped with commas)."""
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def test_every_numeric_and_code_exercise_has_a_template():
    numeric = {i for i, e in BANK.items() if e.type in ("numeric", "code")}
    assert numeric - set(TEMPLATED) == NO_CALCULATION
    assert len(TEMPLATED) >= 36


def test_at_least_60_percent_of_the_bank_generates_variants():
    share = len(TEMPLATED) / len(BANK)
    assert share >= 0.60, f"{len(TEMPLATED)} of {len(BANK)} exercises make variants ({share:.0%})"
    pools = [i for i in TEMPLATED if "extra" in BANK[i].data["variants"]]
    assert {BANK[i].type for i in pools} == {"categorize", "match", "choice"}


@pytest.mark.parametrize("exercise_id", TEMPLATED)
def test_seed_zero_is_the_exercise_as_written(exercise_id):
    exercise = BANK[exercise_id]
    assert variants.variant(exercise, 0) is exercise


@pytest.mark.parametrize("exercise_id", TEMPLATED)
def test_a_thousand_seeds_give_a_thousand_valid_variants_mostly_distinct(exercise_id):
    survey = variants.survey(BANK[exercise_id], 1000)
    assert survey.valid == 1000, survey.problems
    if survey.possible is not None:  # a pool drawn by answer: M draws, 1,000 times
        m = survey.possible
        assert m >= 20, f"{exercise_id}: its pool gives only {m} different variants"
        assert survey.distinct >= 0.9 * m * (1 - (1 - 1 / m) ** 1000)
    elif exercise_id in FEW:  # nearly every possible pair drawn: 1 - e^(-1000/703) of them
        assert survey.distinct >= 0.7 * FEW[exercise_id]
    else:
        assert survey.distinct >= 950


@pytest.mark.parametrize("exercise_id", [i for i in TEMPLATED if BANK[i].type == "numeric"])
def test_a_numeric_variant_changes_the_numbers_and_its_worked_answer_grades_right(exercise_id):
    written = BANK[exercise_id]
    made = variants.variant(written, 7)
    assert made.prompt != written.prompt and numbers(made.prompt) != numbers(written.prompt)
    assert math.isfinite(made.data["answer"])
    assert grade(made, made.data["answer"]).score == made.points
    assert "{" not in made.prompt + made.data["explanation"]  # every placeholder filled
    assert made.data["explanation"] != written.data["explanation"]


def test_the_cpi_key_is_ev_over_ac_of_the_numbers_in_the_prompt():
    for seed in range(1, 50):
        made = variants.variant(BANK["cpi-numeric"], seed)
        bac, month, pv, ev, ac = numbers(made.prompt)[:5]
        assert made.data["answer"] == pytest.approx(ev / ac)
        assert f"{ev / ac:.2f}" in made.data["explanation"]


def test_the_npv_key_discounts_the_cash_flows_in_the_prompt():
    for seed in range(1, 50):
        made = variants.variant(BANK["npv-numeric"], seed)
        cost, s1, s2, s3, _, _, _, rate = numbers(made.prompt)
        r = rate / 100
        expected = -cost + s1 / (1 + r) + s2 / (1 + r) ** 2 + s3 / (1 + r) ** 3
        assert made.data["answer"] == pytest.approx(expected)


def test_the_slack_key_follows_a_forward_and_backward_pass_by_hand():
    for seed in range(1, 50):
        made = variants.variant(BANK["slack-numeric"], seed)
        a, b, c, d = numbers(made.prompt)[:4]
        # D starts when both B and A-C are done; B may start as late as that minus b
        assert made.data["answer"] == max(a + c, b) - b


def test_a_wrong_answer_to_a_variant_is_not_right_and_the_written_key_is_not_its_key():
    written = BANK["eac-numeric"]
    made = next(
        v
        for s in range(1, 20)
        if abs((v := variants.variant(written, s)).data["answer"] - written.data["answer"]) > 1000
    )
    assert grade(made, written.data["answer"]).score == 0.0
    assert grade(made, made.data["answer"] * 1.1).score == 0.0


def test_a_code_variant_draws_hidden_checks_and_an_example_of_its_own():
    written = BANK["critical-path-code"]
    made = variants.variant(written, 3)
    assert made.data["hidden"]["seed"] != written.data["hidden"]["seed"]
    assert len(made.data["examples"]) == len(written.data["examples"]) + 1
    fresh = made.data["examples"][-1]
    assert fresh["expected"] == pm.critical_path(*fresh["args"])
    written_checks = [c[:2] for c in code.checks(written)]
    made_checks = [c[:2] for c in code.checks(made)]
    assert made_checks[: len(written.data["examples"])] == written_checks[:3]
    assert made_checks[-5:] != written_checks[-5:]  # the hidden checks follow the variant
    assert code.job(made, "def critical_path(t): pass").calls == [c[0] for c in made_checks]


def test_a_draw_variant_takes_its_items_from_the_pool_by_seed():
    written = BANK["duty-sort"]
    one, two = variants.variant(written, 1), variants.variant(written, 2)
    pool = [i["id"] for i in written.items()]
    assert len(one.items()) == 14 and {i["id"] for i in one.items()} <= set(pool)
    assert one.items() != two.items()
    assert variants.variant(written, 1).items() == one.items()  # the same in every call


def test_an_order_variant_draws_steps_and_keys_them_in_the_written_order():
    written = BANK["kotter-order"]
    made = variants.variant(written, 4)
    shown = [i["id"] for i in made.items()]
    assert len(shown) == 5 and made.data["answer"] == [
        s for s in written.data["answer"] if s in shown
    ]
    assert "some of the eight steps" in made.prompt and made.prompt != written.prompt
    assert grade(made, made.data["answer"]).fraction == 1.0
    assert grade(made, made.data["answer"][::-1]).fraction < 0.5
    assert variants.possible(written) == math.comb(8, 5)


def test_an_order_draw_of_fewer_than_three_steps_is_refused():
    data = json.loads(json.dumps(BANK["kotter-order"].data))
    data["variants"]["draw"] = 2
    assert ("variants.draw", "must be 3 or more: fewer steps teach no order") in check_exercise(
        data, "kotter-order"
    )


POOLS = [i for i in TEMPLATED if "extra" in BANK[i].data["variants"]]


@pytest.mark.parametrize("exercise_id", POOLS)
def test_a_pool_variant_keeps_the_written_balance_of_answers(exercise_id):
    written = BANK[exercise_id]
    field, by = types.get(written.type).POOL
    extra = {e["id"] for e in written.data["variants"]["extra"]}
    count = lambda entries: sorted(json.dumps(e[by]) for e in entries)  # noqa: E731
    seen = set()
    for seed in range(1, 41):
        shown = variants.variant(written, seed).data[field]
        assert count(shown) == count(written.data[field])
        seen |= {e["id"] for e in shown}
    assert not extra & {e["id"] for e in written.data[field]}  # seed 0 shows none of them
    assert len(extra & seen) >= len(extra) // 2  # and the variants do


def test_coq_sort_variants_are_sorted_by_the_extra_items_own_answers():
    made = variants.variant(BANK["coq-sort"], 3)
    by_id = {e["id"]: e["answer"] for e in BANK["coq-sort"].data["variants"]["extra"]}
    answer = {i["id"]: i["answer"] for i in made.data["items"]}
    assert set(answer) & set(by_id), "seed 3 draws some extra items"
    assert grade(made, answer).fraction == 1.0
    wrong = {
        **answer,
        next(i for i in answer if i in by_id): "prevention"
        if "external" in answer.values()
        else "external",
    }
    assert grade(made, wrong).fraction < 1.0
    assert {i["id"] for i in made.data["items"]} != {
        i["id"] for i in BANK["coq-sort"].data["items"]
    }


def test_variants_are_the_same_in_another_process(tmp_path):
    import subprocess
    import sys

    script = (
        "from course.core.bank import load_bank; from course.core import variants; "
        "v = variants.variant(load_bank()['npv-numeric'], 11); print(v.prompt, v.data['answer'])"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    here = variants.variant(BANK["npv-numeric"], 11)
    assert out.stdout.strip() == f"{here.prompt} {here.data['answer']}"


def test_a_released_exercise_gets_new_numbers_and_no_key():
    written = BANK["capstone-budget"]
    released = exercise_from({**public_data(written.data), "keys_removed": True})
    assert "explanation" not in released.data["variants"]
    made = variants.variant(released, 5)
    assert made.prompt == variants.variant(written, 5).prompt
    assert "answer" not in made.data and "explanation" not in made.data


def test_learner_seeds_differ_between_learners_and_stay_put():
    seeds = {variants.learner_seed("capstone-budget", f"student{n}") for n in range(200)}
    assert len(seeds) >= 199 and all(1 <= s < 1_000_000 for s in seeds)
    assert variants.learner_seed("capstone-budget", "ada") == variants.learner_seed(
        "capstone-budget", "ada"
    )


# --- template checks: clear errors naming the field ----------------------------------


def data_with(template: dict) -> dict:
    data = json.loads(json.dumps(BANK["cpi-numeric"].data))
    data["variants"] = {**data["variants"], **template}
    return data


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"key": "evm / acm"}, "variants.key", "must call a course.pm calculator"),
        ({"colour": "red"}, "variants.colour", "unknown field"),
        ({"prompt": "EV is {nothing}"}, "variants.prompt", "unknown placeholder {nothing}"),
        ({"require": ["ev > 100"]}, "variants.require", "no draw in 400 tries"),
        ({"key": "pm.earned_value(bac, pvm, evm, acm)"}, "variants.key", "finite number"),
        ({"key": "pm.no_such(bac)"}, "variants.key", "no calculator 'no_such'"),
        ({"params": {"bac": "lots"}}, "variants.params.bac", "must be [low, high]"),
        ({"values": {"x": "open('/etc/passwd')"}}, "variants.values.x", "unknown name 'open'"),
    ],
)
def test_a_bad_template_is_reported_with_its_field(change, field, says):
    problems = check_exercise(data_with(change), "cpi-numeric")
    assert any(f == field and says in m for f, m in problems), problems


def pool_with(extra: list, **top) -> dict:
    data = json.loads(json.dumps(BANK["coq-sort"].data))
    data["variants"] = {"extra": extra}
    return {**data, **top}


GOOD = {"id": "x-new", "text": "A new cost", "answer": "external", "explanation": "Because."}


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        (pool_with([{**GOOD, "answer": "nowhere"}]), "variants.extra[0] (x-new)", "not one the"),
        (pool_with([{**GOOD, "id": "rework"}]), "variants.extra[0] (rework)", "id is used twice"),
        (
            pool_with([{k: v for k, v in GOOD.items() if k != "answer"}]),
            "variants.extra[0] (x-new)",
            "missing 'answer'",
        ),
        (pool_with([GOOD], graded=True), "variants.extra", "a graded exercise cannot draw"),
        (pool_with("lots"), "variants.extra", "must be a list of items"),
        (pool_with([{**GOOD, "text": 7}]), "variants.extra: items", ""),
    ],
)
def test_a_bad_pool_is_reported_with_its_entry(data, field, says):
    problems = check_exercise(data, "coq-sort")
    assert any(f.startswith(field) and says in m for f, m in problems), problems


def test_a_released_pool_exercise_ships_no_extra_keys():
    out = public_data(pool_with([GOOD], graded=True))
    assert "variants" not in out and "Because." not in json.dumps(out)


def test_a_bad_template_file_names_file_exercise_and_field(tmp_path):
    text = (BANK.folder / "cpi-numeric.toml").read_text(encoding="utf-8")
    path = tmp_path / "cpi-numeric.toml"
    path.write_text(text.replace('key = "pm.earned_value(', 'key = "max(0, pm.earned_value('))
    _, problems = read_file(path)
    assert problems and problems[0].exercise == "cpi-numeric"
    assert problems[0].field.startswith("variants") and str(path.name) in problems[0].file


@pytest.mark.parametrize(
    "expression",
    ["().__class__", "__import__('os')", "pm.npv.__globals__", "(lambda: 1)()", "[].append(1)"],
)
def test_expressions_reach_nothing_but_their_names_and_the_calculators(expression):
    with pytest.raises(ValueError):
        evaluate(expression, {})


def test_render_refuses_attribute_access_in_placeholders():
    with pytest.raises(ValueError):
        render("{x.__class__}", {})
    assert render("{s[a][b]:.1f}", {"s": {"a": {"b": 2.25}}}) == "2.2"


def test_a_negative_seed_is_refused():
    with pytest.raises(variants.VariantError):
        variants.variant(BANK["cpi-numeric"], -1)


def test_the_pert_statements_are_keyed_by_the_normal_distribution_recomputed_here():
    def below(x, mean, sd):
        return 0.5 * (1 + math.erf((x - mean) / (sd * math.sqrt(2))))

    for seed in range(1, 80):
        made = variants.variant(BANK["pert-confidence-choice"], seed)
        mean, sd = numbers(made.prompt)[:2]
        options = {o["id"]: o for o in made.data["options"]}
        shown, days = numbers(options["one-sd"]["text"])
        assert options["one-sd"]["correct"] == (abs(shown - 100 * below(days, mean, sd)) < 1)
        second_mean, second_sd, claimed = numbers(options["add-sd"]["text"])
        assert options["add-sd"]["correct"] == (abs(claimed - math.hypot(sd, second_sd)) < 0.06)
        assert not options["mean-safe"]["correct"] and not options["whole-project"]["correct"]


def test_the_funding_choice_is_keyed_by_select_and_the_ranking_fails_in_every_variant():
    for seed in range(1, 40):
        made = variants.variant(BANK["portfolio-capacity-choice"], seed)
        budget, sa, ca, sb, cb, sc, cc = numbers(made.prompt)
        assert ca <= budget < ca + min(cb, cc) and cb + cc <= budget and sb + sc > sa > sb
        assert [o["id"] for o in made.data["options"] if o["correct"]] == ["b-and-c"]


def test_the_selection_round_is_keyed_by_select_and_every_distractor_fails_as_it_says():
    for seed in range(1, 30):
        made = variants.variant(BANK["program-capstone-select"], seed)
        budget, people, *rest = numbers(made.prompt)
        rows = [rest[i : i + 3] for i in (1, 4, 7, 10, 13)]  # "tranche 3 (" holds a 3
        t3, wing, fire, roster, car = rows
        feasible = {
            "t3-fire-car": (t3, fire, car),
            "t3-fire-roster": (t3, fire, roster),
            "t3-wing": (t3, wing),
            "t3-roster": (t3, roster),
        }
        fits = {
            o: sum(r[1] for r in rs) <= budget + 1e-9 and sum(r[2] for r in rs) <= people
            for o, rs in feasible.items()
        }
        right = [o["id"] for o in made.data["options"] if o["correct"]]
        assert right == ["t3-fire-car"] and fits["t3-fire-car"]
        assert not fits["t3-fire-roster"]  # too many people
        total = {o: sum(r[0] for r in rs) for o, rs in feasible.items()}
        assert (
            total["t3-fire-roster"]
            > total["t3-fire-car"]
            > max(total["t3-wing"], total["t3-roster"])
        )


def test_a_released_graded_code_exercise_keeps_a_valid_template_without_its_hidden_checks():
    data = {**BANK["critical-path-code"].data, "graded": True}
    released = {**public_data(data), "keys_removed": True}
    assert "hidden" not in released and check_exercise(released, "critical-path-code") == []
    made = variants.variant(exercise_from(released), 6)
    assert made.data["examples"] == released["examples"] and "hidden" not in made.data
