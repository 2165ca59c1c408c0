"""WAV bytes in, one PCM format out, so clips from anywhere can be joined end to end.

Every clip (espeak-ng's, an MPP's recording at 44.1 kHz stereo, the chime) is turned into
FORMAT: 22 050 Hz, mono, 16-bit little-endian — espeak-ng's own rate, so synthesised clips
need no resampling. Standard library only.
"""

from __future__ import annotations

import io
import math
import struct
import sys
import wave
from array import array

RATE = 22050
WIDTH = 2
CHANNELS = 1


class WavError(ValueError):
    """Not a WAV this module can read (a recorded clip in another format, a broken file)."""


def read(data: bytes) -> tuple[int, int, int, bytes]:
    """(rate, channels, sample width, frames) of a PCM WAV. Reads the chunks itself because
    espeak-ng --stdout writes a streaming header whose data size is 0x7FFFFFFF or 0."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WavError("not a RIFF/WAVE file")
    pos, fmt = 12, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[body:body + 16])
            if tag not in (1, 0xFFFE):
                raise WavError(f"compressed WAV (format {tag}); save it as PCM")
            fmt = (rate, channels, bits // 8)
        elif cid == b"data":
            if fmt is None:
                raise WavError("data before format")
            end = len(data) if size in (0, 0xFFFFFFFF, 0x7FFFFFFF) else min(len(data), body + size)
            frame = fmt[1] * fmt[2]
            frames = data[body:end]
            return (*fmt, frames[:len(frames) - len(frames) % frame])
        pos = body + size + (size & 1)
    raise WavError("no audio data")


def _to_int16(frames: bytes, width: int) -> array:
    if width == 2:
        samples = array("h", frames)
    elif width == 1:           # 8-bit WAV is unsigned
        samples = array("h", ((b - 128) << 8 for b in frames))
    elif width in (3, 4):      # keep the top 16 bits
        samples = array("h", (int.from_bytes(frames[i + width - 2:i + width], "little", signed=True)
                              for i in range(0, len(frames), width)))
    else:
        raise WavError(f"{width * 8}-bit samples are not supported")
    if sys.byteorder == "big" and width == 2:
        samples.byteswap()
    return samples


def normalise(data: bytes, rate: int = RATE) -> array:
    """Any PCM WAV -> mono 16-bit samples at `rate` (channels averaged, linear resampling)."""
    src_rate, channels, width, frames = read(data)
    samples = _to_int16(frames, width)
    if channels > 1:
        samples = array("h", (sum(samples[i:i + channels]) // channels
                              for i in range(0, len(samples) - channels + 1, channels)))
    if src_rate != rate and len(samples) > 1:
        step, n = src_rate / rate, int(len(samples) * rate / src_rate)
        last = len(samples) - 1
        out = array("h", bytes(2 * n))
        for i in range(n):
            x = i * step
            j = int(x)
            k = j + 1 if j < last else last
            out[i] = int(samples[j] + (samples[k] - samples[j]) * (x - j))
        samples = out
    return samples


def trim(samples: array, threshold: int = 200, keep_ms: int = 40, rate: int = RATE) -> array:
    """Cut the silence a synthesiser or a recorder leaves around a word, keeping a few ms,
    so the gaps between clips are ours (even), not the sum of two tails."""
    start = next((i for i, s in enumerate(samples) if abs(s) > threshold), None)
    if start is None:
        return array("h")
    end = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > threshold)
    keep = rate * keep_ms // 1000
    return samples[max(0, start - keep):min(len(samples), end + 1 + keep)]


def level(samples: array, target_rms: int = 3000) -> array:
    """Bring a recording to the loudness of espeak-ng's clips (RMS about 3000), without
    clipping, so recorded and synthesised words of one announcement sound equally loud."""
    if not samples:
        return samples
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    peak = max(abs(s) for s in samples)
    if rms < 1:
        return samples
    gain = min(target_rms / rms, 32000 / peak)
    return array("h", (int(s * gain) for s in samples))


def silence(ms: int, rate: int = RATE) -> array:
    return array("h", bytes(2 * (rate * ms // 1000)))


def scale(samples: array, volume: float) -> array:
    """Volume 0.0..1.0 applied to the samples (the player's mixer is not ours to touch)."""
    if volume >= 0.999:
        return samples
    return array("h", (int(s * volume) for s in samples))


def write(samples: array, rate: int = RATE) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(WIDTH)
        w.setframerate(rate)
        data = samples
        if sys.byteorder == "big":
            data = array("h", samples)
            data.byteswap()
        w.writeframes(data.tobytes())
    return out.getvalue()


def duration_s(data: bytes) -> float:
    rate, channels, width, frames = read(data)
    return len(frames) / (rate * channels * width)
