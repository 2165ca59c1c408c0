"""The announcer: chime then clips, one announcement at a time, in order, a recall said again."""

import shutil

import pytest

from devices.audio import Announcer, AplayOutput, ClipLibrary, WavFileOutputStandIn
from devices.audio import wav
from devices.audio.announcer import AFTER_CHIME_MS, BETWEEN_ANNOUNCEMENTS_MS, GROUP_GAP_MS, WORD_GAP_MS
from devices.audio.chime import CHIME_WAV
from devices.speech import SpeechToFileStandIn, Speech
from kiosk.voice import VoiceOptions, announce

LOKET_3 = {"id": "Loket 3", "en": "Counter 3"}


def expected_seconds(announcement, library) -> float:
    """What the WAV must last if it is exactly chime + clips + the announcer's gaps."""
    frames = 0
    for g, group in enumerate(announcement.groups):
        if g:
            frames += wav.RATE * (AFTER_CHIME_MS if g == 1 else GROUP_GAP_MS) // 1000
        frames += sum(len(library.samples(c)) for c in group)
        frames += (len(group) - 1) * (wav.RATE * WORD_GAP_MS // 1000)
    frames += wav.RATE * BETWEEN_ANNOUNCEMENTS_MS // 1000
    return frames / wav.RATE


@pytest.fixture
def speech(tmp_path):
    return Speech(SpeechToFileStandIn(tmp_path / "speech"))


def test_two_calls_at_once_give_two_announcements_in_order_never_overlapping(tmp_path, speech):
    out = WavFileOutputStandIn(tmp_path / "out", speed=8.0)   # real-time, 8x faster
    library = ClipLibrary([], speech)
    announcer = Announcer(out, library)
    first, second = announce("A-013", LOKET_3), announce("B-002", {"id": "Loket 5"})
    announcer.announce(first)
    announcer.announce(second)      # while the first is still being built and played
    assert announcer.wait_idle(20)
    assert len(out.played) == 2
    one, two = out.played
    assert one.ended <= two.started                        # never overlapped
    assert one.duration == pytest.approx(expected_seconds(first, library), abs=0.001)
    assert two.duration == pytest.approx(expected_seconds(second, library), abs=0.001)
    # Each WAV opens with the chime, sample for sample.
    chime = wav.normalise(CHIME_WAV.read_bytes())
    for played in out.played:
        samples = wav.normalise(played.path.read_bytes())
        assert samples[:len(chime)] == chime
    # The clips were synthesised in the order they are said (each once: cached).
    said = (tmp_path / "speech" / "speech.log").read_text().splitlines()
    assert said == ["id\tnomor antrean", "id\ta", "id\ttiga belas", "id\tsilakan menuju",
                    "id\tloket", "id\ttiga", "id\tbe", "id\tdua", "id\tlima"]
    announcer.close()


def test_a_recall_is_announced_again(tmp_path, speech):
    out = WavFileOutputStandIn(tmp_path / "out", realtime=False)
    announcer = Announcer(out, ClipLibrary([], speech))
    call = announce("A-013", LOKET_3)
    announcer.announce(call)
    announcer.announce(call)
    assert announcer.wait_idle(10)
    assert [p.path.read_bytes() for p in out.played][0] == out.played[1].path.read_bytes()
    assert len(out.played) == 2
    announcer.close()


def test_an_mpp_recording_replaces_the_synthesised_clip_whatever_its_format(tmp_path, speech):
    recorded = tmp_path / "clips"
    recorded.mkdir()
    # 44.1 kHz stereo, 0.5 s of a loud square wave: must come out 22.05 kHz mono, 0.5 s.
    frames = b"".join((8000 if (i // 50) % 2 else -8000).to_bytes(2, "little", signed=True) * 2
                      for i in range(22050))
    import io, wave as wavemod
    buf = io.BytesIO()
    with wavemod.open(buf, "wb") as w:
        w.setnchannels(2); w.setsampwidth(2); w.setframerate(44100); w.writeframes(frames)
    (recorded / "loket.wav").write_bytes(buf.getvalue())
    library = ClipLibrary([recorded], speech)
    call = announce("A-013", LOKET_3)
    loket = next(c for c in call.clips if c.key == "loket")
    samples = library.samples(loket)
    assert len(samples) / wav.RATE == pytest.approx(0.5, abs=0.02)
    rms = (sum(s * s for s in samples) / len(samples)) ** 0.5
    assert rms == pytest.approx(3000, rel=0.05)      # as loud as the synthesised words
    assert library.sources["loket"].startswith("file:")
    library.samples(next(c for c in call.clips if c.key == "num_3"))
    assert library.sources["num_3"] == "synthesised"
    assert "loket" not in (tmp_path / "speech" / "speech.log").read_text()


def test_a_clip_that_cannot_be_made_is_skipped_and_the_rest_still_plays(tmp_path):
    out = WavFileOutputStandIn(tmp_path / "out", realtime=False)
    announcer = Announcer(out, ClipLibrary([], speech=None))   # no synthesiser at all
    announcer.announce(announce("A-013", LOKET_3))
    assert announcer.wait_idle(10)
    assert len(out.played) == 1
    assert out.played[0].duration > 1.5     # the chime and the gaps
    announcer.close()


@pytest.mark.skipif(not shutil.which("aplay"), reason="alsa-utils (aplay) not installed")
def test_aplay_plays_an_announcement_to_alsa_null_device(tmp_path, speech):
    announcer = Announcer(AplayOutput(device="null"), ClipLibrary([], speech))
    announcer.announce(announce("A-013", LOKET_3))
    assert announcer.wait_idle(30)
    announcer.close()


@pytest.mark.skipif(not shutil.which("aplay"), reason="alsa-utils (aplay) not installed")
def test_a_missing_sound_device_is_one_plain_warning_and_the_queue_goes_on(tmp_path, speech, caplog):
    announcer = Announcer(AplayOutput(device="no-such-device"), ClipLibrary([], speech))
    announcer.announce(announce("A-013", LOKET_3))
    announcer.announce(announce("A-014", LOKET_3))
    assert announcer.wait_idle(30)
    warnings = [r.getMessage() for r in caplog.records if "not played" in r.getMessage()]
    assert len(warnings) == 2 and warnings[0].startswith("announcement of A-013 not played: aplay:")
    assert all("\n" not in w for w in warnings)
    announcer.close()
