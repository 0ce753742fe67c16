"""``pm-course live`` refuses bad settings with a message that says what to do."""

from __future__ import annotations

from course.cli import main
from course.live.store import Store


def test_an_unusable_class_name_is_refused(capsys):
    assert main(["live", "--class", "a b"]) == 2
    err = capsys.readouterr().err
    assert "--class PM-MONDAY" in err and "join code is made by the server" in err


def test_the_hub_mode_outside_a_hub_says_how_to_start_it(capsys, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert main(["live", "--hub"]) == 2
    assert "jupyterhub_config.py" in capsys.readouterr().err


def test_another_class_s_event_file_is_not_mixed_in(tmp_path, capsys):
    db = tmp_path / "monday.sqlite"
    Store(db).setting("class", "PM-MON")
    assert main(["live", "--class", "PM-TUE", "--db", str(db), "--port", "0"]) == 2
    assert "holds the live view of class 'PM-MON'" in capsys.readouterr().err
