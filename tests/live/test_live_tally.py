"""What the dashboard counts: latest answers, score bins, items placed wrong, notebook order."""

from __future__ import annotations

import json

from course import load_bank
from course.live.tally import Tally, notebook_order, score_bin


def write_notebook(path, *sources):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Sorting duties\n"]}]
    cells += [{"cell_type": "code", "metadata": {}, "source": [s], "outputs": []} for s in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))


def test_exercises_come_in_the_notebooks_order(tmp_path):
    write_notebook(tmp_path / "02-b.ipynb", 'course.show("cert-match")')
    write_notebook(tmp_path / "01-a.ipynb", "import course", 'course.show( "duty-sort" )')
    assert notebook_order(tmp_path) == [
        ("duty-sort", "Sorting duties"),
        ("cert-match", "Sorting duties"),
    ]
    tally = Tally(load_bank(), tmp_path)
    for seq, exercise in enumerate(["slack-numeric", "cert-match", "duty-sort"], start=1):
        tally.add(
            seq,
            {
                "exercise": exercise,
                "learner": "a",
                "answer": {} if exercise != "slack-numeric" else 3.0,
                "score": 0.0,
                "max_score": 1.0,
            },
        )
    assert [c["id"] for c in tally.snapshot()["exercises"]] == [
        "duty-sort",
        "cert-match",
        "slack-numeric",
    ]


def test_score_bins_have_no_raw_floats():
    assert [score_bin(s, 1) for s in (0, 0.24, 0.25, 0.5, 0.99, 1)] == [0, 0, 1, 2, 3, 4]
    assert score_bin(2, 3) == 2


def test_order_mistakes_name_the_step_they_were_put_at():
    bank = load_bank()
    ladder = bank["career-ladder"]
    key = ladder.data["answer"]
    tally = Tally(bank)
    swapped = [key[1], key[0], *key[2:]]
    for n, answer in enumerate([swapped, swapped, key]):
        tally.add(
            n + 1,
            {
                "exercise": "career-ladder",
                "learner": f"l{n}",
                "answer": answer,
                "score": 0.5,
                "max_score": 1.0,
            },
        )
    wrong = tally.snapshot()["exercises"][0]["wrong"]
    first = next(w for w in wrong if w["belongs"] == "step 1")
    assert (first["placed"], first["placed_count"], first["of"]) == ("step 2", 2, 3)


def test_a_bank_without_keys_shows_no_misplacements(tmp_path):
    from course.content.release import release

    out = release(tmp_path / "student")
    student = load_bank(out / "exercises")
    tally = Tally(student)
    tally.add(
        1,
        {
            "exercise": "capstone-grouping",
            "learner": "a",
            "answer": {},
            "score": None,
            "max_score": 1.0,
        },
    )
    card = tally.snapshot()["exercises"][0]
    assert card["later"] == 1 and card["wrong"] == []
