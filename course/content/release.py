"""The student release: notebooks and bank without the keys of graded exercises.

>>> release("release/")                      # pm-course release release/
PosixPath('release')

Run it again on the same folder, or on a git clone of the student repository,
to update it in place: ``exercises/`` and ``notebooks/`` end up exactly as the
course has them (files it no longer has are removed), and everything else
(``.git``, a README) is kept; see :mod:`course.content.sync`.

``release/exercises/`` holds every exercise file; a graded one is rewritten
from :func:`course.core.bank.public_data` with ``keys_removed = true`` (no answers,
no explanations or option feedback that give them away, no hidden checks), so
its widget says "Answer recorded: graded later". Exercises that ``draw`` items
keep their whole pool in order, so a learner's draw is the grader's draw.
``release/notebooks/`` is a copy of the notebooks with outputs cleared and cells
tagged ``solution`` removed; ``release/docs/`` holds what the notebooks send
learners to read (``LEARNER_DOCS``: the sources), so every copy can open it.
Graded ``order`` and ``choice`` exercises list their items in a shuffled order
(the same every release, never the answer's), so the file's order gives nothing
away. Before finishing, the whole release is
scanned for the keys of graded exercises (long texts, and key fields or values
written next to the exercise's id); any hit is an error that names the file, and
nothing is left in ``out``: the release is written beside it and moved into
place only once it is clean.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

from course.content import sync as copies
from course.core import paths, types
from course.core.bank import Bank, load_bank, public_data
from course.errors import UsageError

SOLUTION_TAG = "solution"
HEADER = (
    "# Student release: this graded exercise's keys were removed by `pm-course release`.\n"
    "# Answers to it are recorded and graded later by your instructor.\n"
)
LEARNER_DOCS = ("sources.md",)  # docs/ files the notebooks point learners to
MIN_SCAN_CHARS = 12  # shorter key strings (bucket ids, option ids) also occur legitimately
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def release(
    out: str | os.PathLike,
    *,
    bank_dir: str | os.PathLike | None = None,
    notebooks_dir: str | os.PathLike | None = None,
) -> Path:
    """Write the student copy of the course into ``out``, or bring ``out`` up to date.

    Parameters:
        out: a new or empty folder, a git clone with nothing but dot-files, or
            an earlier release (it has ``exercises/`` or a release manifest).
        bank_dir: the full exercise bank (default: the course's ``exercises/``).
        notebooks_dir: the notebooks (default: the course's ``notebooks/``).
    """
    out = Path(out)
    check_updatable(out)
    bank = load_bank(bank_dir)
    notebooks = Path(notebooks_dir) if notebooks_dir is not None else paths.notebooks_dir()
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.resolve().parent, prefix=".release-") as fresh:
        fresh = Path(fresh)
        write_bank(bank, fresh / "exercises")
        if notebooks.is_dir():
            copy_notebooks(notebooks, fresh / "notebooks")
        for name in LEARNER_DOCS:
            if (notebooks.parent / "docs" / name).is_file():
                (fresh / "docs").mkdir(exist_ok=True)
                shutil.copyfile(notebooks.parent / "docs" / name, fresh / "docs" / name)
        load_bank(fresh / "exercises")  # the release must load, keys removed
        if found := leaks(fresh, bank):
            found = [line.replace(str(fresh), str(out), 1) for line in found]
            raise UsageError("The release leaks keys of graded exercises:\n" + "\n".join(found))
        copies.update(fresh, out, keep_edits=False)
    return out


def check_updatable(out: Path) -> None:
    """Refuse a folder that is neither new, empty (but for dot-files) nor an earlier release."""
    if not out.exists():
        return
    if not out.is_dir():
        raise UsageError(f"{out} is a file; pass a folder for the student release")
    if holds_keys(out):
        raise UsageError(
            f"{out} holds the full course, with the keys of graded exercises, so it was left "
            "untouched; pass the student repository's clone or a new folder"
        )
    visible = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    if visible and not (out / copies.MANIFEST).is_file() and not (out / "exercises").is_dir():
        raise UsageError(
            f"{out} is not empty and holds no earlier release (no exercises/ folder), so it "
            "was left untouched; pass a new folder, or a clone of your student repository"
        )


def holds_keys(folder: Path) -> bool:
    """Whether ``folder/exercises`` has a graded exercise with its keys: the full course."""
    for path in (folder / "exercises").glob("*.toml"):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if data.get("graded") is True and not data.get("keys_removed"):
            return True
    return False


def write_bank(bank: Bank, folder: Path) -> None:
    """Copy the bank into ``folder``, graded exercises without their keys."""
    folder.mkdir(parents=True, exist_ok=True)
    for exercise_id, exercise in bank.items():
        target = folder / f"{exercise_id}.toml"
        if exercise.graded:
            data = shuffled({**public_data(exercise.data), "keys_removed": True}, exercise)
            target.write_text(HEADER + to_toml(data), encoding="utf-8")
        else:
            shutil.copyfile(exercise.path, target)


def shuffled(data: dict, exercise) -> dict:
    """``data`` with its items or options in an order that reveals no key.

    The order is random but the same in every release of the exercise, and an
    ``order`` exercise's items are never in the answer's order. Exercises that
    ``draw`` items keep their pool's order (the draw depends on it).
    """
    field = types.get(exercise.type).SHUFFLE
    if not field or "draw" in data or len(data.get(field, [])) < 2:
        return data
    rows = list(data[field])
    random.Random(f"release:{exercise.id}").shuffle(rows)
    if [row["id"] for row in rows] == exercise.data.get("answer"):
        rows = rows[1:] + rows[:1]
    return {**data, field: rows}


def copy_notebooks(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target``: notebooks cleaned, other files as they are."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            (target / relative).write_text(student_notebook(path), encoding="utf-8")
        else:
            shutil.copyfile(path, target / relative)


def student_notebook(path: Path) -> str:
    """The notebook at ``path`` without outputs and without cells tagged ``solution``."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in notebook.get("cells", []):
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    notebook["cells"] = cells
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


# --- the leak scan -------------------------------------------------------------------


def key_texts(bank: Bank) -> dict[str, str]:
    """Every key string of a graded exercise long enough to scan for, with its exercise id."""
    texts = {}
    for exercise_id, exercise in bank.items():
        if exercise.graded:
            public = set(_strings(public_data(exercise.data)))
            for text in _strings(exercise.data):
                if len(text) >= MIN_SCAN_CHARS and text not in public:
                    texts[text] = exercise_id
    return texts


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def key_fields(bank: Bank) -> dict[str, list]:
    """Per graded exercise, its key fields as ``(name, value)`` (answers, correct flags...)."""
    found: dict[str, list] = {}
    for exercise_id, exercise in bank.items():
        if not exercise.graded:
            continue
        rows = found[exercise_id] = []
        for where, names in types.get(exercise.type).KEYS.items():
            targets = [exercise.data] if where == "" else exercise.data.get(where, [])
            for target in targets:
                rows += [(name, target[name]) for name in names if name in target]
    return found


def key_patterns(bank: Bank) -> dict[str, list]:
    """Per graded exercise, regular expressions for its short keys written out.

    A key field as TOML or JSON (``answer = 0.8``, ``"correct": true`` beside
    the option's id), a numeric answer or a right option's id after ``=``,
    ``:`` or "is" on a line naming the exercise, and an order's whole answer.
    """
    patterns: dict[str, list] = {}
    for exercise_id, fields in key_fields(bank).items():
        exercise = bank[exercise_id]
        values = []
        for name, value in fields:
            if isinstance(value, bool | int | float) and not isinstance(value, bool):
                values += sorted({repr(value), f"{value:g}"})
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                both = (json.dumps(value), ", ".join(value))
                patterns.setdefault(exercise_id, []).extend(re.escape(t) for t in both)
            if not isinstance(value, str) or len(value) < MIN_SCAN_CHARS:
                literal = re.escape(_value(value))
                patterns.setdefault(exercise_id, []).append(
                    rf"(?:\b{name}\s*=\s*|\"{name}\"\s*:\s*){literal}(?![\w.])"
                )
        values += types.get(exercise.type).key_values(exercise.data)
        for value in values:
            patterns.setdefault(exercise_id, []).append(
                rf"\b{re.escape(exercise_id)}\b.*(?:[=:]|\bis)\s*[\"'`]?{re.escape(value)}(?![\w.])"
            )
    return {i: [re.compile(p) for p in found] for i, found in patterns.items()}


def leaks(folder: Path, bank: Bank) -> list[str]:
    """``FILE: exercise ID: ...`` for each key of a graded exercise found under ``folder``.

    Scans every file's text (TOML, notebooks, anything else) for the key texts
    and the short keys of :func:`key_patterns`, and checks that each released
    graded exercise has no key field left. Files are named relative to ``folder``.
    """
    texts, patterns = key_texts(bank), key_patterns(bank)
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        shown = path.relative_to(folder)
        content = path.read_bytes().decode("utf-8", "replace")
        for text, exercise_id in texts.items():
            if text in content or json.dumps(text)[1:-1] in content:
                found.append(f"{shown}: {exercise_id}: contains the key text {text[:40]!r}...")
        if path.parent.name == "exercises" and path.suffix == ".toml":
            continue  # released exercise files are checked field by field below
        for exercise_id, compiled in patterns.items():
            for pattern in compiled:
                if hit := pattern.search(content):
                    found.append(f"{shown}: {exercise_id}: writes out a key: {hit[0][:60]!r}")
                    break
    released = folder / "exercises"
    for exercise_id, exercise in bank.items():
        path = released / f"{exercise_id}.toml"
        if exercise.graded and path.is_file():
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            data.pop("keys_removed", None)
            field = types.get(exercise.type).SHUFFLE
            if field and field in data:  # the release shuffles these
                data[field] = sorted(data[field], key=lambda row: row["id"])
            public = public_data(exercise.data)
            if field and field in public:
                public[field] = sorted(public[field], key=lambda row: row["id"])
            if data != public:
                shown = path.relative_to(folder)
                found.append(f"{shown}: {exercise_id}: key fields left in the released file")
    return found


# --- a small TOML writer (the standard library reads TOML but does not write it) -----


def to_toml(data: dict) -> str:
    """``data`` (an exercise) as TOML text that ``tomllib`` reads back equal.

    >>> to_toml({"id": "a", "items": [{"id": "x"}]})
    'id = "a"\\n\\n[[items]]\\nid = "x"\\n'
    """
    lines = [f"{_key(k)} = {_value(v)}" for k, v in data.items() if not _is_table(v)]
    for key, value in data.items():
        if isinstance(value, dict):
            lines += ["", f"[{_key(key)}]", *_pairs(value)]
        elif _is_table(value):
            for row in value:
                lines += ["", f"[[{_key(key)}]]", *_pairs(row)]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != data:  # never write a file that reads back different
        raise ValueError(f"cannot write {data.get('id', '?')!r} as TOML faithfully")
    return text


def _is_table(value: object) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
    )


def _pairs(table: dict) -> list[str]:
    return [f"{_key(k)} = {_value(v)}" for k, v in table.items()]


def _key(key: str) -> str:
    return key if BARE_KEY.fullmatch(key) else _string(key)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise ValueError(f"cannot write a {type(value).__name__} as TOML")


def _string(text: str) -> str:
    """A TOML string: multi-line literal for code, else a basic string with escapes."""
    plain = all(c in "\n\t" or (c >= " " and c != "\x7f") for c in text)
    if "\n" in text and plain and "'''" not in text and not text.endswith("'"):
        return "'''\n" + text + "'''"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
