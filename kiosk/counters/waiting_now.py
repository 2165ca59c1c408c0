"""Waiting now, per agency: how many tickets wait in its queues and how long the one waiting
longest has waited (the kiosk's staff panel; the hub's GET /v1/panel/waiting).

A ticket waits from when it joined the queue it is in (issued, or transferred into it)
until a counter calls it (kiosk.counters.life.WAITING). Pure: the caller passes the
waiting tickets (kiosk.counters.calling.WaitingTicket) and `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence


@dataclass(frozen=True)
class AgencyWaiting:
    agency_id: str
    count: int
    oldest_wait_s: int          # 0 when nobody waits

    @property
    def oldest_wait_min(self) -> int:
        return self.oldest_wait_s // 60


@dataclass(frozen=True)
class WaitingNow:
    agencies: tuple[AgencyWaiting, ...]     # in the catalog's order, each agency once
    whole_mpp: bool = False                 # counted by the hub over every kiosk

    @property
    def total(self) -> int:
        return sum(a.count for a in self.agencies)


def waiting_now(tickets: Iterable, now: datetime, agency_ids: Sequence[str]) -> WaitingNow:
    """Per agency of `agency_ids` (in that order; an agency nobody waits for counts 0), then
    any other agency a ticket waits for."""
    counts: dict[str, int] = {a: 0 for a in agency_ids}
    oldest: dict[str, datetime] = {}
    for t in tickets:
        joined = t.queued_at or t.issued_at
        counts[t.agency_id] = counts.get(t.agency_id, 0) + 1
        if t.agency_id not in oldest or joined < oldest[t.agency_id]:
            oldest[t.agency_id] = joined
    return WaitingNow(tuple(
        AgencyWaiting(a, n, max(0, int((now - oldest[a]).total_seconds())) if a in oldest else 0)
        for a, n in counts.items()))


def to_json(waiting: WaitingNow) -> dict:
    return {"agencies": [{"agency_id": a.agency_id, "count": a.count,
                          "oldest_wait_s": a.oldest_wait_s} for a in waiting.agencies]}


def from_json(data: dict, whole_mpp: bool = True) -> WaitingNow:
    return WaitingNow(tuple(AgencyWaiting(str(a["agency_id"]), int(a["count"]),
                                          int(a["oldest_wait_s"]))
                            for a in data["agencies"]), whole_mpp)
