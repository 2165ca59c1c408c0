"""Small builders for the counter tests: tickets at given minutes past 08:00 WIB, counters."""

from datetime import datetime, timedelta, timezone

from kiosk.counters import OPEN, Counter, WaitingTicket, call_next, in_priority_series

WIB = timezone(timedelta(hours=7))
OPENING = datetime(2026, 12, 1, 8, 0, tzinfo=WIB)


def at(minute: float) -> datetime:
    return OPENING + timedelta(minutes=minute)


def ticket(number: str, minute: float, *, priority=None, booked=False, service="dukcapil-ktp",
           agency="dukcapil", group=None, queued=None, front=False) -> WaitingTicket:
    """A-… numbers are regular, R-… the priority/booked series, unless `group` says else."""
    return WaitingTicket(id=number, number=number, group=group or number.split("-")[0],
                         service_id=service, agency_id=agency, priority=priority, booked=booked,
                         issued_at=at(minute), queued_at=None if queued is None else at(queued),
                         front=front)


def counter(cid="loket-1", agency="dukcapil", services=(), groups=()) -> Counter:
    return Counter(id=cid, name={"id": cid, "en": cid}, agency=agency, services=tuple(services),
                   groups=tuple(groups))


def run_calls(waiting, counters, *, policy, booked_first, history=(), states=None, until=None):
    """Press "call next" at the counters in turn until nothing is left (or `until` is called);
    returns the numbers in call order. This is what the officers do, one call at a time."""
    waiting, history, states = list(waiting), list(history), states or {}
    called, idle = [], 0
    while waiting and idle < len(counters):
        for desk in counters:
            choice = call_next(waiting, desk, state=states.get(desk.id, OPEN), policy=policy,
                               booked_first=booked_first, recent_priority=history)
            if choice is None:
                idle += 1
                continue
            idle = 0
            waiting.remove(choice)
            history.append(in_priority_series(choice, booked_first))
            called.append(choice.number)
            if choice.number == until:
                return called
    return called
