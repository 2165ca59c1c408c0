"""What one kiosk token may take from the hub: offline blocks per day, tickets per minute,
and its share of a service's daily quota in a burst.

A kiosk serves one visitor at a time (a ticket every 20 s or so at the busiest); a token
asking for hundreds a minute, or for block after block, was copied from a kiosk.toml. Set in
kiosk.toml's [hub] table (the hub's own file):

    block_cap = 20            offline blocks per kiosk, number group and day
    block_numbers_cap = 0     numbers in those blocks per kiosk, group and day; 0: the
                              group's daily quota (the sum of its services' quotas), or
                              2000 where a service of the group has no quota
    issue_per_minute = 30     tickets a kiosk may issue per minute, on average ...
    issue_burst = 10          ... and at once (a token bucket per kiosk)
    request_timeout_s = 10    a request must arrive whole within this (slow or idle clients)
    keep_alive_s = 5          an idle connection after an answer is closed after this
    max_connections = 1000    connections and requests at once; beyond, 503
    staff_idle_minutes = 120  a staff session (browser, script) unused this long ends

The quota share (one rule, no setting): within any 10 minutes a kiosk takes at most a
quarter of a service's daily quota, and never fewer than 5 numbers (a quota of 3 is
anybody's). A quota of 100 cannot be emptied by one kiosk in a burst: 25 numbers at once,
then one every 24 s, a visitor's pace.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Callable

from kiosk.config import ConfigError, Reader

UNLIMITED_GROUP_NUMBERS = 2000
SHARE_WINDOW_S = 600.0
SHARE_OF_QUOTA = 4          # a quarter
SHARE_MIN = 5


@dataclass(frozen=True)
class HubLimits:
    block_cap: int = 20
    block_numbers_cap: int = 0
    issue_per_minute: int = 30
    issue_burst: int = 10
    request_timeout_s: int = 10
    keep_alive_s: int = 5
    max_connections: int = 1000
    staff_idle_minutes: int = 120     # a staff session unused this long ends


def read(settings) -> HubLimits:
    """HubLimits from settings.raw['hub']; ConfigError (file, key, why) for a bad value."""
    hub = settings.raw.get("hub", {})
    hub = hub if isinstance(hub, dict) else {}
    r = Reader(str(settings.path))
    values = {}
    for key, low, high in (("block_cap", 1, 1000), ("block_numbers_cap", 0, 100000),
                           ("issue_per_minute", 1, 6000), ("issue_burst", 1, 1000),
                           ("request_timeout_s", 1, 300), ("keep_alive_s", 1, 300),
                           ("max_connections", 10, 100000),
                           ("staff_idle_minutes", 5, 1440)):
        value = r.get(hub, key, "hub", int, getattr(HubLimits, key))
        if value is not None and not low <= value <= high:
            r.problem(f"hub.{key}", f"must be between {low} and {high}")
        values[key] = value
    if r.problems:
        raise ConfigError(r.problems)
    return HubLimits(**values)


def group_numbers_cap(limits: HubLimits, catalog, grp: str) -> int:
    """Numbers one kiosk may reserve in `grp` for a day: the setting, else the daily quota
    of the services that number in that group."""
    if limits.block_numbers_cap:
        return limits.block_numbers_cap
    services = [s for a in catalog.agencies if grp in (a.prefix, a.priority_prefix)
                for s in catalog.services if s.agency == a.id]
    if not services or any(not s.quota for s in services):
        return UNLIMITED_GROUP_NUMBERS
    return sum(s.quota for s in services)


def quota_share(quota: int) -> int:
    return max(SHARE_MIN, math.ceil(quota / SHARE_OF_QUOTA))


class Buckets:
    """Token buckets by key, thread-safe: take(key) is 0.0 when allowed, else the seconds
    to wait. Kept in memory: a restarted hub starts every kiosk afresh."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._state: dict[object, tuple[float, float]] = {}

    def take(self, key, capacity: int, per_second: float) -> float:
        now = self._clock()
        with self._lock:
            level, stamp = self._state.get(key, (float(capacity), now))
            level = min(float(capacity), level + (now - stamp) * per_second)
            if level >= 1.0:
                self._state[key] = (level - 1.0, now)
                return 0.0
            self._state[key] = (level, now)
            return (1.0 - level) / per_second

    def give_back(self, key) -> None:
        """A request refused after taking (quota share, closed): it used no number."""
        with self._lock:
            if key in self._state:
                level, stamp = self._state[key]
                self._state[key] = (level + 1.0, stamp)
