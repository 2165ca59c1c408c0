"""What a scanner and a card reader share: a serial line read on its own thread, cut into
frames, each frame turned into a value (a scanned code, a card id) and handed to a handler.

A subclass says how to frame (`framer`), how a frame becomes a value (`decode`: None to
drop it) and what it is called in logs (`name`). The handler runs on the reader thread:
the UI marshals it to its own thread. A failing handler is logged, never fatal.
"""

from __future__ import annotations

import abc
import logging
from typing import Callable

from devices.serial_port import SerialLink

log = logging.getLogger(__name__)


def decode_config_bytes(value, default: bytes) -> bytes:
    """A suffix/prefix from TOML: "\\r" arrives as a real CR; "CRLF"-style names also work."""
    if value is None:
        return default
    if isinstance(value, bytes):
        return value
    names = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t", "NONE": b""}
    text = str(value)
    return names.get(text.upper(), text.encode("latin-1", "replace"))


class SerialInput(abc.ABC):
    name = "serial input"

    def __init__(self, config: dict, framer, handler: Callable[[str], None] | None = None):
        self.config = dict(config)
        self.framer = framer
        self.handler = handler
        self.count = 0
        self.link = SerialLink(self.config, self._on_data, name=self.name.replace(" ", ""),
                               on_connect=self._on_connect).start()

    @abc.abstractmethod
    def decode(self, frame: bytes) -> str | None:
        """The value one frame carries, or None to drop it."""

    def _on_connect(self, up: bool) -> None:
        self.framer.reset()  # half a frame from before an unplug is not a frame

    def _on_data(self, data: bytes) -> None:
        for frame in self.framer.feed(data):
            value = self.decode(frame)
            if value is None:
                continue
            self.count += 1
            if self.handler is None:
                log.info("%s: input ignored, nobody listening", self.name)
                continue
            try:
                self.handler(value)
            except Exception:
                log.exception("%s: handler failed", self.name)

    @property
    def connected(self) -> bool:
        return self.link.connected

    def close(self) -> None:
        self.link.close()
