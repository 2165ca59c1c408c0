"""The calling rule, table by table: which number "Panggil berikutnya" gives a counter."""

import pytest

from kiosk.counters import (
    CLOSED, FIRST, INTERLEAVE, OPEN, PAUSED, CallingPolicy, call_next, transferred,
)

from counters_support import at, counter, run_calls, ticket

FIRST_POLICY = CallingPolicy(FIRST)
EVERY_3 = CallingPolicy(INTERLEAVE, priority_every=3)

REGULARS = [ticket(f"A-{n:03d}", n) for n in range(1, 8)]
PRIORITIES = [ticket(f"R-{n:03d}", 10 + n, priority="lansia") for n in range(1, 4)]

CASES = {
    # name: (waiting, policy, booked_first, history, expected call order)
    "fifo by issue time, not by number": (
        [ticket("A-001", 0), ticket("A-002", 5), ticket("A-003", 1)], FIRST_POLICY, False, (),
        ["A-001", "A-003", "A-002"]),
    "priority first": (
        [ticket("A-001", 0), ticket("A-002", 1), ticket("R-001", 2, priority="hamil"),
         ticket("R-002", 3, priority="disabilitas")], FIRST_POLICY, False, (),
        ["R-001", "R-002", "A-001", "A-002"]),
    "interleave 3:1 (a waiting priority takes the day's first call)": (
        REGULARS + PRIORITIES, EVERY_3, False, (),
        ["R-001", "A-001", "A-002", "A-003", "R-002", "A-004", "A-005", "A-006", "R-003",
         "A-007"]),
    "interleave 3:1 continues the agency's history": (
        REGULARS + PRIORITIES, EVERY_3, False, (False, True, False),
        ["A-001", "A-002", "R-001", "A-003", "A-004", "A-005", "R-002", "A-006", "A-007",
         "R-003"]),
    "interleave falls back to whichever series waits": (
        REGULARS[:2] + PRIORITIES, EVERY_3, False, (),
        ["R-001", "A-001", "A-002", "R-002", "R-003"]),
    "booked first on: a booking comes before earlier walk-ins": (
        [ticket("A-001", 0), ticket("A-002", 1), ticket("R-001", 9, booked=True)],
        FIRST_POLICY, True, (), ["R-001", "A-001", "A-002"]),
    "booked first off: a booking queues from check-in": (
        [ticket("A-001", 0), ticket("A-003", 9, booked=True), ticket("A-002", 1)],
        FIRST_POLICY, False, (), ["A-001", "A-002", "A-003"]),
    "transfer to the front: before priority and earlier numbers": (
        [ticket("A-001", 0), ticket("R-001", 1, priority="lansia"),
         ticket("A-050", 40, queued=45, front=True)], FIRST_POLICY, False, (),
        ["A-050", "R-001", "A-001"]),
    "transfer to the back: queues from the transfer time": (
        [ticket("A-001", 0, queued=30), ticket("A-002", 10), ticket("A-003", 40)],
        FIRST_POLICY, False, (), ["A-002", "A-001", "A-003"]),
}


@pytest.mark.parametrize("name", CASES)
def test_call_order(name):
    waiting, policy, booked_first, history, expected = CASES[name]
    assert run_calls(waiting, [counter()], policy=policy, booked_first=booked_first,
                     history=history) == expected


@pytest.mark.parametrize("state, expected", [(OPEN, "A-001"), (PAUSED, None), (CLOSED, None)])
def test_paused_and_closed_counters_get_nothing(state, expected):
    choice = call_next([ticket("A-001", 0)], counter(), state=state, policy=FIRST_POLICY,
                       booked_first=False)
    assert (choice.number if choice else None) == expected


def test_paused_counter_leaves_the_queue_to_the_others():
    waiting = [ticket(f"A-00{n}", n) for n in range(1, 4)]
    desks = [counter("loket-1"), counter("loket-2")]
    called = run_calls(waiting, desks, policy=FIRST_POLICY, booked_first=False,
                       states={"loket-1": PAUSED})
    assert called == ["A-001", "A-002", "A-003"]


SCOPES = {
    # counter scope -> numbers it calls, in order, from the mixed queue below
    "whole agency": ({}, ["R-001", "A-001", "A-002", "A-003"]),
    "one service": ({"services": ["dukcapil-akta"]}, ["A-002"]),
    "priority group only": ({"groups": ["R"]}, ["R-001"]),
    "service and group": ({"services": ["dukcapil-ktp"], "groups": ["A"]}, ["A-001", "A-003"]),
    "another agency": ({"agency": "imigrasi"}, ["B-001"]),
}


@pytest.mark.parametrize("name", SCOPES)
def test_a_counter_calls_only_what_it_serves(name):
    scope, expected = SCOPES[name]
    waiting = [ticket("A-001", 0), ticket("A-002", 1, service="dukcapil-akta"),
               ticket("R-001", 2, priority="lansia"), ticket("A-003", 3),
               ticket("B-001", 0, agency="imigrasi", service="imigrasi-paspor")]
    assert run_calls(waiting, [counter(**scope)], policy=FIRST_POLICY,
                     booked_first=False) == expected


def test_transferred_ticket_keeps_its_number_and_joins_the_target_queue():
    passport = [ticket("B-001", 0, agency="imigrasi", service="imigrasi-paspor"),
                ticket("B-002", 5, agency="imigrasi", service="imigrasi-paspor")]
    moved = ticket("A-007", 2)
    back = transferred(moved, service_id="imigrasi-paspor", agency_id="imigrasi", group="B",
                       at=at(30), to_front=False)
    front = transferred(moved, service_id="imigrasi-paspor", agency_id="imigrasi", group="B",
                        at=at(30), to_front=True)
    desk = counter("loket-5", agency="imigrasi")
    assert run_calls(passport + [back], [desk], policy=FIRST_POLICY,
                     booked_first=False) == ["B-001", "B-002", "A-007"]
    assert run_calls(passport + [front], [desk], policy=FIRST_POLICY,
                     booked_first=False) == ["A-007", "B-001", "B-002"]
    # the Dukcapil counter it left no longer sees it
    assert call_next([back], counter(), state=OPEN, policy=FIRST_POLICY,
                     booked_first=False) is None
