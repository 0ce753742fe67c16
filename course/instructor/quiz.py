"""The bank's choice, numeric, match, categorize and order exercises as LMS quiz questions.

For example (not run as a doctest: it works on real course files)::

    write_quiz(load_bank(), "moodle-xml", "pm-course-questions.xml")
    # QuizExport(questions=35, skipped=['career-ladder', ...])

For instructors who quiz in their LMS. The file holds the keys: keep it from
learners. Formats:

* ``moodle-xml``: Moodle XML (Question bank > Import), one category per notebook;
  https://docs.moodle.org/405/en/Moodle_XML_format
* ``gift``: Moodle's GIFT text format, with ``~ = # { } :`` and ``\\`` escaped;
  https://docs.moodle.org/405/en/GIFT_format
* ``qti``: an IMS QTI 2.1 content package (items, an ``assessmentTest`` and
  ``imsmanifest.xml``; :mod:`course.instructor.qti`).

Mapping (:mod:`course.instructor.quizmap`): a single-answer choice is a
multiple-choice question with one right answer; a multiple-answer choice gives
each right option an equal share and takes the same share off for each wrong
option ticked (the course's own rule, never below 0); numeric is a numerical
question with the course's tolerance, both written with every digit; match and
categorize are matching questions (categorize: each item is matched to its
bucket), with distractors kept and made up to three distinct answers for
Moodle. Order is a QTI ``orderInteraction``, and in Moodle XML an ``ordering``
question (``qtype_ordering``, part of standard Moodle since 4.4: MDL-72394 at
https://tracker.moodle.org/browse/MDL-72394; the fields are those its own XML
export writes, ``question/type/ordering/questiontype.php`` and
``tests/fixtures/testexport.moodle.xml`` in https://github.com/moodle/moodle),
graded ``ABSOLUTE_POSITION`` (each item at its right step earns its share, as
the course scores it). GIFT has no ordering question in Moodle's core reader,
so there an order exercise is a matching question: each item matched to its
step ("Step 1", "Step 2", ...), scored the same way. Code is skipped everywhere
(listed). Which question an exercise becomes is its type's ``QUIZ``
(``course/core/types``); the writers never name exercise types.
Each question has the exercise's points and feedback (GIFT has no field for
points: the notes list the questions to set), and the exercise's
``quiz_prompt`` where its prompt leans on the notebook. A draw exercise is
:data:`~course.instructor.quizmap.VARIANTS` draw-sized variants in a category
of its own, from which the quiz takes one at random.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from course.content.notebooks import in_notebook_order, notebook_title
from course.core import types
from course.core.bank import Bank, has_keys
from course.core.files import write_atomic
from course.errors import UsageError
from course.instructor.quizmap import (
    VARIANTS,
    choice_shares,
    exact,
    fraction,
    general_feedback,
    moodle_pairs,
    prompt,
    steps,
    tolerance,
    variants,
)

FORMATS = ("moodle-xml", "gift", "qti")


@dataclass(frozen=True)
class QuizExport:
    """What :func:`write_quiz` wrote: the number of questions, the exercises skipped,
    and what to do on the LMS's side (``notes``)."""

    questions: int
    skipped: list[str]
    notes: list[str] = field(default_factory=list)


def exportable(exercise, fmt: str = "moodle-xml") -> bool:
    """Whether the exercise's type maps to a quiz question (its ``QUIZ``; every format
    has the same ones) and the exercise is not one about the course's own tool
    (``quiz = false``)."""
    if exercise.data.get("quiz") is False:
        return False
    return bool(types.get(exercise.type).QUIZ)


def _exportable(bank: Bank, notebooks, fmt: str = "moodle-xml"):
    """The exercises to export as ``(notebook, exercise)`` in notebook order, and the
    ids of those ``fmt`` has no question type for."""
    keyless = [i for i, e in bank.items() if not has_keys(e)]
    if keyless:
        raise UsageError(
            f"The bank at {bank.folder} is a student release ({', '.join(keyless[:3])} carry no "
            "keys); export quiz questions from the course's full bank (--bank DIR)"
        )
    rows = [{"id": i} for i in bank]
    ordered = in_notebook_order(rows, notebooks)
    chosen = [(r["notebook"], bank[r["id"]]) for r in ordered if exportable(bank[r["id"]], fmt)]
    return chosen, [r["id"] for r in ordered if not exportable(bank[r["id"]], fmt)]


def category(stem: str, exercise) -> str:
    """The question bank category: the notebook's, or for a draw, a sub-category holding
    its variants (a random question from it gives each learner one of them)."""
    path = f"$course$/top/pm-course/{notebook_title(stem)}"
    if exercise.data.get("draw"):
        path += f"/{exercise.title}: {VARIANTS} draws"
    return path


def _draw_note(chosen) -> list[str]:
    drawn = [e for _, e in chosen if e.data.get("draw")]
    return [
        f"{e.id} draws {e.data['draw']} of its {len(e.items())} items for each learner: it is "
        f"exported as {VARIANTS} draw-sized variants in their own category; add one random "
        "question from that category to the quiz"
        for e in drawn
    ]


# --- Moodle XML ----------------------------------------------------------------------


def _text(parent, tag: str, text: str, html: bool = True) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(node, "text").text = text
    return node


def moodle_question(exercise) -> ET.Element:
    """One ``<question>`` element for ``exercise``."""
    data = exercise.data
    kind = types.get(exercise.type).QUIZ
    q = ET.Element("question", {"type": kind})
    name = ET.SubElement(q, "name")
    ET.SubElement(name, "text").text = exercise.title
    _text(q, "questiontext", prompt(exercise))
    general = general_feedback(exercise)
    if general:
        _text(q, "generalfeedback", general)
    ET.SubElement(q, "defaultgrade").text = exact(exercise.points)
    ET.SubElement(q, "penalty").text = "0"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = exercise.id
    if kind == "multichoice":
        ET.SubElement(q, "single").text = "false" if data.get("multiple") else "true"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "abc"
        for option, share in choice_shares(data):
            answer = _text(q, "answer", option["text"])
            answer.set("fraction", fraction(share))
            _text(answer, "feedback", option["feedback"])
    elif kind == "numerical":
        answer = ET.SubElement(q, "answer", {"fraction": "100"})
        ET.SubElement(answer, "text").text = exact(data["answer"])
        ET.SubElement(answer, "tolerance").text = exact(tolerance(data))
        _text(answer, "feedback", "Right.")
    elif kind == "ordering":
        _ordering(q, exercise)
    else:
        ET.SubElement(q, "shuffleanswers").text = "true"
        found, distractors = moodle_pairs(exercise)
        for item, answer_text in [*found, *(("", d) for d in distractors)]:
            sub = _text(q, "subquestion", item)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer_text
    return q


def _ordering(q: ET.Element, exercise) -> None:
    """The fields of a Moodle ordering question (qtype_ordering): every item shown, in a
    vertical list, graded by absolute position (each item at its right step earns its
    share, the course's own rule); the answers in the key's order, each with its
    explanation as feedback (Moodle stores the order from the answers' order)."""
    data = exercise.data
    items = {i["id"]: i for i in data["items"]}
    ET.SubElement(q, "layouttype").text = "VERTICAL"
    ET.SubElement(q, "selecttype").text = "ALL"
    ET.SubElement(q, "selectcount").text = str(len(data["answer"]))
    ET.SubElement(q, "gradingtype").text = "ABSOLUTE_POSITION"
    ET.SubElement(q, "showgrading").text = "SHOW"
    ET.SubElement(q, "numberingstyle").text = "none"
    for step, item_id in enumerate(data["answer"], 1):
        answer = _text(q, "answer", items[item_id]["text"])
        answer.set("fraction", str(step))
        _text(answer, "feedback", f"Step {step}. {items[item_id]['explanation']}")


def moodle_xml(chosen: list[tuple[str, object]]) -> bytes:
    """The Moodle XML document: a category question before each category's questions."""
    quiz = ET.Element("quiz")
    current = None
    for stem, exercise in chosen:
        for variant in variants(exercise):
            path = category(stem, exercise)
            if path != current:
                current = path
                node = ET.SubElement(quiz, "question", {"type": "category"})
                ET.SubElement(ET.SubElement(node, "category"), "text").text = path
            quiz.append(moodle_question(variant))
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n"


# --- GIFT ----------------------------------------------------------------------------

GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters; newlines become ``\\n``.

    >>> gift_escape("CPI = EV / AC {about 0.8}: see #3 ~ roughly")
    'CPI \\\\= EV / AC \\\\{about 0.8\\\\}\\\\: see \\\\#3 \\\\~ roughly'
    """
    out = "".join("\\" + c if c in GIFT_SPECIAL else c for c in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def arrowless(text: str) -> str:
    """A match item's text with ``->`` written ``→``: GIFT splits an item at its first
    ``->`` and has no escape for it.

    >>> arrowless("Plan -> do")
    'Plan → do'
    """
    return text.replace("->", "→")


def gift_question(exercise) -> str:
    """One GIFT question (without the blank line that separates questions). GIFT has no
    field for points: they are named in the ``//`` comment line, and the export's
    notes list the questions whose default mark is not 1."""
    data, e = exercise.data, gift_escape
    head = f"::{e(exercise.title)}::[html]{e(prompt(exercise))} "
    kind = types.get(exercise.type).QUIZ
    if kind == "multichoice":
        answers = []
        for option, share in choice_shares(data):
            if data.get("multiple") or option["text"].startswith("%"):
                # an explicit weight, so a text that starts with %N% is read as text
                mark = f"~%{fraction(share) if data.get('multiple') else 100 * (share > 0)}%"
            else:
                mark = "=" if share > 0 else "~"
            answers.append(f"\t{mark}{e(option['text'])}#{e(option['feedback'])}")
        body = "\n".join(answers)
    elif kind == "numerical":
        body = f"\t#={exact(data['answer'])}:{exact(tolerance(data))}#{e(data['explanation'])}"
    else:
        # a matching question; an order exercise is one too, each item matched to its step
        found, distractors = steps(exercise) if kind == "ordering" else moodle_pairs(exercise)
        lines = [f"\t={e(arrowless(item))} -> {e(answer)}" for item, answer in found]
        # an empty item: Moodle's GIFT reader keeps its answer as a distractor
        lines += [f"\t= -> {e(answer)}" for answer in distractors]
        body = "\n".join(lines)
    general = general_feedback(exercise)
    tail = f"\n\t####{e(general)}" if general and kind != "numerical" else ""
    # numeric: the explanation is the right answer's feedback already
    return f"// {exercise.id} (points: {exact(exercise.points)})\n{head}{{\n{body}{tail}\n}}"


def gift(chosen: list[tuple[str, object]]) -> str:
    """The GIFT document: a ``$CATEGORY`` line before each category's questions."""
    parts, current = [], None
    for stem, exercise in chosen:
        for variant in variants(exercise):
            path = category(stem, exercise)
            if path != current:
                current = path
                parts.append(f"$CATEGORY: {path}")
            parts.append(gift_question(variant))
    return "\n\n".join(parts) + "\n"


def write_quiz(bank: Bank, fmt: str, out: str | os.PathLike, notebooks=None) -> QuizExport:
    """Write the bank's exportable exercises as ``fmt`` to ``out`` (replaced whole).

    Parameters:
        bank: the course's full bank (with keys).
        fmt: ``moodle-xml``, ``gift`` or ``qti`` (a zip).
        out: the file to write.
        notebooks: the notebooks folder whose order and categories to follow.
    """
    if fmt not in FORMATS:
        raise UsageError(f"Unknown quiz format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chosen, skipped = _exportable(bank, notebooks, fmt)
    notes = _draw_note(chosen)
    if fmt == "moodle-xml":
        body = moodle_xml(chosen)
    elif fmt == "gift":
        body = gift(chosen).encode("utf-8")
        marks = [f"{e.id} ({exact(e.points)})" for _, e in chosen if e.points != 1]
        if marks:
            notes.append(
                "GIFT has no field for points, so Moodle gives every question a default mark "
                f"of 1: set these to their points (or use --format moodle-xml): {', '.join(marks)}"
            )
    else:
        from course.instructor.qti import qti_package

        body = qti_package(chosen)
    write_atomic(out, body)  # owner-only: the questions carry their keys
    questions = sum(len(variants(e)) for _, e in chosen)
    return QuizExport(questions=questions, skipped=skipped, notes=notes)
