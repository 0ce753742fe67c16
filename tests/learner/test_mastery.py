"""Mastery from real journals: the one rule in course/learner/mastery.py, worked by hand.

The rule: mastered after a right Check, without the answer on screen, on a fresh
variant (a seed no earlier Check of that exercise had; a right first try is
one); without variants, also a right Check a day or more after the first try.
"""

import json
from dataclasses import replace

import matplotlib.pyplot as plt

from course.figures import progress_chart
from course.learner import mastery
from course.learner.progress import rows, text
from course.learner.widget import show

BASE = "2026-12-01T10:00:00.000+00:00"


def at(hours: float) -> str:
    """The journal time ``hours`` after BASE."""
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(BASE) + timedelta(hours=hours)).isoformat(
        timespec="milliseconds"
    )


def check(journal, exercise, score, hours, **more):
    journal.append(
        {
            "exercise": exercise,
            "answer": None,
            "score": score,
            "max_score": more.pop("max_score", 1.0),
            "time": at(hours),
            **more,
        }
    )


def mastered(journal, bank):
    return mastery.mastered_ids(bank, journal.records())


def test_right_first_try_is_mastered(bank, journal):
    check(journal, "cpi", 1.0, 0)
    assert mastered(journal, bank) == {"cpi"}


def test_right_a_minute_after_a_wrong_try_is_not_mastered_yet(bank, journal):
    check(journal, "cpi", 0.0, 0)
    check(journal, "cpi", 1.0, 0.05)
    assert mastered(journal, bank) == set()


def test_without_variants_right_a_day_after_the_first_try_is_mastered(bank, journal):
    check(journal, "cpi", 0.0, 0)
    check(journal, "cpi", 1.0, 23.9)  # the same day, near enough: not yet
    assert mastered(journal, bank) == set()
    check(journal, "cpi", 1.0, 24.0)
    assert mastered(journal, bank) == {"cpi"}


def test_right_with_the_answer_on_screen_never_counts(bank, journal):
    check(journal, "cpi", 0.0, 0)
    journal.append({"exercise": "cpi", "answer": None, "score": 0.0, "max_score": 1.0,
                    "time": at(0.1), "action": "show"})  # fmt: skip
    check(journal, "cpi", 1.0, 48, revealed=True)
    assert mastered(journal, bank) == set()


def test_with_variants_only_a_fresh_seed_counts(bank, journal):
    check(journal, "cpi", 0.0, 0, seed=4)
    check(journal, "cpi", 1.0, 72, seed=4)  # three days later, but the same numbers
    assert mastered(journal, bank) == set()
    check(journal, "cpi", 0.5, 73, seed=9)  # a new variant, half right
    check(journal, "cpi", 1.0, 74, seed=9)  # right, but seed 9 was tried an hour ago
    assert mastered(journal, bank) == set()
    check(journal, "cpi", 1.0, 75, seed=11)
    assert mastered(journal, bank) == {"cpi"}


def test_a_variant_right_first_try_is_mastered(bank, journal):
    check(journal, "sort", 1.0, 0, seed=7)
    assert mastered(journal, bank) == {"sort"}


def test_variants_come_from_the_bank_or_from_the_seeds_in_the_checks(bank):
    assert not mastery.has_variants(bank["cpi"], [{"seed": 0}, {}])
    assert mastery.has_variants(bank["cpi"], [{"seed": 3}])
    declared = replace(bank["cpi"], data={**bank["cpi"].data, "variants": {"count": 5}})
    assert mastery.has_variants(declared, [])
    # declared variants: the same seed a day later is not a fresh variant
    checks = [
        {"score": 0.0, "max_score": 1.0, "time": at(0)},
        {"score": 1.0, "max_score": 1.0, "time": at(30)},
    ]
    assert not mastery.mastered(checks, variants=True)
    assert mastery.mastered(checks, variants=False)


def test_graded_records_without_a_score_and_show_records_are_not_mastery(bank, journal):
    check(journal, "certs", 3.0, 0, max_score=3.0)  # graded: a capstone item, assessment
    journal.append({"exercise": "define", "answer": ["temporary"], "score": None,
                    "max_score": 1.0, "time": at(0)})  # fmt: skip
    check(journal, "ladder", 1.0, 0, action="show")
    assert mastered(journal, bank) == set()
    assert set(mastery.checks(journal.records())) == {"certs"}


def test_a_once_mastered_exercise_stays_mastered(bank, journal):
    check(journal, "cpi", 1.0, 0)
    check(journal, "cpi", 0.0, 200)
    assert mastered(journal, bank) == {"cpi"}


def _notebook(folder, name, *ids):
    cells = [{"cell_type": "code", "source": [f'course.show("{i}")\n'], "metadata": {}}
             for i in ids]  # fmt: skip
    (folder / f"{name}.ipynb").write_text(json.dumps({"cells": cells}))


def test_progress_counts_mastered_per_notebook_through_the_widget(bank, journal, tmp_path):
    _notebook(tmp_path, "01-one", "cpi", "sort")
    _notebook(tmp_path, "02-two", "certs")
    right = show("cpi", bank=bank, journal=journal)
    right.answer = "0.8"  # the key, first try: mastered
    right.check()
    wrong = show("sort", bank=bank, journal=journal)
    wrong.answer = {"schedule": "program", "benefits": "project", "budget": "program"}
    wrong.check()
    wrong.answer = {"schedule": "project", "benefits": "program", "budget": "project",
                    "funding": "program"}  # fmt: skip
    assert wrong.check().score == 1.0  # right a moment after a wrong try: not yet mastered
    table = rows(journal, bank, tmp_path)
    assert [(r["notebook"], r["mastered"], r["practice"]) for r in table] == [
        ("01-one", 1, 2),
        ("02-two", 0, 0),  # certs is graded: not practice
    ]
    lines = text(table).splitlines()
    assert lines[0].split()[:3] == ["notebook", "done", "mastered"]
    assert lines[1].split()[:3] == ["01-one", "2/2", "1/2"]
    assert lines[2].split()[:3] == ["02-two", "0/1", "-"]
    assert lines[3].split()[:3] == ["all", "2/3", "1/2"]
    assert " ".join(lines[5:]) == mastery.RULE


def test_the_chart_draws_mastery_inside_the_done_bar(tmp_path):
    table = [
        {"notebook": "01-one", "done": 3, "total": 4, "score": 2 / 3, "max": 4.0,
         "mastered": 1, "practice": 4},
        {"notebook": "14-capstone", "done": 2, "total": 2, "score": 1.0, "max": 2.0,
         "mastered": 0, "practice": 0},
    ]  # fmt: skip
    fig = progress_chart(table)
    bars = {p.get_gid(): p for p in fig.axes[0].patches if p.get_gid()}
    assert bars["done:01-one"].get_width() == 75
    assert bars["mastered:01-one"].get_width() == 25
    assert "mastered:14-capstone" not in bars  # assessment: nothing to master
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels == [
        "3/4 done, 1 mastered",
        "0.67/4 points",
        "2/2 done (assessment)",
        "1/2 points",
    ]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["exercises done", "mastered", "score"]
    fig.savefig(tmp_path / "progress.png")
    assert (tmp_path / "progress.png").stat().st_size > 5000
    plt.close(fig)
