"""Plain booking reference codes: `RSV-XXXXXXXX`, typed by hand or read from a printout.

Seven Crockford base32 symbols (35 random bits) and one Crockford check symbol (value mod
37), so a single wrong character or two swapped neighbours are always caught before any
look-up. Crockford's alphabet has no I, L, O or U; when typed they are read as 1, 1, 0 and
(U only as the check symbol) kept. Case, spaces and hyphens do not matter.

The check symbol can be one of `*~$=U` (values 32–36). `new_reference` never issues those,
so every code we make can be typed on a plain letters-and-digits keyboard, but codes from
another issuer that use them are still accepted.

Only the format is checked here; whether the booking exists is a question for the hub or
booking server, through the service interface.
"""

from __future__ import annotations

import re
import secrets

PREFIX = "RSV"
DATA_LENGTH = 7
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
_READ_AS = {"I": "1", "L": "1", "O": "0"}
_SHAPE = re.compile(r"(?:RSV)?([0-9A-Z*~$=]{%d})" % (DATA_LENGTH + 1))
MAX_INPUT = 64


def check_symbol(data: str) -> str:
    """Crockford check symbol of a string of data symbols."""
    value = 0
    for symbol in data:
        value = value * 32 + ALPHABET.index(symbol)
    return CHECK_ALPHABET[value % 37]


def parse_reference(text) -> str | None:
    """The canonical `RSV-XXXXXXXX` for a valid reference code, None for anything else.

    Accepts "rsv-abcd-efgh", "RSV ABCDEFGH" or the eight symbols alone; never raises.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("ascii", "replace")
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    squeezed = re.sub(r"[\s\-]+", "", text).upper()
    shape = _SHAPE.fullmatch(squeezed)
    if shape is None:
        return None
    symbols = "".join(_READ_AS.get(ch, ch) for ch in shape.group(1))
    data, check = symbols[:DATA_LENGTH], symbols[DATA_LENGTH]
    if any(ch not in ALPHABET for ch in data) or check_symbol(data) != check:
        return None
    return f"{PREFIX}-{data}{check}"


def is_reference_code(text) -> bool:
    """True when `text` is a well-formed reference code (check symbol included)."""
    return parse_reference(text) is not None


def new_reference() -> str:
    """A fresh random reference code whose check symbol is a letter or digit."""
    while True:
        data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
        check = check_symbol(data)
        if check in ALPHABET:
            return f"{PREFIX}-{data}{check}"
