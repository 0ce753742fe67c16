"""``import course`` stays light: no matplotlib, no ipywidgets until needed."""

import subprocess
import sys

HEAVY = ("matplotlib", "ipywidgets", "IPython", "numpy")


def test_import_course_loads_nothing_heavy():
    code = "import sys, course; print(' '.join(m for m in sys.modules if m.split('.')[0] in %r))"
    out = subprocess.run(
        [sys.executable, "-c", code % (HEAVY,)], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


def test_public_api_is_reexported():
    import course

    assert {"show", "progress", "submit", "grade", "load_bank"} <= set(course.__all__)
    missing = [name for name in course.__all__ if name not in vars(course)]
    assert missing == [], f"course.__all__ names {missing}, which course does not define"
