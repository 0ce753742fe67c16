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
    head = ["notebook", "done", "mastered", "score", "tries", "shown"]
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


def _chart_rows() -> list[dict]:
    """19 notebooks as a learner part-way through has them: full, nearly full, long
    labels, a mastered bar reaching under its label, an assessment and untouched ones."""
    rows = [
        {"notebook": f"{n:02d}-a-notebook-name", "done": d, "total": 12, "score": s, "max": 12.0}
        for n, (d, s) in enumerate(
            [(12, 12), (11, 11.57), (8, 7.9), (12, 0.5), (0, 0), (6, 6), (10, 9.99)] * 3, 1
        )
    ][:19]
    for row, mastered in zip(rows, [12, 2, 7, 11, 0, 6, 9] * 3, strict=False):
        row.update(mastered=mastered, practice=12)
    rows[13].update(practice=0, mastered=0)  # the capstone: an assessment, nothing to master
    return rows


def _label_problems(figure) -> list[str]:
    """Bar labels of the chart cut at 100 %, outside the figure, or crossing another text."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(figure).draw()
    ax = figure.axes[0]
    right, box = ax.get_window_extent().x1, figure.bbox
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    problems = []
    for label in ax.texts:
        if label.get_window_extent().x1 > right + 1:
            problems.append(f"{label.get_text()!r} runs past 100 %")
    for n, one in enumerate(texts):
        a = one.get_window_extent()
        if a.x0 < box.x0 - 1 or a.x1 > box.x1 + 1 or a.y0 < box.y0 - 1 or a.y1 > box.y1 + 1:
            problems.append(f"{one.get_text()!r} lies outside the figure")
        for other in texts[n + 1 :]:
            if a.overlaps(other.get_window_extent()):
                problems.append(f"{one.get_text()!r} crosses {other.get_text()!r}")
    return problems


def test_the_chart_stops_at_100_percent_and_no_label_is_cut_or_crosses_another():
    """Flag 29: the axis ends at 100 %; a label that would run past it sits inside its
    bar's end on a box of the colour under it (white on a solid bar, black on a pale one)."""
    from course.figures import progress_chart

    rows = _chart_rows()
    figure = progress_chart(rows)
    ax = figure.axes[0]
    assert ax.get_xlim() == (0, 100)
    assert _label_problems(figure) == []
    labels = {t.get_text(): t for t in ax.texts}
    full = labels["12/12 done, 12 mastered"]  # a full bar: its label is inside, white on blue
    assert full.get_horizontalalignment() == "right" and full.get_color() == "white"
    pale = labels["11/12 done, 2 mastered"]  # over the pale end of the done bar: black
    assert pale.get_horizontalalignment() == "right" and pale.get_color() == "#000000"
    under = labels["12/12 done, 11 mastered"]  # the solid mastered bar reaches under it
    assert under.get_color() == "white"
    short = labels["0/12 done"]  # nothing done: after the (empty) bar
    assert short.get_horizontalalignment() == "left"
    assert "10/12 done (assessment)" in labels  # row 14: an assessment, nothing mastered
    plt.close(figure)


def test_the_chart_of_course_progress_reads_at_1024_px():
    """At 1024 px JupyterLab's output area is about 590 px wide with the file browser
    open: the chart is scaled to fit, and its labels stay 9 px or more."""
    from course.figures import progress_chart

    figure = progress_chart(_chart_rows())
    shown = figure.get_figwidth() * 100  # the inline backend's 100 dpi PNG
    scale = min(1.0, 590 / shown)
    sizes = {t.get_fontsize() * 100 / 72 * scale for t in figure.axes[0].texts}
    assert min(sizes) >= 9, sizes
    plt.close(figure)


def test_the_table_fits_72_columns_with_the_longest_notebook_name():
    """JupyterLab's output at 1024 px holds about 75 characters: the table, the
    mastery rule and the notes fit in 72, a long notebook name cut after 25."""
    from course.learner.progress import COLUMNS

    long = "18-portfolios-roadmaps-and-monte-carlo"
    table = [{"notebook": long, "done": 12, "total": 175, "score": 101.25, "max": 179.0,
              "tries": 1234, "shown": 153, "mastered": 153, "practice": 153}]  # fmt: skip
    lines = [*text(table).splitlines(), *COLUMNS.splitlines()]
    assert lines[1].startswith("18-portfolios-roadmaps-an… ")
    assert max(len(line) for line in lines) <= 72, max(lines, key=len)
