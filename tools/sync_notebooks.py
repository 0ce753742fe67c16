"""Keep the notebooks' derived parts in step with the course: times, navigation, contents.

For every ``notebooks/NN-*.ipynb``, in file-name order, this script:

* rewrites the ``**Estimated time:** N minutes`` line: the notebook's reading
  time (its words at ``course.timing.READING_WPM``) plus the minutes of every
  exercise it shows with ``course.show("id")`` (``course.timing.minutes``),
  rounded to whole minutes;
* regenerates the last cell, a markdown cell tagged ``navigation``, with
  ``< previous | contents | next >`` links;
* regenerates the cell tagged ``contents`` (if a notebook has one) with the
  table of all notebooks and their times;
* clears outputs and execution counts, so notebooks stay output-free.

Usage::

    python tools/sync_notebooks.py            # rewrite notebooks that are stale
    python tools/sync_notebooks.py --check    # exit 1 listing stale notebooks
    python tools/sync_notebooks.py notebooks/02-*.ipynb   # only touch these files

Times, navigation and contents always come from the whole course; naming
notebooks only limits which files are checked or rewritten (useful when
several people edit notebooks at once).

Cells tagged ``navigation`` or ``contents`` do not count towards reading time,
so regenerating them never changes the times. Exit codes: 0 in step (or
rewritten), 1 stale (with ``--check``), 2 a notebook or the bank has a problem
the script cannot fix (a missing exercise, no estimated-time line, no title).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course import timing  # noqa: E402  (after the path set-up, so a checkout works uninstalled)

TIME_LINE = re.compile(r"\*\*Estimated time:\*\* *\d+ *minutes?")
SHOW_CALL = re.compile(r"""course\.show\(\s*["']([a-z0-9-]+)["']\s*\)""")
WORD = re.compile(r"\w+")
GENERATED_TAGS = ("navigation", "contents")
CONTENTS_ANCHOR = "Course-contents"


class SyncError(Exception):
    """A problem in a notebook or the bank that the script cannot fix by itself."""


def notebook_paths(folder: Path) -> list[Path]:
    """The course notebooks, ``NN-*.ipynb``, in teaching order."""
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def read_notebook(path: Path) -> dict:
    """A notebook as plain JSON data."""
    return json.loads(path.read_text(encoding="utf-8"))


def write_notebook(path: Path, notebook: dict) -> None:
    """Write ``notebook`` the way Jupyter saves it: one-space indent, sorted keys, line lists."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        cell["source"] = source(cell).splitlines(keepends=True)
    text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def source(cell: dict) -> str:
    """A cell's source as one string (the format allows a string or a list of lines)."""
    text = cell.get("source", "")
    return text if isinstance(text, str) else "".join(text)


def tags(cell: dict) -> list[str]:
    """A cell's tags (``metadata.tags``)."""
    return cell.get("metadata", {}).get("tags", [])


def title(notebook: dict, path: Path) -> str:
    """The notebook's title: its first markdown cell's heading, without the ``#``.

    >>> title({"cells": [{"cell_type": "markdown", "source": "# 02 · Projects\\nx"}]}, Path("x"))
    '02 · Projects'
    """
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            first = source(cell).strip().splitlines()[0] if source(cell).strip() else ""
            if first.startswith("# "):
                return first[2:].strip()
            break
    raise SyncError(f"{path}: the first markdown cell must start with '# NN · Title'")


def exercise_ids(notebook: dict) -> list[str]:
    """Ids of the exercises the notebook shows, in order, from ``course.show("id")`` calls."""
    ids = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            ids += SHOW_CALL.findall(source(cell))
    return ids


def word_count(notebook: dict) -> int:
    """Words a learner reads: markdown and code cells, except generated cells."""
    count = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] in ("markdown", "code") and not set(tags(cell)) & set(GENERATED_TAGS):
            count += len(WORD.findall(source(cell)))
    return count


def estimated_minutes(notebook: dict, bank: Path, path: Path) -> int:
    """Reading minutes plus exercise minutes, rounded half up to whole minutes (at least 1)."""
    total = timing.reading_minutes(word_count(notebook))
    for exercise_id in exercise_ids(notebook):
        try:
            total += timing.exercise_minutes(bank, exercise_id)
        except (FileNotFoundError, ValueError) as error:
            raise SyncError(f"{path}: {error}") from None
    return max(1, int(total + 0.5))


def navigation_source(names: list[str], titles: list[str], index: int, contents: str) -> str:
    """The ``< previous | contents | next >`` line for notebook ``index``."""
    parts = []
    if index > 0:
        parts.append(f"< [{titles[index - 1]}]({names[index - 1]})")
    parts.append(f"[Contents]({contents}#{CONTENTS_ANCHOR})")
    if index + 1 < len(names):
        parts.append(f"[{titles[index + 1]}]({names[index + 1]}) >")
    return " | ".join(parts)


def contents_source(names: list[str], titles: list[str], minutes: list[int]) -> str:
    """The course's table of contents with each notebook's estimated time."""
    lines = [
        "## Course contents",
        "",
        "Times are generated by `tools/sync_notebooks.py` from each notebook's length "
        "and its exercises.",
        "",
        "| Notebook | Estimated time |",
        "| --- | --- |",
    ]
    for name, heading, mins in zip(names, titles, minutes, strict=True):
        lines.append(f"| [{heading}]({name}) | {mins} minutes |")
    total = sum(minutes)
    lines.append(f"| **Whole course** | **{total} minutes (about {total / 60:.1f} hours)** |")
    return "\n".join(lines)


def _markdown_cell(notebook: dict, text: str, tag: str) -> dict:
    cell = {"cell_type": "markdown", "metadata": {"tags": [tag]}, "source": text}
    if notebook.get("nbformat", 4) > 4 or notebook.get("nbformat_minor", 0) >= 5:
        cell["id"] = tag
    return cell


def synced(
    notebook: dict,
    *,
    minutes: int,
    navigation: str,
    contents: str | None,
    path: Path,
) -> dict:
    """A copy of ``notebook`` with its time line, navigation and contents regenerated."""
    notebook = copy.deepcopy(notebook)
    cells = [c for c in notebook["cells"] if "navigation" not in tags(c)]
    found = False
    for cell in cells:
        if cell["cell_type"] == "markdown" and TIME_LINE.search(source(cell)):
            new = TIME_LINE.sub(f"**Estimated time:** {minutes} minutes", source(cell), count=1)
            cell["source"] = new
            found = True
            break
    if not found:
        raise SyncError(f"{path}: no '**Estimated time:** N minutes' line in a markdown cell")
    for cell in cells:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        if "contents" in tags(cell) and contents is not None:
            cell["source"] = contents
    cells.append(_markdown_cell(notebook, navigation, "navigation"))
    notebook["cells"] = cells
    return notebook


def _normal(notebook: dict) -> dict:
    """``notebook`` with every source as one string, so list and string forms compare equal."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        cell["source"] = source(cell)
    return notebook


def _time_line(notebook: dict) -> str | None:
    for cell in notebook["cells"]:
        if match := TIME_LINE.search(source(cell)):
            return match.group(0)
    return None


def stale_reasons(old: dict, new: dict) -> list[str]:
    """Why ``old`` differs from its synced form ``new``, in words."""
    old, new = _normal(old), _normal(new)
    reasons = []
    if _time_line(old) != _time_line(new):
        reasons.append(f"estimated time {_time_line(old)!r} should be {_time_line(new)!r}")
    if any(c.get("outputs") or c.get("execution_count") for c in old["cells"]):
        reasons.append("has outputs or execution counts")
    if not old["cells"] or old["cells"][-1] != new["cells"][-1]:
        reasons.append("navigation cell missing, out of date or not last")
    old_contents = [c["source"] for c in old["cells"] if "contents" in tags(c)]
    new_contents = [c["source"] for c in new["cells"] if "contents" in tags(c)]
    if old_contents != new_contents:
        reasons.append("contents table out of date")
    if not reasons:
        reasons.append("generated parts differ")
    return reasons


def plan(folder: Path, bank: Path) -> list[tuple[Path, dict, dict]]:
    """``(path, current, synced)`` for every notebook in ``folder``."""
    paths = notebook_paths(folder)
    notebooks = [read_notebook(p) for p in paths]
    names = [p.name for p in paths]
    titles = [title(nb, p) for nb, p in zip(notebooks, paths, strict=True)]
    minutes = [estimated_minutes(nb, bank, p) for nb, p in zip(notebooks, paths, strict=True)]
    holder = next(
        (p.name for p, nb in zip(paths, notebooks, strict=True) if _has_contents(nb)),
        names[0] if names else "",
    )
    table = contents_source(names, titles, minutes)
    result = []
    for i, (path, notebook) in enumerate(zip(paths, notebooks, strict=True)):
        new = synced(
            notebook,
            minutes=minutes[i],
            navigation=navigation_source(names, titles, i, holder),
            contents=table,
            path=path,
        )
        result.append((path, notebook, new))
    return result


def _has_contents(notebook: dict) -> bool:
    return any("contents" in tags(c) for c in notebook["cells"])


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    here = Path.cwd()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def main(argv: list[str] | None = None) -> int:
    """Run the script; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", type=Path, help="check or rewrite only these notebooks")
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--bank", type=Path, default=ROOT / "exercises")
    args = parser.parse_args(argv)
    try:
        work = plan(args.notebooks, args.bank)
    except SyncError as error:
        print(error, file=sys.stderr)
        return 2
    wanted = {p.resolve() for p in args.only}
    unknown = wanted - {p.resolve() for p, _, _ in work}
    if unknown:
        names = ", ".join(sorted(str(p) for p in unknown))
        print(f"not a course notebook (notebooks/NN-*.ipynb): {names}", file=sys.stderr)
        return 2
    stale = [
        (p, old, new)
        for p, old, new in work
        if _normal(old) != _normal(new) and (not wanted or p.resolve() in wanted)
    ]
    if args.check:
        for path, old, new in stale:
            reasons = "; ".join(stale_reasons(old, new))
            print(f"{_shown(path)}: stale ({reasons})")
        if stale:
            print("Run: python tools/sync_notebooks.py", file=sys.stderr)
        return 1 if stale else 0
    for path, _old, new in stale:
        write_notebook(path, new)
        print(f"updated {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
