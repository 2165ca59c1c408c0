"""Voice figures: from a call event arriving at the display's feed to the first audio bytes
handed to the output, through a real SSE server on 127.0.0.1, the real feed, the board
controller, the Announcer and real espeak-ng.
    .venv/bin/python bench/voice.py
Target: call_to_voice_start_ms <= 1000 (clips cached, as after the display's start-up
prewarm); call_to_voice_start_ms_cold is the first call with no clip made yet.
The Kivy hop (Clock.schedule_once to the UI thread, one frame) is not included.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "display"))

from devices.audio import Announcer, ClipLibrary, WavFileOutputStandIn  # noqa: E402
from devices.speech import open_speech  # noqa: E402
from kiosk.display.controller import BoardController  # noqa: E402
from kiosk.display.feed import EventFeed  # noqa: E402
from kiosk.voice import VoiceOptions, speech_clips  # noqa: E402
from sse_hub import SseHub, call  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
RUNS = 15


class TimedOutput(WavFileOutputStandIn):
    """The file-writing stand-in, noting when each WAV is handed over."""

    def __init__(self, folder):
        super().__init__(folder, realtime=False)
        self.handed: list[float] = []
        self.event = threading.Event()

    def play(self, wav: bytes) -> None:
        self.handed.append(time.perf_counter())
        self.event.set()
        super().play(wav)


def measure(languages: tuple[str, ...], prewarm: bool, runs: int) -> list[float]:
    work = Path(tempfile.mkdtemp(prefix="anjungan-voice-bench-"))
    hub = SseHub(token="t")
    output = TimedOutput(work / "out")
    library = ClipLibrary([], open_speech())
    if prewarm:
        library.prewarm([c for lang in languages for c in speech_clips(lang)]).join()
    announcer = Announcer(output, library)
    controller = BoardController(VoiceOptions(languages=languages))
    received: list[float] = []

    def on_event(event):
        if event.type == "call":
            received.append(time.perf_counter())
        announcement = controller.apply(event, datetime.now(WIB))
        if announcement is not None:
            announcer.announce(announcement)

    feed = EventFeed(hub.url, "t", on_event).start()
    while controller.state.last_event_id is None:
        time.sleep(0.01)
    times = []
    for i in range(runs):
        output.event.clear()
        hub.push("call", call(f"A-{100 + i * 37:03d}", 1 + i % 9, at=datetime.now(WIB).isoformat()))
        output.event.wait(10)
        announcer.wait_idle(10)
        times.append((output.handed[-1] - received[-1]) * 1000)
    feed.stop()
    announcer.close()
    hub.stop()
    return times


def main() -> int:
    cold = measure(("id",), prewarm=False, runs=1)[0]
    warm = measure(("id",), prewarm=True, runs=RUNS)
    both = measure(("id", "en"), prewarm=True, runs=RUNS)
    print(f"call_to_voice_start_ms: {statistics.median(warm):.0f}")
    print(f"call_to_voice_start_ms_max: {max(warm):.0f}")
    print(f"call_to_voice_start_ms_id_en: {statistics.median(both):.0f}")
    print(f"call_to_voice_start_ms_cold: {cold:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
