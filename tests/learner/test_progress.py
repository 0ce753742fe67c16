"""Progress per notebook, from the journal and the notebooks' own show() calls."""

import json

import matplotlib.pyplot as plt

from course.learner.progress import exercise_notebooks, rows, show, text


def _notebook(folder, name, *ids):
    source = [[f'course.show("{i}")\n'] for i in ids]
    cells = [{"cell_type": "code", "source": s, "metadata": {}} for s in source]
    (folder / f"{name}.ipynb").write_text(json.dumps({"cells": cells}))


def test_rows_count_done_and_score_per_notebook(bank, journal, tmp_path):
    _notebook(tmp_path, "01-one", "sort", "cpi")
    _notebook(tmp_path, "02-two", "certs", "sort")
    journal.append({"exercise": "cpi", "answer": 0.8, "score": 1.0})
    journal.append({"exercise": "certs", "answer": {}, "score": 2.0})
    assert exercise_notebooks(tmp_path) == {"sort": "01-one", "cpi": "01-one", "certs": "02-two"}
    table = rows(journal, bank, tmp_path)
    counts = {"tries": 1, "shown": 0}
    assert [{k: v for k, v in r.items() if k not in ("mastered", "practice")} for r in table] == [
        {"notebook": "01-one", "done": 1, "total": 2, "score": 1.0, "max": 2.0, **counts},
        {"notebook": "02-two", "done": 1, "total": 1, "score": 2.0, "max": 3.0, **counts},
    ]
    # no max_score in these records: they are not Checks mastery can judge; certs is graded
    assert [(r["mastered"], r["practice"]) for r in table] == [(0, 2), (0, 0)]
    assert text(table).splitlines()[3].split() == ["all", "2/3", "0/2", "3", "/", "5", "2", "0"]


def test_text_shows_attempts_answers_shown_and_two_decimals(bank, journal, tmp_path):
    _notebook(tmp_path, "01-one", "sort", "cpi")
    journal.append({"exercise": "sort", "answer": {}, "score": 0.678571, "attempts": 3})
    journal.append(
        {"exercise": "cpi", "answer": 1, "score": 0, "attempts": 2, "answer_shown": True}
    )
    lines = text(rows(journal, bank, tmp_path)).splitlines()
    head = ["notebook", "done", "mastered", "score", "tries", "answers", "shown"]
    assert lines[0].split() == head
    assert lines[1].split() == ["01-one", "2/2", "0/2", "0.68", "/", "2", "5", "1"]
    assert len({len(line) for line in lines[:3]}) == 1  # every row lines up
    assert lines[3] == "" and lines[4].startswith("Mastered: right on a fresh variant")


def test_show_prints_and_returns_a_chart(bank, journal, tmp_path, capsys):
    _notebook(tmp_path, "01-one", "sort")
    figure = show(journal, bank, tmp_path)
    assert "01-one" in capsys.readouterr().out
    assert figure.axes
    plt.close(figure)


def test_every_shipped_notebook_exercise_is_counted():
    mapping = exercise_notebooks()
    assert "duty-sort" in mapping and mapping["duty-sort"].startswith("04-")
