"""The ``pm-course`` command line.

Exit codes: 0 done; 2 bad usage or invalid input files; 3 a grading run that
finished but rejected one or more submissions.
"""

from __future__ import annotations

import argparse
import sys

from course.errors import CourseError


def cmd_bank_check(args: argparse.Namespace) -> int:
    """Validate the exercise bank; print ``FILE: ID: FIELD: message`` per problem."""
    from course.bank import check_bank

    found, problems = check_bank(args.dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the exercise bank.", file=sys.stderr)
        return 2
    print(f"{len(found)} exercises, all valid.")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    """Print this learner's progress per notebook."""
    from course.completion import rows, text

    print(text(rows()))
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    """Write this learner's latest answers into one new submission file."""
    import warnings

    from course.bank import load_bank
    from course.journal import Journal
    from course.submission import submit

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
    from course.start import open_lab, should_open, start

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
    if args.open if args.open is not None else should_open():
        print("Opening it in JupyterLab (stop it with Ctrl+C)...")
        open_lab(started)  # does not return
    print(f"Open it with: jupyter lab {started.first_notebook}")
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
    start.set_defaults(func=cmd_start)


def _version() -> str:
    import course

    return f"pm-course {course.__version__}"


def cmd_release(args: argparse.Namespace) -> int:
    """Write the student release: notebooks and bank without keys of graded exercises."""
    from course.release import release

    out = release(args.outdir, bank_dir=args.bank, notebooks_dir=args.notebooks)
    print(f"Wrote the student release to {out}; graded exercises carry no keys.")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade every submission in a folder into the gradebook; exit 3 if any were rejected."""
    from course.bank import load_bank
    from course.batch import grade_folder
    from course.errors import GradingIncomplete
    from course.gradebook import Gradebook

    bank = load_bank(args.bank)
    with Gradebook(args.gradebook) as book:
        run = grade_folder(
            args.dir,
            book,
            bank=bank,
            jobs=args.jobs,
            max_bytes=args.max_bytes,
            progress=not args.quiet,
            regrade=args.regrade,
        )
        students = book.counts()["current"]
    _print_run(run, students, args.gradebook)
    if run.rejected:
        raise GradingIncomplete(
            f"{len(run.rejected)} submission(s) rejected (listed above with their reasons); "
            "ask those students to submit again, then rerun the same command."
        )
    return 0


def _print_run(run, students: int, gradebook: str) -> None:
    for path, warning in sorted(run.warnings):
        print(f"WARNING {path}: {warning}")
    for path, reason in sorted(run.rejected):
        print(f"REJECTED {path}: {reason}")
    print(
        f"{run.files} file(s) in {run.seconds:.1f} s: {run.graded} graded, "
        f"{run.unchanged} already in the gradebook, {len(run.rejected)} rejected, "
        f"{len(run.warnings)} warning(s). {students} student(s) in {gradebook}."
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Write the current grades as a CSV an LMS imports."""
    from course.export import export_csv
    from course.gradebook import open_existing

    with open_existing(args.gradebook) as book:
        rows = export_csv(book, args.csv, graded_only=args.graded_only, max_row=args.max_row)
    print(f"Wrote {rows} student row(s) to {args.csv}.")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    """Write one self-contained HTML feedback page per student."""
    from course.feedback import write_feedback
    from course.gradebook import open_existing

    with open_existing(args.gradebook) as book:
        pages = write_feedback(book, args.out)
    print(f"Wrote {len(pages)} feedback page(s) to {args.out}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Draw the class analytics plots and a summary linking them."""
    from course.gradebook import open_existing
    from course.report import write_report

    with open_existing(args.gradebook) as book:
        summary = write_report(book, args.out)
    print(f"Wrote the class report: {summary}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _add_grading_commands(sub) -> None:
    bank_help = "the exercise bank folder (default: the course's exercises/)"
    submit = sub.add_parser("submit", help="bundle this learner's answers into one file")
    submit.add_argument(
        "--student", help="your student id (default: $JUPYTERHUB_USER on a hub, else your login)"
    )
    submit.add_argument("--out", default=".", help="folder to write into (default: here)")
    submit.add_argument("--journal", help="the answer journal (default: this learner's)")
    submit.add_argument("--bank", help=bank_help)
    submit.set_defaults(func=cmd_submit)

    release = sub.add_parser("release", help="write the student copy without graded keys")
    release.add_argument("outdir", help="a new folder, or an earlier release/clone to update")
    release.add_argument("--bank", help=bank_help)
    release.add_argument("--notebooks", help="the notebooks folder (default: the course's)")
    release.set_defaults(func=cmd_release)

    grade = sub.add_parser("grade", help="grade a folder of submissions into a gradebook")
    grade.add_argument("dir", help="the folder of submission files (*.json, subfolders too)")
    grade.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    grade.add_argument("--bank", help=bank_help)
    grade.add_argument("--jobs", type=_positive, help="worker processes (default: one per core)")
    grade.add_argument(
        "--max-bytes", type=_positive, default=2_000_000, help="reject larger files (2000000)"
    )
    grade.add_argument("--regrade", action="store_true", help="regrade files already graded")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    grade.set_defaults(func=cmd_grade)

    export = sub.add_parser("export", help="write grades as CSV for an LMS")
    export.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    export.add_argument("--csv", required=True, help="the CSV file to write")
    export.add_argument("--graded-only", action="store_true", help="only graded exercises")
    export.add_argument("--max-row", action="store_true", help="add a row of maximum points")
    export.set_defaults(func=cmd_export)

    feedback = sub.add_parser("feedback", help="write an HTML feedback page per student")
    feedback.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    feedback.add_argument("--out", required=True, help="the folder to write into")
    feedback.set_defaults(func=cmd_feedback)

    report = sub.add_parser("report", help="class analytics: plots and a summary")
    report.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    report.add_argument("--out", required=True, help="the folder to write into")
    report.set_defaults(func=cmd_report)


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
    check.set_defaults(func=cmd_bank_check)

    progress = sub.add_parser("progress", help="show this learner's progress")
    progress.set_defaults(func=cmd_progress)
    _add_grading_commands(sub)
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
