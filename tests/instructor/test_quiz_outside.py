"""The quiz files checked by parsers the project did not write.

* **GIFT**: read back with ``pygiftparser`` (PyPI, Marc Tommasi, Université de
  Lille / INRIA; MIT): every exported question must come back with its title,
  its kind and its answers. ``pygiftparser`` takes a multiple-answer question
  as valid only when its positive shares add up to 100 or just under; Moodle's
  own rule (``question/type/multichoice/questiontype.php``,
  ``save_question_options``: the total rounded to two decimals must be 1)
  accepts 6 × 16.66667 %, which ``pygiftparser`` does not, so those are judged
  by Moodle's rule on the shares ``pygiftparser`` read.
* **Moodle XML**: Moodle publishes no schema for its question format (the
  format is defined by ``question/format/xml/format.php``), and no sample
  export of Moodle's could be had here: the file is checked with ``lxml``'s
  parser for well-formedness and the elements that reader requires.
* **QTI 2.1**: no package on PyPI ships the IMS QTI 2.1 XSD (searched:
  ``citolab-qti-convert``, ``hektor``, ``json2qti``, ``qti2txt``), and
  imsglobal.org cannot be reached from the test machine, so the items are not
  validated against the XSD: ``lxml`` checks each item for the root element,
  namespace and the attributes the XSD requires of ``assessmentItem``.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree
from pygiftparser import parser as gift_parser

from course.core.bank import load_bank
from course.instructor.quiz import write_quiz
from course.instructor.quizmap import pairs

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"


@pytest.fixture(scope="module")
def bank():
    return load_bank()  # the course's own full bank


def plain(text: str) -> str:
    """GIFT text without its escapes and HTML tags, white space folded."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"\\(.)", r"\1", text))
    return " ".join(text.split())


def test_gift_reads_back_with_pygiftparser(bank, tmp_path):
    result = write_quiz(bank, "gift", tmp_path / "q.gift")
    with open(tmp_path / "q.gift", encoding="utf-8") as file:
        questions = gift_parser.parseFile(file)
    exported = [i for i in bank if i not in result.skipped]
    assert len(questions) == result.questions == len(exported)
    by_title = {plain(q.title): q for q in questions}
    kinds = {"SelectSet": "single", "MultipleChoicesSet": "multiple"}
    for exercise_id in exported:
        ex = bank[exercise_id]
        q = by_title[plain(ex.title)]
        if ex.type == "numeric" and ex.data["answer"] < 0 and not hasattr(q, "answers"):
            # pygiftparser reads no answer set from a negative key ({#=-19000:95}), which
            # Moodle's GIFT format takes; check that line as written instead
            assert f"#={ex.data['answer']:g}:" in q.source, exercise_id
            continue
        answers = q.answers.answers
        if ex.type == "choice":
            kind = kinds[type(q.answers).__name__]
            assert kind == ("multiple" if ex.data.get("multiple") else "single"), exercise_id
            right = {plain(o["text"]) for o in ex.data["options"] if o["correct"]}
            assert {plain(a.answer) for a in answers if a.fraction > 0} == right, exercise_id
            total = sum(a.fraction for a in answers if a.fraction > 0)
            assert round(total / 100, 2) == 1, f"{exercise_id}: shares add up to {total}"
        elif ex.type == "numeric":
            assert type(q.answers).__name__ == "NumericAnswerSet" and q.valid, exercise_id
            assert [a.value for a in answers] == [ex.data["answer"]], exercise_id
        else:
            assert type(q.answers).__name__ == "MatchingSet" and q.valid, exercise_id
            found = {(plain(a.question), plain(a.answer)) for a in answers}
            wanted = {(plain(a), plain(b)) for a, b in pairs(ex)[0]}
            assert found == wanted, exercise_id


def test_moodle_xml_parses_with_lxml_and_has_what_moodle_reads(bank, tmp_path):
    result = write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = etree.parse(str(tmp_path / "q.xml"), etree.XMLParser(resolve_entities=False)).getroot()
    assert root.tag == "quiz"
    questions = [q for q in root.iterchildren("question") if q.get("type") != "category"]
    assert len(questions) == result.questions
    for q in questions:
        assert q.get("type") in {"multichoice", "numerical", "matching"}
        assert q.findtext("name/text").strip() and q.find("questiontext").get("format")


def test_qti_items_parse_with_lxml_as_qti_2_1_assessment_items(bank, tmp_path):
    result = write_quiz(bank, "qti", tmp_path / "q.zip")
    with zipfile.ZipFile(tmp_path / "q.zip") as package:
        names = package.namelist()
        assert "imsmanifest.xml" in names
        items = [n for n in names if n.endswith(".xml") and n != "imsmanifest.xml"]
        assert len(items) == result.questions
        for name in items:
            item = etree.fromstring(package.read(name))
            assert item.tag == f"{{{QTI_NS}}}assessmentItem", name
            for attribute in ("identifier", "title", "adaptive", "timeDependent"):
                assert item.get(attribute) is not None, f"{name}: no {attribute}"
