"""Answer events: who else hears about a Check or a Save answer.

The exercise widget calls :func:`emit` once per Check (or Save answer) with a
small dict describing what happened. Listeners registered with
:func:`subscribe` (the live class view is one) receive it. A listener must
return quickly and never raise into the widget: :func:`emit` swallows its
errors, so a broken listener cannot break a learner's exercise.

A listener may return a short notice (for example ``"live view not
reachable"``); :func:`emit` returns the notices so the widget can show them in
one quiet line.

The event dict has these keys: ``exercise`` (id), ``type`` (exercise type),
``answer`` (the normalised answer, the shape :func:`course.grade` takes),
``score`` (``None`` for answers recorded without a key), ``max_score``,
``learner`` (the journal's learner id) and ``action`` (``"check"`` or
``"save"``).
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[dict], "str | None"]

_listeners: list[Listener] = []


def subscribe(listener: Listener) -> None:
    """Call ``listener(event)`` on every future answer event (once, however often added)."""
    if listener not in _listeners:
        _listeners.append(listener)


def unsubscribe(listener: Listener) -> None:
    """Stop calling ``listener``; no error if it was not subscribed."""
    if listener in _listeners:
        _listeners.remove(listener)


def emit(event: dict) -> list[str]:
    """Hand ``event`` to every listener; return the notices they gave back.

    A listener that raises is skipped: the learner's Check must never fail
    because of something listening to it.
    """
    notices = []
    for listener in list(_listeners):
        try:
            notice = listener(event)
        except Exception:  # noqa: BLE001 - a listener must never break the widget
            continue
        if notice:
            notices.append(str(notice))
    return notices
