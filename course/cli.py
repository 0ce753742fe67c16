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
    _say_isolation(args.isolation, bank)
    with Gradebook(args.gradebook) as book:
        run = grade_folder(
            args.dir,
            book,
            bank=bank,
            jobs=args.jobs,
            max_bytes=args.max_bytes,
            progress=not args.quiet,
            regrade=args.regrade,
            isolation=args.isolation,
        )
        students = book.counts()["current"]
    _print_run(run, students, args.gradebook)
    if run.rejected:
        raise GradingIncomplete(
            f"{len(run.rejected)} submission(s) rejected (listed above with their reasons); "
            "ask those students to submit again, then rerun the same command."
        )
    return 0


def _say_isolation(isolation: str, bank) -> None:
    """Before grading: say that code answers will not run when the OS sandbox is missing."""
    from course.sandbox import missing

    if any(e.type == "code" for e in bank.values()) and (problem := missing(isolation)):
        print(
            f"pm-course: code answers will NOT be run: {problem}. Files with code answers "
            "are rejected (nothing recorded for them); everything else is graded. Install "
            "it and grade again, or pass --isolation process to run learner code without "
            "the OS sandbox (only for code you would run on this machine anyway).",
            file=sys.stderr,
        )


def _print_run(run, students: int, gradebook: str) -> None:
    from course.batch import shown  # file names may hold newlines or terminal escapes

    for path, warning in sorted(run.warnings):
        print(f"WARNING {shown(path)}: {shown(warning)}")
    for path, reason in sorted(run.rejected):
        print(f"REJECTED {shown(path)}: {shown(reason)}")
    print(
        f"{run.files} file(s) in {run.seconds:.1f} s: {run.graded} graded, "
        f"{run.unchanged} already in the gradebook, {len(run.rejected)} rejected, "
        f"{len(run.warnings)} warning(s). {students} student(s) in {gradebook}."
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Write the current grades as the plain CSV or an LMS's import file."""
    from course.errors import UsageError
    from course.export import export_csv
    from course.gradebook import open_existing
    from course.lms import HOW_TO_GET, export_lms

    out = args.out or args.csv
    if not out:
        raise UsageError("Name the file to write: --out FILE")
    if args.format != "csv" and not args.roster:
        raise UsageError(
            f"--format {args.format} needs --roster FILE: the grades file "
            f"{args.format.capitalize()} exports ({HOW_TO_GET[args.format]}), "
            "so each student gets the LMS's own identifiers"
        )
    options = dict(per=args.per, graded_only=args.graded_only, notebooks=args.notebooks)
    with open_existing(args.gradebook) as book:
        if args.format == "csv":
            rows = export_csv(book, out, max_row=args.max_row, **options)
            print(f"Wrote {rows} student row(s) to {out}.")
            return 0
        result = export_lms(book, args.format, args.roster, out, match=args.match, **options)
    print(f"Wrote {out}: {result.matched} of {result.rows} roster rows matched a graded student.")
    if result.unmatched:
        print(
            f"warning: {len(result.unmatched)} graded student(s) not in the roster, so not "
            f"exported: {', '.join(result.unmatched)}. Check the ids they submitted under "
            "(--match COLUMN picks the roster column to compare).",
            file=sys.stderr,
        )
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    """Write one self-contained HTML feedback page per student."""
    from course.feedback import write_feedback
    from course.gradebook import open_existing

    with open_existing(args.gradebook) as book:
        pages = write_feedback(book, args.out, notebooks=args.notebooks)
    print(f"Wrote {len(pages)} feedback page(s) to {args.out}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the class report: one self-contained HTML page."""
    from course.gradebook import open_existing
    from course.report import write_report

    with open_existing(args.gradebook) as book:
        page = write_report(book, args.out, notebooks=args.notebooks)
    print(f"Wrote the class report: {page} (one page; open it in a browser, offline too)")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


ISOLATION_HELP = """isolation levels (docs/grading-a-class.md, "Isolation"):
  os       the default. Code answers run in bubblewrap sandboxes: new user,
           PID, network, IPC and mount namespaces, uid 65534 without
           capabilities, read-only Python runtime only (no course, bank,
           submissions, gradebook or home), no network, a seccomp filter, time,
           memory and output limits. Each answer runs in a fresh process and
           nothing it starts outlives it. Needs Linux with bubblewrap and
           libseccomp (apt-get install bubblewrap libseccomp2).
           Without them, files with code answers are rejected with that reason
           and everything else is graded.
  process  code answers run in a plain child process with resource limits and
           an audit hook. Not a security boundary: use it only where the OS
           sandbox cannot run and only for code you would run anyway.
"""


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

    grade = sub.add_parser(
        "grade",
        help="grade a folder of submissions into a gradebook",
        description="Grade every submission file in DIR into the gradebook. Code answers "
        "are learner code: they run isolated, at the level --isolation names.",
        epilog=ISOLATION_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grade.add_argument("dir", help="the folder of submission files (*.json, subfolders too)")
    grade.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    grade.add_argument("--bank", help=bank_help)
    grade.add_argument("--jobs", type=_positive, help="worker processes (default: one per core)")
    grade.add_argument(
        "--max-bytes", type=_positive, default=2_000_000, help="reject larger files (2000000)"
    )
    grade.add_argument("--regrade", action="store_true", help="regrade files already graded")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    grade.add_argument(
        "--isolation",
        choices=("os", "process"),
        default="os",
        help="how code answers run: os (default; bubblewrap sandbox) or process (weaker)",
    )
    grade.set_defaults(func=cmd_grade)

    feedback = sub.add_parser("feedback", help="write an HTML feedback page per student")
    feedback.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    feedback.add_argument("--out", required=True, help="the folder to write into")
    feedback.add_argument("--notebooks", help=ORDER_HELP)
    feedback.set_defaults(func=cmd_feedback)
    _add_export_command(sub)
    _add_quiz_command(sub)
    _add_report_command(sub)


ORDER_HELP = "the notebooks folder whose exercise order to follow (default: the course's)"


def _add_export_command(sub) -> None:
    export = sub.add_parser("export", help="write grades for an LMS (Canvas, Moodle, ...)")
    export.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    export.add_argument(
        "--format",
        choices=["csv", "canvas", "moodle", "blackboard", "brightspace"],
        default="csv",
        help="the LMS whose import format to write (default: csv, a plain table)",
    )
    export.add_argument("--out", help="the file to write")
    export.add_argument("--csv", help=argparse.SUPPRESS)  # the older name of --out
    export.add_argument("--roster", help="the grades file the LMS exports (not for csv)")
    export.add_argument("--match", help="the roster column holding the learners' ids")
    export.add_argument(
        "--per", choices=["exercise", "notebook"], default="exercise", help="a column per ..."
    )
    export.add_argument("--graded-only", action="store_true", help="only graded exercises")
    export.add_argument("--max-row", action="store_true", help="csv: a row of maximum points")
    export.add_argument("--notebooks", help=ORDER_HELP)
    export.set_defaults(func=cmd_export)


def cmd_export_quiz(args: argparse.Namespace) -> int:
    """Write the bank's choice, numeric, match and categorize exercises as quiz questions."""
    from course.bank import load_bank
    from course.quiz import write_quiz

    result = write_quiz(load_bank(args.bank), args.format, args.out, notebooks=args.notebooks)
    print(
        f"Wrote {result.questions} question(s) to {args.out}. It holds the keys: "
        "keep it from learners."
    )
    if result.skipped:
        print(
            f"Skipped (order and code exercises have no such question): {', '.join(result.skipped)}"
        )
    return 0


def _add_quiz_command(sub) -> None:
    quiz = sub.add_parser("export-quiz", help="write exercises as Moodle XML, GIFT or QTI 2.1")
    quiz.add_argument("--format", required=True, choices=["moodle-xml", "gift", "qti"])
    quiz.add_argument("--out", required=True, help="the file to write (qti: a .zip)")
    quiz.add_argument("--bank", help="the exercise bank folder (default: the course's exercises/)")
    quiz.add_argument("--notebooks", help=ORDER_HELP)
    quiz.set_defaults(func=cmd_export_quiz)


def _add_report_command(sub) -> None:
    report = sub.add_parser("report", help="the class report: one self-contained HTML page")
    report.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    report.add_argument(
        "--out",
        default="class-report.html",
        help="the page to write (default class-report.html), or a folder for report.html",
    )
    report.add_argument("--notebooks", help=ORDER_HELP)
    report.set_defaults(func=cmd_report)


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
        )
    return 0


def _add_live_command(sub) -> None:
    live = sub.add_parser("live", help="the live class view: the room's answers as they come")
    live.add_argument(
        "--class",
        dest="class_code",
        help="the class code learners join with (default: a new six-letter code)",
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
        type=_positive,
        default=2000,
        help="refuse new learners beyond this many (default 2000)",
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
    check.set_defaults(func=cmd_bank_check)

    progress = sub.add_parser("progress", help="show this learner's progress")
    progress.set_defaults(func=cmd_progress)
    _add_grading_commands(sub)
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
