"""Quiz exports from bank text that could change what the LMS imports.

From the web red team's report: a bank that passes ``bank check`` exported Moodle XML
and QTI that were not well-formed (raw control characters); a wrong GIFT option
starting ``%100%`` imported as right; ``->`` in a GIFT match item split it wrongly;
ids starting with a digit broke QTI's NCName identifiers.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

from grading import support

from course.core.bank import check_bank, load_bank
from course.instructor.quiz import write_quiz


def bank_copy(tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(support.BANK, folder)
    return folder


def test_control_characters_are_refused_by_bank_check(tmp_path):
    folder = bank_copy(tmp_path)
    path = folder / "define.toml"
    path.write_text(path.read_text().replace("A very large project", "A very\\u0007 large"))
    _, problems = check_bank(folder)
    assert [(p.exercise, p.field) for p in problems] == [("define", "options[1].text")]
    assert "control character U+0007" in problems[0].message


def test_gift_weights_arrows_and_qti_identifiers(tmp_path):
    folder = bank_copy(tmp_path)
    define = folder / "define.toml"
    text = define.read_text().replace("A very large project", "%100% a large project")
    define.write_text(text.replace('id = "b"', 'id = "2b"'))  # an id QTI cannot take as is
    certs = folder / "certs.toml"
    certs.write_text(certs.read_text().replace('text = "PMP"', 'text = "PMP -> PgMP"'))
    bank = load_bank(folder)
    write_quiz(bank, "gift", tmp_path / "q.gift", notebooks=tmp_path / "none")
    gift = (tmp_path / "q.gift").read_text(encoding="utf-8")
    (wrong,) = [line for line in gift.splitlines() if "a large project" in line]
    assert wrong.startswith("\t~%0%%100% a large project")  # the explicit weight comes first
    assert "=PMP → PgMP -> Project manager" in gift
    write_quiz(bank, "qti", tmp_path / "q.zip", notebooks=tmp_path / "none")
    with zipfile.ZipFile(tmp_path / "q.zip") as package:
        for name in package.namelist():
            root = ET.fromstring(package.read(name))  # well-formed
            for element in root.iter():
                if "identifier" in element.attrib and element.tag.endswith(
                    ("assessmentItem", "simpleChoice", "simpleAssociableChoice")
                ):
                    assert re.fullmatch(r"[A-Za-z_][\w.-]*", element.attrib["identifier"])
    assert b'identifier="id-2b"' in zipfile.ZipFile(tmp_path / "q.zip").read("define.xml")
