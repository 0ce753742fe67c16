"""The bank loader and validator: one fixture folder per malformation."""

import re
import shutil

import pytest

from course.core.bank import check_bank, load_bank
from course.errors import BankError, UnknownExerciseError
from tests.conftest import BANKS

LINE = re.compile(r"^(?P<file>[^:]+\.toml): (?P<id>[^:]+): (?P<field>[^:]+): (?P<message>.+)$")

# fixture folder -> (exercise id, field, a fragment of the message)
MALFORMED = {
    "unknown-key": ("cpi", "colour", "unknown field"),
    "missing-field": ("cpi", "explanation", "missing"),
    "wrong-type": ("cpi", "answer", "must be a number"),
    "duplicate-id": ("cpi", "id", "duplicate id"),
    "newer-schema-version": ("cpi", "schema_version", "newer than this pm-course reads"),
    "invalid-toml": ("cpi", "-", "not valid TOML"),
    "id-not-file-name": ("spi", "id", "must equal the file name"),
    "unknown-type": ("cpi", "type", "unknown type 'essay'"),
    "answer-names-missing-bucket": ("sort", "items[0].answer", "'portfolio', which does not exist"),
    "item-missing-explanation": ("sort", "items[0].explanation", "missing"),
    "duplicate-item-id": ("sort", "items[1].id", "duplicate id 'schedule'"),
    "order-answer-names-missing-item": ("ladder", "answer", "'cto', not an item"),
    "order-unknown-figure": ("ladder", "figure", "unknown figure 'pyramid'"),
    "match-answer-names-missing-right": ("certs", "left[0].answer", "'portfolio'"),
    "choice-without-correct-option": ("define", "options", "no option is marked correct"),
    "code-reference-not-importable": ("duration", "hidden.reference", "cannot import"),
    "code-example-disagrees-with-reference": ("duration", "examples[0].expected", "reference"),
}


def test_every_malformation_fixture_is_listed():
    folders = {p.name for p in BANKS.iterdir() if p.is_dir()} - {"valid"}
    assert folders == set(MALFORMED)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_bank_reports_file_id_field_message(name):
    exercise_id, field, fragment = MALFORMED[name]
    _, problems = check_bank(BANKS / name)
    lines = [LINE.match(str(p)) for p in problems]
    assert all(lines), [str(p) for p in problems]
    hits = [m for m in lines if (m["id"], m["field"]) == (exercise_id, field)]
    assert any(fragment in m["message"] for m in hits), [str(p) for p in problems]
    assert all(name in m["file"] for m in hits)


@pytest.mark.parametrize("name", ["unknown-key", "newer-schema-version"])
def test_loading_a_malformed_bank_raises_bank_error_with_all_lines(name):
    with pytest.raises(BankError) as caught:
        load_bank(BANKS / name)
    assert caught.value.problems
    assert str(caught.value.problems[0]) in str(caught.value)
    assert caught.value.exit_code == 2


def test_valid_bank_loads_every_type(bank):
    assert {e.type for e in bank.values()} == {
        "categorize",
        "order",
        "choice",
        "match",
        "numeric",
        "code",
    }
    assert bank["certs"].points == 3 and bank["certs"].graded


def test_unknown_exercise_suggests_near_ids(bank):
    with pytest.raises(UnknownExerciseError, match="Did you mean 'sort'"):
        bank["sorts"]


def test_missing_folder_and_empty_folder_are_problems(tmp_path):
    assert "no such folder" in str(check_bank(tmp_path / "nope")[1][0])
    assert "no *.toml" in str(check_bank(tmp_path)[1][0])


def test_fingerprint_ignores_keys_but_not_content(tmp_path, bank):
    copy = tmp_path / "bank"
    shutil.copytree(BANKS / "valid", copy)
    path = copy / "cpi.toml"
    path.write_text(path.read_text().replace("answer = 0.8", "answer = 0.9"))
    assert load_bank(copy).fingerprint() == bank.fingerprint()
    path.write_text(path.read_text().replace("What is the CPI?", "What is CPI?"))
    assert load_bank(copy).fingerprint() != bank.fingerprint()


def test_released_exercise_without_keys_is_valid(tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(BANKS / "valid", folder)
    path = folder / "cpi.toml"
    text = path.read_text().replace("answer = 0.8\n", "").replace("explanation", "unit2")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("unit2"))
    path.write_text(text + "\nkeys_removed = true\n")
    assert check_bank(folder)[1] == []
    assert not load_bank(folder)["cpi"].data.get("answer")


def test_the_shipped_bank_is_valid():
    found, problems = check_bank()
    assert problems == []
    assert len(found) >= 3
