"""``pm-course start``: the learner's copy of the course, run as a real process."""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from loopback import free_port

import course
from course.content.release import key_texts
from course.content.sync import MANIFEST
from course.core.bank import load_bank

REPO = Path(__file__).resolve().parents[2]


def pm_course(*args, cwd, home):
    env = {k: v for k, v in os.environ.items() if k not in ("PM_COURSE_ROOT", "JUPYTERHUB_USER")}
    env["PM_COURSE_HOME"] = str(home)
    cmd = [sys.executable, "-m", "course", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_start_puts_a_keyless_copy_in_the_folder_and_keeps_edited_notebooks(tmp_path):
    done = pm_course("start", "--no-open", cwd=tmp_path, home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    copy = tmp_path / "pm-course"
    assert (
        "Open it with: cd pm-course && jupyter lab --ServerApp.root_dir=. "
        "notebooks/01-start-here.ipynb"
    ) in done.stdout
    # what the notebooks send learners to read is in the copy
    assert (copy / "docs" / "sources.md").read_text() == (REPO / "docs" / "sources.md").read_text()
    assert (copy / MANIFEST).is_file()
    released = load_bank(copy / "exercises")
    full = load_bank()
    assert sorted(released) == sorted(full)
    assert released.fingerprint() == full.fingerprint()
    text = "".join(p.read_text() for p in (copy / "exercises").glob("*.toml"))
    assert not [t for t in key_texts(full) if t in text], "the copy carries keys"
    notebook = copy / "notebooks" / "02-what-is-a-project.ipynb"
    mine = json.loads(notebook.read_text())
    mine["cells"][0]["source"] = ["My notes\n"]
    notebook.write_text(json.dumps(mine))

    again = pm_course("start", "pm-course", "--no-open", cwd=tmp_path, home=tmp_path / "home")
    assert again.returncode == 0, again.stderr
    assert "Kept your own version" in again.stdout and notebook.name in again.stdout
    assert json.loads(notebook.read_text()) == mine

    forced = pm_course("start", "--overwrite", "--no-open", cwd=tmp_path, home=tmp_path / "home")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(notebook.read_text()) != mine
    backup = notebook.with_name("02-what-is-a-project.mine-1.ipynb")
    assert json.loads(backup.read_text()) == mine
    assert f"Saved your earlier version as {backup.name}" in forced.stdout


def test_start_leaves_a_folder_of_other_files_alone(tmp_path):
    (tmp_path / "thesis.tex").write_text("mine")
    done = pm_course("start", ".", "--no-open", cwd=tmp_path, home=tmp_path / "home")
    assert done.returncode == 2 and "left untouched" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]


def test_version_and_python_dash_m(tmp_path):
    done = pm_course("--version", cwd=tmp_path, home=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"pm-course {course.__version__}"


def test_start_never_touches_the_full_course(tmp_path):
    full = tmp_path / "full-course"
    shutil.copytree(REPO / "exercises", full / "exercises")
    done = pm_course("start", str(full), "--no-open", cwd=tmp_path, home=tmp_path / "home")
    assert done.returncode == 2 and "holds the full course" in done.stderr
    assert not (full / MANIFEST).exists()
    assert load_bank(full / "exercises").fingerprint().startswith("sha256:")  # still loads


def test_start_opens_jupyterlab_at_the_first_notebook(tmp_path):
    """``--port N --no-browser`` replaces the command with JupyterLab on that port, outside
    a terminal too, serving the copy's folder (docs/ included), asked over HTTP."""
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k not in ("PM_COURSE_ROOT", "JUPYTERHUB_USER")}
    env.update(
        PM_COURSE_HOME=str(tmp_path / "home"),
        JUPYTER_TOKEN=token,
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
    )
    cmd = [sys.executable, "-m", "course", "start", "--port", str(port), "--no-browser"]
    process = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/api/contents?token={token}"  # root: the copy

        def serving():
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    return json.load(answer)
            except OSError:
                return None

        deadline = time.monotonic() + 90
        while (listing := serving()) is None and time.monotonic() < deadline:
            assert process.poll() is None, "pm-course start --port --no-browser exited"
            time.sleep(0.2)
        assert listing is not None, "JupyterLab did not answer within 90 s"
        names = {item["name"] for item in listing["content"]}
        assert {"notebooks", "exercises", "docs"} <= names, names
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def test_start_opens_jupyterlab_by_default_only_in_a_terminal_off_a_hub(monkeypatch):
    from course.learner.start import should_open

    class Terminal:
        def __init__(self, tty=True):
            self.tty = tty

        def isatty(self):
            return self.tty

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", Terminal())
    for name in ("JUPYTERHUB_USER", "JPY_SESSION_NAME", "JPY_PARENT_PID"):
        monkeypatch.delenv(name, raising=False)
    assert should_open()
    monkeypatch.setenv("JUPYTERHUB_USER", "dave")
    assert not should_open()
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.setattr(sys, "stdin", Terminal(tty=False))  # input piped in
    assert not should_open()
