"""Test-session settings shared by unit, notebook (nbval) and browser tests.

Every test run keeps its answers in a fresh ``PM_COURSE_HOME``, so running the
suite never touches a learner's real journal. Kernels started by nbval inherit
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
def _doctests_run_in_a_scratch_folder(request, tmp_path, monkeypatch, doctest_namespace):
    """Docstring examples (``--doctest-modules``) run in an empty folder of their own.

    Some write files (a release, a gradebook, a learner's copy): never into the
    checkout. ``tmp_path`` is that folder, by name, for examples that say so.
    """
    if isinstance(request.node, DoctestItem):
        monkeypatch.chdir(tmp_path)
        doctest_namespace["tmp_path"] = tmp_path
