"""Personal data helpers: the NIK and card ids are kept only as keyed hashes.

UU 27/2022 (Pelindungan Data Pribadi) and the MPP rules: never store or show a full NIK.
What the kiosk may keep is an HMAC-SHA256 of it under a secret "privacy key" shared by the
back office and the kiosks (so a NIK typed at a kiosk can be matched to a booking), plus at
most its last four digits. A plain hash would not do: there are few enough plausible NIKs
that an unkeyed SHA-256 is reversed by trying them all.

Exact recipe, so that any back office can produce the same digests:
    nik_digest  = hex(HMAC-SHA256(key, the 16 ASCII digits))
    card_digest = hex(HMAC-SHA256(key, card id upper-cased, without spaces, ':' or '-'))
    key         = the UTF-8 bytes of the key file's text, surrounding whitespace stripped

Error messages never contain the value they refuse.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
from pathlib import Path

NIK_LENGTH = 16
MIN_KEY_BYTES = 16
_NIK = re.compile(r"[0-9]{16}")
# A NIK as people type it in free text: sixteen digits in a row, or in groups split by
# spaces, dots, dashes or slashes (4-4-4-4, 6-6-4, 2-2-2-6-4, "3201 . 0123 …"). A longer run
# of digits is masked whole: over-masking a long number is the safe mistake.
_NIK_IN_TEXT = re.compile(r"(?<!\d)\d(?:[\s./\-]{0,3}\d){15,}(?!\d)")
_CARD_SEPARATORS = re.compile(r"[\s:\-]+")
_CARD = re.compile(r"[0-9A-Z]{1,128}")


def _clean_nik(nik) -> str | None:
    """The 16 digits of `nik` (spaces tolerated), or None when it is not 16 ASCII digits."""
    if not isinstance(nik, str):
        return None
    digits = "".join(nik.split())
    return digits if _NIK.fullmatch(digits) else None


def validate_nik(nik) -> bool:
    """True when `nik` looks like a real NIK.

    Layout: PP KK CC DDMMYY SSSS — province, regency, district, date of birth (women add 40
    to the day), serial. We check what a typo most often breaks and nothing that a real
    card could legitimately fail: any two-digit year is accepted, so is 29 February.
    """
    digits = _clean_nik(nik)
    if digits is None:
        return False
    province, regency, district = int(digits[0:2]), digits[2:4], digits[4:6]
    day, month = int(digits[6:8]), int(digits[8:10])
    if province < 11 or regency == "00" or district == "00" or digits[12:] == "0000":
        return False
    if day > 40:
        day -= 40
    if not 1 <= month <= 12:
        return False
    longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    return 1 <= day <= longest


def nik_last4(nik) -> str:
    """The last four digits of a 16-digit NIK; ValueError (without the NIK) otherwise."""
    digits = _clean_nik(nik)
    if digits is None:
        raise ValueError("a NIK must be 16 digits")
    return digits[-4:]


def mask_nik(nik) -> str:
    """'************1234' for a NIK; all stars for anything that is not 16 digits."""
    digits = _clean_nik(nik)
    if digits is None:
        return "*" * NIK_LENGTH
    return "*" * (NIK_LENGTH - 4) + digits[-4:]


def mask_niks(text: str | None) -> str:
    """`text` with every NIK-like run of digits masked, only its last four digits kept.

    The one rule for free text (SKM suggestions and contacts, vote reasons, anything typed):
    applied where it is written, by whoever writes it, and again wherever it is shown.
    """
    if not text:
        return ""
    return _NIK_IN_TEXT.sub(lambda m: "*" * 12 + re.sub(r"\D", "", m.group())[-4:], text)


def _check_key(key) -> bytes:
    if not isinstance(key, (bytes, bytearray)) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the privacy key must be at least {MIN_KEY_BYTES} bytes")
    return bytes(key)


def nik_digest(nik, key: bytes) -> str:
    """Hex HMAC-SHA256 of the NIK's 16 digits under `key`; ValueError for a non-NIK."""
    digits = _clean_nik(nik)
    if digits is None:
        raise ValueError("a NIK must be 16 digits")
    return hmac.new(_check_key(key), digits.encode("ascii"), hashlib.sha256).hexdigest()


def normalize_card_id(card_id) -> str | None:
    """Card ids come as '04:a1:b2…', '04A1B2…' or with spaces; one spelling for hashing."""
    if not isinstance(card_id, str):
        return None
    cleaned = _CARD_SEPARATORS.sub("", card_id).upper()
    return cleaned if _CARD.fullmatch(cleaned) else None


def card_digest(card_id, key: bytes) -> str:
    """Hex HMAC-SHA256 of the normalized card id under `key`; ValueError when unusable."""
    cleaned = normalize_card_id(card_id)
    if cleaned is None:
        raise ValueError("a card id must be 1-128 letters or digits")
    return hmac.new(_check_key(key), cleaned.encode("ascii"), hashlib.sha256).hexdigest()


def digests_match(stored: str, digest: str) -> bool:
    """Compare a stored (possibly truncated) digest with a full one, in constant time."""
    if not isinstance(stored, str) or not stored or len(stored) > len(digest):
        return False
    return hmac.compare_digest(stored.lower(), digest[: len(stored)])


def read_key_file(path) -> bytes:
    """The privacy key held in a text file; ValueError with a plain message when unusable."""
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the privacy key file {path}: {exc}") from None
    key = text.encode("utf-8")
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(
            f"the privacy key file {path} must hold at least {MIN_KEY_BYTES} characters"
        )
    return key
