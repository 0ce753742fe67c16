"""Test-session settings shared by unit, notebook (nbval) and browser tests.

Every test run keeps its answers in a fresh ``PM_COURSE_HOME``, and every test
in one of its own (``_own_course_home``), so running the suite never touches a
learner's real journal and no test sees another's answers. Kernels started by nbval inherit
the environment, so the notebooks' widgets journal there too.
"""

import os
import tempfile

import matplotlib
import pytest
from _pytest.doctest import DoctestItem

matplotlib.use("Agg")
os.environ["PM_COURSE_HOME"] = tempfile.mkdtemp(prefix="pm-course-test-home-")
os.environ.setdefault("PM_COURSE_LEARNER", "test-learner")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _own_course_home(request, tmp_path_factory, monkeypatch):
    """Each test gets an empty ``PM_COURSE_HOME`` of its own (notebook cells keep the session's).

    Nothing a test journals, or the ``course-root.txt`` that ``course_root()``
    remembers, is seen by the next test. nbval's cells run in a kernel started
    with the session's environment, so they are left as they are.
    """
    if type(request.node).__module__.startswith("nbval"):
        return
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path_factory.mktemp("pm-course-home")))


@pytest.fixture(autouse=True)
def _doctests_run_in_a_scratch_folder(request, tmp_path, monkeypatch, doctest_namespace):
    """Docstring examples (``--doctest-modules``) run in an empty folder of their own.

    Some write files (a release, a gradebook, a learner's copy): never into the
    checkout. ``tmp_path`` is that folder, by name, for examples that say so.
    """
    if isinstance(request.node, DoctestItem):
        monkeypatch.chdir(tmp_path)
        doctest_namespace["tmp_path"] = tmp_path
