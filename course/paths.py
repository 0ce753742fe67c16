"""Where the course's files are: the bank, the notebooks, the learner's journal.

The course root is the folder holding ``exercises/`` and ``notebooks/``. It is
found, in order, from ``PM_COURSE_ROOT``, from the current folder or its parent
(a notebook runs inside ``notebooks/``, so a student release finds its own
bank), and finally from the source checkout this package was installed from.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from course.errors import UsageError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _is_root(folder: Path) -> bool:
    return (folder / "exercises").is_dir()


def course_root() -> Path:
    """The folder with ``exercises/`` and ``notebooks/`` the course runs from.

    >>> (course_root() / "exercises").is_dir()
    True
    """
    if env := os.environ.get("PM_COURSE_ROOT"):
        root = Path(env).expanduser()
        if not _is_root(root):
            raise UsageError(
                f"PM_COURSE_ROOT={env} has no exercises/ folder. "
                "Point it at the folder that holds exercises/ and notebooks/, or unset it."
            )
        return root
    here = Path.cwd()
    for folder in (here, here.parent, PACKAGE_ROOT):
        if _is_root(folder):
            return folder
    raise UsageError(
        "Cannot find the course's exercises/ folder. Run from the course folder "
        "(or its notebooks/), or set PM_COURSE_ROOT to the folder that holds exercises/."
    )


def bank_dir() -> Path:
    """The exercise bank folder of the current course root."""
    return course_root() / "exercises"


def notebooks_dir() -> Path:
    """The notebooks folder of the current course root."""
    return course_root() / "notebooks"


def user_data_dir() -> Path:
    """The platform's per-user data folder for pm-course (no extra dependency)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "pm-course"


def course_home() -> Path:
    """Where this learner's answers are kept: ``PM_COURSE_HOME`` or the user data folder."""
    env = os.environ.get("PM_COURSE_HOME")
    return Path(env).expanduser() if env else user_data_dir()


def learner_id() -> str:
    """Who is learning: ``PM_COURSE_LEARNER`` or the login name; seeds the item shuffle."""
    return os.environ.get("PM_COURSE_LEARNER") or getpass.getuser()
