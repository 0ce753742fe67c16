from course.learner import events


def test_listeners_hear_events_and_their_notices_come_back():
    heard = []

    def listener(event):
        heard.append(event)
        return "live view not reachable"

    events.subscribe(listener)
    events.subscribe(listener)  # once, however often added
    try:
        notices = events.emit({"exercise": "warm-up", "action": "check"})
    finally:
        events.unsubscribe(listener)
    assert heard == [{"exercise": "warm-up", "action": "check"}]
    assert notices == ["live view not reachable"]
    assert events.emit({"exercise": "warm-up"}) == []


def test_a_listener_that_raises_is_skipped():
    def broken(event):
        raise RuntimeError("boom")

    def quiet(event):
        return None

    events.subscribe(broken)
    events.subscribe(quiet)
    try:
        assert events.emit({"exercise": "x"}) == []
    finally:
        events.unsubscribe(broken)
        events.unsubscribe(quiet)
