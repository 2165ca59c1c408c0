"""Queue rules: when a number may be taken, how it is written, how long the wait is.

Pure functions over the catalog and a local, timezone-aware `now`; the store applies them
inside its numbering transaction. Each refusal is its own kind so the UI can say plainly
why no number can be taken and when to come back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.catalog import Catalog, Service
from kiosk.i18n import pick, tr

PRIORITY_KINDS = ("lansia", "disabilitas", "hamil")

# Refusal kinds, in the order they are checked.
DISABLED = "disabled"
HOLIDAY = "holiday"
CLOSURE = "closure"
CLOSED_TODAY = "closed_today"
NOT_YET_OPEN = "not_yet_open"
FRIDAY_BREAK = "friday_break"
BREAK = "break"
CUT_OFF = "cut_off"
CLOSED = "closed"
QUOTA_FULL = "quota_full"
NO_PRIORITY = "no_priority"
OFFLINE_EXHAUSTED = "offline_exhausted"  # the hub is unreachable and no reserved numbers are left

ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
                      "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_abbreviation(zone: ZoneInfo | str) -> str:
    key = zone if isinstance(zone, str) else zone.key
    return ZONE_ABBREVIATIONS.get(key, key)


def clock_text(t: time, zone: ZoneInfo | str) -> str:
    """Indonesian style: 15.30 WIB."""
    return f"{t.hour:02d}.{t.minute:02d} {zone_abbreviation(zone)}"


@dataclass(frozen=True)
class Refusal:
    kind: str
    at: time | None = None           # the time that matters: opens at, closed at, back at
    name: dict = field(default_factory=dict)  # holiday name or closure reason
    zone: str = "Asia/Jakarta"

    def message(self, lang: str = "id") -> str:
        at = clock_text(self.at, self.zone) if self.at else ""
        if self.kind == DISABLED:
            return tr("This service is not available at the moment.", lang)
        if self.kind == HOLIDAY:
            return tr("Closed today for the public holiday: {name}.", lang, name=pick(self.name, lang))
        if self.kind == CLOSURE:
            return tr("Closed today: {reason}.", lang, reason=pick(self.name, lang))
        if self.kind == CLOSED_TODAY:
            return tr("This service is closed today.", lang)
        if self.kind == NOT_YET_OPEN:
            return tr("Numbers can be taken from {time}.", lang, time=at)
        if self.kind == FRIDAY_BREAK:
            return tr("Friday prayer break. Service resumes at {time}.", lang, time=at)
        if self.kind == BREAK:
            return tr("Break time. Service resumes at {time}.", lang, time=at)
        if self.kind == CUT_OFF:
            return tr("Number taking closed at {time}. Staff still serve numbers already taken.",
                      lang, time=at)
        if self.kind == CLOSED:
            return tr("This service has closed for today.", lang)
        if self.kind == QUOTA_FULL:
            return tr("Today's queue quota is full. Please come back on the next service day.", lang)
        if self.kind == NO_PRIORITY:
            return tr("This service has no priority queue. Please ask the staff for help.", lang)
        if self.kind == OFFLINE_EXHAUSTED:
            return tr("The kiosk has lost its connection to the queue server and has no numbers "
                      "left in reserve. Please ask the staff at the information desk.", lang)
        return tr("No number can be taken at the moment.", lang)


class Refused(Exception):
    """Raised by the service when no number can be taken; carries the plain-word reason."""

    def __init__(self, refusal: Refusal):
        self.refusal = refusal
        super().__init__(refusal.kind)


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """The MPP's calendar day for an instant: numbering resets at local, not UTC, midnight."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(zone).date()


def number_group(agency, priority: str | None = None, booked: bool = False,
                 booked_first: bool = False) -> str:
    """The series a number is taken from. Counters call the priority series first; booked
    visitors join it when the MPP orders them ahead of walk-ins ([queue] booked_first)."""
    return agency.priority_prefix if priority or (booked and booked_first) else agency.prefix


def format_number(prefix: str, seq: int, padding: int = 3) -> str:
    return f"{prefix}-{seq:0{padding}d}"


def effective_ranges(catalog: Catalog, service: Service, day: date):
    """Opening ranges minus the Friday prayer break, which becomes its own gap."""
    ranges = list(catalog.hours_for(service, day))
    if day.weekday() != 4 or not catalog.friday_break:
        return ranges, None
    b_start, b_end = catalog.friday_break
    out = []
    for start, end in ranges:
        if start < b_start < end or start < b_end < end or (b_start <= start and end <= b_end):
            if start < b_start:
                out.append((start, min(end, b_start)))
            if b_end < end:
                out.append((max(start, b_end), end))
        else:
            out.append((start, end))
    return out, (b_start, b_end)


def check_open(catalog: Catalog, service: Service, now: datetime, zone: ZoneInfo) -> Refusal | None:
    """None when a number may be taken now (quota aside), else why not."""
    local = now.astimezone(zone)
    day, t, zkey = local.date(), local.time().replace(tzinfo=None), zone.key
    if not service.enabled:
        return Refusal(DISABLED, zone=zkey)
    holiday = catalog.holiday_on(day)
    if holiday:
        return Refusal(HOLIDAY, name=dict(holiday.name), zone=zkey)
    closure = catalog.closure_for(service, day)
    if closure:
        return Refusal(CLOSURE, name=dict(closure.reason), zone=zkey)
    ranges, friday_break = effective_ranges(catalog, service, day)
    if not ranges:
        return Refusal(CLOSED_TODAY, zone=zkey)
    if t < ranges[0][0]:
        return Refusal(NOT_YET_OPEN, at=ranges[0][0], zone=zkey)
    closing = ranges[-1][1]
    cutoff = (datetime.combine(day, closing) - timedelta(minutes=catalog.cutoff_for(service))).time()
    if t >= closing:
        return Refusal(CLOSED, zone=zkey)
    if t >= cutoff:
        return Refusal(CUT_OFF, at=cutoff, zone=zkey)
    for (_, end), (start, _) in zip(ranges, ranges[1:]):
        if end <= t < start:
            kind = FRIDAY_BREAK if friday_break and (end, start) == friday_break else BREAK
            return Refusal(kind, at=start, zone=zkey)
    return None


def quota_refusal(service: Service, taken_today: int, zone: ZoneInfo) -> Refusal | None:
    if service.quota and taken_today >= service.quota:
        return Refusal(QUOTA_FULL, zone=zone.key)
    return None


def estimate_wait(people_ahead: int, service_minutes: int, counters: int) -> int:
    """Minutes until called, with the agency's counters serving in parallel."""
    if people_ahead <= 0:
        return 0
    return math.ceil(people_ahead * service_minutes / max(1, counters))


def estimate_served(minutes_since_first: float, service_minutes: int, counters: int) -> int:
    """How many of today's numbers have probably been served, when no caller system says.

    Without counter feedback a plain count of earlier numbers only grows all day; serving
    at the published pace since the first number of the day is the honest estimate.
    """
    if minutes_since_first <= 0:
        return 0
    return int(minutes_since_first * max(1, counters) / max(1, service_minutes))
