"""Announcements played one at a time, in order, on the announcer's own thread.

`announce(a)` only queues (it never blocks the caller: the display's UI thread calls it);
the thread builds the announcement's WAV — chime, pause, then each group of clips with a
short gap between words and a longer one between groups — and hands it to the output,
waiting until it has played before taking the next. A recall queued again is said again.
"""

from __future__ import annotations

import logging
import queue
import threading
from array import array
from typing import Callable

from devices.audio import wav
from devices.audio.output import AudioError

log = logging.getLogger(__name__)

WORD_GAP_MS = 60
GROUP_GAP_MS = 260
AFTER_CHIME_MS = 350
BETWEEN_ANNOUNCEMENTS_MS = 600


class Announcer:
    def __init__(self, output, library, volume: float = 1.0,
                 on_start: Callable[[object], None] | None = None):
        self.output = output
        self.library = library
        self.volume = max(0.0, min(1.0, volume))
        self.on_start = on_start          # called (on the announcer thread) as play begins
        self._queue: queue.Queue = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def announce(self, announcement) -> None:
        self._idle.clear()
        self._queue.put(announcement)

    def build(self, announcement) -> bytes:
        """The announcement as one WAV (wav.RATE, mono, 16-bit)."""
        out = array("h")
        for g, group in enumerate(announcement.groups):
            if g:
                chime_before = announcement.groups[g - 1][0].key == "chime"
                out += wav.silence(AFTER_CHIME_MS if chime_before else GROUP_GAP_MS)
            for i, clip in enumerate(group):
                if i:
                    out += wav.silence(WORD_GAP_MS)
                out += self.library.samples(clip)
        out += wav.silence(BETWEEN_ANNOUNCEMENTS_MS)
        return wav.write(wav.scale(out, self.volume))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once everything queued has been played."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            announcement = self._queue.get()
            if announcement is None:
                return
            try:
                data = self.build(announcement)
                if self.on_start:
                    self.on_start(announcement)
                self.output.play(data)
            except AudioError as exc:   # no card, device busy: said once per call, briefly
                log.warning("announcement of %s not played: %s",
                            getattr(announcement, "number", "?"), exc)
            except Exception:  # noqa: BLE001 - a broken clip or player must not stop the next call
                log.exception("announcement of %s failed", getattr(announcement, "number", "?"))
            if self._queue.empty():
                self._idle.set()


