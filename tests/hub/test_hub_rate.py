"""Issuing has a pace: a burst of tickets from one kiosk is answered 429 with Retry-After
(a kiosk serves one visitor at a time), no kiosk empties a service's quota in a burst, and
a kiosk told to slow down stays online and keeps serving at a visitor's pace.

About the hub's in-memory rate limits only: SQLite alone."""

import time
from dataclasses import replace
from datetime import datetime

import pytest

from kiosk import config
from kiosk.hub.client import RemoteService
from kiosk.service import LocalService

from hub_support import NOW, Hub

# A small allowance keeps the test quick: 60 a minute (one a second), 3 at once.
SMALL = "[hub]\nissue_per_minute = 60\nissue_burst = 3\n"


@pytest.fixture
def paced(tmp_path):
    hub = Hub(tmp_path, None, SMALL)
    hub.start()
    yield hub
    hub.close()


def issue(hub, token, key, service="dukcapil-ktp"):
    return hub.post("/v1/tickets", token, key=key, json={"service_id": service})


def test_a_burst_over_the_rate_is_429_with_retry_after(paced):
    k1, k2 = paced.token("K1"), paced.token("K2")
    answers = [issue(paced, k1, f"burst-{i:04d}") for i in range(6)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429, 429, 429]
    slow = answers[3]
    assert slow.json()["kind"] == "slow_down" and int(slow.headers["Retry-After"]) >= 1
    assert "coba lagi" in slow.json()["message_id"]
    # the same request repeated (a lost answer) is not a new ticket: it is never refused
    repeat = issue(paced, k1, "burst-0001")
    assert repeat.status_code == 201 and repeat.json()["number"] == answers[1].json()["number"]
    assert issue(paced, k2, "other-0001").status_code == 201        # K2 has its own pace
    time.sleep(float(slow.headers["Retry-After"]))
    assert issue(paced, k1, "burst-0100").status_code == 201


def test_no_kiosk_takes_more_than_its_share_of_a_quota_in_a_burst(tmp_path):
    # imigrasi-paspor has a quota of 50: a quarter, 13 numbers, per kiosk in 10 minutes
    hub = Hub(tmp_path, None, "[hub]\nissue_per_minute = 6000\nissue_burst = 1000\n")
    hub.start()
    try:
        k1, k2 = hub.token("K1"), hub.token("K2")
        answers = [issue(hub, k1, f"share-{i:04d}", "imigrasi-paspor") for i in range(15)]
        assert [a.status_code for a in answers] == [201] * 13 + [429] * 2
        assert "quota" in answers[-1].json()["message_en"]
        assert issue(hub, k2, "share-k2-01", "imigrasi-paspor").status_code == 201
        assert issue(hub, k1, "share-ktp-1", "dukcapil-ktp").status_code == 201   # no quota
    finally:
        hub.close()


def test_a_kiosk_told_to_slow_down_stays_online_and_serves_at_a_visitors_pace(paced, tmp_path):
    settings = replace(config.load(paced.config), kiosk_id="K1", hub_url=paced.url,
                       hub_token=paced.token("K1"), store_path=tmp_path / "k1.sqlite3")
    fixed = datetime.fromisoformat(NOW)
    remote = RemoteService(settings, LocalService(settings, clock=lambda: fixed),
                           start_sync=False, timeout=(0.5, 3.0))
    try:
        assert remote.sync_now()
        for _ in range(3):
            remote.issue_ticket("dukcapil-ktp")
        with pytest.raises(ValueError, match="try again"):      # a plain message, once
            remote.issue_ticket("dukcapil-ktp")
        assert remote.online                      # not offline, no number from a block
        assert remote.outbox.count() == 0 or all(
            not e.key.startswith("ticket:") for e in remote.outbox.pending())
        numbers = []
        for _ in range(4):                        # a visitor every 1.1 s: all online
            time.sleep(1.1)
            numbers.append(remote.issue_ticket("dukcapil-ktp").number)
        assert remote.online
        local = remote.store.query("SELECT number FROM ticket WHERE kiosk_id='K1'")
        on_hub = {t.number for t in paced.store.tickets(kiosk_id="K1")}
        assert set(numbers) <= on_hub and len(local) == 7
    finally:
        remote.close()
        remote.store.close()
