"""The kiosk's voice for speech mode: one phrase at a time, on its own thread, interruptible.

    speaker = Speaker(open_speech(), open_output("auto"))
    speaker.say("Selamat datang", "id")     # returns at once; a newer phrase cuts this one

`say` never blocks (the UI thread calls it): the thread synthesises with devices.speech,
sets the volume, and hands the WAV to devices.audio's output. Any newer `say` or `hush`
stops what is playing (the output's `stop()`, where it has one). `log` records what was
said, when, in which language: the tests read it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from devices.audio import wav
from devices.audio.output import AudioError
from devices.speech import SpeechError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Said:
    text: str
    lang: str
    asked: float        # time.monotonic() when say() was called
    handed: float       # when the first sample went to the player
    volume_db: int


class Speaker:
    def __init__(self, speech, output, volume_db: int = 0):
        self.speech = speech
        self.output = output
        self.volume_db = volume_db
        self.log: list[Said] = []
        self._lock = threading.Condition()
        self._next = None            # (generation, text, lang, asked) waiting to be said
        self._generation = 0
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    def say(self, text: str, lang: str, *more: tuple[str, str]) -> None:
        """Say `text` now, cutting short whatever is being said; then each (text, lang)
        of `more` (the welcome hint in both languages)."""
        with self._lock:
            self._generation += 1
            self._next = (self._generation, [(text, lang), *more], time.monotonic())
            self._lock.notify()
        self._stop_output()

    def hush(self) -> None:
        """Stop speaking (any key does this before its own action)."""
        with self._lock:
            self._generation += 1
            self._next = None
        self._stop_output()

    def spoken(self) -> list[str]:
        return [s.text for s in self.log]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify()
        self._stop_output()
        self._thread.join(timeout=5)

    def _stop_output(self) -> None:
        stop = getattr(self.output, "stop", None)
        if stop is not None:
            stop()

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation and not self._closed

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._next is None and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                generation, parts, asked = self._next
                self._next = None
            for text, lang in parts:
                if not self._current(generation):
                    break
                self._say(generation, text, lang, asked)

    def _say(self, generation: int, text: str, lang: str, asked: float) -> None:
        try:
            samples = wav.normalise(self.speech.wav(text, lang))
            data = wav.write(wav.scale(samples, 10 ** (self.volume_db / 20)))
            if not self._current(generation):
                return  # a newer phrase came while this one was made
            self.log.append(Said(text, lang, asked, time.monotonic(), self.volume_db))
            self.output.play(data)
        except (SpeechError, AudioError) as exc:
            log.warning("not said (%s): %s", exc, text[:60])
        except Exception:
            log.exception("speaking failed: %s", text[:60])
