"""Clips as ready-to-join samples: an MPP's recording from the clip folder when there is
one, else synthesised once and kept (in memory, and written to the cache folder when one is
given, so the next start does not synthesise again)."""

from __future__ import annotations

import logging
import threading
from array import array
from pathlib import Path

from devices.audio import wav
from devices.audio.chime import CHIME_WAV

log = logging.getLogger(__name__)


class ClipLibrary:
    def __init__(self, folders: list[Path] | Path | None = None, speech=None,
                 cache: Path | None = None, chime: Path = CHIME_WAV):
        if isinstance(folders, (str, Path)):
            folders = [Path(folders)]
        self.folders = [Path(f) for f in (folders or [])]
        self.speech = speech
        self.cache = Path(cache) if cache else None
        self.chime = Path(chime)
        self._samples: dict[str, array] = {}
        self._lock = threading.Lock()
        self.sources: dict[str, str] = {}   # key -> "file:<path>" | "synthesised" | "missing"

    def _recorded(self, key: str) -> Path | None:
        for folder in [*self.folders, *([self.cache] if self.cache else [])]:
            path = folder / f"{key}.wav"
            if path.is_file():
                return path
        if key == "chime" and self.chime.is_file():
            return self.chime
        return None

    def samples(self, clip) -> array:
        """Mono 16-bit samples at wav.RATE for a clip (key, lang, text); empty when it can
        be neither found nor synthesised (logged: the rest of the announcement still plays)."""
        with self._lock:
            if clip.key in self._samples:
                return self._samples[clip.key]
        samples = self._load(clip)
        with self._lock:
            self._samples[clip.key] = samples
        return samples

    def _load(self, clip) -> array:
        path = self._recorded(clip.key)
        if path is not None:
            try:
                samples = wav.normalise(path.read_bytes())
                self.sources[clip.key] = f"file:{path}"
                return samples if clip.key == "chime" else wav.level(wav.trim(samples))
            except (OSError, wav.WavError) as exc:
                log.warning("clip %s unusable (%s); synthesising it", path, exc)
        if not clip.text or self.speech is None:
            self.sources[clip.key] = "missing"
            log.warning("no clip %s and nothing to synthesise it with", clip.key)
            return array("h")
        try:
            data = self.speech.wav(clip.text, clip.lang)
            samples = wav.trim(wav.normalise(data))
        except Exception as exc:  # noqa: BLE001 - any engine failure: say it, keep going
            self.sources[clip.key] = "missing"
            log.warning("could not synthesise clip %s (%r): %s", clip.key, clip.text, exc)
            return array("h")
        self.sources[clip.key] = "synthesised"
        if self.cache:
            try:
                self.cache.mkdir(parents=True, exist_ok=True)
                (self.cache / f"{clip.key}.wav").write_bytes(wav.write(samples))
            except OSError as exc:
                log.warning("cannot cache clip %s: %s", clip.key, exc)
        return samples

    def prewarm(self, clips) -> threading.Thread:
        """Load or synthesise clips on a thread, so the first call is not the slow one."""
        def run():
            for clip in clips:
                self.samples(clip)
        thread = threading.Thread(target=run, name="clips-prewarm", daemon=True)
        thread.start()
        return thread
