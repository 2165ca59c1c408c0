"""Real espeak-ng: Indonesian and English speech as WAV bytes of plausible length."""

import shutil

import pytest

from devices.audio import ClipLibrary, wav
from devices.speech import EspeakNg, Speech, SpeechError, open_speech
from kiosk.voice import VoiceOptions, announce

needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed")


@needs_espeak
def test_espeak_ng_speaks_indonesian_as_a_wav():
    speech = open_speech(rate=150)
    data = speech.wav("Nomor antrean a tiga belas, silakan menuju loket tiga", "id")
    rate, channels, width, _ = wav.read(data)
    assert (rate, channels, width) == (22050, 1, 2)
    # 14 syllables-ish words at 150 wpm: a few seconds, not a blip and not a minute.
    assert 2.0 < wav.duration_s(data) < 8.0
    samples = wav.normalise(data)
    assert max(abs(s) for s in samples) > 3000      # actually audible


@needs_espeak
def test_slower_rate_gives_longer_speech_and_english_works():
    fast = Speech(EspeakNg(rate=220)).wav("please go to counter three", "en")
    slow = Speech(EspeakNg(rate=110)).wav("please go to counter three", "en")
    assert wav.duration_s(slow) > 1.5 * wav.duration_s(fast)


@needs_espeak
def test_announcement_clips_from_espeak_are_trimmed_words(tmp_path):
    library = ClipLibrary([], open_speech(), cache=tmp_path / "cache")
    call = announce("A-013", {"id": "Loket 3", "en": "Counter 3"}, VoiceOptions(("id", "en")))
    for clip in call.clips[1:]:
        seconds = len(library.samples(clip)) / wav.RATE
        assert 0.1 < seconds < 2.0, clip
    assert (tmp_path / "cache" / "num_13.wav").is_file()       # kept for the next start


def test_unknown_language_and_missing_engine_are_plain_errors():
    with pytest.raises(SpeechError, match="no voice"):
        EspeakNg().wav("halo", "jv")
    with pytest.raises(SpeechError, match="not installed"):
        EspeakNg(executable="espeak-ng-not-here").wav("halo", "id")
