"""Tests for course.instructor.quiz: the bank as Moodle XML, GIFT and QTI 2.1 questions.

Formats: https://docs.moodle.org/405/en/Moodle_XML_format,
https://docs.moodle.org/405/en/GIFT_format, IMS QTI 2.1 (imsqti_v2p1).
"""

import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from course.cli import main
from course.content.release import write_bank
from course.core.bank import load_bank
from course.core.grade import grade
from course.errors import BankError, UsageError
from course.instructor.quiz import gift_escape, write_quiz
from course.instructor.quizmap import VARIANTS, exact, fraction, prompt, tolerance

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
MAPPED = {"choice": "multichoice", "numeric": "numerical", "match": "matching"}
MAPPED["categorize"] = "matching"
MAPPED["order"] = "ordering"  # Moodle's qtype_ordering; GIFT: a matching question


def quizzed(exercise) -> bool:
    """An exercise Moodle XML and GIFT export: a mapped type, not marked ``quiz = false``."""
    return exercise.type in MAPPED and exercise.data.get("quiz", True)


@pytest.fixture(scope="module")
def bank():
    return load_bank()  # the course's own full bank


def base_id(question_id: str, bank) -> str:
    """The exercise a question comes from (a draw's variants are ``<id>-1`` ...)."""
    return question_id if question_id in bank else question_id.rsplit("-", 1)[0]


def test_moodle_xml_parses_and_holds_every_mappable_exercise(bank, tmp_path):
    result = write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    assert root.tag == "quiz"
    questions = [q for q in root if q.get("type") != "category"]
    wanted = {i: MAPPED[e.type] for i, e in bank.items() if quizzed(e)}
    found = {base_id(q.findtext("idnumber"), bank): q.get("type") for q in questions}
    assert found == wanted
    draws = [i for i in wanted if bank[i].data.get("draw")]
    assert draws == ["capstone-duty-draw"]
    assert result.questions == len(questions) == len(wanted) + (VARIANTS - 1) * len(draws)
    assert len(result.skipped) == len(bank) - len(wanted)
    assert {bank[i].type for i in result.skipped} == {"code", "choice"}
    assert "saving-answers" in result.skipped  # quiz = false: about the notebook's journal
    for q in questions:
        e = bank[base_id(q.findtext("idnumber"), bank)]
        assert q.findtext("name/text").startswith(e.title)
        assert q.findtext("questiontext/text") == prompt(e)
        assert float(q.findtext("defaultgrade")) == e.points


def test_a_draw_exports_draw_sized_variants_in_their_own_category(bank, tmp_path):
    result = write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    draw = bank["capstone-duty-draw"]
    variants, category = [], None
    for q in root:
        if q.get("type") == "category":
            category = q.findtext("category/text")
        elif q.findtext("idnumber").startswith("capstone-duty-draw-"):
            variants.append((category, q))
    assert len(variants) == VARIANTS == 4
    # one category of their own, inside their notebook's ("NN Capstone": numbers may move)
    (path,) = {c for c, _ in variants}
    head, notebook, own = path.rsplit("/", 2)
    assert head == "$course$/top/pm-course" and notebook.endswith(" Capstone")
    assert own == "Capstone 6: whose duty at Harbourside?: 4 draws"
    items = {i["text"]: i for i in draw.items()}
    seen = []
    for _, q in variants:
        subs = [s for s in q.findall("subquestion") if s.findtext("text")]
        assert len(subs) == draw.data["draw"] == 8  # as many as a learner gets, not 19
        assert all(s.findtext("text") in items for s in subs)
        seen.append(frozenset(s.findtext("text") for s in subs))
    assert len(set(seen)) == VARIANTS  # four different draws
    assert "Each learner" not in variants[0][1].findtext("questiontext/text")
    assert any("random question from that category" in n for n in result.notes)


def test_no_question_text_leans_on_the_notebook(bank, tmp_path):
    """Texts such as "press Check" or "this notebook's register" mean nothing in an LMS
    quiz: those exercises carry a ``quiz_prompt`` the exports use instead."""
    write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    texts = {q.findtext("idnumber"): q.findtext("questiontext/text") for q in root.iter("question")}
    leaning = re.compile(r"notebook|\bpress (<b>)?Check|<b>Check</b>", re.I)  # not "the press"
    assert {i: t for i, t in texts.items() if t and leaning.search(t)} == {}
    assert texts["warm-up"] == "Which of these is most clearly a <b>project</b>?"
    assert "press" in bank["warm-up"].prompt  # the notebook keeps its own wording


def test_a_quiz_prompt_is_checked_like_a_prompt(tmp_path):
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "x.toml").write_text(
        'schema_version = 1\nid = "x"\ntype = "numeric"\ntitle = "X"\nprompt = "How many?"\n'
        'quiz_prompt = 3\nanswer = 1.0\nexplanation = "One."\n',
        encoding="utf-8",
    )
    with pytest.raises(BankError, match="quiz_prompt"):
        load_bank(tmp_path / "bank")


def test_moodle_choice_fractions_follow_the_course_rule(bank, tmp_path):
    write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    choices = [q for q in root.iter("question") if q.get("type") == "multichoice"]
    assert {q.findtext("single") for q in choices} == {"true", "false"}  # both kinds checked
    for q in choices:
        e = bank[q.findtext("idnumber")]
        options = {o["text"]: o for o in e.data["options"]}
        shares = {a.findtext("text"): float(a.get("fraction")) for a in q.findall("answer")}
        right = sum(o["correct"] for o in options.values())
        assert set(shares) == set(options)
        if q.findtext("single") == "true":
            assert sorted(shares.values()) == [0] * (len(options) - 1) + [100]
        else:  # each right option an equal share, each wrong one the same taken off
            for text, share in shares.items():
                sign = 1 if options[text]["correct"] else -1
                assert share == pytest.approx(sign * 100 / right, abs=1e-5)
        for answer in q.findall("answer"):
            assert answer.findtext("feedback/text") == options[answer.findtext("text")]["feedback"]


def test_moodle_numerical_tolerance_grades_like_the_course(bank, tmp_path):
    write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    numerical = [q for q in root.iter("question") if q.get("type") == "numerical"]
    assert len(numerical) == sum(e.type == "numeric" for e in bank.values())
    for q in numerical:
        e = bank[q.findtext("idnumber")]
        value = float(q.findtext("answer/text"))
        tol = float(q.findtext("answer/tolerance"))
        assert value == e.data["answer"]
        assert grade(e, value + 0.9 * tol).score == e.points  # inside: right in both
        outside = value + (2 * tol or 1.0)  # a zero tolerance: any other number is wrong
        assert grade(e, outside).score == 0  # outside: wrong in both
    cpi = next(q for q in numerical if q.findtext("idnumber") == "cpi-numeric")
    assert cpi.findtext("answer/tolerance") == "0.00375"  # 0.5 % of 0.75, by hand


def test_numbers_keep_every_digit(tmp_path):
    """``:g`` kept six significant digits: a key of 1234567.5 was written 1.23457e+06."""
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "big.toml").write_text(
        'schema_version = 1\nid = "big"\ntype = "numeric"\ntitle = "Big"\n'
        'prompt = "How much?"\nanswer = 1234567.5\nabs_tol = 0.0001\nexplanation = "So."\n',
        encoding="utf-8",
    )
    bank = load_bank(tmp_path / "bank")
    write_quiz(bank, "moodle-xml", tmp_path / "q.xml", notebooks=tmp_path)
    q = next(q for q in ET.parse(tmp_path / "q.xml").getroot() if q.get("type") == "numerical")
    assert q.findtext("answer/text") == "1234567.5"
    assert float(q.findtext("answer/tolerance")) == tolerance(bank["big"].data)
    write_quiz(bank, "gift", tmp_path / "q.gift", notebooks=tmp_path)
    assert f"#=1234567.5:{exact(tolerance(bank['big'].data))}#" in (tmp_path / "q.gift").read_text()
    write_quiz(bank, "qti", tmp_path / "q.zip", notebooks=tmp_path)
    with zipfile.ZipFile(tmp_path / "q.zip") as package:
        item = ET.fromstring(package.read("big.xml"))
    assert [v.text for v in item.iter(f"{QTI}value")][0] == "1234567.5"


def test_moodle_matching_pairs_and_distractors(bank, tmp_path):
    write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    by_id = {q.findtext("idnumber"): q for q in root.iter("question")}
    certs = by_id["cert-match"]
    subs = [(s.findtext("text"), s.findtext("answer/text")) for s in certs.findall("subquestion")]
    right = {r["id"]: r["text"] for r in bank["cert-match"].data["right"]}
    assert subs[:5] == [(i["text"], right[i["answer"]]) for i in bank["cert-match"].data["left"]]
    assert subs[5:] == [("", right["line-manager"])]  # the one nobody fits: a distractor
    duty = by_id["duty-sort"]
    labels = {b["id"]: b["label"] for b in bank["duty-sort"].data["buckets"]}
    pairs = [(s.findtext("text"), s.findtext("answer/text")) for s in duty.findall("subquestion")]
    assert pairs == [(i["text"], labels[i["answer"]]) for i in bank["duty-sort"].data["items"]]


def test_categories_follow_the_notebooks(bank, tmp_path):
    write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    # not a draw's sub-category; after one, the notebook's category is named again
    categories = list(dict.fromkeys(c for c in categories if c.count("/") == 3))
    assert categories[0] == "$course$/top/pm-course/01 Start here"
    assert categories == sorted(categories)  # notebook numbers ascend
    assert len(categories) == len(set(categories))


def test_gift_escapes_every_special_character():
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert gift_escape("one\ntwo") == "one\\ntwo"


def test_gift_with_special_characters_round_trips(tmp_path):
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "tricky.toml").write_text(
        """schema_version = 1
id = "tricky"
type = "choice"
title = "Ratios: CPI = EV / AC"
prompt = "Which {ratio} is #1? Use ~ for about."

[[options]]
id = "a"
text = "CPI = EV / AC {earned: spent}"
correct = true
feedback = "Right: #1 ~ the cost index \\\\ not SPI."

[[options]]
id = "b"
text = "SPI = EV / PV"
correct = false
feedback = "That is the schedule index: time, not cost."
""",
        encoding="utf-8",
    )
    bank = load_bank(tmp_path / "bank")
    write_quiz(bank, "gift", tmp_path / "q.gift", notebooks=tmp_path)
    text = (tmp_path / "q.gift").read_text(encoding="utf-8")
    # every special character of the texts is escaped, so the only unescaped
    # specials are GIFT's own: the title's ::, the braces and the answer marks
    unescaped = re.sub(r"\\.", "", text.split("// tricky (points: 1)\n", 1)[1])
    assert unescaped.count("::") == 2 and unescaped.count("{") == unescaped.count("}") == 1
    assert unescaped.count("=") == 1 and unescaped.count("~") == 1 and unescaped.count("#") == 2
    assert "::Ratios\\: CPI \\= EV / AC::" in text
    assert (
        "\t=CPI \\= EV / AC \\{earned\\: spent\\}#Right\\: \\#1 \\~ the cost index \\\\ not SPI."
        in text
    )
    # undoing the escapes gives the texts back
    body = text.split("{\n", 1)[1].split("\n}", 1)[0]
    answers = [re.split(r"(?<!\\)#", line[2:], maxsplit=1) for line in body.split("\n") if line]
    unescape = lambda s: re.sub(r"\\(.)", r"\1", s)  # noqa: E731
    options = bank["tricky"].data["options"]
    assert [(unescape(a), unescape(f)) for a, f in answers[:2]] == [
        (o["text"], o["feedback"]) for o in options
    ]


def test_gift_question_shapes(bank, tmp_path):
    write_quiz(bank, "gift", tmp_path / "q.gift")
    text = (tmp_path / "q.gift").read_text(encoding="utf-8")
    assert "$CATEGORY: $course$/top/pm-course/01 Start here" in text
    cpi = text.split("// cpi-numeric (points: 1)\n", 1)[1].split("\n\n", 1)[0]
    assert "{\n\t#=0.75:0.00375#CPI \\= EV / AC" in cpi
    mapped = sum(quizzed(e) for e in bank.values()) + VARIANTS - 1
    assert "// career-ladder (points: 1)" in text and len(re.findall(r"^// ", text, re.M)) == mapped
    pmr = text.split("// pm-responsibilities (points: 1)\n", 1)[1].split("\n\n", 1)[0]
    right = sum(o["correct"] for o in bank["pm-responsibilities"].data["options"])
    assert pmr.count(f"~%{fraction(1 / right)}%") == right


def test_qti_package(bank, tmp_path):
    result = write_quiz(bank, "qti", tmp_path / "q.zip")
    with zipfile.ZipFile(tmp_path / "q.zip") as package:
        names = set(package.namelist())
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        test = ET.fromstring(package.read("test.xml"))
        items = {
            n[:-4]: ET.fromstring(package.read(n))
            for n in names
            if n not in ("imsmanifest.xml", "test.xml")
        }
    cp = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    hrefs = {f.get("href") for f in manifest.iter(f"{cp}file")}
    assert hrefs == names - {"imsmanifest.xml"}
    (test_resource,) = [r for r in manifest.iter(f"{cp}resource") if r.get("href") == "test.xml"]
    assert test_resource.get("type") == "imsqti_test_xmlv2p1"
    assert len(test_resource.findall(f"{cp}dependency")) == len(items) == result.questions
    # QTI has an order interaction: order exercises are exported; code ones are not
    wanted = {i for i, e in bank.items() if quizzed(e)}
    assert {base_id(i, bank) for i in items} == wanted
    assert {bank[i].type for i in result.skipped} == {"code", "choice"}
    assert [i for i in result.skipped if bank[i].type == "choice"] == ["saving-answers"]
    refs = [r.get("href") for r in test.iter(f"{QTI}assessmentItemRef")]
    assert sorted(refs) == sorted(f"{i}.xml" for i in items)
    (draw,) = [
        s for s in test.iter(f"{QTI}assessmentSection") if s.find(f"{QTI}selection") is not None
    ]
    assert draw.find(f"{QTI}selection").get("select") == "1"
    assert len(draw.findall(f"{QTI}assessmentItemRef")) == VARIANTS
    for item_id, item in items.items():
        e = bank[base_id(item_id, bank)]
        assert item.tag == f"{QTI}assessmentItem" and item.get("identifier") == item_id
        score = item.find(f"{QTI}outcomeDeclaration[@identifier='SCORE']")
        assert float(score.get("normalMaximum")) == e.points  # points carried
        feedback = {m.get("identifier"): m for m in item.findall(f"{QTI}modalFeedback")}
        assert "GENERAL" in feedback or e.type == "choice"  # the explanation
        correct = [v.text for v in item.find(f"{QTI}responseDeclaration").iter(f"{QTI}value")]
        if e.type == "choice":
            assert correct == [o["id"] for o in e.data["options"] if o["correct"]]
            assert {o["id"] for o in e.data["options"]} <= set(feedback)
        elif e.type == "numeric":
            (equal,) = item.iter(f"{QTI}equal")
            t = exact(tolerance(e.data))
            assert equal.get("tolerance") == f"{t} {t}" and float(correct[0]) == e.data["answer"]
        elif e.type == "order":
            assert correct == e.data["answer"]
            assert item.find(f"{QTI}itemBody/{QTI}orderInteraction") is not None
        elif item_id == e.id:  # not a draw's variant
            left = "left" if e.type == "match" else "items"
            assert correct == [f"{i['id']} {i['answer']}" for i in e.data[left]]
    with zipfile.ZipFile(tmp_path / "q.zip") as package:
        raw = [package.read(n) for n in names]
    # the QTI (and IMS CP) namespace is each file's default: no ns0: prefixes
    assert not any(b"ns0:" in data or b"xmlns:ns" in data for data in raw)
    prompt_div = items["project-definition"].find(f"{QTI}itemBody/{QTI}div")
    assert prompt_div.find(f"{QTI}b").text == "project"  # the prompt's markup is kept as XHTML


def test_a_student_release_bank_is_refused(bank, tmp_path):
    write_bank(bank, tmp_path / "released")
    with pytest.raises(UsageError, match="student release"):
        write_quiz(load_bank(tmp_path / "released"), "gift", tmp_path / "q.gift")


def test_the_command_line(bank, tmp_path, capsys):
    out = tmp_path / "q.xml"
    assert main(["export-quiz", "--format", "moodle-xml", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    mapped = sum(quizzed(e) for e in bank.values()) + VARIANTS - 1  # a draw: 4
    assert f"{mapped} question(s)" in printed and "keys" in printed
    assert "career-ladder" not in printed  # an order exercise is a question now, not skipped
    assert "note: capstone-duty-draw draws 8 of its 19 items" in printed
    ET.parse(out)
    assert main(["export-quiz", "--format", "gift", "--out", str(tmp_path / "q.gift")]) == 0
    assert "note: GIFT has no field for points" in capsys.readouterr().out


def test_moodle_ordering_questions_carry_the_key_points_and_feedback(bank, tmp_path):
    """Order exercises are Moodle ``ordering`` questions (qtype_ordering, standard since
    Moodle 4.4): the answers in the key's order (Moodle takes the right order from it),
    graded by absolute position as the course grades them, with points and feedback."""
    write_quiz(bank, "moodle-xml", tmp_path / "q.xml")
    root = ET.parse(tmp_path / "q.xml").getroot()
    ordering = {q.findtext("idnumber"): q for q in root if q.get("type") == "ordering"}
    assert sorted(ordering) == sorted(i for i, e in bank.items() if e.type == "order")
    ladder = ordering["career-ladder"]
    items = {i["id"]: i for i in bank["career-ladder"].data["items"]}
    key = bank["career-ladder"].data["answer"]
    answers = ladder.findall("answer")
    assert [a.findtext("text") for a in answers][:2] == [
        "Project coordinator",
        "Assistant project manager",
    ]
    assert [a.findtext("text") for a in answers] == [items[i]["text"] for i in key]
    assert [a.get("fraction") for a in answers] == [str(n) for n in range(1, 8)]
    assert answers[0].findtext("feedback/text") == f"Step 1. {items[key[0]]['explanation']}"
    assert ladder.findtext("gradingtype") == "ABSOLUTE_POSITION"
    assert ladder.findtext("selecttype") == "ALL" and ladder.findtext("selectcount") == "7"
    assert "Project coordinator: A common entry point" in ladder.findtext("generalfeedback/text")
    assert ordering["capstone-sequence"].findtext("defaultgrade") == "2"  # its points
    # ABSOLUTE_POSITION gives the share of items at their right step, as the course does:
    # the full reverse of the 7-step ladder keeps only the middle step, 1/7 of the points
    assert grade(bank["career-ladder"], key[::-1]).score == pytest.approx(1 / 7)


def test_gift_writes_an_order_exercise_as_matching_each_step_to_its_position(bank, tmp_path):
    """GIFT has no ordering question: each item is matched to its step, in the bank's
    (shuffled) item order so the list itself does not give the key away."""
    result = write_quiz(bank, "gift", tmp_path / "q.gift")
    text = (tmp_path / "q.gift").read_text(encoding="utf-8")
    ladder = text.split("// career-ladder (points: 1)\n", 1)[1].split("\n\n", 1)[0]
    lines = [line for line in ladder.split("\n") if line.startswith("\t=")]
    assert lines[0] == "\t=Program manager -> Step 5"  # the bank's first item, 5th step
    assert sorted(lines) == sorted(
        [
            "\t=Project coordinator -> Step 1",
            "\t=Assistant project manager -> Step 2",
            "\t=Project manager -> Step 3",
            "\t=Senior project manager -> Step 4",
            "\t=Program manager -> Step 5",
            "\t=Senior program manager -> Step 6",
            "\t=Portfolio manager -> Step 7",
        ]
    )
    assert "\t####Program manager\\: The step from managing one project" in ladder
    assert "capstone-sequence" not in result.skipped
    (points,) = [n for n in result.notes if "GIFT has no field for points" in n]
    assert "capstone-sequence (2)" in points
