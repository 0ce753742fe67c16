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
  format is defined by ``question/format/xml/format.php``). The file is parsed
  with ``lxml`` and each question is compared with what Moodle's own XML
  exporter writes for the same type: the expected exports of Moodle's
  ``xmlformat_test.php`` (matching, multichoice, numerical), the category
  question of its ``multichoice.xml`` fixture and, for ordering, the export
  fixture of the ordering question type (``qtype_ordering``, in Moodle since
  4.4: ``question/type/ordering/tests/fixtures/testexport.moodle.xml``), kept
  in ``tests/fixtures/lms/outside/`` with their source. Every element path and
  attribute we write must be one Moodle's exporter writes for that type (so
  Moodle's reader, which reads back its own exports, knows it), except
  ``idnumber``, which Moodle writes since 3.6 and the sample predates; values
  must have the form Moodle's sample gives them.
* **QTI 2.1**: no package on PyPI, npm or Debian ships the IMS QTI 2.1 XSD
  (looked for 2026-12-07: ``citolab-qti-convert``, ``qti-package-maker``,
  ``onyx2moodle``, ``excel2moodle``, ``pyslet`` on PyPI; ``@citolab/qti-convert``,
  ``@citolab/qti-components``, ``@oat-sa/tao-item-runner-qti`` on npm; nothing in
  Debian; earlier also ``hektor``, ``json2qti``, ``qti2txt``; the R package
  ``rqti`` ships one, but CRAN is not reachable from here), and imsglobal.org
  cannot be reached from the test machine. The package is instead read by
  ``pyslet`` (PyPI, Steve Lay, BSD), a QTI 2.1 and IMS Content Packaging
  implementation with its own element classes for the spec's XSD: every
  element we write must bind to one of its QTI classes (pyslet drops what it
  does not know), its item engine runs each item's response processing, and
  the score it computes for an answer must be the score ``course.grade`` gives
  the same answer. pyslet 0.7 reads ``<equal tolerance="t t">`` (a list in the
  XSD) as one string and then fails; the test splits that attribute for it,
  which is the XSD's reading. pyslet does not bind the ``assessmentTest``'s
  ``outcomeProcessing``, so the test's sum of scores is checked with ``lxml``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pygiftparser import parser as gift_parser
from pyslet import imscpv1p2 as imscp
from pyslet.qtiv2 import variables as qti_variables
from pyslet.qtiv2.xml import QTIDocument
from pyslet.xml import structures as xml_structures

from course.core.bank import load_bank
from course.core.grade import grade
from course.instructor.quiz import write_quiz
from course.instructor.quizmap import exact, moodle_pairs, steps, variants

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
    exported = [v for i, e in bank.items() if i not in result.skipped for v in variants(e)]
    assert len(questions) == result.questions == len(exported)
    by_title = {plain(q.title): q for q in questions}
    kinds = {"SelectSet": "single", "MultipleChoicesSet": "multiple"}
    for ex in exported:
        exercise_id = ex.id
        q = by_title[plain(ex.title)]
        if ex.type == "numeric" and ex.data["answer"] < 0 and not hasattr(q, "answers"):
            # pygiftparser reads no answer set from a negative key ({#=-19000:95}), which
            # Moodle's GIFT format takes; check that line as written instead
            assert f"#={exact(ex.data['answer'])}:" in q.source, exercise_id
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
        else:  # matching: match, categorize and order (each item matched to its step)
            assert type(q.answers).__name__ == "MatchingSet" and q.valid, exercise_id
            found = {(plain(a.question), plain(a.answer)) for a in answers}
            pairs_, distractors = steps(ex) if ex.type == "order" else moodle_pairs(ex)
            wanted = {(plain(a), plain(b)) for a, b in pairs_}
            # a distractor is a pair with an empty item, as Moodle's GIFT reader keeps it
            wanted |= {("", plain(d)) for d in distractors}
            assert found == wanted, exercise_id
            assert len({b for _, b in found}) >= 3, exercise_id  # Moodle's matching form


def test_gift_keeps_cert_match_distractor(bank, tmp_path):
    """cert-match says one person on the right fits none of the certifications: that
    person must stay in the question as Moodle reads it."""
    write_quiz(bank, "gift", tmp_path / "q.gift")
    with open(tmp_path / "q.gift", encoding="utf-8") as file:
        questions = {plain(q.title): q for q in gift_parser.parseFile(file)}
    q = questions[plain(bank["cert-match"].title)]
    right = {r["id"]: r["text"] for r in bank["cert-match"].data["right"]}
    empty = [a.answer for a in q.answers.answers if not plain(a.question)]
    assert [plain(a) for a in empty] == [plain(right["line-manager"])]


OUTSIDE = Path(__file__).parents[1] / "fixtures/lms/outside"
MOODLE_SAMPLE = OUTSIDE / "moodle-qformat_xml-exports.xml"
MOODLE_ORDERING = OUTSIDE / "moodle-qtype_ordering-testexport.xml"
# The values qtype_ordering's export_to_xml writes (extract_layout_select_count_grading in
# question/type/ordering/questiontype.php); its fixture leaves them empty.
ORDERING_VALUES = {
    "layouttype": {"VERTICAL", "HORIZONTAL"},
    "selecttype": {"ALL", "RANDOM", "CONTIGUOUS"},
    "gradingtype": {
        "ALL_OR_NOTHING",
        "ABSOLUTE_POSITION",
        "RELATIVE_NEXT_EXCLUDE_LAST",
        "RELATIVE_NEXT_INCLUDE_LAST",
        "RELATIVE_ONE_PREVIOUS_AND_NEXT",
        "RELATIVE_ALL_PREVIOUS_AND_NEXT",
        "LONGEST_ORDERED_SUBSET",
        "LONGEST_CONTIGUOUS_SUBSET",
        "RELATIVE_TO_CORRECT",
    },
    "showgrading": {"SHOW", "HIDE"},
}
NEWER_THAN_SAMPLE = {"idnumber"}  # qformat_xml writes <idnumber> since Moodle 3.6
FORMATS = {"html", "plain_text", "moodle_auto_format", "markdown"}  # Moodle's text formats


def _paths(question) -> set[tuple[str, tuple[str, ...]]]:
    """Each element path under ``question`` (``answer/feedback/text``) with its attribute
    names; ``format`` is left out (Moodle writes it on some versions' answers and not
    others), and its values are checked apart."""
    found = set()
    for node in question.iter():
        if not isinstance(node.tag, str) or node is question:
            continue
        steps, up = [node.tag], node.getparent()
        while up is not question:
            steps.append(up.tag)
            up = up.getparent()
        attrs = tuple(sorted(a for a in node.attrib if a != "format"))
        found.add(("/".join(reversed(steps)), attrs))
        assert node.get("format", "html") in FORMATS, node.get("format")
    return found


def test_moodle_xml_has_the_shape_moodle_itself_exports(bank, tmp_path):
    result = write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.parse(str(tmp_path / "q.xml"), parser).getroot()
    samples = [etree.parse(str(f), parser).getroot() for f in (MOODLE_SAMPLE, MOODLE_ORDERING)]
    assert root.tag == "quiz" and {s.tag for s in samples} == {"quiz"}
    moodle = {}
    for q in (q for sample in samples for q in sample.iterchildren("question")):
        moodle.setdefault(q.get("type"), set()).update(_paths(q))
    questions = list(root.iterchildren("question"))
    assert len([q for q in questions if q.get("type") != "category"]) == result.questions
    kinds_seen = set()
    for q in questions:
        kind = q.get("type")
        assert kind in moodle, kind
        extra = {
            (path, attrs)
            for path, attrs in _paths(q)
            if path not in NEWER_THAN_SAMPLE and (path, attrs) not in moodle[kind]
        }
        assert extra == set(), (q.findtext("idnumber"), kind)
        if kind == "category":
            assert q.findtext("category/text").startswith("$course$/")
            continue
        assert q.findtext("name/text").strip() and q.find("questiontext").get("format") == "html"
        assert float(q.findtext("defaultgrade")) > 0 and q.findtext("hidden") == "0"
        if kind not in ("numerical", "ordering"):  # an ordering question always shuffles
            assert q.findtext("shuffleanswers") in ("true", "false")
        for answer in q.iterchildren("answer"):
            float(answer.get("fraction"))  # a number, as Moodle's are
        if kind == "numerical":
            float(q.findtext("answer/text"))
            float(q.findtext("answer/tolerance"))
        if kind == "matching":
            answers = {s.findtext("answer/text") for s in q.iterchildren("subquestion")}
            assert len(answers) >= 3, q.findtext("idnumber")  # Moodle's matching form
        if kind == "ordering":
            for field, known in ORDERING_VALUES.items():
                assert q.findtext(field) in known, (q.findtext("idnumber"), field)
            int(q.findtext("selectcount"))
            kinds_seen.add(kind)
    assert "ordering" in kinds_seen  # the order exercises are there, not skipped


def _qti_elements(node, out):
    for child in node.get_children():
        if isinstance(child, xml_structures.Element):
            out.append(child)
            _qti_elements(child, out)
    return out


def _pyslet_item(data: bytes):
    doc = QTIDocument()
    doc.read(src=data)
    for node in _qti_elements(doc.root, []):
        if type(node).__name__ == "Equal" and isinstance(node.tolerance, str):
            node.tolerance = node.tolerance.split()  # pyslet 0.7 bug, see the docstring
    return doc.root


def _qti_score(item, value) -> tuple[float, set]:
    """SCORE and FEEDBACK after pyslet's engine ran the item on ``value``."""
    state = qti_variables.ItemSessionState(item)
    state.begin_session()
    declaration = item.ResponseDeclaration[0]
    response = qti_variables.Value.new_value(declaration.cardinality, declaration.baseType)
    response.set_value(value)
    state.map["RESPONSE"] = response
    state.end_attempt()
    return state.map["SCORE"].value, set(state.map["FEEDBACK"].value or {})


def answers(exercise):
    """(course answer, QTI response) pairs: the key, and wrong or partly right answers."""
    data = exercise.data
    if exercise.type == "choice":
        ids = [o["id"] for o in data["options"]]
        if not data.get("multiple"):
            return [(i, i) for i in ids]
        right = [o["id"] for o in data["options"] if o["correct"]]
        return [(a, a) for a in (right, ids, ids[:1], right[:-1] + ids[-1:])]
    if exercise.type == "numeric":
        key, t = data["answer"], max(abs(data["answer"]) * 1e-3, 1e-3)
        return [(float(v), float(v)) for v in (key, key + 10 * t + 1, key - 10 * t - 1)]
    if exercise.type == "order":
        key = list(data["answer"])
        tries = [key, key[::-1], key[1:] + key[:1], [key[1], key[0], *key[2:]]]
        return [(t, t) for t in tries]
    left, right = ("left", "right") if exercise.type == "match" else ("items", "buckets")
    key = {i["id"]: i["answer"] for i in data[left]}
    first = data[right][0]["id"]
    tries = [key, {i: first for i in key}, dict(list(key.items())[:1])]
    return [(t, [(a, b) for a, b in t.items()]) for t in tries]


def test_qti_package_read_and_scored_by_pyslet(bank, tmp_path):
    result = write_quiz(bank, "qti", tmp_path / "q.zip")
    folder = tmp_path / "package"
    with zipfile.ZipFile(tmp_path / "q.zip") as package:
        package.extractall(folder)
    # the content package, as an IMS CP reader finds it
    manifest = imscp.ContentPackage(str(folder)).manifest.root
    resources = {r.id: r for r in manifest.Resources.Resource}
    test = resources.pop("TEST")
    assert test.type == "imsqti_test_xmlv2p1" and len(test.Dependency) == result.questions
    assert {r.type for r in resources.values()} == {"imsqti_item_xmlv2p1"}
    assert len(resources) == result.questions
    checked = 0
    for exercise in bank.values():
        if exercise.id in result.skipped:  # code, and quiz = false
            continue
        for variant in variants(exercise):
            data = (folder / f"{variant.id}.xml").read_bytes()
            item = _pyslet_item(data)
            assert type(item).__name__ == "AssessmentItem", variant.id
            # every element we wrote is one pyslet knows (it drops unknown ones)
            written = len(list(etree.fromstring(data).iter()))
            assert 1 + len(_qti_elements(item, [])) == written, variant.id
            for answer, response in answers(variant):
                score, feedback = _qti_score(item, response)
                wanted = grade(variant, answer).score
                assert score == pytest.approx(wanted, abs=1e-6), (variant.id, answer)
                assert "GENERAL" in feedback or exercise.type == "choice", variant.id
            checked += 1
    assert checked == result.questions
    # the test: a section per notebook, the draw's variants in a section selecting one
    tree = etree.parse(str(folder / "test.xml"))
    ns = {"q": QTI_NS}
    assert len(tree.findall(".//q:assessmentItemRef", ns)) == result.questions
    (select,) = tree.findall(".//q:selection", ns)
    assert select.get("select") == "1"
    total = tree.find("q:outcomeProcessing/q:setOutcomeValue/q:sum/q:testVariables", ns)
    assert total.get("variableIdentifier") == "SCORE"
    doc = QTIDocument()
    doc.read(src=(folder / "test.xml").read_bytes())
    assert type(doc.root).__name__ == "AssessmentTest"
    sections = doc.root.TestPart[0].AssessmentSection
    assert len(sections) == len({stem for stem in _stems(tree)})


def _stems(tree):
    ns = {"q": QTI_NS}
    return [s.get("identifier") for s in tree.findall("q:testPart/q:assessmentSection", ns)]
