"""Build hook: the wheel carries the student release as ``course/_release/``.

``pip install pm-course`` must be enough for a learner without git, so the
wheel ships the notebooks and the exercise bank. It ships the *student
release* of them, made here at build time by ``course.content.release.release`` (the
same code as ``pm-course release``, leak scan included), never the full bank:
the learner's copy must not carry the keys of graded exercises. The keys of
graded exercises go beside it, as ``course/_keys/``, for self-assessment
(``course/learner/selfcheck.py``: a self-study learner asks for the marks, and
the journal and the submission record that they did); they are never copied
into the learner's copy nor into a class release. An editable
install (``pip install -e .``) skips this; there ``pm-course start`` makes the
release from the checkout when it is run. Everything else is in pyproject.toml.
"""

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithRelease(build_py):
    """``build_py``, then the student release into ``<build>/course/_release``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        sys.path.insert(0, str(ROOT))
        try:
            from course.content.release import release
        finally:
            sys.path.remove(str(ROOT))
        target = Path(self.build_lib) / "course" / "_release"
        shutil.rmtree(target, ignore_errors=True)
        release(target, bank_dir=ROOT / "exercises", notebooks_dir=ROOT / "notebooks")
        from course.core.bank import load_bank

        keys = Path(self.build_lib) / "course" / "_keys"
        shutil.rmtree(keys, ignore_errors=True)
        keys.mkdir(parents=True)
        for exercise_id, exercise in load_bank(ROOT / "exercises").items():
            if exercise.graded:
                shutil.copyfile(
                    ROOT / "exercises" / f"{exercise_id}.toml", keys / f"{exercise_id}.toml"
                )


setup(cmdclass={"build_py": BuildWithRelease})
