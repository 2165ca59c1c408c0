"""Signed booking codes: a compact JWT (RFC 7519) signed with EdDSA/Ed25519.

Header {"alg": "EdDSA", "kid": …}; the claim names are short because the token is the QR
code's whole content and every character makes the code denser:

    bid  booking id (the reference code when the back office uses ours)   required
    svc  service id from the catalog                                       required
    d    session date, ISO "YYYY-MM-DD", in the MPP's local time zone      required
    s, e session start and end, "HH:MM" local time                         required
    nh   keyed hash of the NIK (first 32 hex of kiosk.privacy.nik_digest)  optional
    n4   last four digits of the NIK                                       optional
    ch   keyed hash of a card id (first 32 hex of privacy.card_digest)     optional

Other claims are ignored, so an issuer may add some without breaking kiosks. There is no
expiry claim: the session date and the check-in window already bound a code's life.

`read_token` checks a code in a fixed order and names the first rule it breaks. Every
segment must be canonical base64url (a token cannot be respelled and still pass), the
algorithm must be EdDSA before any key is touched (so "none", HS256 with the public key as
the secret, RS256… never reach a verifier), and claims are read only after the signature
has been checked.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date, time

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk import privacy
from kiosk.bookings.reference import new_reference

ALGORITHM = "EdDSA"
HASH_CHARS = 32
SIGNATURE_BYTES = 64

# Reasons decided here (the public list lives in kiosk.bookings.verify).
MALFORMED = "malformed"
BAD_SIGNATURE = "bad_signature"
UNKNOWN_KEY = "unknown_key"
ALGORITHM_NOT_ALLOWED = "algorithm_not_allowed"

_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HHMM = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_HEX = re.compile(r"[0-9a-f]{16,64}")
_LAST4 = re.compile(r"[0-9]{4}")
_HEADER_KEYS = {"alg", "kid", "typ"}
_DECODE_OPTIONS = {
    # Only the signature: the time rules are ours (local date and window), not exp/nbf.
    "verify_signature": True,
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
    "require": [],
}


@dataclass(frozen=True)
class Booking:
    """What a booking code says. Times are wall-clock times in the MPP's zone."""

    booking_id: str
    service: str
    date: date
    start: time
    end: time
    kid: str = ""
    nik_hash: str | None = None
    nik_last4: str | None = None
    card_hash: str | None = None

    @property
    def masked_nik(self) -> str:
        """'************1234' when the booking carries the last four digits, else ''."""
        return "*" * 12 + self.nik_last4 if self.nik_last4 else ""

    @property
    def session(self) -> str:
        """'08.00–09.00', the Indonesian way of writing times."""
        return f"{self.start:%H.%M}–{self.end:%H.%M}"

    def matches_nik(self, nik: str, key: bytes) -> bool:
        """True when `nik` is the NIK this booking was made with (False if it has none)."""
        if not self.nik_hash or not privacy.validate_nik(nik):
            return False
        return privacy.digests_match(self.nik_hash, privacy.nik_digest(nik, key))

    def matches_card(self, card_id: str, key: bytes) -> bool:
        """True when `card_id` is the card this booking was made with."""
        if not self.card_hash or privacy.normalize_card_id(card_id) is None:
            return False
        return privacy.digests_match(self.card_hash, privacy.card_digest(card_id, key))

    def claims(self) -> dict:
        out = {
            "bid": self.booking_id,
            "svc": self.service,
            "d": self.date.isoformat(),
            "s": f"{self.start:%H:%M}",
            "e": f"{self.end:%H:%M}",
        }
        for name, value in (("nh", self.nik_hash), ("n4", self.nik_last4), ("ch", self.card_hash)):
            if value:
                out[name] = value
        return out

    @classmethod
    def from_claims(cls, claims, kid: str = "") -> Booking | None:
        """The booking for well-formed claims, None when any claim is missing or wrong."""
        if not isinstance(claims, dict):
            return None
        bid, svc, day, start, end = (claims.get(k) for k in ("bid", "svc", "d", "s", "e"))
        optional = {k: claims.get(k) for k in ("nh", "n4", "ch")}
        if not all(isinstance(v, str) for v in (bid, svc, day, start, end)):
            return None
        if not (_ID.fullmatch(bid) and _ID.fullmatch(svc) and _DATE.fullmatch(day)):
            return None
        if not (_HHMM.fullmatch(start) and _HHMM.fullmatch(end)) or end <= start:
            return None
        for name, pattern in (("nh", _HEX), ("n4", _LAST4), ("ch", _HEX)):
            value = optional[name]
            if value is not None and not (isinstance(value, str) and pattern.fullmatch(value)):
                return None
        try:
            session_date = date.fromisoformat(day)
        except ValueError:
            return None
        return cls(
            booking_id=bid,
            service=svc,
            date=session_date,
            start=time.fromisoformat(start),
            end=time.fromisoformat(end),
            kid=kid,
            nik_hash=optional["nh"],
            nik_last4=optional["n4"],
            card_hash=optional["ch"],
        )


def new_booking(
    service: str,
    day: date,
    start: time,
    end: time,
    *,
    booking_id: str | None = None,
    nik: str | None = None,
    card_id: str | None = None,
    privacy_key: bytes | None = None,
) -> Booking:
    """A booking ready to sign; the NIK and card id are kept only as keyed hashes.

    ValueError (never containing the NIK) for a bad NIK, a missing privacy key or bad times.
    """
    if (nik is not None or card_id is not None) and privacy_key is None:
        raise ValueError("a NIK or card id needs the privacy key to be hashed")
    if nik is not None and not privacy.validate_nik(nik):
        raise ValueError("the NIK must be 16 digits with a plausible date of birth")
    booking = Booking(
        booking_id=booking_id or new_reference(),
        service=service,
        date=day,
        start=start.replace(second=0, microsecond=0),
        end=end.replace(second=0, microsecond=0),
        nik_hash=privacy.nik_digest(nik, privacy_key)[:HASH_CHARS] if nik else None,
        nik_last4=privacy.nik_last4(nik) if nik else None,
        card_hash=privacy.card_digest(card_id, privacy_key)[:HASH_CHARS] if card_id else None,
    )
    if Booking.from_claims(booking.claims()) is None:
        raise ValueError(
            "booking id and service must be 1-64 letters, digits, '.', '_' or '-',"
            " and the session must end after it starts"
        )
    return booking


def sign_booking(booking: Booking, private_key: Ed25519PrivateKey, kid: str) -> str:
    """The booking code (a JWT string) for `booking`, signed by the back office key."""
    return jwt.encode(
        booking.claims(),
        private_key,
        algorithm=ALGORITHM,
        headers={"kid": kid, "typ": None},  # typ dropped: it adds length, says nothing
    )


def _unb64(segment: str) -> bytes | None:
    """Decoded canonical base64url, None for anything else (stray characters, spare bits)."""
    if not _SEGMENT.fullmatch(segment) or len(segment) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        return None
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != segment:
        return None
    return raw


def read_token(text: str, keyring) -> tuple[str | None, Booking | None]:
    """(None, booking) for a genuine code, else (reason, None). Expects normalized text."""
    parts = text.split(".")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        return MALFORMED, None
    header_raw, payload_raw = _unb64(parts[0]), _unb64(parts[1])
    if header_raw is None or payload_raw is None:
        return MALFORMED, None
    try:
        header = json.loads(header_raw)
    except (ValueError, RecursionError):
        return MALFORMED, None
    if not isinstance(header, dict) or not isinstance(header.get("alg"), str):
        return MALFORMED, None
    if header["alg"] != ALGORITHM:
        return ALGORITHM_NOT_ALLOWED, None
    if not set(header) <= _HEADER_KEYS:
        return MALFORMED, None  # e.g. "crit", "b64", "jku": features we never use
    kid = header.get("kid")
    if not isinstance(kid, str) or kid not in keyring:
        return UNKNOWN_KEY, None
    signature = _unb64(parts[2])
    if signature is None or len(signature) != SIGNATURE_BYTES:
        return BAD_SIGNATURE, None
    try:
        claims = jwt.decode(
            text, keyring[kid], algorithms=[ALGORITHM], options=_DECODE_OPTIONS
        )
    except jwt.InvalidSignatureError:
        return BAD_SIGNATURE, None
    except (jwt.PyJWTError, ValueError, RecursionError):
        return MALFORMED, None
    booking = Booking.from_claims(claims, kid)
    return (None, booking) if booking else (MALFORMED, None)
