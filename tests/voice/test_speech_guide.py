"""Speech mode's core and speaker (issue 15): what is said, the keypad map, interruption,
and a real espeak-ng WAV of the ticket announcement."""

import shutil
import time

import pytest

from devices.audio import WavFileOutputStandIn
from devices.audio.wav import duration_s
from devices.speech import EspeakNg, Speech, SpeechToFileStandIn
from devices.speech.speaker import Speaker
from kiosk.config import Reader
from kiosk.guide import read_keypad, say


def test_ticket_announcement_reads_letter_then_value_and_where_it_came_out():
    text = say.ticket("A-013", "KTP Elektronik", "Loket 1-6, Lantai 1", 3, 12, "id")
    assert text.startswith("Nomor antrean Anda a, tiga belas.")
    for part in ("Layanan: KTP Elektronik", "Loket 1-6, Lantai 1", "3 orang di depan Anda",
                 "sekitar 12 menit", "Tiket keluar di bawah layar"):
        assert part in text
    english = say.ticket("B-001", "Passport", "Counter 7", 0, 0, "en")
    assert english.startswith("Your number is B, one.")
    assert "No one is ahead of you" in english and "below the screen" in english


def test_an_item_says_name_state_and_position():
    assert say.item("Paspor baru", "id", 3, 21, say.quota_state(True, 12, "", "id")) == \
        "Paspor baru. sisa kuota 12. 3 dari 21."
    assert say.item("KTP", "en", 1, 2, say.quota_state(False, None, "", "en")) == \
        "KTP. closed today. 1 of 2."


def test_keypad_map_is_validated_with_every_problem_named():
    r = Reader("kiosk.toml")
    keys = read_keypad({"up": "w", "down": ["s", "w"], "jump": "j", "help": ["nokey"],
                        "long_press_s": 9}, r)
    problems = " | ".join(f"{p.key}: {p.why}" for p in r.problems)
    assert "keypad.jump" in problems and "nokey" in problems
    assert "'w' is also" in problems and "long_press_s" in problems
    ok = Reader("kiosk.toml")
    keys = read_keypad({"help": "h", "volume_up": ["f5"]}, ok)
    assert not ok.problems
    assert keys.action("h") == "help" and keys.action("f5") == "volume_up"
    assert keys.action("up") == "up" and keys.action("x") is None
    assert keys.volume_steps_db[-1] - keys.volume_steps_db[0] >= 18


def test_a_new_phrase_cuts_the_one_being_said(tmp_path):
    output = WavFileOutputStandIn(tmp_path / "out", realtime=True)
    speaker = Speaker(Speech(SpeechToFileStandIn(tmp_path / "speech")), output)
    try:
        speaker.say("satu " * 60, "id")          # about 18 s of sound
        deadline = time.monotonic() + 5
        while not speaker.log and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        speaker.say("dua", "id")
        deadline = time.monotonic() + 5
        while len(output.played) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert [s.text for s in speaker.log] == ["satu " * 60, "dua"]
        first = output.played[0]
        assert first.ended - first.started < 3, "the long phrase was not cut short"
    finally:
        speaker.close()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
@pytest.mark.parametrize("lang", ["id", "en"])
def test_real_espeak_ng_ticket_announcement_has_a_plausible_length(tmp_path, lang):
    text = say.ticket("A-013", "KTP Elektronik", "Loket 1-6, Lantai 1", 3, 12, lang)
    data = Speech(EspeakNg(rate=150)).wav(text, lang)
    (tmp_path / f"ticket-{lang}.wav").write_bytes(data)
    seconds = duration_s(data)
    words = len(text.split())
    # 150 words a minute: 0.4 s a word; allow for pauses at full stops and slow voices
    assert words * 0.2 < seconds < words * 0.8, (words, seconds)
    print(f"ticket announcement ({lang}): {words} words, {seconds:.1f} s")
