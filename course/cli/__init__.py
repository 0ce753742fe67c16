"""The ``pm-course`` command line: the parser, the learner's commands and ``live``.

The instructor's grading commands are in ``course/cli/instructor.py``.

Exit codes: 0 done; 2 bad usage or invalid input files; 3 a grading run that
finished but rejected one or more submissions.
"""

from __future__ import annotations

import argparse
import sys

from course.cli import instructor
from course.cli.instructor import BANK_HELP, positive
from course.errors import CourseError


def cmd_bank_check(args: argparse.Namespace) -> int:
    """Validate the exercise bank; print ``FILE: ID: FIELD: message`` per problem.

    Then make ``--variants`` variants of every template (course/core/variants.py)
    and check each is valid and solvable; exit 2 if one is not.
    """
    found = _checked_bank(args.dir)
    if found is None:
        return 2
    print(f"{len(found)} exercises, all valid.")
    if not args.variants:
        return 0
    from course.core import variants
    from course.core.bank import exercise_from

    templated = [exercise_from(d) for d in found.values() if "variants" in d]
    print(
        f"{len(templated)} of {len(found)} exercises make variants "
        f"({len(templated) / len(found):.0%}); {args.variants} variants of each "
        "(pm-course bank variants ID --count 1000 for more):"
    )
    bad = 0
    for exercise in templated:
        survey = variants.survey(exercise, args.variants)
        bad += survey.valid < survey.count
        print(_survey_line(survey))
    return 2 if bad else 0


def _survey_line(survey) -> str:
    line = (
        f"  {survey.exercise}: {survey.valid} of {survey.count} valid, {survey.distinct} distinct"
    )
    if survey.possible is not None:
        line += f" ({survey.possible:,} different draws from its pool)"
    elif survey.distinct_share < 0.95:
        line += " (below 95 %: its parameters allow few distinct variants)"
    return "\n".join([line, *(f"    {p}" for p in survey.problems)])


def cmd_bank_variants(args: argparse.Namespace) -> int:
    """Make variants 1 to ``--count`` of one exercise; say how many are valid and distinct.

    Exit 2 if one is not valid and solvable, or the exercise has no template.
    """
    from course.core import variants
    from course.core.bank import load_bank

    exercise = load_bank(args.dir)[args.id]
    if not variants.has_template(exercise):
        print(f"{args.id}: no [variants] template (docs/exercise-format.md)", file=sys.stderr)
        return 2
    survey = variants.survey(exercise, args.count)
    print(_survey_line(survey))
    if args.show:
        made = variants.variant(exercise, args.show)
        print(f"\nvariant {args.show}: {made.prompt}")
        if "answer" in made.data:
            print(f"key: {made.data['answer']:g}. {made.data.get('explanation', '')}")
    return 0 if survey.valid == survey.count else 2


def _checked_bank(folder) -> dict | None:
    """The valid exercise files' data by id, or None after printing every problem."""
    from course.core.bank import check_bank

    found, problems = check_bank(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the exercise bank.", file=sys.stderr)
        return None
    return found


def cmd_bank_outline(args: argparse.Namespace) -> int:
    """Print the outline map: per PMP 2026 task and PgMP 2024 domain, the exercises
    tagged with it and the notebooks that show them. Exit 2 if a task has fewer
    than two explained exercises, or the bank has problems."""
    from course.core import outline, paths

    found = _checked_bank(args.dir)
    if found is None:
        return 2
    untagged = sorted(i for i, d in found.items() if "outline" not in d)
    notebooks = args.notebooks if args.notebooks is not None else paths.notebooks_dir()
    rows = outline.outline_map(found, outline.shown_in(notebooks))
    print(outline.table(rows))
    for exercise_id in untagged:
        print(f"{exercise_id}: no outline tags; add outline = [...] after its type line")
    short = outline.gaps(rows)
    for task in short:
        print(
            f"{task.tag} ({task.title}): fewer than {outline.MIN_ITEMS} explained exercises",
            file=sys.stderr,
        )
    return 2 if short or untagged else 0


def cmd_progress(args: argparse.Namespace) -> int:
    """Print this learner's progress per notebook."""
    from course.learner.progress import COLUMNS, rows, text

    print(text(rows()), COLUMNS, sep="\n\n")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """Print this learner's review set: what to practise now, why, and where."""
    from pathlib import Path

    from course.core import paths
    from course.core.bank import load_bank
    from course.learner.journal import Journal
    from course.learner.review import review_set, text

    folder = Path(args.notebooks) if args.notebooks else paths.notebooks_dir()
    chosen = review_set(Journal(args.journal), args.count, bank=load_bank(args.bank), folder=folder)
    print(text(chosen, folder))
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    """Write this learner's latest answers into one new submission file."""
    import warnings

    from course.core.bank import load_bank
    from course.learner.handin import submit
    from course.learner.journal import Journal

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = submit(
            args.student, args.out, bank=load_bank(args.bank), journal=Journal(args.journal)
        )
    for warning in caught:
        print(f"note: {warning.message}", file=sys.stderr)
    print(f"Wrote {path}. Hand in this file.")
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    """Put this learner's copy of the course in a folder, and open it in JupyterLab."""
    from course.learner.start import lab_command, open_lab, should_open, start

    started = start(args.dir, overwrite=args.overwrite)
    done = started.update
    print(
        f"Your course is in {started.folder}: {len(done.added)} file(s) added, "
        f"{len(done.updated)} updated, {len(done.removed)} removed."
    )
    if done.kept and not args.overwrite:
        print("Kept your own version of these notebooks (the course's copy differs):")
        print("".join(f"  {name}\n" for name in done.kept), end="")
        print("To replace them, run again with --overwrite (your version is kept beside).")
    for name in started.backups:
        print(f"Saved your earlier version as {name}.")
    asked = args.port is not None or not args.browser  # options for JupyterLab: start it
    if args.open if args.open is not None else (asked or should_open()):
        print("Opening it in JupyterLab (stop it with Ctrl+C)...")
        open_lab(started, args.port, args.browser)  # does not return
    command = lab_command(started, args.port, args.browser)
    shown = " ".join(["jupyter lab", *command[3:]])
    print(f"Open it with: cd {started.folder} && {shown}")
    return 0


def _add_start_command(sub) -> None:
    start = sub.add_parser("start", help="put your copy of the course in a folder and open it")
    start.add_argument("dir", nargs="?", default="pm-course", help="the folder (./pm-course)")
    start.add_argument(
        "--open",
        action=argparse.BooleanOptionalAction,
        help="open JupyterLab afterwards (default: yes in a terminal, not on a hub)",
    )
    start.add_argument(
        "--overwrite", action="store_true", help="replace notebooks you changed (kept beside)"
    )
    start.add_argument("--port", type=int, help="serve JupyterLab on this port (implies --open)")
    start.add_argument(
        "--no-browser",
        dest="browser",
        action="store_false",
        help="do not open a web browser: open the address JupyterLab prints (implies --open)",
    )
    start.set_defaults(func=cmd_start)


def _add_submit_command(sub) -> None:
    submit = sub.add_parser("submit", help="bundle this learner's answers into one file")
    submit.add_argument(
        "--student", help="your student id (default: $JUPYTERHUB_USER on a hub, else your login)"
    )
    submit.add_argument("--out", default=".", help="folder to write into (default: here)")
    submit.add_argument("--journal", help="the answer journal (default: this learner's)")
    submit.add_argument("--bank", help=BANK_HELP)
    submit.set_defaults(func=cmd_submit)


def _version() -> str:
    from course.core.version import __version__

    return f"pm-course {__version__}"


def cmd_live(args: argparse.Namespace) -> int:
    """Run the live class view until Ctrl+C: learners' answers on the instructor's dashboard."""
    from course.live import run

    if args.hub:
        run.serve_hub(args.hub_group, args.db, args.bank, args.notebooks)
    else:
        run.serve(
            args.class_code,
            args.host,
            args.port,
            args.db,
            args.bank,
            args.notebooks,
            max_learners=args.max_learners,
            joins_per_address=args.joins_per_address,
        )
    return 0


def _add_live_command(sub) -> None:
    live = sub.add_parser("live", help="the live class view: the room's answers as they come")
    live.add_argument(
        "--class",
        dest="class_code",
        help="the class's name, for its event file and dashboard (the join code is made "
        "by the server, printed at start and kept in the event file)",
    )
    live.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 opens it to the room)",
    )
    live.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free)")
    live.add_argument(
        "--db",
        help="the SQLite file of events (default: one per class in the "
        "user data folder; reuse it to continue after a restart)",
    )
    live.add_argument("--bank", help="the exercise bank with keys (default: the course's)")
    live.add_argument("--notebooks", help="the notebooks folder, for the exercise order")
    live.add_argument(
        "--max-learners",
        type=positive,
        default=2000,
        help="refuse new learners beyond this many (default 2000)",
    )
    live.add_argument(
        "--joins-per-address",
        type=positive,
        default=50,
        help="refuse new learners from one network address beyond this many (default 50; "
        "raise it when the class reaches you through one NAT)",
    )
    live.add_argument(
        "--hub",
        action="store_true",
        help="run as a JupyterHub service: the hub identifies learners",
    )
    live.add_argument("--hub-group", help="on a hub, this group sees the dashboard besides admins")
    live.set_defaults(func=cmd_live)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pm-course",
        description="Project vs program management: a Jupyter course. "
        "Start it with: pm-course start",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_start_command(sub)

    bank = sub.add_parser("bank", help="work with the exercise bank")
    bank_sub = bank.add_subparsers(dest="bank_command", required=True, metavar="ACTION")
    check = bank_sub.add_parser("check", help="validate the exercise bank")
    check.add_argument("dir", nargs="?", help="the bank folder (default: the course's exercises/)")
    check.add_argument(
        "--variants",
        type=int,
        default=100,
        metavar="N",
        help="variants of each template to make and check (default 100, for speed; 0: none)",
    )
    check.set_defaults(func=cmd_bank_check)
    made = bank_sub.add_parser(
        "variants", help="make an exercise's variants and check each is valid and solvable"
    )
    made.add_argument("id", help="the exercise id")
    made.add_argument("--count", type=positive, default=1000, help="how many (default 1000)")
    made.add_argument("--show", type=positive, metavar="SEED", help="also print variant SEED")
    made.add_argument("--dir", help="the bank folder (default: the course's exercises/)")
    made.set_defaults(func=cmd_bank_variants)
    mapped = bank_sub.add_parser(
        "outline", help="print which exercises practise each PMP 2026 task and PgMP 2024 domain"
    )
    mapped.add_argument("dir", nargs="?", help="the bank folder (default: the course's exercises/)")
    mapped.add_argument("--notebooks", help="the notebooks folder (default: the course's)")
    mapped.set_defaults(func=cmd_bank_outline)

    progress = sub.add_parser("progress", help="show this learner's progress")
    progress.set_defaults(func=cmd_progress)
    review = sub.add_parser("review", help="list the exercises to practise now, and why")
    review.add_argument("--count", type=positive, default=5, help="how many (default 5)")
    review.add_argument("--journal", help="the answer journal (default: this learner's)")
    review.add_argument("--bank", help=BANK_HELP)
    review.add_argument("--notebooks", help="the notebooks folder (default: the course's)")
    review.set_defaults(func=cmd_review)
    _add_submit_command(sub)
    instructor.add_commands(sub)
    _add_live_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``pm-course`` with ``argv``; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CourseError as error:
        print(f"pm-course: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
