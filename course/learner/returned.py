"""Feedback returned: a learner opens the page the instructor returned to them.

For example (not run as a doctest: it needs a page returned on a hub)::

    course.feedback()                         # in a notebook on the hub
    # PosixPath('/home/jupyter-ada/feedback/ada.html')

``pm-course feedback --return EXCHANGE`` (the instructor's side) writes each
learner's page into ``EXCHANGE/.feedback/STUDENT/``, a folder ``pm-course submit``
made for that learner: only they and the staff group can open it. This copies the
page into ``~/feedback/`` (readable by the learner only), where JupyterLab's file
browser shows it: right-click it and choose *Open in New Browser Tab*.
"""

from __future__ import annotations

import os
from pathlib import Path

from course.core import paths
from course.errors import UsageError

DEFAULT_EXCHANGE = "/srv/submissions"


def feedback(exchange: str | os.PathLike | None = None, student: str | None = None) -> Path:
    """Copy this learner's returned feedback page into ``~/feedback/``; returns the copy.

    Parameters:
        exchange: the exchange folder you hand in to (default: ``PM_COURSE_EXCHANGE``,
            else ``/srv/submissions``).
        student: your student id (default: the learner id, as ``submit`` uses).
    """
    exchange = Path(exchange or os.environ.get("PM_COURSE_EXCHANGE") or DEFAULT_EXCHANGE)
    student = student or paths.learner_id()
    page = exchange / ".feedback" / student / f"{student}.html"
    try:
        data = page.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            f"No feedback for {student} yet at {page}: your instructor has not returned it "
            "(or you handed in to another folder: course.feedback('FOLDER'))."
        ) from None
    except OSError as error:
        raise UsageError(f"Cannot read your feedback at {page}: {error.strerror}") from None
    out = Path.home() / "feedback"
    out.mkdir(mode=0o700, exist_ok=True)
    copy = out / f"{student}.html"
    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    os.chmod(copy, 0o600)  # also when an older copy was there with another mode
    return copy
