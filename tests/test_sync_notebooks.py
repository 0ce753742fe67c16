"""Tests for tools/sync_notebooks.py on small notebooks made in a temporary folder."""

import importlib.util
import json
from pathlib import Path

import pytest

from course.content import timing

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "sync_notebooks.py"
spec = importlib.util.spec_from_file_location("sync_notebooks", SCRIPT)
sync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sync)


def notebook(title: str, body: str, *extra: dict) -> dict:
    """A minimal nbformat 4.5 notebook with a title cell, one code cell and key points."""
    cells = [
        {"cell_type": "markdown", "id": "t", "metadata": {}, "source": title},
        {"cell_type": "markdown", "id": "b", "metadata": {}, "source": body},
        *extra,
        {"cell_type": "markdown", "id": "k", "metadata": {}, "source": "## Key points\n\n- x"},
    ]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def code_cell(src: str, cid: str, outputs: list | None = None) -> dict:
    return {
        "cell_type": "code",
        "id": cid,
        "metadata": {},
        "source": src,
        "outputs": outputs or [],
        "execution_count": 3 if outputs else None,
    }


@pytest.fixture
def course_dir(tmp_path):
    """Two notebooks and a one-exercise bank."""
    bank = tmp_path / "exercises"
    bank.mkdir()
    (bank / "pick.toml").write_text(
        'schema_version = 1\nid = "pick"\ntype = "numeric"\ntitle = "t"\nprompt = "p"\n'
        'answer = 1\nexplanation = "e"\nminutes = 4\n'
    )
    books = tmp_path / "notebooks"
    books.mkdir()
    words = " ".join(["word"] * 400)  # 2.7 minutes at 150 wpm
    first = notebook(
        "# 01 · Start\n\n**Estimated time:** 99 minutes",
        words,
        {"cell_type": "markdown", "id": "toc", "metadata": {"tags": ["contents"]}, "source": "x"},
    )
    second = notebook(
        "# 02 · Next\n\n**Estimated time:** 1 minute",
        "short",
        code_cell('course.show("pick")', "s", outputs=[{"output_type": "stream"}]),
    )
    (books / "01-start.ipynb").write_text(json.dumps(first))
    (books / "02-next.ipynb").write_text(json.dumps(second))
    (tmp_path / "guide.md").write_text(
        f"# Guide\n\n{sync.GUIDE_START}\nold\n{sync.GUIDE_END}\n\nMore text.\n"
    )
    return tmp_path


def run(course_dir: Path, *args: str) -> int:
    return sync.main(
        [
            *args,
            "--notebooks",
            str(course_dir / "notebooks"),
            "--bank",
            str(course_dir / "exercises"),
            "--guide",
            str(course_dir / "guide.md"),
        ]
    )


def read(course_dir: Path, name: str) -> dict:
    return json.loads((course_dir / "notebooks" / name).read_text())


def test_check_reports_stale_notebooks(course_dir, capsys):
    assert run(course_dir, "--check") == 1
    out = capsys.readouterr().out
    assert "01-start.ipynb: stale" in out and "02-next.ipynb: stale" in out
    assert "has outputs" in out


def test_sync_then_check_passes(course_dir):
    assert run(course_dir) == 0
    assert run(course_dir, "--check") == 0


def test_estimated_time_is_reading_plus_exercise_minutes(course_dir):
    run(course_dir)
    first = "".join(read(course_dir, "01-start.ipynb")["cells"][0]["source"])
    second = "".join(read(course_dir, "02-next.ipynb")["cells"][0]["source"])
    words_first = 400 + len("01 Start Estimated time 99 minutes".split())
    assert f"**Estimated time:** {round(timing.reading_minutes(words_first))} minutes" in first
    assert "**Estimated time:** 4 minutes" in second  # a few words plus the 4-minute exercise


def test_navigation_is_the_last_cell_with_links(course_dir):
    run(course_dir)
    nav_first = read(course_dir, "01-start.ipynb")["cells"][-1]
    nav_second = read(course_dir, "02-next.ipynb")["cells"][-1]
    assert nav_first["metadata"]["tags"] == ["navigation"]
    assert "".join(nav_first["source"]) == (
        "[Contents](01-start.ipynb#Course-contents) | [02 · Next](02-next.ipynb) >"
    )
    assert "".join(nav_second["source"]).startswith("< [01 · Start](01-start.ipynb) | ")


def test_navigation_is_regenerated_not_duplicated(course_dir):
    run(course_dir)
    run(course_dir)
    tagged = [
        c
        for c in read(course_dir, "02-next.ipynb")["cells"]
        if "navigation" in c["metadata"].get("tags", [])
    ]
    assert len(tagged) == 1


def test_outputs_are_cleared(course_dir):
    run(course_dir)
    code = [c for c in read(course_dir, "02-next.ipynb")["cells"] if c["cell_type"] == "code"]
    assert code[0]["outputs"] == [] and code[0]["execution_count"] is None


def test_contents_table_lists_every_notebook_with_its_time(course_dir):
    run(course_dir)
    toc = next(c for c in read(course_dir, "01-start.ipynb")["cells"] if c["id"] == "toc")
    table = "".join(toc["source"])
    assert table.startswith("## Course contents")
    assert "| [02 · Next](02-next.ipynb) | 4 minutes |" in table


def test_generated_cells_do_not_count_as_reading(course_dir):
    run(course_dir)
    before = (course_dir / "notebooks" / "01-start.ipynb").read_text()
    run(course_dir)  # a second run must find nothing to change
    assert (course_dir / "notebooks" / "01-start.ipynb").read_text() == before


def test_only_named_notebooks_are_rewritten(course_dir):
    second = course_dir / "notebooks" / "02-next.ipynb"
    untouched = second.read_text()
    assert run(course_dir, str(course_dir / "notebooks" / "01-start.ipynb")) == 0
    assert second.read_text() == untouched


def test_missing_exercise_is_an_error_naming_the_notebook(course_dir, capsys):
    (course_dir / "exercises" / "pick.toml").unlink()
    assert run(course_dir, "--check") == 2
    assert "02-next.ipynb" in capsys.readouterr().err


def test_missing_time_line_is_an_error(course_dir, capsys):
    path = course_dir / "notebooks" / "02-next.ipynb"
    data = json.loads(path.read_text())
    data["cells"][0]["source"] = "# 02 · Next"
    path.write_text(json.dumps(data))
    assert run(course_dir) == 2
    assert "Estimated time" in capsys.readouterr().err


def test_writes_jupyter_style_json(course_dir):
    run(course_dir)
    raw = (course_dir / "notebooks" / "01-start.ipynb").read_text()
    assert raw.endswith("}\n") and raw.startswith('{\n "cells": [')
    assert isinstance(json.loads(raw)["cells"][0]["source"], list)


def test_guide_timing_table_is_regenerated_between_markers(course_dir, capsys):
    assert run(course_dir, "--check") == 1
    assert "guide.md: stale" in capsys.readouterr().out
    run(course_dir)
    guide = (course_dir / "guide.md").read_text()
    assert guide.startswith("# Guide\n\n") and guide.endswith("\n\nMore text.\n")
    # 4.1 minutes self-study (13 words and the 4-minute exercise); live 4 x 4/3 = 5.3, up to 10
    assert "| [02 · Next](../notebooks/02-next.ipynb) | 4 min | 10 min | 10 min | `pick` |" in guide
    assert "old" not in guide


def test_guide_table_gives_live_minutes_with_code_exercises_as_homework(course_dir):
    (course_dir / "exercises" / "write.toml").write_text(
        'schema_version = 1\nid = "write"\ntype = "code"\ntitle = "t"\nprompt = "p"\n'
        'function = "f"\nstarter = "def f(x):\\n    ..."\nminutes = 30\n'
    )
    path = course_dir / "notebooks" / "02-next.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"].insert(-1, code_cell('course.show("write")', "w"))
    path.write_text(json.dumps(nb))
    run(course_dir)
    guide = (course_dir / "guide.md").read_text()
    # 4 + 30 minutes of exercises and 16 words: 34 self-study, live 34 x 4/3 = 45.3, up to 50;
    # without the code exercise 4 minutes, live 10
    assert "| 34 min | 50 min | 10 min | `pick`, `write` |" in guide


def test_a_code_exercise_gets_its_starter_cell_once_and_kept_up_to_date(course_dir, capsys):
    bank, books = course_dir / "exercises", course_dir / "notebooks"
    starter = "def f(x):\n    ..."
    (bank / "write.toml").write_text(
        'schema_version = 1\nid = "write"\ntype = "code"\ntitle = "t"\nprompt = "p"\n'
        f'function = "f"\nstarter = """\n{starter}\n"""\nminutes = 5\n'
    )
    path = books / "02-next.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"].insert(-1, code_cell('course.show("write")', "w"))
    path.write_text(json.dumps(nb))
    assert run(course_dir, "--check") == 1
    assert "starter cells" in capsys.readouterr().out
    assert run(course_dir) == 0
    cells = json.loads(path.read_text())["cells"]
    at = [sync.source(c) for c in cells].index('course.show("write")')
    before = cells[at - 1]
    assert sync.tags(before) == ["starter"] and before["id"] == "starter-write"
    assert sync.source(before) == sync.STARTER_HEAD + starter
    assert sum(sync._is_starter(c) for c in cells) == 1  # the numeric exercise gets none
    assert run(course_dir) == 0 and run(course_dir, "--check") == 0  # regenerated, not added

    (bank / "write.toml").write_text((bank / "write.toml").read_text().replace("(x)", "(y)"))
    assert run(course_dir, "--check") == 1  # a changed starter makes the cell stale
    assert run(course_dir) == 0
    cells = json.loads(path.read_text())["cells"]
    assert [sync.source(c) for c in cells if sync._is_starter(c)] == [
        sync.STARTER_HEAD + "def f(y):\n    ..."
    ]


def test_every_notebook_says_what_to_do_when_reopened_widgets_show_model_not_found():
    notebooks = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9]*.ipynb"))
    assert notebooks
    for path in notebooks:
        second = json.loads(path.read_text())["cells"][1]
        text = "".join(second["source"])
        assert second["metadata"].get("tags") == ["reopen"], path.name
        assert "model not found" in text and "Run All Cells" in text, path.name
