"""The feedback area under an exercise: a one-line summary first, then what to read.

Rows (categorize, match, choice, order) carry their own explanations (see
``course.learner.controls.common.note_html``), so the area holds only the summary.
A number or a code answer has one feedback: what is wrong and a hint first,
the key or worked solution only once ``reveal`` is set (a second wrong try,
or Show answer). The rules are in docs/grading-rules.md, "Feedback".
"""

from __future__ import annotations

import html

from course.core import types
from course.core.exercise import Exercise, Result
from course.core.wording import score_line
from course.learner.controls.common import split

CODE_HINT = (
    "Run your function on the examples in the prompt and compare what it returns "
    "with what they expect."
)

# Why a nearly right function can score 0 % (a dict with one wrong key fails its check).
CODE_SCORING = (
    "The score is the share of all {n} checks passed (examples and hidden checks alike); "
    "a check passes only when the whole result is right, every key of a dict included."
)


def _tone(result: Result) -> str:
    if result.score >= result.max_score:
        return "pm-right"
    return "pm-wrong"


def _verdict_html(head: str, rest: str, tone: str) -> str:
    return f'<p><b class="{tone}">{html.escape(head)}:</b> {html.escape(rest)}</p>'


def body_html(exercise: Exercise, result: Result, reveal: bool, lines: list[str]) -> str:
    """What follows the summary for a number or a code answer (``lines``: grouped checks)."""
    kind = types.get(exercise.type)
    if kind.SINGLE_FEEDBACK and not kind.RUNS_CODE and result.items:  # a number
        item = result.items[0]
        hint_first = not (item.correct or reveal) and item.hint
        head, rest = split(item, item.hint if hint_first else None)
        return _verdict_html(head, rest, "pm-right" if item.correct else "pm-wrong")
    if not kind.RUNS_CODE:
        return ""
    listing = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    parts = [f"<ul>{listing}</ul>" if listing else ""]
    explanation = exercise.data.get("explanation")
    right = result.score >= result.max_score
    if explanation and (right or reveal):
        parts.append(f"<p><b>Worked solution:</b> {html.escape(explanation)}</p>")
    elif not right and not result.recorded:
        hint = exercise.data.get("hint", CODE_HINT)
        parts.append(f"<p><b>Hint:</b> {html.escape(hint)}</p>")
    if not right and not result.recorded and result.items:
        parts.append(f'<p class="pm-status">{CODE_SCORING.format(n=len(result.items))}</p>')
    return "".join(parts)


def feedback_html(
    exercise: Exercise,
    result: Result,
    reveal: bool = False,
    blank: tuple[int, int] = (0, 0),
    lines: list[str] = (),
) -> str:
    """The feedback area's HTML after a check (or a Save answer).

    ``reveal``: show the key or worked solution; ``blank``: ``(blank rows, rows)``
    of a saved answer; ``lines``: a code answer's grouped checks.
    """
    if result.recorded:
        head = f"<p><b>{html.escape(result.summary)}</b></p>"
        empty, rows = blank
        if empty:
            what = f"{empty} of {rows} rows are" if rows > 1 else "Your answer is"
            head += (
                f'<p class="pm-warn">{what} blank. It is saved as it is; fill in the '
                "rest and save again before you submit.</p>"
            )
        runs = types.get(exercise.type).RUNS_CODE
        tail = body_html(exercise, result, reveal, lines) if runs else ""
        return f'<div class="pm-feedback" data-score="">{head}{tail}</div>'
    line = score_line(result.summary, result.score, result.max_score)
    head = f'<p class="pm-summary"><b class="{_tone(result)}">{html.escape(line)}</b></p>'
    if not types.get(exercise.type).SINGLE_FEEDBACK and result.score < result.max_score:
        if reveal:
            head += "<p><i>Why: under each row; rows that are not right are open.</i></p>"
        else:
            # the first wrong try's hint: the exercise's own, else its type's ROW_HINT
            hint = exercise.data.get("hint") or types.get(exercise.type).ROW_HINT
            head += (
                f"<p><b>Hint:</b> {html.escape(hint)}</p><p><i>Change your answer and press "
                "Check again; Show answer opens every explanation.</i></p>"
            )
    body = body_html(exercise, result, reveal, list(lines))
    return f'<div class="pm-feedback" data-score="{result.score:g}">{head}{body}</div>'
