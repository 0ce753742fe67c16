"""Tests for course.core.paths: finding the course from any folder, and who the learner is."""

import pytest

from course.core import paths
from course.errors import UsageError


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A working folder outside any course, a fresh course home, no PM_COURSE_ROOT."""
    monkeypatch.delenv("PM_COURSE_ROOT", raising=False)
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setattr(paths, "PACKAGE_ROOT", tmp_path / "no-checkout")
    monkeypatch.setattr(paths, "PACKAGED_RELEASE", tmp_path / "no-release")
    return tmp_path


def course_at(folder):
    (folder / "exercises").mkdir(parents=True)
    (folder / "notebooks").mkdir()
    return folder


def test_nothing_found_is_a_clear_error(elsewhere):
    with pytest.raises(UsageError, match="set PM_COURSE_ROOT"):
        paths.course_root()


def test_the_folder_the_notebooks_ran_in_is_remembered(elsewhere, monkeypatch):
    copy = course_at(elsewhere / "pm-course")
    monkeypatch.chdir(copy / "notebooks")  # a notebook's kernel
    assert paths.course_root() == copy
    monkeypatch.chdir(elsewhere / "work")  # a terminal in the home folder
    assert paths.course_root() == copy.resolve()


def test_the_packaged_release_is_the_last_resort(elsewhere, monkeypatch):
    packaged = course_at(elsewhere / "site-packages" / "course" / "_release")
    monkeypatch.setattr(paths, "PACKAGED_RELEASE", packaged)
    assert paths.course_root() == packaged


def test_pm_course_root_wins_and_is_checked(elsewhere, monkeypatch):
    monkeypatch.setenv("PM_COURSE_ROOT", str(course_at(elsewhere / "env")))
    assert paths.course_root() == elsewhere / "env"
    monkeypatch.setenv("PM_COURSE_ROOT", str(elsewhere / "work"))
    with pytest.raises(UsageError, match="has no exercises/ folder"):
        paths.course_root()


def test_the_learner_on_a_hub_is_the_hub_user(monkeypatch):
    monkeypatch.delenv("PM_COURSE_LEARNER", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "dave")
    assert paths.learner_id() == "dave"
    monkeypatch.setenv("PM_COURSE_LEARNER", "s123")
    assert paths.learner_id() == "s123"
    monkeypatch.delenv("PM_COURSE_LEARNER")
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert paths.learner_id() == paths.login_name()
