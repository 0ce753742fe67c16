"""The live class view: the instructor sees the room's answers while the workshop runs.

* ``pm-course live --class CODE`` starts the server (:mod:`course.live.run`);
  on a JupyterHub, ``pm-course live --hub`` runs it as a hub service.
* Learners run ``course.join(URL, CODE)`` (:func:`course.live.client.join`).
* :func:`dashboard` shows the dashboard inside a notebook.

Modules: ``store`` (SQLite events), ``wire`` (what a post must look like),
``tally`` (what the dashboard counts), ``auth``/``hub`` (who may post or
watch), ``server`` (tornado handlers), ``page`` (HTML), ``client`` (learners).
"""

from __future__ import annotations

from course.live.client import join, leave


def dashboard(url: str, height: int = 720):
    """Show the dashboard (its URL with ``?token=``, as printed at start) inside a notebook."""
    from IPython.display import IFrame

    return IFrame(url, width="100%", height=height)


__all__ = ["dashboard", "join", "leave"]
