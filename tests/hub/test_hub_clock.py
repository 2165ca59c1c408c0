"""Time is part of the data: a real hub on 127.0.0.1 refuses what a kiosk with a wrong
clock would file under another day or in the future (kiosk.ops.clock)."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

import hub_support
from hub_support import Hub
from kiosk import config
from kiosk.queueing import Refused
from kiosk.hub.client import RemoteService
from kiosk.service import LocalService

EVENING = "2026-11-23T20:00:00+07:00"       # the hub's clock (Monday evening, WIB)


@pytest.fixture
def hub_at(tmp_path, monkeypatch):
    hubs = []

    def start(now: str) -> Hub:
        monkeypatch.setattr(hub_support, "NOW", now)
        folder = tmp_path / f"hub{len(hubs)}"
        folder.mkdir()
        hub = Hub(folder)
        hub.start()
        hubs.append(hub)
        return hub
    yield start
    for hub in hubs:
        hub.close()


def offline_ticket(day: str, at: datetime, seq: int, id_: str = "0000000001") -> dict:
    return {"id": id_, "day": day, "group": "A", "seq": seq, "service_id": "dukcapil-ktp",
            "people_ahead": 0, "wait_minutes": 0, "issued_at": at.isoformat()}


def test_a_kiosk_six_hours_ahead_cannot_file_anything_under_tomorrow(hub_at, tmp_path):
    hub = hub_at(EVENING)
    ahead = datetime.fromisoformat(EVENING) + timedelta(hours=6)     # 02:00 on Tuesday
    settings = config.load(hub.config)
    settings = replace(settings, kiosk_id="K6", hub_url=hub.url, hub_token=hub.token("K6"),
                       store_path=tmp_path / "k6.sqlite3")
    kiosk = RemoteService(settings, LocalService(settings, clock=lambda: ahead),
                          start_sync=False, timeout=(0.5, 2.0))
    try:
        kiosk.sync_now()                               # asks for Tuesday's offline numbers
        assert kiosk.outbox.remaining("2026-11-24", "A") == 0
        hub.kill()                                     # the network goes: offline numbering
        with pytest.raises(Refused):
            kiosk.issue_ticket("dukcapil-ktp")
    finally:
        kiosk.close()
        kiosk.store.close()
    assert hub.store.blocks("2026-11-24") == []
    assert hub.store.tickets(day="2026-11-24") == []


def test_blocks_and_offline_tickets_for_tomorrow_are_refused_plainly(hub_at):
    hub = hub_at(EVENING)
    token = hub.token("K1")
    r = hub.post("/v1/blocks", token, key="block-tomorrow-1",
                 json={"day": "2026-11-24", "group": "A", "size": 20})
    assert r.status_code == 409 and r.json()["kind"] == "wrong_day"
    assert "hub's day is 2026-11-23" in r.json()["message_en"]
    assert "ditolak" in r.json()["message_id"]
    r = hub.post("/v1/blocks", token, key="block-today-1",
                 json={"day": "2026-11-23", "group": "A", "size": 20})
    assert r.status_code == 201
    first = r.json()["start"]

    tomorrow = datetime.fromisoformat("2026-11-24T02:00:00+07:00")
    r = hub.post("/v1/tickets/offline", token, json=offline_ticket("2026-11-24", tomorrow, 1))
    assert r.status_code == 409 and r.json()["kind"] == "wrong_day"
    # Its own day, but a time six hours ahead of the hub's clock.
    r = hub.post("/v1/tickets/offline", token, json=offline_ticket("2026-11-23", tomorrow, first))
    assert r.status_code == 409
    evening = datetime.fromisoformat(EVENING) - timedelta(minutes=10)
    r = hub.post("/v1/tickets/offline", token, json=offline_ticket("2026-11-23", evening, first))
    assert r.status_code == 201, r.text


def test_yesterdays_offline_tickets_still_arrive_the_next_morning(hub_at):
    hub = hub_at(EVENING)
    token = hub.token("K1")
    block = hub.store.reserve_block("K1:yesterday", "K1", "2026-11-22", "A", 5)
    sunday = datetime.fromisoformat("2026-11-22T15:00:00+07:00")
    r = hub.post("/v1/tickets/offline", token, json=offline_ticket("2026-11-22", sunday, block.first))
    assert r.status_code == 201, r.text


def test_votes_and_answers_from_the_future_are_refused(hub_at):
    hub = hub_at(EVENING)
    token = hub.token("K1")
    now = datetime.fromisoformat(EVENING)
    two_hours = (now + timedelta(hours=2)).isoformat()
    r = hub.post("/v1/votes", token, key="vote-ahead-0001", json={"face": 4, "at": two_hours,
                                                                 "agency_id": "dukcapil"})
    assert r.status_code == 409 and r.json()["kind"] == "time_ahead"
    assert "120 minutes ahead" in r.json()["message_en"]
    r = hub.post("/v1/skm", token, key="skm-ahead-0001", json={
        "profile": {}, "answers": {}, "agency_id": "dukcapil", "at": two_hours})
    assert r.status_code == 409 and r.json()["kind"] == "time_ahead"
    a_little = (now + timedelta(minutes=2)).isoformat()
    r = hub.post("/v1/votes", token, key="vote-ahead-0002", json={"face": 4, "at": a_little,
                                                                 "agency_id": "dukcapil"})
    assert r.status_code == 200, r.text


def test_around_midnight_the_next_day_is_the_hubs_too(hub_at):
    hub = hub_at("2026-11-23T23:50:00+07:00")
    token = hub.token("K1")
    r = hub.post("/v1/blocks", token, key="block-midnight-1",
                 json={"day": "2026-11-24", "group": "A", "size": 20})
    assert r.status_code == 201, r.text
    r = hub.post("/v1/blocks", token, key="block-midnight-2",
                 json={"day": "2026-11-25", "group": "A", "size": 20})
    assert r.status_code == 409
