"""Waiting now per agency: a count and the longest wait, from when each ticket joined the
queue it waits in (a transferred ticket: its transfer)."""

from datetime import datetime, timedelta

from kiosk.counters.calling import WaitingTicket
from kiosk.counters.waiting_now import from_json, to_json, waiting_now

TEN = datetime.fromisoformat("2026-11-23T10:00:00+07:00")


def ticket(n, agency, issued_min_ago, queued_min_ago=None):
    return WaitingTicket(id=f"t{n}", number=f"A-{n:03d}", group="A", service_id="s",
                         agency_id=agency, priority=None, booked=False,
                         issued_at=TEN - timedelta(minutes=issued_min_ago),
                         queued_at=(TEN - timedelta(minutes=queued_min_ago)
                                    if queued_min_ago is not None else None))


def test_count_and_longest_wait_per_agency_in_catalog_order():
    now = waiting_now([ticket(1, "imigrasi", 7), ticket(2, "dukcapil", 30, queued_min_ago=4),
                       ticket(3, "dukcapil", 9)], TEN, ["dukcapil", "imigrasi", "bpjs"])
    assert [(a.agency_id, a.count, a.oldest_wait_min) for a in now.agencies] == [
        ("dukcapil", 2, 9), ("imigrasi", 1, 7), ("bpjs", 0, 0)]
    assert now.total == 3 and not now.whole_mpp
    assert from_json(to_json(now)).agencies == now.agencies
