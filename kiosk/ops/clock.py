"""Time is part of the data: the hub's rules for the days and times a kiosk sends.

A kiosk whose clock ran six hours ahead reserved tomorrow's numbers and filed tickets under
tomorrow, and one two hours ahead stamped every vote in the future; the hub took it all.
The hub's clock is the reference (it is the numbering authority), so:

- a block of offline numbers is reserved only for the hub's own local day, or the day on
  the other side of midnight within MIDNIGHT_GRACE (a kiosk a few minutes off at 23:58);
- an offline ticket is never for a day after the hub's (same grace), its time is not more
  than AHEAD_LIMIT ahead of the hub's clock, and its time falls on its day. A ticket of an
  earlier day is accepted: a kiosk offline overnight uploads yesterday's tickets in the
  morning, and their numbers come from a block the hub granted on that day by the rule
  above (the store checks the block);
- a vote's or an SKM answer's time is not more than AHEAD_LIMIT ahead of the hub's clock.

Refusals are ClockRefused, which the hub answers with 409 and a plain message in both
languages. The functions take the hub's time and zone: no clock is read here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.queueing import local_day

AHEAD_LIMIT = timedelta(minutes=5)
MIDNIGHT_GRACE = timedelta(minutes=30)


class ClockRefused(Exception):
    status = 409

    def __init__(self, kind: str, message_en: str, message_id: str):
        self.kind, self.message_en, self.message_id = kind, message_en, message_id
        super().__init__(message_en)

    def to_json(self) -> dict:
        return {"kind": self.kind, "message_id": self.message_id, "message_en": self.message_en}


def hub_days(hub_now: datetime, zone: ZoneInfo) -> set[date]:
    """The local days the hub accepts as "today" at `hub_now`."""
    return {local_day(hub_now + shift, zone)
            for shift in (-MIDNIGHT_GRACE, timedelta(0), MIDNIGHT_GRACE)}


def _day_refused(day: date, hub_now: datetime, zone: ZoneInfo, what: str) -> ClockRefused:
    today = local_day(hub_now, zone)
    return ClockRefused(
        "wrong_day",
        f"{what} for {day.isoformat()} refused: the hub's day is {today.isoformat()}; "
        "check the kiosk's clock and time zone",
        f"{'Blok nomor' if what == 'a block' else 'Tiket'} untuk {day.isoformat()} ditolak: "
        f"hari di hub {today.isoformat()}; periksa jam dan zona waktu anjungan")


def check_block_day(day: date, hub_now: datetime, zone: ZoneInfo) -> None:
    if day not in hub_days(hub_now, zone):
        raise _day_refused(day, hub_now, zone, "a block")


def check_not_ahead(at: datetime | None, hub_now: datetime) -> None:
    if at is not None and at - hub_now > AHEAD_LIMIT:
        minutes = (at - hub_now).total_seconds() / 60
        raise ClockRefused(
            "time_ahead",
            f"the time sent ({at.isoformat()}) is {minutes:.0f} minutes ahead of the hub's "
            "clock: set the kiosk's clock right (time sync)",
            f"waktu yang dikirim ({at.isoformat()}) {minutes:.0f} menit lebih cepat dari jam "
            "hub: betulkan jam anjungan (sinkronisasi waktu)")


def check_offline_ticket(day: date, issued_at: datetime, hub_now: datetime,
                         zone: ZoneInfo) -> None:
    if day > max(hub_days(hub_now, zone)):
        raise _day_refused(day, hub_now, zone, "a ticket")
    check_not_ahead(issued_at, hub_now)
    if local_day(issued_at, zone) != day:
        raise ClockRefused(
            "wrong_day",
            f"the ticket's time {issued_at.isoformat()} is not on its day {day.isoformat()}",
            f"waktu tiket {issued_at.isoformat()} tidak pada harinya {day.isoformat()}")
