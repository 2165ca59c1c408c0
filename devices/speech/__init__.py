"""Speech synthesis behind a small facade: text in, WAV bytes out.

    speech = Speech(EspeakNg(rate=150, volume=100))
    wav = speech.wav("Silakan ambil tiket", lang="id")

`EspeakNg` runs Debian's espeak-ng (offline, Indonesian voice "id"); `SpeechToFileStandIn`
is the stand-in for tests: it writes every request to a log and returns a tone as long as
the text would roughly take to say. Playing the WAV is devices.audio's job.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import threading
import wave
from array import array
from pathlib import Path

LANGUAGES = ("id", "en")
RATE = 22050  # espeak-ng's native sample rate


class SpeechError(Exception):
    """Synthesis failed (engine missing, crashed, timed out): say so, never hang."""


class EspeakNg:
    """espeak-ng in a subprocess: `espeak-ng -v id -s RATE -a AMP --stdout TEXT`."""

    VOICES = {"id": "id", "en": "en"}

    def __init__(self, rate: int = 150, volume: int = 100, executable: str = "espeak-ng",
                 timeout_s: float = 10.0):
        self.rate = rate            # words per minute (espeak-ng -s; 80..450)
        self.volume = volume        # amplitude 0..200 (espeak-ng -a; 100 is normal)
        self.executable = executable
        self.timeout_s = timeout_s

    def available(self) -> bool:
        return shutil.which(self.executable) is not None

    def wav(self, text: str, lang: str) -> bytes:
        if lang not in self.VOICES:
            raise SpeechError(f"no voice for language {lang!r} (have {', '.join(self.VOICES)})")
        # "--" ends options, so a text starting with "-" is read, not parsed as an option.
        cmd = [self.executable, "-v", self.VOICES[lang], "-s", str(self.rate),
               "-a", str(self.volume), "--stdout", "--", text]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=self.timeout_s, check=False)
        except FileNotFoundError:
            raise SpeechError(f"{self.executable} is not installed "
                              "(apt-get install espeak-ng)") from None
        except subprocess.TimeoutExpired:
            raise SpeechError(f"{self.executable} took longer than {self.timeout_s} s") from None
        if done.returncode != 0 or len(done.stdout) < 44:
            why = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            raise SpeechError(f"{self.executable} failed: {why}")
        return done.stdout


class SpeechToFileStandIn:
    """Stand-in for tests and machines without a synthesiser: logs each request as
    `lang<TAB>text` to speech.log in `folder` and returns a quiet tone of plausible length."""

    def __init__(self, folder: Path, seconds_per_char: float = 0.06):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log = self.folder / "speech.log"
        self.seconds_per_char = seconds_per_char
        self._lock = threading.Lock()

    def available(self) -> bool:
        return True

    def wav(self, text: str, lang: str) -> bytes:
        with self._lock, self.log.open("a", encoding="utf-8") as f:
            f.write(f"{lang}\t{text}\n")
        frames = int(RATE * max(0.1, len(text) * self.seconds_per_char))
        tone = array("h", (int(3000 * math.sin(2 * math.pi * 220 * i / RATE))
                           for i in range(frames)))
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(tone.tobytes())
        return out.getvalue()


class Speech:
    """The facade screens and the announcer use: `wav(text, lang)`, `available()`."""

    def __init__(self, backend=None):
        self.backend = backend or EspeakNg()

    def available(self) -> bool:
        return self.backend.available()

    def wav(self, text: str, lang: str = "id") -> bytes:
        if not text.strip():
            raise SpeechError("nothing to say")
        return self.backend.wav(text, lang)


def open_speech(driver: str = "espeak-ng", *, rate: int = 150, volume: int = 100,
                folder: Path | None = None) -> Speech:
    """`driver`: "espeak-ng" (real) or "file" (SpeechToFileStandIn writing into `folder`)."""
    if driver == "file":
        return Speech(SpeechToFileStandIn(folder or Path("speech-stand-in")))
    if driver == "espeak-ng":
        return Speech(EspeakNg(rate=rate, volume=volume))
    raise ValueError(f"unknown speech driver {driver!r} (espeak-ng or file)")
