"""The hall display's event feed (kiosk.display.feed) against the real hub on SQLite and
PostgreSQL: the snapshot, a call made at a counter, and after the hub restarts the feed
resumes from its last event id without missing the call made meanwhile."""

import queue

import requests

from kiosk.display.feed import EventFeed
from kiosk.hub.accounts import Accounts


def test_a_display_feed_follows_calls_across_a_hub_restart(hub):
    kiosk = hub.token("K1")
    numbers = []
    for i in range(2):
        ticket = hub.post("/v1/tickets", kiosk, key=f"feed-issue-{i}",
                          json={"service_id": "dukcapil-ktp"}).json()
        hub.post(f"/v1/tickets/{ticket['id']}/printed", kiosk)
        numbers.append(ticket["number"])
    Accounts(hub.store).add("siti", "rahasia-panjang", "officer", "dukcapil")
    siti = requests.post(hub.url + "/v1/staff/login", timeout=10, json={
        "username": "siti", "password": "rahasia-panjang"}).json()["token"]
    events: queue.Queue = queue.Queue()
    feed = EventFeed(hub.url, hub.store.new_token("TV1", kind="display"), events.put,
                     backoff_s=(0.2, 0.5)).start()

    def next_of(kind):
        while True:
            event = events.get(timeout=15)
            if event.type == kind:
                return event
    try:
        assert next_of("snapshot").data["waiting"]["dukcapil"]["next"][:2] == numbers
        hub.post("/v1/counters/loket-1/call-next", siti, key="feed-call-1")
        call = next_of("call")
        assert call.data["number"] == numbers[0] and call.data["counter_id"] == "loket-1"
        hub.kill()
        hub.start()
        hub.post("/v1/counters/loket-1/finish", siti)
        hub.post("/v1/counters/loket-1/call-next", siti, key="feed-call-2")
        missed = next_of("call")                     # replayed after the reconnect
        assert missed.data["number"] == numbers[1] and missed.id > call.id
    finally:
        feed.stop()
