"""What every exercise control shares: the style sheet, the placeholder, row notes.

A row note is the explanation shown under the row it explains: a ``<details>``
element whose summary is the verdict, open for rows that are not right and
folded for right ones (``open_all`` opens every note).
"""

from __future__ import annotations

import html

import ipywidgets as w

from course.core.exercise import Feedback, Result
from course.core.wording import CORRECT, MARKS

CHOOSE = "— choose —"
# Colours come from JupyterLab's theme variables only, so every theme (light, dark, high
# contrast) reads. A verdict colour is the theme's own colour mixed with its text colour:
# darker on a light page, lighter on a dark one, at 4.5:1 or more in both (axe checks it).
STYLE = """<style>
.pm-exercise {border-left: 4px solid var(--jp-brand-color1); padding-left: 12px; margin: 8px 0;
  color: var(--jp-content-font-color1)}
.pm-exercise .widget-html-content, .pm-exercise .widget-label {white-space: normal;
  overflow-wrap: anywhere; line-height: 1.4}
.pm-right {color: color-mix(in srgb, var(--jp-success-color1) 75%, var(--jp-content-font-color0))}
.pm-wrong {color: color-mix(in srgb, var(--jp-error-color1) 75%, var(--jp-content-font-color0))}
.pm-blank {color: var(--jp-content-font-color2)}
.pm-warn {color: color-mix(in srgb, var(--jp-warn-color1) 65%, var(--jp-content-font-color0))}
.pm-row {border-bottom: 1px solid var(--jp-border-color2); padding: 2px 0}
.pm-pick.widget-text {height: auto; align-items: center}
.pm-pick.widget-text > label {text-align: left; height: auto; line-height: 1.4;
  white-space: normal; padding: 4px 10px 4px 0; overflow: visible}
.pm-pick.widget-text > input {flex: 1 1 auto; min-width: 10em}
.pm-pick.widget-text > input::-webkit-calendar-picker-indicator {opacity: 1; display: block}
.pm-choices {color: var(--jp-content-font-color1)}
.pm-choices ul {margin: 2px 0 6px 0; padding-left: 1.4em}
.pm-pick.widget-text > input.jpwidgets-invalidComboValue:not(:placeholder-shown) {
  border-color: var(--jp-warn-color1)}
.pm-pick-stacked.widget-text {flex-wrap: wrap}
.pm-pick-stacked.widget-text > label {padding-bottom: 0}
.pm-pick-stacked.widget-text > input {flex: 1 1 100%; margin-left: 0; max-width: 100%}
.pm-number.widget-text > label {text-align: left}
.pm-note.pm-empty {display: none}
.pm-stale .pm-note, .pm-stale .pm-step .pm-note, .pm-stale .pm-ladder {opacity: 0.4}
.pm-stale .pm-note summary b {text-decoration: line-through}
.pm-note details {margin: 0 0 4px 1.6em; font-size: 95%}
.pm-note summary {cursor: pointer; width: fit-content}
.pm-note details[open] summary {margin-bottom: 2px}
.pm-feedback p {margin: 4px 0} .pm-feedback ul {margin: 4px 0; padding-left: 1.4em}
.pm-status {color: var(--jp-content-font-color2); font-size: 92%}
.pm-code-help code, .pm-feedback code {background: var(--jp-layout-color2);
  color: var(--jp-content-font-color1); padding: 0 3px; border-radius: 2px}
.pm-code textarea {font-family: monospace; font-size: 13px; tab-size: 4}
.pm-choice .widget-checkbox {height: auto; min-height: var(--jp-widgets-inline-height);
  margin-left: 0; margin-right: 0}
.pm-choice .widget-checkbox .widget-label-basic {display: flex; align-items: flex-start;
  white-space: normal; overflow: visible; line-height: 1.4; padding: 5px 0}
.pm-choice .widget-checkbox input[type='checkbox'] {flex: none; margin: 2px 8px 0 0;
  align-self: flex-start}
.pm-choice .widget-checkbox .widget-label-basic span {flex: 1 1 auto; min-width: 0}
.pm-order-steps .widget-button {flex: none}
.pm-order-steps .widget-html-content {padding: 5px 0 5px 4px}
.pm-ladder {display: flex; flex-direction: column; gap: 6px; padding: 6px 14px;
  border-left: 5px solid var(--jp-border-color0); border-right: 5px solid var(--jp-border-color0);
  min-width: 12em}
.pm-rung {border: 1px solid var(--jp-border-color1); background: var(--jp-layout-color2);
  color: var(--jp-content-font-color1); border-radius: 3px; padding: 3px 8px; font-size: 90%;
  line-height: 1.3}
.pm-rung.pm-rung-right {border: 2px solid var(--jp-success-color1);
  background: color-mix(in srgb, var(--jp-success-color1) 18%, var(--jp-layout-color1))}
.pm-rung.pm-rung-wrong {border: 2px dashed var(--jp-error-color1);
  background: color-mix(in srgb, var(--jp-error-color1) 18%, var(--jp-layout-color1))}
</style>"""


def full_width(**extra) -> w.Layout:
    return w.Layout(width="100%", **extra)


def verdicts(result: Result | None) -> dict[str, Feedback]:
    """Feedback by item id; empty before a check and for answers recorded without a key."""
    if result is None or result.recorded:
        return {}
    return {f.item: f for f in result.items}


def split(feedback: Feedback, message: str | None = None) -> tuple[str, str]:
    """``("Not right", "the rest")`` from a message (default: the feedback's) and its verdict."""
    head = feedback.said[:1].upper() + feedback.said[1:]
    message = feedback.message if message is None else message
    if message.startswith(head):
        return head, message[len(head) :].lstrip(": ")
    return head, message


class Changes:
    """``on_change``: called (no arguments) whenever the learner changes the answer."""

    on_change = None
    quiet = False  # set while the answer is put in by code (restore, Reset)

    def changed(self, *_) -> None:
        if self.on_change is not None and not self.quiet:
            self.on_change()


HOLD_BACK = "Look at this row again. Its explanation opens with Show answer."


def note_html(feedback: Feedback | None, open_all: bool = False, reveal: bool = True) -> str:
    """The explanation under a row: open unless the row is right (or ``open_all``).

    Before ``reveal`` a row that is not right gets its verdict only: its
    explanation would give the answer away on the first try.
    """
    if feedback is None:
        return ""
    head, rest = split(feedback)
    if not reveal and not feedback.correct:
        rest = HOLD_BACK
    rest = rest[:1].upper() + rest[1:]
    tone = "pm-right" if CORRECT.get(feedback.said, feedback.correct) else "pm-wrong"
    if feedback.said == "not answered":
        tone = "pm-blank"
    opened = " open" if open_all or not feedback.correct else ""
    mark = MARKS[feedback.said]
    return (
        f'<details{opened}><summary><b class="{tone}">{mark} {html.escape(head)}</b></summary>'
        f"{html.escape(rest)}</details>"
    )


class Note:
    """The HTML widget under one row that holds its explanation."""

    def __init__(self):
        self.widget = w.HTML(layout=full_width())
        self.widget.add_class("pm-note")
        self.widget.add_class("pm-empty")

    def show(self, feedback: Feedback | None, open_all: bool, reveal: bool = True) -> None:
        value = note_html(feedback, open_all, reveal)
        if value == self.widget.value:
            return
        with self.widget.hold_sync():  # value and class in one message: one re-render
            self.widget.value = value
            if value:
                self.widget.remove_class("pm-empty")
            else:
                self.widget.add_class("pm-empty")
