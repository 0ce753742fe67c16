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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pm-course",
        description="Project vs program management: a Jupyter course. "
        "Start it with: jupyter lab notebooks/01-start-here.ipynb",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    bank = sub.add_parser("bank", help="work with the exercise bank")
    bank_sub = bank.add_subparsers(dest="bank_command", required=True, metavar="ACTION")
    check = bank_sub.add_parser("check", help="validate the exercise bank")
    check.add_argument("dir", nargs="?", help="the bank folder (default: the course's exercises/)")
    check.set_defaults(func=cmd_bank_check)

    progress = sub.add_parser("progress", help="show this learner's progress")
    progress.set_defaults(func=cmd_progress)
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
