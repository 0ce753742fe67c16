"""Every error pm-course raises, each with its exit code and a way to fix it.

One small hierarchy, like Click's: the command line prints ``str(error)`` and
exits with ``error.exit_code``; notebooks show the same message.
"""

from __future__ import annotations

from dataclasses import dataclass


class CourseError(Exception):
    """Base of every pm-course error; ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class UsageError(CourseError):
    """A command or function was called wrongly (bad option, missing folder)."""


@dataclass(frozen=True)
class Problem:
    """One problem in one exercise file: ``FILE: ID: FIELD: message``.

    >>> str(Problem("exercises/a.toml", "a", "items[2].answer", "names no bucket"))
    'exercises/a.toml: a: items[2].answer: names no bucket'
    """

    file: str
    exercise: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.exercise or '-'}: {self.field or '-'}: {self.message}"


class BankError(CourseError):
    """The exercise bank has one or more invalid files.

    ``problems`` lists each one; ``str()`` gives one ``FILE: ID: FIELD: message``
    line per problem, the format ``pm-course bank check`` prints.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        n = len(self.problems)
        super().__init__(
            f"The exercise bank has {n} problem{'s' if n != 1 else ''}; "
            f"fix each line below (format: FILE: ID: FIELD: message):\n{lines}"
        )


class AssignmentsError(CourseError):
    """The assignments file (``assignments.toml``) has one or more problems.

    ``problems`` lists each as ``FILE: ASSIGNMENT: FIELD: message`` (a :class:`Problem`
    whose ``exercise`` is the assignment's id).
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        n = len(self.problems)
        super().__init__(
            f"The assignments file has {n} problem{'s' if n != 1 else ''}; fix each line "
            f"below (format: FILE: ASSIGNMENT: FIELD: message, docs/grading-a-class.md):\n{lines}"
        )


class UnknownExerciseError(CourseError, KeyError):
    """An exercise id that is not in the bank."""

    def __init__(self, exercise_id: str, known: list[str]):
        import difflib

        self.exercise_id = exercise_id
        near = difflib.get_close_matches(exercise_id, known, n=3)
        hint = f" Did you mean {', '.join(repr(k) for k in near)}?" if near else ""
        super().__init__(
            f"There is no exercise {exercise_id!r} in the bank.{hint} "
            "`pm-course bank check` lists the bank's problems; ids are file names in exercises/."
        )

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class AnswerError(CourseError, ValueError):
    """An answer does not have the shape its exercise expects."""

    def __init__(self, exercise_id: str, message: str):
        self.exercise_id = exercise_id
        self.reason = message
        super().__init__(f"Answer to {exercise_id!r} is malformed: {message}")


class JournalError(CourseError):
    """The answer journal cannot be used (a file that is not ours, no permission)."""


class SubmissionError(CourseError):
    """A submission file is rejected; ``reason`` says why in one line."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class GradingIncomplete(CourseError):
    """A grading run finished but rejected one or more submissions."""

    exit_code = 3
