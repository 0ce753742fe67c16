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


def test_wrong_placements_follow_each_learners_latest_answer():
    """The tally keeps the wrong-placement counts as answers come (each graded once); after
    learners change their answers, a card says what counting every latest answer anew does."""
    bank = load_bank()
    ex = bank["cert-match"]
    key = {row["id"]: row["answer"] for row in ex.data["left"]}
    places = [c["id"] for c in ex.data["right"]]
    first, other = next(iter(key)), places[0] if places[0] != key[next(iter(key))] else places[1]
    wrong_once = dict(key, **{first: other})
    tally = Tally(bank)

    def post(seq, learner, answer):
        tally.add(
            seq,
            {
                "exercise": ex.id,
                "learner": learner,
                "answer": answer,
                "score": 0.0,
                "max_score": 1.0,
            },
        )
        return tally.snapshot()["exercises"][0]["wrong"]

    assert post(1, "a", wrong_once) == [
        {
            "text": next(r["text"] for r in ex.data["left"] if r["id"] == first),
            "wrong": 1,
            "of": 1,
            "placed": next(
                c.get("label") or c.get("text") for c in ex.data["right"] if c["id"] == other
            ),
            "placed_count": 1,
            "belongs": next(
                c.get("label") or c.get("text") for c in ex.data["right"] if c["id"] == key[first]
            ),
        }
    ]
    assert post(2, "b", wrong_once)[0]["wrong"] == 2
    assert post(3, "a", key)[0]["wrong"] == 1  # a's earlier mistake no longer counts
    assert post(4, "b", key) == []  # nor b's: nobody places anything wrong now
    assert tally.snapshot()["exercises"][0]["answered"] == 2
