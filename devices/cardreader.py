"""Card readers on a serial line: RDM6300-style STX/ETX frames with the EM4100 checksum, or
plain lines (card number + CR/LF).

A card resting on an RDM6300 is reported every ~50 ms; the same id seen again within
`repeat_s` (1 s) of its last sighting is the same touch and is suppressed. `on_card(card_id)`
runs on the reader thread: marshal it to the UI thread. A card id identifies a card, it does
not prove who holds it (UIDs can be cloned).
"""

from __future__ import annotations

import time
from typing import Callable

from devices.framing import LineFramer, StxEtxFramer, em4100_checksum
from devices.serial_input import SerialInput, decode_config_bytes
from kiosk.device_keys import CHECKSUMS

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


class SerialCardReader(SerialInput):
    """The [devices.cardreader] table: port, baudrate..., framing (stxetx | line),
    checksum (em4100 | none, for stxetx), suffix (line), repeat_s (1.0)."""

    name = "card reader"

    def __init__(self, config: dict, on_card: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.repeats = RepeatFilter(float(config.get("repeat_s", 1.0)), clock)
        super().__init__(config, make_framer(config), on_card)

    def decode(self, frame: bytes) -> str | None:
        card_id = card_id_from_frame(frame)
        return card_id if card_id is not None and self.repeats.accept(card_id) else None

    on_card = property(lambda self: self.handler,
                       lambda self, handler: setattr(self, "handler", handler))
    cards = property(lambda self: self.count)
