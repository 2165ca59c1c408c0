"""Offline check-in rules for a scanned booking code, and what to tell the visitor.

`verify_booking` never raises on any scanned input: every answer is a `Verdict` with a
stable `reason` string, a plain-words message and a next step in Indonesian and English.
Whether the booking was already used is the store's decision (it alone knows); the reason
and its texts are defined here so that every "no" reads the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from babel.dates import format_date

from kiosk.bookings.token import (
    ALGORITHM_NOT_ALLOWED,
    BAD_SIGNATURE,
    MALFORMED,
    UNKNOWN_KEY,
    Booking,
    read_token,
)
from kiosk.i18n import N_, tr

log = logging.getLogger(__name__)

OK = "ok"
WRONG_DATE = "wrong_date"
TOO_EARLY = "too_early"
TOO_LATE = "too_late"
UNKNOWN_SERVICE = "unknown_service"
SERVICE_DISABLED = "service_disabled"
ALREADY_CHECKED_IN = "already_checked_in"
# Look-ups of plain reference codes and card taps in the booking register:
NOT_FOUND = "not_found"
LOOKUP_UNAVAILABLE = "lookup_unavailable"
NO_BOOKING_FOR_CARD = "no_booking_for_card"
REASONS = (
    MALFORMED,
    BAD_SIGNATURE,
    UNKNOWN_KEY,
    ALGORITHM_NOT_ALLOWED,
    WRONG_DATE,
    TOO_EARLY,
    TOO_LATE,
    UNKNOWN_SERVICE,
    SERVICE_DISABLED,
    ALREADY_CHECKED_IN,
    NOT_FOUND,
    LOOKUP_UNAVAILABLE,
    NO_BOOKING_FOR_CARD,
)

MAX_CODE_LENGTH = 2048
DEFAULT_BEFORE_MIN = 30
DEFAULT_AFTER_MIN = 15

# Wall-clock names Indonesians use; anything else shows the zone's own abbreviation.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}

# reason -> (message, next step); placeholders: time, zone, date, start, end.
TEXTS = {
    OK: (
        N_("Your booking is valid: session {start}–{end} {zone}."),
        N_("Please take your queue ticket and wait for your number to be called."),
    ),
    MALFORMED: (
        N_("This code cannot be read."),
        N_("Please scan the booking QR code again, or type the reference code (RSV-…)."),
    ),
    BAD_SIGNATURE: (
        N_("This booking code is not genuine or has been changed."),
        N_("Please show the code you received from the booking website, "
           "or ask the staff at the information desk."),
    ),
    UNKNOWN_KEY: (
        N_("This booking code cannot be checked at this kiosk."),
        N_("Please ask the staff at the information desk for help."),
    ),
    ALGORITHM_NOT_ALLOWED: (
        N_("This code was not issued by the booking system."),
        N_("Please show the code you received from the booking website, "
           "or ask the staff at the information desk."),
    ),
    WRONG_DATE: (
        N_("This booking is for {date}, not today."),
        N_("Please come on the booked day. Today you can take a regular queue number."),
    ),
    TOO_EARLY: (
        N_("Check-in opens at {time} {zone}. Please come back then."),
        N_("You may wait in the waiting area until then."),
    ),
    TOO_LATE: (
        N_("Check-in for this booking closed at {time} {zone}."),
        N_("Please take a regular queue number, or book again for another session."),
    ),
    UNKNOWN_SERVICE: (
        N_("The service of this booking is not offered here."),
        N_("Please ask the staff at the information desk for help."),
    ),
    SERVICE_DISABLED: (
        N_("The service of this booking is closed today."),
        N_("Please ask the staff at the information desk for help."),
    ),
    ALREADY_CHECKED_IN: (
        N_("This booking has already been checked in."),
        N_("Your queue number is the one on your ticket. Please wait for it to be called."),
    ),
    NOT_FOUND: (
        N_("No booking with this reference code was found."),
        N_("Please check the code and type it again, or scan the QR code of your booking."),
    ),
    LOOKUP_UNAVAILABLE: (
        N_("Reference codes cannot be looked up at this kiosk right now."),
        N_("Please scan the QR code of your booking, or ask the staff at the information desk."),
    ),
    NO_BOOKING_FOR_CARD: (
        N_("No booking for today was found for this card."),
        N_("Please scan the QR code of your booking, or type its reference code."),
    ),
}


class ServiceWindow(NamedTuple):
    """How a service takes booked visitors: open or not, and the check-in window."""

    enabled: bool = True
    before_min: int = DEFAULT_BEFORE_MIN
    after_min: int = DEFAULT_AFTER_MIN

    @classmethod
    def of(cls, value) -> ServiceWindow:
        """Accepts a ServiceWindow, a (enabled, before_min, after_min) tuple, a bare bool,
        or a mapping with those keys (as in the catalog's booking_window)."""
        if isinstance(value, cls):
            return value
        if isinstance(value, bool):
            return cls(value)
        if isinstance(value, Mapping):
            return cls(
                bool(value.get("enabled", True)),
                int(value.get("before_min", DEFAULT_BEFORE_MIN)),
                int(value.get("after_min", DEFAULT_AFTER_MIN)),
            )
        return cls(*value)


@dataclass(frozen=True)
class Verdict:
    """The answer for one scan. `booking` is set once the code's signature is proven."""

    ok: bool
    reason: str
    booking: Booking | None = None
    opens_at: datetime | None = None  # check-in window, aware, in the MPP's zone
    closes_at: datetime | None = None
    zone: str = ""  # "WIB", "WITA", "WIT"…

    def _values(self, lang: str) -> dict:
        values = {"time": "", "zone": self.zone, "date": "", "start": "", "end": ""}
        if self.reason == TOO_EARLY and self.opens_at:
            values["time"] = f"{self.opens_at:%H.%M}"
        if self.reason == TOO_LATE and self.closes_at:
            values["time"] = f"{self.closes_at:%H.%M}"
        if self.booking:
            values["start"] = f"{self.booking.start:%H.%M}"
            values["end"] = f"{self.booking.end:%H.%M}"
            values["date"] = format_date(self.booking.date, "full", locale=_locale(lang))
        return values

    def message(self, lang: str = "id") -> str:
        """What happened, in plain words, for the visitor."""
        return tr(TEXTS[self.reason][0], lang, **self._values(lang))

    def next_step(self, lang: str = "id") -> str:
        """What the visitor can do now."""
        return tr(TEXTS[self.reason][1], lang, **self._values(lang))


def _locale(lang: str) -> str:
    return lang if lang in ("id", "en") else "id"


def zone_label(tz: tzinfo, when: datetime) -> str:
    return ZONE_LABELS.get(getattr(tz, "key", ""), "") or when.tzname() or ""


_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]+")
_AIM_PREFIX = re.compile(r"\][A-Za-z][0-9A-Za-z]")


def normalize_scan(raw) -> str:
    """The code as typed or scanned, cleaned; '' when it cannot be a code at all.

    Scanners add CR/LF, STX/ETX, an AIM symbology prefix such as "]Q1", sometimes split a
    long code over lines; people type spaces. None of those can be part of a booking code.
    """
    if isinstance(raw, (bytearray, memoryview)):
        raw = bytes(raw)
    if isinstance(raw, bytes):
        if len(raw) > MAX_CODE_LENGTH:
            return ""
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return ""
    if not isinstance(raw, str) or len(raw) > MAX_CODE_LENGTH:
        return ""
    text = _INVISIBLE.sub("", raw)
    if _AIM_PREFIX.match(text):
        text = text[3:]
    return text


def verify_booking(
    code,
    keyring: Mapping,
    now: datetime,
    tz: tzinfo | str,
    services: Mapping,
) -> Verdict:
    """Decide whether a scanned signed booking code may check in now.

    keyring: kid -> Ed25519 public key (see kiosk.bookings.keys.load_keyring).
    now: an aware datetime (TypeError if naive: a programming error, not a visitor's).
    tz: the MPP's zone, ZoneInfo or name; dates and windows are read in it.
    services: service id -> ServiceWindow, (enabled, before_min, after_min) or bool.
    Plain reference codes (RSV-…) are not signed and come back as "malformed": route
    them to the look-up first (see is_reference_code).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise TypeError("verify_booking needs an aware `now`")
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    try:
        return _verify(code, keyring, now.astimezone(zone), zone, services)
    except Exception:  # noqa: BLE001 - a kiosk must answer every scan; tests watch this log
        log.exception("unexpected error while verifying a booking code")
        return Verdict(False, MALFORMED, zone=zone_label(zone, now.astimezone(zone)))


def _verify(code, keyring, now: datetime, tz: tzinfo, services: Mapping) -> Verdict:
    label = zone_label(tz, now)
    text = normalize_scan(code)
    if not text:
        return Verdict(False, MALFORMED, zone=label)
    reason, booking = read_token(text, keyring)
    if reason:
        return Verdict(False, reason, zone=label)
    if booking.service not in services:
        return Verdict(False, UNKNOWN_SERVICE, booking, zone=label)
    rule = ServiceWindow.of(services[booking.service])
    if not rule.enabled:
        return Verdict(False, SERVICE_DISABLED, booking, zone=label)
    start = datetime.combine(booking.date, booking.start, tzinfo=tz)
    opens = start - timedelta(minutes=rule.before_min)
    closes = start + timedelta(minutes=rule.after_min)
    window = {"opens_at": opens, "closes_at": closes, "zone": label}
    # The window may cross midnight, so it is tested before the date.
    if opens <= now <= closes:
        return Verdict(True, OK, booking, **window)
    if now.date() != booking.date:
        return Verdict(False, WRONG_DATE, booking, **window)
    return Verdict(False, TOO_EARLY if now < opens else TOO_LATE, booking, **window)
