"""What each key of the [devices.printer], [devices.scanner] and [devices.cardreader] tables
may hold, so that `kiosk check-config` names a wrong or misspelt key before the kiosk starts.

A misspelt key is the dangerous one: `baud = 19200` would be ignored, the printer driven at
the default 9600 baud, and every ticket printed as garbage. The drivers in devices/ read these
keys (and refuse what they cannot run with); this table lists them all, so that nothing a
driver would ignore or refuse gets past check-config.
"""

from __future__ import annotations

import codecs
import difflib

DEVICES = ("printer", "scanner", "cardreader")
# Allowed values, shared with the drivers (devices/serial_port.py, devices/cardreader.py)
HANDSHAKES = ("none", "rtscts", "xonxoff")
PARITIES = ("N", "E", "O", "M", "S")   # none, even, odd, mark, space
STOPBITS = (1, 1.5, 2)
BYTESIZES = (5, 6, 7, 8)
FRAMINGS = ("stxetx", "line")
CHECKSUMS = ("em4100", "none")
COMPLETIONS = ("process_id", "status_only")  # how a printer confirms a job (devices/printer.py)
# ESC t n: the code page numbers Epson and most compatibles share, and the codec for each.
CODEPAGES = {0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252",
             17: "cp866", 18: "cp852", 19: "cp858"}


def _choice(*allowed, fold=None):
    def check(value):
        if isinstance(value, bool):
            return f"must be one of {', '.join(map(str, allowed))}, got {value!r}"
        key = fold(value) if (fold and isinstance(value, str)) else value
        if key not in allowed:
            return f"{value!r} must be one of {', '.join(map(str, allowed))}"
        return None
    return check


def _number(low, high, whole=False):
    kinds = (int,) if whole else (int, float)
    noun = "a whole number" if whole else "a number"

    def check(value):
        if isinstance(value, bool) or not isinstance(value, kinds):
            return f"must be {noun} from {low} to {high}, got {value!r}"
        if not low <= value <= high:
            return f"{value!r} must be from {low} to {high}"
        return None
    return check


def _text(value):
    return None if isinstance(value, str) else f"must be a string, got {value!r}"


def _boolean(value):
    return None if isinstance(value, bool) else f"must be true or false, got {value!r}"


def _encoding(value):
    if not isinstance(value, str):
        return f"must be a string, got {value!r}"
    try:
        info = codecs.lookup(value)
    except LookupError:
        return f"{value!r} is not a text encoding Python knows (e.g. cp1252, cp437, cp858)"
    if len("\u00e9".encode(info.name, "replace")) != 1 or not _single_byte(info.name):
        return (f"{value!r} is not a printer code page: the printer prints one byte per "
                "character (UTF-8 or UTF-16 come out as garbage); use the codec of `codepage`, e.g. "
                "cp1252 for codepage 16")
    return None


def _single_byte(name: str) -> bool:
    try:
        return all(len(chr(c).encode(name)) <= 1 for c in range(32, 127))
    except UnicodeEncodeError:
        return True
    except LookupError:
        return False


def _logo_key(value):
    """The two key-code characters of a logo in the printer's NV memory (GS ( L), or none."""
    if not isinstance(value, str):
        return f"must be a string, got {value!r}"
    if value and (len(value) != 2 or not all(32 <= ord(ch) <= 126 for ch in value)):
        return f"{value!r} must be two printable ASCII characters (e.g. \"A1\"), or empty"
    return None


SERIAL = {
    "driver": lambda value: None,  # allowed values differ per device: kiosk.config checks
    "port": _text,
    "baudrate": _number(1, 4_000_000, whole=True),
    "bytesize": _choice(*BYTESIZES),
    "parity": _choice(*PARITIES, fold=str.upper),
    "stopbits": _choice(*STOPBITS),
    "handshake": _choice(*HANDSHAKES, fold=str.lower),
}

KEYS = {
    "printer": {
        **SERIAL,
        "codepage": _number(0, 255, whole=True),
        "encoding": _encoding,
        "native_qr": _boolean,
        "nv_logo": _logo_key,
        "status_timeout_ms": _number(20, 10_000),
        "status_poll_s": _number(0.1, 3600),
        "completion": _choice(*COMPLETIONS, fold=str.lower),
        "confirm_margin_s": _number(0.5, 120),
        "buffer_clear": _boolean,
    },
    "scanner": {
        **SERIAL,
        "prefix": _text,
        "suffix": _text,
        "strip_aim": _boolean,
        "max_length": _number(1, 65_536, whole=True),
    },
    "cardreader": {
        **SERIAL,
        "framing": _choice(*FRAMINGS, fold=str.lower),
        "checksum": _choice(*CHECKSUMS, fold=str.lower),
        "suffix": _text,
        "max_length": _number(1, 4096, whole=True),
        "repeat_s": _number(0, 60),
    },
}


def device_problems(devices: dict) -> list[tuple[str, str]]:
    """(key path, why) for every key of the [devices] tables that a driver would refuse,
    misread or ignore."""
    problems = []
    for name, section in devices.items():
        if name not in KEYS:
            problems.append((f"devices.{name}", _unknown(name, DEVICES, "device")))
            continue
        if not isinstance(section, dict):
            continue  # kiosk.config says it must be a table
        known = KEYS[name]
        for key, value in section.items():
            check = known.get(key)
            why = _unknown(key, known, "key") if check is None else check(value)
            if why:
                problems.append((f"devices.{name}.{key}", why))
        if name == "printer":
            problems += _codepage_problems(section)
    return problems


def _codepage_problems(printer: dict) -> list[tuple[str, str]]:
    """The text is encoded with `encoding` and printed with the table `codepage` selects:
    when the two differ, every accented letter comes out as another character."""
    page, encoding = printer.get("codepage", 16), printer.get("encoding", "cp1252")
    if not isinstance(page, int) or isinstance(page, bool) or _encoding(encoding):
        return []  # the value itself is wrong: named once, by its own check
    expected = CODEPAGES.get(page)
    try:
        actual = codecs.lookup(encoding).name
    except LookupError:
        return []  # already named by the encoding check
    if expected is None or codecs.lookup(expected).name == actual:
        return []
    why = (f"code page {page} is {expected}, but encoding is {encoding!r}: set encoding = "
           f"\"{expected}\" (or the codepage that matches {encoding!r})")
    return [("devices.printer.codepage", why)]


def _unknown(word: str, known, what: str) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"
    return f"unknown {what}{hint}"
