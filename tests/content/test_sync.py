"""Tests for course.content.sync: a copy brought up to date in place, the learner's edits kept."""

import json

import pytest

from course.content.sync import MANIFEST, files, read_manifest, update


def make(folder, content: dict[str, str]):
    for relative, text in content.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)
    return folder


@pytest.fixture
def v1(tmp_path):
    return make(
        tmp_path / "v1",
        {"exercises/a.toml": "a1", "notebooks/01.ipynb": "n1", "notebooks/02.ipynb": "m1"},
    )


@pytest.fixture
def v2(tmp_path):
    return make(tmp_path / "v2", {"exercises/a.toml": "a2", "notebooks/01.ipynb": "n2"})


def test_a_first_copy_is_the_source_with_a_manifest(tmp_path, v1):
    done = update(v1, tmp_path / "copy", keep_edits=True)
    assert sorted(done.added) == sorted(files(v1))
    assert files(tmp_path / "copy") == files(v1) == read_manifest(tmp_path / "copy")


def test_without_keep_edits_the_copy_ends_up_exactly_like_the_source(tmp_path, v1, v2):
    copy = tmp_path / "copy"
    update(v1, copy, keep_edits=False)
    make(copy, {"notebooks/01.ipynb": "edited", "notebooks/extra.ipynb": "x", ".git/HEAD": "h"})
    done = update(v2, copy, keep_edits=False)
    assert files(copy) == files(v2)
    assert sorted(done.removed) == ["notebooks/02.ipynb", "notebooks/extra.ipynb"]
    assert (copy / ".git" / "HEAD").read_text() == "h"


def test_with_keep_edits_the_learner_s_work_is_never_lost(tmp_path, v1, v2):
    copy = tmp_path / "copy"
    update(v1, copy, keep_edits=True)
    make(copy, {"notebooks/01.ipynb": "my answers", "notebooks/mine.ipynb": "my own"})
    make(copy, {"exercises/a.toml": "tampered"})
    done = update(v2, copy, keep_edits=True)
    assert done.kept == ["notebooks/01.ipynb"]
    assert (copy / "notebooks" / "01.ipynb").read_text() == "my answers"
    assert (copy / "notebooks" / "mine.ipynb").read_text() == "my own"
    assert (copy / "exercises" / "a.toml").read_text() == "a2", "the bank is the course's"
    assert done.removed == ["notebooks/02.ipynb"], "shipped and unchanged: the course's to remove"
    again = update(v2, copy, keep_edits=True)
    assert again.kept == ["notebooks/01.ipynb"] and not again.updated


def test_a_copy_without_a_manifest_counts_every_differing_notebook_as_edited(tmp_path, v2):
    copy = make(tmp_path / "copy", {"notebooks/01.ipynb": "older course or learner's?"})
    assert update(v2, copy, keep_edits=True).kept == ["notebooks/01.ipynb"]
    assert json.loads((copy / MANIFEST).read_text())["files"] == files(v2)
