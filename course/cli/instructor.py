"""The instructor's ``pm-course`` commands: release, grade, feedback, export, quiz, report.

``course/cli/__init__.py`` builds the parser and adds these with :func:`add_commands`.
"""

from __future__ import annotations

import argparse
import sys


def cmd_release(args: argparse.Namespace) -> int:
    """Write the student release: notebooks and bank without keys of graded exercises."""
    from course.content.release import release

    out = release(args.outdir, bank_dir=args.bank, notebooks_dir=args.notebooks)
    print(f"Wrote the student release to {out}; graded exercises carry no keys.")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade every submission in a folder into the gradebook; exit 3 if any were rejected."""
    from course.core.bank import load_bank
    from course.errors import GradingIncomplete
    from course.instructor.batch import grade_folder
    from course.instructor.gradebook import Gradebook
    from course.instructor.private import bank_warning

    bank = load_bank(args.bank)
    if warning := bank_warning(bank.folder):
        print(warning, file=sys.stderr)
    plan, plan_path = _plan(args, bank)
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
            trust_file_names=args.trust_file_names,
        )
        students = book.counts()["current"]
        _print_run(run, students, args.gradebook)
        _record_assignments(book, plan, plan_path, args.assignment)
    if run.rejected:
        raise GradingIncomplete(
            f"{len(run.rejected)} submission(s) rejected (listed above with their reasons); "
            "ask those students to submit again, then rerun the same command."
        )
    return 0


def _plan(args: argparse.Namespace, bank):
    """``(assignments, path)``: the assignments file read and checked before grading, or
    ``(None, path)`` when there is none at the default place."""
    from pathlib import Path

    from course.errors import UsageError
    from course.instructor.assignments import default_path, load_assignments, notebook_exercises

    path = Path(args.assignments) if args.assignments else default_path(bank.folder)
    if not args.assignments and not path.is_file():
        if args.assignment:
            raise UsageError(
                f"--assignment {args.assignment}: there is no {path}; pass --assignments FILE"
            )
        return None, path
    beside = Path(bank.folder).parent / "notebooks"
    notebooks = notebook_exercises(beside if beside.is_dir() else None)
    plan = load_assignments(path, list(bank), notebooks)
    if args.assignment and args.assignment not in {a.id for a in plan}:
        known = ", ".join(a.id for a in plan)
        raise UsageError(f"--assignment {args.assignment}: {path} has no such assignment ({known})")
    return plan, path


def _record_assignments(book, plan, path, only: str | None) -> None:
    """Score and keep each assignment (or ``only``); print a line each, and every late file."""
    from course.instructor import assignments
    from course.instructor.graded import shown_time

    if plan is None:
        book.set_assignments([], [], None)
        print(f"No {path}: graded work is the bank's graded exercises (practice apart).")
        return
    outcomes = assignments.record(book, plan, only)
    for line in assignments.unmatched_extensions(plan, set(book.submission_files())):
        print(f"pm-course: note: {line}", file=sys.stderr)
    for a in plan:
        if only and a.id != only:
            continue
        mine = [o for o in outcomes if o.assignment == a.id]
        count = {s: sum(1 for o in mine if o.status == s) for s in ("late", "rejected")}
        handed = sum(1 for o in mine if o.status != "not answered")
        print(
            f"Assignment {a.id} ({a.title}), due {shown_time(a.to_row()['due'])}: {handed} of "
            f"{len(mine)} student(s) answered it, {count['late']} late, "
            f"{count['rejected']} rejected as late ({a.late.describe()})."
        )
        for o in mine:
            if o.status == "late":
                taken = f", {100 * o.penalty:g} % off" if o.penalty else ""
                print(f"  LATE {o.student}: {o.days_late} day(s){taken}: {o.raw:g} -> {o.score:g}")
            elif o.status == "rejected":
                print(f"  REJECTED {o.student}: {o.reason}")


def _say_isolation(isolation: str, bank) -> None:
    """Before grading: say that code answers will not run when the OS sandbox is missing."""
    from course.core import types
    from course.sandbox import missing

    has_code = any(types.get(e.type).RUNS_CODE for e in bank.values())
    if has_code and isolation == "os" and not missing(isolation):
        from course.sandbox import cgroup

        print(
            f"pm-course: code answers run in the OS sandbox; {cgroup.describe()}", file=sys.stderr
        )
    if has_code and (problem := missing(isolation)):
        print(
            f"pm-course: code answers will NOT be run: {problem}. Files with code answers "
            "are rejected (nothing recorded for them); everything else is graded. Install "
            "it and grade again, or pass --isolation process to run learner code without "
            "the OS sandbox (only for code you would run on this machine anyway).",
            file=sys.stderr,
        )


def _print_run(run, students: int, gradebook: str) -> None:
    from course.instructor.batch import shown  # file names may hold newlines or terminal escapes

    for path, warning in sorted(run.warnings):
        print(f"WARNING {shown(path)}: {shown(warning)}")
    for path, reason in sorted(run.rejected):
        print(f"REJECTED {shown(path)}: {shown(reason)}")
    if run.owners_checked:
        print("Shared exchange: each file's owner was checked against the student it names.")
    if run.dropped:
        print(f"Rebuilt the current submissions: {run.dropped} student(s) changed.")
    print(
        f"{run.files} file(s) in {run.seconds:.1f} s: {run.graded} graded, "
        f"{run.unchanged} already in the gradebook, {len(run.rejected)} rejected, "
        f"{len(run.warnings)} warning(s). {students} student(s) in {gradebook}."
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Write the current grades as the plain CSV or an LMS's import file."""
    from course.errors import UsageError
    from course.instructor.gradebook import open_existing
    from course.instructor.lms import HOW_TO_GET, export_lms
    from course.instructor.table import export_csv

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
    with open_existing(args.gradebook) as opened:
        book = opened
        if args.assignment or args.per == "assignment":
            from course.instructor.selection import AssignmentView

            by_assignment = args.per == "assignment"
            book = AssignmentView(opened, only=args.assignment, per_assignment=by_assignment)
            options["per"] = "exercise"  # a column per item of the view
        if args.format == "csv":
            rows = export_csv(book, out, max_row=args.max_row, **options)
            print(f"Wrote {rows} student row(s) to {out}.")
            return 0
        result = export_lms(book, args.format, args.roster, out, match=args.match, **options)
    print(f"Wrote {out}: {result.matched} of {result.rows} roster rows matched a graded student.")
    if result.unmatched:
        print(
            f"warning: {len(result.unmatched)} graded student(s) not in the roster (or whose "
            f"id more than one row could hold), so not exported: {', '.join(result.unmatched)}. "
            "Check the ids they submitted under "
            "(--match COLUMN picks the roster column to compare).",
            file=sys.stderr,
        )
    if result.left_out:
        print(f"Left out (no roster student answered them): {', '.join(result.left_out)}")
    for note in result.notes:
        print(f"note: {note}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    """Write one self-contained HTML feedback page per student."""
    from course.errors import UsageError
    from course.instructor.feedback import return_feedback, write_feedback
    from course.instructor.gradebook import open_existing

    if not args.out and not args.return_to:
        raise UsageError("Name where to write: --out FOLDER, or --return EXCHANGE (or both)")
    with open_existing(args.gradebook) as book:
        if args.out:
            pages = write_feedback(book, args.out, notebooks=args.notebooks)
            print(f"Wrote {len(pages)} feedback page(s) to {args.out}.")
        if args.return_to:
            returned, missing = return_feedback(book, args.return_to, notebooks=args.notebooks)
            print(f"Returned {len(returned)} page(s) into {args.return_to}/.feedback/.")
            for student, why in missing:
                print(f"NOT RETURNED {student}: {why}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the class report: one self-contained HTML page."""
    from course.instructor.gradebook import open_existing
    from course.instructor.report import write_report
    from course.instructor.students import read_roster

    roster = read_roster(args.roster) if args.roster else None
    with open_existing(args.gradebook) as book:
        page = write_report(
            book, args.out, notebooks=args.notebooks, roster=roster, below=args.below / 100
        )
    print(f"Wrote the class report: {page} (one page; open it in a browser, offline too)")
    return 0


def cmd_gradebook(args: argparse.Namespace) -> int:
    """``gradebook show [STUDENT]`` and ``gradebook override STUDENT EXERCISE SCORE --why``."""
    from course.instructor.gradebook import open_existing
    from course.instructor.overrides import override, show

    with open_existing(args.gradebook) as book:
        if args.action == "override":
            score = None if args.clear else args.score
            if score is None and not args.clear:
                from course.errors import UsageError

                raise UsageError("Give the SCORE to set, or --clear to remove the override")
            override(book, args.student, args.exercise, score, why=args.why or "")
            done = "cleared" if args.clear else f"set to {score:g}"
            print(f"{args.student} / {args.exercise}: override {done}.")
            return 0
        print("\n".join(show(book, args.student)))
    return 0


def _add_gradebook_command(sub) -> None:
    book = sub.add_parser("gradebook", help="see the gradebook per student; override a score")
    actions = book.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="each student's totals, or one student's exercises")
    show.add_argument("student", nargs="?", help="one student's id (default: all students)")
    show.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    show.set_defaults(func=cmd_gradebook)
    over = actions.add_parser(
        "override",
        help="set one student's score on one exercise by hand, with the reason",
        description="The override is kept with who set it and when; it replaces the graded "
        "score in feedback pages, the report and every export, and survives regrading.",
    )
    over.add_argument("student")
    over.add_argument("exercise")
    over.add_argument("score", type=float, nargs="?", help="the score (0 to its points)")
    over.add_argument("--why", help="the reason (required; shown on the feedback page)")
    over.add_argument("--clear", action="store_true", help="remove the override")
    over.add_argument("--gradebook", required=True, help="the SQLite gradebook file")
    over.set_defaults(func=cmd_gradebook)


def positive(text: str) -> int:
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


def add_commands(sub) -> None:
    """Add the instructor's commands to the ``pm-course`` subparsers ``sub``."""
    release = sub.add_parser("release", help="write the student copy without graded keys")
    release.add_argument("outdir", help="a new folder, or an earlier release/clone to update")
    release.add_argument("--bank", help=BANK_HELP)
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
    grade.add_argument("--bank", help=BANK_HELP)
    grade.add_argument("--jobs", type=positive, help="worker processes (default: one per core)")
    grade.add_argument(
        "--max-bytes", type=positive, default=2_000_000, help="reject larger files (2000000)"
    )
    grade.add_argument(
        "--regrade",
        action="store_true",
        help="regrade every file, and rebuild each student's current submission from the files "
        "present (a removed file no longer counts)",
    )
    grade.add_argument(
        "--trust-file-names",
        action="store_true",
        help="on a shared exchange, do not compare each file's owner with its student id "
        "(for files you collected yourself)",
    )
    grade.add_argument(
        "--assignments",
        metavar="FILE",
        help="the assignments file (default: assignments.toml in the course folder, beside "
        "the bank; see docs/grading-a-class.md)",
    )
    grade.add_argument(
        "--assignment",
        metavar="ID",
        help="record this assignment only (default: every assignment in the file)",
    )
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
    feedback.add_argument("--out", help="the folder to write into")
    feedback.add_argument(
        "--return",
        dest="return_to",
        metavar="EXCHANGE",
        help="also put each learner's page into their own folder of this exchange "
        "(EXCHANGE/.feedback/ID/), readable by them and the staff group only",
    )
    feedback.add_argument("--notebooks", help=ORDER_HELP)
    feedback.set_defaults(func=cmd_feedback)
    _add_export_command(sub)
    _add_gradebook_command(sub)
    _add_quiz_command(sub)
    _add_report_command(sub)


BANK_HELP = "the exercise bank folder (default: the course's exercises/)"
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
        "--per",
        choices=["exercise", "notebook", "assignment"],
        default="exercise",
        help="a column per ... (assignment: each assignment's score after its late policy)",
    )
    export.add_argument(
        "--assignment", metavar="ID", help="only this assignment's exercises, after its late policy"
    )
    export.add_argument("--graded-only", action="store_true", help="only graded exercises")
    export.add_argument("--max-row", action="store_true", help="csv: a row of maximum points")
    export.add_argument("--notebooks", help=ORDER_HELP)
    export.set_defaults(func=cmd_export)


def cmd_export_quiz(args: argparse.Namespace) -> int:
    """Write the bank's choice, numeric, match and categorize exercises as quiz questions."""
    from course.core.bank import Bank, load_bank
    from course.instructor.quiz import write_quiz

    bank = load_bank(args.bank)
    if args.assignment:  # that assignment's exercises only, chosen before the export runs
        plan, _ = _plan(args, bank)  # refuses a missing file or an unknown id
        (chosen,) = [a for a in plan if a.id == args.assignment]
        bank = Bank(bank.folder, {i: bank[i] for i in bank if i in chosen.exercises})
    result = write_quiz(bank, args.format, args.out, notebooks=args.notebooks)
    print(
        f"Wrote {result.questions} question(s) to {args.out}. It holds the keys: "
        "keep it from learners."
    )
    if result.skipped:
        print(
            "Skipped (no such question type in this format, or quiz = false): "
            + ", ".join(result.skipped)
        )
    for note in result.notes:
        print(f"note: {note}")
    return 0


def _add_quiz_command(sub) -> None:
    quiz = sub.add_parser("export-quiz", help="write exercises as Moodle XML, GIFT or QTI 2.1")
    quiz.add_argument("--format", required=True, choices=["moodle-xml", "gift", "qti"])
    quiz.add_argument("--out", required=True, help="the file to write (qti: a .zip)")
    quiz.add_argument("--bank", help="the exercise bank folder (default: the course's exercises/)")
    quiz.add_argument("--notebooks", help=ORDER_HELP)
    quiz.add_argument("--assignment", metavar="ID", help="only this assignment's exercises")
    quiz.add_argument("--assignments", metavar="FILE", help="the assignments file (as for grade)")
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
    report.add_argument(
        "--roster", help="a file of the student ids expected, one per line (first CSV column)"
    )
    report.add_argument(
        "--below",
        type=float,
        default=50.0,
        help="list students under this percentage of the graded points (default 50)",
    )
    report.set_defaults(func=cmd_report)
