"""The bank's choice, numeric, match and categorize exercises as LMS quiz questions.

>>> write_quiz(load_bank(), "moodle-xml", "pm-course-questions.xml")
QuizExport(questions=35, skipped=['career-ladder', ...])

For instructors who quiz in their LMS. The file holds the keys: keep it from
learners. Formats:

* ``moodle-xml``: Moodle XML (Question bank > Import), one category per notebook;
  https://docs.moodle.org/405/en/Moodle_XML_format
* ``gift``: Moodle's GIFT text format, with ``~ = # { } :`` and ``\\`` escaped;
  https://docs.moodle.org/405/en/GIFT_format
* ``qti``: an IMS QTI 2.1 content package (a zip of one item per exercise and
  ``imsmanifest.xml``), which Canvas, Blackboard and Brightspace import.

Mapping: a single-answer choice is a multiple-choice question with one right
answer; a multiple-answer choice gives each right option an equal share and
takes the same share off for each wrong option ticked (the course's own rule,
never below 0); numeric is a numerical question with the course's tolerance;
match and categorize are matching questions (categorize: each item is matched
to its bucket). Order and code exercises have no such question type and are
skipped (listed). Draws are exported with the whole pool.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from course.content.notebooks import in_notebook_order, notebook_title
from course.core.bank import Bank, has_keys
from course.errors import UsageError
from course.instructor.private import private_path
from course.instructor.quizmap import choice_shares, fraction, pairs, tolerance

FORMATS = ("moodle-xml", "gift", "qti")
TYPES = ("choice", "numeric", "match", "categorize")


@dataclass(frozen=True)
class QuizExport:
    """What :func:`write_quiz` wrote: the number of questions, and the exercises skipped."""

    questions: int
    skipped: list[str]


def _exportable(bank: Bank, notebooks) -> tuple[list[tuple[str, object]], list[str]]:
    keyless = [i for i, e in bank.items() if not has_keys(e)]
    if keyless:
        raise UsageError(
            f"The bank at {bank.folder} is a student release ({', '.join(keyless[:3])} carry no "
            "keys); export quiz questions from the course's full bank (--bank DIR)"
        )
    rows = [{"id": i} for i in bank]
    ordered = in_notebook_order(rows, notebooks)
    chosen = [(r["notebook"], bank[r["id"]]) for r in ordered if bank[r["id"]].type in TYPES]
    return chosen, [r["id"] for r in ordered if bank[r["id"]].type not in TYPES]


# --- Moodle XML ----------------------------------------------------------------------


def _text(parent, tag: str, text: str, html: bool = True) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(node, "text").text = text
    return node


def moodle_question(exercise) -> ET.Element:
    """One ``<question>`` element for ``exercise``."""
    data = exercise.data
    kind = {"choice": "multichoice", "numeric": "numerical"}.get(exercise.type, "matching")
    q = ET.Element("question", {"type": kind})
    name = ET.SubElement(q, "name")
    ET.SubElement(name, "text").text = exercise.title
    _text(q, "questiontext", exercise.prompt)
    if "explanation" in data:
        _text(q, "generalfeedback", data["explanation"])
    ET.SubElement(q, "defaultgrade").text = f"{exercise.points:g}"
    ET.SubElement(q, "penalty").text = "0"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = exercise.id
    if exercise.type == "choice":
        ET.SubElement(q, "single").text = "false" if data.get("multiple") else "true"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "abc"
        for option, share in choice_shares(data):
            answer = _text(q, "answer", option["text"])
            answer.set("fraction", fraction(share))
            _text(answer, "feedback", option["feedback"])
    elif exercise.type == "numeric":
        answer = ET.SubElement(q, "answer", {"fraction": "100"})
        ET.SubElement(answer, "text").text = f"{data['answer']:g}"
        ET.SubElement(answer, "tolerance").text = f"{tolerance(data):g}"
        _text(answer, "feedback", "Right.")
    else:
        ET.SubElement(q, "shuffleanswers").text = "true"
        found, distractors = pairs(exercise)
        for item, answer_text in [*found, *(("", d) for d in distractors)]:
            sub = _text(q, "subquestion", item)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer_text
    return q


def moodle_xml(chosen: list[tuple[str, object]]) -> bytes:
    """The Moodle XML document: a category question before each notebook's questions."""
    quiz = ET.Element("quiz")
    notebook = None
    for stem, exercise in chosen:
        if stem != notebook:
            notebook = stem
            category = ET.SubElement(quiz, "question", {"type": "category"})
            path = f"$course$/top/pm-course/{notebook_title(stem)}"
            ET.SubElement(ET.SubElement(category, "category"), "text").text = path
        quiz.append(moodle_question(exercise))
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


def gift_question(exercise) -> str:
    """One GIFT question (without the blank line that separates questions)."""
    data, e = exercise.data, gift_escape
    head = f"::{e(exercise.title)}::[html]{e(exercise.prompt)} "
    if exercise.type == "choice":
        answers = []
        for option, share in choice_shares(data):
            if data.get("multiple"):
                mark = f"~%{fraction(share)}%"
            else:
                mark = "=" if share > 0 else "~"
            answers.append(f"\t{mark}{e(option['text'])}#{e(option['feedback'])}")
        body = "\n".join(answers)
    elif exercise.type == "numeric":
        body = f"\t#={data['answer']:g}:{tolerance(data):g}#{e(data['explanation'])}"
    else:
        found, _ = pairs(exercise)
        body = "\n".join(f"\t={e(item)} -> {e(answer)}" for item, answer in found)
    general = f"\n\t####{e(data['explanation'])}" if "explanation" in data else ""
    if exercise.type == "numeric":
        general = ""  # the explanation is the right answer's feedback already
    return f"// {exercise.id}\n{head}{{\n{body}{general}\n}}"


def gift(chosen: list[tuple[str, object]]) -> str:
    """The GIFT document: a ``$CATEGORY`` line before each notebook's questions."""
    parts, notebook = [], None
    for stem, exercise in chosen:
        if stem != notebook:
            notebook = stem
            parts.append(f"$CATEGORY: $course$/top/pm-course/{notebook_title(stem)}")
        parts.append(gift_question(exercise))
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
    chosen, skipped = _exportable(bank, notebooks)
    with private_path(out) as tmp:  # it holds the keys: owner-only
        if fmt == "moodle-xml":
            tmp.write_bytes(moodle_xml(chosen))
        elif fmt == "gift":
            tmp.write_text(gift(chosen), encoding="utf-8")
        else:
            from course.instructor.qti import qti_package

            qti_package(chosen, tmp)
    return QuizExport(questions=len(chosen), skipped=skipped)
