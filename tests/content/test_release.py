"""Tests for course.content.release: no key of a graded exercise anywhere in the student release."""

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from grading import support

from course.content.release import release, to_toml
from course.core import types
from course.core.bank import load_bank, public_data
from course.core.grade import grade
from course.errors import UsageError
from course.instructor.pipeline import context

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Capstone\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 3,
            "source": ['course.show("duties")\n'],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["4 of 4 right\n"]}],
        },
        {
            "cell_type": "markdown",
            "metadata": {"tags": ["solution"]},
            "source": ["Answer: CPI = EV / AC = 40,000 / 50,000 = 0.8\n"],
        },
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.fixture
def notebooks(tmp_path):
    folder = tmp_path / "notebooks"
    (folder / "img").mkdir(parents=True)
    (folder / "14-capstone.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    (folder / "img" / "ladder.svg").write_text("<svg/>", encoding="utf-8")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "14-capstone-checkpoint.ipynb").write_text("{}")
    return folder


@pytest.fixture
def released(tmp_path, notebooks):
    return release(tmp_path / "release", bank_dir=support.BANK, notebooks_dir=notebooks)


def key_values(exercise) -> list[object]:
    """Every value of a key field (answers, explanations, feedback, hidden checks)."""
    found = []
    for where, names in types.get(exercise.type).KEYS.items():
        targets = [exercise.data] if where == "" else exercise.data.get(where, [])
        found += [t[n] for t in targets for n in names if n in t]
    return found


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_the_release_leaks_no_key_of_a_graded_exercise(released):
    full = support.bank()
    files = [p for p in released.rglob("*") if p.is_file()]
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    graded = [e for e in full.values() if e.graded]
    assert len(graded) >= 5
    for exercise in graded:
        public = set(strings(public_data(exercise.data)))  # ids: keys name public items
        secrets = [s for s in strings(key_values(exercise)) if len(s) >= 12 and s not in public]
        assert secrets or exercise.type == "order", exercise.id
        for secret in secrets:
            assert secret not in text, (exercise.id, secret)
        data = tomllib.loads((released / "exercises" / f"{exercise.id}.toml").read_text())
        assert data["keys_removed"] is True
        assert key_values(load_bank(released / "exercises")[exercise.id]) == []
        assert "hidden" not in data and "explanation" not in data
    assert "hidden" not in text and "course.pm:project_duration" not in text


def test_ungraded_exercises_are_copied_unchanged(released):
    original = (support.BANK / "ladder.toml").read_bytes()
    assert (released / "exercises" / "ladder.toml").read_bytes() == original


def test_the_release_bank_loads_and_graded_answers_are_recorded(released):
    bank = load_bank(released / "exercises")
    result = grade(bank["cpi"], "0.8")
    assert result.recorded and "graded later" in result.summary
    assert not grade(bank["ladder"], ["pm", "coordinator", "senior-pm", "program-manager"]).recorded


def test_the_release_keeps_the_same_fingerprint(released):
    assert load_bank(released / "exercises").fingerprint() == support.bank().fingerprint()


@pytest.mark.parametrize("student", ["ada", "grace", "linus", "s1234567", "m.curie@uni.edu"])
def test_the_variant_draw_is_the_same_in_release_and_grader(released, tmp_path, student):
    shown = load_bank(released / "exercises")["duties"].for_learner(student)
    graded = support.bank()["duties"].for_learner(student)
    assert [i["id"] for i in shown.items()] == [i["id"] for i in graded.items()]
    assert len(shown.items()) == 4
    # a learner answering every item the release showed is graded on exactly those
    key = {i["id"]: i["answer"] for i in support.bank()["duties"].items()}
    doc = support.submission(student)
    doc["answers"]["duties"]["answer"] = {i["id"]: key[i["id"]] for i in shown.items()}
    outcome = support.grade_file(str(support.write(tmp_path / "in", doc)), context(support.bank()))
    assert outcome.scores()["duties"] == 3.0


def test_notebooks_lose_outputs_and_solution_cells(released):
    notebook = json.loads((released / "notebooks" / "14-capstone.ipynb").read_text())
    assert len(notebook["cells"]) == 2
    code = notebook["cells"][1]
    assert code["outputs"] == [] and code["execution_count"] is None
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert (released / "notebooks" / "img" / "ladder.svg").is_file()
    assert not (released / "notebooks" / ".ipynb_checkpoints").exists()


def test_a_notebook_quoting_a_graded_explanation_stops_the_release(tmp_path, notebooks):
    leaky = json.loads(json.dumps(NOTEBOOK))
    leaky["cells"][0]["source"] = ["Hint: Benefits management is the program's core.\n"]
    (notebooks / "09-leaky.ipynb").write_text(json.dumps(leaky), encoding="utf-8")
    with pytest.raises(UsageError, match=r"09-leaky.ipynb: duties: contains the key text"):
        release(tmp_path / "out", bank_dir=support.BANK, notebooks_dir=notebooks)


def test_the_release_needs_a_new_or_empty_folder(tmp_path, notebooks):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        release(tmp_path / "out", bank_dir=support.BANK, notebooks_dir=notebooks)
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "data",
    [
        {"id": "a", "text": 'quotes " and \\ and \t tab', "n": 1.5, "ok": True},
        {"starter": "def f(x):\n    return 'it''s'\n", "odd": "ends with '''\n"},
        {"unicode": "Café – “quoted” ✓", "ctrl": "a\x7fb\x01c", "list": [1, "two", [3.0]]},
        {"examples": [{"args": [{"A": {"duration": 2, "after": []}}], "expected": ["A"]}]},
        {"hidden": {"reference": "m:f", "count": 3}, "key with space": "x"},
    ],
)
def test_to_toml_reads_back_equal(data):
    assert tomllib.loads(to_toml(data)) == data


POOL_STARTS = ("\n[variants]", "\n[[variants.extra]]")


def test_released_order_and_choice_exercises_give_no_key_away_by_position(tmp_path):
    bank = tmp_path / "bank"  # the course's order and choice exercises, all graded
    bank.mkdir()
    for exercise in load_bank().values():
        if exercise.type in ("order", "choice"):
            text = Path(exercise.path).read_text(encoding="utf-8")
            if not exercise.graded:
                text = text.replace("\ntype = ", "\ngraded = true\ntype = ", 1)
                if "[[variants.extra]]" in text:  # a pool drawn by answer cannot be graded
                    text = text[: min(text.find(t) for t in POOL_STARTS if t in text)]
            (bank / f"{exercise.id}.toml").write_text(text, encoding="utf-8")
    full = load_bank(bank)
    first = release(tmp_path / "one", bank_dir=bank, notebooks_dir=tmp_path / "none")
    again = release(tmp_path / "two", bank_dir=bank, notebooks_dir=tmp_path / "none")
    orders = [e for e in full.values() if e.graded and e.type == "order"]
    choices = [e for e in full.values() if e.graded and e.type == "choice"]
    assert orders and len(choices) >= 3
    positions = set()
    for exercise in orders + choices:
        text = (first / "exercises" / f"{exercise.id}.toml").read_text(encoding="utf-8")
        assert text == (again / "exercises" / f"{exercise.id}.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
        if exercise.type == "order":
            assert [i["id"] for i in data["items"]] != exercise.data["answer"], exercise.id
        else:
            right = [o["id"] for o in exercise.data["options"] if o["correct"]]
            ids = [o["id"] for o in data["options"]]
            positions.add(tuple(ids.index(r) for r in right))
    assert len(positions) > 1, "the right options all stand at the same place"
    assert load_bank(first / "exercises").fingerprint() == full.fingerprint()


@pytest.mark.parametrize(
    ("where", "text", "found"),
    [
        ("notebooks/02-cost.ipynb", "The answer to cpi is 0.8, easy.", "cpi: writes out a key"),
        ("notebooks/02-cost.ipynb", "cpi: `0.80`?", None),
        ("notebooks/notes.md", "answer = 0.8\n", "cpi: writes out a key"),
        ("notebooks/notes.md", "For traits: benefits", "traits: writes out a key"),
        ("notebooks/notes.md", '{"id": "short", "correct": false}', "traits: writes out a key"),
        ("notebooks/notes.md", "Traits of a program: benefits and more.", None),
    ],
)
def test_the_leak_scan_catches_numeric_keys_and_short_ids(tmp_path, notebooks, where, text, found):
    target = tmp_path / where
    if target.suffix == ".ipynb":
        leaky = json.loads(json.dumps(NOTEBOOK))
        leaky["cells"][0]["source"] = [text]
        target.write_text(json.dumps(leaky), encoding="utf-8")
    else:
        target.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    if found is None:
        release(out, bank_dir=support.BANK, notebooks_dir=notebooks)
        return
    with pytest.raises(UsageError, match=found):
        release(out, bank_dir=support.BANK, notebooks_dir=notebooks)
    assert not out.exists()  # a failed scan leaves nothing that leaks
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_release_updates_an_earlier_release_or_a_clone_in_place(tmp_path, notebooks):
    out = tmp_path / "pm-course-student"
    (out / ".git").mkdir(parents=True)  # a fresh clone of the student repository
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    release(out, bank_dir=support.BANK, notebooks_dir=notebooks)
    (out / "README.md").write_text("Our class")
    (notebooks / "14-capstone.ipynb").rename(notebooks / "15-capstone.ipynb")
    bank = tmp_path / "bank"
    shutil.copytree(support.BANK, bank)
    (bank / "cpi.toml").unlink()
    release(out, bank_dir=bank, notebooks_dir=notebooks)
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (out / "README.md").read_text() == "Our class"
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == ["15-capstone.ipynb"]
    assert not (out / "exercises" / "cpi.toml").exists()
    assert sorted(load_bank(out / "exercises")) == sorted(load_bank(bank))
    assert not list(tmp_path.glob(".release-*")), "the staging folder was left behind"


def test_a_release_never_overwrites_the_full_course(tmp_path, notebooks):
    full = tmp_path / "course"
    shutil.copytree(support.BANK, full / "exercises")
    before = {p.name: p.read_text() for p in (full / "exercises").iterdir()}
    with pytest.raises(UsageError, match="holds the full course, with the keys"):
        release(full, bank_dir=support.BANK, notebooks_dir=notebooks)
    assert {p.name: p.read_text() for p in (full / "exercises").iterdir()} == before
