"""The package on its own: a wheel built from the repository, installed in a fresh virtual
environment outside the clone, starts a working course (``pm-course start``).

Slow (it builds the wheel and installs JupyterLab into a new environment, from
the pip cache when warm), so it runs once, in one test, step by step.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import course
from course.content.release import key_texts
from course.core.bank import load_bank

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
RENDER_ALL = """
import course
from course.core.bank import load_bank
bank = load_bank()
shown = [course.show(i) for i in bank]
assert all(w.box.children for w in shown)
print(len(shown), course.__file__, bank.folder)
"""

SELF_MARK = """
import course
w = course.show(%r)
assert w.self_button.layout.display is None, "no Mark it myself"
w.mark_myself()
print(w.self_assessed, w.check_button.description, w.grading.data.get("keys_removed", False),
      course.load_bank()[w.exercise.id].data.get("keys_removed", False))
"""


def run(*cmd, cwd, env=None, timeout=600):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def learner_env(home: Path) -> dict[str, str]:
    """A learner's environment: nothing pointing at the clone or at a test journal."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PM_COURSE_", "PYTHON", "JUPYTER", "VIRTUAL_ENV"))
    }
    env.update(HOME=str(home), PM_COURSE_LEARNER="wheel-learner", MPLBACKEND="Agg")
    return env


def test_a_wheel_installed_outside_the_clone_starts_the_course(tmp_path):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--outdir", str(dist), str(REPO), cwd=tmp_path)
    (wheel,) = dist.glob("pm_course-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = "".join(
            archive.read(n).decode() for n in names if n.startswith("course/_release/exercises/")
        )
    assert "course/_release/notebooks/01-start-here.ipynb" in names
    assert "course/_release/docs/sources.md" in names  # what the notebooks send learners to
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert not [t for t in key_texts(load_bank()) if t in shipped], "the wheel carries keys"
    graded = sorted(i for i, e in load_bank().items() if e.graded)
    kept = sorted(n[len("course/_keys/") : -5] for n in names if n.startswith("course/_keys/"))
    assert kept == graded, "the self-assessment keys are the graded exercises, outside the copy"

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    run(str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel), cwd=tmp_path)

    home = tmp_path / "learner"
    home.mkdir()
    env = learner_env(home)
    bin_ = venv / "bin"
    assert run(str(bin_ / "pm-course"), "--version", cwd=home, env=env).strip() == (
        f"pm-course {course.__version__}"
    )
    out = run(str(bin_ / "pm-course"), "start", "--no-open", cwd=home, env=env)
    assert "Your course is in pm-course" in out
    copy = home / "pm-course"
    assert sorted(p.name for p in (copy / "notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (REPO / "notebooks").glob("*.ipynb")
    )

    # the wheel enables course.nodelay in the environment's Jupyter server config
    listed = subprocess.run(
        [str(bin_ / "jupyter"), "server", "extension", "list"],
        cwd=home, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    listing = re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)  # its colours
    assert re.search(r"course\.nodelay\s+enabled", listing), listing
    assert re.search(r"course\.nodelay\s+OK", listing), listing

    # the released bank loads and every exercise renders as a widget, from the installed package
    rendered = run(str(bin_ / "python"), "-c", RENDER_ALL, cwd=copy / "notebooks", env=env)
    count, module, folder = rendered.splitlines()[-1].split()
    assert int(count) == len(load_bank())
    assert module.startswith(str(venv)) and Path(folder) == copy / "exercises"

    # a self-study learner marks a graded item of the copy, with the keys kept in the package
    mark = run(str(bin_ / "python"), "-c", SELF_MARK % graded[0], cwd=copy / "notebooks", env=env)
    assert mark.split()[-4:] == ["True", "Check", "False", "True"], mark
    assert not (copy / "_keys").exists()  # the keys stay in the package, out of the copy

    # the first notebook runs top to bottom in the new environment's kernel
    notebook = copy / "notebooks" / "01-start-here.ipynb"
    run(
        str(bin_ / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--inplace",
        str(notebook), cwd=notebook.parent, env=env,
    )  # fmt: skip
    cells = json.loads(notebook.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)

    # submit works from the home folder: the course is remembered from the run above
    out = run(str(bin_ / "pm-course"), "submit", "--out", "handed-in", cwd=home, env=env)
    (submission,) = (home / "handed-in").glob("wheel-learner-*.json")
    assert json.loads(submission.read_text())["bank_fingerprint"] == load_bank().fingerprint()
