"""Is the MPP taking numbers now, and if not, when next?

The welcome screen says the MPP is closed before a visitor picks anything, with the next
opening time. "Open" means what a visitor cares about: at least one service would give a
number now (kiosk.queueing.check_open: hours, cut-off, Friday prayer break, holidays,
closures). Pure functions over the catalog and an aware `now`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.catalog import Catalog
from kiosk.i18n import pick, tr
from kiosk.queueing import check_open, clock_text, effective_ranges

HOLIDAY = "holiday"
FRIDAY_BREAK = "friday_break"
CLOSED = "closed"
LOOK_AHEAD_DAYS = 31


@dataclass(frozen=True)
class Closed:
    """Why no number can be taken now, and when one can (None: not within a month)."""

    kind: str
    opens: datetime | None
    name: dict = field(default_factory=dict)  # the holiday's name

    def reason(self, lang: str = "id") -> str:
        if self.kind == HOLIDAY:
            return tr("Today is a public holiday: {name}.", lang, name=pick(self.name, lang))
        if self.kind == FRIDAY_BREAK:
            return tr("Friday prayer break.", lang)
        return tr("Outside opening hours.", lang)

    def opens_text(self, now: datetime, lang: str = "id") -> str:
        if self.opens is None:
            return tr("Please ask at the information desk when we open again.", lang)
        return tr("Opens again {when}.", lang, when=when_text(self.opens, now, lang))


def _open_at(catalog: Catalog, moment: datetime, zone: ZoneInfo) -> bool:
    return any(check_open(catalog, s, moment, zone) is None for s in catalog.services if s.enabled)


def _starts_on(catalog: Catalog, day: date) -> list[time]:
    """Every time of the day at which some service's opening range begins (after a break too)."""
    starts = set()
    for service in catalog.services:
        if service.enabled:
            ranges, _ = effective_ranges(catalog, service, day)
            starts.update(start for start, _ in ranges)
    return sorted(starts)


def next_opening(catalog: Catalog, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The first moment from `now` on at which some service gives a number."""
    local = now.astimezone(zone)
    if _open_at(catalog, local, zone):
        return local
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        for start in _starts_on(catalog, day):
            moment = datetime.combine(day, start, tzinfo=zone)
            if moment > local and _open_at(catalog, moment, zone):
                return moment
    return None


def previous_open_day(catalog: Catalog, day: date, zone: ZoneInfo) -> date | None:
    """The last day before `day` on which some service gave numbers (weekends, holidays
    and closures skipped): what the manager's live chart compares today with."""
    for offset in range(1, LOOK_AHEAD_DAYS + 1):
        earlier = day - timedelta(days=offset)
        if any(_open_at(catalog, datetime.combine(earlier, start, tzinfo=zone), zone)
               for start in _starts_on(catalog, earlier)):
            return earlier
    return None


def mpp_closed(catalog: Catalog, now: datetime, zone: ZoneInfo) -> Closed | None:
    """None while some service gives numbers; otherwise why not and until when."""
    local = now.astimezone(zone)
    opens = next_opening(catalog, local, zone)
    if opens == local:
        return None
    holiday = catalog.holiday_on(local.date())
    if holiday:
        return Closed(HOLIDAY, opens, dict(holiday.name))
    brk = catalog.friday_break
    if brk and local.weekday() == 4 and brk[0] <= local.time().replace(tzinfo=None) < brk[1]:
        return Closed(FRIDAY_BREAK, opens)
    return Closed(CLOSED, opens)


def when_text(moment: datetime, now: datetime, lang: str = "id") -> str:
    """'today at 13.00 WIB', 'tomorrow at 08.00 WIB', 'Monday, 30 November at 08.00 WIB'."""
    from babel.dates import format_date

    at = clock_text(moment.timetz().replace(tzinfo=None), moment.tzinfo)
    days = (moment.date() - now.astimezone(moment.tzinfo).date()).days
    if days == 0:
        return tr("today at {time}", lang, time=at)
    if days == 1:
        return tr("tomorrow at {time}", lang, time=at)
    day = format_date(moment.date(), "EEEE, d MMMM", locale="id" if lang == "id" else "en_GB")
    return tr("{day} at {time}", lang, day=day, time=at)
