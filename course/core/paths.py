"""Where the course's files are: the bank, the notebooks, the learner's journal.

The course root is the folder holding ``exercises/`` and ``notebooks/``. It is
found, in order, from ``PM_COURSE_ROOT``; from the current folder or its parent
(a notebook runs inside ``notebooks/``, so a student release finds its own
bank); from the source checkout this package was installed from; from the
folder the learner's notebooks last ran in (remembered beside the journal, so
``pm-course submit`` works from any folder, such as a hub terminal's home);
and finally from the student release shipped inside the package.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from course.errors import UsageError

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
PACKAGED_RELEASE = Path(__file__).resolve().parents[1] / "_release"
# The keys of graded exercises, for self-assessment (course/learner/selfcheck.py): an installed
# wheel carries them here, outside the learner's copy; a checkout has them in exercises/.
PACKAGED_KEYS = Path(__file__).resolve().parents[1] / "_keys"
REMEMBERED = "course-root.txt"


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
    for folder in (here, here.parent):
        if _is_root(folder):
            _remember(folder)
            return folder
    for candidate in (PACKAGE_ROOT, remembered_root(), PACKAGED_RELEASE):
        if candidate is not None and _is_root(candidate):
            return candidate
    raise UsageError(
        "Cannot find the course's exercises/ folder. Run from the course folder "
        "(or its notebooks/), or set PM_COURSE_ROOT to the folder that holds exercises/."
    )


def remembered_root() -> Path | None:
    """The course folder this learner's notebooks last ran in, if one was remembered."""
    try:
        text = (course_home() / REMEMBERED).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text else None


def _remember(folder: Path) -> None:
    """Note ``folder`` beside the journal; never fails (a read-only home just forgets)."""
    text = str(folder.resolve())
    if text == str(remembered_root() or ""):
        return
    try:
        course_home().mkdir(parents=True, exist_ok=True)
        (course_home() / REMEMBERED).write_text(text + "\n", encoding="utf-8")
    except OSError:
        pass


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
    """Who is learning: ``PM_COURSE_LEARNER``, the hub's ``JUPYTERHUB_USER``, or the login.

    It seeds each learner's draw and shuffle of items, and is the default
    student id of ``pm-course submit``.
    """
    return os.environ.get("PM_COURSE_LEARNER") or os.environ.get("JUPYTERHUB_USER") or login_name()


def file_owner(path: str | os.PathLike) -> str:
    """The login name of the account that owns ``path`` (``""`` when it cannot be told)."""
    import pwd  # POSIX only, as file ownership is

    try:
        return pwd.getpwuid(os.lstat(path).st_uid).pw_name
    except (OSError, KeyError):
        return ""


HUB_PREFIX = "jupyter-"  # The Littlest JupyterHub's system user of hub user NAME


def login_names(student: str) -> tuple[str, str]:
    """The system login names that may hand in as ``student``: the id itself, or the hub's
    system user for it (TLJH logs hub user ``dave`` in as ``jupyter-dave``).

    >>> login_names("dave")
    ('dave', 'jupyter-dave')
    """
    return (student, HUB_PREFIX + student)


def login_name() -> str:
    """The operating system's name for this account (``jupyter-dave`` on a TLJH hub)."""
    return getpass.getuser()
