"""QR/barcode scanners: serial (USB-COM) mode and keyboard-wedge (HID) mode.

Serial scanners send `[prefix][AIM id]data[suffix]`; `SerialScanner` frames on the suffix,
strips the prefix and the AIM identifier (]Q1, ]C0 ...) and calls `on_scan(text)` on its
reader thread. Keyboard-wedge scanners type the code; the UI feeds the key events to a
`WedgeDecoder`, which tells a scanner's burst of keys from a person typing by the time between
keys. Both call back with the text only; marshal it to the UI thread.
"""

from __future__ import annotations

import logging
import re
from typing import Callable

from devices.framing import LineFramer
from devices.serial_input import SerialInput, decode_config_bytes

log = logging.getLogger(__name__)

AIM_ID = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
MAX_SCAN = 2048


def clean_scan(raw: bytes, prefix: bytes = b"", strip_aim: bool = True) -> str | None:
    """The scanned text from one frame, or None when nothing usable is left."""
    raw = raw.strip(b"\r\n\x00")
    if prefix and raw.startswith(prefix):
        raw = raw[len(prefix):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if strip_aim:
        text = AIM_ID.sub("", text, count=1)
    text = "".join(ch for ch in text if ch.isprintable()).strip()
    return text or None


class SerialScanner(SerialInput):
    """The [devices.scanner] table: port, baudrate, parity..., suffix ("\\r"), prefix (""),
    strip_aim (true). `on_scan(text)` may be replaced later by assigning the attribute."""

    name = "scanner"

    def __init__(self, config: dict, on_scan: Callable[[str], None] | None = None):
        self.prefix = decode_config_bytes(config.get("prefix"), b"")
        self.strip_aim = bool(config.get("strip_aim", True))
        suffix = decode_config_bytes(config.get("suffix"), b"\r") or b"\r"
        super().__init__(config, LineFramer(suffix, max_len=int(config.get("max_length",
                                                                          MAX_SCAN))), on_scan)

    def decode(self, frame: bytes) -> str | None:
        return clean_scan(frame, self.prefix, self.strip_aim)

    on_scan = property(lambda self: self.handler,
                       lambda self, handler: setattr(self, "handler", handler))
    scans = property(lambda self: self.count)


class WedgeDecoder:
    """Feed it the characters of key events with their time; Enter ends a scan.

    A scanner types a whole code within milliseconds; people take 100 ms or more per key.
    Characters further apart than `inter_key_timeout` start a new buffer, so a person
    typing is never taken for a scan, and `enter()` reports a scan only for a fast burst of
    at least `min_length` characters. Times are seconds (e.g. time.monotonic()).
    """

    def __init__(self, on_scan: Callable[[str], None], inter_key_timeout: float = 0.05,
                 min_length: int = 4, strip_aim: bool = True):
        self.on_scan = on_scan
        self.inter_key_timeout = inter_key_timeout
        self.min_length = min_length
        self.strip_aim = strip_aim
        self._chars: list[str] = []
        self._last = None

    def feed(self, char: str, t: float) -> None:
        if self._last is not None and t - self._last > self.inter_key_timeout:
            self._chars = []
        self._chars.extend(char)
        self._last = t
        if len(self._chars) > MAX_SCAN:
            self._chars = self._chars[-MAX_SCAN:]

    def enter(self, t: float) -> bool:
        """True when Enter ended a scan (and on_scan was called): the UI should then not treat
        the keys as typing."""
        chars, last = self._chars, self._last
        self._chars, self._last = [], None
        if last is None or t - last > self.inter_key_timeout or len(chars) < self.min_length:
            return False
        text = clean_scan("".join(chars).encode("utf-8"), strip_aim=self.strip_aim)
        if text is None:
            return False
        try:
            self.on_scan(text)
        except Exception:
            log.exception("wedge scanner: scan handler failed")
        return True

    @property
    def pending(self) -> str:
        return "".join(self._chars)
