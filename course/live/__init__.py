"""The live class view: the instructor sees the room's answers while the workshop runs.

* ``pm-course live --class CODE`` starts the server (:mod:`course.live.run`);
  on a JupyterHub, ``pm-course live --hub`` runs it as a hub service.
* Learners run ``course.join(URL, CODE)`` (:func:`course.live.client.join`).
* :func:`dashboard` puts a link to the dashboard in a notebook (it opens in its
  own tab: the dashboard refuses to be framed, so no other page can read it).

Modules: ``store`` (SQLite events), ``wire`` (what a post must look like),
``tally`` (what the dashboard counts), ``auth``/``hub`` (who may post or
watch), ``server`` (tornado handlers), ``page`` (HTML), ``client`` (learners).
"""

from __future__ import annotations

from course.live.client import join, leave


def dashboard(url: str):
    """A link that opens the dashboard (its URL with ``?token=``, as printed at start).

    The dashboard sends ``frame-ancestors 'none'``: framed in a notebook's
    output, any page on the same origin could read the names it shows, so it
    opens in a tab of its own instead.
    """
    import html

    from IPython.display import HTML

    href = html.escape(url, quote=True)
    return HTML(
        f'<a href="{href}" target="_blank" rel="noopener noreferrer">'
        "Open the live class view's dashboard</a> (in a new tab; keep its address to yourself)"
    )


__all__ = ["dashboard", "join", "leave"]
