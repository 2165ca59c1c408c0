"""Framers: bytes in (in whatever pieces the serial port delivers), whole frames out.

They never raise on garbage: an over-long frame is dropped up to the next delimiter, a frame
with a bad checksum is dropped, and the STX/ETX framer starts afresh on every STX so that
a lost byte costs one frame, never the following ones.
"""

from __future__ import annotations

from typing import Callable

STX, ETX = 0x02, 0x03


class LineFramer:
    """Frames end with `suffix` (CR, CRLF, LF...). Empty lines are skipped."""

    def __init__(self, suffix: bytes = b"\r", max_len: int = 1024):
        if not suffix:
            raise ValueError("line suffix must not be empty")
        self.suffix = bytes(suffix)
        self.max_len = max_len
        self._buffer = bytearray()
        self._overflow = False  # inside a line that was too long: drop until its end
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        frames = []
        while True:
            end = self._buffer.find(self.suffix)
            if end < 0:
                break
            frame = bytes(self._buffer[:end])
            del self._buffer[: end + len(self.suffix)]
            if self._overflow or len(frame) > self.max_len:
                self._overflow = False
                self.dropped += 1
            elif frame:
                frames.append(frame)
        if len(self._buffer) > self.max_len + len(self.suffix):
            # Keep the tail: it may hold the start of the suffix.
            del self._buffer[: -len(self.suffix)]
            self._overflow = True
        return frames

    def reset(self) -> None:
        self._buffer.clear()
        self._overflow = False


class StxEtxFramer:
    """Frames are STX payload ETX. `checksum(payload)` returns the data without its checksum,
    or None when the checksum is wrong; without it the whole payload is the frame."""

    def __init__(self, max_len: int = 64, checksum: Callable[[bytes], bytes | None] | None = None):
        self.max_len = max_len
        self.checksum = checksum
        self._buffer: bytearray | None = None  # None: waiting for an STX
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        frames = []
        for byte in data:
            if byte == STX:  # resync: a new frame starts here whatever came before
                if self._buffer:
                    self.dropped += 1
                self._buffer = bytearray()
            elif self._buffer is None:
                continue
            elif byte == ETX:
                frame = self._check(bytes(self._buffer))
                self._buffer = None
                if frame is None:
                    self.dropped += 1
                else:
                    frames.append(frame)
            elif len(self._buffer) >= self.max_len:
                self._buffer = None
                self.dropped += 1
            else:
                self._buffer.append(byte)
        return frames

    def _check(self, payload: bytes) -> bytes | None:
        if not payload:
            return None
        if self.checksum is None:
            return payload
        try:
            return self.checksum(payload)
        except (ValueError, TypeError):
            return None

    def reset(self) -> None:
        self._buffer = None


def em4100_checksum(payload: bytes) -> bytes | None:
    """RDM6300/EM4100: 10 ASCII-hex card digits + 2 ASCII-hex XOR of the five card bytes."""
    if len(payload) != 12:
        return None
    try:
        text = payload.decode("ascii")
        raw = bytes.fromhex(text)
    except (UnicodeDecodeError, ValueError):
        return None
    xor = 0
    for value in raw[:5]:
        xor ^= value
    return payload[:10].upper() if xor == raw[5] else None


def em4100_frame(card_hex: str, corrupt: bool = False) -> bytes:
    """The frame an RDM6300 sends for a card (used by the simulator and the tests)."""
    raw = bytes.fromhex(card_hex)
    xor = 0
    for value in raw:
        xor ^= value
    if corrupt:
        xor ^= 0x5A
    return b"\x02" + card_hex.upper().encode("ascii") + b"%02X" % xor + b"\x03"
