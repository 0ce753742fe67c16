"""Copies of the course in a folder: bring one up to date in place, keep what a learner changed.

For example (not run as a doctest: it works on real course files)::

    update(Path("new-release"), Path("pm-course-student"), keep_edits=False)
    # Update(added=[...], updated=[...], removed=[...], kept=[])

A copy is the course's ``exercises/`` and ``notebooks/`` folders plus a
manifest, ``.pm-course-release.json``, with the SHA-256 of every file as the
course shipped it. Everything else in the folder (``.git``, a README, a
learner's own files) is left alone. With ``keep_edits`` (``pm-course start``),
a file whose content differs from what the manifest says was shipped is the
learner's work: it is kept, never overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".pm-course-release.json"
MANAGED = ("exercises", "notebooks", "docs")  # docs: what the notebooks point learners to


@dataclass
class Update:
    """What :func:`update` did, as paths relative to the target folder."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def digest(path: Path) -> str:
    """The SHA-256 of the file at ``path``, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under the managed folders of ``folder``.

    Hidden files and folders (``.ipynb_checkpoints``) are not part of a copy.
    """
    found = {}
    for name in MANAGED:
        for path in sorted((folder / name).rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(p.startswith(".") for p in relative.parts):
                found[relative.as_posix()] = digest(path)
    return found


def write_manifest(folder: Path, shipped: dict[str, str]) -> None:
    """Record ``shipped`` (from :func:`files`) as the manifest of ``folder``."""
    text = json.dumps({"format": "pm-course-release", "files": shipped}, indent=1) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The manifest of ``folder``, or None when it has none (or an unreadable one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        shipped = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return shipped if isinstance(shipped, dict) else None


def update(source: Path, target: Path, *, keep_edits: bool) -> Update:
    """Make the managed folders of ``target`` hold what ``source`` holds.

    Parameters:
        source: a complete copy (a fresh release).
        target: the folder to update; created if missing.
        keep_edits: keep files the learner changed since they were shipped
            (listed in ``kept``), and delete only files the course shipped
            unchanged; without it, ``target`` ends up exactly like ``source``.
    """
    new, old = files(source), read_manifest(target) or {}
    have = files(target)
    done = Update()
    for relative, sha in new.items():
        if have.get(relative) == sha:
            continue
        if relative in have and keep_edits and _edited(relative, have, old):
            done.kept.append(relative)
            continue
        (done.updated if relative in have else done.added).append(relative)
        _copy(source / relative, target / relative)
    for relative in sorted(set(have) - set(new)):
        if keep_edits and (relative not in old or _edited(relative, have, old)):
            continue  # the learner's own file, or one they changed
        (target / relative).unlink()
        done.removed.append(relative)
    _remove_empty_folders(target)
    write_manifest(target, new)
    return done


def _edited(relative: str, have: dict[str, str], old: dict[str, str]) -> bool:
    """A notebook the learner changed since it was shipped (the bank is never theirs)."""
    return not relative.startswith("exercises/") and have[relative] != old.get(relative)


def _copy(source: Path, target: Path) -> None:
    """Copy a file so that ``target`` is never seen half written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def _remove_empty_folders(target: Path) -> None:
    for name in MANAGED:
        for folder in sorted((target / name).rglob("*"), reverse=True):
            if folder.is_dir() and not folder.name.startswith(".") and not any(folder.iterdir()):
                folder.rmdir()
