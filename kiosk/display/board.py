"""What the hall display shows, as a pure reducer over the hub's events.

    state = BoardState()
    state = reduce(state, Event(1, "snapshot", {...}), now)
    state = reduce(state, Event(2, "call", {...}), now)

Events (the hub's /v1/events stream): `snapshot` (counters, recent calls, waiting), `call`
(a call or a recall), `counter` (state and current number), `queue` (waiting per agency).
`disconnected(state)` keeps the last picture and flags it "terputus".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

RECENT = 10
HIGHLIGHT_S = 8
ANNOUNCE_MAX_AGE_S = 90     # a call replayed after a long outage is shown, not said


@dataclass(frozen=True)
class Event:
    id: int | None
    type: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Call:
    kind: str               # "call" | "recall"
    ticket_id: str
    number: str
    counter_id: str
    counter_name: dict
    agency_id: str
    service_id: str
    at: str                 # ISO time on the hub

    @classmethod
    def of(cls, data: dict) -> "Call":
        name = data.get("counter_name")
        return cls(kind=str(data.get("kind") or "call"), ticket_id=str(data.get("ticket_id") or ""),
                   number=str(data.get("number") or ""), counter_id=str(data.get("counter_id") or ""),
                   counter_name=name if isinstance(name, dict) else {"id": str(name or ""), "en": str(name or "")},
                   agency_id=str(data.get("agency_id") or ""), service_id=str(data.get("service_id") or ""),
                   at=str(data.get("at") or ""))

    def at_time(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.at.replace("Z", "+00:00"))
        except ValueError:
            return None


@dataclass(frozen=True)
class Counter:
    counter_id: str
    name: dict
    agency_id: str
    state: str              # "open" | "paused" | "closed"
    current: str | None


@dataclass(frozen=True)
class Waiting:
    count: int
    next: tuple[str, ...]


@dataclass(frozen=True)
class BoardState:
    counters: tuple[Counter, ...] = ()
    latest: Call | None = None
    highlight_until: datetime | None = None
    recent: tuple[Call, ...] = ()          # newest first, one line per ticket
    waiting: dict[str, Waiting] = field(default_factory=dict)
    connected: bool = False
    has_data: bool = False                 # a snapshot arrived at least once
    last_event_id: int | None = None
    # This PC's clock minus the hub's, from the last snapshot's server_time: a call's age
    # is judged on the hub's clock, so a display PC whose clock is off still speaks.
    skew_s: float = 0.0

    def highlighted(self, now: datetime) -> bool:
        return self.highlight_until is not None and now < self.highlight_until

    def counter(self, counter_id: str) -> Counter | None:
        return next((c for c in self.counters if c.counter_id == counter_id), None)

    @property
    def open_counters(self) -> int:
        return sum(1 for c in self.counters if c.state == "open")


def reduce(state: BoardState, event: Event, now: datetime, highlight_s: float = HIGHLIGHT_S
           ) -> BoardState:
    """The state after one event; an event of unknown type or shape changes nothing."""
    handler = _HANDLERS.get(event.type)
    if handler is None or not isinstance(event.data, dict):
        return state
    try:
        new = handler(state, event.data, now, highlight_s)
    except (TypeError, ValueError, AttributeError, KeyError):
        return state    # a malformed event is dropped; the picture stays right
    return replace(new, last_event_id=event.id if event.id is not None else state.last_event_id)


def disconnected(state: BoardState) -> BoardState:
    return replace(state, connected=False)


def should_announce(event: Event, now: datetime, max_age_s: float = ANNOUNCE_MAX_AGE_S,
                    skew_s: float = 0.0) -> bool:
    """A live call is said; one replayed from long ago (after an outage) only shown."""
    if event.type != "call":
        return False
    at = Call.of(event.data).at_time()
    if at is None or at.tzinfo is None or now.tzinfo is None:
        return True
    return (now - at).total_seconds() - skew_s <= max_age_s


def _skew(data: dict, now: datetime, old: float) -> float:
    try:
        server = datetime.fromisoformat(str(data.get("server_time")).replace("Z", "+00:00"))
        return (now - server).total_seconds() if server.tzinfo and now.tzinfo else old
    except ValueError:
        return old


def _counter(data: dict) -> Counter:
    name = data.get("name")
    return Counter(counter_id=str(data["counter_id"]),
                   name=name if isinstance(name, dict) else {"id": str(name or data["counter_id"])},
                   agency_id=str(data.get("agency_id") or ""), state=str(data.get("state") or "open"),
                   current=data.get("current") or None)


def _waiting(data: dict) -> Waiting:
    return Waiting(count=int(data.get("count") or 0), next=tuple(str(n) for n in data.get("next") or ()))


def _snapshot(state: BoardState, data: dict, now: datetime, highlight_s: float) -> BoardState:
    counters = tuple(_counter(c) for c in data.get("counters") or ())
    calls = [Call.of(c) for c in data.get("recent_calls") or ()]
    calls.sort(key=lambda c: c.at, reverse=True)
    recent = _unique(calls)[:RECENT]
    waiting = {str(k): _waiting(v) for k, v in (data.get("waiting") or {}).items()}
    # The latest call is kept highlighted only if it is the one already being shown.
    latest = recent[0] if recent else None
    keep = state.latest is not None and latest is not None and latest.ticket_id == state.latest.ticket_id \
        and latest.at == state.latest.at
    return replace(state, counters=counters, recent=recent, waiting=waiting, latest=latest,
                   highlight_until=state.highlight_until if keep else None,
                   connected=True, has_data=True, skew_s=_skew(data, now, state.skew_s))


def _call(state: BoardState, data: dict, now: datetime, highlight_s: float) -> BoardState:
    call = Call.of(data)
    if not call.number:
        raise ValueError("call without a number")
    recent = _unique((call, *state.recent))[:RECENT]
    counters = state.counters
    if state.counter(call.counter_id):
        counters = tuple(replace(c, current=call.number) if c.counter_id == call.counter_id else c
                         for c in counters)
    else:
        counters = (*counters, Counter(call.counter_id, call.counter_name, call.agency_id,
                                       "open", call.number))
    return replace(state, latest=call, highlight_until=now + timedelta(seconds=highlight_s),
                   recent=recent, counters=counters, connected=True)


def _counter_event(state: BoardState, data: dict, now: datetime, highlight_s: float) -> BoardState:
    cid = str(data["counter_id"])
    old = state.counter(cid)
    if old is None:
        return replace(state, counters=(*state.counters, _counter(data)), connected=True)
    new = replace(old, state=str(data.get("state") or old.state),
                  current=data["current"] if "current" in data else old.current)
    return replace(state, counters=tuple(new if c.counter_id == cid else c for c in state.counters),
                   connected=True)


def _queue(state: BoardState, data: dict, now: datetime, highlight_s: float) -> BoardState:
    waiting = dict(state.waiting)
    waiting[str(data["agency_id"])] = _waiting(data)
    return replace(state, waiting=waiting, connected=True)


def _unique(calls) -> tuple[Call, ...]:
    """Newest first, each ticket once: a recall moves the ticket back to the top."""
    seen, out = set(), []
    for c in calls:
        key = c.ticket_id or c.number
        if key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)


_HANDLERS = {"snapshot": _snapshot, "call": _call, "counter": _counter_event, "queue": _queue}
