"""The display's event feed against a real SSE server: snapshot, calls, drops, resume."""

import queue
import time

import pytest

from kiosk.display.board import Event
from kiosk.display.feed import EventFeed, parse
from sse_hub import SseHub, call


class Collector:
    def __init__(self):
        self.events: queue.Queue = queue.Queue()
        self.status: queue.Queue = queue.Queue()

    def on_event(self, event):
        self.events.put(event)

    def on_status(self, up, why):
        self.status.put((up, why))

    def next_event(self, timeout=5.0) -> Event:
        return self.events.get(timeout=timeout)

    def wait_status(self, up: bool, timeout=5.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got, why = self.status.get(timeout=max(0.01, deadline - time.monotonic()))
            if got == up:
                return why
        raise AssertionError(f"status {up} never came")


@pytest.fixture
def hub():
    server = SseHub()
    yield server
    server.stop()


def start(hub, got, token="rahasia", **kw):
    kw.setdefault("backoff_s", (0.05, 0.3))
    return EventFeed(hub.url, token, got.on_event, got.on_status, **kw).start()


def test_snapshot_first_then_calls_in_order(hub):
    hub.snapshot["counters"] = [{"counter_id": "loket-3", "name": {"id": "Loket 3", "en": "Counter 3"},
                                 "agency_id": "dukcapil", "state": "open", "current": None}]
    got = Collector()
    feed = start(hub, got)
    snap = got.next_event()
    assert (snap.type, snap.data["counters"][0]["counter_id"]) == ("snapshot", "loket-3")
    hub.push("call", call("A-013", 3))
    hub.push("counter", {"counter_id": "loket-3", "state": "paused", "current": None})
    hub.push("queue", {"agency_id": "dukcapil", "count": 4, "next": ["A-014", "A-015"]})
    events = [got.next_event() for _ in range(3)]
    assert [(e.id, e.type) for e in events] == [(1, "call"), (2, "counter"), (3, "queue")]
    assert events[0].data["number"] == "A-013"
    assert hub.requests[0]["Authorization"] == "Bearer rahasia"
    assert hub.requests[0]["Accept"] == "text/event-stream"
    assert hub.requests[0]["Accept-Encoding"] == "identity"
    assert "Last-Event-ID" not in hub.requests[0]
    feed.stop()


def test_after_a_drop_it_resumes_from_the_last_event_and_misses_nothing(hub):
    got = Collector()
    feed = start(hub, got)
    assert got.next_event().type == "snapshot"
    hub.push("call", call("A-001", 1))
    assert got.next_event().id == 1
    got.wait_status(True)
    hub.stop()                                     # the hub goes away ...
    assert got.wait_status(False)
    hub.push("call", call("A-002", 2))             # ... calls made meanwhile are kept ...
    hub.push("call", call("A-003", 1, kind="recall"))
    hub.start()                                    # ... and it comes back on the same port
    replayed = [got.next_event(timeout=10) for _ in range(2)]
    assert [(e.id, e.data["number"]) for e in replayed] == [(2, "A-002"), (3, "A-003")]
    assert hub.requests[-1]["Last-Event-ID"] == "1"
    hub.push("call", call("A-004", 2))
    assert got.next_event().data["number"] == "A-004"
    assert got.events.empty()                      # nothing twice
    feed.stop()


def test_a_cut_stream_reconnects_and_resumes(hub):
    got = Collector()
    feed = start(hub, got)
    got.next_event()
    hub.push("call", call("B-010", 4))
    assert got.next_event().id == 1
    hub.drop()
    got.wait_status(False)
    hub.push("call", call("B-011", 4))
    assert got.next_event(timeout=10).data["number"] == "B-011"
    assert hub.requests[-1]["Last-Event-ID"] == "1"
    feed.stop()


def test_a_silent_connection_is_given_up_and_retried(hub):
    hub.ping_s = 60                                  # a hub that stopped talking
    got = Collector()
    feed = start(hub, got, read_timeout_s=0.5)
    got.next_event()
    why = got.wait_status(False, timeout=5)
    assert why.startswith("dropped")
    assert len(hub.requests) >= 1
    feed.stop()


def test_pings_keep_a_quiet_connection_up(hub):
    hub.ping_s = 0.2
    got = Collector()
    feed = start(hub, got, read_timeout_s=0.6)
    got.next_event()
    time.sleep(1.5)
    assert len(hub.requests) == 1                    # never reconnected
    feed.stop()


def test_a_wrong_token_is_reported_plainly(hub):
    got = Collector()
    feed = start(hub, got, token="salah")
    why = got.wait_status(False)
    assert "401" in why and "token" in why
    assert got.events.empty()
    feed.stop()


def test_no_hub_at_all_is_unreachable_not_a_crash():
    got = Collector()
    feed = EventFeed("http://127.0.0.1:9", "x", got.on_event, got.on_status,
                     backoff_s=(0.05, 0.1)).start()
    assert got.wait_status(False).startswith("unreachable")
    feed.stop()


def test_parser_handles_crlf_multiline_data_comments_and_split_chunks():
    raw = (b": hello\r\nid: 7\r\nevent: call\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
           b"event: queue\ndata: {\"b\": 2}\n\nid: 9\ndata: not json\n\n")
    chunks = [raw[i:i + 5] for i in range(0, len(raw), 5)]
    out = list(parse(iter(chunks)))
    assert out[0] is None
    assert out[1] == Event(7, "call", {"a": 1})
    assert out[2] == Event(7, "queue", {"b": 2})     # the id carries over, as SSE says
    assert len(out) == 3                              # the non-JSON event is dropped
