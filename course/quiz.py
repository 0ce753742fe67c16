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
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from course.bank import Bank, has_keys
from course.errors import UsageError
from course.ordering import in_notebook_order, notebook_title
from course.types.numeric import DEFAULT_ABS_TOL, DEFAULT_REL_TOL

FORMATS = ("moodle-xml", "gift", "qti")
TYPES = ("choice", "numeric", "match", "categorize")
QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"


@dataclass(frozen=True)
class QuizExport:
    """What :func:`write_quiz` wrote: the number of questions, and the exercises skipped."""

    questions: int
    skipped: list[str]


def tolerance(data: dict) -> float:
    """The absolute tolerance the course grades a numeric answer with (see numeric.py).

    >>> tolerance({"answer": 0.75})
    0.00375
    """
    rel = data.get("rel_tol", DEFAULT_REL_TOL)
    absolute = data.get("abs_tol", DEFAULT_ABS_TOL)
    return round(max(absolute, rel * abs(data["answer"])), 10)


def fraction(share: float) -> str:
    """A share of the grade in percent as Moodle lists it: 5 decimals, no trailing zeros.

    >>> fraction(0.5), fraction(1 / 3), fraction(-1 / 6)
    ('50', '33.33333', '-16.66667')
    """
    return f"{100 * share:.5f}".rstrip("0").rstrip(".")


def pairs(exercise) -> tuple[list[tuple[str, str]], list[str]]:
    """``(pairs, distractors)`` of a match or categorize exercise: (item, answer text)
    and the answer texts no item takes."""
    data = exercise.data
    if exercise.type == "match":
        texts = {r["id"]: r["text"] for r in data["right"]}
        found = [(i["text"], texts[i["answer"]]) for i in data["left"]]
    else:
        texts = {b["id"]: b["label"] for b in data["buckets"]}
        found = [(i["text"], texts[i["answer"]]) for i in data["items"]]
    used = {answer for _, answer in found}
    return found, [t for t in texts.values() if t not in used]


def choice_shares(data: dict) -> list[tuple[dict, float]]:
    """Each option with its share of the grade (negative for a wrong option of a
    multiple-answer question)."""
    right = sum(o["correct"] for o in data["options"])
    if not data.get("multiple", False):
        return [(o, 1.0 if o["correct"] else 0.0) for o in data["options"]]
    return [(o, (1 if o["correct"] else -1) / right) for o in data["options"]]


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


# --- QTI 2.1 -------------------------------------------------------------------------


def _qti_item(exercise) -> ET.Element:
    data = exercise.data
    item = ET.Element(
        "assessmentItem",
        {
            "xmlns": QTI,
            "identifier": exercise.id,
            "title": exercise.title,
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    body = ET.Element("itemBody")
    body.append(xhtml(exercise.prompt))
    if exercise.type == "choice":
        _qti_choice(item, body, data)
    elif exercise.type == "numeric":
        _qti_numeric(item, body, data)
    else:
        _qti_match(item, body, exercise)
    item.append(body)
    return item


def xhtml(text: str) -> ET.Element:
    """A prompt (HTML with ``<b>``, ``<code>``, ``<br>``) as a QTI ``<div>``; text that is
    not well-formed markup goes in as plain, escaped text."""
    fixed = re.sub(r"<br\s*>", "<br/>", text)
    try:
        return ET.fromstring(f'<div xmlns="{QTI}">{fixed}</div>')
    except ET.ParseError:
        div = ET.Element("div")
        div.text = text
        return div


def _declare(item, cardinality: str, base: str, correct: list[str]) -> ET.Element:
    decl = ET.SubElement(
        item,
        "responseDeclaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": base},
    )
    values = ET.SubElement(decl, "correctResponse")
    for value in correct:
        ET.SubElement(values, "value").text = value
    return decl


def _outcome(item) -> None:
    outcome = ET.SubElement(
        item,
        "outcomeDeclaration",
        {"identifier": "SCORE", "cardinality": "single", "baseType": "float"},
    )
    ET.SubElement(ET.SubElement(outcome, "defaultValue"), "value").text = "0"


def _qti_choice(item, body, data) -> None:
    multiple = data.get("multiple", False)
    right = [o["id"] for o in data["options"] if o["correct"]]
    decl = _declare(item, "multiple" if multiple else "single", "identifier", right)
    mapping = ET.SubElement(decl, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for option, share in choice_shares(data):
        ET.SubElement(mapping, "mapEntry", {"mapKey": option["id"], "mappedValue": f"{share:g}"})
    _outcome(item)
    interaction = ET.SubElement(
        body,
        "choiceInteraction",
        {
            "responseIdentifier": "RESPONSE",
            "shuffle": "true",
            "maxChoices": "0" if multiple else "1",
        },
    )
    for option in data["options"]:
        ET.SubElement(interaction, "simpleChoice", {"identifier": option["id"]}).text = option[
            "text"
        ]
    ET.SubElement(
        item,
        "responseProcessing",
        {"template": "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"},
    )


def _qti_numeric(item, body, data) -> None:
    _declare(item, "single", "float", [f"{data['answer']:g}"])
    _outcome(item)
    para = ET.SubElement(body, "p")
    ET.SubElement(
        para, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "12"}
    )
    processing = ET.SubElement(item, "responseProcessing")
    condition = ET.SubElement(ET.SubElement(processing, "responseCondition"), "responseIf")
    t = f"{tolerance(data):g}"
    equal = ET.SubElement(
        condition, "equal", {"toleranceMode": "absolute", "tolerance": f"{t} {t}"}
    )
    ET.SubElement(equal, "variable", {"identifier": "RESPONSE"})
    ET.SubElement(equal, "correct", {"identifier": "RESPONSE"})
    set_score = ET.SubElement(condition, "setOutcomeValue", {"identifier": "SCORE"})
    ET.SubElement(set_score, "baseValue", {"baseType": "float"}).text = "1"


def _qti_match(item, body, exercise) -> None:
    data = exercise.data
    left, right_list = ("left", "right") if exercise.type == "match" else ("items", "buckets")
    targets = data[right_list]
    correct = [f"{i['id']} {i['answer']}" for i in data[left]]
    decl = _declare(item, "multiple", "directedPair", correct)
    share = 1 / len(correct)
    mapping = ET.SubElement(decl, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for pair in correct:
        ET.SubElement(mapping, "mapEntry", {"mapKey": pair, "mappedValue": f"{share:.6g}"})
    _outcome(item)
    interaction = ET.SubElement(
        body,
        "matchInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(correct))},
    )
    sources = ET.SubElement(interaction, "simpleMatchSet")
    for i in data[left]:
        attrs = {"identifier": i["id"], "matchMax": "1"}
        ET.SubElement(sources, "simpleAssociableChoice", attrs).text = i["text"]
    sinks = ET.SubElement(interaction, "simpleMatchSet")
    for t in targets:
        attrs = {"identifier": t["id"], "matchMax": "0"}
        ET.SubElement(sinks, "simpleAssociableChoice", attrs).text = t.get("text") or t["label"]
    ET.SubElement(
        item,
        "responseProcessing",
        {"template": "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"},
    )


def qti_package(chosen: list[tuple[str, object]], out: Path) -> None:
    """A QTI 2.1 content package: ``<id>.xml`` per item and ``imsmanifest.xml``."""
    manifest = ET.Element(
        "manifest",
        {"xmlns": "http://www.imsglobal.org/xsd/imscp_v1p1", "identifier": "pm-course-questions"},
    )
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for _, exercise in chosen:
            name = f"{exercise.id}.xml"
            item = _qti_item(exercise)
            ET.indent(item)
            package.writestr(name, ET.tostring(item, encoding="utf-8", xml_declaration=True))
            attrs = {"identifier": exercise.id, "type": "imsqti_item_xmlv2p1", "href": name}
            ET.SubElement(ET.SubElement(resources, "resource", attrs), "file", {"href": name})
        ET.indent(manifest)
        package.writestr(
            "imsmanifest.xml", ET.tostring(manifest, encoding="utf-8", xml_declaration=True)
        )


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
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    if fmt == "moodle-xml":
        tmp.write_bytes(moodle_xml(chosen))
    elif fmt == "gift":
        tmp.write_text(gift(chosen), encoding="utf-8")
    else:
        qti_package(chosen, tmp)
    os.replace(tmp, out)
    return QuizExport(questions=len(chosen), skipped=skipped)
