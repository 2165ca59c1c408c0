"""Simulated input devices on pseudo-terminals: a QR scanner and a card reader.

Both inject what a real device would send, plus the faults real lines have (noise, bad
checksums). An optional inbox file lets a developer inject by hand while the kiosk runs:
every line appended to it is sent as one scan / one card.
"""

from __future__ import annotations

import logging
import os
import random
import threading
from pathlib import Path

from devices.framing import em4100_frame
from devices.sim.pty import PtyEndpoint

log = logging.getLogger(__name__)


class _InboxWatcher:
    """Calls `inject(line)` for every line appended to `path` after start."""

    def __init__(self, path: Path, inject):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()
        self.inject = inject
        self._offset = self.path.stat().st_size
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"inbox-{path.name}")
        self._thread.start()

    def _run(self) -> None:
        pending = b""
        while not self._stop.wait(0.2):
            try:
                with self.path.open("rb") as fh:
                    if os.fstat(fh.fileno()).st_size < self._offset:
                        self._offset = 0  # the file was truncated: start over
                    fh.seek(self._offset)
                    data = fh.read()
                    self._offset = fh.tell()
            except OSError:
                continue
            *lines, pending = (pending + data).split(b"\n")
            for line in lines:
                text = line.decode("utf-8", "replace").strip()
                if text:
                    self.inject(text)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1)


class _SimInput:
    """What every simulated input device shares: a pty endpoint, an optional inbox file."""

    endpoint: PtyEndpoint
    _inbox: "_InboxWatcher | None"

    @property
    def port(self) -> str:
        return self.endpoint.port

    def unplug(self) -> None:
        self.endpoint.unplug()

    def replug(self) -> None:
        self.endpoint.replug()

    def close(self) -> None:
        if self._inbox:
            self._inbox.stop()
        self.endpoint.close()


class SimScanner(_SimInput):
    """A serial-mode scanner: `inject("ANJ1:B:...")` sends [prefix][aim]data[suffix]."""

    def __init__(self, suffix: bytes = b"\r", aim: str = "]Q1", prefix: bytes = b"",
                 link_dir: Path | None = None, inbox: Path | None = None, name: str = "scanner"):
        self.suffix, self.aim, self.prefix = suffix, aim, prefix
        self.endpoint = PtyEndpoint(name, None, link_dir)
        self._inbox = _InboxWatcher(inbox, self.inject) if inbox else None

    def frame(self, text: str) -> bytes:
        return self.prefix + self.aim.encode("ascii") + text.encode("utf-8") + self.suffix

    def inject(self, text: str) -> bool:
        return self.endpoint.write(self.frame(text))

    def inject_raw(self, data: bytes) -> bool:
        return self.endpoint.write(data)

    def inject_noise(self, count: int = 64, rng: random.Random | None = None) -> bool:
        """Line noise ended by the suffix, as after a glitch on the cable."""
        rng = rng or random.Random()
        return self.endpoint.write(bytes(rng.randrange(256) for _ in range(count)) + self.suffix)



class SimCardReader(_SimInput):
    """An RDM6300 (framing "stxetx") or a line-based reader (framing "line")."""

    def __init__(self, framing: str = "stxetx", link_dir: Path | None = None,
                 inbox: Path | None = None, name: str = "cardreader"):
        if framing not in ("stxetx", "line"):
            raise ValueError(f"framing must be stxetx or line, not {framing!r}")
        self.framing = framing
        self.endpoint = PtyEndpoint(name, None, link_dir)
        self._inbox = _InboxWatcher(inbox, self.present) if inbox else None

    def frame(self, card: str, corrupt: bool = False) -> bytes:
        if self.framing == "line":
            return card.encode("ascii", "replace") + b"\r\n"
        return em4100_frame(card, corrupt=corrupt)

    def present(self, card: str, repeats: int = 1) -> bool:
        """A card laid on the reader: an RDM6300 repeats the frame while it stays there."""
        if self.framing == "stxetx":
            try:
                bytes.fromhex(card)
            except ValueError:
                log.warning("card reader simulator: %r is not 10 hex digits", card)
                return False
            if len(card) != 10:
                log.warning("card reader simulator: %r is not 10 hex digits", card)
                return False
        return self.endpoint.write(self.frame(card) * max(1, repeats))

    def inject_bad_checksum(self, card: str) -> bool:
        return self.endpoint.write(self.frame(card, corrupt=True))

    def inject_noise(self, count: int = 64, rng: random.Random | None = None) -> bool:
        rng = rng or random.Random()
        return self.endpoint.write(bytes(rng.randrange(256) for _ in range(count)))

