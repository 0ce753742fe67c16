"""Tests for course.content.timing: exercise minutes, reading minutes, bank look-up."""

import pytest

from course.content import timing


def test_minutes_field_wins():
    assert timing.minutes({"type": "categorize", "items": [{}] * 30, "minutes": 4}) == 4.0


@pytest.mark.parametrize("kind", sorted(timing.TYPE_DEFAULTS))
def test_every_type_has_a_positive_default(kind):
    exercise = {"type": kind, "items": [{}] * 3, "options": [{}] * 3, "left": [{}] * 3}
    assert timing.minutes(exercise) > 0


def test_default_scales_with_item_count():
    few = timing.minutes({"type": "categorize", "items": [{}] * 4})
    many = timing.minutes({"type": "categorize", "items": [{}] * 24})
    base, per_item = timing.TYPE_DEFAULTS["categorize"]
    assert few == base + 4 * per_item
    assert many - few == pytest.approx(20 * per_item)


def test_choice_counts_options_and_match_counts_left_items():
    base, per = timing.TYPE_DEFAULTS["choice"]
    assert timing.minutes({"type": "choice", "options": [{}] * 5}) == base + 5 * per
    base, per = timing.TYPE_DEFAULTS["match"]
    match = {"type": "match", "left": [{}] * 5, "right": [{}] * 9}
    assert timing.minutes(match) == base + 5 * per


def test_draw_counts_only_the_items_a_learner_sees():
    pool = {"type": "categorize", "items": [{}] * 16}
    drawn = dict(pool, draw=8)
    assert timing.item_count(drawn) == 8
    assert timing.minutes(drawn) < timing.minutes(pool)
    assert timing.item_count(dict(pool, draw=40)) == 16


def test_numeric_and_code_are_flat():
    assert timing.minutes({"type": "numeric"}) == timing.TYPE_DEFAULTS["numeric"][0]
    assert timing.minutes({"type": "code"}) == timing.TYPE_DEFAULTS["code"][0]


def test_unknown_type_without_minutes_says_how_to_fix():
    with pytest.raises(ValueError, match="minutes field"):
        timing.minutes({"id": "odd", "type": "essay"})


def test_reading_minutes_uses_the_documented_rate():
    assert timing.reading_minutes(timing.READING_WPM * 3) == 3.0
    assert timing.reading_minutes(0) == 0.0


def test_exercise_minutes_reads_the_bank(tmp_path):
    (tmp_path / "pick.toml").write_text(
        'schema_version = 1\nid = "pick"\ntype = "numeric"\ntitle = "t"\nprompt = "p"\n'
        'answer = 1\nexplanation = "e"\nminutes = 2.5\n'
    )
    assert timing.exercise_minutes(tmp_path, "pick") == 2.5


def test_exercise_minutes_names_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        timing.exercise_minutes(tmp_path, "nope")
