"""The board's picture as a reducer: what a visitor in the hall would see after events."""

from datetime import datetime, timedelta, timezone

from kiosk.display.board import BoardState, Event, disconnected, reduce, should_announce
from sse_hub import call

NOW = datetime(2026, 11, 30, 9, 0, 5, tzinfo=timezone(timedelta(hours=7)))


def snapshot(**over):
    data = {"counters": [
        {"counter_id": "loket-1", "name": {"id": "Loket 1", "en": "Counter 1"}, "agency_id": "dukcapil",
         "state": "open", "current": "A-010"},
        {"counter_id": "loket-2", "name": {"id": "Loket 2", "en": "Counter 2"}, "agency_id": "dukcapil",
         "state": "paused", "current": None}],
        "recent_calls": [call("A-009", 1, at="2026-11-30T08:58:00+07:00"),
                         call("A-010", 1, at="2026-11-30T08:59:00+07:00")],
        "waiting": {"dukcapil": {"count": 3, "next": ["A-011", "A-012"]}},
        "server_time": "2026-11-30T09:00:00+07:00"}
    data.update(over)
    return Event(5, "snapshot", data)


def test_snapshot_sets_the_picture_without_highlighting_old_news():
    s = reduce(BoardState(), snapshot(), NOW)
    assert s.connected and s.has_data and s.last_event_id == 5
    assert [c.current for c in s.counters] == ["A-010", None]
    assert [c.number for c in s.recent] == ["A-010", "A-009"]
    assert s.latest.number == "A-010" and not s.highlighted(NOW)
    assert s.waiting["dukcapil"].next == ("A-011", "A-012")
    assert s.open_counters == 1


def test_a_call_is_the_latest_highlighted_for_a_while_and_updates_its_counter():
    s = reduce(BoardState(), snapshot(), NOW)
    s = reduce(s, Event(6, "call", call("A-011", 2)), NOW, highlight_s=8)
    assert s.latest.number == "A-011" and s.latest.counter_name["id"] == "Loket 2"
    assert s.highlighted(NOW + timedelta(seconds=7)) and not s.highlighted(NOW + timedelta(seconds=9))
    assert s.counter("loket-2").current == "A-011"
    assert [c.number for c in s.recent] == ["A-011", "A-010", "A-009"]


def test_a_recall_moves_the_ticket_to_the_top_once():
    s = reduce(BoardState(), snapshot(), NOW)
    s = reduce(s, Event(6, "call", call("A-009", 1, kind="recall")), NOW)
    assert [c.number for c in s.recent] == ["A-009", "A-010"]
    assert s.latest.kind == "recall"


def test_only_the_last_ten_calls_are_kept():
    s = BoardState()
    for n in range(1, 15):
        s = reduce(s, Event(n, "call", call(f"B-{n:03d}", 1 + n % 3)), NOW)
    assert [c.number for c in s.recent] == [f"B-{n:03d}" for n in range(14, 4, -1)]
    assert {c.counter_id for c in s.counters} == {"loket-1", "loket-2", "loket-3"}


def test_counter_and_queue_events():
    s = reduce(BoardState(), snapshot(), NOW)
    s = reduce(s, Event(6, "counter", {"counter_id": "loket-1", "state": "paused", "current": None}), NOW)
    s = reduce(s, Event(7, "queue", {"agency_id": "bpjs", "count": 1, "next": ["B-001"]}), NOW)
    assert s.counter("loket-1").state == "paused" and s.counter("loket-1").current is None
    assert s.waiting["bpjs"].count == 1 and s.last_event_id == 7


def test_terputus_keeps_the_last_picture_and_bad_events_change_nothing():
    s = reduce(BoardState(), snapshot(), NOW)
    off = disconnected(s)
    assert not off.connected and off.recent == s.recent and off.counters == s.counters
    assert reduce(off, Event(8, "call", {"number": None}), NOW) == off
    assert reduce(off, Event(8, "counter", {"state": "open"}), NOW) == off
    assert reduce(off, Event(8, "weather", {"x": 1}), NOW) == off


def test_live_calls_are_announced_replays_from_long_ago_are_not():
    assert should_announce(Event(1, "call", call("A-1", 1, at="2026-11-30T09:00:00+07:00")), NOW)
    assert not should_announce(Event(1, "call", call("A-1", 1, at="2026-11-30T08:50:00+07:00")), NOW)
    assert not should_announce(Event(1, "counter", {"counter_id": "x"}), NOW)


def test_a_display_pc_with_a_wrong_clock_still_announces_live_calls():
    """The hub says 09:00:00; this PC's clock is an hour and a bit fast."""
    fast = NOW + timedelta(hours=1, minutes=7)
    s = reduce(BoardState(), snapshot(), fast)
    live = Event(6, "call", call("A-1", 1, at="2026-11-30T09:00:03+07:00"))
    old = Event(6, "call", call("A-1", 1, at="2026-11-30T08:50:00+07:00"))
    assert should_announce(live, fast, skew_s=s.skew_s)
    assert not should_announce(old, fast, skew_s=s.skew_s)
    assert not should_announce(live, fast)          # what it would do without the skew


def test_the_controller_announces_calls_and_recalls_but_not_snapshots():
    from kiosk.display.controller import BoardController
    from kiosk.voice import VoiceOptions

    c = BoardController(VoiceOptions(languages=("id", "en")))
    assert c.apply(snapshot(), NOW) is None
    first = c.apply(Event(6, "call", call("A-013", 3, at="2026-11-30T09:00:04+07:00")), NOW)
    again = c.apply(Event(7, "call", call("A-013", 3, kind="recall", at="2026-11-30T09:00:05+07:00")), NOW)
    assert first.keys == again.keys
    assert first.keys[:7] == ["chime", "nomor_antrean", "letter_a", "num_13", "silakan_menuju",
                              "loket", "num_3"]
    assert first.texts["en"] == "Number A-013, please go to Counter 3"
    bad = c.apply(Event(8, "call", call("A--1", 2, at="2026-11-30T09:00:05+07:00")), NOW)
    assert bad is None and c.state.latest.number == "A--1"      # shown, not said
    quiet = BoardController(voice=False)
    assert quiet.apply(Event(6, "call", call("A-013", 3, at="2026-11-30T09:00:04+07:00")), NOW) is None
