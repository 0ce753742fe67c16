"""Test-session settings shared by unit, notebook (nbval) and browser tests.

Every test run keeps its answers in a fresh ``PM_COURSE_HOME``, so running the
suite never touches a learner's real journal. Kernels started by nbval inherit
the environment, so the notebooks' widgets journal there too.
"""

import os
import tempfile

import matplotlib

matplotlib.use("Agg")
os.environ["PM_COURSE_HOME"] = tempfile.mkdtemp(prefix="pm-course-test-home-")
os.environ.setdefault("PM_COURSE_LEARNER", "test-learner")
os.environ.setdefault("MPLBACKEND", "Agg")
