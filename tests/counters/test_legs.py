"""Replaying a ticket's recorded steps gives the legs its transfers closed (what the store
migration rebuilds for tickets transferred before legs were kept)."""

from datetime import datetime, timedelta

import pytest

from kiosk.counters.legs import Recorded, replay

T0 = datetime.fromisoformat("2026-11-23T09:00:00+07:00")


def at(minutes):
    return T0 + timedelta(minutes=minutes)


AGENCIES = {"dukcapil-akta": "dukcapil", "imigrasi-paspor": "imigrasi"}


def test_two_transfers_give_two_closed_legs():
    steps = [Recorded(at(10), "call", "loket-1"), Recorded(at(11), "start", "loket-1"),
             Recorded(at(15), 'transfer {"place": "back", "to_service": "dukcapil-akta"}',
                      "loket-1"),
             Recorded(at(20), "call", "loket-3"), Recorded(at(21), "recall {\"recall\": 1}",
                                                            "loket-3"),
             Recorded(at(24), 'transfer {"place": "front", "to_service": "imigrasi-paspor"}',
                      "loket-3"),
             Recorded(at(30), "call", "loket-5"), Recorded(at(40), "finish", "loket-5")]
    first, second = replay(agency_id="dukcapil", service_id="dukcapil-ktp", issued_at=at(0),
                           steps=steps, agency_of=AGENCIES.get)
    assert (first.service_id, first.queued_at, first.called_at, first.serving_at,
            first.ended_at, first.counter_id) == (
        "dukcapil-ktp", at(0), at(10), at(11), at(15), "loket-1")
    assert (second.agency_id, second.service_id, second.queued_at, second.called_at,
            second.serving_at, second.ended_at) == (
        "dukcapil", "dukcapil-akta", at(15), at(20), None, at(24))
    times = second.times()
    assert (times.waiting_minutes, times.service_minutes) == (5, 4)


@pytest.mark.parametrize("steps", [[], [Recorded(at(3), "call", "loket-1"),
                                        Recorded(at(9), "finish", "loket-1")]])
def test_no_transfer_no_closed_leg(steps):
    assert replay(agency_id="dukcapil", service_id="dukcapil-ktp", issued_at=at(0),
                  steps=steps, agency_of=AGENCIES.get) == []
