"""The hub configuration lines of docs/running-a-class.md, loaded as JupyterHub loads a
``jupyterhub_config.py`` (traitlets' file loader), into a real LocalProcessSpawner.

The review of December 2026 found that the live-view snippet replaced
``c.Spawner.environment``, dropping the PATH step 2 sets; these tests read the
snippets from the page itself, so a change there is what is tested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jupyterhub.spawner import LocalProcessSpawner  # a test dependency (pyproject)
from traitlets.config.loader import PyFileConfigLoader

PAGE = Path(__file__).resolve().parents[1] / "docs" / "running-a-class.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def spawner_lines() -> str:
    """Step 2's two spawner lines (the block that sets ``c.Spawner.cmd``)."""
    return next(b for b in blocks() if "c.Spawner.cmd" in b)


def live_block() -> str:
    """The live view's block (the one that defines the ``live`` service)."""
    return next(b for b in blocks() if "PM_COURSE_LIVE" in b)


def environment(tmp_path: Path, *parts: str) -> dict:
    config = tmp_path / "jupyterhub_config.py"
    config.write_text("c = get_config()  # noqa\n" + "\n".join(parts), encoding="utf-8")
    loaded = PyFileConfigLoader(config.name, path=str(tmp_path)).load_config()
    return LocalProcessSpawner(config=loaded).environment


def test_the_live_snippet_after_step_2_keeps_path_and_adds_the_live_address(tmp_path):
    env = environment(tmp_path, spawner_lines(), live_block())
    assert env["PATH"].startswith("/opt/pm-course/bin:")
    assert env["PM_COURSE_LIVE"] == "https://HUB/services/live/"


def test_the_live_snippet_alone_also_loads(tmp_path):
    # a hub whose config never set c.Spawner.environment (TLJH, another spawner):
    # `c.Spawner.environment["X"] = ...` would fail there ("LazyConfigValue object
    # does not support item assignment"); the documented line must not
    assert environment(tmp_path, live_block()) == {"PM_COURSE_LIVE": "https://HUB/services/live/"}
    with pytest.raises(TypeError, match="does not support item assignment"):
        environment(tmp_path, 'c.Spawner.environment["PM_COURSE_LIVE"] = "x"')
