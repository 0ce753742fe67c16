"""The exercise bank: load and validate ``exercises/*.toml`` into Exercise objects.

>>> bank = load_bank()            # the course's own bank
>>> bank["duty-sort"].type
'categorize'

Every problem is reported as ``FILE: ID: FIELD: message`` (see
``docs/exercise-format.md``); loading raises :class:`BankError` with all of
them, and ``pm-course bank check`` prints them and exits 2.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import cast

from course.core import outline, paths, types, variants
from course.core.exercise import Exercise
from course.core.schema import Field, check_fields
from course.errors import BankError, Problem, UnknownExerciseError

SCHEMA_VERSION = 1
# Upgrades from one schema version to the next: {old_version: function(data) -> data}.
# When version 2 comes, add {1: upgrade_1_to_2}; files are upgraded one step at a time.
UPGRADES: dict = {}
COMMON = {
    "schema_version": Field("int"),
    "id": Field("id"),
    "type": Field("text"),
    "title": Field("text"),
    "prompt": Field("text"),
    "graded": Field("bool", required=False),
    "points": Field("number", required=False),
    "minutes": Field("number", required=False),
    "draw": Field("int", required=False),
    # the text quiz exports use where the prompt leans on the notebook (course.instructor.quizmap)
    "quiz_prompt": Field("text", required=False),
    "quiz": Field("bool", required=False),  # false: an exercise about the course tool itself
    "keys_removed": Field("bool", required=False),
    "outline": Field("any", required=False),  # PMP/PgMP tags, see course/core/outline.py
    "variants": Field("any", required=False),  # a variant template, see course/core/variants.py
}
DRAW_TYPES = tuple(name for name, kind in types.TYPES.items() if kind.DRAWS)


class Bank(Mapping):
    """The exercises of one bank folder, by id, in file-name order."""

    def __init__(self, folder: Path, exercises: dict[str, Exercise]):
        self.folder = folder
        self._exercises = exercises

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self._exercises[exercise_id]
        except KeyError:
            raise UnknownExerciseError(exercise_id, list(self._exercises)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._exercises)

    def __len__(self) -> int:
        return len(self._exercises)

    def fingerprint(self) -> str:
        """A hash of what learners see of the bank: the same with or without keys."""
        public = {i: _unordered(public_data(e.data)) for i, e in sorted(self._exercises.items())}
        blob = json.dumps(public, sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()


def _unordered(data: dict) -> dict:
    """``data`` with items and options sorted by id where their order is only display order
    (learners see them shuffled; a student release shuffles them): not for ``draw``."""
    if "draw" in data:
        return data
    for field in ("items", "options"):
        if isinstance(data.get(field), list) and all(isinstance(r, dict) for r in data[field]):
            data[field] = sorted(data[field], key=lambda row: str(row.get("id")))
    return data


def public_data(data: dict) -> dict:
    """An exercise's data without its keys: what a student release ships."""
    out = copy.deepcopy(data)
    for where, names in types.get(data["type"]).KEYS.items():
        targets = [out] if where == "" else out.get(where, [])
        for target in targets:
            for name in names:
                target.pop(name, None)
    if isinstance(out.get("variants"), dict) and "extra" in out["variants"]:
        out.pop("variants")  # a pool drawn by answer holds keys (bank check refuses it graded)
    if isinstance(out.get("variants"), dict):  # the template's key and worked texts
        for name in variants.KEYS:
            out["variants"].pop(name, None)
    out.pop("keys_removed", None)
    return out


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _schema(kind, keys_removed: bool) -> dict[str, Field]:
    schema = {**COMMON, **kind.SCHEMA}
    if not keys_removed:
        return schema
    # A released exercise has no keys: those fields become optional.
    for where, names in kind.KEYS.items():
        if where == "":
            schema.update({n: Field(schema[n].kind, False, schema[n].schema) for n in names})
        else:
            sub = dict(schema[where].schema)
            sub.update({n: Field(sub[n].kind, False, sub[n].schema) for n in names})
            schema[where] = Field(schema[where].kind, schema[where].required, sub)
    return schema


def _check_version(data: dict) -> tuple[dict, list[tuple[str, str]]]:
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return data, [("schema_version", "missing or not a whole number >= 1; use 1")]
    if version > SCHEMA_VERSION:
        return data, [
            (
                "schema_version",
                f"version {version} is newer than this pm-course reads ({SCHEMA_VERSION}); "
                "upgrade pm-course",
            )
        ]
    while version < SCHEMA_VERSION:
        data, version = UPGRADES[version](data), version + 1
    return data, []


def check_exercise(data: dict, stem: str) -> list[tuple[str, str]]:
    """Problems with one parsed exercise file as ``(field, message)`` pairs."""
    data, problems = _check_version(data)
    if problems:
        return problems
    if data.get("type") not in types.TYPES:
        return [("type", f"unknown type {data.get('type')!r}; use one of {', '.join(types.TYPES)}")]
    kind = types.get(data["type"])
    problems = check_fields(data, _schema(kind, data.get("keys_removed") is True))
    if isinstance(data.get("id"), str) and data["id"] != stem:
        problems.append(("id", f"must equal the file name {stem!r} (rename one of them)"))
    for name in ("points", "minutes"):
        if name in data and not (isinstance(data[name], int | float) and data[name] > 0):
            problems.append((name, "must be greater than 0"))
    problems += _check_draw(data)
    problems += _check_characters(data)
    if "outline" in data:
        problems += outline.check_tags(data["outline"])
    return problems or kind.check(data) or variants.check(data)


def _check_characters(data: object, field: str = "") -> list[tuple[str, str]]:
    """Control characters (other than newline and tab) in any text: they make the quiz
    exports' XML ill-formed and show as nothing, so the bank refuses them."""
    if isinstance(data, str):
        bad = next((c for c in data if c < " " and c not in "\n\t" or c == "\x7f"), None)
        if bad is None:
            return []
        return [(field or "-", f"holds the control character U+{ord(bad):04X}; remove it")]
    items: Iterable[tuple[object, object]]
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = ((f"[{n}]", v) for n, v in enumerate(data))
    else:
        return []
    found = []
    for key, value in items:
        name = f"{field}{key}" if str(key).startswith("[") or not field else f"{field}.{key}"
        found += _check_characters(value, name)
    return found


def _check_draw(data: dict) -> list[tuple[str, str]]:
    if "draw" not in data:
        return []
    if data["type"] not in DRAW_TYPES:
        return [("draw", f"only {' and '.join(DRAW_TYPES)} exercises can draw items")]
    pool = data.get(types.get(data["type"]).ITEMS)
    if isinstance(pool, list) and not 0 < data["draw"] < len(pool):
        return [("draw", f"must be between 1 and {len(pool) - 1} (the pool has {len(pool)})")]
    return []


def read_file(path: Path) -> tuple[dict | None, list[Problem]]:
    """Parse and validate one exercise file: ``(data, [])`` or ``(None, problems)``."""
    shown = _display(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return None, [Problem(shown, path.stem, "-", f"not valid TOML: {error}")]
    given = data.get("id")
    exercise_id = given if isinstance(given, str) else path.stem
    problems = [Problem(shown, exercise_id, f, m) for f, m in check_exercise(data, path.stem)]
    return (None, problems) if problems else (data, [])


def check_bank(folder: str | os.PathLike | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """Read every ``*.toml`` in ``folder``: the valid files' data by id, and all problems."""
    folder = Path(folder) if folder is not None else paths.bank_dir()
    if not folder.is_dir():
        shown = _display(folder)
        return {}, [Problem(shown, "", "", "no such folder; pass the folder with exercise files")]
    files = sorted(folder.glob("*.toml"))
    if not files:
        return {}, [Problem(_display(folder), "", "", "no *.toml exercise files here")]
    found: dict[str, dict] = {}
    owners: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in files:
        data, file_problems = read_file(path)
        problems += file_problems
        exercise_id = file_problems[0].exercise if file_problems else cast(dict, data)["id"]
        if exercise_id in owners:
            message = f"duplicate id: {_display(owners[exercise_id])} has it too"
            problems.append(Problem(_display(path), exercise_id, "id", message))
        owners.setdefault(exercise_id, path)
        if data is not None:
            found[data["id"]] = data
    return found, problems


def exercise_from(data: dict, path: str = "") -> Exercise:
    """An :class:`Exercise` from its checked definition (as read from ``path``, if a file)."""
    return Exercise(
        id=data["id"],
        type=data["type"],
        title=data["title"],
        prompt=data["prompt"],
        data=data,
        path=path,
        graded=data.get("graded", False),
        points=float(data.get("points", 1.0)),
    )


_CACHE: dict[Path, tuple[tuple, Bank]] = {}


def _stamp(folder: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.toml"))


def load_bank(folder: str | os.PathLike | None = None) -> Bank:
    """Load and validate a bank folder (default: the course's ``exercises/``).

    Raises :class:`BankError` listing every problem. Re-reads files only when
    one of them changed, so calling it from each widget is cheap.
    """
    folder = (Path(folder) if folder is not None else paths.bank_dir()).resolve()
    stamp = _stamp(folder) if folder.is_dir() else ()
    cached = _CACHE.get(folder)
    if cached and cached[0] == stamp:
        return cached[1]
    found, problems = check_bank(folder)
    if problems:
        raise BankError(problems)
    bank = Bank(folder, {i: exercise_from(d, str(folder / f"{i}.toml")) for i, d in found.items()})
    _CACHE[folder] = (stamp, bank)
    return bank


def has_keys(exercise: Exercise) -> bool:
    """False for a graded exercise in a student release, whose keys were removed."""
    return not exercise.data.get("keys_removed", False)
