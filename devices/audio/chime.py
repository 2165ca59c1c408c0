"""The chime before an announcement: a two-tone "ding-dong" synthesised here, so the
project ships no recording of unknown licence. `python -m devices.audio.chime` rewrites
assets/voice/chime.wav."""

from __future__ import annotations

import math
import sys
from array import array
from pathlib import Path

from devices.audio.wav import RATE, write

CHIME_WAV = Path(__file__).resolve().parent.parent.parent / "assets" / "voice" / "chime.wav"
# E5 then C5, a major third down: the classic public-address interval, soft bell partials.
NOTES = ((659.25, 0.0), (523.25, 0.42))
PARTIALS = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.2, 0.05))
LENGTH_S = 1.6


def ding_dong(rate: int = RATE, peak: float = 0.45) -> array:
    n = int(rate * LENGTH_S)
    mix = [0.0] * n
    for freq, start in NOTES:
        first = int(start * rate)
        for i in range(n - first):
            t = i / rate
            attack = min(1.0, t / 0.006)           # no click at the start
            decay = math.exp(-t * 3.2)
            tone = sum(a * math.exp(-t * 2.0 * h) * math.sin(2 * math.pi * freq * h * t)
                       for h, a in PARTIALS)
            mix[first + i] += attack * decay * tone
    top = max(abs(v) for v in mix) or 1.0
    fade = int(0.05 * rate)                        # and none at the end
    return array("h", (int(32767 * peak * v / top * min(1.0, (n - i) / fade))
                       for i, v in enumerate(mix)))


def main(argv: list[str] | None = None) -> int:
    out = Path((argv or sys.argv[1:] or [str(CHIME_WAV)])[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(write(ding_dong()))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
