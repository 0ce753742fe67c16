"""``pm-course start``: put a learner's copy of the course in a folder, and open it.

For example (not run as a doctest: it works on real course files)::

    start("pm-course")                       # pm-course start
    # Started(folder=PosixPath('pm-course'), update=Update(added=[...], ...))

The copy is the student release (notebooks, and the bank without the keys of
graded exercises). An installed package carries it as ``course/_release/``,
made by the build (see ``setup.py``); in a source checkout it is made from the
checkout on the spot. Running ``start`` again on the same folder brings it up
to date and keeps every notebook the learner changed (``overwrite=True``
replaces them, after saving the learner's version beside it).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from course.content import sync as copies
from course.content.release import holds_keys, release
from course.core import paths
from course.errors import UsageError

DEFAULT_FOLDER = "pm-course"
FIRST_NOTEBOOK = "01-start-here.ipynb"


@dataclass
class Started:
    """Where the copy is, and what :func:`copies.update` did to it."""

    folder: Path
    update: copies.Update
    backups: list[str]

    @property
    def first_notebook(self) -> Path:
        """The notebook a learner opens first."""
        found = sorted((self.folder / "notebooks").glob("*.ipynb"))
        named = self.folder / "notebooks" / FIRST_NOTEBOOK
        return named if named.is_file() else (found[0] if found else self.folder)


def start(folder: str | os.PathLike = DEFAULT_FOLDER, *, overwrite: bool = False) -> Started:
    """Copy the student release into ``folder`` (new, or an earlier copy to bring up to date).

    Parameters:
        folder: where the learner's copy goes.
        overwrite: replace notebooks the learner changed; each one's old version
            is kept as ``<name>.mine-<n>.ipynb`` beside it.
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; pass a folder for your copy of the course")
    if folder.is_dir() and any(folder.iterdir()) and not _is_copy(folder):
        raise UsageError(
            f"{folder} holds other files and no copy of the course, so it was left "
            f"untouched; pass a new folder (for example `pm-course start {DEFAULT_FOLDER}`)"
        )
    if holds_keys(folder):
        raise UsageError(
            f"{folder} holds the full course, with the keys of graded exercises, so it was "
            f"left untouched; pass another folder (for example `pm-course start {DEFAULT_FOLDER}`)"
        )
    with _release() as release:
        update = copies.update(release, folder, keep_edits=True)
        backups = []
        if overwrite and update.kept:
            for relative in update.kept:
                backups.append(_back_up(folder / relative))
                shutil.copyfile(release / relative, folder / relative)
            update.updated += update.kept
            update.kept = []
    return Started(folder, update, backups)


def _is_copy(folder: Path) -> bool:
    return (folder / copies.MANIFEST).is_file() or (folder / "exercises").is_dir()


@contextmanager
def _release():
    """The student release to copy from: the packaged one, or one made from the checkout."""
    if (paths.PACKAGED_RELEASE / "exercises").is_dir():
        yield paths.PACKAGED_RELEASE
        return
    source = paths.PACKAGE_ROOT
    if not (source / "exercises").is_dir():
        raise UsageError(
            "This pm-course package carries no student release (course/_release/ is "
            "missing). Reinstall it from a wheel (pip install --force-reinstall pm-course), "
            "or run pm-course from a clone of the course repository."
        )
    with tempfile.TemporaryDirectory(prefix="pm-course-release-") as tmp:
        yield release(
            Path(tmp) / "release",
            bank_dir=source / "exercises",
            notebooks_dir=source / "notebooks",
        )


def _back_up(path: Path) -> str:
    for n in range(1, 1000):
        backup = path.with_name(f"{path.stem}.mine-{n}{path.suffix}")
        if not backup.exists():
            shutil.copyfile(path, backup)
            return backup.name
    raise UsageError(f"{path.parent} already holds 999 backups of {path.name}; tidy it up")


def should_open() -> bool:
    """Open JupyterLab by default only in a terminal of one's own, not inside a Jupyter server."""
    inside_jupyter = any(
        os.environ.get(name) for name in ("JUPYTERHUB_USER", "JPY_SESSION_NAME", "JPY_PARENT_PID")
    )
    return sys.stdin.isatty() and sys.stdout.isatty() and not inside_jupyter


def lab_command(started: Started, port: int | None = None, browser: bool = True) -> list[str]:
    """The JupyterLab command for the copy: served from the copy's folder (so ``docs/``
    and ``exercises/`` can be opened), at the first notebook.

    Parameters:
        port: the port to serve on (default: JupyterLab's, 8888 or the next free one).
        browser: open a web browser (``--no-browser`` for a remote or headless machine).
    """
    notebook = started.first_notebook.relative_to(started.folder)
    command = [sys.executable, "-m", "jupyterlab", "--ServerApp.root_dir=.", str(notebook)]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if not browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers often run as root; JupyterLab refuses it
    return command


def open_lab(started: Started, port: int | None = None, browser: bool = True) -> None:
    """Replace this process with JupyterLab on the copy, at the first notebook."""
    command = lab_command(started, port, browser)
    os.chdir(started.folder)
    sys.stdout.flush()
    os.execv(sys.executable, command)
