"""Card readers on a serial line: RDM6300-style STX/ETX frames with the EM4100 checksum, or
plain lines (card number + CR/LF).

A card resting on an RDM6300 is reported every ~50 ms; the same id seen again within
`repeat_s` (1 s) of its last sighting is the same touch and is suppressed. `on_card(card_id)`
runs on the reader thread: marshal it to the UI thread. A card id identifies a card, it does
not prove who holds it (UIDs can be cloned).
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from devices.framing import LineFramer, StxEtxFramer, em4100_checksum
from devices.scanner import decode_config_bytes
from devices.serial_port import SerialLink
from kiosk.device_keys import CHECKSUMS

log = logging.getLogger(__name__)


class RepeatFilter:
    """Passes an id unless the same id was seen less than `window` seconds ago."""

    def __init__(self, window: float = 1.0, clock: Callable[[], float] = time.monotonic):
        self.window = window
        self.clock = clock
        self._last_id: str | None = None
        self._last_seen = 0.0

    def accept(self, card_id: str) -> bool:
        now = self.clock()
        repeat = card_id == self._last_id and now - self._last_seen < self.window
        self._last_id, self._last_seen = card_id, now
        return not repeat


def make_framer(config: dict):
    framing = str(config.get("framing", "stxetx")).lower()
    if framing == "line":
        return LineFramer(decode_config_bytes(config.get("suffix"), b"\r\n") or b"\r\n",
                          max_len=int(config.get("max_length", 64)))
    if framing == "stxetx":
        checksum = str(config.get("checksum", "em4100")).lower()
        if checksum not in CHECKSUMS:
            raise ValueError(f"checksum must be em4100 or none, not {checksum!r}")
        return StxEtxFramer(max_len=int(config.get("max_length", 64)),
                            checksum=em4100_checksum if checksum == "em4100" else None)
    raise ValueError(f"framing must be stxetx or line, not {framing!r}")


def card_id_from_frame(frame: bytes) -> str | None:
    text = frame.strip(b"\r\n\x00 ").decode("ascii", "replace")
    text = "".join(ch for ch in text if ch.isalnum())
    return text.upper() or None


class SerialCardReader:
    """The [devices.cardreader] table: port, baudrate..., framing (stxetx | line),
    checksum (em4100 | none, for stxetx), suffix (line), repeat_s (1.0)."""

    def __init__(self, config: dict, on_card: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.config = dict(config)
        self.on_card = on_card
        self.framer = make_framer(config)
        self.repeats = RepeatFilter(float(config.get("repeat_s", 1.0)), clock)
        self.cards = 0
        self.link = SerialLink(self.config, self._on_data, name="cardreader",
                               on_connect=lambda up: self.framer.reset()).start()

    def _on_data(self, data: bytes) -> None:
        for frame in self.framer.feed(data):
            card_id = card_id_from_frame(frame)
            if card_id is None or not self.repeats.accept(card_id):
                continue
            self.cards += 1
            if self.on_card is None:
                log.info("card reader: card ignored, nobody listening")
                continue
            try:
                self.on_card(card_id)
            except Exception:
                log.exception("card reader: card handler failed")

    @property
    def connected(self) -> bool:
        return self.link.connected

    def close(self) -> None:
        self.link.close()
