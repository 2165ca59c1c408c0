"""Audio output behind one call: `play(wav_bytes)`, blocking until played (call it from a
worker thread, never the UI thread).

Players: `AplayOutput` (alsa-utils' aplay, the default: on every Debian install, talks to
ALSA directly, so a kiosk PC with no desktop session and no sound server still plays;
where PulseAudio/PipeWire runs, ALSA's default device goes through it anyway) and
`PaplayOutput` (paplay, chosen by `open_output("auto")` only when a sound server's socket
exists, since then it holds the card and a raw-ALSA aplay may find it busy).
`WavFileOutputStandIn` writes each WAV to a folder and logs when it started and ended.
"""

from __future__ import annotations

import abc
import logging
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from devices.audio.wav import duration_s

log = logging.getLogger(__name__)


class AudioError(Exception):
    """A sound could not be played (no player, no device)."""


class AudioOutput(abc.ABC):
    """The facade: `play(wav)` returns when the sound has played (or failed, logged)."""

    name = "none"

    @abc.abstractmethod
    def play(self, wav: bytes) -> None:
        """Play one WAV, returning when it has played."""


class _PipePlayer(AudioOutput):
    command: list[str] = []

    def __init__(self, extra: list[str] | None = None):
        self.extra = extra or []
        self._warned = False
        self._proc = None

    def stop(self) -> None:
        """Cut short what is playing (speech mode: any key interrupts)."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()

    def play(self, wav: bytes) -> None:
        # A stuck device must not stall the queue: the sound's length plus a margin.
        timeout = duration_s(wav) + 5.0
        try:
            proc = subprocess.Popen([*self.command, *self.extra], stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except FileNotFoundError:
            raise AudioError(f"{self.command[0]} is not installed") from None
        self._proc = proc
        try:
            _, stderr = proc.communicate(wav, timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise AudioError(f"{self.command[0]} did not finish within {timeout:.0f} s") from None
        except BrokenPipeError:   # stopped (speech mode's interrupt) while being fed
            proc.wait()
            return
        finally:
            self._proc = None
        done = subprocess.CompletedProcess(proc.args, proc.returncode, b"", stderr)
        if done.returncode < 0:
            return  # stopped on purpose by stop()
        if done.returncode != 0:
            # ALSA prints a page of config noise; its last line says what went wrong.
            lines = done.stderr.decode(errors="replace").strip().splitlines()
            raise AudioError(f"{self.command[0]}: {lines[-1] if lines else done.returncode}")


class AplayOutput(_PipePlayer):
    name = "aplay"
    command = ["aplay", "-q", "-t", "wav", "-"]

    def __init__(self, device: str = ""):
        super().__init__(["-D", device] if device else [])


class PaplayOutput(_PipePlayer):
    name = "paplay"
    command = ["paplay"]


@dataclass(frozen=True)
class Played:
    path: Path
    started: float      # time.monotonic() when the WAV was handed over
    ended: float        # when play() returned (started + its duration)
    duration: float


class WavFileOutputStandIn(AudioOutput):
    """Stand-in for tests: each WAV becomes NNN.wav in `folder`; `played` logs them in
    order with start and end times. `realtime` makes play() last as long as the sound,
    like a real player, so overlap would show in the log."""

    name = "file"

    def __init__(self, folder: Path, realtime: bool = True, speed: float = 1.0):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.realtime = realtime
        self.speed = speed
        self.played: list[Played] = []
        self._lock = threading.Lock()
        self._busy = False
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Cut the sound short, as a real player's stop() does."""
        self._stopped.set()

    def play(self, wav: bytes) -> None:
        started = time.monotonic()
        with self._lock:
            if self._busy:   # the one thing an announcer must never do
                raise AudioError("play() called while another sound is playing")
            self._busy = True
            self._stopped.clear()
            path = self.folder / f"{len(self.played) + 1:03d}.wav"
        try:
            path.write_bytes(wav)
            length = duration_s(wav)
            if self.realtime:
                self._stopped.wait(length / self.speed)
        finally:
            with self._lock:
                self._busy = False
                self.played.append(Played(path, started, time.monotonic(), length))


def _sound_server() -> bool:
    runtime = os.environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")
    return bool(os.environ.get("PULSE_SERVER")) or Path(runtime, "pulse", "native").exists()


def open_output(player: str = "auto", *, folder: Path | None = None, device: str = "") -> AudioOutput:
    """"auto" | "aplay" | "paplay" | "file" (WavFileOutputStandIn into `folder`)."""
    if player == "file":
        return WavFileOutputStandIn(folder or Path("audio-stand-in"))
    if player == "auto":
        # A named ALSA device is aplay's; otherwise the sound server when one runs.
        player = "paplay" if not device and shutil.which("paplay") and _sound_server() else "aplay"
    if player == "aplay":
        return AplayOutput(device)
    if player == "paplay":
        return PaplayOutput()
    raise ValueError(f"unknown audio player {player!r} (auto, aplay, paplay or file)")
