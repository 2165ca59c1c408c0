"""Booking codes: signed tokens verified offline, plain reference codes, check-in rules.

Everything the rest of the program needs is importable from here; see docs/bookings.md.
"""

from kiosk.bookings.keys import (
    KeyringError,
    generate_keypair,
    load_keyring,
    load_private_key,
)
from kiosk.bookings.reference import is_reference_code, new_reference, parse_reference
from kiosk.bookings.token import Booking, new_booking, sign_booking
from kiosk.bookings.verify import (
    ALGORITHM_NOT_ALLOWED,
    ALREADY_CHECKED_IN,
    BAD_SIGNATURE,
    MALFORMED,
    LOOKUP_UNAVAILABLE,
    MAX_CODE_LENGTH,
    NO_BOOKING_FOR_CARD,
    NOT_FOUND,
    OK,
    REASONS,
    SERVICE_DISABLED,
    TOO_EARLY,
    TOO_LATE,
    UNKNOWN_KEY,
    UNKNOWN_SERVICE,
    WRONG_DATE,
    ServiceWindow,
    Verdict,
    normalize_scan,
    verify_booking,
    zone_label,
)

__all__ = [
    "ALGORITHM_NOT_ALLOWED", "ALREADY_CHECKED_IN", "BAD_SIGNATURE", "MALFORMED",
    "LOOKUP_UNAVAILABLE", "MAX_CODE_LENGTH", "NO_BOOKING_FOR_CARD", "NOT_FOUND", "OK", "REASONS", "SERVICE_DISABLED", "TOO_EARLY", "TOO_LATE",
    "UNKNOWN_KEY", "UNKNOWN_SERVICE", "WRONG_DATE",
    "Booking", "KeyringError", "ServiceWindow", "Verdict",
    "generate_keypair", "is_reference_code", "load_keyring", "load_private_key",
    "new_booking", "new_reference", "normalize_scan", "parse_reference", "sign_booking",
    "verify_booking", "zone_label",
]
